//! The grant families of a LiveKit token, with LiveKit's JSON names and defaults.
//!
//! Every family is a plain struct with public fields and `Default`, so a grant reads like the
//! JSON it becomes. Unset values are omitted when serialized and missing fields default when
//! read, exactly like the Go server (`{"sip":{"admin":true}}` parses).

use std::fmt;

use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// Room and media permissions: the `video` claim.
///
/// `can_publish`, `can_subscribe`, `can_publish_data`, `can_update_own_metadata`,
/// `can_subscribe_metrics` and `can_manage_agent_session` are tri-state: `None` means "not
/// set", and LiveKit gives each a meaning of its own. Ask the methods of the same name
/// ([`VideoGrant::can_publish`], …) for the effective permission rather than re-deriving it.
///
/// ```
/// use livekit_auth::VideoGrant;
///
/// let grant = VideoGrant::join("daily-standup");
/// assert!(grant.room_join);
/// assert!(grant.can_publish() && grant.can_subscribe() && grant.can_publish_data());
///
/// let viewer = VideoGrant { can_publish: Some(false), ..VideoGrant::join("town-hall") };
/// assert!(!viewer.can_publish());
/// assert!(!viewer.can_publish_data(), "data follows canPublish when unset");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VideoGrant {
    /// May create rooms (server API).
    #[serde(skip_serializing_if = "is_false")]
    pub room_create: bool,
    /// May list rooms (server API).
    #[serde(skip_serializing_if = "is_false")]
    pub room_list: bool,
    /// May start recordings/egress (server API).
    #[serde(skip_serializing_if = "is_false")]
    pub room_record: bool,
    /// May administer `room` (server API).
    #[serde(skip_serializing_if = "is_false")]
    pub room_admin: bool,
    /// May join `room` as a participant.
    #[serde(skip_serializing_if = "is_false")]
    pub room_join: bool,
    /// The room the grant applies to.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub room: String,
    /// Room a participant may be forwarded to.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub destination_room: String,
    /// May publish tracks; unset means yes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_publish: Option<bool>,
    /// May subscribe to tracks; unset means yes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_subscribe: Option<bool>,
    /// May publish data messages; unset means the same as `can_publish`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_publish_data: Option<bool>,
    /// When not empty, only these sources may be published.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub can_publish_sources: Vec<TrackSource>,
    /// May update its own name, metadata and attributes; unset means no.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_update_own_metadata: Option<bool>,
    /// May subscribe to metrics; unset means no.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_subscribe_metrics: Option<bool>,
    /// May manage an agent session; unset means no.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_manage_agent_session: Option<bool>,
    /// May administer ingress (server API).
    #[serde(skip_serializing_if = "is_false")]
    pub ingress_admin: bool,
    /// Invisible to other participants.
    #[serde(skip_serializing_if = "is_false")]
    pub hidden: bool,
    /// Marks the participant as a recorder (deprecated by LiveKit, still honoured).
    #[serde(skip_serializing_if = "is_false")]
    pub recorder: bool,
    /// May register as an agent worker.
    #[serde(skip_serializing_if = "is_false")]
    pub agent: bool,
}

impl VideoGrant {
    /// The grant to join `room` with the default permissions.
    pub fn join(room: impl Into<String>) -> Self {
        Self {
            room_join: true,
            room: room.into(),
            ..Self::default()
        }
    }

    /// Effective `canPublish`: unset means `true`.
    pub fn can_publish(&self) -> bool {
        self.can_publish.unwrap_or(true)
    }

    /// Effective `canSubscribe`: unset means `true`.
    pub fn can_subscribe(&self) -> bool {
        self.can_subscribe.unwrap_or(true)
    }

    /// Effective `canPublishData`: unset means the same as [`can_publish`](Self::can_publish).
    pub fn can_publish_data(&self) -> bool {
        self.can_publish_data.unwrap_or_else(|| self.can_publish())
    }

    /// Effective `canUpdateOwnMetadata`: unset means `false`.
    pub fn can_update_own_metadata(&self) -> bool {
        self.can_update_own_metadata.unwrap_or(false)
    }

    /// Effective `canSubscribeMetrics`: unset means `false`.
    pub fn can_subscribe_metrics(&self) -> bool {
        self.can_subscribe_metrics.unwrap_or(false)
    }

    /// Effective `canManageAgentSession`: unset means `false`.
    pub fn can_manage_agent_session(&self) -> bool {
        self.can_manage_agent_session.unwrap_or(false)
    }

    /// Whether `source` may be published: publishing must be allowed, and when
    /// `can_publish_sources` is not empty it must list the source.
    pub fn can_publish_source(&self, source: &TrackSource) -> bool {
        self.can_publish()
            && (self.can_publish_sources.is_empty() || self.can_publish_sources.contains(source))
    }
}

/// A media source named in `canPublishSources`.
///
/// Names LiveKit does not define yet are kept as [`TrackSource::Other`] so that a token from a
/// newer SDK still parses and re-serializes unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum TrackSource {
    /// `camera`
    Camera,
    /// `microphone`
    Microphone,
    /// `screen_share`
    ScreenShare,
    /// `screen_share_audio`
    ScreenShareAudio,
    /// Any other name, kept verbatim.
    Other(String),
}

impl TrackSource {
    /// The name as it appears in the token.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Camera => "camera",
            Self::Microphone => "microphone",
            Self::ScreenShare => "screen_share",
            Self::ScreenShareAudio => "screen_share_audio",
            Self::Other(name) => name,
        }
    }
}

