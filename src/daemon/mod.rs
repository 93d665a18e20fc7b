//! The daemon: the only long-running loop, and the only place that wires the stages together
//! over time. Files come from the watcher and from rescans, wait in the [`Settler`] until
//! still, then go one at a time through [`pipeline::process`] on the blocking pool.
//!
//! Shutdown is checked between files, never during one: the file in hand is finished (its
//! transaction committed and the file filed away) before `run` returns.

use crate::config::Settings;
use crate::deliver::Mailer;
use crate::pipeline;
use crate::source::settle::Settler;
use crate::source::{is_ignored, scan, watch};
use crate::store::{Store, StoreError};
use std::collections::VecDeque;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{Instant, MissedTickBehavior, interval, sleep_until};

mod clock;
mod lock;
mod tasks;

pub use clock::Clock;
use lock::RunLock;

/// How often settling files are looked at.
const TICK: Duration = Duration::from_millis(250);

/// Why the daemon could not run.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// A folder could not be created.
    #[error("{}: {source}", path.display())]
    Folder { path: PathBuf, source: std::io::Error },
    /// The database could not be opened or recovered.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Recovery after a crash failed.
    #[error(transparent)]
    Pipeline(#[from] pipeline::PipelineError),
    /// The mail transport could not be set up.
    #[error("mail: {0}")]
    Mail(String),
    /// Another daemon holds the data folder.
    #[error("{}: another `baocao run` is already using this data folder", path.display())]
    AlreadyRunning { path: PathBuf },
}

/// Runs until `shutdown` completes: watches the inbox and stores every file that arrives,
/// sends the day's reminders at the configured hour, and sends the outbox.
pub async fn run(settings: Settings, shutdown: impl Future<Output = ()>) -> Result<(), DaemonError> {
    run_with_clock(settings, Clock::System, shutdown).await
}

/// [`run`] with the clock given: tests start it at a chosen day and pause tokio's time.
pub async fn run_with_clock(
    settings: Settings,
    clock: Clock,
    shutdown: impl Future<Output = ()>,
) -> Result<(), DaemonError> {
    for dir in [&settings.inbox, &settings.data_dir] {
        std::fs::create_dir_all(dir).map_err(|source| DaemonError::Folder {
            path: dir.clone(),
            source,
        })?;
    }
    let _lock = RunLock::take(&settings.data_dir)?;
    let store = Store::open(&settings.database())?;
    let recovered = pipeline::recover(&settings, &store)?;
    if recovered > 0 {
        tracing::info!(recovered, "finished filing files interrupted by a stop");
    }
    // A std Mutex suffices: it is only locked inside spawn_blocking, never across an .await.
    let store = Arc::new(Mutex::new(store));
    let settings = Arc::new(settings);
    let (tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let _watcher = watch::watch(
        &settings.inbox,
        settings.poll,
        settings.settle.max(Duration::from_secs(1)),
        tx,
    )
    .inspect_err(|e| tracing::warn!(error = %e, "cannot watch the inbox; relying on periodic rescans"))
    .ok();
    let mut settler = Settler::new(settings.settle);
    let mut ready: VecDeque<PathBuf> = VecDeque::new();
    let mut tick = interval(TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut rescan = interval(settings.rescan.max(Duration::from_secs(1)));
    rescan.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mailer = Mailer::new(&settings.mail).map_err(DaemonError::Mail)?;
    let mut daily = tasks::Daily::default();
    let (mut remind_at, mut mail_at) = (Instant::now(), Instant::now());
    tokio::pin!(shutdown);
    tracing::info!(inbox = %settings.inbox.display(), "watching the inbox");
    loop {
        tokio::select! {
            biased;
            () = &mut shutdown => break,
            Some(path) = events.recv() => note_event(&mut settler, path),
            _ = rescan.tick() => {
                for path in scan(&settings.inbox) {
                    settler.candidate(path, now());
                }
            }
            () = std::future::ready(()), if !ready.is_empty() => {
                if let Some(path) = ready.pop_front() {
                    tasks::take(&settings, &store, path, clock.now()).await;
                    mail_at = Instant::now();
                }
            }
            // Only while files are settling, so an idle daemon wakes rarely.
            _ = tick.tick(), if !settler.is_empty() => ready.extend(settler.ready(now())),
            () = sleep_until(remind_at) => {
                if daily.run_if_due(&settings, &store, clock.now()).await {
                    mail_at = Instant::now();
                }
                remind_at = Instant::now() + tasks::REMIND_CHECK;
            }
            () = sleep_until(mail_at) => {
                mail_at = Instant::now() + tasks::send_mail(&settings, &mailer, clock.now()).await;
            }
        }
    }
    tracing::info!("stopped");
    Ok(())
}

fn now() -> std::time::Instant {
    Instant::now().into_std()
}

/// A watcher event: files become candidates; a new folder is scanned.
fn note_event(settler: &mut Settler, path: PathBuf) {
    if is_ignored(&path) {
        return;
    }
    if path.is_dir() {
        for p in scan(&path) {
            settler.candidate(p, now());
        }
    } else if path.is_file() {
        settler.candidate(path, now());
    }
}
