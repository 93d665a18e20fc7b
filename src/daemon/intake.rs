//! The intake worker: files come from the watcher and from rescans, wait in the [`Settler`]
//! until still, then go one at a time through [`pipeline::take`] on the blocking pool. A scan
//! is handed to the OCR worker ([`super::ocr`]) and taken again when it has been read.
//!
//! The database holds each file's state; this worker keeps only what saves work: when a path
//! is next worth looking at (a file waiting for its retry, a store that keeps failing), so a
//! lasting failure costs one try per back-off step, not one per event or rescan.

use super::Shared;
use crate::pipeline::ocr::Job;
use crate::pipeline::{self, Origin, Taken};
use crate::source::settle::Settler;
use crate::source::{is_ignored, scan, watch};
use crate::store::Store;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::time::{Instant, MissedTickBehavior, interval};

/// How often settling files are looked at.
const TICK: Duration = Duration::from_millis(250);
/// Paths the watcher may queue before the rest is left to a rescan.
const QUEUE: usize = 4096;

/// What the worker remembers between files.
struct State {
    settler: Settler,
    ready: VecDeque<PathBuf>,
    /// Paths not worth looking at before this instant, with the failures so far.
    later: HashMap<PathBuf, (Instant, u32)>,
    /// Paths already logged as not files (a link to a folder...): logged once.
    noted: HashSet<PathBuf>,
    /// Scans with the OCR worker: not looked at until it hands them back.
    with_ocr: HashSet<PathBuf>,
    ocr_jobs: UnboundedSender<Job>,
}

