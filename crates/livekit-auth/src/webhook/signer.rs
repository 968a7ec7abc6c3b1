use crate::claims::Claims;
use crate::clock::{Clock, ClockHandle};
use crate::error::MintError;
use crate::proto::WebhookEvent;
use crate::secret::ApiSecret;

/// How long a webhook token is valid: 5 minutes, as the LiveKit server signs them.
pub const WEBHOOK_TOKEN_TTL_SECS: i64 = 5 * 60;

/// Signs webhook bodies the way the LiveKit server does, to test webhook endpoints.
///
/// ```
/// use livekit_auth::WebhookSigner;
/// use livekit_auth::proto::WebhookEvent;
///
/// let event = WebhookEvent { event: "room_finished".into(), ..Default::default() };
/// let (body, authorization) = WebhookSigner::new("devkey", "secret").sign_event(&event)?;
/// assert!(body.starts_with(b"{"));
/// assert_eq!(authorization.split('.').count(), 3);
/// # Ok::<(), livekit_auth::MintError>(())
/// ```
#[derive(Debug, Clone)]
pub struct WebhookSigner {
    api_key: String,
    secret: ApiSecret,
    clock: ClockHandle,
}

impl WebhookSigner {
    /// A signer for `api_key` and its secret.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<ApiSecret>) -> Self {
        Self {
            api_key: api_key.into(),
            secret: api_secret.into(),
            clock: ClockHandle::default(),
        }
    }

    /// The clock that sets `nbf` and `exp` (default: the system clock).
    #[must_use]
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = ClockHandle::custom(clock);
        self
    }

    /// The `Authorization` header value for `body`: a token whose `sha256` claim is the hash of
    /// the exact bytes, with no `sub` and no grants, valid for five minutes.
    pub fn authorization(&self, body: &[u8]) -> Result<String, MintError> {
        if self.api_key.is_empty() {
            return Err(MintError::MissingApiKey);
        }
        if self.secret.is_empty() {
            return Err(MintError::MissingApiSecret);
        }
        let now = self.clock.now_unix();
        let claims = Claims {
            issuer: self.api_key.clone(),
            not_before: Some(now),
            expires_at: Some(now.saturating_add(WEBHOOK_TOKEN_TTL_SECS)),
            sha256: super::body_hash(body),
            ..Claims::default()
        };
        crate::token::sign(&claims, &self.secret)
    }

    /// Encodes `event` as proto3 JSON and signs it: the body and the header to send.
    pub fn sign_event(&self, event: &WebhookEvent) -> Result<(Vec<u8>, String), MintError> {
        let body = serde_json::to_vec(event).map_err(|e| MintError::Signing(Box::new(e)))?;
        let authorization = self.authorization(&body)?;
        Ok((body, authorization))
    }
}
