//! Turning due steps into ledger entries with their rendered e-mails.

use super::{Chased, FormAttachment, Received, STAFF};
use crate::config::Settings;
use crate::deliver::{LateRow, MailKind, Reminder, StaffOverdue, StaffStatus, StatusLine};
use crate::registry::Chapter;
use crate::store::{LedgerEntry, QueuedMail, Store, StoreError};
use crate::track::{Step, date_words, days_left};
use jiff::civil::Date;
use serde::Serialize;

/// The reminder of `step` to one chapter.
pub fn reminder(
    settings: &Settings,
    chased: &Chased,
    chapter: &Chapter,
    state: &Received,
    step: Step,
    today: Date,
    attachments: &[FormAttachment],
) -> Option<LedgerEntry> {
    let mut context = Reminder {
        chapter: chapter.name.clone(),
        report: settings.forms[0].title.clone(),
        period: chased.period.to_string(),
        request_title: chased.request_title.clone(),
        deadline: date_words(chased.deadline),
        days_left: days_left(chased.deadline, today),
        state: "missing".into(),
        file_name: None,
        missing: vec![],
        problems: vec![],
        reason: None,
        attachments: attachments.iter().map(|a| a.0.clone()).collect(),
    };
    match state {
        Received::Review {
            file_name,
            missing,
            problems,
            ..
        } => {
            context.state = "review".into();
            context.file_name = Some(file_name.clone());
            context.missing.clone_from(missing);
            context.problems.clone_from(problems);
        }
        Received::Rejected { file_name, reason } => {
            context.state = "rejected".into();
            context.file_name = Some(file_name.clone());
            context.reason = Some(reason.clone());
        }
        Received::Accepted { .. } | Received::Nothing => {}
    }
    let to = format!("{} <{}>", chapter.name, chapter.email);
    let mut entry = entry(
        settings,
        MailKind::Reminder,
        &context,
        &chapter.code,
        chased,
        &step.name(),
        to,
    )?;
    entry.mail.attachments.extend(attachments.iter().cloned());
    Some(entry)
}

/// The staff's deadline-day digest of a period.
pub fn staff_status(settings: &Settings, store: &Store, chased: &Chased) -> Result<Option<LedgerEntry>, StoreError> {
    let Some(staff) = settings.mail.staff.as_ref().map(ToString::to_string) else {
        return Ok(None);
    };
    let mut context = StaffStatus {
        period: chased.period.to_string(),
        request_title: chased.request_title.clone(),
        deadline: date_words(chased.deadline),
        total: chased.chapters.len(),
        accepted: vec![],
        review: vec![],
        missing: vec![],
    };
    for code in &chased.chapters {
        let Some(chapter) = settings.registry.get(code) else {
            continue;
        };
        // What the chapter sent, read once: its state and when the report that counts arrived.
        let state = super::received(settings, store, code, chased)?;
        let received_at = match &state {
            Received::Accepted { received_at } | Received::Review { received_at, .. } => Some(
                received_at
                    .to_zoned_datetime(settings.timezone.clone())
                    .strftime("%Y-%m-%dT%H:%M:%S")
                    .to_string(),
            ),
            _ => None,
        };
        let line = |note: Option<String>| StatusLine {
            chapter: chapter.name.clone(),
            received: received_at.clone(),
            note,
        };
        match state {
            Received::Accepted { .. } => context.accepted.push(line(None)),
            state @ Received::Review { .. } => context.review.push(line(Some(state_words(&state)))),
            Received::Rejected { reason, .. } => context
                .missing
                .push(line(Some(format!("tệp không đọc được: {reason}")))),
            Received::Nothing => context.missing.push(line(None)),
        }
    }
    Ok(entry(
        settings,
        MailKind::StaffStatus,
        &context,
        STAFF,
        chased,
        "status",
        staff,
    ))
}

/// The staff's digest of every late chapter, sent on a day overdue notices go out.
pub fn staff_overdue(settings: &Settings, late: &[(Chased, Chapter, Received)], today: Date) -> Option<LedgerEntry> {
    let staff = settings.mail.staff.as_ref()?.to_string();
    let context = StaffOverdue {
        day: date_words(today),
        late: late
            .iter()
            .map(|(chased, chapter, state)| LateRow {
                chapter: chapter.name.clone(),
                period: chased.period.to_string(),
                deadline: date_words(chased.deadline),
                days_late: -days_left(chased.deadline, today),
                state: state_words(state),
            })
            .collect(),
    };
    let step = format!("overdue-digest-{today}");
    let (subject, body) = render(settings, MailKind::StaffOverdue, &context)?;
    Some(LedgerEntry {
        recipient: STAFF.into(),
        period: None,
        mail: mail(MailKind::StaffOverdue, format!("{step}.all"), staff, subject, body),
        step,
    })
}

/// What a chapter has sent, in a few words for the staff.
fn state_words(state: &Received) -> String {
    match state {
        Received::Accepted { .. } => "đã tiếp nhận".into(),
        Received::Review { missing, problems, .. } => {
            let mut notes: Vec<String> = missing.iter().map(|m| format!("thiếu {m}")).collect();
            notes.extend(problems.iter().cloned());
            format!("báo cáo cần bổ sung: {}", notes.join("; "))
        }
        Received::Rejected { .. } => "tệp gửi đến không đọc được".into(),
        Received::Nothing => "chưa nhận được báo cáo".into(),
    }
}

fn entry(
    settings: &Settings,
    kind: MailKind,
    context: &impl Serialize,
    recipient: &str,
    chased: &Chased,
    step: &str,
    to: String,
) -> Option<LedgerEntry> {
    let (subject, body) = render(settings, kind, context)?;
    let id = format!("{step}.{}.{recipient}", chased.period);
    Some(LedgerEntry {
        recipient: recipient.into(),
        period: Some(chased.period),
        step: step.into(),
        mail: mail(kind, id, to, subject, body),
    })
}

fn render(settings: &Settings, kind: MailKind, context: &impl Serialize) -> Option<(String, String)> {
    settings
        .mail_templates
        .render(kind, context)
        .inspect_err(|e| tracing::error!(error = %e, "mail template failed"))
        .ok()
}

fn mail(kind: MailKind, id: String, to: String, subject: String, body: String) -> QueuedMail {
    QueuedMail::plain(
        kind.name(),
        format!("{}-{id}", kind.name().replace('_', "-")),
        to,
        subject,
        body,
    )
}
