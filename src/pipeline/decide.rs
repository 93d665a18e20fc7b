//! The verdict on a claimed file: a duplicate of the submission that counts, a record read
//! from it (accepted or needing review), a rejection for the document's own fault — or no
//! verdict yet, when the failure was ours (a transient read failure, a copy still arriving).

use super::PipelineError;
use super::examine::{Examined, looks_cut_short};
use crate::config::Settings;
use crate::extract::isolate::ReadFailure;
use crate::extract::request::OpenRequest;
use crate::extract::{Extractor, Record, Refusal};
use crate::model::Status;
use crate::store::{NewSubmission, Request, Store, StoreError};
use crate::validate;
use jiff::Timestamp;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// A file cut short that changed this recently is taken for a copy still arriving, not a
/// damaged file: network copies pause for seconds, sometimes minutes.
const STILL_ARRIVING: std::time::Duration = std::time::Duration::from_secs(10 * 60);
/// How long after its deadline a request still takes answers.
const REQUEST_GRACE_DAYS: i32 = 90;

/// What to do with a claimed file.
pub enum Verdict {
    /// Record this submission (with the record read, and when the same bytes were first
    /// received if this resend makes an earlier version count again).
    Record(Box<NewSubmission>, Option<Box<Record>>, Option<Timestamp>),
    /// No verdict: a failure not the document's fault (English, for the log).
    Transient(String),
    /// The daemon is stopping; the read was abandoned.
    Abandoned,
    /// A scan of this many pages, for the OCR lane ([`super::ocr`]).
    NeedsOcr { pages: usize },
}

/// Decides what `file` (whose bytes hash to `sha256`) is.
pub fn decide(
    settings: &Settings,
    store: &Store,
    file: &Examined,
    sha256: &str,
    now: Timestamp,
    stop: &AtomicBool,
) -> Result<Verdict, PipelineError> {
    let mut new = Box::new(NewSubmission {
        sha256: sha256.to_string(),
        file_name: file.file_name.clone(),
        source_path: file.shown.clone(),
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
    });
    let earlier = store.read_by_hash(sha256)?;
    if let Some(earlier) = earlier.as_ref().filter(|e| e.status != Status::Superseded) {
        new.status = Status::Duplicate;
        new.duplicate_of = Some(earlier.id);
        new.chapter = earlier.chapter.clone();
        new.period = earlier.period.as_deref().and_then(crate::model::Period::parse_code);
        return Ok(Verdict::Record(new, None, None));
    }
    let resent_of = earlier.map(|e| e.received_at);
    // The same bytes read before for no known unit, read again once the units list knows it
    // (`units import` does so): the report arrived when it first came, on time or not then.
    if resent_of.is_none()
        && let Some(first) = store.by_hash(sha256)?
        && first.chapter.is_none()
        && matches!(first.status, Status::Accepted | Status::NeedsReview)
    {
        new.received_at = first.received_at;
    }
    let max = settings.extract_limits.max_file_mb << 20;
    let read = if file.size > max {
        let mb = settings.extract_limits.max_file_mb;
        Err(ReadFailure::Refused(Refusal::too_large(
            "",
            format!("tệp lớn hơn {mb} MB"),
        )))
    } else {
        // The requests open when it came: a report read again keeps its first arrival.
        let requests = open_requests(settings, store, new.received_at)?;
        let open = requests
            .iter()
            .map(|r| OpenRequest::new(r.period, &r.title).due_on(r.due))
            .collect();
        let extractor = Extractor::new(&settings.forms, &settings.registry)
            .with_requests(open)
            .with_limits(settings.limits());
        super::read(settings, &extractor, &file.path, sha256, stop).map(|r| (r, requests))
    };
    match read {
        Ok((record, requests)) => {
            fill_from_record(&mut new, &record, &requests);
            out_of_line(settings, store, &mut new, &record)?;
            folder_disagrees(settings, &mut new, &file.path);
            Ok(Verdict::Record(new, Some(Box::new(record)), resent_of))
        }
        Err(ReadFailure::Refused(Refusal::Io(e))) => Ok(Verdict::Transient(format!("cannot read the file: {e}"))),
        Err(ReadFailure::Refused(Refusal::NeedsOcr { pages })) => Ok(Verdict::NeedsOcr { pages }),
        // Worded for the staff (shown by `status` and in the stuck-file notice): a program to
        // install or a converter that failed; never sent to the chapter.
        Err(ReadFailure::Refused(refusal)) if refusal.is_ours() => Ok(Verdict::Transient(refusal.to_string())),
        Err(ReadFailure::Refused(_)) if still_arriving(file, now) => Ok(Verdict::Transient(
            "the file ends short and changed a moment ago: a copy still arriving".into(),
        )),
        Err(ReadFailure::Refused(refusal)) => {
            // The chapter reads the reason; the library's own words are for the log.
            tracing::info!(file = %file.shown, detail = ?refusal, "refused");
            new.reason = Some(refusal.to_string());
            // An unreadable file names no chapter; the inbox subfolder it came through does, and
            // reminders then tell that chapter why its file was refused.
            new.chapter = chapter_hint(settings, &file.path);
            Ok(Verdict::Record(new, None, None))
        }
        Err(ReadFailure::Transient(e)) => Ok(Verdict::Transient(e)),
        Err(ReadFailure::Abandoned) => Ok(Verdict::Abandoned),
    }
}

