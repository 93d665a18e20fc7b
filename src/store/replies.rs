//! What the mailbox ledger knows about threads: the chapter's mail a report file came in
//! (so that its receipt answers that mail), the report a chapter's reply to a receipt is
//! about (so that the reply becomes a comment on it), and the messages that were neither,
//! for the staff's daily digest.

use super::{QueuedMail, Store, StoreError, outbox::insert_mail};
use rusqlite::{OptionalExtension, params};

/// The chapter's e-mail a file came in, to answer in its thread.
#[derive(Debug, Clone, PartialEq)]
pub struct MailThread {
    /// Its `Message-ID`, without brackets.
    pub message_id: Option<String>,
    /// The sender's address.
    pub sender: Option<String>,
    pub subject: String,
    /// The registry's chapter of the sender (None: an address nobody registered).
    pub chapter: Option<String>,
}

/// A chapter's comment on one of its reports: its reply to the receipt, without a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub submission_id: i64,
    pub sender: Option<String>,
    /// What the chapter wrote, quoted text removed.
    pub body: String,
    pub received_at: String,
}

/// A message that was neither a report nor a reply, for the staff's digest.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherMail {
    pub id: i64,
    pub sender: Option<String>,
    pub subject: String,
    pub received_at: String,
    /// JSON `[[name, reason]]` of the files it carried that could not be taken.
    pub refused: Option<String>,
}

impl Store {
    /// The e-mail (ledger row `id`) a file came in, if it is one.
    pub fn mail_thread(&self, id: i64) -> Result<Option<MailThread>, StoreError> {
        self.conn
            .query_row(
                "SELECT message_id, sender, subject, chapter FROM mail_messages WHERE id = ?1",
                [id],
                |r| {
                    Ok(MailThread {
                        message_id: r.get(0)?,
                        sender: r.get(1)?,
                        subject: r.get(2)?,
                        chapter: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The report whose receipt (or notice) is one of `answers` (Message-IDs without
    /// brackets, as a reply's `In-Reply-To` and `References` give them), newest first.
    pub fn answered_submission(&self, answers: &[String]) -> Result<Option<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT submission_id FROM outbox WHERE message_id = ?1 AND submission_id IS NOT NULL")
            .map_err(|e| self.err(e))?;
        for answer in answers.iter().rev() {
            // Our ids are `<local part>@<sender's domain>`; the outbox keeps the local part.
            let local = answer.split('@').next().unwrap_or_default();
            let found: Option<i64> = stmt
                .query_row([local], |r| r.get(0))
                .optional()
                .map_err(|e| self.err(e))?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Attaches a chapter's comment (from ledger row `mail_id`) to `submission_id`: a review
    /// item, the report held for a person to look at, and `mails` to the staff — all in one
    /// transaction, once per message however often it is read.
    pub fn add_comment(
        &mut self,
        mail_id: i64,
        comment: &Comment,
        review: &str,
        mails: &[QueuedMail],
        now: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<bool> {
            let tx = conn.transaction()?;
            let added = tx.execute(
                "INSERT INTO submission_comments (submission_id, mail_id, sender, body, received_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (mail_id) DO NOTHING",
                params![
                    comment.submission_id,
                    mail_id,
                    comment.sender,
                    comment.body,
                    comment.received_at
                ],
            )? == 1;
            if added {
                tx.execute(
                    "INSERT INTO review_items (submission_id, field, message) VALUES (?1, NULL, ?2)",
                    params![comment.submission_id, review],
                )?;
                // Only a report that counts is held; a rejected one stays rejected.
                tx.execute(
                    "UPDATE submissions SET status = 'needs_review' WHERE id = ?1 AND status = 'accepted'",
                    [comment.submission_id],
                )?;
                for mail in mails {
                    insert_mail(&tx, mail, now)?;
                }
            }
            tx.commit()?;
            Ok(added)
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// The chapters' comments on a report, oldest first.
    pub fn comments(&self, submission_id: i64) -> Result<Vec<Comment>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT submission_id, sender, body, received_at FROM submission_comments \
                 WHERE submission_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([submission_id], |r| {
            Ok(Comment {
                submission_id: r.get(0)?,
                sender: r.get(1)?,
                body: r.get(2)?,
                received_at: r.get(3)?,
            })
        });
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// Messages that were neither a report nor a reply and are not yet in a digest.
    pub fn undigested_mail(&self) -> Result<Vec<OtherMail>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, sender, subject, claimed_at, refused FROM mail_messages \
                 WHERE kind = 'other' AND digested_at IS NULL ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| {
            Ok(OtherMail {
                id: r.get(0)?,
                sender: r.get(1)?,
                subject: r.get(2)?,
                received_at: r.get(3)?,
                refused: r.get(4)?,
            })
        });
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// Queues `mail` (the digest) and marks `ids` as listed, in one transaction.
    pub fn digest_mail(&mut self, ids: &[i64], mail: &QueuedMail, now: jiff::Timestamp) -> Result<(), StoreError> {
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            insert_mail(&tx, mail, now)?;
            for id in ids {
                tx.execute(
                    "UPDATE mail_messages SET digested_at = ?2 WHERE id = ?1",
                    params![id, now.to_string()],
                )?;
            }
            tx.commit()
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }
}
