//! The HTTP API. [`app`] builds it; `main` and the tests both use it, so the tested routes are
//! the served routes.

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::{App, HttpRequest, HttpResponse, ResponseError, web};
use futures_util::StreamExt;
use livekit_auth::WebhookError;
use livekit_auth::proto::WebhookEvent;

use crate::config::CorsOrigins;
use crate::error::{ApiError, error_chain};
use crate::state::AppState;
use crate::token_request::{TokenRequest, TokenRequestError};

/// The app: the routes, the CORS policy around all of them (the 404/405 replies too) and the
/// state the handlers read.
pub fn app(
    state: &web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody + use<>>,
        Error = actix_web::Error,
        InitError = (),
    > + use<>,
> {
    App::new()
        .app_data(state.clone())
        .wrap(cors(&state.settings().cors))
        .route("/token", web::post().to(token))
        .route("/token", web::route().to(method_not_allowed))
        .route("/webhook", web::post().to(webhook))
        .route("/livekit/webhook", web::post().to(webhook))
        .route("/webhook", web::route().to(method_not_allowed))
        .route("/livekit/webhook", web::route().to(method_not_allowed))
        .route("/health", web::get().to(health))
        .route("/health", web::route().to(method_not_allowed))
        .default_service(web::to(not_found))
}

fn cors(origins: &CorsOrigins) -> Cors {
    let cors = Cors::default()
        .allowed_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_any_header()
        .max_age(3600);
    match origins {
        // Any origin, answered with `*`: the same reply for every origin, so no `Vary`.
        CorsOrigins::Any => cors
            .allow_any_origin()
            .send_wildcard()
            .disable_vary_header(),
        CorsOrigins::List(list) => list.iter().fold(cors, |c, o| c.allowed_origin(o)),
    }
}

/// `POST /token` `{"roomName", "participantName"}` → `{"token"}`.
async fn token(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if !is_json(&req) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let body = read_body(&req, payload, state.settings().token_body_limit).await?;
    let request = TokenRequest::parse(&body).map_err(|e| match e {
        TokenRequestError::InvalidJson => ApiError::InvalidJson,
        TokenRequestError::MissingFields => ApiError::MissingFields,
    })?;
    let token = state
        .mint(&request.room_name, &request.participant_name)
        .map_err(|e| {
            tracing::error!(error = %e, "minting a token failed");
            ApiError::Mint
        })?;
    Ok(HttpResponse::Ok()
        .content_type(json())
        .body(token_reply(&token)))
}

/// The reply web clients read: `{"token": "…"}`. A compact JWT is base64url and dots only, so
/// it goes into the JSON string as it is.
fn token_reply(token: &str) -> String {
    debug_assert!(
        token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    );
    let mut body = String::with_capacity(token.len() + 12);
    body.push_str(r#"{"token":""#);
    body.push_str(token);
    body.push_str(r#""}"#);
    body
}

/// `POST /webhook` and `POST /livekit/webhook`: verify, decode, log, answer `ok`.
async fn webhook(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = read_body(&req, payload, state.settings().webhook_body_limit).await?;
    let mut values = req.headers().get_all(header::AUTHORIZATION);
    let authorization = match (values.next(), values.next()) {
        (None, _) => return Ok(unauthorized("Authorization header is required")),
        // Not `to_str`, which checks byte by byte: the verifier refuses anything but a token.
        (Some(value), None) => std::str::from_utf8(value.as_bytes()).unwrap_or_default(),
        // Two Authorization headers: which one LiveKit meant is unknowable.
        (Some(_), Some(_)) => return Ok(unauthorized("Authorization header is not valid")),
    };
    match state.receiver().receive(&body, authorization) {
        Ok(event) => {
            log_event(&event);
            Ok(HttpResponse::Ok().content_type(plain_text()).body("ok"))
        }
        Err(WebhookError::MissingAuthorization) => {
            Ok(unauthorized("Authorization header is required"))
        }
        Err(WebhookError::MalformedBody(e)) => {
            tracing::warn!(error = %e, "authentic webhook with an undecodable body");
            Err(ApiError::WebhookBody)
        }
        Err(e) => {
            tracing::warn!(reason = %error_chain(&e), "rejected webhook");
            Ok(unauthorized("Authorization header is not valid"))
        }
    }
}

/// The reply content types, as ready header values (a string or a mime would be parsed and
/// checked on every reply).
fn plain_text() -> header::HeaderValue {
    header::HeaderValue::from_static("text/plain; charset=utf-8")
}

fn json() -> header::HeaderValue {
    header::HeaderValue::from_static("application/json")
}

fn unauthorized(message: &'static str) -> HttpResponse {
    HttpResponse::Unauthorized()
        .content_type(plain_text())
        .body(message)
}

/// One structured line per event: what an operator greps for, and nothing secret. Fields the
/// event does not carry are left out rather than logged empty.
fn log_event(event: &WebhookEvent) {
    fn present(value: &str) -> Option<&str> {
        Some(value).filter(|v| !v.is_empty())
    }
    let room = event.room.as_ref();
    let participant = event.participant.as_ref();
    tracing::info!(
        event = %event.event,
        id = %event.id,
        created_at = event.created_at,
        room = room.and_then(|r| present(&r.name)),
        room_sid = room.and_then(|r| present(&r.sid)),
        participant = participant.and_then(|p| present(&p.identity)),
        participant_sid = participant.and_then(|p| present(&p.sid)),
        track_sid = event.track.as_ref().and_then(|t| present(&t.sid)),
        egress_id = event.egress_info.as_ref().and_then(|e| present(&e.egress_id)),
        ingress_id = event.ingress_info.as_ref().and_then(|i| present(&i.ingress_id)),
        job_id = event.job.as_ref().and_then(|j| present(&j.id)),
        "webhook event"
    );
}

async fn health() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(json())
        .body(r#"{"status":"ok"}"#)
}

async fn not_found() -> HttpResponse {
    ApiError::NotFound.error_response()
}

async fn method_not_allowed() -> HttpResponse {
    ApiError::MethodNotAllowed.error_response()
}

fn is_json(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return false;
    };
    // What every web client sends, compared as bytes before the general rule below.
    if value.as_bytes() == b"application/json" {
        return true;
    }
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence
            .rsplit_once('+')
            .is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case("json"))
}

/// Reads the whole body, refusing it as soon as it exceeds `limit` (by Content-Length or by
/// what arrives).
async fn read_body(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> Result<web::Bytes, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        // Digits only, so `parse` alone checks the value (no `to_str` pass first).
        .and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    // A body that arrives in one chunk (the usual case) is kept as it is; only a body in
    // several chunks is copied together.
    let mut first = web::Bytes::new();
    let mut joined: Option<web::BytesMut> = None;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::BodyRead)?;
        let so_far = joined.as_ref().map_or(first.len(), |j| j.len());
        if so_far + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        match &mut joined {
            Some(joined) => joined.extend_from_slice(&chunk),
            None if first.is_empty() => first = chunk,
            None => {
                let capacity = declared.unwrap_or(0).clamp(so_far + chunk.len(), limit);
                let mut both = web::BytesMut::with_capacity(capacity);
                both.extend_from_slice(&first);
                both.extend_from_slice(&chunk);
                joined = Some(both);
            }
        }
    }
    Ok(joined.map_or(first, web::BytesMut::freeze))
}
