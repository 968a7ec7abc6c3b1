use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::error::WebhookError;
use crate::numeric_date;
use crate::proto::{FromJson, WebhookEvent};
use crate::verify::{Registered, TokenVerifier};

/// Checks and decodes the webhooks a LiveKit server sends.
///
/// [`receive`](Self::receive) verifies the token in the `Authorization` header with a
/// [`TokenVerifier`], requires its `sha256` claim, compares it in constant time with the hash
/// of the **raw** body bytes, and only then decodes the body (with [`FromJson`], straight from
/// the text).
///
/// ```
/// use livekit_auth::{EventKind, TokenVerifier, WebhookReceiver, WebhookSigner};
///
/// // What the LiveKit server would send (the signer plays the server here).
/// let body = br#"{"event":"room_started","room":{"name":"my-room"},"id":"EV_1","createdAt":"1700000000"}"#;
/// let authorization = WebhookSigner::new("devkey", "secret").authorization(body)?;
///
/// let receiver = WebhookReceiver::new(TokenVerifier::new("devkey", "secret"));
/// let event = receiver.receive(body, &authorization)?;
/// assert_eq!(event.kind(), EventKind::RoomStarted);
/// assert_eq!(event.room.map(|r| r.name).as_deref(), Some("my-room"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct WebhookReceiver {
    verifier: TokenVerifier,
}

impl WebhookReceiver {
    /// A receiver that verifies with `verifier` (and so with its keys, leeway and clock).
    pub fn new(verifier: TokenVerifier) -> Self {
        Self { verifier }
    }

    /// The verifier in use.
    pub fn verifier(&self) -> &TokenVerifier {
        &self.verifier
    }

    /// Verifies and decodes one webhook.
    ///
    /// `body` must be the bytes as received; `authorization` is the header value (LiveKit sends
    /// the bare token; a `Bearer ` prefix is accepted too).
    pub fn receive(&self, body: &[u8], authorization: &str) -> Result<WebhookEvent, WebhookError> {
        self.authenticate(body, authorization)?;
        let text =
            std::str::from_utf8(body).map_err(|e| WebhookError::MalformedBody(Box::new(e)))?;
        WebhookEvent::from_json(text).map_err(|e| WebhookError::MalformedBody(Box::new(e)))
    }

    /// Checks that `body` is the one LiveKit signed, without decoding it.
    pub fn authenticate(&self, body: &[u8], authorization: &str) -> Result<(), WebhookError> {
        let token = strip_bearer(authorization.trim());
        if token.is_empty() {
            return Err(WebhookError::MissingAuthorization);
        }
        let claims: WebhookClaims = self.verifier.verify_as(token)?;
        if claims.sha256.is_empty() {
            return Err(WebhookError::MissingBodyHash);
        }
        let actual = super::body_hash(body);
        if bool::from(actual.as_bytes().ct_eq(claims.sha256.as_bytes())) {
            Ok(())
        } else {
            Err(WebhookError::BodyHashMismatch)
        }
    }
}

/// What a webhook token must carry. The other claims of a LiveKit webhook token (none, in
/// practice) are not decoded.
#[derive(Deserialize)]
struct WebhookClaims {
    #[serde(rename = "iss", default)]
    issuer: String,
    #[serde(
        rename = "nbf",
        default,
        deserialize_with = "numeric_date::deserialize"
    )]
    not_before: Option<i64>,
    #[serde(
        rename = "exp",
        default,
        deserialize_with = "numeric_date::deserialize"
    )]
    expires_at: Option<i64>,
    #[serde(default)]
    sha256: String,
}

impl Registered for WebhookClaims {
    fn issuer(&self) -> &str {
        &self.issuer
    }
    fn expires_at(&self) -> Option<i64> {
        self.expires_at
    }
    fn not_before(&self) -> Option<i64> {
        self.not_before
    }
}

fn strip_bearer(header: &str) -> &str {
    match header.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => header[7..].trim_start(),
        _ => header,
    }
}

#[cfg(test)]
mod tests {
    use super::strip_bearer;

    #[test]
    fn bearer_prefix_is_optional_and_case_insensitive() {
        assert_eq!(strip_bearer("Bearer abc"), "abc");
        assert_eq!(strip_bearer("bearer   abc"), "abc");
        assert_eq!(strip_bearer("abc"), "abc");
        assert_eq!(strip_bearer("Bearer"), "Bearer");
        assert_eq!(strip_bearer("é"), "é");
    }
}
