//! The error types, one per concern. Third-party errors appear only as sources.

use std::error::Error as StdError;

/// The underlying cause of an error, kept for `Error::source` but not part of the API.
pub(crate) type Source = Box<dyn StdError + Send + Sync + 'static>;

/// Why a token could not be minted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MintError {
    /// The API key is empty.
    #[error("the API key is empty")]
    MissingApiKey,
    /// The API secret is empty.
    #[error("the API secret is empty")]
    MissingApiSecret,
    /// The time-to-live is zero or pushes the expiry past what a token can hold.
    #[error("the token time-to-live must be positive and representable, got {seconds} s")]
    InvalidTtl {
        /// The requested time-to-live in seconds (saturated).
        seconds: u64,
    },
    /// A `roomJoin` grant without an identity or a room.
    #[error("a roomJoin grant needs both an identity and a room")]
    JoinWithoutIdentityOrRoom,
    /// Serializing or signing failed.
    #[error("could not sign the token")]
    Signing(#[source] Source),
}

/// Why a token was rejected.
///
/// Each variant is a cause a caller can act on; none of them carries the secret or the token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// Not a JWT: wrong number of segments, bad base64, or a header/payload that is not JSON.
    #[error("malformed token: {reason}")]
    Malformed {
        /// What is wrong, in a few words.
        reason: &'static str,
        /// The underlying decoder error, if any.
        #[source]
        source: Option<Source>,
    },
    /// Longer than the verifier accepts.
    #[error("token is {len} bytes, more than the {max} accepted")]
    TooLarge {
        /// Length of the token.
        len: usize,
        /// The configured maximum.
        max: usize,
    },
    /// Signed with something other than HS256 (`none`, HS384, RS256, …).
    #[error("unsupported algorithm {alg:?}: LiveKit tokens are signed with HS256")]
    UnsupportedAlgorithm {
        /// The `alg` of the header (at most 32 characters of it).
        alg: String,
    },
    /// The `iss` claim is empty or names no known API key.
    #[error("unknown issuer: no API key {issuer:?} is configured")]
    UnknownIssuer {
        /// The `iss` of the token (at most 64 characters of it).
        issuer: String,
    },
    /// The signature does not match the secret of the issuer.
    #[error("bad signature")]
    BadSignature,
    /// The token has no `exp` claim.
    #[error("the token has no exp claim")]
    MissingExpiry,
    /// `exp` is in the past, beyond the leeway.
    #[error("token expired at {expired_at} (now {now}, leeway {leeway} s)")]
    Expired {
        /// The `exp` claim.
        expired_at: i64,
        /// The verifier's clock.
        now: i64,
        /// The allowed clock skew in seconds.
        leeway: u64,
    },
    /// `nbf` is in the future, beyond the leeway.
    #[error("token not valid before {not_before} (now {now}, leeway {leeway} s)")]
    NotYetValid {
        /// The `nbf` claim.
        not_before: i64,
        /// The verifier's clock.
        now: i64,
        /// The allowed clock skew in seconds.
        leeway: u64,
    },
    /// Valid JSON whose claims have the wrong shape (a string where a grant belongs, …).
    #[error("invalid claims")]
    InvalidClaims(#[source] Source),
}

impl TokenError {
    pub(crate) fn malformed(reason: &'static str) -> Self {
        Self::Malformed {
            reason,
            source: None,
        }
    }
}

/// Why a key file or key list was refused. Messages name the line, never the secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The key file could not be read.
    #[error("cannot read key file {path}")]
    Io {
        /// The path as given.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A line is not of the form `key: secret`.
    #[error("key file line {line}: expected `key: secret`")]
    Syntax {
        /// 1-based line number.
        line: usize,
    },
    /// An empty API key or secret.
    #[error("key file line {line}: empty API key or secret")]
    Empty {
        /// 1-based line number (0 for keys not read from a file).
        line: usize,
    },
    /// The same API key twice.
    #[error("API key {key:?} is defined twice")]
    Duplicate {
        /// The repeated API key.
        key: String,
        /// 1-based line number of the repetition (0 for keys not read from a file).
        line: usize,
    },
    /// No key at all.
    #[error("no API keys configured")]
    NoKeys,
}

/// Why a webhook was rejected. On every error nothing is decoded or returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The `Authorization` header is missing or empty.
    #[error("authorization header is missing")]
    MissingAuthorization,
    /// The token in the header did not verify.
    #[error("invalid webhook token")]
    InvalidToken(#[from] TokenError),
    /// The token verified but carries no `sha256` claim.
    #[error("the webhook token has no sha256 claim")]
    MissingBodyHash,
    /// The body's SHA-256 differs from the `sha256` claim.
    #[error("body hash mismatch: the body is not the one that was signed")]
    BodyHashMismatch,
    /// The body is authentic but is not a proto3-JSON `WebhookEvent`.
    #[error("malformed webhook body")]
    MalformedBody(#[source] Source),
}
