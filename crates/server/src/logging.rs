//! Log setup: `tracing` to stderr, level from `RUST_LOG` (default `info`), text or JSON.
//! Colours only when stderr is a terminal.

use std::io::IsTerminal;

use tracing_subscriber::filter::{LevelFilter, Targets};
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
        LogFormat::Text => registry.with(layer).try_init(),
        LogFormat::Json => registry.with(layer.json().flatten_event(true)).try_init(),
    };
}
