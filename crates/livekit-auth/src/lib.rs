//! LiveKit access tokens and webhooks for Rust.
//!
//! `livekit-auth` mints and verifies the JWTs that LiveKit (and OpenVidu, which runs LiveKit)
//! uses for access tokens and for signing webhooks, and decodes webhook events into prost types
//! generated from the official schema.
//!
//! # Minting a join token
//!
//! ```
//! use std::time::Duration;
//! use livekit_auth::{AccessToken, VideoGrant};
//!
//! let jwt = AccessToken::new("devkey", "secret")
//!     .with_identity("alice")
//!     .with_name("Alice")
//!     .with_attribute("team", "blue")
//!     .with_video_grant(VideoGrant::join("my-room"))
//!     .with_ttl(Duration::from_secs(3600))
//!     .to_jwt()?;
//! # Ok::<(), livekit_auth::MintError>(())
//! ```
//!
//! # Verifying tokens, with several keys
//!
//! The secret is chosen by the token's `iss` (its API key), so a new key can be rolled out next
//! to the old one. [`KeySet`] reads one pair, a list, or LiveKit's key file (`key: secret` lines).
//!
//! ```
//! use livekit_auth::{AccessToken, KeySet, TokenError, TokenVerifier};
//!
//! let keys = KeySet::from_pairs([("APIold", "old-secret"), ("APInew", "new-secret")])?;
//! let verifier = TokenVerifier::with_keys(keys);
//!
//! let jwt = AccessToken::new("APInew", "new-secret").with_identity("bob").to_jwt()?;
//! assert_eq!(verifier.verify(&jwt)?.identity, "bob");
//!
//! let forged = AccessToken::new("APInew", "guessed").with_identity("bob").to_jwt()?;
//! assert!(matches!(verifier.verify(&forged), Err(TokenError::BadSignature)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Receiving webhooks
//!
//! Pass the raw body bytes and the `Authorization` header to [`WebhookReceiver::receive`]; it
//! returns a [`proto::WebhookEvent`] only if the token verifies and its `sha256` claim matches
//! the body.
//!
//! ```
//! use livekit_auth::{EventKind, TokenVerifier, WebhookReceiver, WebhookError};
//! # let (body, authorization) = livekit_auth::WebhookSigner::new("devkey", "secret")
//! #     .sign_event(&livekit_auth::proto::WebhookEvent {
//! #         event: "participant_joined".into(), ..Default::default() })?;
//!
//! let receiver = WebhookReceiver::new(TokenVerifier::new("devkey", "secret"));
//! match receiver.receive(&body, &authorization) {
//!     Ok(event) if event.kind() == EventKind::ParticipantJoined => { /* … */ }
//!     Ok(_) => {}
//!     Err(WebhookError::MissingAuthorization) => { /* answer 401 */ }
//!     Err(e) => { /* answer 401, log e */ }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Design notes
//!
//! - Time comes from a [`Clock`] that every type lets you replace ([`FixedClock`] in tests).
//! - Secrets live in [`ApiSecret`], wiped on drop and printed as `[redacted]`.
//! - Every fallible call returns one of the crate's error enums ([`MintError`],
//!   [`TokenError`], [`KeyError`], [`WebhookError`]); none of them panics on bad input.
//! - Tokens are compact JWS with HS256, the only form LiveKit uses; minting and verifying both
//!   use each secret's HMAC key schedule, computed once, and touch each segment once. Nothing is
//!   installed process-wide.
//! - [`dangerous::decode_unverified`] reads claims without verifying anything, for debugging.

mod claims;
mod clock;
pub mod dangerous;
mod error;
mod grants;
mod jws;
mod keys;
mod numeric_date;
pub mod proto;
mod secret;
mod token;
mod verify;
mod webhook;

pub use claims::{Claims, ParticipantKind};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{KeyError, MintError, TokenError, WebhookError};
pub use grants::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, ObservabilityGrant, SipGrant,
    TrackSource, VideoGrant,
};
pub use keys::{KeyProvider, KeySet};
pub use secret::ApiSecret;
pub use token::{AccessToken, DEFAULT_TTL};
pub use verify::{DEFAULT_LEEWAY, DEFAULT_MAX_TOKEN_LEN, TokenVerifier};
pub use webhook::{EventKind, WEBHOOK_TOKEN_TTL_SECS, WebhookReceiver, WebhookSigner, body_hash};

#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
