//! Proto3 "open enum" semantics for the generated JSON code, as the official decoders apply them:
//! an enum name this schema does not know is ignored like an unknown field (the field stays
//! unset, a repeated element is dropped, a oneof member is not chosen), while an unknown number
//! is kept and written back as that number. `livekit-auth-protogen` routes every enum field of
//! the pbjson output through these two types.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::number::{JsonNumber, ProtoNumber};

/// Reads an enum field: `Some(number)` for a known name or any number, `None` for an unknown
/// name or `null`.
pub(crate) struct Open<E>(pub(crate) Option<i32>, PhantomData<E>);

impl<'de, E> Deserialize<'de> for Open<E>
where
    E: Deserialize<'de> + Into<i32>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OpenVisitor(PhantomData))
    }
}

struct OpenVisitor<E>(PhantomData<E>);

impl<E> OpenVisitor<E> {
    /// A number must fit `i32` (integral floats such as `2.0` included); unknown numbers are
    /// kept.
    fn number<Er: de::Error>(self, number: JsonNumber) -> Result<Open<E>, Er> {
        i32::from_number(number)
            .map(|n| Open(Some(n), PhantomData))
            .ok_or_else(|| Er::custom(format_args!("enum number out of range: {number:?}")))
    }
}

impl<'de, E> Visitor<'de> for OpenVisitor<E>
where
    E: Deserialize<'de> + Into<i32>,
{
    type Value = Open<E>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enum name or number")
    }

    fn visit_str<Er: de::Error>(self, name: &str) -> Result<Self::Value, Er> {
        let known: Result<E, de::value::Error> = E::deserialize(name.into_deserializer());
        Ok(Open(known.ok().map(Into::into), PhantomData))
    }

    fn visit_i64<Er: de::Error>(self, v: i64) -> Result<Self::Value, Er> {
        self.number(JsonNumber::I64(v))
    }

    fn visit_u64<Er: de::Error>(self, v: u64) -> Result<Self::Value, Er> {
        self.number(JsonNumber::U64(v))
    }

    fn visit_f64<Er: de::Error>(self, v: f64) -> Result<Self::Value, Er> {
        self.number(JsonNumber::F64(v))
    }

    fn visit_unit<Er: de::Error>(self) -> Result<Self::Value, Er> {
        Ok(Open(None, PhantomData))
    }

    fn visit_none<Er: de::Error>(self) -> Result<Self::Value, Er> {
        Ok(Open(None, PhantomData))
    }
}

/// Writes an enum field: its name when known, else the number.
pub(crate) struct Named<E>(i32, PhantomData<E>);

impl<E> Named<E> {
    pub(crate) fn new(value: i32) -> Self {
        Self(value, PhantomData)
    }
}

impl<E> Serialize for Named<E>
where
    E: TryFrom<i32> + Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match E::try_from(self.0) {
            Ok(known) => known.serialize(serializer),
            Err(_) => serializer.serialize_i32(self.0),
        }
    }
}
