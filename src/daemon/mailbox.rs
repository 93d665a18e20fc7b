//! The mailbox worker: polls `[mailbox]` every `poll_seconds`, one poll at a time (the next
//! starts only when the last has ended, however long it took; the daemon's lock keeps a second
//! daemon from polling at all). A failed poll — the server down, silent, refusing the login —
//! is logged and retried with a growing pause, while the inbox's intake goes on unaffected.
//! Between good polls it waits in IMAP IDLE when the server offers it, so a chapter's mail is
//! read within seconds; without IDLE it waits `poll_seconds`.

use super::Shared;
use crate::desk::Db;
use crate::mailbox::{MailboxSettings, imap, poll};
use crate::store::Store;
use std::time::Duration;

/// The longest pause between failed polls.
const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// Runs until cancelled.
pub async fn run(shared: Shared, mailbox: MailboxSettings) {
    let path = shared.settings.database();
    let store = match tokio::task::spawn_blocking(move || Store::open(&path)).await {
        Ok(Ok(store)) => store,
        Ok(Err(e)) => return tracing::error!(error = %e, "mailbox: cannot open the database; not reading mail"),
        Err(e) => return tracing::error!(error = %e, "mailbox: cannot open the database; not reading mail"),
    };
    let db = Db::new(store);
    let mut failures = 0u32;
    loop {
        let clock = shared.clock.clone();
        let polled = tokio::select! {
            () = shared.cancel.cancelled() => return,
            polled = poll::poll(&shared.settings, &mailbox, &db, move || clock.now()) => polled,
        };
        let (pause, ok) = match polled {
            Ok(done) => {
                failures = 0;
                if done.read > 0 {
                    // A reply's notice to the staff, a winmail.dat's to the chapter: send now.
                    shared.mail_queued.notify_one();
                }
                if done.did_something() {
                    tracing::info!(
                        read = done.read,
                        files = done.files,
                        moved = done.moved,
                        known = done.known,
                        "mailbox polled"
                    );
                }
                (mailbox.poll, Some(done.uid_next))
            }
            Err(e) => {
                failures += 1;
                let pause = backoff(mailbox.poll, failures);
                tracing::warn!(error = %e, retry_in_s = pause.as_secs(), "mailbox poll failed; will retry");
                (pause, None)
            }
        };
        // After a good poll, wait in IDLE where the server offers it: new mail is read at
        // once rather than at the next interval. Any trouble there falls back to the clock.
        let waited = if let Some(uid_next) = ok {
            let idle = imap::wait_for_mail(&mailbox, pause, uid_next);
            tokio::select! {
                () = shared.cancel.cancelled() => return,
                waited = idle => waited.inspect_err(|e| tracing::debug!(error = %e, "mailbox IDLE ended")).unwrap_or(false),
            }
        } else {
            false
        };
        if !waited {
            tokio::select! {
                () = shared.cancel.cancelled() => return,
                () = tokio::time::sleep(pause) => {}
            }
        }
    }
}

/// The pause after `failures` failed polls in a row: 10 s, 20 s, 40 s … up to 15 minutes,
/// never shorter than the poll interval would be.
pub fn backoff(poll: Duration, failures: u32) -> Duration {
    let grown = Duration::from_secs(10).saturating_mul(1 << failures.saturating_sub(1).min(16));
    grown.min(MAX_BACKOFF).max(poll.min(MAX_BACKOFF))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_polls_back_off_to_a_ceiling() {
        let poll = Duration::from_secs(5);
        let pauses: Vec<u64> = (1..=9).map(|n| backoff(poll, n).as_secs()).collect();
        assert_eq!(pauses, [10, 20, 40, 80, 160, 320, 640, 900, 900]);
        assert_eq!(backoff(Duration::from_secs(60), 1).as_secs(), 60);
    }
}
