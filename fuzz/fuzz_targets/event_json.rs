//! Arbitrary bytes as a proto3-JSON WebhookEvent. Nothing may panic; the direct decoder
//! (`FromJson`) and the serde one must agree on whether the text decodes and on the value; and
//! whatever decodes must survive encode → decode unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livekit_auth::proto::{FromJson, WebhookEvent};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let direct = WebhookEvent::from_json(text);
    let serde = serde_json::from_str::<WebhookEvent>(text);
    let event = match (direct, serde) {
        (Ok(direct), Ok(serde)) => {
            assert_eq!(direct, serde, "the decoders differ on {text:?}");
            direct
        }
        (Err(_), Err(_)) => return,
        (direct, serde) => panic!("the decoders disagree on {text:?}: {direct:?} vs {serde:?}"),
    };
    let encoded = serde_json::to_string(&event).expect("a decoded event encodes");
    let again = WebhookEvent::from_json(&encoded).expect("our own encoding decodes");
    assert_eq!(again, event);
});
