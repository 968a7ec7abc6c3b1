//! Inputs shared by the benchmarks: the same bytes for livekit-auth and the official crate.
#![allow(dead_code, unreachable_pub)]

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
