//! Every failure path of the API, with the logs captured: neither the API secret nor a full
//! token may appear in a log line or a reply.

use std::io::Write;
use std::sync::{Arc, Mutex};

use actix_web::http::header;
use actix_web::{test, web};
use clap::Parser;
use livekit_auth::{AccessToken, FixedClock, WebhookSigner};
use livekit_auth_server::config::ServeArgs;
use livekit_auth_server::{AppState, Settings, routes};

const KEY: &str = "APIsecretcheck";
const SECRET: &str = "never-log-this-secret-value-0123456789";

#[derive(Parser)]
struct Args {
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[actix_web::test]
async fn no_failure_path_logs_or_returns_the_secret_or_a_token() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let args = Args::try_parse_from([
        "test",
        "--api-key",
        KEY,
        "--api-secret",
        SECRET,
        "--token-body-limit",
        "256",
    ])
    .expect("flags");
    let state = web::Data::new(AppState::new(
        Settings::from_args(&args.serve).expect("settings"),
    ));
    let app = test::init_service(routes::app(&state)).await;

    let body = br#"{"event":"room_started","room":{"name":"r"}}"#.to_vec();
    let signer = WebhookSigner::new(KEY, SECRET);
    let good = signer.authorization(&body).expect("signs");
    let expired = WebhookSigner::new(KEY, SECRET)
        .with_clock(FixedClock::at(1_000_000_000))
        .authorization(&body)
        .expect("signs");
    let wrong_secret = WebhookSigner::new(KEY, "guess")
        .authorization(&body)
        .expect("signs");
    let no_hash = AccessToken::new(KEY, SECRET).to_jwt().expect("mints");
    let undecodable = br#"{"event":{}}"#.to_vec();
    let undecodable_auth = signer.authorization(&undecodable).expect("signs");
    let mut tampered = body.clone();
    tampered[3] ^= 1;
    let tokens = [&good, &expired, &wrong_secret, &no_hash, &undecodable_auth];

    let webhook_cases: Vec<(Vec<u8>, Option<String>)> = vec![
        (body.clone(), None),
        (body.clone(), Some(String::new())),
        (body.clone(), Some("garbage".into())),
        (body.clone(), Some(format!("Bearer {wrong_secret}"))),
        (body.clone(), Some(expired.clone())),
        (body.clone(), Some(no_hash.clone())),
        (tampered, Some(good.clone())),
        (undecodable, Some(undecodable_auth.clone())),
        (vec![b'x'; 2 << 20], Some(good.clone())),
    ];
    let mut replies = Vec::new();
    for (payload, auth) in webhook_cases {
        let mut req = test::TestRequest::post()
            .uri("/webhook")
            .set_payload(payload);
        if let Some(auth) = auth {
            req = req.insert_header((header::AUTHORIZATION, auth));
        }
        let resp = test::call_service(&app, req.to_request()).await;
        assert!(!resp.status().is_success());
        replies.push(test::read_body(resp).await);
    }
    for (payload, content_type) in [
        ("{".to_owned(), "application/json"),
        ("{}".to_owned(), "application/json"),
        (r#"{"roomName":"r"}"#.to_owned(), "text/plain"),
        ("x".repeat(1000), "application/json"),
    ] {
        let req = test::TestRequest::post()
            .uri("/token")
            .insert_header((header::CONTENT_TYPE, content_type))
            .set_payload(payload);
        let resp = test::call_service(&app, req.to_request()).await;
        assert!(!resp.status().is_success());
        replies.push(test::read_body(resp).await);
    }

    let logged = String::from_utf8(logs.0.lock().expect("lock").clone()).expect("utf8");
    assert!(
        logged.contains("rejected webhook"),
        "the failures were logged: {logged}"
    );
    let replied: String = replies
        .iter()
        .map(|r| String::from_utf8_lossy(r).into_owned())
        .collect();
    for text in [&logged, &replied] {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        for token in tokens {
            assert!(!text.contains(token.as_str()), "token leaked: {text}");
            // Not even the signature segment.
            let signature = token.rsplit('.').next().expect("segment");
            assert!(!text.contains(signature), "signature leaked: {text}");
        }
    }
}
