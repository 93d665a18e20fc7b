//! One file through the pipeline: hash → read (supervised) → match → validate → store → file.
//!
//! The order is what makes "never lose a file, never store one twice" hold under a kill at
//! any moment: the database transaction (submission, values, review items, e-mails) commits
//! first; only then is the file moved to `archive/` or `rejected/`, and the row marked moved.
//! [`recover`] finishes moves a crash interrupted; a file whose bytes are already stored is a
//! duplicate, so re-taking it after a crash before the commit is harmless.

use crate::config::Settings;
use crate::extract::request::OpenRequest;
use crate::extract::{Extractor, Format, Record, Refusal, isolate};
use crate::model::Status;
use crate::notices;
use crate::store::{NewSubmission, Request, Store, StoreError, SubmissionRow};
use crate::validate;
use filing::{file_away, free_name, inside};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

mod filing;

pub use filing::reason_path;

/// Where a file came from, which decides whether it is moved or copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Dropped into the inbox: moved into the data folder.
    Inbox,
    /// Named on the `ingest` command line: copied, the original left where it is.
    External,
}

/// What became of one file.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The stored submission.
    pub submission: SubmissionRow,
    /// The record read, if the file was readable.
    pub record: Option<Record>,
}

/// A failure that leaves the file where it was (to be retried), not a verdict on the file.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The file could not be read or moved.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PipelineError + '_ {
    move |source| PipelineError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Takes one file: decides its status, records it with its e-mails, then files it away.
pub fn process(
    settings: &Settings,
    store: &mut Store,
    path: &Path,
    origin: Origin,
    now: jiff::Timestamp,
) -> Result<Outcome, PipelineError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let file_name = path
        .file_name()
        .map_or_else(|| "tep".into(), |n| n.to_string_lossy().into_owned());
    let mut new = NewSubmission {
        sha256,
        file_name: file_name.clone(),
        source_path: path.display().to_string(),
        stored_path: String::new(),
        received_at: now,
        format: None,
        form: None,
        chapter: None,
        period: None,
        status: Status::Rejected,
        reason: None,
        duplicate_of: None,
        record_json: None,
        values: vec![],
        review: vec![],
    };
    let mut record = None;
    if let Some(earlier) = store.by_hash(&new.sha256)? {
        new.status = Status::Duplicate;
        new.duplicate_of = Some(earlier.id);
        new.chapter = earlier.chapter.clone();
        new.period = earlier.period.as_deref().and_then(crate::model::Period::parse_code);
    } else {
        let requests = open_requests(settings, store, now)?;
        match read(settings, path, &bytes, &requests) {
            Ok(r) => {
                fill_from_record(settings, &mut new, &r, &requests);
                record = Some(r);
            }
            Err(refusal) => new.reason = Some(refusal.to_string()),
        }
    }
    let folder = if new.status == Status::Rejected {
        "rejected"
    } else {
        "archive"
    };
    new.stored_path = free_name(&settings.data_dir.join(folder), &file_name)
        .display()
        .to_string();
    // Only a file inside the inbox is ever moved: a caller passing `Inbox` for a file elsewhere
    // (a sample folder, a share) gets a copy, and the original stays where it was.
    let origin = match origin {
        Origin::Inbox if !inside(path, &settings.inbox) => Origin::External,
        origin => origin,
    };
    let hint = chapter_hint(settings, path);
    if new.status == Status::Rejected {
        // An unreadable file names no chapter; the inbox subfolder it came through does, and
        // reminders then tell that chapter why its file was refused.
        new.chapter.clone_from(&hint);
    }
    let mails = notices::for_submission(settings, &new, record.as_ref(), hint.as_deref());
    let id = store.record(&new, &mails)?;
    file_away(
        store,
        id,
        path,
        Path::new(&new.stored_path),
        origin,
        new.reason.as_deref(),
    )?;
    let submission = store.by_id(id)?.expect("the row just committed exists");
    tracing::info!(file = %path.display(), status = %submission.status, chapter = ?submission.chapter, period = ?submission.period, "stored submission");
    Ok(Outcome { submission, record })
}

/// Reads and matches the file, in a supervised child when configured.
fn read(settings: &Settings, path: &Path, bytes: &[u8], requests: &[Request]) -> Result<Record, Refusal> {
    let open = requests.iter().map(|r| OpenRequest::new(r.period, &r.title)).collect();
    let extractor = Extractor::new(&settings.forms, &settings.registry).with_requests(open);
    match &settings.isolation {
        Some(isolation) => {
            let (format, doc): (Format, _) = isolate::read_document(path, isolation)?;
            Ok(extractor.record(path, format, &doc))
        }
        None => extractor.bytes(path, bytes),
    }
}

/// How long after its deadline a request still takes answers.
const REQUEST_GRACE_DAYS: i32 = 90;

/// The ad-hoc requests a file arriving `now` may answer.
fn open_requests(settings: &Settings, store: &Store, now: jiff::Timestamp) -> Result<Vec<Request>, StoreError> {
    let today = now.to_zoned_datetime(settings.timezone.clone()).date();
    Ok(store
        .requests()?
        .into_iter()
        .filter(|r| (today - r.due).get_days() <= REQUEST_GRACE_DAYS)
        .collect())
}

fn fill_from_record(settings: &Settings, new: &mut NewSubmission, record: &Record, requests: &[Request]) {
    let form = settings
        .forms
        .iter()
        .find(|f| f.id == record.form)
        .unwrap_or(&settings.forms[0]);
    let mut items = validate::review(record, form);
    let asked = requests.iter().find(|r| Some(r.period) == record.period);
    if let (Some(request), Some(chapter)) = (asked, &record.chapter)
        && !request.chapters.contains(chapter)
    {
        items.push(validate::ReviewItem {
            field: None,
            message: format!("Đơn vị không có trong danh sách được yêu cầu gửi \"{}\"", request.title),
        });
    }
    new.status = validate::status(&items);
    new.review = items.into_iter().map(|i| (i.field, i.message)).collect();
    new.format = Some(record.format.to_string());
    new.form = Some(record.form.clone());
    new.chapter = record.chapter.clone();
    new.period = record.period;
    new.record_json = serde_json::to_string(record).ok();
    new.values = record
        .fields
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                serde_json::to_string(v).unwrap_or_default(),
                record.sources.get(k).cloned(),
            )
        })
        .collect();
}

/// A chapter named by the inbox subfolder the file was dropped in (`inbox/VNI/x.pdf`), used
/// only for a file that could not be read: to address its rejection notice and to tell that
/// chapter's reminders why — never as the chapter of a record that was read.
fn chapter_hint(settings: &Settings, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(&settings.inbox).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    (rel.components().count() > 1).then(|| settings.registry.find(first).map(|c| c.code.clone()))?
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Finishes what a crash interrupted: rows committed whose file was not yet filed away.
/// Returns how many were finished.
pub fn recover(settings: &Settings, store: &Store) -> Result<usize, PipelineError> {
    let rows = store.unfinished_moves()?;
    for row in &rows {
        let from = Path::new(&row.source_path);
        let to = Path::new(&row.stored_path);
        let origin = if from.starts_with(&settings.inbox) {
            Origin::Inbox
        } else {
            Origin::External
        };
        if !from.exists() && !to.exists() {
            tracing::error!(file = %row.source_path, "file vanished before it was filed away; its record is kept");
            store.finish_move(row.id)?;
            continue;
        }
        file_away(store, row.id, from, to, origin, row.reason.as_deref())?;
        tracing::info!(file = %row.source_path, "finished filing after restart");
    }
    Ok(rows.len())
}
