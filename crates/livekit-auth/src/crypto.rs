//! HS256 for jsonwebtoken, and nothing else.
//!
//! jsonwebtoken 10+ delegates its cryptography to a process-wide `CryptoProvider` and panics at
//! run time if none is installed. Its built-in providers pull in RSA, ECDSA and EdDSA, which a
//! LiveKit token never uses, so this crate enables neither and brings an HMAC-SHA256 provider of
//! its own (RustCrypto's `hmac`). If the program already selected a provider (either built-in
//! feature, or its own), that one is used: every provider implements HS256.
//!
//! Minting goes through `jsonwebtoken::encode` and so through this provider. Verification checks
//! the signature itself (`verify.rs`), with each key's cached HMAC key schedule, after parsing
//! the token once; the verifier half here serves other jsonwebtoken users in the process.

use std::sync::Once;

use crate::secret::HmacSha256;
use hmac::{KeyInit, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::{Error, ErrorKind};
use jsonwebtoken::signature::{self, Signer, Verifier};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};

static HS256_ONLY: CryptoProvider = CryptoProvider {
    signer_factory: new_signer,
    verifier_factory: new_verifier,
    key_utils: KeyUtils::new_unimplemented(),
};

/// Makes sure jsonwebtoken has a provider before it is used.
pub(crate) fn ensure_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        if CryptoProvider::try_get_default().is_none() {
            // Losing a race to another installer is fine: any provider does HS256.
            let _ = HS256_ONLY.install_default();
        }
    });
}

fn new_signer(
    alg: &Algorithm,
    key: &EncodingKey,
) -> jsonwebtoken::errors::Result<Box<dyn JwtSigner>> {
    if *alg != Algorithm::HS256 {
        return Err(Error::from(ErrorKind::InvalidAlgorithm));
    }
    let mac = HmacSha256::new_from_slice(key.as_bytes())
        .map_err(|_| Error::from(ErrorKind::InvalidKeyFormat))?;
    Ok(Box::new(Hs256(mac)))
}

fn new_verifier(
    alg: &Algorithm,
    key: &DecodingKey,
) -> jsonwebtoken::errors::Result<Box<dyn JwtVerifier>> {
    if *alg != Algorithm::HS256 {
        return Err(Error::from(ErrorKind::InvalidAlgorithm));
    }
    let mac = HmacSha256::new_from_slice(key.try_get_as_bytes()?)
        .map_err(|_| Error::from(ErrorKind::InvalidKeyFormat))?;
    Ok(Box::new(Hs256(mac)))
}

struct Hs256(HmacSha256);

impl Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, msg: &[u8]) -> Result<Vec<u8>, signature::Error> {
        let mut mac = self.0.clone();
        mac.update(msg);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl Verifier<Vec<u8>> for Hs256 {
    fn verify(&self, msg: &[u8], sig: &Vec<u8>) -> Result<(), signature::Error> {
        let mut mac = self.0.clone();
        mac.update(msg);
        // verify_slice compares in constant time.
        mac.verify_slice(sig).map_err(signature::Error::from_source)
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonwebtoken_has_a_working_backend() {
        ensure_provider();
        let key = EncodingKey::from_secret(b"secret").expect("key");
        let sig = jsonwebtoken::crypto::sign(b"a.b", &key, Algorithm::HS256).expect("signs");
        let dkey = DecodingKey::from_secret(b"secret").expect("key");
        assert!(jsonwebtoken::crypto::verify(&sig, b"a.b", &dkey, Algorithm::HS256).expect("runs"));
        assert!(
            !jsonwebtoken::crypto::verify(&sig, b"a.c", &dkey, Algorithm::HS256).expect("runs")
        );
    }

    #[test]
    fn hs256_matches_rfc_4231_test_case_2() {
        ensure_provider();
        let key = EncodingKey::from_secret(b"Jefe").expect("key");
        let sig =
            jsonwebtoken::crypto::sign(b"what do ya want for nothing?", &key, Algorithm::HS256)
                .expect("signs");
        use base64::Engine;
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(sig)
            .expect("base64url");
        let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn other_algorithms_are_refused() {
        ensure_provider();
        let key = EncodingKey::from_secret(b"secret").expect("key");
        assert!(jsonwebtoken::crypto::sign(b"x", &key, Algorithm::HS512).is_err());
    }
}
