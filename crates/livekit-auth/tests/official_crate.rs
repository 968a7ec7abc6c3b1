//! Tokens and webhooks exchanged with the official Rust crate (`livekit-api` 0.10, the
//! dev-dependency the benchmarks compare against), in-process: what we mint it verifies, what it
//! mints we verify, and webhooks we sign it receives. The Python and Node SDKs are checked the
//! same way by `interop/live.sh`.

use std::time::Duration;

use livekit_api::access_token as official;
use livekit_api::webhooks as official_webhooks;
use livekit_auth::{AccessToken, SipGrant, TokenVerifier, VideoGrant, WebhookSigner};

const KEY: &str = "APIofficial";
const SECRET: &str = "a-secret-shared-with-the-official-crate-0123";

#[test]
fn our_tokens_verify_in_the_official_crate() {
    let jwt = AccessToken::new(KEY, SECRET)
        .with_identity("alice")
        .with_name("Alice Ünïcode")
        .with_metadata(r#"{"team":"blue"}"#)
        .with_attribute("seat", "12")
        .with_video_grant(VideoGrant {
            can_publish: Some(false),
            room_admin: true,
            ..VideoGrant::join("my-room")
        })
        .with_sip_grant(SipGrant {
            admin: false,
            call: true,
        })
        .with_ttl(Duration::from_secs(600))
        .to_jwt()
        .expect("mints");

    let claims = official::TokenVerifier::with_api_key(KEY, SECRET)
        .verify(&jwt)
        .expect("the official crate accepts our token");
    assert_eq!(claims.iss, KEY);
    assert_eq!(claims.sub, "alice");
    assert_eq!(claims.name, "Alice Ünïcode");
    assert_eq!(claims.metadata, r#"{"team":"blue"}"#);
    assert_eq!(
        claims.attributes.get("seat").map(String::as_str),
        Some("12")
    );
    assert_eq!(claims.exp - claims.nbf, 600);
    assert!(claims.video.room_join && claims.video.room_admin);
    assert_eq!(claims.video.room, "my-room");
    assert!(!claims.video.can_publish());
    assert!(claims.video.can_subscribe());
    assert!(claims.sip.call && !claims.sip.admin);

    assert!(
        official::TokenVerifier::with_api_key(KEY, "another-secret-of-the-same-length-01234")
            .verify(&jwt)
            .is_err(),
        "the official crate refuses our token under another secret"
    );
}

#[test]
fn official_tokens_verify_here() {
    let jwt = official::AccessToken::with_api_key(KEY, SECRET)
        .with_identity("bob")
        .with_name("Bob")
        .with_grants(official::VideoGrants {
            room_join: true,
            room: "their-room".to_owned(),
            can_publish: Some(false),
            ..Default::default()
        })
        .to_jwt()
        .expect("the official crate mints");

    let claims = TokenVerifier::new(KEY, SECRET)
        .verify(&jwt)
        .expect("we accept the official token");
    assert_eq!(claims.issuer, KEY);
    assert_eq!(claims.identity, "bob");
    assert_eq!(claims.name, "Bob");
    let video = claims.video.expect("video grant");
    assert!(video.room_join);
    assert_eq!(video.room, "their-room");
    assert!(!video.can_publish());
    assert!(
        TokenVerifier::new(KEY, "not-the-secret")
            .verify(&jwt)
            .is_err()
    );
}

#[test]
fn webhooks_we_sign_are_received_by_the_official_crate() {
    let body = r#"{"event":"room_finished","room":{"sid":"RM_1","name":"my-room"},"id":"EV_1","createdAt":"1700000000"}"#;
    let authorization = WebhookSigner::new(KEY, SECRET)
        .authorization(body.as_bytes())
        .expect("signs");
    let receiver =
        official_webhooks::WebhookReceiver::new(official::TokenVerifier::with_api_key(KEY, SECRET));

    let event = receiver
        .receive(body, &authorization)
        .expect("the official receiver accepts our signature");
    assert_eq!(event.event, "room_finished");
    assert_eq!(event.room.map(|r| r.name).as_deref(), Some("my-room"));
    assert!(
        receiver
            .receive(&body.replace("my-room", "my-room2"), &authorization)
            .is_err(),
        "the official receiver notices a changed body"
    );
}
