//! `livekit-auth-server`: see `livekit-auth-server --help`.

fn main() -> std::process::ExitCode {
    livekit_auth_server::run()
}
