//! Side-by-side ratios that hold up on a noisy machine: `cargo bench -p livekit-auth --bench ratio`.
//!
//! Criterion (`--bench compare`) times each implementation in its own window, so a neighbour
//! that steals the CPU during one window skews the comparison. Here the two implementations run
//! in alternating batches of the same operation on the same input, many rounds, and the median
//! batch of each is compared: slow drift hits both equally. Prints a Markdown table.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{KEY, SECRET, egress_ended, mint_ours, mint_theirs, participant_joined};
use livekit_api::access_token as official;
use livekit_api::webhooks as official_webhooks;
use livekit_auth::proto::{FromJson, WebhookEvent};
use livekit_auth::{TokenVerifier, WebhookReceiver, WebhookSigner};

const ROUNDS: usize = 151;
const BATCH_TIME: Duration = Duration::from_millis(2);

/// Nanoseconds per call of the median batch, for `ours` and `theirs` run alternately.
fn compare(mut ours: impl FnMut(), mut theirs: impl FnMut()) -> (f64, f64) {
    // Size a batch to about BATCH_TIME, on the slower of the two.
    let mut batch = 1u32;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            ours();
            theirs();
        }
        if start.elapsed() >= BATCH_TIME * 2 || batch >= 1 << 20 {
            break;
        }
        batch *= 2;
    }
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(batch)
    };
    let (mut a, mut b) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            a.push(time(&mut ours));
            b.push(time(&mut theirs));
        } else {
            b.push(time(&mut theirs));
            a.push(time(&mut ours));
        }
    }
    (median(a), median(b))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn row(name: &str, (ours, theirs): (f64, f64)) {
    println!(
        "| {name} | {:.2} µs | {:.2} µs | {:.2}× |",
        ours / 1000.0,
        theirs / 1000.0,
        theirs / ours
    );
}

fn main() {
    // `cargo test --benches` runs bench targets with --test-ish flags; only measure under bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    println!("| operation | livekit-auth | livekit-api | speedup |");
    println!("| --- | --- | --- | --- |");

    row(
        "mint a join token",
        compare(
            || {
                black_box(mint_ours());
            },
            || {
                black_box(mint_theirs());
            },
        ),
    );

    let token = mint_ours();
    let ours = TokenVerifier::new(KEY, SECRET);
    let theirs = official::TokenVerifier::with_api_key(KEY, SECRET);
    row(
        "verify a token",
        compare(
            || {
                black_box(ours.verify(black_box(&token)).expect("verifies"));
            },
            || {
                black_box(theirs.verify(black_box(&token)).expect("verifies"));
            },
        ),
    );

    let ours = WebhookReceiver::new(TokenVerifier::new(KEY, SECRET));
    let theirs =
        official_webhooks::WebhookReceiver::new(official::TokenVerifier::with_api_key(KEY, SECRET));
    let signer = WebhookSigner::new(KEY, SECRET);
    let events = [
        ("participant_joined", participant_joined()),
        ("egress_ended", egress_ended()),
    ];
    for (name, body) in &events {
        let auth = signer.authorization(body).expect("signs");
        let text = String::from_utf8(body.clone()).expect("utf8");
        row(
            &format!("receive {name} ({} B)", body.len()),
            compare(
                || {
                    black_box(ours.receive(black_box(body), &auth).expect("receives"));
                },
                || {
                    black_box(theirs.receive(black_box(&text), &auth).expect("receives"));
                },
            ),
        );
    }
    // Where the receive gain comes from: the proto3 JSON decode alone.
    for (name, body) in &events {
        let text = std::str::from_utf8(body).expect("utf8");
        row(
            &format!("decode only, {name}"),
            compare(
                || {
                    black_box(WebhookEvent::from_json(black_box(text)).expect("decodes"));
                },
                || {
                    black_box(
                        serde_json::from_str::<livekit_protocol::WebhookEvent>(black_box(text))
                            .expect("decodes"),
                    );
                },
            ),
        );
    }
}
