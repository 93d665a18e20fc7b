//! Failures that are not the file's fault: the back-off between tries, when a file is stuck,
//! filing a recorded file (again), and recovery at start-up.
//!
//! A try is retried 1 s later, then 2 s, 4 s... at most 10 min apart. After [`MAX_TRIES`] tries
//! or a day, the file is `stuck`: left where it is, listed by `baocao status`, and the staff get
//! one notice (its Message-ID is the intake row's, so it is never queued twice). A stuck file is
//! tried again when its bytes change, and once more at each start of the daemon.

use super::examine::Examined;
use super::filing::{Job, file_away};
use super::{Outcome, PipelineError, Taken};
use crate::config::Settings;
use crate::store::{IntakeRow, Store, StoreError};
use jiff::{SignedDuration, Timestamp};
use std::path::Path;

/// Tries before a file is stuck.
pub const MAX_TRIES: i64 = 20;
/// Time since a file was first seen after which it is stuck.
const MAX_AGE: SignedDuration = SignedDuration::from_hours(24);

/// The wait before try `attempts + 1`: 1 s doubling, at most 10 min.
pub fn backoff(attempts: i64) -> SignedDuration {
    SignedDuration::from_secs((1i64 << attempts.clamp(0, 10)).min(600))
}

/// One try at a claimed file.
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    pub id: i64,
    /// Earlier tries that failed.
    pub attempts: i64,
    pub first_seen_at: Timestamp,
    pub now: Timestamp,
}

impl Attempt {
    fn retry_at(&self) -> Timestamp {
        self.now.checked_add(backoff(self.attempts)).unwrap_or(self.now)
    }

    fn is_stuck(&self) -> bool {
        self.attempts + 1 >= MAX_TRIES || self.now.duration_since(self.first_seen_at) >= MAX_AGE
    }
}

/// Puts a claimed file back to wait after a failure that is not its fault.
pub fn waits(
    settings: &Settings,
    store: &mut Store,
    attempt: &Attempt,
    file: &Examined,
    error: &str,
) -> Result<Taken, PipelineError> {
    let (retry_at, stuck) = (attempt.retry_at(), attempt.is_stuck());
    if stuck {
        tell_staff(settings, store, attempt, &file.file_name, &file.shown)?;
    }
    store.file_waits(attempt.id, error, retry_at, stuck, attempt.now)?;
    log(&file.shown, attempt, error, stuck);
    Ok(Taken::Waiting {
        error: error.to_string(),
        retry_at,
        stuck,
    })
}

/// Files a recorded file away (again); a failure waits with the same back-off.
pub fn file(settings: &Settings, store: &mut Store, row: &IntakeRow, now: Timestamp) -> Result<Taken, PipelineError> {
    let submission = row
        .submission_id
        .map(|id| store.by_id(id))
        .transpose()?
        .flatten()
        .ok_or_else(|| PipelineError::NotTaken {
            path: row.source_path.clone().into(),
            reason: "recorded without its submission".into(),
        })?;
    use std::os::unix::ffi::OsStrExt;
    let from = Path::new(std::ffi::OsStr::from_bytes(&row.source_raw));
    let job = Job {
        intake_id: row.id,
        from,
        to: Path::new(&submission.stored_path),
        mode: row.mode,
        sha256: &row.sha256,
        reason: submission.reason.as_deref(),
    };
    match file_away(&job) {
        Ok(()) => {
            store.file_filed(row.id, now)?;
            let submission = store.by_id(submission.id)?.unwrap_or(submission);
            Ok(Taken::Stored(Outcome {
                submission,
                record: None,
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !from.exists() && !job.to.exists() => {
            // Removed by hand before it could be filed: the record is all there is now.
            tracing::error!(file = %row.source_path, "file vanished before it was filed away; its record is kept");
            store.file_filed(row.id, now)?;
            Ok(Taken::Stored(Outcome {
                submission,
                record: None,
            }))
        }
        Err(e) => {
            let error = format!("filing into {}: {e}", submission.stored_path);
            let attempt = Attempt {
                id: row.id,
                attempts: row.attempts,
                first_seen_at: row.first_seen_at,
                now,
            };
            let stuck = attempt.is_stuck();
            if stuck {
                tell_staff(settings, store, &attempt, &submission.file_name, &row.source_path)?;
            }
            store.file_waits(row.id, &error, attempt.retry_at(), stuck, now)?;
            log(&row.source_path, &attempt, &error, stuck);
            Ok(Taken::FilingWaits { submission, error })
        }
    }
}

/// Finishes what a stop interrupted: files recorded but not yet filed away, each tried once
/// (a failure is logged and waits; it never stops start-up). Stuck files get one more try at
/// their next sighting. Returns how many were filed.
pub fn recover(settings: &Settings, store: &mut Store, now: Timestamp) -> Result<usize, StoreError> {
    store.retry_stuck(now)?;
    file_due(settings, store, now)
}

/// Files the recorded files whose filing is due; returns how many were filed.
pub fn file_due(settings: &Settings, store: &mut Store, now: Timestamp) -> Result<usize, StoreError> {
    let mut filed = 0;
    for row in store.filings_due(now)? {
        match file(settings, store, &row, now) {
            Ok(Taken::Stored(_)) => filed += 1,
            Ok(_) => {}
            Err(e) => tracing::error!(file = %row.source_path, error = %e, "could not finish filing; will retry"),
        }
    }
    Ok(filed)
}

fn tell_staff(
    settings: &Settings,
    store: &mut Store,
    attempt: &Attempt,
    name: &str,
    path: &str,
) -> Result<(), StoreError> {
    let mails = crate::notices::for_stuck(
        settings,
        attempt.id,
        name,
        path,
        attempt.first_seen_at,
        attempt.attempts + 1,
    );
    store.queue_mail(&mails, attempt.now)
}

/// One line per change of state: the first failure, and becoming stuck; the tries in between
/// only at debug level, so a lasting outage does not flood the log.
fn log(file: &str, attempt: &Attempt, error: &str, stuck: bool) {
    if stuck {
        tracing::error!(
            file,
            tries = attempt.attempts + 1,
            error,
            "stuck: left in place, staff told"
        );
    } else if attempt.attempts == 0 {
        tracing::warn!(file, error, retry_in = %backoff(0), "not taken now (not the file's fault); will retry");
    } else {
        tracing::debug!(file, tries = attempt.attempts + 1, error, "still waiting");
    }
}
