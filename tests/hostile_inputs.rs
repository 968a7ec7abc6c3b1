//! The hostile-input matrix: every case is refused with the error a caller can act on, and
//! nothing panics or overflows the stack.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use livekit_auth::{
    AccessToken, FixedClock, TokenError, TokenVerifier, WebhookError, WebhookReceiver,
    WebhookSigner,
};
use serde_json::json;
use sha2::{Digest, Sha256};

const NOW: i64 = 1_800_000_000;
const KEY: &str = "APIhostile";
const SECRET: &str = "hostile-secret-hostile-secret-0123";

fn verifier() -> TokenVerifier {
    TokenVerifier::new(KEY, SECRET).with_clock(FixedClock::at(NOW))
}

fn receiver() -> WebhookReceiver {
    WebhookReceiver::new(verifier())
}

fn sign(header: &str, payload: &str, secret: &str) -> String {
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(message.as_bytes());
    format!(
        "{message}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

fn valid_payload() -> String {
    json!({"iss": KEY, "sub": "mallory", "nbf": NOW, "exp": NOW + 60}).to_string()
}

#[test]
fn kid_and_jku_headers_cannot_choose_the_key() {
    for header in [
        r#"{"alg":"HS256","kid":"../../dev/null"}"#,
        r#"{"alg":"HS256","jku":"https://attacker.example/jwks.json","kid":"k1"}"#,
        r#"{"alg":"HS256","jwk":{"kty":"oct","k":"YXR0YWNrZXI"}}"#,
    ] {
        // Signed with the attacker's key: refused whatever the header points at.
        let forged = sign(header, &valid_payload(), "attacker");
        assert!(
            matches!(verifier().verify(&forged), Err(TokenError::BadSignature)),
            "{header}"
        );
        // Signed with the real secret: the extra header fields change nothing.
        let genuine = sign(header, &valid_payload(), SECRET);
        assert!(verifier().verify(&genuine).is_ok(), "{header}");
    }
}

#[test]
fn truncated_and_padded_segments_are_refused() {
    let token = AccessToken::new(KEY, SECRET)
        .with_clock(FixedClock::at(NOW))
        .to_jwt()
        .expect("mints");
    let (message, signature) = token.rsplit_once('.').expect("three segments");
    let cases = [
        format!("{message}.{}", &signature[..signature.len() - 1]),
        format!("{message}.{}", &signature[..10]),
        format!("{message}.{signature}AAAA"),
        format!("{message}="),
        format!("{}.{signature}", &message[..message.len() - 2]),
        format!("{}=.{signature}", message),
        format!("={token}"),
        token[..token.len() / 2].to_owned(),
    ];
    for bad in cases {
        let result = verifier().verify(&bad);
        assert!(
            matches!(
                result,
                Err(TokenError::BadSignature
                    | TokenError::Malformed { .. }
                    | TokenError::InvalidClaims(_))
            ),
            "{bad}: {result:?}"
        );
    }
}

#[test]
fn deeply_nested_claims_do_not_overflow_the_stack() {
    let deep = format!(
        r#"{{"iss":"{KEY}","exp":{},"metadata":{}{}}}"#,
        NOW + 60,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let token = sign(r#"{"alg":"HS256"}"#, &deep, SECRET);
    let result = TokenVerifier::new(KEY, SECRET)
        .with_max_token_len(1 << 20)
        .with_clock(FixedClock::at(NOW))
        .verify(&token);
    assert!(
        matches!(
            result,
            Err(TokenError::Malformed { .. } | TokenError::InvalidClaims(_))
        ),
        "{result:?}"
    );
}

#[test]
fn empty_issuer_and_wrong_issuer_case_are_unknown() {
    for iss in ["", "apihostile", "APIhostile ", " APIhostile"] {
        let payload = json!({"iss": iss, "exp": NOW + 60}).to_string();
        let token = sign(r#"{"alg":"HS256"}"#, &payload, SECRET);
        assert!(
            matches!(
                verifier().verify(&token),
                Err(TokenError::UnknownIssuer { .. })
            ),
            "{iss:?}"
        );
    }
}

#[test]
fn webhook_hash_in_other_encodings_is_a_mismatch() {
    let body = br#"{"event":"room_started"}"#;
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    for encoded in [
        hex,
        URL_SAFE_NO_PAD.encode(digest),
        STANDARD.encode(digest).trim_end_matches('=').to_owned(),
        URL_SAFE.encode(Sha256::digest(b"another body")),
        STANDARD.encode(&digest[..16]),
    ] {
        let header = AccessToken::new(KEY, SECRET)
            .with_sha256(encoded.clone())
            .with_clock(FixedClock::at(NOW))
            .to_jwt()
            .expect("mints");
        assert!(
            matches!(
                receiver().receive(body, &header),
                Err(WebhookError::BodyHashMismatch)
            ),
            "{encoded}"
        );
    }
}

#[test]
fn webhook_tokens_are_held_to_the_same_claim_rules() {
    // The receiver reads only iss/nbf/exp/sha256 from webhook tokens; those four still follow
    // the verifier's rules, and the other claims are not read at all.
    let body = br#"{"event":"room_started"}"#;
    let hash = STANDARD.encode(Sha256::digest(body));
    let header = r#"{"alg":"HS256","typ":"JWT"}"#;
    let token = |claims: serde_json::Value| sign(header, &claims.to_string(), SECRET);
    let refused = |claims: serde_json::Value| match receiver().receive(body, &token(claims)) {
        Err(WebhookError::InvalidToken(e)) => e,
        other => panic!("expected an invalid token, got {other:?}"),
    };

    let no_exp = refused(json!({"iss": KEY, "sha256": hash}));
    assert!(matches!(no_exp, TokenError::MissingExpiry));
    let future = refused(json!({"iss": KEY, "sha256": hash, "nbf": NOW + 3600, "exp": NOW + 7200}));
    assert!(matches!(future, TokenError::NotYetValid { .. }));
    let other_key = refused(json!({"iss": "APIother", "sha256": hash, "exp": NOW + 60}));
    assert!(matches!(other_key, TokenError::UnknownIssuer { .. }));
    let bad_hash_type = refused(json!({"iss": KEY, "sha256": 7, "exp": NOW + 60}));
    assert!(matches!(bad_hash_type, TokenError::InvalidClaims(_)));

    let fractional = json!({"iss": KEY, "sha256": hash, "exp": NOW as f64 + 60.5, "video": 5});
    let event = receiver()
        .receive(body, &token(fractional))
        .expect("a fractional exp is whole seconds; unread claims do not matter");
    assert_eq!(event.event, "room_started");
}

#[test]
fn webhook_with_a_10_mb_string_decodes_when_authentic() {
    let metadata = "é".repeat(5 * 1024 * 1024);
    let body = json!({"event": "participant_joined", "participant": {"identity": "a", "metadata": metadata}})
        .to_string();
    let header = WebhookSigner::new(KEY, SECRET)
        .with_clock(FixedClock::at(NOW))
        .authorization(body.as_bytes())
        .expect("signs");
    let event = receiver()
        .receive(body.as_bytes(), &header)
        .expect("receives");
    assert_eq!(
        event.participant.expect("participant").metadata.len(),
        10 * 1024 * 1024
    );
}

#[test]
fn wrong_types_for_every_field_kind_are_malformed_bodies() {
    let cases = [
        json!({"event": 1}),                                     // string
        json!({"createdAt": true}),                              // int64
        json!({"createdAt": "12abc"}),                           // int64 text
        json!({"numDropped": "x"}),                              // int32
        json!({"room": {"maxParticipants": -1}}),                // uint32 below range
        json!({"room": {"maxParticipants": 5_000_000_000_u64}}), // uint32 above range
        json!({"room": {"activeRecording": "yes"}}),             // bool
        json!({"track": {"source": {"x": 1}}}),                  // enum
        json!({"track": {"source": true}}),                      // enum
        json!({"participant": {"attributes": [1, 2]}}),          // map
        json!({"participant": {"attributes": {"k": 1}}}),        // map value
        json!({"participant": {"tracks": {"sid": "x"}}}),        // repeated message
        json!({"room": "name"}),                                 // message
        json!({"egressInfo": {"fileResults": [{"size": {}}]}}),  // nested int64
        json!({"room": {"enabledCodecs": [1]}}),                 // repeated element
        json!([]),
        json!("event"),
        json!(null),
    ];
    for case in cases {
        let body = case.to_string();
        let header = WebhookSigner::new(KEY, SECRET)
            .with_clock(FixedClock::at(NOW))
            .authorization(body.as_bytes())
            .expect("signs");
        let result = receiver().receive(body.as_bytes(), &header);
        assert!(
            matches!(result, Err(WebhookError::MalformedBody(_))),
            "{body}: {result:?}"
        );
    }
}

#[test]
fn expired_webhook_tokens_are_refused_after_five_minutes_and_leeway() {
    let body = br#"{"event":"room_started"}"#;
    let header = WebhookSigner::new(KEY, SECRET)
        .with_clock(FixedClock::at(NOW))
        .authorization(body)
        .expect("signs");
    let at = |t| {
        WebhookReceiver::new(TokenVerifier::new(KEY, SECRET).with_clock(FixedClock::at(t)))
            .receive(body, &header)
    };
    assert!(at(NOW + 300 + 59).is_ok());
    assert!(matches!(
        at(NOW + 300 + 60),
        Err(WebhookError::InvalidToken(TokenError::Expired { .. }))
    ));
    let strict = WebhookReceiver::new(
        TokenVerifier::new(KEY, SECRET)
            .with_leeway(Duration::ZERO)
            .with_clock(FixedClock::at(NOW + 300)),
    );
    assert!(strict.receive(body, &header).is_err());
}
