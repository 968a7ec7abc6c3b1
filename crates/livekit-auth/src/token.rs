//! Minting access tokens.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::claims::{Claims, ParticipantKind};
use crate::clock::{Clock, ClockHandle};
use crate::error::MintError;
use crate::grants::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, ObservabilityGrant, SipGrant,
    VideoGrant,
};
use crate::proto::RoomConfiguration;
use crate::secret::ApiSecret;

/// Time-to-live of a token when none is set: 6 hours, as in every official SDK.
pub const DEFAULT_TTL: Duration = Duration::from_secs(6 * 60 * 60);

/// Builder for a LiveKit access token.
///
/// Every `with_*` takes the builder by value and returns it; nothing is checked until
/// [`to_jwt`](Self::to_jwt), which fails with a [`MintError`] rather than producing a token
/// LiveKit would refuse.
///
/// ```
/// use livekit_auth::{AccessToken, VideoGrant};
///
/// let jwt = AccessToken::new("devkey", "secret")
///     .with_identity("alice")
///     .with_name("Alice")
///     .with_video_grant(VideoGrant::join("my-room"))
///     .to_jwt()?;
/// assert_eq!(jwt.split('.').count(), 3);
/// # Ok::<(), livekit_auth::MintError>(())
/// ```
#[must_use = "a builder does nothing until to_jwt() is called"]
#[derive(Debug, Clone)]
pub struct AccessToken {
    api_key: String,
    secret: ApiSecret,
    claims: Claims,
    ttl: Duration,
    clock: ClockHandle,
}

impl AccessToken {
    /// Starts a token signed by `api_key` with `api_secret`.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<ApiSecret>) -> Self {
        Self {
            api_key: api_key.into(),
            secret: api_secret.into(),
            claims: Claims::default(),
            ttl: DEFAULT_TTL,
            clock: ClockHandle::default(),
        }
    }

    /// Participant identity (`sub`).
    pub fn with_identity(mut self, identity: impl Into<String>) -> Self {
        self.claims.identity = identity.into();
        self
    }

    /// Display name (`name`).
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.claims.name = name.into();
        self
    }

    /// Application metadata (`metadata`).
    pub fn with_metadata(mut self, metadata: impl Into<String>) -> Self {
        self.claims.metadata = metadata.into();
        self
    }

    /// Replaces the participant attributes (`attributes`).
    pub fn with_attributes<K, V>(mut self, attributes: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.claims.attributes = attributes
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect::<BTreeMap<_, _>>();
        self
    }

    /// Adds one participant attribute.
    pub fn with_attribute(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.claims.attributes.insert(key.into(), value.into());
        self
    }

    /// Participant kind (`kind`).
    pub fn with_kind(mut self, kind: ParticipantKind) -> Self {
        self.claims.kind = Some(kind);
        self
    }

    /// Kind details (`kindDetails`).
    pub fn with_kind_details<S: Into<String>>(
        mut self,
        details: impl IntoIterator<Item = S>,
    ) -> Self {
        self.claims.kind_details = details.into_iter().map(Into::into).collect();
        self
    }

    /// Room and media permissions (`video`).
    pub fn with_video_grant(mut self, grant: VideoGrant) -> Self {
        self.claims.video = Some(grant);
        self
    }

    /// SIP permissions (`sip`).
    pub fn with_sip_grant(mut self, grant: SipGrant) -> Self {
        self.claims.sip = Some(grant);
        self
    }

    /// Cloud agent permissions (`agent`).
    pub fn with_agent_grant(mut self, grant: AgentGrant) -> Self {
        self.claims.agent = Some(grant);
        self
    }

    /// Agent endpoint permissions (`agentEndpoint`).
    pub fn with_agent_endpoint_grant(mut self, grant: AgentEndpointGrant) -> Self {
        self.claims.agent_endpoint = Some(grant);
        self
    }

    /// Agent thread permissions (`agentThread`).
    pub fn with_agent_thread_grant(mut self, grant: AgentThreadGrant) -> Self {
        self.claims.agent_thread = Some(grant);
        self
    }

    /// Inference permissions (`inference`).
    pub fn with_inference_grant(mut self, grant: InferenceGrant) -> Self {
        self.claims.inference = Some(grant);
        self
    }

    /// Observability permissions (`observability`).
    pub fn with_observability_grant(mut self, grant: ObservabilityGrant) -> Self {
        self.claims.observability = Some(grant);
        self
    }

    /// Body hash (`sha256`), standard base64 of a SHA-256 digest.
    pub fn with_sha256(mut self, sha256: impl Into<String>) -> Self {
        self.claims.sha256 = sha256.into();
        self
    }

    /// Room preset (`roomPreset`).
    pub fn with_room_preset(mut self, preset: impl Into<String>) -> Self {
        self.claims.room_preset = preset.into();
        self
    }

    /// Configuration of a room this participant creates (`roomConfig`).
    pub fn with_room_config(mut self, config: RoomConfiguration) -> Self {
        self.claims.room_config = Some(Box::new(config));
        self
    }

    /// Every claim at once, replacing what was set before. `iss`, `nbf` and `exp` are
    /// overwritten by [`to_jwt`](Self::to_jwt).
    pub fn with_claims(mut self, claims: Claims) -> Self {
        self.claims = claims;
        self
    }

    /// How long the token is valid (default [`DEFAULT_TTL`]); must be at least one second.
    pub fn with_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// The clock that sets `nbf` and `exp` (default: the system clock).
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = ClockHandle::custom(clock);
        self
    }

    /// The claims set so far (without `iss`, `nbf`, `exp`).
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// Checks the rules and signs the token with HS256. Consumes the builder (clone it first to
    /// mint several tokens from one template).
    pub fn to_jwt(self) -> Result<String, MintError> {
        if self.api_key.is_empty() {
            return Err(MintError::MissingApiKey);
        }
        if self.secret.is_empty() {
            return Err(MintError::MissingApiSecret);
        }
        if let Some(video) = &self.claims.video
            && video.room_join
            && (self.claims.identity.is_empty() || video.room.is_empty())
        {
            return Err(MintError::JoinWithoutIdentityOrRoom);
        }
        let ttl_seconds = self.ttl.as_secs();
        let now = self.clock.now_unix();
        let expires_at = i64::try_from(ttl_seconds)
            .ok()
            .filter(|&s| s > 0)
            .and_then(|s| now.checked_add(s))
            .ok_or(MintError::InvalidTtl {
                seconds: ttl_seconds,
            })?;

        let mut claims = self.claims;
        claims.issuer = self.api_key;
        claims.not_before = Some(now);
        claims.expires_at = Some(expires_at);
        sign(&claims, &self.secret)
    }
}

