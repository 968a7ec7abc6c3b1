//! Compact JWS with HS256, the only token form LiveKit uses: `header.payload.signature`, each
//! segment base64url without padding, the signature an HMAC-SHA256 of `header.payload`.
//!
//! Minting and verifying share this module. Both use the HMAC key schedule each
//! [`ApiSecret`] computes once, write or read each segment once, and never allocate for the
//! header.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::Mac;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::TokenError;
use crate::secret::ApiSecret;

/// `{"alg":"HS256","typ":"JWT"}` in base64url: the header of every token minted here.
const HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// Length of an HMAC-SHA256 tag (32 bytes) in base64url without padding.
const SIGNATURE_LEN: usize = match base64::encoded_len(32, false) {
    Some(len) => len,
    None => unreachable!(),
};

/// Signs `claims` into a compact JWS.
///
/// The token is written once into a buffer of its exact final size: the base64 of the payload
/// and of the signature go straight into their place (no intermediate chunks), and the whole
/// token is checked as text once at the end.
pub(crate) fn sign(claims: &impl Serialize, secret: &ApiSecret) -> serde_json::Result<String> {
    let payload = serde_json::to_vec(claims)?;
    let payload_start = HEADER.len() + 1;
    let message_len = payload_start + encoded_len(payload.len())?;
    let mut token = Vec::with_capacity(message_len + 1 + SIGNATURE_LEN);
    token.extend_from_slice(HEADER.as_bytes());
    token.push(b'.');
    token.resize(message_len, 0);
    encode_into(&payload, &mut token[payload_start..])?;
    let mut mac = secret.mac().clone();
    mac.update(&token);
    token.push(b'.');
    token.resize(message_len + 1 + SIGNATURE_LEN, 0);
    encode_into(&mac.finalize().into_bytes(), &mut token[message_len + 1..])?;
    String::from_utf8(token).map_err(internal)
}

/// Length of `len` bytes in base64url without padding (an error only past `usize::MAX`).
fn encoded_len(len: usize) -> serde_json::Result<usize> {
    base64::encoded_len(len, false).ok_or_else(|| internal("token too long"))
}

/// Base64url of `bytes` into `out`, which has exactly the room it needs.
fn encode_into(bytes: &[u8], out: &mut [u8]) -> serde_json::Result<()> {
    URL_SAFE_NO_PAD
        .encode_slice(bytes, out)
        .map(|_| ())
        .map_err(internal)
}

/// An error that the sizes computed in [`sign`] rule out, reported rather than panicking.
fn internal(e: impl std::fmt::Display) -> serde_json::Error {
    <serde_json::Error as serde::ser::Error>::custom(e)
}

/// A token cut at its dots; nothing decoded yet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parts<'a> {
    /// `header.payload`, the signed bytes.
    pub(crate) message: &'a str,
    pub(crate) header: &'a str,
    pub(crate) payload: &'a str,
    pub(crate) signature: &'a str,
}

/// Cuts `token` into its three segments.
pub(crate) fn split(token: &str) -> Result<Parts<'_>, TokenError> {
    let three_segments = || TokenError::malformed("expected three dot-separated segments");
    let (message, signature) = token.rsplit_once('.').ok_or_else(three_segments)?;
    let (header, payload) = message
        .split_once('.')
        .filter(|(_, payload)| !payload.contains('.'))
        .ok_or_else(three_segments)?;
    Ok(Parts {
        message,
        header,
        payload,
        signature,
    })
}

/// The only header fields that matter: the algorithm, and `crit`, which must not be present.
#[derive(Deserialize)]
struct Header<'a> {
    #[serde(borrow)]
    alg: std::borrow::Cow<'a, str>,
    #[serde(default)]
    crit: Option<serde::de::IgnoredAny>,
}

/// Accepts the header only if it names HS256 and asks for no critical extensions.
pub(crate) fn check_header(segment: &str) -> Result<(), TokenError> {
    let raw = decode_segment(segment, "header is not base64url")?;
    let header: Header<'_> = serde_json::from_str(segment_text(&raw, "header is not UTF-8")?)
        .map_err(|e| TokenError::Malformed {
            reason: "header is not a JSON object with an alg",
            source: Some(Box::new(e)),
        })?;
    if header.alg != "HS256" {
        return Err(TokenError::UnsupportedAlgorithm {
            alg: header.alg.chars().take(32).collect(),
        });
    }
    if header.crit.is_some() {
        return Err(TokenError::malformed(
            "critical header extensions are not supported",
        ));
    }
    Ok(())
}

