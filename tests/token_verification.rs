//! What the verifier accepts and what it refuses, each with the error a caller can act on.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use livekit_auth::{AccessToken, FixedClock, KeySet, TokenError, TokenVerifier, VideoGrant};
use sha2::Sha256;

const NOW: i64 = 1_800_000_000;

fn verifier() -> TokenVerifier {
    TokenVerifier::new("APIkey", "the-secret").with_clock(FixedClock::at(NOW))
}

fn token() -> AccessToken {
    AccessToken::new("APIkey", "the-secret")
        .with_identity("alice")
        .with_video_grant(VideoGrant::join("room"))
        .with_clock(FixedClock::at(NOW))
}

/// A token with a hand-made header and payload, signed with HS256 by `secret`.
fn handmade(header: &str, payload: &str, secret: &[u8]) -> String {
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(message.as_bytes());
    format!(
        "{message}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

#[test]
fn accepts_its_own_tokens() {
    let claims = verifier()
        .verify(&token().to_jwt().expect("mints"))
        .expect("verifies");
    assert_eq!(claims.identity, "alice");
    assert_eq!(claims.issuer, "APIkey");
}

#[test]
fn picks_the_secret_by_issuer_among_several_keys() {
    let keys =
        KeySet::from_pairs([("APIold", "old-secret"), ("APInew", "new-secret")]).expect("keys");
    let v = TokenVerifier::with_keys(keys).with_clock(FixedClock::at(NOW));
    for (key, secret) in [("APIold", "old-secret"), ("APInew", "new-secret")] {
        let jwt = AccessToken::new(key, secret)
            .with_clock(FixedClock::at(NOW))
            .to_jwt()
            .expect("mints");
        assert_eq!(v.verify(&jwt).expect("verifies").issuer, key);
    }
    let crossed = AccessToken::new("APIold", "new-secret")
        .with_clock(FixedClock::at(NOW))
        .to_jwt()
        .expect("mints");
    assert!(matches!(v.verify(&crossed), Err(TokenError::BadSignature)));
}

#[test]
fn rejects_another_secret() {
    let jwt = AccessToken::new("APIkey", "not-the-secret")
        .with_clock(FixedClock::at(NOW))
        .to_jwt()
        .expect("mints");
    assert!(matches!(
        verifier().verify(&jwt),
        Err(TokenError::BadSignature)
    ));
}

#[test]
fn rejects_unknown_and_empty_issuers() {
    let jwt = AccessToken::new("APIother", "the-secret")
        .with_clock(FixedClock::at(NOW))
        .to_jwt()
        .expect("mints");
    match verifier().verify(&jwt) {
        Err(TokenError::UnknownIssuer { issuer }) => assert_eq!(issuer, "APIother"),
        other => panic!("{other:?}"),
    }
    let no_iss = handmade(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &format!(r#"{{"exp":{}}}"#, NOW + 10),
        b"the-secret",
    );
    assert!(matches!(
        verifier().verify(&no_iss),
        Err(TokenError::UnknownIssuer { .. })
    ));
}

#[test]
fn rejects_expired_tokens_beyond_the_leeway_only() {
    let jwt = token()
        .with_ttl(Duration::from_secs(10))
        .to_jwt()
        .expect("mints");
    let at = |t| verifier().with_clock(FixedClock::at(t)).verify(&jwt);
    assert!(at(NOW + 10 + 59).is_ok());
    assert!(matches!(
        at(NOW + 10 + 60),
        Err(TokenError::Expired { expired_at, .. }) if expired_at == NOW + 10
    ));
    let strict = verifier()
        .with_leeway(Duration::ZERO)
        .with_clock(FixedClock::at(NOW + 10));
    assert!(matches!(
        strict.verify(&jwt),
        Err(TokenError::Expired { .. })
    ));
}

#[test]
fn rejects_tokens_not_yet_valid_beyond_the_leeway_only() {
    let jwt = token()
        .with_clock(FixedClock::at(NOW + 120))
        .to_jwt()
        .expect("mints");
    assert!(matches!(
        verifier().verify(&jwt),
        Err(TokenError::NotYetValid { not_before, .. }) if not_before == NOW + 120
    ));
    let jwt = token()
        .with_clock(FixedClock::at(NOW + 60))
        .to_jwt()
        .expect("mints");
    assert!(verifier().verify(&jwt).is_ok());
}

#[test]
fn requires_exp() {
    let jwt = handmade(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"iss":"APIkey","sub":"alice"}"#,
        b"the-secret",
    );
    assert!(matches!(
        verifier().verify(&jwt),
        Err(TokenError::MissingExpiry)
    ));
}

#[test]
fn rejects_every_algorithm_but_hs256() {
    let payload = format!(r#"{{"iss":"APIkey","exp":{}}}"#, NOW + 10);
    for alg in [
        "none", "None", "HS384", "HS512", "RS256", "ES256", "PS256", "EdDSA", "",
    ] {
        let jwt = handmade(&format!(r#"{{"alg":"{alg}"}}"#), &payload, b"the-secret");
        match verifier().verify(&jwt) {
            Err(TokenError::UnsupportedAlgorithm { alg: got }) => assert_eq!(got, alg),
            other => panic!("{alg}: {other:?}"),
        }
    }
    // alg:none with an empty signature, the classic forgery.
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(&payload)
    );
    assert!(matches!(
        verifier().verify(&none),
        Err(TokenError::UnsupportedAlgorithm { .. })
    ));
}

#[test]
fn rejects_malformed_tokens() {
    let good = token().to_jwt().expect("mints");
    let mut parts = good.split('.');
    let (h, p, s) = (
        parts.next().expect("h"),
        parts.next().expect("p"),
        parts.next().expect("s"),
    );
    for bad in [
        String::new(),
        "garbage".to_owned(),
        format!("{h}.{p}"),
        format!("{h}.{p}.{s}.{s}"),
        format!("{h}.!!!.{s}"),
        format!("!!!.{p}.{s}"),
        format!("{h}.{p}.***"),
        format!("{}.{p}.{s}", URL_SAFE_NO_PAD.encode("not json")),
        format!("{h}.{}.{s}", URL_SAFE_NO_PAD.encode("{\"iss\":")),
    ] {
        assert!(
            matches!(verifier().verify(&bad), Err(TokenError::Malformed { .. })),
            "{bad:?} -> {:?}",
            verifier().verify(&bad)
        );
    }
}

#[test]
fn rejects_claims_of_the_wrong_shape() {
    for payload in [
        r#"{"iss":"APIkey","exp":1900000000,"video":"yes"}"#,
        r#"{"iss":"APIkey","exp":"1900000000"}"#,
        r#"{"iss":"APIkey","exp":1e400}"#,
        r#"{"iss":"APIkey","iss":"APIkey","exp":1900000000}"#,
        r#"[1,2,3]"#,
    ] {
        let jwt = handmade(r#"{"alg":"HS256"}"#, payload, b"the-secret");
        assert!(
            matches!(
                verifier().verify(&jwt),
                Err(TokenError::InvalidClaims(_) | TokenError::Malformed { .. })
            ),
            "{payload}: {:?}",
            verifier().verify(&jwt)
        );
    }
}

#[test]
fn rejects_oversized_tokens_before_parsing() {
    let huge = "a".repeat(1 << 20);
    assert!(matches!(
        verifier().verify(&huge),
        Err(TokenError::TooLarge { len, .. }) if len == 1 << 20
    ));
}

#[test]
fn errors_never_contain_the_secret_or_the_token() {
    let jwt = AccessToken::new("APIkey", "wrong-secret-value")
        .with_clock(FixedClock::at(NOW))
        .to_jwt()
        .expect("mints");
    let err = verifier().verify(&jwt).expect_err("bad signature");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("the-secret") && !shown.contains("wrong-secret-value"));
    assert!(!shown.contains(&jwt));
}