/// Signs `claims` as an HS256 JWT.
pub(crate) fn sign(claims: &Claims, secret: &ApiSecret) -> Result<String, MintError> {
    crate::jws::sign(claims, secret).map_err(|e| MintError::Signing(Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;

    fn payload(jwt: &str) -> serde_json::Value {
        use base64::Engine;
        let part = jwt.split('.').nth(1).expect("payload segment");
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .expect("base64url");
        serde_json::from_slice(&raw).expect("json")
    }

    #[test]
    fn sets_issuer_and_validity_window_from_the_clock() {
        let jwt = AccessToken::new("APIkey", "secret")
            .with_identity("alice")
            .with_clock(FixedClock::at(1_000))
            .with_ttl(Duration::from_secs(60))
            .to_jwt()
            .expect("mints");
        let p = payload(&jwt);
        assert_eq!(p["iss"], "APIkey");
        assert_eq!(p["sub"], "alice");
        assert_eq!(p["nbf"], 1_000);
        assert_eq!(p["exp"], 1_060);
    }

    #[test]
    fn default_ttl_is_six_hours() {
        let jwt = AccessToken::new("k", "s")
            .with_clock(FixedClock::at(0))
            .to_jwt()
            .expect("mints");
        assert_eq!(payload(&jwt)["exp"], 21_600);
    }

    #[test]
    fn refuses_empty_key_or_secret() {
        assert!(matches!(
            AccessToken::new("", "s").to_jwt(),
            Err(MintError::MissingApiKey)
        ));
        assert!(matches!(
            AccessToken::new("k", "").to_jwt(),
            Err(MintError::MissingApiSecret)
        ));
    }

    #[test]
    fn refuses_room_join_without_identity_or_room() {
        let no_identity = AccessToken::new("k", "s").with_video_grant(VideoGrant::join("r"));
        assert!(matches!(
            no_identity.to_jwt(),
            Err(MintError::JoinWithoutIdentityOrRoom)
        ));
        let no_room = AccessToken::new("k", "s")
            .with_identity("a")
            .with_video_grant(VideoGrant::join(""));
        assert!(matches!(
            no_room.to_jwt(),
            Err(MintError::JoinWithoutIdentityOrRoom)
        ));
    }

    #[test]
    fn refuses_zero_and_overflowing_ttl() {
        let zero = AccessToken::new("k", "s").with_ttl(Duration::ZERO);
        assert!(matches!(
            zero.to_jwt(),
            Err(MintError::InvalidTtl { seconds: 0 })
        ));
        let sub_second = AccessToken::new("k", "s").with_ttl(Duration::from_millis(999));
        assert!(matches!(
            sub_second.to_jwt(),
            Err(MintError::InvalidTtl { .. })
        ));
        let huge = AccessToken::new("k", "s").with_ttl(Duration::MAX);
        assert!(matches!(huge.to_jwt(), Err(MintError::InvalidTtl { .. })));
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let t = AccessToken::new("k", "very-secret-value");
        assert!(!format!("{t:?}").contains("very-secret-value"));
    }
}
