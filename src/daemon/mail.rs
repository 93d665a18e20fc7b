//! The mail worker: sends the outbox on the blocking pool, on its own connection to the store.
//!
//! It wakes when mail is queued, when the next queued message is due, and at least every
//! minute. A server that cannot be reached ends the pass at once and the worker backs off
//! (1 min doubling, at most 10 min); at shutdown a pass in progress is abandoned, not awaited,
//! so a server that accepts connections and never answers cannot hold the daemon up.

use super::Shared;
use crate::deliver::{Mailer, worker};
use crate::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// The longest the outbox goes unlooked-at; new mail wakes it sooner.
const IDLE: Duration = Duration::from_secs(60);

/// Runs until cancelled.
pub async fn run(shared: Shared, mailer: Mailer) {
    let mut down_passes = 0u32;
    let mut next = Instant::now();
    loop {
        tokio::select! {
            () = shared.cancel.cancelled() => return,
            () = tokio::time::sleep_until(next) => {}
            () = shared.mail_queued.notified(), if down_passes == 0 => {}
        }
        let stop = Arc::new(AtomicBool::new(false));
        let pass = tokio::task::spawn_blocking({
            let (db, mailer, clock, stop) = (
                shared.settings.database(),
                mailer.clone(),
                shared.clock.clone(),
                stop.clone(),
            );
            move || {
                let store = Store::open(&db)?;
                let pass = worker::send_due(&store, &mailer, || clock.now(), || stop.load(Ordering::Relaxed))?;
                Ok::<_, crate::store::StoreError>((pass, store.next_mail_at()?))
            }
        });
        let result = tokio::select! {
            r = pass => r,
            () = shared.cancel.cancelled() => {
                // Not awaited: the message in hand keeps its claim and goes again later.
                stop.store(true, Ordering::Relaxed);
                return;
            }
        };
        next = Instant::now()
            + match result {
                Ok(Ok((pass, due))) => {
                    if pass != worker::Pass::default() {
                        tracing::info!(
                            sent = pass.sent,
                            retrying = pass.retrying,
                            failed = pass.failed,
                            server_down = pass.server_down,
                            "outbox"
                        );
                    }
                    down_passes = if pass.server_down { down_passes + 1 } else { 0 };
                    wait(&shared, down_passes, due)
                }
                Ok(Err(e)) => {
                    tracing::error!(error = %e, "outbox pass failed");
                    IDLE
                }
                Err(e) => {
                    tracing::error!(error = %e, "outbox task failed");
                    IDLE
                }
            };
    }
}

/// How long until the next pass: the server's back-off while it is down, else until the next
/// queued message is due (at most a minute).
fn wait(shared: &Shared, down_passes: u32, due: Option<jiff::Timestamp>) -> Duration {
    if down_passes > 0 {
        return Duration::from_secs(60u64 << (down_passes - 1).min(3)).min(Duration::from_secs(600));
    }
    due.map_or(IDLE, |at| {
        let wait = at
            .duration_since(shared.clock.now())
            .try_into()
            .unwrap_or(Duration::ZERO);
        wait.min(IDLE)
    })
}
