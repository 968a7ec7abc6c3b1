//! JSON tokens over a `&str`, for the generated proto3-JSON decoders (`decode.rs`).
//!
//! The grammar is RFC 8259's, and where serde_json is stricter or looser the lexer does what
//! serde_json does, so that the direct decoders and the serde impls of the same types accept
//! the same documents: strings are checked for control characters and escapes, decoded strings
//! must not hold lone surrogates, numbers follow the JSON number grammar, and skipped values are
//! checked for syntax only (no depth limit, no number range, surrogates not paired).
//!
//! Strings without escapes are borrowed from the input; the scan for the closing quote reads
//! eight bytes at a time.

use std::borrow::Cow;

use super::decode::{DecodeError, DecodeErrorKind};

/// A position in a JSON text and the methods that read tokens from it.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

type Result<T> = std::result::Result<T, DecodeError>;

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGH: u64 = ONES << 7;

/// The high bit of each byte of `chunk` that is `"`, `\` or below 0x20. Borrows can flag bytes
/// above a match too, but never below one, so the lowest flag is exact.
#[inline(always)]
fn specials(chunk: u64) -> u64 {
    let control = chunk.wrapping_sub(ONES * 0x20);
    let quote = chunk ^ (ONES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = chunk ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & !chunk & HIGH
}

#[inline(always)]
fn is_special(byte: u8) -> bool {
    byte == b'"' || byte == b'\\' || byte < 0x20
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    /// The byte offset reached.
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }

    pub(crate) fn error(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError::new(kind, self.pos)
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte after whitespace, without consuming it.
    #[inline]
    pub(crate) fn peek(&mut self) -> Result<u8> {
        let bytes = self.bytes();
        while let Some(&byte) = bytes.get(self.pos) {
            match byte {
                b' ' | b'\n' | b'\r' | b'\t' => self.pos += 1,
                _ => return Ok(byte),
            }
        }
        Err(self.error(DecodeErrorKind::UnexpectedEnd))
    }

    /// Consumes the byte [`peek`](Self::peek) returned.
    #[inline]
    pub(crate) fn bump(&mut self) {
        self.pos += 1;
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.peek()? == byte {
            self.bump();
            Ok(())
        } else {
            Err(self.error(DecodeErrorKind::Syntax))
        }
    }

    /// Only whitespace may follow the document.
    pub(crate) fn finish(&mut self) -> Result<()> {
        match self.peek() {
            Err(_) => Ok(()),
            Ok(_) => Err(self.error(DecodeErrorKind::TrailingCharacters)),
        }
    }

    /// After an object's `{`: its first key, or `None` for `{}`.
    #[inline]
    pub(crate) fn first_key(&mut self) -> Result<Option<Cow<'a, str>>> {
        match self.peek()? {
            b'}' => {
                self.bump();
                Ok(None)
            }
            b'"' => self.key().map(Some),
            _ => Err(self.error(DecodeErrorKind::Syntax)),
        }
    }

    /// After a member's value: the next key, or `None` at the object's `}`.
    #[inline]
    pub(crate) fn next_key(&mut self) -> Result<Option<Cow<'a, str>>> {
        match self.peek()? {
            b',' => {
                self.bump();
                if self.peek()? != b'"' {
                    return Err(self.error(DecodeErrorKind::Syntax));
                }
                self.key().map(Some)
            }
            b'}' => {
                self.bump();
                Ok(None)
            }
            _ => Err(self.error(DecodeErrorKind::Syntax)),
        }
    }

    /// A key at its opening quote, and the colon after it.
    #[inline]
    fn key(&mut self) -> Result<Cow<'a, str>> {
        let key = self.string()?;
        self.expect(b':')?;
        Ok(key)
    }

    /// After an array's `[`: whether it has a first element.
    #[inline]
    pub(crate) fn first_element(&mut self) -> Result<bool> {
        if self.peek()? == b']' {
            self.bump();
            Ok(false)
        } else {
            Ok(true)
        }
    }

    /// After an element: whether another one follows.
    #[inline]
    pub(crate) fn next_element(&mut self) -> Result<bool> {
        match self.peek()? {
            b',' => {
                self.bump();
                Ok(true)
            }
            b']' => {
                self.bump();
                Ok(false)
            }
            _ => Err(self.error(DecodeErrorKind::Syntax)),
        }
    }

    /// The string at the opening quote [`peek`](Self::peek) returned, decoded.
    #[inline]
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>> {
        self.bump();
        let start = self.pos;
        let end = self.scan_string(start)?;
        if self.bytes()[end] == b'"' {
            self.pos = end + 1;
            // `"` is ASCII, so `start..end` lies on character boundaries.
            Ok(Cow::Borrowed(&self.text[start..end]))
        } else {
            self.escaped_string(start, end).map(Cow::Owned)
        }
    }

    /// The index of the first `"`, `\` or control character at or after `from`.
    #[inline]
    fn scan_string(&mut self, from: usize) -> Result<usize> {
        let bytes = self.bytes();
        let mut i = from;
        while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
            let found = specials(u64::from_le_bytes(*chunk));
            if found != 0 {
                return Ok(i + (found.trailing_zeros() / 8) as usize);
            }
            i += 8;
        }
        while let Some(&byte) = bytes.get(i) {
            if is_special(byte) {
                return Ok(i);
            }
            i += 1;
        }
        self.pos = i;
        Err(self.error(DecodeErrorKind::UnexpectedEnd))
    }

    /// The rest of a string from `start`, whose first escape or control character is at `at`.
    #[cold]
    fn escaped_string(&mut self, start: usize, mut at: usize) -> Result<String> {
        let mut out = String::with_capacity(at - start + 16);
        let mut from = start;
        loop {
            out.push_str(&self.text[from..at]);
            self.pos = at;
            match self.bytes()[at] {
                b'"' => {
                    self.pos = at + 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.pos = at + 1;
                    self.escape(&mut out)?;
                }
                _ => return Err(self.error(DecodeErrorKind::ControlCharacter)),
            }
            from = self.pos;
            at = self.scan_string(from)?;
        }
    }

    /// One escape after its backslash, appended to `out`.
    fn escape(&mut self, out: &mut String) -> Result<()> {
        let Some(&byte) = self.bytes().get(self.pos) else {
            return Err(self.error(DecodeErrorKind::UnexpectedEnd));
        };
        self.pos += 1;
        let c = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => {
                self.pos -= 1;
                return Err(self.error(DecodeErrorKind::InvalidEscape));
            }
        };
        out.push(c);
        Ok(())
    }

    /// The character of a `\u` escape (after the `u`), pairing surrogates.
    fn unicode_escape(&mut self) -> Result<char> {
        let high = self.hex4()?;
        let code = match high {
            0xDC00..=0xDFFF => return Err(self.error(DecodeErrorKind::InvalidEscape)),
            0xD800..=0xDBFF => {
                if self.bytes().get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.error(DecodeErrorKind::InvalidEscape));
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error(DecodeErrorKind::InvalidEscape));
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            _ => high,
        };
        char::from_u32(code).ok_or_else(|| self.error(DecodeErrorKind::InvalidEscape))
    }

    fn hex4(&mut self) -> Result<u32> {
        let mut value = 0;
        for _ in 0..4 {
            let Some(&byte) = self.bytes().get(self.pos) else {
                return Err(self.error(DecodeErrorKind::UnexpectedEnd));
            };
            let digit = char::from(byte)
                .to_digit(16)
                .ok_or_else(|| self.error(DecodeErrorKind::InvalidEscape))?;
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    /// A number token at its first byte: its text and whether it is an integer (no fraction,
    /// no exponent).
    #[inline]
    pub(crate) fn number(&mut self) -> Result<(&'a str, bool)> {
        let bytes = self.bytes();
        let start = self.pos;
        let digits = |mut i: usize| {
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        let mut i = start + usize::from(bytes.get(start) == Some(&b'-'));
        i = match bytes.get(i) {
            Some(b'0') => i + 1,
            Some(b'1'..=b'9') => digits(i + 1),
            _ => return Err(self.number_error(i)),
        };
        let mut integer = true;
        if bytes.get(i) == Some(&b'.') {
            let end = digits(i + 1);
            if end == i + 1 {
                return Err(self.number_error(end));
            }
            (i, integer) = (end, false);
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let end = digits(i);
            if end == i {
                return Err(self.number_error(end));
            }
            (i, integer) = (end, false);
        }
        self.pos = i;
        Ok((&self.text[start..i], integer))
    }

    fn number_error(&mut self, at: usize) -> DecodeError {
        self.pos = at;
        if at >= self.text.len() {
            self.error(DecodeErrorKind::UnexpectedEnd)
        } else {
            self.error(DecodeErrorKind::InvalidNumber)
        }
    }

    /// `true`, `false` or `null` at its first byte.
    pub(crate) fn literal(&mut self, word: &'static str) -> Result<()> {
        let end = self.pos + word.len();
        match self.bytes().get(self.pos..end) {
            Some(found) if found == word.as_bytes() => {
                self.pos = end;
                Ok(())
            }
            _ if end > self.text.len() => Err(self.error(DecodeErrorKind::UnexpectedEnd)),
            _ => Err(self.error(DecodeErrorKind::Syntax)),
        }
    }

    /// Consumes `null` if it comes next; says whether it did.
    #[inline]
    pub(crate) fn null(&mut self) -> Result<bool> {
        if self.peek()? == b'n' {
            self.literal("null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Skips one value, checking its syntax only, as serde_json skips an ignored value: nesting
    /// is tracked on the heap, so depth is not limited.
    pub(crate) fn skip_value(&mut self) -> Result<()> {
        // One entry per open container: true for an object.
        let mut open: Vec<bool> = Vec::new();
        loop {
            match self.peek()? {
                b'{' => {
                    self.bump();
                    match self.peek()? {
                        b'}' => self.bump(),
                        b'"' => {
                            self.skip_key()?;
                            open.push(true);
                            continue;
                        }
                        _ => return Err(self.error(DecodeErrorKind::Syntax)),
                    }
                }
                b'[' => {
                    self.bump();
                    if self.peek()? == b']' {
                        self.bump();
                    } else {
                        open.push(false);
                        continue;
                    }
                }
                b'"' => self.skip_string()?,
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'n' => self.literal("null")?,
                b'-' | b'0'..=b'9' => {
                    self.number()?;
                }
                _ => return Err(self.error(DecodeErrorKind::Syntax)),
            }
            // A value ended: close containers until one continues.
            loop {
                let Some(&object) = open.last() else {
                    return Ok(());
                };
                match self.peek()? {
                    b',' => {
                        self.bump();
                        if object {
                            if self.peek()? != b'"' {
                                return Err(self.error(DecodeErrorKind::Syntax));
                            }
                            self.skip_key()?;
                        }
                        break;
                    }
                    b'}' if object => {
                        self.bump();
                        open.pop();
                    }
                    b']' if !object => {
                        self.bump();
                        open.pop();
                    }
                    _ => return Err(self.error(DecodeErrorKind::Syntax)),
                }
            }
        }
    }

    fn skip_key(&mut self) -> Result<()> {
        self.skip_string()?;
        self.expect(b':')
    }

    /// A string at its opening quote, checked (control characters, escape syntax) but not
    /// decoded.
    fn skip_string(&mut self) -> Result<()> {
        self.bump();
        let mut from = self.pos;
        loop {
            let at = self.scan_string(from)?;
            self.pos = at;
            match self.bytes()[at] {
                b'"' => {
                    self.pos = at + 1;
                    return Ok(());
                }
                b'\\' => {
                    self.pos = at + 1;
                    match self.bytes().get(self.pos) {
                        None => return Err(self.error(DecodeErrorKind::UnexpectedEnd)),
                        Some(b'u') => {
                            self.pos += 1;
                            self.hex4()?;
                        }
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1;
                        }
                        Some(_) => return Err(self.error(DecodeErrorKind::InvalidEscape)),
                    }
                }
                _ => return Err(self.error(DecodeErrorKind::ControlCharacter)),
            }
            from = self.pos;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(json: &str) -> Result<String> {
        let mut lexer = Lexer::new(json);
        lexer.peek()?;
        lexer.string().map(Cow::into_owned)
    }

    fn number(json: &str) -> Result<(&str, bool)> {
        let mut lexer = Lexer::new(json);
        let token = lexer.number()?;
        lexer.finish()?;
        Ok(token)
    }

    fn skip(json: &str) -> Result<()> {
        let mut lexer = Lexer::new(json);
        lexer.skip_value()?;
        lexer.finish()
    }

    #[test]
    fn strings_decode_escapes_and_borrow_when_they_have_none() {
        let mut lexer = Lexer::new(r#""plain text, longer than eight bytes""#);
        lexer.peek().expect("peek");
        assert!(matches!(lexer.string(), Ok(Cow::Borrowed(_))));
        assert_eq!(
            string(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\uD83D\uDE00""#).expect("decodes"),
            "a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{1F600}"
        );
        assert_eq!(string(r#""résumé""#).expect("decodes"), "résumé");
    }

    #[test]
    fn bad_strings_are_errors() {
        for bad in [
            "\"unterminated",
            "\"control \u{1} char\"",
            r#""\x""#,
            r#""\u12""#,
            r#""\u12G4""#,
            r#""\uD800""#,
            r#""\uDC00""#,
            r#""\uD800\u0041""#,
            r#""\uD800x""#,
            "\"\\",
        ] {
            assert!(string(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        assert_eq!(number("0").expect("number"), ("0", true));
        assert_eq!(number("-12").expect("number"), ("-12", true));
        assert_eq!(number("1.5e-3").expect("number"), ("1.5e-3", false));
        assert_eq!(number("2E+8").expect("number"), ("2E+8", false));
        for bad in [
            "01", "-", "1.", ".5", "+1", "1e", "1e+", "--1", "0x10", "1.e5",
        ] {
            assert!(number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn skipping_checks_syntax_at_any_depth() {
        skip(r#"{"a":[1,-2.5e3,true,false,null,"\u0041\n",{}],"b":{"c":[]}}"#).expect("valid");
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        skip(&deep).expect("deep nesting is fine");
        // Syntax only, as serde_json: lone surrogates and huge numbers pass.
        skip(r#"["\uD800", 1e400]"#).expect("unchecked");
        for bad in [
            "[1,]",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            "[1 2]",
            "{1:2}",
            "nul",
            "tru",
            "[",
            "{",
            r#""\q""#,
            "[01]",
            "]",
            "",
        ] {
            assert!(skip(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn scanning_finds_the_first_special_byte_in_every_position() {
        for len in 0..20 {
            for special in ['"', '\\', '\u{1f}'] {
                let mut text = "é".repeat(len / 2) + &"x".repeat(len % 2);
                let at = text.len();
                text.push(special);
                text.push_str("tail\"\"");
                let mut lexer = Lexer::new(&text);
                assert_eq!(lexer.scan_string(0).expect("found"), at, "{text:?}");
            }
        }
    }
}
