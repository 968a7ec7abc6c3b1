//! The body of `POST /token`, read exactly as the seed reads it.

use serde_json::Value;

/// `{"roomName": …, "participantName": …}`: both non-empty strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// The room to join; becomes the grant's `room`, verbatim.
    pub room_name: String,
    /// The participant; becomes the token's identity, verbatim.
    pub participant_name: String,
}

/// Why a `/token` body was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRequestError {
    /// Not JSON at all.
    InvalidJson,
    /// JSON, but not an object with both fields as non-empty strings.
    MissingFields,
}

impl TokenRequest {
    /// Parses a request body. Anything but an object with two non-empty string fields is
    /// `MissingFields` (a list, a number, `null`, an empty string, …), as in the seed.
    pub fn parse(body: &[u8]) -> Result<Self, TokenRequestError> {
        let text = std::str::from_utf8(body).map_err(|_| TokenRequestError::InvalidJson)?;
        let request: Value =
            serde_json::from_str(text).map_err(|_| TokenRequestError::InvalidJson)?;
        let field = |name| {
            request
                .get(name)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        match (field("roomName"), field("participantName")) {
            (Some(room_name), Some(participant_name)) => Ok(Self {
                room_name,
                participant_name,
            }),
            _ => Err(TokenRequestError::MissingFields),
        }
    }
}
