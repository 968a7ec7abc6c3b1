//! Fails when the checked-in event types no longer match what the generator makes from the
//! pinned descriptors: run `cargo run -p livekit-auth-protogen` and commit the result.

use std::path::Path;

use livekit_auth_protogen::{
    DECODE_OUT, DESCRIPTORS, PROST_OUT, SERDE_OUT, SchemaStats, VERSION, generate,
};

fn read(rel: &str) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read(root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

fn generated() -> livekit_auth_protogen::Generated {
    let version = String::from_utf8(read(VERSION)).expect("VERSION is UTF-8");
    generate(&read(DESCRIPTORS), version.trim()).expect("generator runs")
}

#[test]
fn checked_in_prost_code_is_up_to_date() {
    let fresh = generated();
    let on_disk = String::from_utf8(read(PROST_OUT)).expect("UTF-8");
    assert!(
        fresh.prost == on_disk,
        "{PROST_OUT} is stale: run `cargo run -p livekit-auth-protogen`"
    );
}

#[test]
fn checked_in_serde_code_is_up_to_date() {
    let fresh = generated();
    let on_disk = String::from_utf8(read(SERDE_OUT)).expect("UTF-8");
    assert!(
        fresh.serde == on_disk,
        "{SERDE_OUT} is stale: run `cargo run -p livekit-auth-protogen`"
    );
}

#[test]
fn checked_in_decoders_are_up_to_date() {
    let fresh = generated();
    let on_disk = String::from_utf8(read(DECODE_OUT)).expect("UTF-8");
    assert!(
        fresh.decode == on_disk,
        "{DECODE_OUT} is stale: run `cargo run -p livekit-auth-protogen`"
    );
}

#[test]
fn webhook_schema_has_the_size_published_for_the_pinned_version() {
    // livekit-protocol 1.1.29: 62 messages / 433 fields / 37 enums reachable from WebhookEvent.
    // A schema bump updates these numbers together with proto/VERSION.
    let version = String::from_utf8(read(VERSION)).expect("UTF-8");
    assert_eq!(version.trim(), "1.1.29");
    assert_eq!(
        generated().webhook_schema,
        SchemaStats {
            messages: 62,
            fields: 433,
            enums: 37
        }
    );
}
