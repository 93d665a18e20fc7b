//! The outbox: e-mails queued in the same transaction as what caused them, sent later by
//! the mail worker with retries, so an SMTP outage delays mail but loses none.

use super::{Store, StoreError};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

/// An e-mail to queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedMail {
    /// Stable id; queuing the same id twice keeps the first (idempotent re-ingest).
    pub message_id: String,
    /// What the mail is (`ack_accepted`, `ack_rejected`, ...), for `baocao outbox`.
    pub kind: String,
    /// Addresses.
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
    /// Files to attach: (file name shown, content type, path on disk).
    pub attachments: Vec<(String, String, String)>,
    /// Addresses in copy (a chapter's registry address when the report came from another).
    #[serde(default)]
    pub cc: Vec<String>,
    /// The Message-ID (without brackets) of the chapter's mail this one answers, so that it
    /// lands in the same thread.
    #[serde(default)]
    pub in_reply_to: Option<String>,
}

impl QueuedMail {
    /// A text mail of `kind` to one address: no copy, no attachment, no thread.
    pub fn plain(kind: &str, message_id: String, to: String, subject: String, body: String) -> QueuedMail {
        QueuedMail {
            message_id,
            kind: kind.to_string(),
            recipients: vec![to],
            subject,
            body,
            attachments: vec![],
            cc: vec![],
            in_reply_to: None,
        }
    }
}

/// A row of the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub id: i64,
    pub mail: QueuedMail,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}

pub(super) fn insert_mail(tx: &Transaction, mail: &QueuedMail, now: jiff::Timestamp) -> rusqlite::Result<()> {
    let now = now.to_string();
    tx.execute(
        "INSERT OR IGNORE INTO outbox (message_id, kind, recipients, subject, body, attachments, next_attempt_at, \
         created_at, cc, in_reply_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
        params![
            mail.message_id,
            mail.kind,
            to_json(&mail.recipients),
            mail.subject,
            mail.body,
            to_json(&mail.attachments),
            now,
            to_json(&mail.cc),
            mail.in_reply_to
        ],
    )?;
    Ok(())
}

/// Lists of strings always serialise; the fallback only satisfies the type.
fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

const COLUMNS: &str = "id, message_id, kind, recipients, subject, body, attachments, status, attempts, next_attempt_at, last_error, sent_at, cc, in_reply_to";

fn row(r: &Row) -> rusqlite::Result<OutboxRow> {
    let recipients: String = r.get(3)?;
    let attachments: String = r.get(6)?;
    let cc: String = r.get(12)?;
    let bad =
        |e: serde_json::Error| rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e));
    Ok(OutboxRow {
        id: r.get(0)?,
        mail: QueuedMail {
            message_id: r.get(1)?,
            kind: r.get(2)?,
            recipients: serde_json::from_str(&recipients).map_err(bad)?,
            subject: r.get(4)?,
            body: r.get(5)?,
            attachments: serde_json::from_str(&attachments).map_err(bad)?,
            cc: serde_json::from_str(&cc).map_err(bad)?,
            in_reply_to: r.get(13)?,
        },
        status: r.get(7)?,
        attempts: r.get(8)?,
        next_attempt_at: r.get(9)?,
        last_error: r.get(10)?,
        sent_at: r.get(11)?,
    })
}

