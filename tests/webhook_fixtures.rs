//! Webhooks encoded and signed by the official packages (tests/fixtures/webhooks, made by
//! generate.sh there) are accepted here and decode to exactly what the official decoders read.

mod common;

use std::collections::BTreeSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use livekit_auth::proto::WebhookEvent;
use livekit_auth::{
    AccessToken, EventKind, FixedClock, KeySet, TokenError, TokenVerifier, WebhookError,
    WebhookReceiver, WebhookSigner,
};
use prost::Message;
use serde_json::Value;

struct Fixture {
    source: String,
    name: String,
    variant: String,
    body: Vec<u8>,
    authorization: String,
    decoded: Value,
}

struct Set {
    key: String,
    secret: String,
    now: i64,
    events: Vec<Fixture>,
}

fn load(file: &str) -> Set {
    let doc = common::fixture(file);
    let source = doc["source"].as_str().expect("source").to_owned();
    let events: Vec<Fixture> = doc["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| Fixture {
            source: source.clone(),
            name: e["name"].as_str().expect("name").to_owned(),
            variant: e["variant"].as_str().expect("variant").to_owned(),
            body: e["body"].as_str().expect("body").as_bytes().to_vec(),
            authorization: e["authorization"]
                .as_str()
                .expect("authorization")
                .to_owned(),
            decoded: e["decoded"].clone(),
        })
        .collect();
    assert!(!events.is_empty(), "{file} holds no events");
    Set {
        key: doc["api_key"].as_str().expect("api_key").to_owned(),
        secret: doc["api_secret"].as_str().expect("api_secret").to_owned(),
        now: doc["now"].as_i64().expect("now"),
        events,
    }
}

fn sets() -> Vec<Set> {
    vec![load("webhooks/python.json"), load("webhooks/node.json")]
}

fn receiver(set: &Set) -> WebhookReceiver {
    WebhookReceiver::new(
        TokenVerifier::new(set.key.clone(), set.secret.clone()).with_clock(FixedClock::at(set.now)),
    )
}

fn python() -> Set {
    load("webhooks/python.json")
}

