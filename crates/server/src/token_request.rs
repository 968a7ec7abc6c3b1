//! The body of `POST /token`, read exactly as the seed reads it, in one pass over the text:
//! the two fields are borrowed from the body (copied only if they contain escapes), and every
//! other value is skipped without being built.

use std::borrow::Cow;
use std::fmt;

use serde::Deserializer as _;
use serde::de::{self, Deserialize, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// `{"roomName": …, "participantName": …}`: both non-empty strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest<'a> {
    /// The room to join; becomes the grant's `room`, verbatim.
    pub room_name: Cow<'a, str>,
    /// The participant; becomes the token's identity, verbatim.
    pub participant_name: Cow<'a, str>,
}

/// Why a `/token` body was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRequestError {
    /// Not JSON at all.
    InvalidJson,
    /// JSON, but not an object with both fields as non-empty strings.
    MissingFields,
}

impl<'a> TokenRequest<'a> {
    /// Parses a request body. Anything but an object with two non-empty string fields is
    /// `MissingFields` (a list, a number, `null`, an empty string, …), as in the seed; a key
    /// given twice keeps its last value, as a JSON object read into a dictionary does.
    pub fn parse(body: &'a [u8]) -> Result<Self, TokenRequestError> {
        let text = std::str::from_utf8(body).map_err(|_| TokenRequestError::InvalidJson)?;
        let mut reader = serde_json::Deserializer::from_str(text);
        let fields = reader
            .deserialize_any(BodyVisitor)
            .and_then(|fields| reader.end().map(|()| fields))
            .map_err(|_| TokenRequestError::InvalidJson)?;
        match fields {
            Fields {
                room: Some(room_name),
                participant: Some(participant_name),
            } => Ok(Self {
                room_name,
                participant_name,
            }),
            _ => Err(TokenRequestError::MissingFields),
        }
    }
}

/// The two fields as found: `None` unless present as a non-empty string.
#[derive(Default)]
struct Fields<'a> {
    room: Option<Cow<'a, str>>,
    participant: Option<Cow<'a, str>>,
}

/// The `visit_*` methods of an array, a number, a bool or `null`, for a visitor to which any of
/// them means `$nothing`; the array is skipped without being built.
macro_rules! anything_else_is {
    ($nothing:expr) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            IgnoredAny.visit_seq(seq).map(|_| $nothing)
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($nothing)
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($nothing)
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($nothing)
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($nothing)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($nothing)
        }
    };
}

/// The whole body: an object yields its fields; any other JSON value yields none.
struct BodyVisitor;

impl<'de> Visitor<'de> for BodyVisitor {
    type Value = Fields<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::RoomName => fields.room = map.next_value::<Text<'de>>()?.0,
                Key::ParticipantName => fields.participant = map.next_value::<Text<'de>>()?.0,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(fields)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Fields::default())
    }

    anything_else_is!(Fields::default());
}

/// A key of the body object, told apart without copying it (escaped or not).
enum Key {
    RoomName,
    ParticipantName,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "roomName" => Key::RoomName,
            "participantName" => Key::ParticipantName,
            _ => Key::Other,
        })
    }
}

/// One field's value: `Some` for a non-empty string; any other value (skipped) is `None`.
struct Text<'a>(Option<Cow<'a, str>>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Text((!value.is_empty()).then_some(Cow::Borrowed(value))))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Text(
            (!value.is_empty()).then(|| Cow::Owned(value.to_owned())),
        ))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        IgnoredAny.visit_map(map).map(|_| Text(None))
    }

    anything_else_is!(Text(None));
}

#[cfg(test)]
mod tests {
    use super::{TokenRequest, TokenRequestError};

    fn parse(body: &str) -> Result<(String, String), TokenRequestError> {
        TokenRequest::parse(body.as_bytes())
            .map(|r| (r.room_name.into_owned(), r.participant_name.into_owned()))
    }

    fn ok(room: &str, participant: &str) -> Result<(String, String), TokenRequestError> {
        Ok((room.to_owned(), participant.to_owned()))
    }

    #[test]
    fn reads_both_fields_and_skips_everything_else() {
        assert_eq!(
            parse(r#"{"x":[1,{"y":null}],"roomName":"r","participantName":"p","z":1.5e3}"#),
            ok("r", "p")
        );
        assert_eq!(
            parse(r#" {"participantName":"Zo\u00eb \"q\"","roomName":"my room"} "#),
            ok("my room", "Zoë \"q\"")
        );
        // Escaped keys name the same fields.
        assert_eq!(
            parse(r#"{"room\u004eame":"r","participantName":"p"}"#),
            ok("r", "p")
        );
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        assert_eq!(
            parse(r#"{"roomName":"a","roomName":"b","participantName":"p"}"#),
            ok("b", "p")
        );
        assert_eq!(
            parse(r#"{"roomName":"a","roomName":null,"participantName":"p"}"#),
            Err(TokenRequestError::MissingFields)
        );
    }

    #[test]
    fn anything_but_two_non_empty_strings_is_missing_fields() {
        for body in [
            "{}",
            r#"{"roomName":"r"}"#,
            r#"{"roomName":"","participantName":"p"}"#,
            r#"{"roomName":"r","participantName":42}"#,
            r#"{"roomName":{"a":"r"},"participantName":"p"}"#,
            r#"{"roomName":["r"],"participantName":"p"}"#,
            r#"{"roomName":true,"participantName":"p"}"#,
            r#"["r","p"]"#,
            r#""text""#,
            "null",
            "-1",
            "18446744073709551615",
            "0.5",
            "false",
        ] {
            assert_eq!(parse(body), Err(TokenRequestError::MissingFields), "{body}");
        }
        // Deep nesting is skipped without recursion: valid JSON, and no fields.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(parse(&deep), Err(TokenRequestError::MissingFields));
        let deep_field = format!(
            r#"{{"roomName":{}{},"participantName":"p"}}"#,
            "{\"a\":[".repeat(50_000),
            "]}".repeat(50_000)
        );
        assert_eq!(parse(&deep_field), Err(TokenRequestError::MissingFields));
    }

    #[test]
    fn what_is_not_one_json_value_is_invalid_json() {
        for body in [
            "",
            "{not json",
            r#"{"roomName":"r","participantName":"p"} trailing"#,
            r#"{"roomName":"r","participantName":"p"}{}"#,
            r#"{"roomName":"r""participantName":"p"}"#,
            r#"{"roomName":"\ud800","participantName":"p"}"#,
        ] {
            assert_eq!(parse(body), Err(TokenRequestError::InvalidJson), "{body}");
        }
        let unclosed = "[".repeat(100_000);
        assert_eq!(parse(&unclosed), Err(TokenRequestError::InvalidJson));
        assert_eq!(
            TokenRequest::parse(b"{\"roomName\":\"\xff\",\"participantName\":\"p\"}"),
            Err(TokenRequestError::InvalidJson)
        );
    }
}
