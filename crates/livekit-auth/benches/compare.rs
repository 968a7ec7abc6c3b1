//! livekit-auth against the official `livekit-api` crate, same inputs, same run:
//! `cargo bench -p livekit-auth --bench compare`.
//!
//! - mint: a join token (identity, name, room join grant);
//! - verify: one token, minted here, verified by both;
//! - webhook: hash + verify + decode of a typical `participant_joined` (~0.9 KB) and of a large
//!   `egress_ended` (~3.5 KB), both signed once with a header both receivers accept;
//! - webhook_decode_only: the proto3 JSON decode alone, including livekit-auth's serde impls;
//! - webhook_body_size: ours alone, bodies from 1 KB to 1 MB, to show cost grows with size only.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use livekit_api::access_token as official;
use livekit_api::webhooks as official_webhooks;
use livekit_auth::proto::{FromJson, WebhookEvent};
use livekit_auth::{TokenVerifier, WebhookReceiver, WebhookSigner};

mod common;

use common::{KEY, SECRET, egress_ended, mint_ours, mint_theirs, padded_event, participant_joined};

fn mint(c: &mut Criterion) {
    let mut group = c.benchmark_group("mint_join_token");
    group.bench_function("livekit-auth", |b| b.iter(mint_ours));
    group.bench_function("livekit-api", |b| b.iter(mint_theirs));
    group.finish();
}

fn verify(c: &mut Criterion) {
    let token = mint_ours();
    let ours = TokenVerifier::new(KEY, SECRET);
    let theirs = official::TokenVerifier::with_api_key(KEY, SECRET);
    assert_eq!(ours.verify(&token).expect("ours").identity, "alice");
    assert_eq!(theirs.verify(&token).expect("theirs").sub, "alice");

    let mut group = c.benchmark_group("verify_token");
    group.bench_function("livekit-auth", |b| {
        b.iter(|| ours.verify(black_box(&token)).expect("verifies"))
    });
    group.bench_function("livekit-api", |b| {
        b.iter(|| theirs.verify(black_box(&token)).expect("verifies"))
    });
    group.finish();
}

fn webhook(c: &mut Criterion) {
    let ours = WebhookReceiver::new(TokenVerifier::new(KEY, SECRET));
    let theirs =
        official_webhooks::WebhookReceiver::new(official::TokenVerifier::with_api_key(KEY, SECRET));
    let signer = WebhookSigner::new(KEY, SECRET);
    let mut group = c.benchmark_group("webhook_receive");
    for (name, body) in [
        ("participant_joined", participant_joined()),
        ("egress_ended", egress_ended()),
    ] {
        let auth = signer.authorization(&body).expect("signs");
        let text = String::from_utf8(body.clone()).expect("utf8");
        let expected = ours.receive(&body, &auth).expect("ours decodes");
        let official = theirs.receive(&text, &auth).expect("theirs decodes");
        assert_eq!(official.event, expected.event);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(BenchmarkId::new("livekit-auth", name), &body, |b, body| {
            b.iter(|| {
                ours.receive(black_box(body), black_box(&auth))
                    .expect("receives")
            })
        });
        group.bench_with_input(BenchmarkId::new("livekit-api", name), &text, |b, text| {
            b.iter(|| {
                theirs
                    .receive(black_box(text), black_box(&auth))
                    .expect("receives")
            })
        });
    }
    group.finish();
}

/// The parts of a webhook receive, apart: proto3 JSON decode alone — livekit-auth's direct
/// decoder (what its receiver uses), its serde impls, and the official crate's pbjson types.
fn webhook_decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("webhook_decode_only");
    for (name, body) in [
        ("participant_joined", participant_joined()),
        ("egress_ended", egress_ended()),
    ] {
        let text = String::from_utf8(body).expect("utf8");
        group.bench_with_input(BenchmarkId::new("livekit-auth", name), &text, |b, text| {
            b.iter(|| WebhookEvent::from_json(black_box(text)).expect("decodes"))
        });
        group.bench_with_input(
            BenchmarkId::new("livekit-auth-serde", name),
            &text,
            |b, text| {
                b.iter(|| serde_json::from_str::<WebhookEvent>(black_box(text)).expect("decodes"))
            },
        );
        group.bench_with_input(BenchmarkId::new("livekit-api", name), &text, |b, text| {
            b.iter(|| {
                serde_json::from_str::<livekit_protocol::WebhookEvent>(black_box(text))
                    .expect("decodes")
            })
        });
    }
    group.finish();
}

fn webhook_body_size(c: &mut Criterion) {
    let ours = WebhookReceiver::new(TokenVerifier::new(KEY, SECRET));
    let signer = WebhookSigner::new(KEY, SECRET);
    let mut group = c.benchmark_group("webhook_body_size");
    for kib in [1usize, 16, 256, 1024] {
        let body = padded_event(kib * 1024);
        let auth = signer.authorization(&body).expect("signs");
        ours.receive(&body, &auth).expect("receives");
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("livekit-auth", format!("{kib}KiB")),
            &body,
            |b, body| {
                b.iter(|| {
                    ours.receive(black_box(body), black_box(&auth))
                        .expect("receives")
                })
            },
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    mint,
    verify,
    webhook,
    webhook_decode,
    webhook_body_size
);
criterion_main!(benches);