/// Runs until cancelled; scans go out on `ocr_jobs` and come back on `ocr_done`.
pub async fn run(shared: Shared, ocr_jobs: UnboundedSender<Job>, mut ocr_done: UnboundedReceiver<PathBuf>) {
    let settings = shared.settings.clone();
    let store = match tokio::task::spawn_blocking(move || Store::open(&settings.database())).await {
        Ok(Ok(store)) => Arc::new(Mutex::new(store)),
        Ok(Err(e)) => return tracing::error!(error = %e, "intake cannot open the store"),
        Err(e) => return tracing::error!(error = %e, "intake cannot start"),
    };
    let (tx, mut events) = tokio::sync::mpsc::channel(QUEUE);
    let overflowed = Arc::new(AtomicBool::new(false));
    let s = &shared.settings;
    let _watcher = watch::watch(
        &s.inbox,
        s.poll,
        s.settle.max(Duration::from_secs(1)),
        tx,
        overflowed.clone(),
    )
    .inspect_err(|e| tracing::warn!(error = %e, "cannot watch the inbox; relying on periodic rescans"))
    .ok();
    let mut state = State {
        settler: Settler::new(s.settle),
        ready: VecDeque::new(),
        later: HashMap::new(),
        noted: HashSet::new(),
        with_ocr: HashSet::new(),
        ocr_jobs,
    };
    let mut tick = interval(TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut rescan = interval(s.rescan.max(Duration::from_secs(1)));
    rescan.set_missed_tick_behavior(MissedTickBehavior::Delay);
    tracing::info!(inbox = %s.inbox.display(), "watching the inbox");
    loop {
        tokio::select! {
            biased;
            () = shared.cancel.cancelled() => return,
            Some(path) = events.recv() => arrived(&mut state, &mut events, path).await,
            Some(path) = ocr_done.recv() => {
                state.with_ocr.remove(&path);
                state.later.remove(&path);
                candidate(&mut state, path);
            }
            _ = rescan.tick() => rescan_inbox(&shared, &store, &mut state).await,
            () = std::future::ready(()), if !state.ready.is_empty() => {
                if let Some(path) = state.ready.pop_front() {
                    take(&shared, &store, &mut state, path).await;
                }
            }
            () = tokio::time::sleep_until(next_look(&state)), if !state.later.is_empty() => look_again(&mut state),
            // Only while files are settling, so an idle daemon wakes rarely.
            _ = tick.tick(), if !state.settler.is_empty() || overflowed.load(Ordering::Relaxed) => {
                if overflowed.swap(false, Ordering::Relaxed) {
                    rescan.reset_immediately();
                }
                // Looking at each settling file is a stat: off the async threads.
                let mut settler = std::mem::take(&mut state.settler);
                let now = Instant::now().into_std();
                let looked = tokio::task::spawn_blocking(move || {
                    let ready = settler.ready(now);
                    (settler, ready)
                });
                if let Ok((settler, ready)) = looked.await {
                    state.settler = settler;
                    state.ready.extend(ready);
                }
            }
        }
    }
}

/// The earliest instant a remembered path is worth a look.
fn next_look(state: &State) -> Instant {
    state
        .later
        .values()
        .map(|(at, _)| *at)
        .min()
        .unwrap_or_else(|| Instant::now() + Duration::from_secs(3600))
}

/// Paths whose wait is over settle again (keeping their failure count for the next back-off).
fn look_again(state: &mut State) {
    let now = Instant::now();
    for (path, (at, _)) in state.later.iter_mut().filter(|(_, (at, _))| *at <= now) {
        state.settler.candidate(path.clone(), now.into_std());
        // Until the try settles and is taken; its outcome sets the next look.
        *at = now + Duration::from_secs(86_400);
    }
}

/// Paths from the watcher (this one and whatever else is queued): a new folder is scanned,
/// since its files may have arrived before the watch on it began. Off the async threads.
async fn arrived(state: &mut State, events: &mut tokio::sync::mpsc::Receiver<PathBuf>, first: PathBuf) {
    let mut batch = vec![first];
    while let Ok(more) = events.try_recv() {
        batch.push(more);
    }
    let files = tokio::task::spawn_blocking(move || {
        let is_dir = |p: &PathBuf| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
        batch
            .into_iter()
            .flat_map(|p| if is_dir(&p) { scan(&p) } else { vec![p] })
            .collect::<Vec<_>>()
    });
    for path in files.await.unwrap_or_default() {
        candidate(state, path);
    }
}

/// A file from the watcher or a rescan becomes a candidate, unless it is not worth a look yet.
fn candidate(state: &mut State, path: PathBuf) {
    if is_ignored(&path) || state.noted.contains(&path) || state.with_ocr.contains(&path) {
        return;
    }
    if state.later.get(&path).is_some_and(|(at, _)| *at > Instant::now()) {
        return;
    }
    state.settler.candidate(path, Instant::now().into_std());
}

/// Rescans the inbox (off the async threads) and retries filings that are due.
async fn rescan_inbox(shared: &Shared, store: &Arc<Mutex<Store>>, state: &mut State) {
    let (settings, store, now) = (shared.settings.clone(), store.clone(), shared.clock.now());
    let found = tokio::task::spawn_blocking(move || {
        let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
        if let Err(e) = pipeline::retry::file_due(&settings, &mut store, now) {
            tracing::debug!(error = %e, "could not retry filings");
        }
        scan(&settings.inbox)
    });
    for path in found.await.unwrap_or_default() {
        candidate(state, path);
    }
}

/// Takes one settled file on the blocking pool; on shutdown the read is abandoned.
async fn take(shared: &Shared, store: &Arc<Mutex<Store>>, state: &mut State, path: PathBuf) {
    let stop = Arc::new(AtomicBool::new(false));
    let started = std::time::Instant::now();
    let work = tokio::task::spawn_blocking({
        let (shared, store, path, stop, now) = (
            shared.clone(),
            store.clone(),
            path.clone(),
            stop.clone(),
            shared.clock.now(),
        );
        move || {
            let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
            // A file is read with the units list of the day: after an import it waits for the
            // workers to start again with the new one.
            if shared.units_moved(&store) {
                return Ok(None);
            }
            pipeline::take(&shared.settings, &mut store, &path, Origin::Inbox, now, &stop).map(Some)
        }
    });
    tokio::pin!(work);
    let result = tokio::select! {
        r = &mut work => r,
        () = shared.cancel.cancelled() => {
            stop.store(true, Ordering::Relaxed);
            work.await
        }
    };
    let shown = path.to_string_lossy().into_owned();
    let ms = format!("{:.1}", started.elapsed().as_secs_f64() * 1000.0);
    match result {
        Ok(Ok(None)) => {}
        Ok(Ok(Some(taken))) => {
            state.later.remove(&path);
            note(shared, state, path, &shown, taken, ms);
        }
        Ok(Err(e)) => back_off(state, path, &shown, &e.to_string()),
        Err(e) => back_off(state, path, &shown, &e.to_string()),
    }
}

/// Logs what became of a file and remembers when it is next worth a look.
fn note(shared: &Shared, state: &mut State, path: PathBuf, shown: &str, taken: Taken, ms: String) {
    match taken {
        Taken::Stored(outcome) => {
            tracing::info!(file = %shown, status = %outcome.submission.status, settled_to_stored_ms = ms, "taken");
            shared.mail_queued.notify_one();
        }
        Taken::FilingWaits { .. } | Taken::Waiting { .. } => {
            let (retry_at, stuck) = match &taken {
                Taken::Waiting { retry_at, stuck, .. } => (Some(*retry_at), *stuck),
                _ => (None, false),
            };
            let wait = retry_at
                .and_then(|at| Duration::try_from(at.duration_since(shared.clock.now())).ok())
                .unwrap_or(Duration::from_secs(1));
            // Filing is retried from the database by every rescan; a stuck file only when it changes.
            let wait = if stuck || retry_at.is_none() {
                Duration::from_secs(3600)
            } else {
                wait
            };
            state.later.insert(path, (Instant::now() + wait, 0));
            shared.mail_queued.notify_one();
        }
        Taken::Skipped(why) => {
            tracing::debug!(file = %shown, why, "skipped");
            state.later.insert(path, (Instant::now() + Duration::from_secs(30), 0));
        }
        Taken::NeedsOcr(job) => {
            tracing::info!(file = %shown, pages = job.pages, "a scan: waits for the OCR worker");
            state.later.remove(&path);
            if state.with_ocr.insert(path) && state.ocr_jobs.send(job).is_err() {
                tracing::warn!(file = %shown, "the OCR worker has stopped");
            }
        }
        Taken::NotAFile(why) => {
            if !matches!(why, pipeline::NotAFile::Gone) {
                tracing::info!(file = %shown, why = %why, "not taken");
                state.noted.insert(path);
            }
        }
    }
}

/// A failure of ours that could not even be recorded (the store failing): the next look is
/// 1 s later, doubling to 10 min, and only the first failure is logged as an error.
fn back_off(state: &mut State, path: PathBuf, shown: &str, error: &str) {
    let failures = state.later.get(&path).map_or(0, |(_, n)| *n);
    if failures == 0 {
        tracing::error!(file = %shown, error, "could not take the file; will retry");
    } else {
        tracing::debug!(file = %shown, error, failures, "still cannot take the file");
    }
    let wait = Duration::from_secs((1u64 << failures.min(10)).min(600));
    state.later.insert(path, (Instant::now() + wait, failures + 1));
}
