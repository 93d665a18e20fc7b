//! The outbox worker: sends queued mail that is due, with exponential backoff on transient
//! failures. An SMTP outage delays mail but loses none.
//!
//! Each message is claimed in the database before it is sent ([`Store::claim_mail`]), so the
//! daemon, `baocao ingest` and `baocao remind` can all send beside each other and none sends a
//! message another is sending. A message is marked sent only after the server accepted it: a
//! crash in between (a window of one database commit) sends it again once its claim expires,
//! with the same Message-ID.

use super::{Attachment, MailError, Mailbox, Mailer, Message};
use crate::store::{OutboxRow, Store, StoreError};
use jiff::{SignedDuration, Timestamp};

/// How long a claim on a message lasts: far longer than one SMTP conversation can take (each
/// step is bounded by the transport's timeout), short enough that a crashed sender's message
/// goes out the same hour.
pub const CLAIM: SignedDuration = SignedDuration::from_mins(15);

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
    /// The pass stopped because the server could not be reached: the rest waits.
    pub server_down: bool,
}

/// Sends every message due, one claim at a time, until none is left that can go now, the
/// server is found down, or `stop` says the process is stopping. `now` is asked before each
/// message, since a pass over a slow server can last minutes.
pub fn send_due(
    store: &Store,
    mailer: &Mailer,
    now: impl Fn() -> Timestamp,
    stop: impl Fn() -> bool,
) -> Result<Pass, StoreError> {
    let owner = crate::store::owner();
    store.release_dead_claims()?;
    let mut pass = Pass::default();
    while !stop() {
        let at = now();
        let Some(row) = store.claim_mail(owner, at, at.checked_add(CLAIM).unwrap_or(at))? else {
            break;
        };
        match to_message(&row).and_then(|m| mailer.send(&m)) {
            Ok(()) => {
                // The window in which a crash would send it again: from the server's "250" to
                // this commit.
                let accepted = std::time::Instant::now();
                store.mail_sent(row.id, now())?;
                let window_us = accepted.elapsed().as_micros();
                tracing::debug!(message = %row.mail.message_id, window_us, "sent and recorded");
                pass.sent += 1;
            }
            Err(e) if e.is_transient() => {
                let retry_at = at.checked_add(backoff(row.attempts)).unwrap_or(at);
                tracing::warn!(message = %row.mail.message_id, error = %e, retry_at = %retry_at, "mail not sent; will retry");
                store.mail_failed(row.id, &e.to_string(), Some(retry_at))?;
                pass.retrying += 1;
                if e.is_server_down() {
                    pass.server_down = true;
                    break;
                }
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
    let parse = |list: &[String]| {
        list.iter()
            .map(|r| r.parse::<Mailbox>().map_err(|e| invalid(format!("`{r}`: {e}"))))
            .collect::<Result<Vec<_>, _>>()
    };
    let (to, cc) = (parse(&row.mail.recipients)?, parse(&row.mail.cc)?);
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
        cc,
        in_reply_to: row.mail.in_reply_to.clone(),
        subject: row.mail.subject.clone(),
        text: row.mail.body.clone(),
        attachments,
        ..Message::default()
    })
}
