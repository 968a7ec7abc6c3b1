//! What the handlers share, built once at startup.

use livekit_auth::{AccessToken, MintError, TokenVerifier, VideoGrant, WebhookReceiver};

use crate::config::Settings;

/// The state of the app: settings plus the webhook receiver built from them.
#[derive(Debug, Clone)]
pub struct AppState {
    settings: Settings,
    receiver: WebhookReceiver,
}

impl AppState {
    /// Builds the state once; the handlers only read it.
    pub fn new(settings: Settings) -> Self {
        let receiver =
            WebhookReceiver::new(TokenVerifier::with_keys(settings.webhook_keys.clone()));
        Self { settings, receiver }
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The webhook receiver.
    pub fn receiver(&self) -> &WebhookReceiver {
        &self.receiver
    }

    /// Mints the token of `POST /token`: identity `participant`, a join grant for `room`
    /// with the configured permissions.
    pub fn mint(&self, room: &str, participant: &str) -> Result<String, MintError> {
        let s = &self.settings;
        AccessToken::new(s.api_key.clone(), s.api_secret.clone())
            .with_identity(participant)
            .with_video_grant(VideoGrant {
                room: room.to_owned(),
                ..s.grant_template.clone()
            })
            .with_ttl(s.token_ttl)
            .to_jwt()
    }
}
