//! Arbitrary tokens through `TokenVerifier::verify`, and arbitrary claims JSON in a correctly
//! signed HS256 token (first byte odd), so the claims parser behind the signature is reached too.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use libfuzzer_sys::fuzz_target;
use livekit_auth::{FixedClock, TokenVerifier};
use sha2::Sha256;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let verifier = TokenVerifier::new("APIfuzz", "fuzz-secret").with_clock(FixedClock::at(1_800_000_000));
    if mode % 2 == 1 {
        let message = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(rest)
        );
        let mut mac = Hmac::<Sha256>::new_from_slice(b"fuzz-secret").expect("any key length");
        mac.update(message.as_bytes());
        let token = format!("{message}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()));
        if let Ok(claims) = verifier.verify(&token) {
            // Whatever verifies came from a JSON object naming our key, with an exp.
            assert_eq!(claims.issuer, "APIfuzz");
            assert!(claims.expires_at.is_some());
        }
    } else {
        let _ = verifier.verify(&String::from_utf8_lossy(rest));
    }
});
