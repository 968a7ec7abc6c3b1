//! In-process tests of every route, status and header, through the same `routes::app` as `main`.

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::{test, web};
use clap::Parser;
use livekit_auth::proto::{ParticipantInfo, Room, WebhookEvent};
use livekit_auth::{TokenVerifier, WebhookSigner};
use livekit_auth_server::config::{CorsOrigins, ServeArgs};
use livekit_auth_server::{AppState, Settings, routes};
use serde_json::{Value, json};

#[derive(Parser)]
struct Args {
    #[command(flatten)]
    serve: ServeArgs,
}

fn settings(flags: &[&str]) -> Settings {
    let argv = std::iter::once("test").chain(flags.iter().copied());
    let args = Args::try_parse_from(argv).expect("flags parse");
    Settings::from_args(&args.serve).expect("valid settings")
}

macro_rules! app {
    ($settings:expr) => {{
        let state = web::Data::new(AppState::new($settings));
        test::init_service(routes::app(&state)).await
    }};
}

fn token_request(body: &str) -> test::TestRequest {
    test::TestRequest::post()
        .uri("/token")
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .set_payload(body.to_owned())
}

fn allowed_origin<B>(resp: &ServiceResponse<B>) -> Option<&[u8]> {
    resp.headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .map(|v| v.as_bytes())
}

async fn json_body<B: MessageBody>(resp: ServiceResponse<B>) -> Value {
    let bytes = test::read_body(resp).await;
    serde_json::from_slice(&bytes).expect("JSON body")
}

