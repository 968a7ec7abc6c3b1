//! Proto3 JSON numbers: a JSON number or a string holding one (64-bit integers arrive as
//! strings). Replaces pbjson's untagged-enum reader in the generated code
//! (`livekit-auth-protogen` does the substitution): reading through one visitor avoids buffering
//! every number into serde's `Content` and building an error for the variant that did not match.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::value::{F64Deserializer, I64Deserializer, U64Deserializer};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

/// A number read from a JSON number or string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Number<T>(pub(crate) T);

impl<'de, T> Deserialize<'de> for Number<T>
where
    T: FromStr + Deserialize<'de>,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumberVisitor(PhantomData))
    }
}

struct NumberVisitor<T>(PhantomData<T>);

impl<'de, T> Visitor<'de> for NumberVisitor<T>
where
    T: FromStr + Deserialize<'de>,
    T::Err: fmt::Display,
{
    type Value = Number<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string holding one")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.parse().map(Number).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(I64Deserializer::<de::value::Error>::new(v))
            .map(Number)
            .map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(U64Deserializer::<de::value::Error>::new(v))
            .map(Number)
            .map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(F64Deserializer::<de::value::Error>::new(v))
            .map(Number)
            .map_err(E::custom)
    }
}
