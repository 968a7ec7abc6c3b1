//! Helpers shared by the workspace-level tests.
#![allow(dead_code, unreachable_pub)]

use std::fmt::Debug;
use std::path::PathBuf;

use livekit_auth::proto::FromJson;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Reads a JSON fixture below `tests/fixtures/`.
pub fn fixture(rel: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

/// VideoGrant fields where an explicit `false` differs from "not set".
const TRI_STATE: [&str; 6] = [
    "canPublish",
    "canSubscribe",
    "canPublishData",
    "canUpdateOwnMetadata",
    "canSubscribeMetrics",
    "canManageAgentSession",
];

/// Drops what LiveKit treats as unset — `false`, `""`, `0`, `[]`, `{}`, `null` — except the
/// tri-state grant flags, so that claims written with and without defaults compare equal.
/// The official SDKs differ only there: Python writes `"call": false`, Node writes proto3
/// defaults inside `roomConfig`, Go omits both.
pub fn without_unset(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| {
                    let v = without_unset(v);
                    (TRI_STATE.contains(&k.as_str()) || !is_unset(&v)).then(|| (k.clone(), v))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_unset).collect()),
        other => other.clone(),
    }
}

fn is_unset(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// Re-reads a JSON text into a `Value`, so that floats compare as the text they were written as.
pub fn reparse(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}
/// Decodes `json` with both decoders, fails the test if they disagree, and returns the value
/// (`None` if both refused it).
pub fn both<M>(json: &str) -> Option<M>
where
    M: FromJson + DeserializeOwned + PartialEq + Debug,
{
    match (serde_json::from_str::<M>(json), M::from_json(json)) {
        (Ok(serde), Ok(direct)) => {
            assert_eq!(serde, direct, "decoders differ on {json}");
            Some(direct)
        }
        (Err(_), Err(_)) => None,
        (serde, direct) => {
            panic!("decoders disagree on {json}:\nserde: {serde:?}\ndirect: {direct:?}")
        }
    }
}
