//! What a message without a report file is: a chapter's reply to its receipt (attached to
//! the report as a comment, the report held for review, the staff told), a mail whose only
//! file could not be taken (a winmail.dat: the chapter is told why, in the same thread), or
//! neither (listed in the staff's daily digest; nothing is sent to its sender).

use super::parts::Mail;
use super::thread;
use crate::config::Settings;
use crate::deliver::{AckRejected, MailKind, StaffChapterReply};
use crate::store::{Comment, MailThread, QueuedMail, Store, StoreError};

/// The longest comment quoted in the review item (the whole one is kept with the report).
const QUOTED: usize = 400;

/// What the message was, as the ledger records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Report,
    Reply,
    Other,
}

impl Kind {
    /// The ledger's word for it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Reply => "reply",
            Kind::Other => "other",
        }
    }
}

/// Handles message `id` (read as `mail`, its sender's chapter `chapter`) when it carries no
/// report file; idempotent, so a message read again after a crash does nothing twice.
pub fn handle(
    settings: &Settings,
    store: &mut Store,
    id: i64,
    mail: &Mail,
    now: jiff::Timestamp,
) -> Result<Kind, StoreError> {
    if !mail.files.is_empty() {
        return Ok(Kind::Report);
    }
    let words = thread::own_words(&mail.text);
    // An out-of-office answer or a bounce quotes the receipt but says nothing of the report.
    let replied = !words.is_empty() && !mail.automatic;
    if let Some(submission) = store.answered_submission(&mail.answers)?.filter(|_| replied) {
        comment(settings, store, (id, submission), mail, words, now)?;
        return Ok(Kind::Reply);
    }
    let Some(thread) = store
        .mail_thread(id)?
        .filter(|t| t.chapter.is_some() && !mail.refused.is_empty())
    else {
        return Ok(Kind::Other);
    };
    let notices: Vec<QueuedMail> = mail
        .refused
        .iter()
        .enumerate()
        .filter_map(|(n, (name, reason))| refused(settings, &thread, (id, n), name, reason, now))
        .collect();
    store.queue_mail(&notices, now)?;
    Ok(Kind::Report)
}

fn comment(
    settings: &Settings,
    store: &mut Store,
    (id, submission): (i64, i64),
    mail: &Mail,
    words: String,
    now: jiff::Timestamp,
) -> Result<(), StoreError> {
    let row = store.by_id(submission)?;
    let sender = mail.from.clone().unwrap_or_default();
    let quoted: String = words.chars().take(QUOTED).collect();
    let ellipsis = if quoted.len() < words.len() { "…" } else { "" };
    let review = format!("Đơn vị phản hồi qua thư ({sender}): “{quoted}{ellipsis}”");
    let chapter = row.as_ref().and_then(|r| r.chapter.clone()).unwrap_or_default();
    let context = StaffChapterReply {
        chapter: settings
            .registry
            .get(&chapter)
            .map_or(chapter.clone(), |c| c.name.clone()),
        file_name: row.as_ref().map(|r| r.file_name.clone()).unwrap_or_default(),
        period: row.as_ref().and_then(|r| r.period.clone()).unwrap_or_default(),
        sender: sender.clone(),
        received: local(settings, now),
        comment: words.clone(),
    };
    let staff = settings.mail.staff.as_ref().map(ToString::to_string);
    let mails: Vec<QueuedMail> = staff
        .and_then(|to| {
            let (subject, body) = settings
                .mail_templates
                .render(MailKind::StaffChapterReply, &context)
                .inspect_err(|e| tracing::error!(error = %e, "mail template failed"))
                .ok()?;
            Some(plain(
                MailKind::StaffChapterReply,
                format!("staff-chapter-reply-{id}"),
                to,
                subject,
                body,
            ))
        })
        .into_iter()
        .collect();
    let comment = Comment {
        submission_id: submission,
        sender: mail.from.clone(),
        body: words,
        received_at: now.to_string(),
    };
    if store.add_comment(id, &comment, &review, &mails, now)? {
        tracing::info!(submission, sender = %sender, "chapter's reply attached to its report");
    }
    Ok(())
}

/// The notice to a chapter that a file of its mail could not be taken (n: its place in the mail).
fn refused(
    settings: &Settings,
    thread: &MailThread,
    (id, n): (i64, usize),
    name: &str,
    reason: &str,
    now: jiff::Timestamp,
) -> Option<QueuedMail> {
    let chapter = settings.registry.get(thread.chapter.as_deref()?)?;
    let context = AckRejected {
        chapter: Some(chapter.name.clone()),
        file_name: name.to_string(),
        received: local(settings, now),
        reason: reason.to_string(),
        advice: None,
        to_staff: false,
    };
    let (subject, body) = settings
        .mail_templates
        .render(MailKind::AckRejected, &context)
        .inspect_err(|e| tracing::error!(error = %e, "mail template failed"))
        .ok()?;
    let registered = format!("{} <{}>", chapter.name, chapter.email);
    let id = format!("ack-rejected-mail-{id}-{n}");
    let mut mail = plain(MailKind::AckRejected, id, registered.clone(), subject, body);
    thread::answer(&mut mail, thread, &registered);
    Some(mail)
}

fn plain(kind: MailKind, message_id: String, to: String, subject: String, body: String) -> QueuedMail {
    QueuedMail::plain(kind.name(), message_id, to, subject, body)
}

/// ISO 8601 in the configured zone, as the templates' `datetime_words` reads it.
pub fn local(settings: &Settings, at: jiff::Timestamp) -> String {
    at.to_zoned_datetime(settings.timezone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string()
}