/// Whether the file looks cut short and changed within [`STILL_ARRIVING`] of `now`.
fn still_arriving(file: &Examined, now: Timestamp) -> bool {
    let recent = file.modified.is_some_and(|m| {
        let modified = Timestamp::try_from(m).unwrap_or(Timestamp::UNIX_EPOCH);
        // A time ahead of `now` is a clock problem, not a copy in progress.
        (0..STILL_ARRIVING.as_secs() as i64).contains(&now.duration_since(modified).as_secs())
    });
    recent && looks_cut_short(&file.path)
}

/// The ad-hoc requests a file arriving `now` may answer.
fn open_requests(settings: &Settings, store: &Store, now: Timestamp) -> Result<Vec<Request>, StoreError> {
    let today = now.to_zoned_datetime(settings.timezone.clone()).date();
    Ok(store
        .requests()?
        .into_iter()
        .filter(|r| (today - r.due).get_days() <= REQUEST_GRACE_DAYS)
        .collect())
}

/// Adds the cross-period review items: figures far out of line with the chapter's reports
/// that count for other periods.
fn out_of_line(settings: &Settings, store: &Store, new: &mut NewSubmission, record: &Record) -> Result<(), StoreError> {
    let (Some(chapter), Some(form)) = (&record.chapter, settings.forms.iter().find(|f| f.id == record.form)) else {
        return Ok(());
    };
    let mut failure = None;
    let items = crate::plausible::review(record, form, |period| {
        let figures = || -> Result<Option<crate::plausible::Figures>, StoreError> {
            let Some(row) = store.current(chapter, period)? else {
                return Ok(None);
            };
            let values = store.values(row.id)?;
            let ints = values
                .into_iter()
                .filter_map(|(k, v, _)| Some((k, v.parse::<i64>().ok()?)));
            Ok(Some(ints.collect()))
        };
        figures().unwrap_or_else(|e| {
            failure = Some(e);
            None
        })
    });
    if let Some(e) = failure {
        return Err(e);
    }
    if !items.is_empty() {
        new.review.extend(items.into_iter().map(|i| (i.field, i.reason)));
        new.status = crate::model::Status::NeedsReview;
    }
    Ok(())
}

fn fill_from_record(new: &mut NewSubmission, record: &Record, requests: &[Request]) {
    let mut items = record.review.clone();
    let asked = requests.iter().find(|r| Some(r.period) == record.period);
    if let (Some(request), Some(chapter)) = (asked, &record.chapter)
        && !request.chapters.contains(chapter)
    {
        items.push(crate::extract::Review {
            field: None,
            reason: format!("Đơn vị không có trong danh sách được yêu cầu gửi \"{}\"", request.title),
        });
    }
    new.status = validate::status(&items);
    new.review = items.into_iter().map(|i| (i.field, i.reason)).collect();
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

/// A file in one chapter's folder (`inbox/TSA/`) whose content names another chapter: the
/// content is kept, but a person must say which is right — never a silent credit to either.
fn folder_disagrees(settings: &Settings, new: &mut NewSubmission, path: &Path) {
    let (Some(folder), Some(read)) = (chapter_hint(settings, path), new.chapter.as_deref()) else {
        return;
    };
    if folder == read {
        return;
    }
    let name = |code: &str| settings.registry.get(code).map_or(code.to_string(), |c| c.name.clone());
    new.review.push((
        None,
        format!(
            "Tệp nằm trong thư mục của {} nhưng nội dung báo cáo ghi đơn vị là {}; xin xác nhận đơn vị gửi",
            name(&folder),
            name(read)
        ),
    ));
    new.status = Status::NeedsReview;
}

/// A report read for a chapter but mailed from an address no chapter registered: kept as the
/// document says, and held for a person to confirm who sent it.
pub fn unknown_sender(new: &mut NewSubmission, thread: &crate::store::MailThread) {
    let counts = matches!(new.status, Status::Accepted | Status::NeedsReview);
    if thread.chapter.is_some() || new.chapter.is_none() || !counts {
        return;
    }
    let sender = thread.sender.as_deref().unwrap_or("(không rõ)");
    new.review.push((
        None,
        format!("Báo cáo được gửi từ địa chỉ thư {sender}, chưa có trong danh sách đơn vị; xin xác nhận đơn vị gửi"),
    ));
    new.status = Status::NeedsReview;
}

/// A chapter named by the inbox subfolder the file was dropped in (`inbox/VNI/x.pdf`), used
/// only for a file that could not be read: to address its rejection notice and to tell that
/// chapter's reminders why — never as the chapter of a record that was read.
pub fn chapter_hint(settings: &Settings, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(&settings.inbox).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    (rel.components().count() > 1).then(|| settings.registry.find(first).map(|c| c.code.clone()))?
}
