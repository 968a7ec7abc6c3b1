//! Verify and decode a saved webhook: the body file and the Authorization header from the
//! command line; prints the event as proto3 JSON.
//!
//! `cargo run --example decode_webhook -- body.json "<authorization header>"`
//! (key and secret from LIVEKIT_API_KEY / LIVEKIT_API_SECRET, default devkey / secret)

use livekit_auth::{TokenVerifier, WebhookReceiver};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(authorization)) = (args.next(), args.next()) else {
        return Err("usage: decode_webhook <BODY_FILE> <AUTHORIZATION>".into());
    };
    let key = std::env::var("LIVEKIT_API_KEY").unwrap_or_else(|_| "devkey".to_owned());
    let secret = std::env::var("LIVEKIT_API_SECRET").unwrap_or_else(|_| "secret".to_owned());

    let body = std::fs::read(path)?;
    let event =
        WebhookReceiver::new(TokenVerifier::new(key, secret)).receive(&body, &authorization)?;
    println!("{}", serde_json::to_string_pretty(&event)?);
    Ok(())
}
