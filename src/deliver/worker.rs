//! The outbox worker: sends queued mail that is due, with exponential backoff on transient
//! failures. An SMTP outage delays mail but loses none; a message is marked sent only after
//! the server accepted it (a crash in between resends it once, with the same Message-ID).

use super::{Attachment, MailError, Mailbox, Mailer, Message};
use crate::store::{OutboxRow, Store, StoreError};
use jiff::{SignedDuration, Timestamp};

/// First retry after one minute, doubling, at most six hours apart.
pub fn backoff(attempts: i64) -> SignedDuration {
    let minutes = 1i64 << attempts.clamp(0, 9);
    SignedDuration::from_mins(minutes.min(360))
}

/// What one pass of the worker did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// Sends every message due at `now`, in batches, until none is left that can go now.
pub fn send_all_due(store: &Store, mailer: &Mailer, now: Timestamp) -> Result<Pass, StoreError> {
    let mut total = Pass::default();
    loop {
        let pass = send_due(store, mailer, now)?;
        total.sent += pass.sent;
        total.retrying += pass.retrying;
        total.failed += pass.failed;
        // Failed and retrying messages are no longer due, so a batch with nothing sent means
        // the queue holds nothing more for `now`.
        if pass.sent == 0 {
            return Ok(total);
        }
    }
}

/// Sends one batch (up to 100) of the messages due at `now`.
pub fn send_due(store: &Store, mailer: &Mailer, now: Timestamp) -> Result<Pass, StoreError> {
    let mut pass = Pass::default();
    for row in store.due_mail(now)? {
        match to_message(&row).and_then(|m| mailer.send(&m)) {
            Ok(()) => {
                store.mail_sent(row.id, now)?;
                pass.sent += 1;
            }
            Err(e) if e.is_transient() => {
                let retry_at = now.checked_add(backoff(row.attempts)).unwrap_or(now);
                tracing::warn!(message = %row.mail.message_id, error = %e, retry_at = %retry_at, "mail not sent; will retry");
                store.mail_failed(row.id, &e.to_string(), Some(retry_at))?;
                pass.retrying += 1;
            }
            Err(e) => {
                tracing::error!(message = %row.mail.message_id, error = %e, "mail refused permanently");
                store.mail_failed(row.id, &e.to_string(), None)?;
                pass.failed += 1;
            }
        }
    }
    Ok(pass)
}

fn to_message(row: &OutboxRow) -> Result<Message, MailError> {
    let invalid = |reason: String| MailError::Invalid {
        id: row.mail.message_id.clone(),
        reason,
    };
    let to = row
        .mail
        .recipients
        .iter()
        .map(|r| r.parse::<Mailbox>().map_err(|e| invalid(format!("`{r}`: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let attachments = row
        .mail
        .attachments
        .iter()
        .map(|(filename, content_type, path)| {
            let bytes = std::fs::read(path).map_err(|e| invalid(format!("{path}: {e}")))?;
            Ok(Attachment {
                filename: filename.clone(),
                content_type: content_type.clone(),
                bytes,
            })
        })
        .collect::<Result<Vec<_>, MailError>>()?;
    Ok(Message {
        message_id: row.mail.message_id.clone(),
        to,
        subject: row.mail.subject.clone(),
        text: row.mail.body.clone(),
        attachments,
        ..Message::default()
    })
}
