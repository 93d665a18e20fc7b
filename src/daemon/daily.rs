//! The daily worker: once per local day at or after `[reminders] hour`, the day's reminders
//! and notices, then the compiled reports due to be sent by themselves, then the digest of
//! the mailbox's messages that were not reports. Both are recorded in
//! the store, so running again (after a failure, a restart) never sends anything twice.

use super::Shared;
use crate::compile;
use crate::remind;
use crate::store::Store;
use std::time::Duration;

/// How often the worker looks whether the reminder hour has come. Short enough to follow a
/// wall clock that jumps (NTP, a suspended machine); the ledger makes a repeat harmless.
pub const CHECK: Duration = Duration::from_secs(300);

/// Runs until cancelled.
pub async fn run(shared: Shared) {
    // The last local day the run completed (in memory: the ledger guards across restarts).
    let mut done: Option<jiff::civil::Date> = None;
    loop {
        let now = shared.clock.now();
        let local = now.to_zoned_datetime(shared.settings.timezone.clone());
        let today = local.date();
        if local.hour() >= shared.settings.reminders.hour && done != Some(today) {
            let shared_now = shared.clone();
            let work = tokio::task::spawn_blocking(move || {
                let settings = &shared_now.settings;
                let mut store = Store::open(&settings.database()).map_err(|e| e.to_string())?;
                // Reminders go to the units of the list in force: after an import, the next
                // round of the workers sends them.
                if shared_now.units_moved(&store) {
                    return Ok(0);
                }
                let reminders = remind::run(settings, &mut store, today, now).map_err(|e| e.to_string())?;
                let reports = compile::auto_send(settings, &mut store, today, now).map_err(|e| e.to_string())?;
                let digest =
                    crate::mailbox::digest::queue(settings, &mut store, today, now).map_err(|e| e.to_string())?;
                Ok::<_, String>(reminders.len() + reports.len() + usize::from(digest > 0))
            });
            match work.await {
                Ok(Ok(queued)) => {
                    done = Some(today);
                    if queued > 0 {
                        tracing::info!(day = %today, queued, "daily run: reminders and reports queued");
                        shared.mail_queued.notify_one();
                    }
                }
                // Not marked done: the next check tries again.
                Ok(Err(e)) => tracing::error!(error = %e, "daily run failed; will retry"),
                Err(e) => tracing::error!(error = %e, "daily run task failed; will retry"),
            }
        }
        tokio::select! {
            () = shared.cancel.cancelled() => return,
            () = tokio::time::sleep(CHECK) => {}
        }
    }
}
