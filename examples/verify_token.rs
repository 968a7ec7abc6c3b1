//! Verify a token against several API keys (a key rotation) and print who it is for.
//!
//! `cargo run --example verify_token -- <JWT>`
//! Keys: devkey/secret plus those of a LiveKit key file named by LIVEKIT_KEY_FILE, if set.

use livekit_auth::{KeySet, TokenError, TokenVerifier};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::args().nth(1).ok_or("usage: verify_token <JWT>")?;
    let mut keys = KeySet::single("devkey", "secret");
    if let Ok(path) = std::env::var("LIVEKIT_KEY_FILE") {
        keys.merge(KeySet::from_key_file(path)?)?;
    }
    match TokenVerifier::with_keys(keys).verify(&token) {
        Ok(claims) => {
            let room = claims.video.as_ref().map_or("", |v| v.room.as_str());
            println!("identity {:?} may join room {room:?}", claims.identity);
            Ok(())
        }
        Err(TokenError::Expired { expired_at, .. }) => {
            Err(format!("token expired at {expired_at}; ask for a new one").into())
        }
        Err(e) => Err(e.into()),
    }
}
