//! The two proto3-JSON decoders of the generated types — serde (`serde_json::from_str`) and the
//! direct one (`FromJson::from_json`, what `WebhookReceiver` uses) — accept the same documents
//! and produce the same values: on every official fixture, on mutations of them, and on the
//! edge cases of proto3 JSON.

mod common;

use common::both;
use livekit_auth::proto::{
    ClientInfo, DecodeErrorKind, EncodingOptions, FromJson, ParticipantInfo, WebhookEvent,
};

fn event(json: &str) -> Option<WebhookEvent> {
    both(json)
}

fn fixture_bodies() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in ["webhooks/python.json", "webhooks/node.json"] {
        let doc = common::fixture(file);
        for e in doc["events"].as_array().expect("events") {
            let name = format!("{file} {} {}", e["name"], e["variant"]);
            out.push((name, e["body"].as_str().expect("body").to_owned()));
        }
    }
    out
}

#[test]
fn every_official_fixture_decodes_the_same_both_ways() {
    let bodies = fixture_bodies();
    assert!(bodies.len() >= 40);
    for (name, body) in &bodies {
        assert!(event(body).is_some(), "{name} does not decode");
    }
}

#[test]
fn mutated_fixtures_are_refused_or_accepted_alike() {
    const BYTES: &[u8] = b"\"\\{}[],:0-1.en tx\x01";
    let mut checked = 0;
    // The compact variants: every byte is meaningful there.
    for (_, body) in fixture_bodies()
        .iter()
        .filter(|(n, _)| n.contains("compact"))
    {
        let bytes = body.as_bytes();
        for at in (0..bytes.len()).step_by(53) {
            if let Ok(cut) = std::str::from_utf8(&bytes[..at]) {
                event(cut);
                checked += 1;
            }
            for &b in BYTES {
                let mut mutated = bytes.to_vec();
                mutated[at] = b;
                if let Ok(text) = std::str::from_utf8(&mutated) {
                    event(text);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 5_000, "only {checked} mutants");
}

#[test]
fn integers_take_numbers_strings_and_integral_floats() {
    let at = |v: &str| event(&format!(r#"{{"createdAt": {v}}}"#)).map(|e| e.created_at);
    assert_eq!(at("\"9007199254740993\""), Some(9_007_199_254_740_993));
    assert_eq!(at("9007199254740993"), Some(9_007_199_254_740_993));
    assert_eq!(at("1e2"), Some(100));
    assert_eq!(at("2.0"), Some(2));
    assert_eq!(at("-0"), Some(0));
    assert_eq!(at("\"-9223372036854775808\""), Some(i64::MIN));
    for bad in [
        "2.5",
        "\"1e2\"",
        "\"2.0\"",
        "9223372036854775808",
        "1e400",
        "\"\"",
        "true",
        "[]",
    ] {
        assert_eq!(at(bad), None, "{bad}");
    }
    let version = |v: &str| both::<ParticipantInfo>(&format!(r#"{{"version": {v}}}"#));
    assert_eq!(version("4294967295").map(|p| p.version), Some(u32::MAX));
    assert!(version("4294967296").is_none());
    assert!(version("-1").is_none());
}

#[test]
fn doubles_take_numbers_and_named_values() {
    let rate = |v: &str| {
        both::<EncodingOptions>(&format!(r#"{{"keyFrameInterval": {v}}}"#))
            .map(|o| o.key_frame_interval)
    };
    assert_eq!(rate("2.5"), Some(2.5));
    assert_eq!(rate("0.1"), Some(0.1));
    assert_eq!(rate("\"1.5e3\""), Some(1500.0));
    assert_eq!(rate("\"-Infinity\""), Some(f64::NEG_INFINITY));
    assert_eq!(rate("3"), Some(3.0));
    assert!(rate("1e400").is_none());
    // NaN is not equal to itself, so compare by hand.
    let nan = EncodingOptions::from_json(r#"{"keyFrameInterval": "NaN"}"#).expect("decodes");
    assert!(nan.key_frame_interval.is_nan());
}

#[test]
fn enums_keep_unknown_numbers_and_ignore_unknown_names() {
    let source = |v: &str| event(&format!(r#"{{"track": {{"source": {v}}}}}"#));
    let get = |e: Option<WebhookEvent>| e.and_then(|e| e.track).map(|t| t.source);
    assert_eq!(get(source("\"CAMERA\"")), Some(1));
    assert_eq!(get(source("99")), Some(99));
    assert_eq!(get(source("2.0")), Some(2));
    assert_eq!(get(source("\"HOLOGRAM\"")), Some(0));
    assert_eq!(get(source("null")), Some(0));
    assert_eq!(get(source("1e20")), None);
    assert_eq!(get(source("true")), None);
    let caps =
        both::<ClientInfo>(r#"{"capabilities": ["CAP_FUTURE", null, "CAP_PACKET_TRAILER", 77]}"#)
            .expect("decodes");
    assert_eq!(caps.capabilities.len(), 2);
    assert_eq!(caps.capabilities[1], 77);
}

#[test]
fn duplicates_are_refused_except_after_null() {
    assert!(event(r#"{"id": "a", "id": "b"}"#).is_none());
    assert!(event(r#"{"createdAt": 1, "created_at": 2}"#).is_none());
    assert!(event(r#"{"room": {}, "room": null}"#).is_none());
    assert_eq!(
        event(r#"{"id": null, "id": "b"}"#).map(|e| e.id).as_deref(),
        Some("b")
    );
    // Two members of one oneof, even when the second is null.
    assert!(event(r#"{"egressInfo": {"roomComposite": {}, "web": {}}}"#).is_none());
    assert!(event(r#"{"egressInfo": {"roomComposite": {}, "web": null}}"#).is_none());
    assert!(event(r#"{"egressInfo": {"web": null, "roomComposite": {}}}"#).is_some());
}

#[test]
fn maps_repeated_fields_and_nulls() {
    let p = both::<ParticipantInfo>(
        r#"{"attributes": {"k": "v", "k": "w", "\u00e9": ""}, "tracks": [{}, {"sid": "TR"}], "kindDetails": null}"#,
    )
    .expect("decodes");
    assert_eq!(p.attributes.get("k").map(String::as_str), Some("w"));
    assert!(p.attributes.contains_key("é"));
    assert_eq!(p.tracks.len(), 2);
    for bad in [
        r#"{"attributes": {"k": null}}"#,
        r#"{"attributes": {"k": 1}}"#,
        r#"{"attributes": ["x"]}"#,
        r#"{"tracks": [null]}"#,
        r#"{"tracks": {}}"#,
        r#"{"isPublisher": "true"}"#,
        r#"{"isPublisher": 1}"#,
    ] {
        assert!(both::<ParticipantInfo>(bad).is_none(), "{bad}");
    }
}

#[test]
fn names_escapes_and_unknown_fields() {
    let e = event(
        r#"{"\u0069d": "EV\"1\u00e9\ud83d\ude00", "future": {"deep": [[[1e400, "\ud800"]]], "x": null},
            "created_at": "7", "room": {"name": "r", "unknownToo": [true, false, {}]}}"#,
    )
    .expect("decodes");
    assert_eq!(e.id, "EV\"1é😀");
    assert_eq!(e.created_at, 7);
    assert_eq!(e.room.map(|r| r.name).as_deref(), Some("r"));
    let deep = format!(r#"{{"future": {}{}}}"#, "[".repeat(1000), "]".repeat(1000));
    assert!(event(&deep).is_some());
}

#[test]
fn malformed_documents_are_refused() {
    for bad in [
        "",
        " ",
        "null",
        "[]",
        "\"x\"",
        "{",
        "{}x",
        "{} {}",
        r#"{"id": "a",}"#,
        r#"{"id" "a"}"#,
        r#"{"id": "\ud800"}"#,
        r#"{"id": "\x"}"#,
        "{\"id\": \"a\u{1}\"}",
        r#"{"future": [1,]}"#,
        r#"{"future": 01}"#,
        r#"{"future": nul}"#,
        r#"{id: "a"}"#,
        r#"{"event": false}"#,
    ] {
        assert!(event(bad).is_none(), "{bad:?}");
    }
    assert!(event("  {}  \n").is_some());
}

#[test]
fn errors_say_where_and_in_which_field() {
    let err = WebhookEvent::from_json(r#"{"egressInfo": {"fileResults": [{}, {"size": "big"}]}}"#)
        .expect_err("refused");
    assert_eq!(err.path(), "egressInfo.fileResults[1].size");
    assert!(matches!(err.kind(), DecodeErrorKind::InvalidValue { .. }));
    assert_eq!(err.offset(), 45);
    assert_eq!(
        err.to_string(),
        "expected a number or a string holding one, in the field's range at byte 45 \
         (in egressInfo.fileResults[1].size)"
    );
    let err = WebhookEvent::from_json(r#"{"id": "a", "id": "b"}"#).expect_err("refused");
    assert_eq!(
        (err.kind(), err.path().as_str()),
        (DecodeErrorKind::DuplicateField, "id")
    );
    let err = WebhookEvent::from_json("{} x").expect_err("refused");
    assert_eq!(err.kind(), DecodeErrorKind::TrailingCharacters);
}
