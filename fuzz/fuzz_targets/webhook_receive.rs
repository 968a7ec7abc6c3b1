//! Arbitrary Authorization header and body through `WebhookReceiver::receive`. When the first
//! byte is odd the body is signed first, so the fuzzer also reaches the decoder behind the
//! signature check; either way nothing may panic, and a signed body is accepted exactly when it
//! decodes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livekit_auth::{FixedClock, TokenVerifier, WebhookError, WebhookReceiver, WebhookSigner};

const NOW: i64 = 1_800_000_000;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let receiver = WebhookReceiver::new(
        TokenVerifier::new("APIfuzz", "fuzz-secret").with_clock(FixedClock::at(NOW)),
    );
    if mode % 2 == 1 {
        let header = WebhookSigner::new("APIfuzz", "fuzz-secret")
            .with_clock(FixedClock::at(NOW))
            .authorization(rest)
            .expect("signing never fails with a key and secret");
        let decodes = std::str::from_utf8(rest)
            .ok()
            .and_then(|text| serde_json::from_str::<livekit_auth::proto::WebhookEvent>(text).ok())
            .is_some();
        match receiver.receive(rest, &header) {
            Ok(_) => assert!(decodes),
            Err(WebhookError::MalformedBody(_)) => assert!(!decodes),
            Err(other) => panic!("a correctly signed body was refused: {other:?}"),
        }
    } else {
        let split = usize::from(mode / 2).min(rest.len());
        let (header, body) = rest.split_at(split);
        let _ = receiver.receive(body, &String::from_utf8_lossy(header));
    }
});
