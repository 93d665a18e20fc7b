//! One file through the intake: examine → hash → claim → read (supervised) → match →
//! validate → record → file away, each step resumable from the file's persisted state.
//!
//! "Never lose a file, never store one twice, never blame a chapter for our failure" holds
//! under a kill at any moment because every step is either a read or one transaction:
//! the claim (`reading`), the verdict (`recorded`, with the submission, its e-mails and the
//! reserved stored name), the filing (`filed`). A failure that is not the file's fault
//! leaves the file where it is, `waiting` with a back-off, or `stuck` after many tries
//! (see [`retry`]); only the document's own fault becomes a rejection.

use crate::config::Settings;
use crate::extract::isolate::{self, ReadFailure};
use crate::extract::{Extractor, Record};
use crate::store::{Claim, Seen, Store, StoreError, SubmissionRow};
use jiff::Timestamp;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

mod decide;
pub mod examine;
mod filing;
pub mod ocr;
mod reindex;
pub mod retry;

pub use examine::NotAFile;
pub use filing::reason_path;
pub use reindex::reindex;
pub use retry::recover;

/// Where a file came from, which decides whether it may be moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Found in the inbox: moved into the data folder (when it is a regular file there).
    Inbox,
    /// Named on the `ingest` command line: copied, the original left where it is.
    External,
}

/// A file recorded and filed.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The stored submission.
    pub submission: SubmissionRow,
    /// The record read, if the file was read this time.
    pub record: Option<Record>,
}

/// What one attempt at a file did.
#[derive(Debug, Clone)]
pub enum Taken {
    /// Recorded and filed away.
    Stored(Outcome),
    /// Recorded; filing it away failed and is retried (the file stays where it is).
    FilingWaits { submission: SubmissionRow, error: String },
    /// Not recorded: a failure that is not the file's fault; retried at `retry_at`, or
    /// `stuck` (left in place; the staff were told).
    Waiting {
        error: String,
        retry_at: Timestamp,
        stuck: bool,
    },
    /// Left alone this time, with the reason (another process has it, a retry is not due,
    /// it is stuck, the daemon is stopping).
    Skipped(&'static str),
    /// Not a file to take (a folder, a link to one, gone).
    NotAFile(NotAFile),
    /// A scan, given back untouched until the OCR lane has read it ([`ocr`]).
    NeedsOcr(ocr::Job),
}

/// A failure that leaves the file where it was, not a verdict on the file.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The file could not be read or moved.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file was not stored this time (see [`Taken`]).
    #[error("{}: not taken: {reason}", path.display())]
    NotTaken { path: PathBuf, reason: String },
}

/// Why a file another process holds is skipped.
pub const BUSY: &str = "another baocao process is taking it";

/// How long a claim on a file lasts: longer than any supervised read may take.
fn lease(settings: &Settings) -> jiff::SignedDuration {
    let read = settings
        .isolation
        .as_ref()
        .map_or(std::time::Duration::from_secs(60), |i| i.timeout * 4);
    jiff::SignedDuration::try_from(read).unwrap_or_default() + jiff::SignedDuration::from_mins(10)
}