impl Store {
    /// Queues mail outside any submission (reminders, reports).
    pub fn queue_mail(&mut self, mails: &[QueuedMail], now: jiff::Timestamp) -> Result<(), StoreError> {
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            for m in mails {
                insert_mail(&tx, m, now)?;
            }
            tx.commit()
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// Claims the oldest queued message due at `now` for `owner` until `lease_until`: no other
    /// process sends it meanwhile. A claim whose holder died expires, and the message is then
    /// sent again, with the same Message-ID, so a receiver can drop the repeat.
    pub fn claim_mail(
        &self,
        owner: &str,
        now: jiff::Timestamp,
        lease_until: jiff::Timestamp,
    ) -> Result<Option<OutboxRow>, StoreError> {
        let sql = format!(
            "UPDATE outbox SET claimed_by = ?1, claimed_until = ?3 WHERE id = (SELECT id FROM outbox \
             WHERE status = 'queued' AND next_attempt_at <= ?2 AND (claimed_until IS NULL OR claimed_until <= ?2) \
             ORDER BY id LIMIT 1) RETURNING {COLUMNS}"
        );
        let params = params![owner, now.to_string(), lease_until.to_string()];
        self.conn
            .query_row(&sql, params, row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// When the earliest queued message is next due, if any is queued.
    pub fn next_mail_at(&self) -> Result<Option<jiff::Timestamp>, StoreError> {
        let at: Option<String> = self
            .conn
            .query_row(
                "SELECT min(next_attempt_at) FROM outbox WHERE status = 'queued'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(at.and_then(|a| a.parse().ok()))
    }

    /// Every outbox row, newest first.
    pub fn outbox(&self) -> Result<Vec<OutboxRow>, StoreError> {
        self.outbox_query(&format!("SELECT {COLUMNS} FROM outbox ORDER BY id DESC"), [])
    }

    /// The e-mails about one submission (its receipt or refusal, the desk's decisions),
    /// newest first: their ids carry the file's hash or the submission's id.
    pub fn mails_about(&self, sha256: &str, submission_id: i64) -> Result<Vec<OutboxRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM outbox WHERE (length(?1) >= 24 AND instr(message_id, substr(?1, 1, 24)) > 0) \
             OR message_id LIKE 'desk-review-' || ?2 || '-%' ORDER BY id DESC"
        );
        self.outbox_query(&sql, params![sha256, submission_id])
    }

    /// Puts a queued or failed e-mail back to be sent at `now` (the staff's "retry now");
    /// `false` when it was sent already or does not exist.
    pub fn retry_mail(&self, id: i64, now: jiff::Timestamp) -> Result<bool, StoreError> {
        let changed = self
            .conn
            .execute(
                "UPDATE outbox SET status = 'queued', next_attempt_at = ?2 WHERE id = ?1 AND status IN ('queued', 'failed')",
                params![id, now.to_string()],
            )
            .map_err(|e| self.err(e))?;
        Ok(changed == 1)
    }

    /// Records a successful send and ends the claim.
    pub fn mail_sent(&self, id: i64, now: jiff::Timestamp) -> Result<(), StoreError> {
        self.exec(
            "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?2, last_error = NULL, \
             claimed_by = NULL, claimed_until = NULL WHERE id = ?1",
            params![id, now.to_string()],
        )
    }

    /// Ends the claims of senders that died (see [`super::owner_alive`]): their messages are
    /// due again at once, not when the claims expire. Returns how many were released.
    pub fn release_dead_claims(&self) -> Result<usize, StoreError> {
        let holders: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT DISTINCT claimed_by FROM outbox WHERE status = 'queued' AND claimed_by IS NOT NULL",
                )
                .map_err(|e| self.err(e))?;
            let rows = stmt.query_map([], |r| r.get(0));
            rows.and_then(|r| r.collect()).map_err(|e| self.err(e))?
        };
        let mut released = 0;
        for holder in holders.iter().filter(|h| !super::owner_alive(h)) {
            released += self
                .conn
                .execute(
                    "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?1 AND status = 'queued'",
                    [holder],
                )
                .map_err(|e| self.err(e))?;
        }
        Ok(released)
    }

    /// Records a failed attempt; `retry_at` None gives up (a permanent failure).
    pub fn mail_failed(&self, id: i64, error: &str, retry_at: Option<jiff::Timestamp>) -> Result<(), StoreError> {
        match retry_at {
            Some(at) => self.exec(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3, claimed_by = NULL, \
                 claimed_until = NULL WHERE id = ?1",
                params![id, error, at.to_string()],
            ),
            None => self.exec(
                "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?2, claimed_by = NULL, \
                 claimed_until = NULL WHERE id = ?1",
                params![id, error],
            ),
        }
    }

    pub(super) fn exec(&self, sql: &str, params: impl rusqlite::Params) -> Result<(), StoreError> {
        self.conn.execute(sql, params).map(drop).map_err(|e| self.err(e))
    }

    fn outbox_query(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<OutboxRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params, row);
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }
}
