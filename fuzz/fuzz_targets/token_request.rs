//! Arbitrary bodies through the parser of `POST /token`: nothing may panic, and an accepted
//! request always names a non-empty room and participant.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livekit_auth_server::TokenRequest;

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = TokenRequest::parse(data) {
        assert!(!request.room_name.is_empty() && !request.participant_name.is_empty());
    }
});
