//! Arbitrary bytes as a proto3-JSON WebhookEvent. Nothing may panic, and whatever decodes must
//! survive encode → decode unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livekit_auth::proto::WebhookEvent;

fuzz_target!(|data: &[u8]| {
    let Ok(event) = serde_json::from_slice::<WebhookEvent>(data) else {
        return;
    };
    let encoded = serde_json::to_vec(&event).expect("a decoded event encodes");
    let again: WebhookEvent = serde_json::from_slice(&encoded).expect("our own encoding decodes");
    assert_eq!(again, event);
});
