//! Proto3 JSON details of the generated types, beyond what the official fixtures exercise.

mod common;

use livekit_auth::proto::{ClientInfo, ParticipantInfo, TrackInfo, TrackSource, WebhookEvent};
use serde_json::json;

/// Decodes with both decoders (serde and `FromJson`), which must agree.
fn decode(value: serde_json::Value) -> WebhookEvent {
    common::both(&value.to_string()).expect("decodes")
}

#[test]
fn unknown_enum_numbers_are_kept_and_written_back_as_numbers() {
    let event = decode(json!({"track": {"source": 99, "type": "VIDEO"}}));
    let track = event.track.expect("track");
    assert_eq!(track.source, 99);
    let out = serde_json::to_value(&track).expect("encodes");
    assert_eq!(out["source"], 99);
    assert_eq!(out["type"], "VIDEO");
}

#[test]
fn unknown_enum_names_leave_the_field_unset() {
    let event = decode(json!({"track": {"source": "HOLOGRAM", "mimeType": "video/av2"}}));
    let track = event.track.expect("track");
    assert_eq!(track.source, TrackSource::Unknown as i32);
    assert_eq!(track.mime_type, "video/av2");
}

#[test]
fn unknown_names_in_repeated_enums_are_dropped_and_known_ones_kept() {
    let info: ClientInfo = common::both(
        &json!({"capabilities": ["CAP_FUTURE", "CAP_PACKET_TRAILER", 77]}).to_string(),
    )
    .expect("decodes");
    assert_eq!(info.capabilities.len(), 2);
    assert_eq!(info.capabilities[1], 77);
}

#[test]
fn int64_accepts_strings_and_numbers_and_writes_strings() {
    for created in [json!("9007199254740993"), json!(9007199254740993_i64)] {
        let event = decode(json!({"createdAt": created}));
        assert_eq!(event.created_at, 9_007_199_254_740_993);
        assert_eq!(
            serde_json::to_value(&event).expect("encodes")["createdAt"],
            "9007199254740993"
        );
    }
}

#[test]
fn original_field_names_and_nulls_are_accepted() {
    let event = decode(json!({
        "event": "participant_joined",
        "created_at": "5",
        "room": null,
        "participant": {"identity": "a", "joined_at": 7, "attributes": {"k": "v"}, "metadata": null}
    }));
    assert_eq!(event.created_at, 5);
    assert!(event.room.is_none());
    let p: ParticipantInfo = event.participant.expect("participant");
    assert_eq!((p.joined_at, p.attributes.len()), (7, 1));
}

#[test]
fn defaults_are_omitted_when_encoding() {
    let out = serde_json::to_value(WebhookEvent {
        event: "room_started".into(),
        ..WebhookEvent::default()
    })
    .expect("encodes");
    assert_eq!(out, json!({"event": "room_started"}));
    let out = serde_json::to_value(TrackInfo::default()).expect("encodes");
    assert_eq!(out, json!({}));
}

#[test]
fn wrong_types_are_errors_not_panics() {
    for bad in [
        json!({"createdAt": "soon"}),
        json!({"createdAt": 1.5}),
        json!({"room": []}),
        json!({"track": {"source": {"a": 1}}}),
        json!({"track": {"source": 1e20}}),
        json!({"participant": {"attributes": ["x"]}}),
        json!({"event": false}),
    ] {
        assert!(
            common::both::<WebhookEvent>(&bad.to_string()).is_none(),
            "{bad}"
        );
    }
}
