//! Where "now" comes from, so that expiry can be tested without sleeping.

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// A source of the current time in whole seconds since the Unix epoch.
///
/// [`AccessToken`](crate::AccessToken), [`TokenVerifier`](crate::TokenVerifier) and
/// [`WebhookSigner`](crate::WebhookSigner) read the time only through this trait.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn now_unix(&self) -> i64;
}

/// The system's wall clock (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_unix(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            // A clock set before 1970: count backwards rather than panic.
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }
}

/// A clock stopped at a given instant, for tests and reproducible fixtures.
///
/// ```
/// use livekit_auth::{Clock, FixedClock};
///
/// assert_eq!(FixedClock::at(1_700_000_000).now_unix(), 1_700_000_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(i64);

impl FixedClock {
    /// A clock that always answers `unix_seconds`.
    pub const fn at(unix_seconds: i64) -> Self {
        Self(unix_seconds)
    }
}

impl Clock for FixedClock {
    fn now_unix(&self) -> i64 {
        self.0
    }
}

/// The clock a builder or verifier holds: the system clock without an allocation, or a shared
/// custom one.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClockHandle(Option<Arc<dyn Clock>>);

impl ClockHandle {
    pub(crate) fn custom(clock: impl Clock + 'static) -> Self {
        Self(Some(Arc::new(clock)))
    }

    pub(crate) fn now_unix(&self) -> i64 {
        match &self.0 {
            None => SystemClock.now_unix(),
            Some(clock) => clock.now_unix(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_clock_is_after_2024() {
        assert!(SystemClock.now_unix() > 1_704_067_200);
    }
}
