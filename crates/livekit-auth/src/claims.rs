//! The claims of a LiveKit token, as LiveKit writes them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::grants::{
    AgentEndpointGrant, AgentGrant, AgentThreadGrant, InferenceGrant, ObservabilityGrant, SipGrant,
    VideoGrant,
};
use crate::numeric_date;
use crate::proto::RoomConfiguration;

/// Every claim LiveKit defines, with LiveKit's JSON names.
///
/// Serializing omits what is unset, so tokens stay short; deserializing fills what is missing
/// with its default, so tokens from every official SDK parse. Claims that LiveKit does not know
/// are ignored on read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Claims {
    /// `iss`: the API key that signed the token.
    #[serde(rename = "iss", skip_serializing_if = "String::is_empty")]
    pub issuer: String,
    /// `sub`: the participant identity.
    #[serde(rename = "sub", skip_serializing_if = "String::is_empty")]
    pub identity: String,
    /// `nbf`: not valid before this Unix time (seconds).
    #[serde(
        rename = "nbf",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "numeric_date::deserialize"
    )]
    pub not_before: Option<i64>,
    /// `exp`: not valid from this Unix time on (seconds).
    #[serde(
        rename = "exp",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "numeric_date::deserialize"
    )]
    pub expires_at: Option<i64>,
    /// `jti`: the Go SDK writes the identity here too, and LiveKit uses it when `sub` is empty.
    #[serde(rename = "jti", skip_serializing_if = "String::is_empty")]
    pub jwt_id: String,
    /// Display name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Application metadata, opaque to LiveKit.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub metadata: String,
    /// Participant attributes.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Participant kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ParticipantKind>,
    /// Finer-grained kind details (written by the Go SDK).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kind_details: Vec<String>,
    /// Base64 SHA-256 of a request body (webhooks).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// Room and media permissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video: Option<VideoGrant>,
    /// SIP permissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sip: Option<SipGrant>,
    /// Cloud agent permissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<AgentGrant>,
    /// Agent endpoint permissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_endpoint: Option<AgentEndpointGrant>,
    /// Agent thread permissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_thread: Option<AgentThreadGrant>,
    /// Inference permissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inference: Option<InferenceGrant>,
    /// Observability permissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observability: Option<ObservabilityGrant>,
    /// Name of a room preset (LiveKit Cloud).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub room_preset: String,
    /// Configuration for a room this participant creates, as proto3 JSON on the wire (read
    /// with the same decoder as webhook events, [`FromJson`](crate::proto::FromJson)). Boxed:
    /// it is rare and larger than all other claims together, and every token carries the field.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::proto::deserialize_message"
    )]
    pub room_config: Option<Box<RoomConfiguration>>,
}

impl Claims {
    /// The participant identity: `sub`, or `jti` when `sub` is empty (as the LiveKit server reads it).
    pub fn effective_identity(&self) -> &str {
        if self.identity.is_empty() {
            &self.jwt_id
        } else {
            &self.identity
        }
    }
}

/// The `kind` claim: what sort of participant the token is for.
///
/// Kinds this crate does not know yet are kept as [`ParticipantKind::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum ParticipantKind {
    /// `standard`: a regular client.
    Standard,
    /// `ingress`
    Ingress,
    /// `egress`
    Egress,
    /// `sip`
    Sip,
    /// `agent`
    Agent,
    /// `connector`
    Connector,
    /// `bridge`
    Bridge,
    /// Any other name, kept verbatim.
    Other(String),
}

impl ParticipantKind {
    /// The name as it appears in the token.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Standard => "standard",
            Self::Ingress => "ingress",
            Self::Egress => "egress",
            Self::Sip => "sip",
            Self::Agent => "agent",
            Self::Connector => "connector",
            Self::Bridge => "bridge",
            Self::Other(name) => name,
        }
    }
}

impl From<String> for ParticipantKind {
    fn from(name: String) -> Self {
        match name.as_str() {
            "standard" => Self::Standard,
            "ingress" => Self::Ingress,
            "egress" => Self::Egress,
            "sip" => Self::Sip,
            "agent" => Self::Agent,
            "connector" => Self::Connector,
            "bridge" => Self::Bridge,
            _ => Self::Other(name),
        }
    }
}

impl From<&str> for ParticipantKind {
    fn from(name: &str) -> Self {
        Self::from(name.to_owned())
    }
}

impl From<ParticipantKind> for String {
    fn from(kind: ParticipantKind) -> Self {
        match kind {
            ParticipantKind::Other(name) => name,
            known => known.as_str().to_owned(),
        }
    }
}

impl fmt::Display for ParticipantKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_claims_serialize_to_an_empty_object() {
        assert_eq!(
            serde_json::to_value(Claims::default()).expect("serializes"),
            json!({})
        );
    }

    #[test]
    fn go_style_partial_claims_parse() {
        let c: Claims = serde_json::from_value(json!({
            "iss": "APIkey", "sub": "alice", "jti": "alice", "exp": 10, "nbf": 1,
            "kind": "connector", "kindDetails": ["cloud_agent"], "sip": {"admin": true},
            "somethingNew": {"x": 1}
        }))
        .expect("parses");
        assert_eq!(c.kind, Some(ParticipantKind::Connector));
        assert_eq!(
            c.sip,
            Some(SipGrant {
                admin: true,
                call: false
            })
        );
        assert_eq!(c.kind_details, vec!["cloud_agent".to_owned()]);
        assert_eq!((c.not_before, c.expires_at), (Some(1), Some(10)));
    }

    #[test]
    fn identity_falls_back_to_jti() {
        let c = Claims {
            jwt_id: "bob".into(),
            ..Claims::default()
        };
        assert_eq!(c.effective_identity(), "bob");
    }

    #[test]
    fn unknown_kinds_round_trip() {
        let c: Claims = serde_json::from_value(json!({"kind": "robot"})).expect("parses");
        assert_eq!(c.kind, Some(ParticipantKind::Other("robot".into())));
        assert_eq!(
            serde_json::to_value(&c).expect("serializes"),
            json!({"kind": "robot"})
        );
    }
}