/// Takes one file once: decides its state, records it with its e-mails, files it away.
/// `stop` set by another thread abandons a read in progress (the file is taken again later).
pub fn take(
    settings: &Settings,
    store: &mut Store,
    path: &Path,
    origin: Origin,
    now: Timestamp,
    stop: &AtomicBool,
) -> Result<Taken, PipelineError> {
    let mut file = match examine::examine(path, &settings.inbox) {
        Ok(f) => f,
        Err(why) => return Ok(Taken::NotAFile(why)),
    };
    if origin == Origin::External {
        file.mode = crate::store::Mode::Copy;
    }
    let sha256 = examine::hash_file(&file.path).map_err(|source| PipelineError::Io {
        path: file.path.clone(),
        source,
    })?;
    let seen = Seen {
        source_raw: &file.raw,
        source_path: &file.shown,
        sha256: &sha256,
        size: file.size,
        mode: file.mode,
    };
    let until = now.checked_add(lease(settings)).unwrap_or(now);
    let (id, attempts, first_seen_at) = match store.claim_file(&seen, crate::store::owner(), now, until)? {
        Claim::Taken {
            id,
            attempts,
            first_seen_at,
        } => (id, attempts, first_seen_at),
        Claim::Busy => return Ok(Taken::Skipped(BUSY)),
        Claim::NotYet(_) => return Ok(Taken::Skipped("waiting for its next try")),
        Claim::Stuck => return Ok(Taken::Skipped("stuck; only new bytes are tried again")),
        Claim::Filing(row) => return retry::file(settings, store, &row, now),
    };
    // Hashed before the claim: another process may have filed the file away since. Its row
    // is then `filed`, so the claim was new; without this look it would become a duplicate.
    if std::fs::symlink_metadata(&file.path).is_err() {
        store.forget_file(id)?;
        return Ok(Taken::NotAFile(NotAFile::Gone));
    }
    let attempt = retry::Attempt {
        id,
        attempts,
        first_seen_at,
        now,
    };
    match decide::decide(settings, store, &file, &sha256, now, stop)? {
        decide::Verdict::Record(mut new, record, resent_of) => {
            let thread = crate::mailbox::thread::of_file(&settings.inbox, store, &file.path)?;
            if let Some(thread) = &thread {
                decide::unknown_sender(&mut new, thread);
            }
            let mails = crate::notices::for_submission(
                settings,
                &new,
                record.as_deref(),
                decide::chapter_hint(settings, &file.path).as_deref(),
                (resent_of, thread.as_ref()),
            );
            let folder = settings.data_dir.join(if new.status == crate::model::Status::Rejected {
                "rejected"
            } else {
                "archive"
            });
            let names = filing::candidate_names(&folder, &file.file_name).take(100_000);
            // A name nothing occupies: the filing refuses to replace a file anyway.
            let recorded = store.record(&new, &mails, Some(id), names, |p| std::fs::symlink_metadata(p).is_err())?;
            let row = store.intake_row(id)?.ok_or_else(|| PipelineError::NotTaken {
                path: file.path.clone(),
                reason: "its intake row vanished".into(),
            })?;
            tracing::info!(file = %file.shown, status = %recorded.status, chapter = new.chapter.as_deref().unwrap_or("-"), period = %new.period.map(|p| p.to_string()).unwrap_or_default(), "recorded");
            match retry::file(settings, store, &row, now)? {
                Taken::Stored(outcome) => Ok(Taken::Stored(Outcome {
                    record: record.map(|r| *r),
                    ..outcome
                })),
                other => Ok(other),
            }
        }
        decide::Verdict::Transient(error) => retry::waits(settings, store, &attempt, &file, &error),
        decide::Verdict::NeedsOcr { pages } => {
            store.release_file(id, now)?;
            Ok(Taken::NeedsOcr(ocr::Job {
                path: file.path.clone(),
                sha256,
                pages,
            }))
        }
        decide::Verdict::Abandoned => {
            tracing::info!(file = %file.shown, "read abandoned: stopping; the file is taken again at the next start");
            store.release_file(id, now)?;
            Ok(Taken::Skipped("abandoned: the daemon is stopping"))
        }
    }
}

/// [`take`] for callers without an OCR lane of their own (`ingest`, [`process`]): a scan is
/// read by OCR there and then, and taken again.
pub fn take_now(
    settings: &Settings,
    store: &mut Store,
    path: &Path,
    origin: Origin,
    now: Timestamp,
    stop: &AtomicBool,
) -> Result<Taken, PipelineError> {
    match take(settings, store, path, origin, now, stop)? {
        Taken::NeedsOcr(job) => {
            ocr::read(settings, &job, stop).map_err(|source| PipelineError::Io {
                path: job.path.clone(),
                source,
            })?;
            take(settings, store, path, origin, now, stop)
        }
        taken => Ok(taken),
    }
}

/// [`take`], for callers that need the file stored: anything but a stored file is an error.
pub fn process(
    settings: &Settings,
    store: &mut Store,
    path: &Path,
    origin: Origin,
    now: Timestamp,
) -> Result<Outcome, PipelineError> {
    let not_taken = |reason: String| PipelineError::NotTaken {
        path: path.to_path_buf(),
        reason,
    };
    match take_now(settings, store, path, origin, now, &AtomicBool::new(false))? {
        Taken::Stored(outcome) => Ok(outcome),
        Taken::NeedsOcr(_) => Err(not_taken("its OCR read was abandoned".into())),
        Taken::FilingWaits { error, .. } => Err(not_taken(format!("recorded, but not filed yet: {error}"))),
        Taken::Waiting { error, .. } => Err(not_taken(format!("waits for another try: {error}"))),
        Taken::Skipped(why) => Err(not_taken(why.to_string())),
        Taken::NotAFile(why) => Err(not_taken(why.to_string())),
    }
}

/// Reads the file: with a supervised child (the daemon), scans are deferred to the OCR lane
/// and its answer taken once it is kept; without one, everything is read here.
fn read(
    settings: &Settings,
    extractor: &Extractor,
    path: &Path,
    sha256: &str,
    stop: &AtomicBool,
) -> Result<Record, ReadFailure> {
    match &settings.isolation {
        Some(isolation) => {
            let (format, doc) = match ocr::answer(settings, sha256) {
                Some(ocr::Answer::Read { format, document }) => (format, document),
                Some(ocr::Answer::Refused(refusal)) => return Err(ReadFailure::Refused(refusal)),
                Some(ocr::Answer::Failed(why)) => return Err(ReadFailure::Transient(why)),
                None => isolate::read_document(path, isolation, isolate::Scans::Defer, stop)?,
            };
            Ok(extractor.record(path, format, &doc))
        }
        None => extractor.file(path).map_err(|e| ReadFailure::Refused(e.reason)),
    }
}
