use std::fmt;

use crate::proto::WebhookEvent;

/// The `event` field of a webhook, typed. Names this crate does not know yet are kept in
/// [`EventKind::Other`] so that newer servers' events still reach the application.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// `room_started`
    RoomStarted,
    /// `room_finished`
    RoomFinished,
    /// `participant_joined`
    ParticipantJoined,
    /// `participant_left`
    ParticipantLeft,
    /// `participant_connection_aborted`
    ParticipantConnectionAborted,
    /// `track_published`
    TrackPublished,
    /// `track_unpublished`
    TrackUnpublished,
    /// `egress_started`
    EgressStarted,
    /// `egress_updated`
    EgressUpdated,
    /// `egress_ended`
    EgressEnded,
    /// `ingress_started`
    IngressStarted,
    /// `ingress_ended`
    IngressEnded,
    /// `agent_job_started`
    AgentJobStarted,
    /// `agent_job_ended`
    AgentJobEnded,
    /// Any other event name, verbatim.
    Other(String),
}

/// The known names, in the order LiveKit documents them.
const KNOWN: [(&str, EventKind); 14] = [
    ("room_started", EventKind::RoomStarted),
    ("room_finished", EventKind::RoomFinished),
    ("participant_joined", EventKind::ParticipantJoined),
    ("participant_left", EventKind::ParticipantLeft),
    (
        "participant_connection_aborted",
        EventKind::ParticipantConnectionAborted,
    ),
    ("track_published", EventKind::TrackPublished),
    ("track_unpublished", EventKind::TrackUnpublished),
    ("egress_started", EventKind::EgressStarted),
    ("egress_updated", EventKind::EgressUpdated),
    ("egress_ended", EventKind::EgressEnded),
    ("ingress_started", EventKind::IngressStarted),
    ("ingress_ended", EventKind::IngressEnded),
    ("agent_job_started", EventKind::AgentJobStarted),
    ("agent_job_ended", EventKind::AgentJobEnded),
];

impl EventKind {
    /// Every event name LiveKit documents.
    pub fn known() -> impl Iterator<Item = EventKind> {
        KNOWN.into_iter().map(|(_, kind)| kind)
    }

    /// Parses an event name.
    pub fn from_name(name: &str) -> Self {
        KNOWN
            .iter()
            .find(|(known, _)| *known == name)
            .map_or_else(|| Self::Other(name.to_owned()), |(_, kind)| kind.clone())
    }

    /// The event name as LiveKit writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Other(name) => name,
            known => KNOWN
                .iter()
                .find(|(_, kind)| kind == known)
                .map_or("", |(name, _)| name),
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl WebhookEvent {
    /// The typed event name.
    pub fn kind(&self) -> EventKind {
        EventKind::from_name(&self.event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in EventKind::known() {
            assert_eq!(EventKind::from_name(kind.as_str()), kind);
        }
        assert_eq!(EventKind::known().count(), 14);
    }

    #[test]
    fn unknown_names_are_kept() {
        let kind = EventKind::from_name("room_teleported");
        assert_eq!(kind, EventKind::Other("room_teleported".into()));
        assert_eq!(kind.to_string(), "room_teleported");
    }
}