#[test]
fn official_webhooks_decode_field_for_field_like_the_official_decoders() {
    let mut checked = 0;
    for set in sets() {
        let receiver = receiver(&set);
        for f in &set.events {
            let event = receiver
                .receive(&f.body, &f.authorization)
                .unwrap_or_else(|e| panic!("{} {} {}: {e:?}", f.source, f.name, f.variant));
            let ours = common::reparse(&serde_json::to_string(&event).expect("encodes"));
            assert_eq!(ours, f.decoded, "{} {} {}", f.source, f.name, f.variant);
            assert_eq!(event.kind(), EventKind::from_name(&f.name));
            assert!(!matches!(event.kind(), EventKind::Other(_)), "{}", f.name);
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} fixtures");
}

#[test]
fn fixtures_cover_every_event_name_and_every_variant() {
    let set = python();
    let names: BTreeSet<&str> = set.events.iter().map(|f| f.name.as_str()).collect();
    let known: BTreeSet<String> = EventKind::known().map(|k| k.to_string()).collect();
    assert_eq!(
        names
            .into_iter()
            .map(str::to_owned)
            .collect::<BTreeSet<_>>(),
        known
    );
    let variants: BTreeSet<&str> = set.events.iter().map(|f| f.variant.as_str()).collect();
    for v in [
        "canonical",
        "compact_utf8",
        "proto_names_enum_numbers",
        "int64_as_numbers",
        "unknown_fields",
        "unknown_enum_values",
    ] {
        assert!(variants.contains(v), "missing variant {v}");
    }
}

#[test]
#[allow(deprecated)] // TrackInfo.layers is deprecated upstream but still sent
fn deep_payloads_arrive_typed() {
    let set = python();
    let receiver = receiver(&set);
    let get = |name: &str| {
        let f = set
            .events
            .iter()
            .find(|f| f.name == name && f.variant == "canonical")
            .expect("fixture");
        receiver
            .receive(&f.body, &f.authorization)
            .expect("receives")
    };
    let joined = get("participant_joined");
    let p = joined.participant.expect("participant");
    assert!(p.identity.contains("Zoë ✓ 会议"));
    assert!(p.permission.expect("permission").can_publish);
    assert_eq!(p.attributes.len(), 2);
    let track = get("track_published").track.expect("track");
    assert!(!track.layers.is_empty() && !track.codecs.is_empty());
    let egress = get("egress_ended").egress_info.expect("egress");
    assert!(egress.request.is_some(), "request oneof is set");
    assert!(egress.result.is_some() || !egress.file_results.is_empty());
    assert!(
        get("ingress_started")
            .ingress_info
            .expect("ingress")
            .state
            .is_some()
    );
    assert!(!get("agent_job_started").job.expect("job").id.is_empty());
    assert_eq!(
        get("room_started").room.expect("room").creation_time,
        (1 << 53) + 1
    );
}

#[test]
fn decoded_events_round_trip_through_protobuf_binary() {
    let set = python();
    let receiver = receiver(&set);
    for f in &set.events {
        let event = receiver
            .receive(&f.body, &f.authorization)
            .expect("receives");
        let bytes = event.encode_to_vec();
        assert_eq!(
            WebhookEvent::decode(bytes.as_slice()).expect("decodes"),
            event,
            "{}",
            f.name
        );
    }
}

#[test]
fn unknown_enum_values_read_as_the_default() {
    let set = python();
    let f = set
        .events
        .iter()
        .find(|f| f.variant == "unknown_enum_values")
        .expect("fixture");
    assert!(String::from_utf8_lossy(&f.body).contains("FUTURE_VALUE_X"));
    let event = receiver(&set)
        .receive(&f.body, &f.authorization)
        .expect("receives");
    assert_eq!(event.event, f.name);
}

fn first(set: &Set) -> &Fixture {
    &set.events[0]
}

fn invalid_token(result: Result<WebhookEvent, WebhookError>) -> TokenError {
    match result {
        Err(WebhookError::InvalidToken(e)) => e,
        other => panic!("expected an invalid token, got {other:?}"),
    }
}

#[test]
fn rejects_a_tampered_body() {
    let set = python();
    let f = first(&set);
    let mut body = f.body.clone();
    let at = body.iter().position(|b| *b == b'Z').expect("a Z to change");
    body[at] = b'z';
    assert!(matches!(
        receiver(&set).receive(&body, &f.authorization),
        Err(WebhookError::BodyHashMismatch)
    ));
    let mut spaced = f.body.clone();
    spaced.push(b'\n');
    assert!(matches!(
        receiver(&set).receive(&spaced, &f.authorization),
        Err(WebhookError::BodyHashMismatch)
    ));
}

#[test]
fn rejects_the_signature_of_another_body() {
    let set = python();
    let (a, b) = (&set.events[0], &set.events[1]);
    assert!(matches!(
        receiver(&set).receive(&a.body, &b.authorization),
        Err(WebhookError::BodyHashMismatch)
    ));
}

#[test]
fn rejects_wrong_secret_unknown_key_and_expired_tokens() {
    let set = python();
    let f = first(&set);
    let wrong = WebhookReceiver::new(
        TokenVerifier::new(set.key.clone(), "another-secret").with_clock(FixedClock::at(set.now)),
    );
    assert!(matches!(
        invalid_token(wrong.receive(&f.body, &f.authorization)),
        TokenError::BadSignature
    ));

    let other_key = WebhookReceiver::new(
        TokenVerifier::with_keys(KeySet::single("APIother", set.secret.clone()))
            .with_clock(FixedClock::at(set.now)),
    );
    assert!(matches!(
        invalid_token(other_key.receive(&f.body, &f.authorization)),
        TokenError::UnknownIssuer { .. }
    ));

    let late = WebhookReceiver::new(
        TokenVerifier::new(set.key.clone(), set.secret.clone())
            .with_clock(FixedClock::at(set.now + 7 * 3600)),
    );
    assert!(matches!(
        invalid_token(late.receive(&f.body, &f.authorization)),
        TokenError::Expired { .. }
    ));
}

#[test]
fn rejects_tokens_without_a_body_hash() {
    let set = python();
    let f = first(&set);
    let no_hash = AccessToken::new(set.key.clone(), set.secret.clone())
        .with_clock(FixedClock::at(set.now))
        .to_jwt()
        .expect("mints");
    assert!(matches!(
        receiver(&set).receive(&f.body, &no_hash),
        Err(WebhookError::MissingBodyHash)
    ));
}

#[test]
fn rejects_alg_none_garbage_and_missing_headers() {
    let set = python();
    let f = first(&set);
    let payload = f.authorization.split('.').nth(1).expect("payload");
    let none = format!(
        "{}.{payload}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#)
    );
    assert!(matches!(
        invalid_token(receiver(&set).receive(&f.body, &none)),
        TokenError::UnsupportedAlgorithm { .. }
    ));
    assert!(matches!(
        invalid_token(receiver(&set).receive(&f.body, "not-a-token")),
        TokenError::Malformed { .. }
    ));
    for missing in ["", "   ", "Bearer ", "Bearer"] {
        let result = receiver(&set).receive(&f.body, missing);
        assert!(
            matches!(
                result,
                Err(WebhookError::MissingAuthorization | WebhookError::InvalidToken(_))
            ),
            "{missing:?}: {result:?}"
        );
    }
    assert!(matches!(
        receiver(&set).receive(&f.body, ""),
        Err(WebhookError::MissingAuthorization)
    ));
}

#[test]
fn accepts_a_bearer_prefix() {
    let set = python();
    let f = first(&set);
    let header = format!("Bearer {}", f.authorization);
    assert!(receiver(&set).receive(&f.body, &header).is_ok());
}

#[test]
fn rejects_authentic_bodies_that_are_not_events() {
    let set = python();
    let signer =
        WebhookSigner::new(set.key.clone(), set.secret.clone()).with_clock(FixedClock::at(set.now));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    for body in [
        &b"not json"[..],
        b"[]",
        b"{\"event\": 1}",
        b"{\"createdAt\": \"soon\"}",
        b"{\"room\": \"not an object\"}",
        b"\xff\xfe{}",
        deep.as_bytes(),
    ] {
        let auth = signer.authorization(body).expect("signs");
        assert!(
            matches!(
                receiver(&set).receive(body, &auth),
                Err(WebhookError::MalformedBody(_))
            ),
            "{}",
            String::from_utf8_lossy(&body[..body.len().min(40)])
        );
    }
}

#[test]
fn our_signer_is_accepted_by_our_receiver_and_hashes_raw_bytes() {
    let set = python();
    let signer =
        WebhookSigner::new(set.key.clone(), set.secret.clone()).with_clock(FixedClock::at(set.now));
    for f in &set.events {
        let auth = signer.authorization(&f.body).expect("signs");
        let event = receiver(&set).receive(&f.body, &auth).expect("receives");
        assert_eq!(event.event, f.name);
    }
}
