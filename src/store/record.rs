//! Recording a submission: its row, values, review items and e-mails, the older current one
//! of its chapter and period superseded, and its stored name reserved — in one transaction.

use super::outbox::{QueuedMail, insert_mail};
use super::submissions::NewSubmission;
use super::{Store, StoreError};
use crate::model::Status;
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Records a submission, supersedes the older current one of the same chapter and period,
    /// queues its e-mails, reserves its stored name (the first of `names` no other submission
    /// holds and `free` accepts) and, when it came through the intake, marks that row
    /// recorded (without an intake row the file is already where it is stored: `reindex`) — all in one transaction that first takes the write lock. The bytes are
    /// checked once more under the lock: when another process recorded the same bytes as a
    /// current submission meanwhile, this one is recorded as its duplicate instead.
    pub fn record(
        &mut self,
        new: &NewSubmission,
        mails: &[QueuedMail],
        intake: Option<i64>,
        names: impl Iterator<Item = std::path::PathBuf>,
        free: impl Fn(&std::path::Path) -> bool,
    ) -> Result<Recorded, StoreError> {
        record_tx(&mut self.conn, new, mails, intake, (names, free)).map_err(|e| self.err(e))
    }
}

/// What [`Store::record`] recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub id: i64,
    /// The status stored (a duplicate when the bytes turned out to be current already).
    pub status: Status,
    /// The name reserved for the file.
    pub stored_path: String,
}

fn record_tx(
    conn: &mut rusqlite::Connection,
    new: &NewSubmission,
    mails: &[QueuedMail],
    intake: Option<i64>,
    names: (
        impl Iterator<Item = std::path::PathBuf>,
        impl Fn(&std::path::Path) -> bool,
    ),
) -> rusqlite::Result<Recorded> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut new = std::borrow::Cow::Borrowed(new);
    let mut mails = mails;
    if new.status != Status::Duplicate
        && let Some(current) = tx
            .query_row(
                "SELECT id FROM submissions WHERE sha256 = ?1 AND status IN ('accepted', 'needs_review') \
                 AND chapter IS NOT NULL AND period IS NOT NULL ORDER BY id LIMIT 1",
                [&new.sha256],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
    {
        let dup = new.to_mut();
        dup.status = Status::Duplicate;
        dup.duplicate_of = Some(current);
        dup.values.clear();
        dup.review.clear();
        mails = &[];
    }
    let stored_path = reserve(&tx, names.0, names.1)?;
    let period = new.period.map(|p| p.to_string());
    let counts = matches!(new.status, Status::Accepted | Status::NeedsReview);
    if counts && new.chapter.is_some() && period.is_some() {
        if arrived_later(&tx, new.chapter.as_deref(), period.as_deref(), new.received_at)? {
            // Read again after an import (it keeps the time it first came), yet the unit sent
            // a report since: that one still counts, and the unit is not told of an old file.
            new.to_mut().status = Status::Superseded;
            mails = &[];
        } else {
            tx.execute(
                "UPDATE submissions SET status = 'superseded' \
                 WHERE chapter = ?1 AND period = ?2 AND status IN ('accepted', 'needs_review')",
                params![new.chapter, period],
            )?;
        }
        // The same bytes recorded before for no known unit are this report now.
        tx.execute(
            "UPDATE submissions SET status = 'superseded' \
             WHERE sha256 = ?1 AND chapter IS NULL AND status IN ('accepted', 'needs_review')",
            [&new.sha256],
        )?;
    }
    tx.execute(
        "INSERT INTO submissions (sha256, file_name, source_path, stored_path, received_at, format, form, \
         chapter, period, status, reason, duplicate_of, moved) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            new.sha256,
            new.file_name,
            new.source_path,
            stored_path,
            new.received_at.to_string(),
            new.format,
            new.form,
            new.chapter,
            period,
            new.status.as_str(),
            new.reason,
            new.duplicate_of,
            intake.is_none()
        ],
    )?;
    let id = tx.last_insert_rowid();
    if let Some(record) = &new.record_json {
        tx.execute(
            "INSERT INTO submission_records (submission_id, record_json) VALUES (?1, ?2)",
            params![id, record],
        )?;
    }
    for (key, value, source) in &new.values {
        tx.execute(
            "INSERT INTO field_values (submission_id, key, value_json, source) VALUES (?1, ?2, ?3, ?4)",
            params![id, key, value, source],
        )?;
    }
    for (field, message) in &new.review {
        tx.execute(
            "INSERT INTO review_items (submission_id, field, message) VALUES (?1, ?2, ?3)",
            params![id, field, message],
        )?;
    }
    for mail in mails {
        insert_mail(&tx, mail, new.received_at)?;
        // The receipt remembers its report: a chapter's answer to it is attached there.
        tx.execute(
            "UPDATE outbox SET submission_id = ?1 WHERE message_id = ?2 AND submission_id IS NULL",
            params![id, mail.message_id],
        )?;
    }
    if let Some(intake) = intake {
        tx.execute(
            // The claim is kept: the recording process files the file itself next.
            "UPDATE intake SET state = 'recorded', submission_id = ?2, next_attempt_at = NULL, updated_at = ?3 \
             WHERE id = ?1",
            params![intake, id, new.received_at.to_string()],
        )?;
    }
    tx.commit()?;
    Ok(Recorded {
        id,
        status: new.status,
        stored_path,
    })
}

/// The first name no submission holds and `free` accepts.
/// Whether a report of `chapter` for `period` that counts arrived after `received`.
fn arrived_later(
    tx: &rusqlite::Transaction,
    chapter: Option<&str>,
    period: Option<&str>,
    received: jiff::Timestamp,
) -> rusqlite::Result<bool> {
    let mut stmt = tx.prepare(
        "SELECT received_at FROM submissions WHERE chapter = ?1 AND period = ?2 \
         AND status IN ('accepted', 'needs_review')",
    )?;
    let times = stmt.query_map(params![chapter, period], |r| r.get::<_, String>(0))?;
    for time in times {
        // Compared as instants: the texts differ in their fractions of a second.
        if time?.parse::<jiff::Timestamp>().is_ok_and(|t| t > received) {
            return Ok(true);
        }
    }
    Ok(false)
}

fn reserve(
    tx: &rusqlite::Transaction,
    names: impl Iterator<Item = std::path::PathBuf>,
    free: impl Fn(&std::path::Path) -> bool,
) -> rusqlite::Result<String> {
    let mut taken = tx.prepare_cached("SELECT 1 FROM submissions WHERE stored_path = ?1")?;
    for name in names {
        let text = name.to_string_lossy().into_owned();
        if !taken.exists([&text])? && free(&name) {
            return Ok(text);
        }
    }
    Err(rusqlite::Error::InvalidQuery)
}
