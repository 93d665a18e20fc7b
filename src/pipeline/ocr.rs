//! The OCR lane: scans and photos are read apart from the other files, one at a time, so a
//! 20-page scan holds up no typed report.
//!
//! The intake reads every file with scans deferred: a scan answers at once with its page
//! count ([`Taken::NeedsOcr`](super::Taken)), its claim is given back untouched, and the
//! daemon hands a [`Job`] to its OCR worker. The worker reads the file in the supervised
//! child with limits scaled by its pages and keeps the answer here, by the file's SHA-256
//! (`data/ocr/<sha256>.json`); the next intake of the file finds it and goes on as for any
//! document. Kept by content, the answer survives a restart, serves a file sent twice, and
//! lets the desk show a scan without reading it again.

use crate::config::Settings;
use crate::extract::Refusal;
use crate::extract::document::Document;
use crate::extract::isolate::{self, ReadFailure, Scans};
use crate::extract::sniff::Format;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// A scan waiting for its OCR read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub path: PathBuf,
    pub sha256: String,
    pub pages: usize,
}

/// What the OCR read of a file gave.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The document, as a typed one would be.
    Read { format: Format, document: Document },
    /// The file's own fault: it is refused with this reason.
    Refused(Refusal),
    /// Not the file's fault (a time-out on a busy machine, a killed reader): the intake
    /// counts one failed try, then the file is read again.
    Failed(String),
}

/// Where the answer for a file of this hash is kept.
fn answer_path(settings: &Settings, sha256: &str) -> PathBuf {
    settings.data_dir.join("ocr").join(format!("{sha256}.json"))
}

/// The answer kept for a file of this hash, if its OCR read is done. A failure is handed out
/// once: it is removed, so the next try reads the file again.
pub fn answer(settings: &Settings, sha256: &str) -> Option<Answer> {
    let path = answer_path(settings, sha256);
    let answer: Answer = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    if matches!(answer, Answer::Failed(_)) {
        let _ = std::fs::remove_file(&path);
    }
    Some(answer)
}

/// Reads the job's file by OCR in the supervised child and keeps the answer. Nothing is kept
/// when the read is abandoned (the daemon stopping): the file is deferred again next time.
pub fn read(settings: &Settings, job: &Job, stop: &AtomicBool) -> std::io::Result<()> {
    let answer = match &settings.isolation {
        Some(isolation) => match isolate::read_document(&job.path, isolation, Scans::Read { pages: job.pages }, stop) {
            Ok((format, document)) => Answer::Read { format, document },
            Err(ReadFailure::Refused(refusal)) if refusal.is_ours() => Answer::Failed(refusal.to_string()),
            Err(ReadFailure::Refused(refusal)) => Answer::Refused(refusal),
            Err(ReadFailure::Transient(why)) => Answer::Failed(why),
            Err(ReadFailure::Abandoned) => return Ok(()),
        },
        None => in_process(&job.path, settings),
    };
    let path = answer_path(settings, &job.sha256);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    crate::durable::write(&path, &serde_json::to_vec(&answer)?)
}

/// Without a supervised child (tests, `extract`), the read is done here.
fn in_process(path: &Path, settings: &Settings) -> Answer {
    let limits = settings.limits();
    let read = crate::extract::read_bounded(path, &limits).and_then(|b| crate::extract::read_document(&b, &limits));
    match read {
        Ok((format, document)) => Answer::Read { format, document },
        Err(refusal) if refusal.is_ours() => Answer::Failed(refusal.to_string()),
        Err(refusal) => Answer::Refused(refusal),
    }
}
