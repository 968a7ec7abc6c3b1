//! Property: whatever claims the builder accepts come back unchanged from the verifier.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use livekit_auth::proto::{RoomAgentDispatch, RoomConfiguration};
use livekit_auth::{
    AccessToken, AgentEndpointGrant, AgentGrant, AgentThreadGrant, Claims, FixedClock,
    InferenceGrant, MintError, ObservabilityGrant, ParticipantKind, SipGrant, TokenVerifier,
    TrackSource, VideoGrant,
};
use proptest::prelude::*;

const NOW: i64 = 1_800_000_000;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-z0-9_-]{1,12}", "\\PC{0,16}"]
}

fn tri() -> impl Strategy<Value = Option<bool>> {
    prop_oneof![Just(None), Just(Some(true)), Just(Some(false))]
}

fn video() -> impl Strategy<Value = VideoGrant> {
    (
        prop::array::uniform9(any::<bool>()),
        (text(), text()),
        (tri(), tri(), tri(), tri(), tri(), tri()),
        prop::collection::vec(
            prop_oneof![
                Just("camera"),
                Just("microphone"),
                Just("screen_share"),
                Just("screen_share_audio"),
                Just("hologram")
            ],
            0..4,
        ),
    )
        .prop_map(|(flags, (room, destination_room), t, sources)| VideoGrant {
            room_create: flags[0],
            room_list: flags[1],
            room_record: flags[2],
            room_admin: flags[3],
            room_join: flags[4],
            ingress_admin: flags[5],
            hidden: flags[6],
            recorder: flags[7],
            agent: flags[8],
            room,
            destination_room,
            can_publish: t.0,
            can_subscribe: t.1,
            can_publish_data: t.2,
            can_update_own_metadata: t.3,
            can_subscribe_metrics: t.4,
            can_manage_agent_session: t.5,
            can_publish_sources: sources.into_iter().map(TrackSource::from).collect(),
        })
}

fn room_config() -> impl Strategy<Value = RoomConfiguration> {
    (text(), any::<u32>(), any::<bool>(), text(), 0..3usize).prop_map(
        |(name, timeout, sync, agent, n)| RoomConfiguration {
            name,
            empty_timeout: timeout,
            sync_streams: sync,
            agents: (0..n)
                .map(|i| RoomAgentDispatch {
                    agent_name: format!("{agent}{i}"),
                    restart_policy: (i % 2) as i32,
                    attributes: HashMap::from([("k".to_owned(), agent.clone())]),
                    ..RoomAgentDispatch::default()
                })
                .collect(),
            ..RoomConfiguration::default()
        },
    )
}

fn claims() -> impl Strategy<Value = Claims> {
    (
        (text(), text(), text(), text(), text()),
        prop::collection::btree_map("\\PC{1,8}", "\\PC{0,8}", 0..4),
        prop::option::of(prop_oneof![
            Just("standard"),
            Just("agent"),
            Just("connector"),
            Just("bridge"),
            Just("robot")
        ]),
        prop::collection::vec("[a-z]{1,6}", 0..3),
        prop::option::of(video()),
        (any::<[bool; 2]>(), any::<[bool; 4]>(), any::<[bool; 7]>()),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        prop::option::of(room_config()),
        (text(), text(), prop::collection::vec("[a-z0-9]{1,6}", 0..3)),
    )
        .prop_map(
            |(
                (identity, name, metadata, sha256, room_preset),
                attributes,
                kind,
                kind_details,
                video,
                (sip, agent, thread),
                (endpoint, inference, observability),
                room_config,
                (agent_name, scope, thread_ids),
            )| Claims {
                identity,
                name,
                metadata,
                sha256,
                room_preset,
                attributes: attributes.into_iter().collect::<BTreeMap<_, _>>(),
                kind: kind.map(ParticipantKind::from),
                kind_details,
                video,
                sip: sip[0].then_some(SipGrant {
                    admin: sip[1],
                    call: !sip[1],
                }),
                agent: agent[0].then_some(AgentGrant {
                    admin: agent[1],
                    simulation_admin: agent[2],
                    database_admin: agent[3],
                    dispatch_admin: !agent[3],
                }),
                agent_thread: thread[0].then(|| AgentThreadGrant {
                    all: thread[1],
                    scope: scope.clone(),
                    thread_ids: thread_ids.clone(),
                    list: thread[2],
                    create: thread[3],
                    write: thread[4],
                    read: thread[5],
                    delete: thread[6],
                }),
                agent_endpoint: endpoint.then(|| AgentEndpointGrant {
                    call: true,
                    agent_name: agent_name.clone(),
                    deployment: scope.clone(),
                }),
                inference: inference.then_some(InferenceGrant { perform: true }),
                observability: observability.then_some(ObservabilityGrant { write: true }),
                room_config: room_config.map(Box::new),
                ..Claims::default()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn minted_claims_verify_unchanged(claims in claims(), ttl in 1u64..1_000_000) {
        let token = AccessToken::new("APIkey", "secret")
            .with_claims(claims.clone())
            .with_ttl(Duration::from_secs(ttl))
            .with_clock(FixedClock::at(NOW));
        let joins = claims.video.as_ref().is_some_and(|v| v.room_join);
        let can_join = !claims.identity.is_empty()
            && claims.video.as_ref().is_some_and(|v| !v.room.is_empty());
        match token.to_jwt() {
            Err(MintError::JoinWithoutIdentityOrRoom) => prop_assert!(joins && !can_join),
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
            Ok(jwt) => {
                prop_assert!(!joins || can_join);
                let verified = TokenVerifier::new("APIkey", "secret")
                    .with_clock(FixedClock::at(NOW))
                    .verify(&jwt)
                    .expect("verifies");
                let expected = Claims {
                    issuer: "APIkey".into(),
                    not_before: Some(NOW),
                    expires_at: Some(NOW + ttl as i64),
                    ..claims
                };
                prop_assert_eq!(verified, expected);
            }
        }
    }
}