#[actix_web::test]
async fn token_route_mints_a_join_token_with_the_exact_strings() {
    let app = app!(settings(&[]));
    let resp = test::call_service(
        &app,
        token_request(r#"{"roomName":"my \"room\"","participantName":"Zoë"}"#).to_request(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let body = json_body(resp).await;
    let jwt = body["token"].as_str().expect("token");
    let claims = TokenVerifier::new("devkey", "secret")
        .verify(jwt)
        .expect("verifies");
    assert_eq!(claims.identity, "Zoë");
    let video = claims.video.expect("video");
    assert!(video.room_join);
    assert_eq!(video.room, "my \"room\"");
    assert_eq!(
        claims.expires_at.zip(claims.not_before).map(|(e, n)| e - n),
        Some(6 * 3600)
    );
}

#[actix_web::test]
async fn token_route_applies_configured_ttl_and_permissions() {
    let app = app!(settings(&[
        "--token-ttl",
        "15m",
        "--can-publish",
        "false",
        "--can-publish-sources",
        "camera,microphone",
        "--api-key",
        "APIprod",
        "--api-secret",
        "a-production-secret-of-32-chars!!"
    ]));
    let resp = test::call_service(
        &app,
        token_request(r#"{"roomName":"r","participantName":"p"}"#).to_request(),
    )
    .await;
    let body = json_body(resp).await;
    let claims = TokenVerifier::new("APIprod", "a-production-secret-of-32-chars!!")
        .verify(body["token"].as_str().expect("token"))
        .expect("verifies");
    assert_eq!(
        claims.expires_at.zip(claims.not_before).map(|(e, n)| e - n),
        Some(900)
    );
    let video = claims.video.expect("video");
    assert_eq!(video.can_publish, Some(false));
    assert_eq!(video.can_publish_sources.len(), 2);
}

#[actix_web::test]
async fn token_route_requires_both_fields_as_non_empty_strings() {
    let app = app!(settings(&[]));
    for body in [
        r#"{}"#,
        r#"{"roomName":"r"}"#,
        r#"{"participantName":"p"}"#,
        r#"{"roomName":"","participantName":"p"}"#,
        r#"{"roomName":"r","participantName":42}"#,
        r#"{"roomName":["r"],"participantName":"p"}"#,
        r#"{"roomName":null,"participantName":"p"}"#,
        r#"["r","p"]"#,
        r#""text""#,
    ] {
        let resp = test::call_service(&app, token_request(body).to_request()).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            json_body(resp).await,
            json!({"errorMessage": "roomName and participantName are required"}),
            "{body}"
        );
    }
}

#[actix_web::test]
async fn token_route_answers_json_errors_for_bad_json_type_and_size() {
    let app = app!(settings(&["--token-body-limit", "64"]));
    let cases = [
        (token_request("{not json"), StatusCode::BAD_REQUEST),
        (
            test::TestRequest::post()
                .uri("/token")
                .insert_header((header::CONTENT_TYPE, "text/plain"))
                .set_payload(r#"{"roomName":"r","participantName":"p"}"#),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            test::TestRequest::post()
                .uri("/token")
                .set_payload(r#"{"roomName":"r","participantName":"p"}"#),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            test::TestRequest::post()
                .uri("/token")
                .insert_header((header::CONTENT_TYPE, "application/jsonp"))
                .set_payload(r#"{"roomName":"r","participantName":"p"}"#),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            token_request(&format!(
                r#"{{"roomName":"{}","participantName":"p"}}"#,
                "r".repeat(100)
            )),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    for (req, status) in cases {
        let resp = test::call_service(&app, req.to_request()).await;
        assert_eq!(resp.status(), status);
        assert_eq!(
            resp.headers()
                .get(header::CONTENT_TYPE)
                .map(|v| v.as_bytes()),
            Some(&b"application/json"[..])
        );
        let body = json_body(resp).await;
        assert!(body["errorMessage"].is_string(), "{body}");
    }
}

#[actix_web::test]
async fn token_route_accepts_json_with_charset_and_vendor_types() {
    let app = app!(settings(&[]));
    for ct in [
        "application/json; charset=utf-8",
        "Application/JSON",
        " application/json ;charset=utf-8",
        "application/vnd.api+json",
    ] {
        let req = test::TestRequest::post()
            .uri("/token")
            .insert_header((header::CONTENT_TYPE, ct))
            .set_payload(r#"{"roomName":"r","participantName":"p"}"#)
            .to_request();
        assert_eq!(
            test::call_service(&app, req).await.status(),
            StatusCode::OK,
            "{ct}"
        );
    }
}

fn signed_event() -> (Vec<u8>, String) {
    let event = WebhookEvent {
        event: "participant_joined".into(),
        id: "EV_test".into(),
        created_at: 1_800_000_000,
        room: Some(Room {
            name: "my-room".into(),
            sid: "RM_1".into(),
            ..Room::default()
        }),
        participant: Some(ParticipantInfo {
            identity: "alice".into(),
            sid: "PA_1".into(),
            ..ParticipantInfo::default()
        }),
        ..WebhookEvent::default()
    };
    WebhookSigner::new("devkey", "secret")
        .sign_event(&event)
        .expect("signs")
}

fn webhook_request(path: &str, body: &[u8], auth: Option<&str>) -> test::TestRequest {
    let mut req = test::TestRequest::post()
        .uri(path)
        .insert_header((header::CONTENT_TYPE, "application/webhook+json"))
        .set_payload(body.to_vec());
    if let Some(auth) = auth {
        req = req.insert_header((header::AUTHORIZATION, auth.to_owned()));
    }
    req
}

#[actix_web::test]
async fn webhook_routes_accept_a_signed_event_on_both_paths() {
    let app = app!(settings(&[]));
    let (body, auth) = signed_event();
    for path in ["/webhook", "/livekit/webhook"] {
        let resp =
            test::call_service(&app, webhook_request(path, &body, Some(&auth)).to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        assert_eq!(test::read_body(resp).await, "ok");
    }
}

#[actix_web::test]
async fn webhook_route_answers_the_seed_401s() {
    let app = app!(settings(&[]));
    let (body, auth) = signed_event();
    let mut tampered = body.clone();
    tampered[2] ^= 1;
    let wrong_secret = WebhookSigner::new("devkey", "not-secret")
        .authorization(&body)
        .expect("signs");
    let cases: [(&[u8], Option<&str>, &str); 5] = [
        (&body, None, "Authorization header is required"),
        (&body, Some(""), "Authorization header is required"),
        (&tampered, Some(&auth), "Authorization header is not valid"),
        (
            &body,
            Some(&wrong_secret),
            "Authorization header is not valid",
        ),
        (&body, Some("garbage"), "Authorization header is not valid"),
    ];
    for (body, auth, message) in cases {
        let resp =
            test::call_service(&app, webhook_request("/webhook", body, auth).to_request()).await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{message}");
        assert_eq!(test::read_body(resp).await, message);
    }
}

#[actix_web::test]
async fn webhook_route_rejects_duplicate_authorization_headers() {
    let app = app!(settings(&[]));
    let (body, auth) = signed_event();
    let req = webhook_request("/webhook", &body, Some(&auth))
        .append_header((header::AUTHORIZATION, auth.clone()))
        .to_request();
    assert_eq!(
        test::call_service(&app, req).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn webhook_route_accepts_rotated_keys() {
    let app = app!(settings(&[
        "--keys",
        "APIold: old-secret, APInext: next-secret"
    ]));
    let body = br#"{"event":"room_started","room":{"name":"r"}}"#;
    for (key, secret) in [
        ("devkey", "secret"),
        ("APIold", "old-secret"),
        ("APInext", "next-secret"),
    ] {
        let auth = WebhookSigner::new(key, secret)
            .authorization(body)
            .expect("signs");
        let resp = test::call_service(
            &app,
            webhook_request("/webhook", body, Some(&auth)).to_request(),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::OK, "{key}");
    }
}

#[actix_web::test]
async fn webhook_route_answers_400_for_an_authentic_but_undecodable_body() {
    let app = app!(settings(&[]));
    let body = br#"{"event": 42}"#;
    let auth = WebhookSigner::new("devkey", "secret")
        .authorization(body)
        .expect("signs");
    let resp = test::call_service(
        &app,
        webhook_request("/webhook", body, Some(&auth)).to_request(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(json_body(resp).await["errorMessage"].is_string());
}

#[actix_web::test]
async fn webhook_route_limits_the_body() {
    let app = app!(settings(&["--webhook-body-limit", "1024"]));
    let body = vec![b' '; 2048];
    let auth = WebhookSigner::new("devkey", "secret")
        .authorization(&body)
        .expect("signs");
    let resp = test::call_service(
        &app,
        webhook_request("/webhook", &body, Some(&auth)).to_request(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(json_body(resp).await["errorMessage"].is_string());
}

#[actix_web::test]
async fn cors_is_open_to_any_origin_by_default() {
    let app = app!(settings(&[]));
    let preflight = test::TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri("/token")
        .insert_header((header::ORIGIN, "http://localhost:5080"))
        .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "POST"))
        .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"))
        .to_request();
    let resp = test::call_service(&app, preflight).await;
    assert!(resp.status().is_success());
    let h = resp.headers();
    assert_eq!(allowed_origin(&resp), Some(&b"*"[..]));
    let methods = h
        .get(header::ACCESS_CONTROL_ALLOW_METHODS)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(methods.contains("POST"), "{methods}");

    let req = token_request(r#"{"roomName":"r","participantName":"p"}"#)
        .insert_header((header::ORIGIN, "https://app.example.com"))
        .to_request();
    let resp = test::call_service(&app, req).await;
    assert_eq!(allowed_origin(&resp), Some(&b"*"[..]));
    // `*` is the answer to every origin, so caches need no `Vary`.
    assert!(resp.headers().get(header::VARY).is_none());
}

#[actix_web::test]
async fn cors_can_be_restricted_to_listed_origins() {
    let s = settings(&["--cors-allowed-origins", "https://app.example.com"]);
    assert_eq!(
        s.cors,
        CorsOrigins::List(vec!["https://app.example.com".into()])
    );
    let app = app!(s);
    let allowed = token_request(r#"{"roomName":"r","participantName":"p"}"#)
        .insert_header((header::ORIGIN, "https://app.example.com"))
        .to_request();
    let resp = test::call_service(&app, allowed).await;
    assert_eq!(allowed_origin(&resp), Some(&b"https://app.example.com"[..]));
    // The reply names the origin, so caches must key it by origin.
    let vary = resp
        .headers()
        .get(header::VARY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(vary.contains("Origin"), "{vary}");
    let preflight = test::TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri("/token")
        .insert_header((header::ORIGIN, "https://evil.example.com"))
        .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "POST"))
        .to_request();
    let resp = test::call_service(&app, preflight).await;
    assert!(allowed_origin(&resp).is_none());
}

#[actix_web::test]
async fn health_unknown_routes_and_wrong_methods_answer_json() {
    let app = app!(settings(&[]));
    let resp = test::call_service(&app, test::TestRequest::get().uri("/health").to_request()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(json_body(resp).await, json!({"status": "ok"}));

    let resp = test::call_service(&app, test::TestRequest::get().uri("/nope").to_request()).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_body(resp).await, json!({"errorMessage": "not found"}));

    for (method, uri) in [
        ("GET", "/token"),
        ("PUT", "/webhook"),
        ("DELETE", "/livekit/webhook"),
    ] {
        let req = test::TestRequest::default()
            .method(method.parse().expect("method"))
            .uri(uri)
            .to_request();
        let resp = test::call_service(&app, req).await;
        assert_eq!(
            resp.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}"
        );
        assert_eq!(
            json_body(resp).await,
            json!({"errorMessage": "method not allowed"})
        );
    }
}

#[core::prelude::v1::test]
fn defaults_match_the_seed_and_livekit_dev_mode() {
    let s = settings(&[]);
    assert_eq!(s.addr.port(), 6080);
    assert_eq!(s.api_key, "devkey");
    assert!(s.webhook_keys.contains("devkey"));
    assert_eq!(s.token_ttl, std::time::Duration::from_secs(6 * 3600));
    assert_eq!(s.cors, CorsOrigins::Any);
    assert_eq!(s.warnings.len(), 1, "development credentials warn");
}

#[core::prelude::v1::test]
fn short_secrets_warn_and_bad_values_are_refused() {
    let s = settings(&["--api-key", "APIx", "--api-secret", "short"]);
    assert!(s.warnings.iter().any(|w| w.contains("at least 32")));
    assert!(s.warnings.iter().all(|w| !w.contains("short")));

    let refuse = |flags: &[&str]| {
        let argv = std::iter::once("test").chain(flags.iter().copied());
        Args::try_parse_from(argv)
            .map_err(|e| e.to_string())
            .and_then(|a| Settings::from_args(&a.serve).map_err(|e| e.to_string()))
            .expect_err("refused")
    };
    assert!(refuse(&["--token-ttl", "0s"]).contains("TOKEN_TTL"));
    assert!(refuse(&["--token-ttl", "soon"]).contains("6h"));
    assert!(refuse(&["--cors-allowed-origins", "example.com"]).contains("CORS_ALLOWED_ORIGINS"));
    assert!(refuse(&["--can-publish-sources", "hologram"]).contains("hologram"));
    assert!(refuse(&["--api-secret", ""]).contains("must not be empty"));
    assert!(refuse(&["--keys", "devkey: other"]).contains("devkey"));
    assert!(refuse(&["--key-file", "/nonexistent/keys.yaml"]).contains("/nonexistent/keys.yaml"));
}