/// Decodes the payload segment into `T`: malformed if it is not JSON, invalid claims if it is
/// JSON of the wrong shape.
pub(crate) fn decode_payload<T: DeserializeOwned>(segment: &str) -> Result<T, TokenError> {
    let raw = decode_segment(segment, "payload is not base64url")?;
    serde_json::from_str(segment_text(&raw, "payload is not UTF-8")?).map_err(|e| {
        if e.is_data() {
            TokenError::InvalidClaims(Box::new(e))
        } else {
            TokenError::Malformed {
                reason: "payload is not JSON",
                source: Some(Box::new(e)),
            }
        }
    })
}

/// HS256 over `message`, compared in constant time (`verify_slice`), with the secret's
/// precomputed key schedule.
pub(crate) fn verify_signature(
    message: &str,
    signature: &str,
    secret: &ApiSecret,
) -> Result<(), TokenError> {
    let signature = decode_segment(signature, "signature is not base64url")?;
    let mut mac = secret.mac().clone();
    mac.update(message.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| TokenError::BadSignature)
}

fn decode_segment(segment: &str, what: &'static str) -> Result<Vec<u8>, TokenError> {
    // Some encoders pad base64url; JWS says they must not, but the bytes are unambiguous.
    URL_SAFE_NO_PAD
        .decode(segment.trim_end_matches('='))
        .map_err(|e| TokenError::Malformed {
            reason: what,
            source: Some(Box::new(e)),
        })
}

/// A decoded segment as text. JSON is always read from `&str` in this crate (here and for
/// webhook bodies), so the schema's decoders are compiled once, and the UTF-8 check runs once
/// over the whole segment instead of per string.
fn segment_text<'a>(raw: &'a [u8], reason: &'static str) -> Result<&'a str, TokenError> {
    std::str::from_utf8(raw).map_err(|e| TokenError::Malformed {
        reason,
        source: Some(Box::new(e)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_constant_is_hs256_jwt() {
        let raw = URL_SAFE_NO_PAD.decode(HEADER).expect("base64url");
        let json: serde_json::Value = serde_json::from_slice(&raw).expect("json");
        assert_eq!(json, serde_json::json!({"alg": "HS256", "typ": "JWT"}));
        check_header(HEADER).expect("our own header is accepted");
    }

    #[test]
    fn signature_is_hmac_sha256_of_the_message() {
        // RFC 4231 test case 2: key "Jefe", its message, its HMAC-SHA256.
        let tag = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        let tag: Vec<u8> = (0..tag.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&tag[i..i + 2], 16).expect("hex"))
            .collect();
        let jefe = ApiSecret::new("Jefe");
        let message = "what do ya want for nothing?";
        verify_signature(message, &URL_SAFE_NO_PAD.encode(&tag), &jefe).expect("RFC tag");
        assert!(matches!(
            verify_signature(
                "what do ya want for nothing!",
                &URL_SAFE_NO_PAD.encode(&tag),
                &jefe
            ),
            Err(TokenError::BadSignature)
        ));
    }

    #[test]
    fn minted_tokens_carry_the_header_and_verify() {
        let secret = ApiSecret::new("secret");
        let minted = sign(&serde_json::json!({"sub": "alice"}), &secret).expect("signs");
        let parts = split(&minted).expect("three segments");
        assert_eq!(parts.header, HEADER);
        assert_eq!(parts.signature.len(), SIGNATURE_LEN);
        let claims: serde_json::Value = decode_payload(parts.payload).expect("payload");
        assert_eq!(claims, serde_json::json!({"sub": "alice"}));
        verify_signature(parts.message, parts.signature, &secret).expect("verifies");
        assert!(matches!(
            verify_signature(parts.message, parts.signature, &ApiSecret::new("other")),
            Err(TokenError::BadSignature)
        ));
    }

    #[test]
    fn split_wants_exactly_three_segments() {
        assert!(split("a.b.c").is_ok());
        for bad in ["", "a", "a.b", "a.b.c.d", "a..b.c"] {
            assert!(split(bad).is_err(), "{bad:?}");
        }
    }
}
