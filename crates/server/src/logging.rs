//! Log setup: `tracing` to stderr, level from `RUST_LOG` (default `info`), text or JSON.
//! Colours only when stderr is a terminal.

use std::fmt::{self, Write as _};
use std::io::IsTerminal;
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::field::{Field, Visit};
use tracing_subscriber::field::{MakeVisitor, VisitFmt, VisitOutput};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;
use tracing_subscriber::prelude::*;

use crate::config::LogFormat;

/// `RUST_LOG` as `level` or `target=level,…` directives (tracing's `Targets` syntax, which
/// needs no regex engine); unset or unreadable means `info`.
fn filter() -> Targets {
    std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| v.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO))
}

pub(crate) fn init(format: LogFormat) {
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::stderr().is_terminal())
        .with_timer(Rfc3339Micros)
        .with_writer(std::io::stderr);
    let registry = tracing_subscriber::registry().with(filter());
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = match format {
        LogFormat::Text => registry.with(layer.fmt_fields(TextFields)).try_init(),
        LogFormat::Json => registry.with(layer.json().flatten_event(true)).try_init(),
    };
}

/// The timestamp tracing-subscriber writes by default (`2026-12-04T22:10:01.123456Z`, UTC),
/// formatted by humantime in one pass.
struct Rfc3339Micros;

impl FormatTime for Rfc3339Micros {
    fn format_time(&self, w: &mut Writer<'_>) -> fmt::Result {
        let now = SystemTime::now();
        if now < UNIX_EPOCH {
            // humantime formats only times after the epoch; a clock this wrong gets no time.
            return w.write_str("<clock before 1970>");
        }
        write!(w, "{}", humantime::format_rfc3339_micros(now))
    }
}

/// The text format's fields: `message`, then `name=value` pairs separated by spaces, as
/// tracing-subscriber writes them, but written straight into the line instead of through a
/// `format_args!` per field, and with one escaping rule for every value: string values are
/// quoted, and in any value `"` and `\` (inside quotes), control characters, line and
/// paragraph separators and bidirectional-text controls are escaped (`\n`, `\u{1b}`,
/// `\u{202e}`), so a value can neither break the line, forge another field nor reorder what
/// a terminal shows. Everything else, accented letters and emoji included, is written as it
/// is.
struct TextFields;

impl<'a> MakeVisitor<Writer<'a>> for TextFields {
    type Visitor = TextVisitor<'a>;

    fn make_visitor(&self, target: Writer<'a>) -> Self::Visitor {
        TextVisitor {
            writer: target,
            first: true,
            result: Ok(()),
        }
    }
}

struct TextVisitor<'a> {
    writer: Writer<'a>,
    first: bool,
    result: fmt::Result,
}

impl TextVisitor<'_> {
    /// Starts a field: the separating space, then `name=` (nothing for `message`). Returns
    /// false once writing has failed.
    fn start(&mut self, field: &Field) -> bool {
        if self.result.is_err() {
            return false;
        }
        if !std::mem::take(&mut self.first) {
            self.result = self.writer.write_char(' ');
        }
        let name = field.name();
        if name != "message" {
            let name = name.strip_prefix("r#").unwrap_or(name);
            self.result = self
                .result
                .and_then(|()| self.writer.write_str(name))
                .and_then(|()| self.writer.write_char('='));
        }
        self.result.is_ok()
    }

    /// A number or a bool: written as it is, nothing in it needs escaping.
    fn record_plain(&mut self, field: &Field, value: &dyn fmt::Display) {
        if self.start(field) {
            self.result = write!(self.writer, "{value}");
        }
    }

    /// Writes `value` through the escaping rule, unquoted.
    fn write_escaped(&mut self, value: fmt::Arguments<'_>) {
        self.result = fmt::write(&mut Escaping(&mut self.writer, false), value);
    }
}

impl Visit for TextVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if !self.start(field) {
            return;
        }
        let quoted = field.name() != "message";
        let mut out = Escaping(&mut self.writer, quoted);
        self.result = if quoted {
            out.0
                .write_char('"')
                .and_then(|()| out.write_str(value))
                .and_then(|()| out.0.write_char('"'))
        } else {
            out.write_str(value)
        };
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if self.start(field) {
            self.write_escaped(format_args!("{value:?}"));
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.record_plain(field, &value);
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.record_plain(field, &value);
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.record_plain(field, &value);
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        if self.start(field) {
            self.write_escaped(format_args!("{value}"));
        }
    }
}

impl VisitOutput<fmt::Result> for TextVisitor<'_> {
    fn finish(self) -> fmt::Result {
        self.result
    }
}

impl VisitFmt for TextVisitor<'_> {
    fn writer(&mut self) -> &mut dyn fmt::Write {
        &mut self.writer
    }
}

/// A writer applying [`TextFields`]' escaping rule; `.1` says whether the text is inside
/// quotes (where `"` and `\` are escaped too).
struct Escaping<'w, W: fmt::Write>(&'w mut W, bool);

