//! What a person decides about a submission, for the desk and the CLI alike: correct a value,
//! accept a report as it is, ask the chapter to send it again, or refuse it by hand. Each
//! operation checks who asks and what is asked, then writes the change and its audit row in one
//! store transaction (with the e-mail it causes), so the desk and `baocao correct` can never
//! disagree about what a correction means.

mod unit;
mod value;

pub use value::parse as parse_value;

use crate::accounts::Role;
use crate::config::Settings;
use crate::form::{Field, FieldKind};
use crate::model::Status;
use crate::store::{NewCorrection, Store, StoreError, SubmissionRow};

/// Why a decision was refused; the messages are Vietnamese, for the staff.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// No account has this login.
    #[error("không có tài khoản “{0}” (tạo bằng lệnh baocao user add)")]
    UnknownUser(String),
    /// A viewer asked to change something.
    #[error("tài khoản “{0}” chỉ được xem, không được sửa")]
    ReadOnly(String),
    /// No submission has this id.
    #[error("không có bản báo cáo số {0}")]
    NoSubmission(i64),
    /// The submission does not count (superseded, refused, a duplicate).
    #[error("bản báo cáo số {id} đang ở trạng thái “{}”, không còn được dùng; hãy mở bản đang dùng", .status.label_vi())]
    NotCurrent { id: i64, status: Status },
    /// The form has no such field.
    #[error("mẫu báo cáo không có chỉ tiêu “{0}”")]
    UnknownField(String),
    /// The value does not fit the field's type.
    #[error("{label}: {message}")]
    BadValue { label: String, message: String },
    /// A correction, a refusal or a resend request without a reason.
    #[error("cần ghi lý do")]
    NoReason,
    /// Accepting or asking about a report that needs no review.
    #[error("bản báo cáo số {id} không ở trạng thái cần xem lại (đang là “{}”)", .status.label_vi())]
    NotInReview { id: i64, status: Status },
    /// The database failed (not the person's fault; try again).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A decision's outcome, for the message the person sees.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub submission_id: i64,
    /// The value before and after a correction, as JSON.
    pub change: Option<(Option<String>, String)>,
    /// The status the submission has now.
    pub status: Status,
}

/// Corrects `field` of submission `id` to `text` (checked by the field's type), for `reason`.
pub fn correct(
    settings: &Settings,
    store: &mut Store,
    (id, field, text): (i64, &str, &str),
    reason: &str,
    by: &str,
    now: jiff::Timestamp,
) -> Result<Done, ReviewError> {
    staff(store, by)?;
    let submission = counting(store, id)?;
    let field = form_field(settings, &submission, field)?;
    let bad = |message: String| ReviewError::BadValue {
        label: field.label.clone(),
        message,
    };
    let (value, chapter) = match field.kind {
        FieldKind::Chapter => {
            let code = unit::owing(settings, store, &submission, text)?.map_err(bad)?;
            (serde_json::Value::from(code.clone()), Some(code))
        }
        kind => (parse_value(kind, text).map_err(bad)?, None),
    };
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ReviewError::NoReason);
    }
    let new_json = value.to_string();
    let correction = NewCorrection {
        submission_id: id,
        field: &field.key,
        new_json: &new_json,
        reason,
        by,
        chapter: chapter.as_deref(),
    };
    let done = store.correct(&correction, now)?;
    let done = done.ok_or(ReviewError::NotCurrent {
        id,
        status: Status::Superseded,
    })?;
    let status = match (done.accepted, done.counts) {
        (true, _) => Status::Accepted,
        (false, false) => Status::Superseded,
        (false, true) => submission.status,
    };
    Ok(Done {
        submission_id: id,
        change: Some((done.old_json, new_json)),
        status,
    })
}

