//! The `livekit-auth-server` application: a LiveKit/OpenVidu application server
//! (`POST /token`, `POST /webhook`) over the `livekit-auth` library, and operator subcommands.
//!
//! The binary's `main` only calls [`run`]. Tests build the same app with [`routes::app`]
//! and an [`AppState`] made from a [`Settings`].

pub mod cli;
pub mod config;
mod error;
mod logging;
pub mod routes;
mod serve;
mod state;
mod token_request;

pub use config::Settings;
pub use state::AppState;
pub use token_request::{TokenRequest, TokenRequestError};

/// Parses the command line (after loading `.env`), runs the command, and maps failures to a
/// one-line message on stderr and a non-zero exit code.
pub fn run() -> std::process::ExitCode {
    cli::main()
}
