//! The daemon: independent workers that share only the store (each its own connection) and
//! a cancellation token, as tokio's mini-redis does. This is the only place that wires the
//! stages together over time.
//!
//! - [`intake`]: watches and rescans the inbox, settles files, takes them one at a time.
//! - [`mail`]: sends the outbox; a slow or silent SMTP server delays mail and nothing else.
//! - [`daily`]: the day's reminders and the compiled reports due to be sent.
//! - [`mailbox`]: polls the Union's IMAP mailbox (when configured) and hands each e-mail's
//!   report files to the intake through the inbox.
//! - the web desk ([`crate::desk::serve`]): the staff's board, on its own store connection.
//!
//! On shutdown every worker stops at its next await: a read in progress is abandoned (its
//! child killed, the file taken again at the next start), a mail conversation is left to its
//! claim (the message is sent again, with the same Message-ID, once the claim expires).

use crate::config::Settings;
use crate::deliver::Mailer;
use crate::pipeline;
use crate::store::{Store, StoreError};
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

mod clock;
mod daily;
mod intake;
mod lock;
mod mail;
mod mailbox;
mod ocr;

pub use clock::Clock;
use lock::RunLock;

/// Why the daemon could not run.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// A folder could not be created.
    #[error("{}: {source}", path.display())]
    Folder { path: PathBuf, source: std::io::Error },
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The mail transport could not be set up.
    #[error("mail: {0}")]
    Mail(String),
    /// Another daemon holds the data folder.
    #[error("{}: another `baocao run` is already using this data folder", path.display())]
    AlreadyRunning { path: PathBuf },
    /// A new, empty database beside an archive that holds files: the database was lost.
    #[error(
        "{}: the database is new and empty, but {} holds {files} files: was the database deleted or moved? \
         Restore it, or run `baocao reindex` to rebuild the submissions from the archive",
        database.display(),
        archive.display()
    )]
    DatabaseLost {
        database: PathBuf,
        archive: PathBuf,
        files: usize,
    },
    /// The web desk could not start.
    #[error(transparent)]
    Desk(#[from] crate::desk::DeskError),
    /// The units table cannot be read as a list.
    #[error(transparent)]
    Units(#[from] crate::units::UnitsError),
    /// A worker task failed to start or panicked.
    #[error("worker: {0}")]
    Worker(String),
}

/// What every worker shares: settings, the clock, the stop signal, the outbox's wake-up.
#[derive(Clone)]
struct Shared {
    settings: Arc<Settings>,
    clock: Clock,
    cancel: CancellationToken,
    /// Rung when mail was queued, so the sender does not wait for its next round.
    mail_queued: Arc<Notify>,
    /// The units import these settings were read at ([`Store::units_stamp`]).
    units_stamp: Option<i64>,
    /// Rung by a worker that finds the units list changed: the workers start again with it.
    units_changed: Arc<Notify>,
}

impl Shared {
    /// Whether the store's units list is no longer the one these settings hold; if so, the
    /// daemon is told to start its workers again with the new one.
    fn units_moved(&self, store: &Store) -> bool {
        let moved = store.units_stamp().is_ok_and(|s| s != self.units_stamp);
        if moved {
            self.units_changed.notify_one();
        }
        moved
    }
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
    for warning in settings.report.config.warnings() {
        tracing::warn!("{warning}");
    }
    let base = settings;
    let (settings, mut stamp) = with_units(base.clone()).await?;
    let mut settings = Arc::new(settings);
    let _lock = prepare(settings.clone(), clock.clone()).await?;
    let mail_queued = Arc::new(Notify::new());
    tokio::pin!(shutdown);
    // Each round runs the workers on one units list; an import while running ends the round
    // and the next reads the new list (every file's state is in the store: nothing is lost).
    while let Round::UnitsChanged = round((settings.clone(), stamp), &clock, &mail_queued, &mut shutdown).await? {
        tracing::info!("the units list changed: the workers start again with it");
        let (again, at) = with_units(base.clone()).await?;
        (settings, stamp) = (Arc::new(again), at);
    }
    tracing::info!("stopped");
    Ok(())
}

/// How a round of the workers ended.
enum Round {
    /// Stopped for good (the stop signal, or a worker failed).
    Stopped,
    /// The units list was changed by an import.
    UnitsChanged,
}

/// Runs every worker on `settings` until the stop signal, a worker's end, or a change of the
/// units list.
async fn round(
    (settings, units_stamp): (Arc<Settings>, Option<i64>),
    clock: &Clock,
    mail_queued: &Arc<Notify>,
    shutdown: &mut std::pin::Pin<&mut impl Future<Output = ()>>,
) -> Result<Round, DaemonError> {
    let mailer = Mailer::new(&settings.mail).map_err(DaemonError::Mail)?;
    let desk = match settings.web.enabled {
        true => Some(desk_parts(settings.clone(), clock, mail_queued).await?),
        false => None,
    };
    let shared = Shared {
        settings,
        clock: clock.clone(),
        cancel: CancellationToken::new(),
        mail_queued: mail_queued.clone(),
        units_stamp,
        units_changed: Arc::new(Notify::new()),
    };
    let mut workers = tokio::task::JoinSet::new();
    // The intake defers scans to the OCR worker and takes them again when they are read.
    let (jobs, waiting) = tokio::sync::mpsc::unbounded_channel();
    let (read, taken_again) = tokio::sync::mpsc::unbounded_channel();
    workers.spawn(intake::run(shared.clone(), jobs, taken_again));
    workers.spawn(ocr::run(shared.clone(), waiting, read));
    workers.spawn(mail::run(shared.clone(), mailer));
    workers.spawn(daily::run(shared.clone()));
    if let Some(m) = shared.settings.mailbox.clone() {
        workers.spawn(mailbox::run(shared.clone(), m));
    }
    if let Some((desk, listener)) = desk {
        workers.spawn(desk_worker(shared.clone(), desk, listener));
    }
    let ended = tokio::select! {
        () = shutdown.as_mut() => Round::Stopped,
        () = shared.units_changed.notified() => Round::UnitsChanged,
        // A worker ends only on cancellation or a panic: stop the others too.
        Some(ended) = workers.join_next() => {
            if let Err(e) = ended {
                tracing::error!(error = %e, "a worker failed; stopping");
            }
            Round::Stopped
        }
    };
    if matches!(ended, Round::Stopped) {
        tracing::info!("stopping");
    }
    shared.cancel.cancel();
    while let Some(ended) = workers.join_next().await {
        if let Err(e) = ended {
            tracing::error!(error = %e, "a worker failed while stopping");
        }
    }
    Ok(ended)
}

/// `baocao serve`: the web desk alone (no intake, no mail sender, no reminders) until
/// `shutdown` completes; e-mails the staff's decisions queue wait for `baocao run`.
pub async fn serve_desk(settings: Settings, shutdown: impl Future<Output = ()>) -> Result<(), DaemonError> {
    let settings = Arc::new(with_units(settings).await?.0);
    std::fs::create_dir_all(&settings.data_dir).map_err(|source| DaemonError::Folder {
        path: settings.data_dir.clone(),
        source,
    })?;
    let (desk, listener) = desk_parts(settings, &Clock::System, &Arc::new(Notify::new())).await?;
    let cancel = CancellationToken::new();
    let served = crate::desk::serve(desk, listener, cancel.clone());
    tokio::pin!(served);
    tokio::select! {
        () = shutdown => {}
        result = &mut served => return Ok(result?),
    }
    cancel.cancel();
    Ok(served.await?)
}

/// The desk (its own store connection, its templates checked) and its bound address, ready
/// before any worker starts: a port in use or a broken template stops the start.
pub async fn desk_parts(
    settings: Arc<Settings>,
    clock: &Clock,
    mail_queued: &Arc<Notify>,
) -> Result<(crate::desk::Desk, tokio::net::TcpListener), DaemonError> {
    let listener = crate::desk::bind(&settings).await?;
    let path = settings.database();
    let store = tokio::task::spawn_blocking(move || Store::open(&path))
        .await
        .map_err(|e| DaemonError::Worker(e.to_string()))??;
    let desk = crate::desk::Desk::new(settings, store, clock.clone(), mail_queued.clone())
        .map_err(crate::desk::DeskError::Setup)?;
    Ok((desk, listener))
}

/// The web desk, sharing the clock, the stop signal and the outbox's wake-up.
async fn desk_worker(shared: Shared, desk: crate::desk::Desk, listener: tokio::net::TcpListener) {
    if let Err(e) = crate::desk::serve(desk, listener, shared.cancel.clone()).await {
        tracing::error!(error = %e, "the web desk stopped");
    }
    // Ending on its own would stop the daemon: wait for the stop signal instead.
    shared.cancel.cancelled().await;
}

/// Creates the folders, takes the data folder's lock, checks the database was not lost, and
/// finishes the filings a stop interrupted (a failure there is logged; it never stops start-up).
async fn prepare(settings: Arc<Settings>, clock: Clock) -> Result<RunLock, DaemonError> {
    let blocking = tokio::task::spawn_blocking(move || {
        for dir in [&settings.inbox, &settings.data_dir] {
            std::fs::create_dir_all(dir).map_err(|source| DaemonError::Folder {
                path: dir.clone(),
                source,
            })?;
        }
        let lock = RunLock::take(&settings.data_dir)?;
        let mut store = open_checked(&settings)?;
        match pipeline::recover(&settings, &mut store, clock.now()) {
            Ok(0) => {}
            Ok(filed) => tracing::info!(filed, "finished filing files interrupted by a stop"),
            Err(e) => tracing::error!(error = %e, "could not look for interrupted filings; will retry"),
        }
        Ok(lock)
    });
    blocking.await.map_err(|e| DaemonError::Worker(e.to_string()))?
}

/// Whether a daemon runs on the data folder of `settings`.
pub fn running(settings: &Settings) -> bool {
    lock::held(&settings.data_dir)
}

/// The settings with the database's units as their registry (seeded from the configuration
/// the first time), and the import they are at ([`Store::units_stamp`], read first: an import
/// in between costs one more round, never a round on an old list believed new).
async fn with_units(mut settings: Settings) -> Result<(Settings, Option<i64>), DaemonError> {
    let blocking = tokio::task::spawn_blocking(move || {
        let mut store = Store::open(&settings.database())?;
        let stamp = store.units_stamp()?;
        let differ = crate::units::load(&mut settings, &mut store)?;
        if let Some(line) = crate::units::differ_line(&differ) {
            tracing::info!("{line}");
        }
        Ok((settings, stamp))
    });
    blocking.await.map_err(|e| DaemonError::Worker(e.to_string()))?
}

/// Opens the store, refusing a new empty database beside an archive that holds files.
pub fn open_checked(settings: &Settings) -> Result<Store, DaemonError> {
    let database = settings.database();
    let existed = database.exists();
    let store = Store::open(&database)?;
    if !existed || store.is_empty()? {
        let archive = settings.data_dir.join("archive");
        let files = crate::source::scan(&archive).len();
        if files > 0 {
            return Err(DaemonError::DatabaseLost {
                database,
                archive,
                files,
            });
        }
    }
    Ok(store)
}
