//! Receive a webhook in a few lines: the body bytes and the Authorization header in, a typed
//! event out (here the request is signed locally, the way the LiveKit server signs it).
//!
//! `cargo run --example receive_webhook`

use livekit_auth::{EventKind, TokenVerifier, WebhookReceiver, WebhookSigner};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // What arrives over HTTP.
    let body = br#"{"event":"participant_joined","id":"EV_1","createdAt":"1796000000",
                   "room":{"name":"my-room"},"participant":{"identity":"alice"}}"#;
    let authorization = WebhookSigner::new("devkey", "secret").authorization(body)?;

    // What your handler does.
    let receiver = WebhookReceiver::new(TokenVerifier::new("devkey", "secret"));
    let event = receiver.receive(body, &authorization)?;
    if event.kind() == EventKind::ParticipantJoined {
        let who = event.participant.map(|p| p.identity).unwrap_or_default();
        let room = event.room.map(|r| r.name).unwrap_or_default();
        println!("{who} joined {room}");
    }
    Ok(())
}
