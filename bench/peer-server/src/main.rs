//! POST /token and POST /webhook on actix-web with the official livekit-api crate, configured
//! like livekit-auth-server (SERVER_PORT, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, SERVER_WORKERS).

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use livekit_api::access_token::{AccessToken, TokenVerifier, VideoGrants};
use livekit_api::webhooks::WebhookReceiver;
use serde_json::{Value, json};

struct State {
    key: String,
    secret: String,
    receiver: WebhookReceiver,
}

async fn token(body: web::Bytes, state: web::Data<State>) -> HttpResponse {
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return HttpResponse::BadRequest().json(json!({"errorMessage": "invalid JSON"}));
    };
    let field = |name| request.get(name).and_then(Value::as_str).filter(|s| !s.is_empty());
    let (Some(room), Some(participant)) = (field("roomName"), field("participantName")) else {
        return HttpResponse::BadRequest()
            .json(json!({"errorMessage": "roomName and participantName are required"}));
    };
    match AccessToken::with_api_key(&state.key, &state.secret)
        .with_identity(participant)
        .with_grants(VideoGrants { room_join: true, room: room.to_owned(), ..Default::default() })
        .to_jwt()
    {
        Ok(token) => HttpResponse::Ok().json(json!({ "token": token })),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn webhook(req: HttpRequest, body: web::Bytes, state: web::Data<State>) -> HttpResponse {
    let Some(auth) = req.headers().get("Authorization").and_then(|v| v.to_str().ok()) else {
        return HttpResponse::Unauthorized().body("Authorization header is required");
    };
    let Ok(text) = std::str::from_utf8(&body) else {
        return HttpResponse::Unauthorized().body("Authorization header is not valid");
    };
    match state.receiver.receive(text, auth) {
        Ok(event) => {
            eprintln!("webhook event={} id={}", event.event, event.id);
            HttpResponse::Ok().body("ok")
        }
        Err(_) => HttpResponse::Unauthorized().body("Authorization header is not valid"),
    }
}

fn main() -> std::io::Result<()> {
    let var = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
    let port: u16 = var("SERVER_PORT", "6081").parse().expect("SERVER_PORT");
    let workers: usize = var("SERVER_WORKERS", "1").parse().expect("SERVER_WORKERS");
    let (key, secret) = (var("LIVEKIT_API_KEY", "devkey"), var("LIVEKIT_API_SECRET", "secret"));
    let state = web::Data::new(State {
        receiver: WebhookReceiver::new(TokenVerifier::with_api_key(&key, &secret)),
        key,
        secret,
    });
    actix_web::rt::System::new().block_on(
        HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(1024 * 1024))
                .route("/token", web::post().to(token))
                .route("/webhook", web::post().to(webhook))
        })
        .workers(workers)
        .bind(("127.0.0.1", port))?
        .run(),
    )
}
