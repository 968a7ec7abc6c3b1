//! Proto3 JSON numbers, one set of rules for both decoders of the generated types (the serde
//! impls and the direct decoders of `decode.rs`).
//!
//! A numeric field takes a JSON number or a string holding one (64-bit integers arrive as
//! strings). A JSON number is classified the way serde_json classifies it ([`JsonNumber`]),
//! then converted: integers must fit the field's type, and so must floats, which must also be
//! integral for integer fields (proto3 JSON accepts `1e3` or `2.0` for an integer). A string is
//! parsed with the type's `FromStr` (so `"NaN"` and `"Infinity"` work for doubles).
//!
//! In the serde impls, [`Number`] replaces pbjson's untagged-enum reader
//! (`livekit-auth-protogen` does the substitution): reading through one visitor avoids
//! buffering every number into serde's `Content` and building an error for the variant that did
//! not match.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

/// A JSON number as serde_json reads it: a non-negative integer that fits `u64`, a negative one
/// that fits `i64`, else a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum JsonNumber {
    U64(u64),
    I64(i64),
    F64(f64),
}

impl JsonNumber {
    /// The number of a valid JSON number token; `integer` if it has neither fraction nor
    /// exponent. `None` when it is beyond `f64`'s range (serde_json's "number out of range").
    pub(crate) fn from_token(token: &str, integer: bool) -> Option<Self> {
        if integer {
            let (negative, digits) = match token.strip_prefix('-') {
                Some(digits) => (true, digits),
                None => (false, token),
            };
            if let Ok(magnitude) = digits.parse::<u64>() {
                if !negative {
                    return Some(Self::U64(magnitude));
                }
                // As serde_json: `-0` and magnitudes beyond i64 become floats.
                let value = (magnitude as i64).wrapping_neg();
                return Some(if value >= 0 {
                    Self::F64(-(magnitude as f64))
                } else {
                    Self::I64(value)
                });
            }
        }
        let value: f64 = token.parse().ok()?;
        value.is_finite().then_some(Self::F64(value))
    }
}

/// A numeric field type of the generated code.
pub trait ProtoNumber: Sized + FromStr {
    /// The field's value for a JSON number, if it fits.
    fn from_number(number: JsonNumber) -> Option<Self>;

    /// The field's value for a JSON string.
    fn from_text(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl ProtoNumber for $t {
            fn from_number(number: JsonNumber) -> Option<Self> {
                match number {
                    JsonNumber::U64(v) => v.try_into().ok(),
                    JsonNumber::I64(v) => v.try_into().ok(),
                    // `MAX as f64 + 1.0` is the exclusive upper bound, exact for every type
                    // here (for i64 and u64, MAX rounds up to the bound itself).
                    JsonNumber::F64(v) => (v.fract() == 0.0
                        && v >= <$t>::MIN as f64
                        && v < <$t>::MAX as f64 + 1.0)
                        .then_some(v as $t),
                }
            }

            fn from_text(text: &str) -> Option<Self> {
                decimal(text, <$t>::MIN != 0).and_then(|v| v.try_into().ok())
            }
        }
    )*};
}

/// `text` as a decimal integer, read as `FromStr` reads it (an optional `+`, or `-` when
/// `signed`, then ASCII digits), widened to `i128`. Up to 19 digits cannot overflow a `u64`, so
/// the common case (timestamps in nanoseconds have 19) skips the per-digit overflow checks;
/// longer inputs go through `FromStr`.
fn decimal(text: &str, signed: bool) -> Option<i128> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') if signed => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || digits.len() > 19 {
        return text.parse().ok();
    }
    let mut magnitude = 0u64;
    for byte in digits.bytes() {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        magnitude = magnitude * 10 + u64::from(digit);
    }
    let magnitude = i128::from(magnitude);
    Some(if negative { -magnitude } else { magnitude })
}

integer!(i32, u32, i64, u64);

impl ProtoNumber for f64 {
    fn from_number(number: JsonNumber) -> Option<Self> {
        Some(match number {
            JsonNumber::U64(v) => v as f64,
            JsonNumber::I64(v) => v as f64,
            JsonNumber::F64(v) => v,
        })
    }
}

/// A number read from a JSON number or string, in the serde impls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Number<T>(pub(crate) T);

impl<'de, T: ProtoNumber> Deserialize<'de> for Number<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumberVisitor(PhantomData))
    }
}

struct NumberVisitor<T>(PhantomData<T>);

