//! Proto3 JSON decoded straight from the text into the generated types: [`FromJson`].
//!
//! `livekit-auth-protogen` writes, for every message, a table from JSON key to field and a
//! `match` that reads each field in place (`livekit.decode.rs`); this module holds the readers
//! those call, with the proto3 JSON rules of the serde impls: camelCase and original names,
//! `null` for any field, unknown fields skipped, unknown enum names ignored and unknown numbers
//! kept, 64-bit integers as strings or numbers, the same field twice an error. The two decoders
//! accept the same documents and produce the same values (tests compare them on every fixture
//! and on mutations of them; the `event_json` fuzz target compares them on anything).
//!
//! Skipping serde's visitor machinery makes a decode 1.3–1.8× faster than pbjson's
//! (`bench/library.sh`, "decode only").

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use super::lexer::Lexer;
use super::number::{JsonNumber, ProtoNumber};

/// Decoding of a generated message from proto3 JSON text.
///
/// ```
/// use livekit_auth::proto::{FromJson, WebhookEvent};
///
/// let event = WebhookEvent::from_json(
///     r#"{"event":"room_started","room":{"name":"my-room"},"createdAt":"1700000000"}"#,
/// )?;
/// assert_eq!(event.created_at, 1_700_000_000);
/// assert_eq!(event.room.map(|room| room.name).as_deref(), Some("my-room"));
/// # Ok::<(), livekit_auth::proto::DecodeError>(())
/// ```
pub trait FromJson: Sized {
    /// Decodes one message from proto3 JSON; only whitespace may follow it.
    fn from_json(json: &str) -> Result<Self>;
}

impl<M: Fields> FromJson for M {
    fn from_json(json: &str) -> Result<Self> {
        let mut reader = Reader::new(json);
        let mut message = M::default();
        reader.message_value(&mut message)?;
        reader.lexer.finish()?;
        Ok(message)
    }
}

/// Reads an optional message nested in a serde-deserialized type (a claim) through
/// [`FromJson`]: the value is taken as a `serde_json::Value`, so any serde format works, and
/// decoded from its text (a key repeated inside it keeps its last value, as in a `Value`).
/// `null` is `None`.
pub(crate) fn deserialize_message<'de, D, M>(
    deserializer: D,
) -> std::result::Result<Option<Box<M>>, D::Error>
where
    D: serde::Deserializer<'de>,
    M: FromJson,
{
    use serde::Deserialize as _;
    use serde::de::Error as _;
    match Option::<serde_json::Value>::deserialize(deserializer)? {
        None => Ok(None),
        Some(value) => M::from_json(&value.to_string())
            .map(|message| Some(Box::new(message)))
            .map_err(D::Error::custom),
    }
}

/// What the generated code implements for each message. Public in a private module, so it
/// can bound [`FromJson`]'s impl without being nameable outside the crate.
pub trait Fields: Default {
    /// The JSON name of each field, by field number, for errors.
    const NAMES: &'static [&'static str];

    /// The number of the field with this JSON or original name.
    fn field(key: &str) -> Option<u8>;

    /// Reads the value of field `field`; `Ok(false)` if it left the field unset (`null`, an
    /// unknown enum name).
    fn read_field(&mut self, field: u8, reader: &mut Reader<'_>) -> Result<bool>;
}

/// [`Fields`] as a trait object.
trait Object {
    fn field(&self, key: &str) -> Option<u8>;
    fn name(&self, field: u8) -> &'static str;
    fn read_field(&mut self, field: u8, reader: &mut Reader<'_>) -> Result<bool>;
}

impl<M: Fields> Object for M {
    fn field(&self, key: &str) -> Option<u8> {
        M::field(key)
    }

    fn name(&self, field: u8) -> &'static str {
        M::NAMES
            .get(usize::from(field))
            .copied()
            .unwrap_or_default()
    }

    fn read_field(&mut self, field: u8, reader: &mut Reader<'_>) -> Result<bool> {
        Fields::read_field(self, field, reader)
    }
}

/// What the generated code implements for each enum: the number of a value name.
pub trait EnumNames {
    /// The number of the value named `name` in the schema.
    fn number(name: &str) -> Option<i32>;
}

/// Why a proto3 JSON document did not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// Not JSON: a character that cannot come here.
    Syntax,
    /// The text ended inside a value.
    UnexpectedEnd,
    /// Something other than whitespace follows the document.
    TrailingCharacters,
    /// A raw control character (below U+0020) in a string.
    ControlCharacter,
    /// A malformed escape, or a surrogate without its pair.
    InvalidEscape,
    /// A malformed number.
    InvalidNumber,
    /// A value the field cannot take: the wrong JSON type, or a number that does not fit.
    InvalidValue {
        /// What the field takes.
        expected: &'static str,
    },
    /// The same field twice, or two members of one oneof.
    DuplicateField,
    /// Messages or arrays nested more than 127 levels deep.
    TooDeep,
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax => f.write_str("invalid JSON"),
            Self::UnexpectedEnd => f.write_str("unexpected end of the JSON text"),
            Self::TrailingCharacters => f.write_str("trailing characters after the JSON value"),
            Self::ControlCharacter => f.write_str("control character in a string"),
            Self::InvalidEscape => f.write_str("invalid escape in a string"),
            Self::InvalidNumber => f.write_str("invalid number"),
            Self::InvalidValue { expected } => write!(f, "expected {expected}"),
            Self::DuplicateField => f.write_str("duplicate field"),
            Self::TooDeep => f.write_str("nested too deeply"),
        }
    }
}

