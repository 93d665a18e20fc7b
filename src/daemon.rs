//! The daemon: the only long-running loop, and the only place that wires the stages together
//! over time. Files come from the watcher and from rescans, wait in the [`Settler`] until
//! still, then go one at a time through [`pipeline::process`] on the blocking pool.
//!
//! Shutdown is checked between files, never during one: the file in hand is finished (its
//! transaction committed and the file filed away) before `run` returns.

use crate::config::Settings;
use crate::deliver::{Mailer, worker};
use crate::pipeline::{self, Origin};
use crate::source::settle::Settler;
use crate::source::{is_ignored, scan, watch};
use crate::store::{Store, StoreError};
use std::collections::VecDeque;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{Instant, MissedTickBehavior, interval};

/// How often settling files are looked at.
const TICK: Duration = Duration::from_millis(250);
/// How often the outbox is looked at.
const MAIL_TICK: Duration = Duration::from_secs(2);

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

/// An exclusive lock on `<data_dir>/daemon.lock`, held while the daemon runs: two daemons on
/// one inbox would race for the same files. The kernel releases it if the process dies.
struct RunLock {
    // Held only to keep the lock: closing the file releases it.
    _file: std::fs::File,
}

impl RunLock {
    fn take(data_dir: &std::path::Path) -> Result<RunLock, DaemonError> {
        use std::os::fd::AsRawFd;
        let path = data_dir.join("daemon.lock");
        let file = std::fs::File::create(&path).map_err(|source| DaemonError::Folder {
            path: path.clone(),
            source,
        })?;
        // SAFETY: flock on a descriptor we own; no memory is shared.
        let locked = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if locked {
            Ok(RunLock { _file: file })
        } else {
            Err(DaemonError::AlreadyRunning { path })
        }
    }
}

/// Runs until `shutdown` completes: watches the inbox and stores every file that arrives.
pub async fn run(settings: Settings, shutdown: impl Future<Output = ()>) -> Result<(), DaemonError> {
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
    let mut mail_tick = interval(MAIL_TICK);
    mail_tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
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
                    take(&settings, &store, path).await;
                }
            }
            _ = tick.tick() => ready.extend(settler.ready(now())),
            _ = mail_tick.tick() => send_mail(&settings, &mailer).await,
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

/// One pass of the outbox worker, on its own connection so a slow SMTP server never holds
/// the store that files are written to.
async fn send_mail(settings: &Arc<Settings>, mailer: &Mailer) {
    let (db, mailer) = (settings.database(), mailer.clone());
    let result = tokio::task::spawn_blocking(move || {
        let store = Store::open(&db)?;
        worker::send_due(&store, &mailer, jiff::Timestamp::now())
    })
    .await;
    match result {
        Ok(Ok(pass)) if pass != worker::Pass::default() => tracing::info!(?pass, "outbox"),
        Ok(Ok(_)) => {}
        Ok(Err(e)) => tracing::error!(error = %e, "outbox pass failed"),
        Err(e) => tracing::error!(error = %e, "outbox task failed"),
    }
}

/// Processes one settled file on the blocking pool and waits for it to finish.
async fn take(settings: &Arc<Settings>, store: &Arc<Mutex<Store>>, path: PathBuf) {
    if !path.exists() {
        // Queued twice (a rescan re-found it while it waited) and already filed away.
        return;
    }
    let (settings, store) = (settings.clone(), store.clone());
    let shown = path.display().to_string();
    let started = std::time::Instant::now();
    let result = tokio::task::spawn_blocking(move || {
        let mut store = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        pipeline::process(&settings, &mut store, &path, Origin::Inbox, jiff::Timestamp::now())
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
