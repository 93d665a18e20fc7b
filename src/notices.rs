//! The e-mails a submission causes: a receipt to the chapter, a rejection notice, or a notice
//! to the provincial staff when the chapter is unknown. Rendered from the editable templates
//! and queued in the same transaction as the submission, so each is sent exactly once.

use crate::config::Settings;
use crate::deliver::{AckAccepted, AckRejected, DeskReview, MailKind, Row, StaffStuck, StaffUnknownChapter};
use crate::extract::{Record, Value};
use crate::model::Status;
use crate::store::{MailThread, NewSubmission, QueuedMail, SubmissionRow};

/// The e-mails to queue for a new submission (none for a duplicate).
pub fn for_submission(
    settings: &Settings,
    new: &NewSubmission,
    record: Option<&Record>,
    hint: Option<&str>,
    (resent_of, thread): (Option<jiff::Timestamp>, Option<&MailThread>),
) -> Vec<QueuedMail> {
    let received = local(settings, new.received_at);
    let chapter = new.chapter.as_deref().and_then(|c| settings.registry.get(c));
    let staff = settings.mail.staff.as_ref().map(ToString::to_string);
    let (kind, to, rendered) = match (new.status, record, chapter) {
        (Status::Duplicate | Status::Superseded, _, _) => return vec![],
        (Status::Rejected, _, _) => {
            let hinted = hint.and_then(|h| settings.registry.get(h));
            let context = AckRejected {
                chapter: hinted.map(|c| c.name.clone()),
                file_name: new.file_name.clone(),
                received,
                reason: new.reason.clone().unwrap_or_default(),
                advice: None,
                to_staff: hinted.is_none(),
            };
            let to = hinted.map(|c| mailbox(&c.name, &c.email)).or(staff);
            (
                MailKind::AckRejected,
                to,
                settings.mail_templates.render(MailKind::AckRejected, &context),
            )
        }
        (_, Some(record), Some(chapter)) => {
            let context = AckAccepted {
                chapter: chapter.name.clone(),
                file_name: new.file_name.clone(),
                period: new.period.map(|p| p.to_string()).unwrap_or_default(),
                received,
                values: rows(settings, record),
                missing: record.missing.iter().map(|k| label(settings, record, k)).collect(),
                problems: new
                    .review
                    .iter()
                    .filter(|(f, _)| f.as_ref().is_none_or(|f| !record.missing.contains(f)))
                    .map(|(_, m)| m.clone())
                    .collect(),
                resent_of: resent_of.map(|t| local(settings, t)),
                from_scan: record.format == crate::extract::Format::Scan,
            };
            let to = Some(mailbox(&chapter.name, &chapter.email));
            (
                MailKind::AckAccepted,
                to,
                settings.mail_templates.render(MailKind::AckAccepted, &context),
            )
        }
        (_, record, _) => {
            let context = StaffUnknownChapter {
                file_name: new.file_name.clone(),
                received,
                sender: thread.and_then(|t| t.sender.clone()),
                unit_written: record.and_then(|r| unit_written(settings, r)),
                period: new.period.map(|p| p.to_string()),
                values: record.map(|r| rows(settings, r)).unwrap_or_default(),
            };
            (
                MailKind::StaffUnknownChapter,
                staff,
                settings.mail_templates.render(MailKind::StaffUnknownChapter, &context),
            )
        }
    };
    let (Some(to), Ok((subject, body))) = (
        to,
        rendered.inspect_err(|e| tracing::error!(error = %e, "mail template failed")),
    ) else {
        return vec![];
    };
    let mut mail = QueuedMail {
        // One per submission: a resend of the same bytes that is recorded again (an earlier
        // version made current, a refused file refused again) gets its own notice.
        message_id: format!(
            "{}-{}-{}",
            kind.name().replace('_', "-"),
            &new.sha256[..24],
            new.received_at.as_millisecond()
        ),
        kind: kind.name().to_string(),
        recipients: vec![to],
        subject,
        body,
        attachments: vec![],
        cc: vec![],
        in_reply_to: None,
    };
    // A receipt to a chapter answers the e-mail its report came in, in the same thread.
    if let (Some(thread), MailKind::AckAccepted | MailKind::AckRejected) = (thread, kind) {
        let registered = mail.recipients[0].clone();
        crate::mailbox::thread::answer(&mut mail, thread, &registered);
    }
    vec![mail]
}