/// A proto3 JSON document that did not decode: what went wrong, where in the text, and in
/// which field.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<ErrorInner>);

#[derive(Clone, PartialEq, Eq)]
struct ErrorInner {
    kind: DecodeErrorKind,
    offset: usize,
    /// Innermost first.
    path: Vec<Segment>,
}

#[derive(Clone, PartialEq, Eq)]
enum Segment {
    Field(&'static str),
    Index(usize),
}

impl DecodeError {
    pub(crate) fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        Self(Box::new(ErrorInner {
            kind,
            offset,
            path: Vec::new(),
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> DecodeErrorKind {
        self.0.kind
    }

    /// Byte offset in the text where it went wrong.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The field it happened in, as a path of JSON names from the top (`egressInfo.fileResults[2].size`);
    /// empty at the top level.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.0.path.iter().rev() {
            match segment {
                Segment::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    fn within(mut self, segment: Segment) -> Self {
        self.0.path.push(segment);
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.0.kind, self.0.offset)?;
        if !self.0.path.is_empty() {
            write!(f, " (in {})", self.path())?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("kind", &self.0.kind)
            .field("offset", &self.0.offset)
            .field("path", &self.path())
            .finish()
    }
}

impl std::error::Error for DecodeError {}

type Result<T> = std::result::Result<T, DecodeError>;

/// serde_json's limit, so both decoders refuse the same documents.
const MAX_DEPTH: u32 = 128;

/// Reads field values for the generated code.
pub struct Reader<'a> {
    lexer: Lexer<'a>,
    depth: u32,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            lexer: Lexer::new(text),
            depth: 0,
        }
    }

    fn invalid(&self, expected: &'static str) -> DecodeError {
        self.lexer.error(DecodeErrorKind::InvalidValue { expected })
    }

    /// The error of a value that began at `start` and does not fit its field.
    fn invalid_at(start: usize, expected: &'static str) -> DecodeError {
        DecodeError::new(DecodeErrorKind::InvalidValue { expected }, start)
    }

    /// The error of a second member of a oneof.
    pub fn duplicate(&self) -> DecodeError {
        self.lexer.error(DecodeErrorKind::DuplicateField)
    }

    /// Opens a JSON object or array: the next token must be `open` (`what` names it in the
    /// error), and nesting goes one level deeper, up to [`MAX_DEPTH`].
    fn enter(&mut self, open: u8, what: &'static str) -> Result<()> {
        if self.lexer.peek()? != open {
            return Err(self.invalid(what));
        }
        self.lexer.bump();
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.lexer.error(DecodeErrorKind::TooDeep));
        }
        Ok(())
    }

    /// Reads a message object into `message`, field by field. One copy serves every message
    /// type (through [`Object`]), which keeps the decoders small.
    fn message_value(&mut self, message: &mut dyn Object) -> Result<()> {
        self.enter(b'{', "an object")?;
        let mut seen = 0u64;
        let mut key = self.lexer.first_key()?;
        while let Some(name) = key {
            match message.field(&name) {
                None => self.lexer.skip_value()?,
                Some(field) => {
                    let bit = 1u64 << field;
                    let within = Segment::Field(message.name(field));
                    if seen & bit != 0 {
                        return Err(self.duplicate().within(within));
                    }
                    if message
                        .read_field(field, self)
                        .map_err(|e| e.within(within))?
                    {
                        seen |= bit;
                    }
                }
            }
            key = self.lexer.next_key()?;
        }
        self.depth -= 1;
        Ok(())
    }

    /// A message field: `null` leaves it unset.
    pub fn message<M: Fields>(&mut self, out: &mut Option<M>) -> Result<bool> {
        if self.lexer.null()? {
            return Ok(false);
        }
        self.message_value(out.insert(M::default()))?;
        Ok(true)
    }