/// Accepts submission `id` as it is (it needed review), with an optional note.
pub fn accept(
    store: &mut Store,
    id: i64,
    note: Option<&str>,
    by: &str,
    now: jiff::Timestamp,
) -> Result<Done, ReviewError> {
    staff(store, by)?;
    let submission = in_review(store, id)?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let transition = (Status::NeedsReview, Status::Accepted);
    decided(
        store.decide(submission.id, transition, "accept", note, by, &[], now)?,
        store,
        id,
    )
}

/// Asks the chapter to send submission `id` again: an e-mail lists the open review items and
/// the staff's `note`; the submission keeps counting (as needing review) until the new file.
pub fn ask_resend(
    settings: &Settings,
    store: &mut Store,
    id: i64,
    note: &str,
    by: &str,
    now: jiff::Timestamp,
) -> Result<Done, ReviewError> {
    staff(store, by)?;
    let submission = in_review(store, id)?;
    let note = reason(note)?;
    let problems = store.review_items(id)?.into_iter().map(|(_, m)| m).collect();
    let mails = crate::notices::for_decision(settings, &submission, (note, false), problems, now);
    let same = (Status::NeedsReview, Status::NeedsReview);
    decided(
        store.decide(id, same, "resend", Some(note), by, &mails, now)?,
        store,
        id,
    )
}

/// Refuses submission `id` by hand for `reason`; the chapter is told. It stops counting.
pub fn reject(
    settings: &Settings,
    store: &mut Store,
    id: i64,
    reason_text: &str,
    by: &str,
    now: jiff::Timestamp,
) -> Result<Done, ReviewError> {
    staff(store, by)?;
    let submission = counting(store, id)?;
    let reason_text = reason(reason_text)?;
    let problems = store.review_items(id)?.into_iter().map(|(_, m)| m).collect();
    let mails = crate::notices::for_decision(settings, &submission, (reason_text, true), problems, now);
    let transition = (submission.status, Status::Rejected);
    decided(
        store.decide(id, transition, "reject", Some(reason_text), by, &mails, now)?,
        store,
        id,
    )
}

/// The form field `key` of the form `submission` was read with.
pub fn form_field<'s>(settings: &'s Settings, submission: &SubmissionRow, key: &str) -> Result<&'s Field, ReviewError> {
    let form = settings
        .forms
        .iter()
        .find(|f| submission.form.as_deref().is_none_or(|id| f.id == id));
    form.and_then(|f| f.field(key))
        .ok_or_else(|| ReviewError::UnknownField(key.to_string()))
}

fn staff(store: &Store, login: &str) -> Result<(), ReviewError> {
    match store.user(login)? {
        None => Err(ReviewError::UnknownUser(login.to_string())),
        Some(u) if u.role != Role::Staff => Err(ReviewError::ReadOnly(login.to_string())),
        Some(_) => Ok(()),
    }
}

fn counting(store: &Store, id: i64) -> Result<SubmissionRow, ReviewError> {
    let submission = store.by_id(id)?.ok_or(ReviewError::NoSubmission(id))?;
    match submission.status {
        Status::Accepted | Status::NeedsReview => Ok(submission),
        status => Err(ReviewError::NotCurrent { id, status }),
    }
}

fn in_review(store: &Store, id: i64) -> Result<SubmissionRow, ReviewError> {
    let submission = counting(store, id)?;
    match submission.status {
        Status::NeedsReview => Ok(submission),
        status => Err(ReviewError::NotInReview { id, status }),
    }
}

fn reason(text: &str) -> Result<&str, ReviewError> {
    Some(text.trim()).filter(|t| !t.is_empty()).ok_or(ReviewError::NoReason)
}

/// The outcome of a status change, or why it did not happen: another person decided first.
fn decided(changed: bool, store: &Store, id: i64) -> Result<Done, ReviewError> {
    let now = store.by_id(id)?.ok_or(ReviewError::NoSubmission(id))?;
    if !changed {
        return Err(ReviewError::NotInReview { id, status: now.status });
    }
    Ok(Done {
        submission_id: id,
        change: None,
        status: now.status,
    })
}
