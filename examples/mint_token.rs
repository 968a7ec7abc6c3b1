//! Mint a join token, as an application server does for each user.
//!
//! `cargo run --example mint_token -- my-room alice`
//! (key and secret from LIVEKIT_API_KEY / LIVEKIT_API_SECRET, default devkey / secret)

use std::time::Duration;

use livekit_auth::{AccessToken, VideoGrant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let room = args.next().unwrap_or_else(|| "my-room".to_owned());
    let identity = args.next().unwrap_or_else(|| "alice".to_owned());
    let key = std::env::var("LIVEKIT_API_KEY").unwrap_or_else(|_| "devkey".to_owned());
    let secret = std::env::var("LIVEKIT_API_SECRET").unwrap_or_else(|_| "secret".to_owned());

    let token = AccessToken::new(key, secret)
        .with_identity(identity)
        .with_video_grant(VideoGrant {
            can_publish_data: Some(true),
            ..VideoGrant::join(room)
        })
        .with_ttl(Duration::from_secs(60 * 60))
        .to_jwt()?;
    println!("{token}");
    Ok(())
}
