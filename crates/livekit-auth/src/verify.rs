//! Verifying access tokens.

use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::claims::Claims;
use crate::clock::{Clock, ClockHandle};
use crate::error::TokenError;
use crate::jws;
use crate::keys::{KeyProvider, KeySet};
use crate::secret::ApiSecret;

/// Clock skew tolerated on `exp` and `nbf` by default: 60 s, as the Go, Python and Rust SDKs.
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(60);

/// Longest token accepted by default (64 KiB); real tokens, `roomConfig` included, are far shorter.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 64 * 1024;

/// Verifies LiveKit tokens: HS256 only, `exp` required, `nbf` honoured, `iss` must name a
/// known API key whose secret signed the token.
///
/// Build it once and share it: it is cheap to clone and `Send + Sync`.
///
/// ```
/// use livekit_auth::{AccessToken, TokenVerifier, VideoGrant};
///
/// let jwt = AccessToken::new("devkey", "secret")
///     .with_identity("alice")
///     .with_video_grant(VideoGrant::join("my-room"))
///     .to_jwt()?;
///
/// let claims = TokenVerifier::new("devkey", "secret").verify(&jwt)?;
/// assert_eq!(claims.identity, "alice");
/// assert_eq!(claims.video.map(|v| v.room), Some("my-room".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct TokenVerifier {
    keys: Arc<dyn KeyProvider>,
    clock: ClockHandle,
    leeway: u64,
    max_len: usize,
}

impl TokenVerifier {
    /// A verifier that knows one API key.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<ApiSecret>) -> Self {
        Self::with_keys(KeySet::single(api_key, api_secret))
    }

    /// A verifier that picks the secret by the token's `iss` from `keys`.
    pub fn with_keys(keys: impl KeyProvider + 'static) -> Self {
        Self::with_shared_keys(Arc::new(keys))
    }

    /// Like [`with_keys`](Self::with_keys), for a provider that is shared already.
    pub fn with_shared_keys(keys: Arc<dyn KeyProvider>) -> Self {
        Self {
            keys,
            clock: ClockHandle::default(),
            leeway: DEFAULT_LEEWAY.as_secs(),
            max_len: DEFAULT_MAX_TOKEN_LEN,
        }
    }

    /// Tolerated clock skew on `exp` and `nbf` (default [`DEFAULT_LEEWAY`], whole seconds).
    #[must_use]
    pub fn with_leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway.as_secs();
        self
    }

    /// The clock to check `exp` and `nbf` against (default: the system clock).
    #[must_use]
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = ClockHandle::custom(clock);
        self
    }

    /// Longest token accepted (default [`DEFAULT_MAX_TOKEN_LEN`]).
    #[must_use]
    pub fn with_max_token_len(mut self, max: usize) -> Self {
        self.max_len = max;
        self
    }

    /// The key provider.
    pub fn keys(&self) -> &dyn KeyProvider {
        self.keys.as_ref()
    }

    /// Verifies `token` and returns its claims.
    ///
    /// The order of checks: size, shape, algorithm, claims JSON, issuer, signature, expiry.
    /// The claims are parsed once, before the signature check, because `iss` selects the key;
    /// nothing parsed is returned unless the signature matches.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        self.verify_as(token)
    }

    /// [`verify`](Self::verify) into any claims type that exposes the registered claims; a
    /// narrower type (the webhook receiver's) skips decoding what it does not need.
    pub(crate) fn verify_as<C>(&self, token: &str) -> Result<C, TokenError>
    where
        C: DeserializeOwned + Registered,
    {
        if token.len() > self.max_len {
            return Err(TokenError::TooLarge {
                len: token.len(),
                max: self.max_len,
            });
        }
        let parts = jws::split(token)?;
        jws::check_header(parts.header)?;
        let claims: C = jws::decode_payload(parts.payload)?;
        let secret =
            self.keys
                .secret(claims.issuer())
                .ok_or_else(|| TokenError::UnknownIssuer {
                    issuer: claims.issuer().chars().take(64).collect(),
                })?;
        jws::verify_signature(parts.message, parts.signature, secret)?;
        self.check_times(&claims)?;
        Ok(claims)
    }

    fn check_times(&self, claims: &impl Registered) -> Result<(), TokenError> {
        let now = self.clock.now_unix();
        let leeway = i64::try_from(self.leeway).unwrap_or(i64::MAX);
        let expired_at = claims.expires_at().ok_or(TokenError::MissingExpiry)?;
        if now.saturating_sub(leeway) >= expired_at {
            return Err(TokenError::Expired {
                expired_at,
                now,
                leeway: self.leeway,
            });
        }
        if let Some(not_before) = claims.not_before()
            && now.saturating_add(leeway) < not_before
        {
            return Err(TokenError::NotYetValid {
                not_before,
                now,
                leeway: self.leeway,
            });
        }
        Ok(())
    }
}

/// The registered claims that verification reads: `iss` picks the key, `exp` and `nbf` bound
/// the validity.
pub(crate) trait Registered {
    fn issuer(&self) -> &str;
    fn expires_at(&self) -> Option<i64>;
    fn not_before(&self) -> Option<i64>;
}

impl Registered for Claims {
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