    fn string_value(&mut self) -> Result<Cow<'a, str>> {
        if self.lexer.peek()? != b'"' {
            return Err(self.invalid("a string"));
        }
        self.lexer.string()
    }

    /// A string field.
    #[inline]
    pub fn string(&mut self, out: &mut String) -> Result<bool> {
        if self.lexer.null()? {
            return Ok(false);
        }
        *out = self.string_value()?.into_owned();
        Ok(true)
    }

    fn bool_value(&mut self) -> Result<bool> {
        match self.lexer.peek()? {
            b't' => self.lexer.literal("true").map(|()| true),
            b'f' => self.lexer.literal("false").map(|()| false),
            _ => Err(self.invalid("a boolean")),
        }
    }

    /// A bool field.
    pub fn boolean(&mut self, out: &mut bool) -> Result<bool> {
        if self.lexer.null()? {
            return Ok(false);
        }
        *out = self.bool_value()?;
        Ok(true)
    }

    /// A JSON number token, classified, or `Ok(None)` if the value is a string; and where the
    /// value starts.
    fn number_token(&mut self, expected: &'static str) -> Result<(Option<JsonNumber>, usize)> {
        let first = self.lexer.peek()?;
        let start = self.lexer.offset();
        match first {
            b'"' => Ok((None, start)),
            b'-' | b'0'..=b'9' => {
                let (token, integer) = self.lexer.number()?;
                JsonNumber::from_token(token, integer)
                    .map(|number| (Some(number), start))
                    .ok_or_else(|| Self::invalid_at(start, expected))
            }
            _ => Err(self.invalid(expected)),
        }
    }

    fn number_value<T: ProtoNumber>(&mut self) -> Result<T> {
        const EXPECTED: &str = "a number or a string holding one, in the field's range";
        let value = match self.number_token(EXPECTED)? {
            (Some(number), start) => T::from_number(number).ok_or(start),
            (None, start) => T::from_text(&self.lexer.string()?).ok_or(start),
        };
        value.map_err(|start| Self::invalid_at(start, EXPECTED))
    }

    /// A numeric field (32/64-bit integers, doubles).
    #[inline]
    pub fn number<T: ProtoNumber>(&mut self, out: &mut T) -> Result<bool> {
        if self.lexer.null()? {
            return Ok(false);
        }
        *out = self.number_value()?;
        Ok(true)
    }

    /// An enum value by name or number; `None` for `null` or a name `E` does not know.
    fn enum_value<E: EnumNames>(&mut self) -> Result<Option<i32>> {
        const EXPECTED: &str = "an enum name or number";
        if self.lexer.null()? {
            return Ok(None);
        }
        match self.number_token(EXPECTED)? {
            (Some(number), start) => i32::from_number(number)
                .map(Some)
                .ok_or_else(|| Self::invalid_at(start, EXPECTED)),
            (None, _) => Ok(E::number(&self.lexer.string()?)),
        }
    }

    /// An enum field: an unknown name leaves it unset, an unknown number is kept.
    pub fn enumeration<E: EnumNames>(&mut self, out: &mut i32) -> Result<bool> {
        let value = self.enum_value::<E>()?;
        if let Some(value) = value {
            *out = value;
        }
        Ok(value.is_some())
    }

    /// A repeated field: `null` or an array whose elements `element` appends.
    fn repeated<T>(
        &mut self,
        out: &mut Vec<T>,
        mut element: impl FnMut(&mut Self, &mut Vec<T>) -> Result<()>,
    ) -> Result<bool> {
        if self.lexer.null()? {
            return Ok(false);
        }
        self.enter(b'[', "an array")?;
        let mut more = self.lexer.first_element()?;
        while more {
            let index = out.len();
            element(self, out).map_err(|e| e.within(Segment::Index(index)))?;
            more = self.lexer.next_element()?;
        }
        self.depth -= 1;
        Ok(true)
    }

    /// A repeated message field.
    pub fn messages<M: Fields>(&mut self, out: &mut Vec<M>) -> Result<bool> {
        self.repeated(out, |reader, out| {
            out.push(M::default());
            let last = out.len() - 1;
            reader.message_value(&mut out[last])
        })
    }

    /// A repeated string field.
    pub fn strings(&mut self, out: &mut Vec<String>) -> Result<bool> {
        self.repeated(out, |reader, out| {
            out.push(reader.string_value()?.into_owned());
            Ok(())
        })
    }

    /// A repeated bool field.
    pub fn booleans(&mut self, out: &mut Vec<bool>) -> Result<bool> {
        self.repeated(out, |reader, out| {
            out.push(reader.bool_value()?);
            Ok(())
        })
    }

    /// A repeated numeric field.
    pub fn numbers<T: ProtoNumber>(&mut self, out: &mut Vec<T>) -> Result<bool> {
        self.repeated(out, |reader, out| {
            out.push(reader.number_value()?);
            Ok(())
        })
    }

    /// A repeated enum field: `null` elements and unknown names are dropped.
    pub fn enumerations<E: EnumNames>(&mut self, out: &mut Vec<i32>) -> Result<bool> {
        self.repeated(out, |reader, out| {
            out.extend(reader.enum_value::<E>()?);
            Ok(())
        })
    }

    /// A `map<string, string>` field: a JSON object; a repeated key keeps its last value.
    pub fn string_map(&mut self, out: &mut HashMap<String, String>) -> Result<bool> {
        if self.lexer.null()? {
            return Ok(false);
        }
        self.enter(b'{', "an object")?;
        let mut key = self.lexer.first_key()?;
        while let Some(name) = key {
            let value = self.string_value()?.into_owned();
            out.insert(name.into_owned(), value);
            key = self.lexer.next_key()?;
        }
        self.depth -= 1;
        Ok(true)
    }
}
