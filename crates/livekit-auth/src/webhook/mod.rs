//! Receiving LiveKit webhooks, and signing them for tests.

mod event_kind;
mod receiver;
mod signer;

pub use event_kind::EventKind;
pub use receiver::WebhookReceiver;
pub use signer::{WEBHOOK_TOKEN_TTL_SECS, WebhookSigner};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// Standard base64 (with padding) of SHA-256 over `body`: the `sha256` claim of a webhook.
pub fn body_hash(body: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(body))
}