/// The one notice to the staff that a file is stuck (see `pipeline::retry`); its id is the
/// intake row's, so however often the file gets stuck again it is queued once.
pub fn for_stuck(
    settings: &Settings,
    intake_id: i64,
    file_name: &str,
    path: &str,
    first_seen: jiff::Timestamp,
    attempts: i64,
) -> Vec<QueuedMail> {
    let Some(staff) = settings.mail.staff.as_ref().map(ToString::to_string) else {
        return vec![];
    };
    let context = StaffStuck {
        file_name: file_name.to_string(),
        path: path.to_string(),
        first_seen: local(settings, first_seen),
        attempts,
    };
    let kind = MailKind::StaffStuck;
    match settings.mail_templates.render(kind, &context) {
        Ok((subject, body)) => vec![QueuedMail {
            message_id: format!("staff-stuck-{intake_id}"),
            kind: kind.name().to_string(),
            recipients: vec![staff],
            subject,
            body,
            attachments: vec![],
            cc: vec![],
            in_reply_to: None,
        }],
        Err(e) => {
            tracing::error!(error = %e, "mail template failed");
            vec![]
        }
    }
}

/// The e-mail telling a chapter that the staff want its report sent again (`rejected` false)
/// or refused it (`rejected` true), with their `note` and the review items still open. One
/// per decision: its id carries the instant it was made.
pub fn for_decision(
    settings: &Settings,
    submission: &SubmissionRow,
    (note, rejected): (&str, bool),
    problems: Vec<String>,
    now: jiff::Timestamp,
) -> Vec<QueuedMail> {
    let Some(chapter) = submission.chapter.as_deref().and_then(|c| settings.registry.get(c)) else {
        return vec![];
    };
    let context = DeskReview {
        chapter: chapter.name.clone(),
        file_name: submission.file_name.clone(),
        period: submission.period.clone().unwrap_or_default(),
        received: local(settings, submission.received_at),
        rejected,
        note: note.to_string(),
        problems,
    };
    let kind = MailKind::DeskReview;
    match settings.mail_templates.render(kind, &context) {
        Ok((subject, body)) => vec![QueuedMail {
            message_id: format!("desk-review-{}-{}", submission.id, now.as_millisecond()),
            kind: kind.name().to_string(),
            recipients: vec![mailbox(&chapter.name, &chapter.email)],
            subject,
            body,
            attachments: vec![],
            cc: vec![],
            in_reply_to: None,
        }],
        Err(e) => {
            tracing::error!(error = %e, "mail template failed");
            vec![]
        }
    }
}

/// An instant as the templates take it: ISO 8601 in the configured zone.
fn local(settings: &Settings, at: jiff::Timestamp) -> String {
    at.to_zoned_datetime(settings.timezone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// The unit's name as the document wrote it, when it matched no chapter (the matcher's
/// warning for the chapter field carries it).
fn unit_written(settings: &Settings, record: &Record) -> Option<String> {
    let form = settings.forms.iter().find(|f| f.id == record.form)?;
    crate::extract::beside::unit_written(form, record.warnings.iter().map(String::as_str))
}

fn mailbox(name: &str, email: &str) -> String {
    format!("{name} <{email}>")
}

fn label(settings: &Settings, record: &Record, key: &str) -> String {
    let form = settings.forms.iter().find(|f| f.id == record.form);
    form.and_then(|f| f.field(key))
        .map_or(key.to_string(), |f| f.label.clone())
}

/// The values read, in form order, written as a Vietnamese reader expects them.
fn rows(settings: &Settings, record: &Record) -> Vec<Row> {
    let Some(form) = settings.forms.iter().find(|f| f.id == record.form) else {
        return vec![];
    };
    form.fields
        .iter()
        .filter_map(|f| Some(Row::new(f.label.clone(), show(settings, record.fields.get(&f.key)?))))
        .collect()
}

/// `1250` → `1.250`, dates `dd/mm/yyyy`, periods and chapters in words.
pub fn show(settings: &Settings, value: &Value) -> String {
    match value {
        Value::Integer(i) => group_thousands(*i),
        Value::Text(t) => t.clone(),
        Value::Date(d) => d.strftime("%d/%m/%Y").to_string(),
        Value::Period(p) => p.label_vi(),
        Value::Chapter(c) => settings.registry.get(c).map_or(c.clone(), |ch| ch.name.clone()),
    }
}

/// Thousands grouped with dots, as written in Vietnamese: `1250` → `1.250`.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn thousands_are_grouped_with_dots() {
        assert_eq!(group_thousands(5), "5");
        assert_eq!(group_thousands(1250), "1.250");
        assert_eq!(group_thousands(1_250_000), "1.250.000");
        assert_eq!(group_thousands(-3400), "-3.400");
    }
}