/// Whether `c` must be escaped outside quotes.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' // line and paragraph separators
                | '\u{061c}' | '\u{200e}' | '\u{200f}' // bidirectional marks
                | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' // embeddings, isolates
        )
}

impl<W: fmt::Write> fmt::Write for Escaping<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let quoted = self.1;
        let bytes = s.as_bytes();
        // Runs of characters that need nothing are written in one piece; ASCII is judged by
        // its byte, and only a non-ASCII character is decoded.
        let (mut run, mut at) = (0, 0);
        while let Some(&byte) = bytes.get(at) {
            let c = if byte.is_ascii() {
                if !(byte.is_ascii_control() || quoted && matches!(byte, b'"' | b'\\')) {
                    at += 1;
                    continue;
                }
                char::from(byte)
            } else {
                match s.get(at..).and_then(|rest| rest.chars().next()) {
                    Some(c) if needs_escape(c) => c,
                    Some(c) => {
                        at += c.len_utf8();
                        continue;
                    }
                    None => break,
                }
            };
            self.0.write_str(s.get(run..at).unwrap_or_default())?;
            match c {
                '\n' => self.0.write_str("\\n")?,
                '\r' => self.0.write_str("\\r")?,
                '\t' => self.0.write_str("\\t")?,
                '"' | '\\' => {
                    self.0.write_char('\\')?;
                    self.0.write_char(c)?;
                }
                c => write!(self.0, "\\u{{{:x}}}", u32::from(c))?,
            }
            at += c.len_utf8();
            run = at;
        }
        self.0.write_str(s.get(run..).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use std::fmt;
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::time::FormatTime;

    use super::{Escaping, TextFields, needs_escape};

    /// What one event logs through [`TextFields`].
    fn line(emit: impl FnOnce()) -> String {
        let out = Arc::new(Mutex::new(Vec::new()));
        let sink = out.clone();
        let subscriber = tracing_subscriber::fmt()
            .fmt_fields(TextFields)
            .with_ansi(false)
            .without_time()
            .with_writer(move || Sink(sink.clone()))
            .finish();
        tracing::subscriber::with_default(subscriber, emit);
        let bytes = out.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if let Ok(mut out) = self.0.lock() {
                out.extend_from_slice(buf);
            }
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn fields_are_quoted_and_escaped_on_one_line() {
        let out = line(|| {
            tracing::info!(
                plain = "PA_1",
                spaced = "my room",
                nasty = "a\nfake=\"line\"\u{1b}[31m\\",
                unicode = "Zoë 🎥 नमस्ते",
                bidi = "abc\u{202e}def\u{2028}",
                count = 3,
                flag = true,
                shown = %"display\r\nvalue",
                debugged = ?Some("x\ty"),
                r#type = "kind",
                "webhook event"
            );
        });
        assert!(
            out.ends_with(
                "webhook event plain=\"PA_1\" spaced=\"my room\" \
                 nasty=\"a\\nfake=\\\"line\\\"\\u{1b}[31m\\\\\" unicode=\"Zoë 🎥 नमस्ते\" \
                 bidi=\"abc\\u{202e}def\\u{2028}\" count=3 flag=true \
                 shown=display\\r\\nvalue debugged=Some(\"x\\ty\") type=\"kind\"\n"
            ),
            "{out}"
        );
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn the_message_is_escaped_but_not_quoted() {
        let out = line(|| tracing::warn!("bad value {:?} in\nfile", "x"));
        assert!(out.ends_with("bad value \"x\" in\\nfile\n"), "{out}");
    }

    #[test]
    fn every_character_is_written_as_itself_or_escaped() {
        let chars = (0..0x3000u32)
            .chain(0xfff0..0x10000)
            .filter_map(char::from_u32);
        for c in chars {
            let mut out = String::new();
            fmt::Write::write_char(&mut Escaping(&mut out, true), c).ok();
            if needs_escape(c) || c == '"' || c == '\\' {
                assert!(out.starts_with('\\') && out.len() > 1, "{c:?} -> {out}");
                assert!(
                    !out.contains(c) || matches!(c, '"' | '\\'),
                    "{c:?} -> {out}"
                );
            } else {
                assert_eq!(out, c.to_string());
            }
        }
    }

    #[test]
    fn timestamps_are_rfc3339_utc_with_microseconds() {
        let mut text = String::new();
        super::Rfc3339Micros
            .format_time(&mut tracing_subscriber::fmt::format::Writer::new(&mut text))
            .ok();
        let bytes = text.as_bytes();
        assert_eq!(bytes.len(), 27, "{text}");
        for (i, b) in bytes.iter().enumerate() {
            let expected_digit = !matches!(i, 4 | 7 | 10 | 13 | 16 | 19 | 26);
            assert_eq!(b.is_ascii_digit(), expected_digit, "{text}");
        }
        assert_eq!(&text[19..20], ".");
        assert!(text.ends_with('Z'), "{text}");
    }
}
