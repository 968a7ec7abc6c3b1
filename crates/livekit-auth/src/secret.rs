//! API secrets: wiped from memory on drop, never printed.

use std::fmt;
use std::sync::Arc;

use hmac::{Hmac, KeyInit};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// HMAC-SHA256 keyed with a secret; wipes itself on drop (hmac's `zeroize` feature).
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// A LiveKit API secret, the HMAC key of every token.
///
/// Only the HMAC key schedule derived from the secret is kept: the text handed to
/// [`new`](Self::new) is zeroed as soon as the schedule is computed, the schedule (shared by
/// clones) is zeroed when the last clone is dropped, and `Debug` prints `ApiSecret([redacted])`, so a secret that ends up in
/// a log line or a panic message reveals nothing. There is no `Display` and no accessor that
/// hands the secret back out of this crate.
///
/// ```
/// use livekit_auth::ApiSecret;
///
/// let secret = ApiSecret::new("my-very-long-and-random-api-secret");
/// assert_eq!(format!("{secret:?}"), "ApiSecret([redacted])");
/// assert_eq!(secret.len(), 34);
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ApiSecret {
    /// Length of the secret in bytes, for [`len`](Self::len) and the server's length warning.
    len: usize,
    /// The HMAC key schedule, computed once here and shared by every clone of the secret:
    /// every token signed or checked with it then costs two SHA-256 blocks less, and a clone
    /// (one per [`AccessToken`](crate::AccessToken)) copies a pointer. Wiped when the last
    /// clone is dropped.
    #[zeroize(skip)]
    mac: Arc<HmacSha256>,
}

impl ApiSecret {
    /// Wraps a secret. An empty secret is accepted here and refused where it would be used.
    pub fn new(secret: impl Into<String>) -> Self {
        let text = Zeroizing::new(secret.into());
        // HMAC takes keys of any length; the error case cannot happen.
        let mac = HmacSha256::new_from_slice(text.as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
        Self {
            len: text.len(),
            mac: Arc::new(mac),
        }
    }

    /// Length of the secret in bytes (LiveKit recommends at least 32).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// HMAC-SHA256 keyed with this secret, ready for `update`.
    pub(crate) fn mac(&self) -> &HmacSha256 {
        &self.mac
    }
}

impl From<String> for ApiSecret {
    fn from(secret: String) -> Self {
        Self::new(secret)
    }
}

impl From<&str> for ApiSecret {
    fn from(secret: &str) -> Self {
        Self::new(secret)
    }
}

impl fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiSecret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_the_secret() {
        let secret = ApiSecret::new("hunter2-hunter2-hunter2-hunter2!");
        let printed = format!("{secret:?} {secret:#?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }

    #[test]
    fn reports_length_and_emptiness() {
        assert!(ApiSecret::new("").is_empty());
        assert_eq!(ApiSecret::from("abc").len(), 3);
    }
}
