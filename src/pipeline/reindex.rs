//! Rebuilding the submissions from `archive/` and `rejected/` when the database was lost:
//! every kept file is read again and recorded where it lies, dated by its modification time
//! (when it was filed), oldest first so that later reports supersede earlier ones as they did.
//! Nothing is moved and no e-mail is queued: the chapters were told when the files arrived.

use super::{PipelineError, decide, examine};
use crate::config::Settings;
use crate::model::Status;
use crate::store::Store;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Records every file kept in the data folder; returns (file, status) per file, in the order
/// taken. Refuses a database that already holds submissions.
pub fn reindex(settings: &Settings, store: &mut Store) -> Result<Vec<(PathBuf, Status)>, PipelineError> {
    if !store.is_empty()? {
        return Err(PipelineError::NotTaken {
            path: store.path().to_path_buf(),
            reason: "the database already holds submissions; reindex only rebuilds an empty one".into(),
        });
    }
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = ["archive", "rejected"]
        .iter()
        .flat_map(|d| crate::source::scan(&settings.data_dir.join(d)))
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    files.sort();
    let mut done = Vec::new();
    for (modified, path) in files {
        let received = jiff::Timestamp::try_from(modified).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        done.push((path.clone(), one(settings, store, &path, received)?));
    }
    Ok(done)
}

fn one(
    settings: &Settings,
    store: &mut Store,
    path: &Path,
    received: jiff::Timestamp,
) -> Result<Status, PipelineError> {
    let io = |source| PipelineError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = examine::examine(path, &settings.inbox).map_err(|why| PipelineError::NotTaken {
        path: path.to_path_buf(),
        reason: why.to_string(),
    })?;
    file.mode = crate::store::Mode::Copy;
    let sha256 = examine::hash_file(path).map_err(io)?;
    let never = AtomicBool::new(false);
    let mut verdict = decide::decide(settings, store, &file, &sha256, received, &never)?;
    if let decide::Verdict::NeedsOcr { pages } = verdict {
        let job = super::ocr::Job {
            path: path.to_path_buf(),
            sha256: sha256.clone(),
            pages,
        };
        super::ocr::read(settings, &job, &never).map_err(io)?;
        verdict = decide::decide(settings, store, &file, &sha256, received, &never)?;
    }
    match verdict {
        decide::Verdict::Record(new, _, _) => {
            let here = std::iter::once(path.to_path_buf());
            Ok(store.record(&new, &[], None, here, |_| true)?.status)
        }
        decide::Verdict::Transient(reason) => Err(PipelineError::NotTaken {
            path: path.to_path_buf(),
            reason,
        }),
        decide::Verdict::Abandoned | decide::Verdict::NeedsOcr { .. } => Err(PipelineError::NotTaken {
            path: path.to_path_buf(),
            reason: "abandoned".into(),
        }),
    }
}
