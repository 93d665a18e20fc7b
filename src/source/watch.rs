//! The watcher bridge: notify's events, debounced, into a tokio channel of paths.
//!
//! The native watcher (inotify) gets no events for folders on CIFS/NFS mounts; `poll = true`
//! switches to notify's PollWatcher for those. Either way events are only hints: the daemon
//! also rescans the inbox at start-up and every few minutes, so a missed event delays a file
//! but never loses it.

use notify_debouncer_mini::notify::{self, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{Config, DebounceEventResult, Debouncer, new_debouncer_opt};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// A running watcher; dropping it stops watching.
pub enum InboxWatcher {
    /// inotify and friends.
    Native(Debouncer<RecommendedWatcher>),
    /// Periodic polling, for network mounts.
    Poll(Debouncer<PollWatcher>),
}

/// Starts watching `inbox` (recursively), sending changed paths to `tx`.
pub fn watch(
    inbox: &Path,
    poll: bool,
    poll_interval: Duration,
    tx: UnboundedSender<PathBuf>,
) -> notify::Result<InboxWatcher> {
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            for event in events {
                // A closed receiver means the daemon is stopping; nothing to do.
                let _ = tx.send(event.path);
            }
        }
        Err(e) => tracing::warn!(error = %e, "inbox watcher error; the periodic rescan covers it"),
    };
    let config = Config::default()
        .with_timeout(Duration::from_millis(300))
        .with_notify_config(notify::Config::default().with_poll_interval(poll_interval));
    if poll {
        let mut d = new_debouncer_opt::<_, PollWatcher>(config, handler)?;
        d.watcher().watch(inbox, RecursiveMode::Recursive)?;
        Ok(InboxWatcher::Poll(d))
    } else {
        let mut d = new_debouncer_opt::<_, RecommendedWatcher>(config, handler)?;
        d.watcher().watch(inbox, RecursiveMode::Recursive)?;
        Ok(InboxWatcher::Native(d))
    }
}
