//! Log setup: `tracing` to stderr, level from `RUST_LOG` (default `info`), text or JSON.
//! Colours only when stderr is a terminal.

use std::fmt;
use std::io::IsTerminal;

use tracing::field::{Field, Visit};
use tracing_subscriber::field::{MakeVisitor, VisitFmt, VisitOutput};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::format::{DefaultVisitor, Writer};
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
        .with_writer(std::io::stderr);
    let registry = tracing_subscriber::registry().with(filter());
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = match format {
        LogFormat::Text => registry.with(layer.fmt_fields(TextFields)).try_init(),
        LogFormat::Json => registry.with(layer.json().flatten_event(true)).try_init(),
    };
}

/// tracing-subscriber's text fields, written the same, with a quicker path for the common
/// string value: one that `Debug` would print as itself between quotes (printable ASCII
/// without `"` or `\`) is written as such, without `Debug`'s character-by-character escaping,
/// which was most of the cost of the per-webhook log line. Anything else still goes through
/// `Debug`, so a value cannot break the line or forge another one.
struct TextFields;

impl<'a> MakeVisitor<Writer<'a>> for TextFields {
    type Visitor = TextVisitor<'a>;

    fn make_visitor(&self, target: Writer<'a>) -> Self::Visitor {
        TextVisitor(DefaultVisitor::new(target, true))
    }
}

struct TextVisitor<'a>(DefaultVisitor<'a>);

/// Whether `Debug` prints `value` as itself between quotes.
fn prints_as_itself(value: &str) -> bool {
    value
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
}

impl Visit for TextVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() != "message" && prints_as_itself(value) {
            self.0.record_debug(field, &format_args!("\"{value}\""));
        } else {
            self.0.record_str(field, value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.record_debug(field, value);
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.record_f64(field, value);
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.record_i64(field, value);
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.record_u64(field, value);
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.record_bool(field, value);
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.0.record_error(field, value);
    }
}

impl VisitOutput<fmt::Result> for TextVisitor<'_> {
    fn finish(self) -> fmt::Result {
        self.0.finish()
    }
}

impl VisitFmt for TextVisitor<'_> {
    fn writer(&mut self) -> &mut dyn fmt::Write {
        self.0.writer()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::{TextFields, prints_as_itself};

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
    fn string_fields_are_written_as_debug_writes_them() {
        let out = line(|| {
            tracing::info!(
                plain = "PA_1",
                spaced = "my room",
                nasty = "a\nfake=\"line\"\u{1b}",
                unicode = "Zoë",
                count = 3,
                "webhook event"
            );
        });
        assert!(
            out.ends_with(
                "webhook event plain=\"PA_1\" spaced=\"my room\" \
             nasty=\"a\\nfake=\\\"line\\\"\\u{1b}\" unicode=\"Zoë\" count=3\n"
            ),
            "{out}"
        );
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn only_strings_that_debug_leaves_alone_take_the_quick_path() {
        for plain in ["", "alice", "PA_abc-123", "salle 3: it's ok/@+=~"] {
            assert!(prints_as_itself(plain), "{plain}");
            assert_eq!(format!("{plain:?}"), format!("\"{plain}\""));
        }
        for special in [
            "a\"b",
            "a\\b",
            "line\nbreak",
            "tab\t",
            "é",
            "\u{7f}",
            "\u{1b}[31m",
        ] {
            assert!(!prints_as_itself(special), "{special:?}");
        }
    }
}
