//! The daemon's units of work, each run on the blocking pool: take one settled file, do the
//! day's run (reminders, and the compiled report once a period's sending day has come), send
//! the outbox.

use crate::compile;
use crate::config::Settings;
use crate::deliver::{Mailer, worker};
use crate::pipeline::{self, Origin};
use crate::remind;
use crate::store::Store;
use jiff::Timestamp;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often the daemon looks whether the reminder hour has come. Short enough to follow a
/// wall clock that jumps (NTP, a suspended machine); the ledger makes a repeat harmless.
pub const REMIND_CHECK: Duration = Duration::from_secs(300);
/// The longest the outbox goes unlooked-at; new mail wakes it sooner.
const MAIL_IDLE: Duration = Duration::from_secs(60);

/// Processes one settled file on the blocking pool and waits for it to finish.
pub async fn take(settings: &Arc<Settings>, store: &Arc<Mutex<Store>>, path: PathBuf, now: Timestamp) {
    if !path.exists() {
        // Queued twice (a rescan re-found it while it waited) and already filed away.
        return;
    }
    let (settings, store) = (settings.clone(), store.clone());
    let shown = path.display().to_string();
    let started = std::time::Instant::now();
    let result = tokio::task::spawn_blocking(move || {
        let mut store = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        pipeline::process(&settings, &mut store, &path, Origin::Inbox, now)
    })
    .await;
    match result {
        Ok(Ok(outcome)) => {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            tracing::info!(file = %shown, status = %outcome.submission.status, settled_to_stored_ms = format!("{ms:.1}"), "taken");
        }
        // The file stays in the inbox; the next rescan retries it.
        Ok(Err(e)) => tracing::error!(file = %shown, error = %e, "could not store; will retry"),
        Err(e) => tracing::error!(file = %shown, error = %e, "processing task failed; will retry"),
    }
}

/// The daily run, once per local day at or after `[reminders] hour`: the day's reminders and
/// notices, then the compiled reports due to be sent by themselves. Both are recorded in the
/// store, so running again (after a failure, a restart) never sends anything twice.
#[derive(Debug, Default)]
pub struct Daily {
    /// The last local day the run completed (in memory: the ledger guards across restarts).
    done: Option<jiff::civil::Date>,
}

impl Daily {
    /// Does the day's run if the hour has come and it has not run today; returns whether
    /// anything was queued.
    pub async fn run_if_due(&mut self, settings: &Arc<Settings>, store: &Arc<Mutex<Store>>, now: Timestamp) -> bool {
        let local = now.to_zoned_datetime(settings.timezone.clone());
        let today = local.date();
        if local.hour() < settings.reminders.hour || self.done == Some(today) {
            return false;
        }
        let (settings, store) = (settings.clone(), store.clone());
        let result = tokio::task::spawn_blocking(move || {
            let mut store = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let reminders = remind::run(&settings, &mut store, today, now).map_err(|e| e.to_string())?;
            let reports = compile::auto_send(&settings, &mut store, today, now).map_err(|e| e.to_string())?;
            Ok::<_, String>(reminders.len() + reports.len())
        })
        .await;
        match result {
            Ok(Ok(queued)) => {
                self.done = Some(today);
                if queued > 0 {
                    tracing::info!(day = %today, queued, "daily run: reminders and reports queued");
                }
                queued > 0
            }
            // Not marked done: the next check tries again.
            Ok(Err(e)) => {
                tracing::error!(error = %e, "daily run failed; will retry");
                false
            }
            Err(e) => {
                tracing::error!(error = %e, "daily run task failed; will retry");
                false
            }
        }
    }
}

/// One pass of the outbox worker, on its own connection so a slow SMTP server never holds
/// the store that files are written to. Returns how long until the next pass is worth it.
pub async fn send_mail(settings: &Arc<Settings>, mailer: &Mailer, now: Timestamp) -> Duration {
    let (db, mailer) = (settings.database(), mailer.clone());
    let result = tokio::task::spawn_blocking(move || {
        let store = Store::open(&db)?;
        let pass = worker::send_due(&store, &mailer, now)?;
        let next = store.next_mail_at()?;
        Ok::<_, crate::store::StoreError>((pass, next))
    })
    .await;
    match result {
        Ok(Ok((pass, next))) => {
            if pass != worker::Pass::default() {
                tracing::info!(?pass, "outbox");
            }
            if pass.sent > 0 {
                // A full batch may leave more due at once.
                return Duration::ZERO;
            }
            next.map_or(MAIL_IDLE, |at| {
                let wait = at.duration_since(now).try_into().unwrap_or(Duration::ZERO);
                wait.min(MAIL_IDLE)
            })
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "outbox pass failed");
            MAIL_IDLE
        }
        Err(e) => {
            tracing::error!(error = %e, "outbox task failed");
            MAIL_IDLE
        }
    }
}