impl<T: ProtoNumber> NumberVisitor<T> {
    fn number<E: de::Error>(self, number: JsonNumber) -> Result<Number<T>, E> {
        T::from_number(number).map(Number).ok_or_else(|| {
            E::custom(format_args!(
                "number out of range for the field: {number:?}"
            ))
        })
    }
}

impl<T: ProtoNumber> Visitor<'_> for NumberVisitor<T> {
    type Value = Number<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string holding one")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        T::from_text(v)
            .map(Number)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.number(JsonNumber::I64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.number(JsonNumber::U64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.number(JsonNumber::F64(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(text: &str) -> Option<JsonNumber> {
        let integer = !text.contains(['.', 'e', 'E']);
        JsonNumber::from_token(text, integer)
    }

    #[test]
    fn tokens_are_classified_as_serde_json_does() {
        assert_eq!(token("7"), Some(JsonNumber::U64(7)));
        assert_eq!(token("-7"), Some(JsonNumber::I64(-7)));
        assert_eq!(token("-0"), Some(JsonNumber::F64(-0.0)));
        assert_eq!(
            token("-9223372036854775808"),
            Some(JsonNumber::I64(i64::MIN))
        );
        assert_eq!(
            token("-9223372036854775809"),
            Some(JsonNumber::F64(-9_223_372_036_854_775_809.0))
        );
        assert_eq!(
            token("18446744073709551616"),
            Some(JsonNumber::F64(18_446_744_073_709_551_616.0))
        );
        assert_eq!(token("1.5e3"), Some(JsonNumber::F64(1500.0)));
        assert_eq!(token("1e400"), None);
        assert_eq!(token("1e-400"), Some(JsonNumber::F64(0.0)));
    }

    #[test]
    fn integers_take_integral_floats_in_range_only() {
        assert_eq!(i32::from_number(JsonNumber::F64(2.0)), Some(2));
        assert_eq!(i32::from_number(JsonNumber::F64(-0.0)), Some(0));
        assert_eq!(i32::from_number(JsonNumber::F64(1.5)), None);
        assert_eq!(i32::from_number(JsonNumber::U64(1 << 31)), None);
        assert_eq!(
            i32::from_number(JsonNumber::F64(2_147_483_647.0)),
            Some(i32::MAX)
        );
        assert_eq!(i32::from_number(JsonNumber::F64(2_147_483_648.0)), None);
        assert_eq!(u32::from_number(JsonNumber::I64(-1)), None);
        assert_eq!(
            i64::from_number(JsonNumber::F64(-9_223_372_036_854_775_808.0)),
            Some(i64::MIN)
        );
        assert_eq!(
            i64::from_number(JsonNumber::F64(9_223_372_036_854_775_808.0)),
            None
        );
        assert_eq!(
            u64::from_number(JsonNumber::F64(18_446_744_073_709_551_616.0)),
            None
        );
        assert_eq!(u64::from_number(JsonNumber::F64(f64::NAN)), None);
    }

    #[test]
    fn integer_strings_read_exactly_as_from_str() {
        let mut cases: Vec<String> = [
            "0",
            "-0",
            "+0",
            "+",
            "-",
            "",
            "007",
            "-007",
            "1796000010000000000",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "00000000000000000000001",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "4294967295",
            "4294967296",
            "1e3",
            "1.0",
            " 1",
            "1 ",
            "--1",
            "+-1",
            "١",
            "12a",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        // A spread of magnitudes and signs.
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 21) as u32;
            let value = x >> (x % 64);
            let text = (value % 10u64.saturating_pow(digits).max(1)).to_string();
            cases.push(if x & 1 == 0 { format!("-{text}") } else { text });
        }
        fn same<T: ProtoNumber + PartialEq + std::fmt::Debug>(text: &str)
        where
            <T as FromStr>::Err: std::fmt::Debug,
        {
            assert_eq!(T::from_text(text), text.parse::<T>().ok(), "{text:?}");
        }
        for text in &cases {
            same::<i32>(text);
            same::<u32>(text);
            same::<i64>(text);
            same::<u64>(text);
        }
    }

    #[test]
    fn strings_use_from_str() {
        assert_eq!(i64::from_text("-42"), Some(-42));
        assert_eq!(i64::from_text("1e3"), None);
        assert_eq!(u64::from_text("-1"), None);
        assert!(f64::from_text("NaN").is_some_and(f64::is_nan));
        assert_eq!(f64::from_text("-Infinity"), Some(f64::NEG_INFINITY));
    }
}
