//! Reading a token **without verifying it**.
//!
//! Nothing here checks the signature, the issuer or the expiry: never trust what it returns.
//! It exists for debugging tools that show what a rejected token claimed.

use crate::claims::Claims;
use crate::error::TokenError;

/// Decodes the claims of `token` without any verification.
///
/// ```
/// use livekit_auth::AccessToken;
///
/// let jwt = AccessToken::new("devkey", "secret").with_identity("alice").to_jwt()?;
/// let claims = livekit_auth::dangerous::decode_unverified(&jwt)?;
/// assert_eq!(claims.identity, "alice");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode_unverified(token: &str) -> Result<Claims, TokenError> {
    crate::jws::decode_payload(crate::jws::split(token)?.payload)
}
