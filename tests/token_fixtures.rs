//! Tokens minted by the official SDKs (tests/fixtures/tokens, made by generate.sh there)
//! verify here and read to the same claims the SDKs decoded.

mod common;

use livekit_auth::proto::{JobRestartPolicy, RoomConfiguration};
use livekit_auth::{Claims, FixedClock, ParticipantKind, TokenError, TokenVerifier, TrackSource};
use serde_json::Value;

struct Fixture {
    source: String,
    name: String,
    jwt: String,
    payload: Value,
    verifier: TokenVerifier,
}

fn load(file: &str) -> Vec<Fixture> {
    let doc = common::fixture(file);
    let key = doc["api_key"].as_str().expect("api_key");
    let secret = doc["api_secret"].as_str().expect("api_secret");
    let source = doc["source"].as_str().expect("source").to_owned();
    let tokens = doc["tokens"].as_array().expect("tokens");
    assert!(!tokens.is_empty(), "{file} holds no tokens");
    tokens
        .iter()
        .map(|t| {
            let payload = t["payload"].clone();
            let nbf = payload["nbf"].as_i64().expect("nbf");
            Fixture {
                source: source.clone(),
                name: t["name"].as_str().expect("name").to_owned(),
                jwt: t["jwt"].as_str().expect("jwt").to_owned(),
                payload,
                verifier: TokenVerifier::new(key, secret).with_clock(FixedClock::at(nbf + 1)),
            }
        })
        .collect()
}

fn all() -> Vec<Fixture> {
    [
        "tokens/python.json",
        "tokens/node.json",
        "tokens/go_style.json",
    ]
    .iter()
    .flat_map(|f| load(f))
    .collect()
}

fn verified(source_prefix: &str, name: &str) -> Claims {
    let f = all()
        .into_iter()
        .find(|f| f.source.starts_with(source_prefix) && f.name == name)
        .unwrap_or_else(|| panic!("no fixture {source_prefix} {name}"));
    f.verifier.verify(&f.jwt).expect("verifies")
}

#[test]
fn every_official_token_verifies_to_the_claims_its_sdk_decoded() {
    let fixtures = all();
    assert!(fixtures.len() >= 10);
    for f in &fixtures {
        let claims = f
            .verifier
            .verify(&f.jwt)
            .unwrap_or_else(|e| panic!("{} {}: {e:?}", f.source, f.name));
        let mut ours = common::reparse(&serde_json::to_string(&claims).expect("serializes"));
        let mut theirs = f.payload.clone();
        // roomConfig is proto3 JSON, where a default enum name ("JRP_ON_FAILURE") means unset;
        // compare it as the message it encodes, the rest of the claims as JSON.
        let their_room: Option<RoomConfiguration> = theirs
            .as_object_mut()
            .and_then(|o| o.remove("roomConfig"))
            .map(|v| serde_json::from_value(v).expect("their roomConfig decodes"));
        assert_eq!(
            claims.room_config.as_deref(),
            their_room.as_ref(),
            "{} {}",
            f.source,
            f.name
        );
        if let Some(o) = ours.as_object_mut() {
            o.remove("roomConfig");
        }
        assert_eq!(
            common::without_unset(&ours),
            common::without_unset(&theirs),
            "{} {}",
            f.source,
            f.name
        );
    }
}

#[test]
fn every_official_token_expires_at_its_exp_plus_leeway() {
    for f in all() {
        let exp = f.payload["exp"].as_i64().expect("exp");
        let late = f.verifier.clone().with_clock(FixedClock::at(exp + 60));
        assert!(
            matches!(late.verify(&f.jwt), Err(TokenError::Expired { .. })),
            "{} {}",
            f.source,
            f.name
        );
        let in_leeway = f.verifier.clone().with_clock(FixedClock::at(exp + 59));
        assert!(in_leeway.verify(&f.jwt).is_ok(), "{} {}", f.source, f.name);
    }
}

#[test]
fn python_token_with_every_family_reads_into_typed_grants() {
    let c = verified("PyPI", "all_claim_families");
    assert_eq!(c.identity, "Zoë 🎥");
    assert_eq!(c.kind, Some(ParticipantKind::Agent));
    assert_eq!(
        c.attributes.get("langue").map(String::as_str),
        Some("français")
    );
    let video = c.video.expect("video");
    assert!(video.room_admin && video.hidden && video.agent);
    assert!(video.can_publish() && !video.can_subscribe() && !video.can_publish_data());
    assert!(video.can_manage_agent_session() && video.can_subscribe_metrics());
    assert_eq!(video.can_publish_sources.len(), 4);
    assert!(video.can_publish_source(&TrackSource::ScreenShareAudio));
    assert!(c.sip.expect("sip").call);
    assert!(c.agent.expect("agent").dispatch_admin);
    assert_eq!(
        c.agent_endpoint.expect("agentEndpoint").agent_name,
        "support-bot"
    );
    assert_eq!(
        c.agent_thread.expect("agentThread").thread_ids,
        ["th_1", "th_2"]
    );
    assert!(c.inference.expect("inference").perform);
    assert!(c.observability.expect("observability").write);
    let room = c.room_config.expect("roomConfig");
    assert_eq!(room.name, "salle-de-réunion");
    assert_eq!(room.max_playout_delay, 2000);
    assert_eq!(room.agents[0].agent_name, "transcriber");
    assert_eq!(room.agents[0].restart_policy(), JobRestartPolicy::JrpNever);
    assert_eq!(room.tags.get("team").map(String::as_str), Some("blue"));
}

#[test]
fn node_token_reads_track_sources_and_room_config() {
    let c = verified("npm", "all_claim_families");
    assert_eq!(c.kind, Some(ParticipantKind::Egress));
    let video = c.video.expect("video");
    assert_eq!(
        video.can_publish_sources,
        [TrackSource::Camera, TrackSource::ScreenShareAudio]
    );
    assert!(!video.can_publish_source(&TrackSource::Microphone));
    let room = c.room_config.expect("roomConfig");
    assert_eq!(room.max_participants, 50);
    assert_eq!(
        room.agents[0].restart_policy(),
        JobRestartPolicy::JrpOnFailure
    );
}

#[test]
fn node_viewer_cannot_publish_data_because_it_follows_can_publish() {
    let video = verified("npm", "viewer_without_publish")
        .video
        .expect("video");
    assert_eq!(video.can_publish_data, None);
    assert!(!video.can_publish() && !video.can_publish_data() && video.can_subscribe());
}

#[test]
fn go_tokens_with_partial_grants_and_jti_parse() {
    let c = verified("Go", "go_connector_partial_grants");
    assert_eq!(c.kind, Some(ParticipantKind::Connector));
    assert_eq!(c.kind_details, ["twilio", "forwarded"]);
    assert!(c.sip.expect("sip").admin);
    assert!(c.agent.expect("agent").admin);
    let video = c.video.expect("video");
    assert!(!video.room_join && video.can_subscribe_metrics());

    let bridge = verified("Go", "go_bridge_jti_only_identity");
    assert_eq!(bridge.identity, "");
    assert_eq!(bridge.effective_identity(), "bridge-1");
    assert_eq!(bridge.kind, Some(ParticipantKind::Bridge));
}