impl From<String> for TrackSource {
    fn from(name: String) -> Self {
        match name.as_str() {
            "camera" => Self::Camera,
            "microphone" => Self::Microphone,
            "screen_share" => Self::ScreenShare,
            "screen_share_audio" => Self::ScreenShareAudio,
            _ => Self::Other(name),
        }
    }
}

impl From<&str> for TrackSource {
    fn from(name: &str) -> Self {
        Self::from(name.to_owned())
    }
}

impl From<TrackSource> for String {
    fn from(source: TrackSource) -> Self {
        match source {
            TrackSource::Other(name) => name,
            known => known.as_str().to_owned(),
        }
    }
}

impl fmt::Display for TrackSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// SIP permissions: the `sip` claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SipGrant {
    /// May manage SIP trunks and dispatch rules.
    #[serde(skip_serializing_if = "is_false")]
    pub admin: bool,
    /// May place outbound SIP calls.
    #[serde(skip_serializing_if = "is_false")]
    pub call: bool,
}

/// Cloud agent permissions: the `agent` claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AgentGrant {
    /// May create, update and delete cloud agents.
    #[serde(skip_serializing_if = "is_false")]
    pub admin: bool,
    /// May manage agent simulations and scenarios.
    #[serde(skip_serializing_if = "is_false")]
    pub simulation_admin: bool,
    /// May access the project's agent databases.
    #[serde(skip_serializing_if = "is_false")]
    pub database_admin: bool,
    /// May manage the agent dispatch queue.
    #[serde(skip_serializing_if = "is_false")]
    pub dispatch_admin: bool,
}

/// Permission to call agents' HTTP endpoints: the `agentEndpoint` claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AgentEndpointGrant {
    /// May call non-public agent endpoints.
    #[serde(skip_serializing_if = "is_false")]
    pub call: bool,
    /// Restricts the grant to one agent; empty means every agent.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub agent_name: String,
    /// Restricts the grant to one deployment; empty means every deployment.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub deployment: String,
}

/// Permissions on agent threads: the `agentThread` claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AgentThreadGrant {
    /// Applies to every thread and scope of the project.
    #[serde(skip_serializing_if = "is_false")]
    pub all: bool,
    /// Scope in which threads may be listed and created.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// Threads that may be read, written and deleted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub thread_ids: Vec<String>,
    /// May list threads.
    #[serde(skip_serializing_if = "is_false")]
    pub list: bool,
    /// May create threads.
    #[serde(skip_serializing_if = "is_false")]
    pub create: bool,
    /// May write to threads.
    #[serde(skip_serializing_if = "is_false")]
    pub write: bool,
    /// May read threads.
    #[serde(skip_serializing_if = "is_false")]
    pub read: bool,
    /// May delete threads.
    #[serde(skip_serializing_if = "is_false")]
    pub delete: bool,
}

/// Inference permissions: the `inference` claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InferenceGrant {
    /// May run inference.
    #[serde(skip_serializing_if = "is_false")]
    pub perform: bool,
}

/// Observability permissions: the `observability` claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObservabilityGrant {
    /// May publish observability data.
    #[serde(skip_serializing_if = "is_false")]
    pub write: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unset_tri_states_follow_livekit_defaults() {
        let g = VideoGrant::default();
        assert!(g.can_publish());
        assert!(g.can_subscribe());
        assert!(g.can_publish_data());
        assert!(!g.can_update_own_metadata());
        assert!(!g.can_subscribe_metrics());
        assert!(!g.can_manage_agent_session());
    }

    #[test]
    fn publish_data_follows_publish_only_when_unset() {
        let g = VideoGrant {
            can_publish: Some(false),
            ..VideoGrant::default()
        };
        assert!(!g.can_publish_data());
        let g = VideoGrant {
            can_publish: Some(false),
            can_publish_data: Some(true),
            ..VideoGrant::default()
        };
        assert!(g.can_publish_data());
    }

    #[test]
    fn publish_sources_restrict_publishing() {
        let g = VideoGrant {
            can_publish_sources: vec![TrackSource::Camera],
            ..VideoGrant::default()
        };
        assert!(g.can_publish_source(&TrackSource::Camera));
        assert!(!g.can_publish_source(&TrackSource::ScreenShare));
        let muted = VideoGrant {
            can_publish: Some(false),
            ..g
        };
        assert!(!muted.can_publish_source(&TrackSource::Camera));
    }

    #[test]
    fn serializes_only_what_is_set_in_camel_case() {
        let g = VideoGrant {
            can_publish: Some(false),
            can_publish_sources: vec![TrackSource::ScreenShareAudio],
            ..VideoGrant::join("r")
        };
        assert_eq!(
            serde_json::to_value(&g).expect("serializes"),
            json!({"roomJoin": true, "room": "r", "canPublish": false,
                   "canPublishSources": ["screen_share_audio"]})
        );
    }

    #[test]
    fn partial_grants_parse_with_defaults() {
        let sip: SipGrant = serde_json::from_value(json!({"admin": true})).expect("parses");
        assert_eq!(
            sip,
            SipGrant {
                admin: true,
                call: false
            }
        );
    }

    #[test]
    fn unknown_track_sources_are_kept_verbatim() {
        let g: VideoGrant =
            serde_json::from_value(json!({"canPublishSources": ["camera", "hologram"]}))
                .expect("parses");
        assert_eq!(
            g.can_publish_sources,
            vec![TrackSource::Camera, TrackSource::Other("hologram".into())]
        );
        assert_eq!(
            serde_json::to_value(&g).expect("serializes"),
            json!({"canPublishSources": ["camera", "hologram"]})
        );
    }
}
