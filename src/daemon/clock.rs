//! The daemon's clock. In production it is the system's; tests start it at a chosen instant
//! and let it follow tokio's (pausable) time, so a half-year of daily reminders runs in
//! seconds with `tokio::time::pause` and nothing in the logic ever reads the clock itself.

use jiff::Timestamp;

/// Where the daemon's "now" comes from.
#[derive(Debug, Clone)]
pub enum Clock {
    /// The system clock (follows wall-clock changes, such as NTP corrections).
    System,
    /// `origin` at `start`, advancing with tokio's clock.
    Tokio {
        origin: Timestamp,
        start: tokio::time::Instant,
    },
}

impl Clock {
    /// A clock that reads `at` now and then advances with tokio's time (paused or not).
    /// Call it inside the runtime whose time it should follow.
    pub fn starting_at(at: Timestamp) -> Clock {
        Clock::Tokio {
            origin: at,
            start: tokio::time::Instant::now(),
        }
    }

    /// The current instant.
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Tokio { origin, start } => {
                let elapsed = jiff::SignedDuration::try_from(start.elapsed()).unwrap_or(jiff::SignedDuration::MAX);
                origin.checked_add(elapsed).unwrap_or(Timestamp::MAX)
            }
        }
    }
}
