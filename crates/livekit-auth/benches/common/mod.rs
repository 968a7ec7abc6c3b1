//! Inputs shared by the benchmarks: the same bytes for livekit-auth and the official crate.
#![allow(dead_code, unreachable_pub)]

use std::hint::black_box;
use std::time::Duration;

use livekit_api::access_token as official;
use livekit_auth::{AccessToken, VideoGrant};

pub const KEY: &str = "APIbench";
pub const SECRET: &str = "bench-secret-that-is-long-enough-0123456789";

fn fixture(path: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
    std::fs::read_to_string(format!("{root}{path}")).expect("fixture")
}

/// The participant_joined of the live interop run, compact (~0.9 KB): a typical event.
pub fn participant_joined() -> Vec<u8> {
    let doc: serde_json::Value =
        serde_json::from_str(&fixture("interop/event.json")).expect("json");
    serde_json::to_vec(&doc["participant_joined"]).expect("json")
}

/// The egress_ended of the live interop run with 8 results of each kind (~3.5 KB): a large
/// event that both decoders accept (the official crate fails on the deeper fixture events,
/// whose enum values it does not know).
pub fn egress_ended() -> Vec<u8> {
    let doc: serde_json::Value =
        serde_json::from_str(&fixture("interop/event.json")).expect("json");
    let mut event = doc["egress_ended"].clone();
    let info = &mut event["egressInfo"];
    for results in ["fileResults", "segmentResults", "streamResults"] {
        let one = info[results][0].clone();
        info[results] = serde_json::Value::Array(vec![one; 8]);
    }
    serde_json::to_vec(&event).expect("json")
}

/// A participant_joined whose metadata is padded to reach `size` bytes.
pub fn padded_event(size: usize) -> Vec<u8> {
    let head = br#"{"event":"participant_joined","id":"EV_pad","participant":{"identity":"alice","metadata":""#;
    let tail = br#""}}"#;
    let mut body = head.to_vec();
    body.resize(size.saturating_sub(tail.len()).max(head.len()), b'x');
    body.extend_from_slice(tail);
    body
}

/// A one-hour join token for alice in my-room, minted by livekit-auth.
pub fn mint_ours() -> String {
    AccessToken::new(KEY, SECRET)
        .with_identity(black_box("alice"))
        .with_name("Alice")
        .with_video_grant(VideoGrant::join(black_box("my-room")))
        .with_ttl(Duration::from_secs(3600))
        .to_jwt()
        .expect("mints")
}

/// The same token, minted by the official crate.
pub fn mint_theirs() -> String {
    official::AccessToken::with_api_key(KEY, SECRET)
        .with_identity(black_box("alice"))
        .with_name("Alice")
        .with_grants(official::VideoGrants {
            room_join: true,
            room: black_box("my-room").to_owned(),
            ..Default::default()
        })
        .with_ttl(Duration::from_secs(3600))
        .to_jwt()
        .expect("mints")
}
