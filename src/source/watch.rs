//! The watcher bridge: notify's events into a bounded tokio channel of paths.
//!
//! Only the events that can mean "a file arrived" are passed on: created, closed after
//! writing, moved in (and, for the polling watcher, changed). Opening or reading a file — the
//! daemon's own reads among them — is not. Symbolic links are not followed, so a link to a
//! folder outside the inbox is never watched. The channel is bounded; when it is full the
//! path is dropped and `overflowed` is set, and the daemon rescans the inbox instead.
//!
//! The native watcher (inotify) gets no events for folders on CIFS/NFS mounts; `poll = true`
//! switches to notify's PollWatcher for those. Either way events are only hints: the daemon
//! also rescans the inbox at start-up and every few minutes, so a missed event delays a file
//! but never loses it.

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::mpsc::Sender;

/// A running watcher; dropping it stops watching.
pub enum InboxWatcher {
    /// inotify and friends.
    Native(RecommendedWatcher),
    /// Periodic polling, for network mounts.
    Poll(PollWatcher),
}

/// Starts watching `inbox` (recursively), sending arriving paths to `tx`.
pub fn watch(
    inbox: &Path,
    poll: bool,
    poll_interval: Duration,
    tx: Sender<PathBuf>,
    overflowed: Arc<AtomicBool>,
) -> notify::Result<InboxWatcher> {
    let handler = move |result: notify::Result<notify::Event>| match result {
        Ok(event) if arrival(&event.kind, poll) => {
            for path in event.paths {
                // Full: the rescan finds it. Closed: the daemon is stopping.
                if tx.try_send(path).is_err() {
                    overflowed.store(true, Ordering::Relaxed);
                }
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "inbox watcher error; the periodic rescan covers it"),
    };
    let config = notify::Config::default()
        .with_poll_interval(poll_interval)
        .with_follow_symlinks(false);
    if poll {
        let mut w = PollWatcher::new(handler, config)?;
        w.watch(inbox, RecursiveMode::Recursive)?;
        Ok(InboxWatcher::Poll(w))
    } else {
        let mut w = RecommendedWatcher::new(handler, config)?;
        w.watch(inbox, RecursiveMode::Recursive)?;
        Ok(InboxWatcher::Native(w))
    }
}

/// Whether an event kind can mean a file arrived or finished arriving.
fn arrival(kind: &EventKind, poll: bool) -> bool {
    match kind {
        EventKind::Create(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both | RenameMode::Any)) => true,
        // The polling watcher reports a grown file only as "modified".
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_) | ModifyKind::Any) => poll,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange};

    #[test]
    fn opening_and_reading_are_not_arrivals() {
        assert!(!arrival(&EventKind::Access(AccessKind::Open(AccessMode::Any)), false));
        assert!(!arrival(&EventKind::Access(AccessKind::Close(AccessMode::Read)), false));
        assert!(!arrival(&EventKind::Modify(ModifyKind::Data(DataChange::Any)), false));
        assert!(arrival(&EventKind::Create(CreateKind::File), false));
        assert!(arrival(&EventKind::Access(AccessKind::Close(AccessMode::Write)), false));
        assert!(arrival(&EventKind::Modify(ModifyKind::Name(RenameMode::To)), false));
        assert!(arrival(&EventKind::Modify(ModifyKind::Data(DataChange::Any)), true));
    }
}
