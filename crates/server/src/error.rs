//! HTTP errors of the API: each maps to a status and a JSON `{"errorMessage": …}` body, the
//! shape the OpenVidu web clients read on a non-2xx reply.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

/// A failure answered to the client.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("roomName and participantName are required")]
    MissingFields,
    #[error("request body is not valid JSON")]
    InvalidJson,
    #[error("Content-Type must be application/json")]
    UnsupportedMediaType,
    #[error("request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("could not read the request body")]
    BodyRead,
    #[error("could not create the token")]
    Mint,
    #[error("webhook body is not a valid LiveKit WebhookEvent")]
    WebhookBody,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::MissingFields | Self::InvalidJson | Self::WebhookBody => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BodyRead => StatusCode::BAD_REQUEST,
            Self::Mint => StatusCode::INTERNAL_SERVER_ERROR,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(ErrorReply {
            error_message: self.to_string(),
        })
    }
}

/// `{"errorMessage": "…"}`, as the seed answers.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorReply {
    error_message: String,
}

/// An error and its sources on one line (`outer: inner: …`), for logs and the CLI.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
