//! JWT NumericDate (`exp`, `nbf`): integer seconds, though some encoders write floats.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Reads a NumericDate as whole seconds; fractions are dropped, out-of-range values refused.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(NumericDate)
}

struct NumericDate;

impl<'de> Visitor<'de> for NumericDate {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a NumericDate (seconds since the Unix epoch)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // i64::MAX as f64 rounds up to 2^63, so the upper bound is exclusive.
        if v.is_finite() && v >= i64::MIN as f64 && v < i64::MAX as f64 {
            Ok(Some(v.trunc() as i64))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct T {
        #[serde(deserialize_with = "super::deserialize")]
        exp: Option<i64>,
    }

    fn parse(json: &str) -> Result<Option<i64>, serde_json::Error> {
        serde_json::from_str::<T>(json).map(|t| t.exp)
    }

    #[test]
    fn accepts_integers_floats_and_null() {
        assert_eq!(
            parse(r#"{"exp": 1700000000}"#).ok(),
            Some(Some(1_700_000_000))
        );
        assert_eq!(
            parse(r#"{"exp": 1700000000.9}"#).ok(),
            Some(Some(1_700_000_000))
        );
        assert_eq!(parse(r#"{"exp": null}"#).ok(), Some(None));
    }

    #[test]
    fn refuses_huge_numbers_and_strings() {
        assert!(parse(r#"{"exp": 18446744073709551615}"#).is_err());
        assert!(parse(r#"{"exp": 1e300}"#).is_err());
        assert!(parse(r#"{"exp": "1700000000"}"#).is_err());
    }
}
