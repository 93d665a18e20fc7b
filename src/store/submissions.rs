//! Submissions: inserting one with its values, review items and mail; reading current ones.

use super::outbox::{QueuedMail, insert_mail};
use super::{Store, StoreError};
use crate::model::{Period, Status};
use rusqlite::{OptionalExtension, Row, params};

/// A submission to record, as the pipeline decided it.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub sha256: String,
    pub file_name: String,
    pub source_path: String,
    pub stored_path: String,
    pub received_at: jiff::Timestamp,
    pub format: Option<String>,
    pub form: Option<String>,
    pub chapter: Option<String>,
    pub period: Option<Period>,
    pub status: Status,
    pub reason: Option<String>,
    pub duplicate_of: Option<i64>,
    pub record_json: Option<String>,
    /// (key, value as JSON, source).
    pub values: Vec<(String, String, Option<String>)>,
    /// (field key if any, message).
    pub review: Vec<(Option<String>, String)>,
}

/// A stored submission.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionRow {
    pub id: i64,
    pub sha256: String,
    pub file_name: String,
    pub source_path: String,
    pub stored_path: String,
    pub moved: bool,
    pub received_at: jiff::Timestamp,
    pub format: Option<String>,
    pub chapter: Option<String>,
    pub period: Option<String>,
    pub status: Status,
    pub reason: Option<String>,
    pub record_json: Option<String>,
}

const COLUMNS: &str = "id, sha256, file_name, source_path, stored_path, moved, received_at, format, chapter, period, \
                       status, reason, record_json";

fn row(r: &Row) -> rusqlite::Result<SubmissionRow> {
    let received: String = r.get(6)?;
    let status: String = r.get(10)?;
    Ok(SubmissionRow {
        id: r.get(0)?,
        sha256: r.get(1)?,
        file_name: r.get(2)?,
        source_path: r.get(3)?,
        stored_path: r.get(4)?,
        moved: r.get(5)?,
        received_at: received
            .parse()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e)))?,
        format: r.get(7)?,
        chapter: r.get(8)?,
        period: r.get(9)?,
        status: Status::parse(&status).ok_or(rusqlite::Error::InvalidQuery)?,
        reason: r.get(11)?,
        record_json: r.get(12)?,
    })
}

impl Store {
    /// Records a submission, supersedes the older current one of the same chapter and period,
    /// and queues its e-mails — all in one transaction. Returns the new id.
    pub fn record(&mut self, new: &NewSubmission, mails: &[QueuedMail]) -> Result<i64, StoreError> {
        self.record_tx(new, mails).map_err(|e| self.err(e))
    }

    fn record_tx(&mut self, new: &NewSubmission, mails: &[QueuedMail]) -> rusqlite::Result<i64> {
        let tx = self.conn.transaction()?;
        let period = new.period.map(|p| p.to_string());
        let counts = matches!(new.status, Status::Accepted | Status::NeedsReview);
        if counts && new.chapter.is_some() && period.is_some() {
            tx.execute(
                "UPDATE submissions SET status = 'superseded' \
                 WHERE chapter = ?1 AND period = ?2 AND status IN ('accepted', 'needs_review')",
                params![new.chapter, period],
            )?;
        }
        tx.execute(
            "INSERT INTO submissions (sha256, file_name, source_path, stored_path, received_at, format, form, \
             chapter, period, status, reason, duplicate_of, record_json) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                new.sha256,
                new.file_name,
                new.source_path,
                new.stored_path,
                new.received_at.to_string(),
                new.format,
                new.form,
                new.chapter,
                period,
                new.status.as_str(),
                new.reason,
                new.duplicate_of,
                new.record_json
            ],
        )?;
        let id = tx.last_insert_rowid();
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
        }
        tx.commit()?;
        Ok(id)
    }

    /// Marks a submission's file as being at its stored path.
    pub fn finish_move(&self, id: i64) -> Result<(), StoreError> {
        self.conn
            .execute("UPDATE submissions SET moved = 1 WHERE id = ?1", [id])
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Submissions committed but whose file was not yet moved (a crash in between).
    pub fn unfinished_moves(&self) -> Result<Vec<SubmissionRow>, StoreError> {
        self.query(
            &format!("SELECT {COLUMNS} FROM submissions WHERE moved = 0 ORDER BY id"),
            [],
        )
    }

    /// The submission with this id.
    pub fn by_id(&self, id: i64) -> Result<Option<SubmissionRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM submissions WHERE id = ?1");
        self.conn.query_row(&sql, [id], row).optional().map_err(|e| self.err(e))
    }

    /// The first submission with these bytes, if any.
    pub fn by_hash(&self, sha256: &str) -> Result<Option<SubmissionRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM submissions WHERE sha256 = ?1 ORDER BY id LIMIT 1");
        self.conn
            .query_row(&sql, [sha256], row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The submission that counts for a chapter and period (accepted or needs review).
    pub fn current(&self, chapter: &str, period: &Period) -> Result<Option<SubmissionRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM submissions WHERE chapter = ?1 AND period = ?2 \
             AND status IN ('accepted', 'needs_review') ORDER BY id DESC LIMIT 1"
        );
        self.conn
            .query_row(&sql, params![chapter, period.to_string()], row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The newest refused file of a chapter received at or after `since`, if no readable file
    /// of the chapter came after it.
    pub fn latest_rejected(&self, chapter: &str, since: jiff::Timestamp) -> Result<Option<SubmissionRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM submissions WHERE chapter = ?1 AND received_at >= ?2 \
             AND status IN ('rejected', 'accepted', 'needs_review') ORDER BY id DESC LIMIT 1"
        );
        let newest = self
            .conn
            .query_row(&sql, params![chapter, since.to_string()], row)
            .optional();
        let newest = newest.map_err(|e| self.err(e))?;
        Ok(newest.filter(|r| r.status == Status::Rejected))
    }

    /// The submissions that count for a period, one per chapter (the newest accepted or needs
    /// review one), in one query: compiling 11,000 chapters must not cost 11,000 queries.
    pub fn current_all(&self, period: &Period) -> Result<Vec<SubmissionRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM submissions WHERE id IN (SELECT max(id) FROM submissions \
             WHERE period = ?1 AND chapter IS NOT NULL AND status IN ('accepted', 'needs_review') GROUP BY chapter)"
        );
        self.query(&sql, [period.to_string()])
    }

    /// The stored values of every submission that counts for a period: (submission id, key,
    /// value JSON), ordered by submission id.
    pub fn current_values(&self, period: &Period) -> Result<Vec<(i64, String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT v.submission_id, v.key, v.value_json FROM field_values v WHERE v.submission_id IN \
                 (SELECT max(id) FROM submissions WHERE period = ?1 AND chapter IS NOT NULL \
                 AND status IN ('accepted', 'needs_review') GROUP BY chapter) ORDER BY v.submission_id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([period.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// Every submission of a chapter and period, newest first.
    pub fn history(&self, chapter: &str, period: &Period) -> Result<Vec<SubmissionRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM submissions WHERE chapter = ?1 AND period = ?2 ORDER BY id DESC");
        self.query(&sql, params![chapter, period.to_string()])
    }

    /// All submissions, oldest first.
    pub fn all(&self) -> Result<Vec<SubmissionRow>, StoreError> {
        self.query(&format!("SELECT {COLUMNS} FROM submissions ORDER BY id"), [])
    }

    /// The stored values of a submission: (key, value JSON, source).
    pub fn values(&self, id: i64) -> Result<Vec<(String, String, Option<String>)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value_json, source FROM field_values WHERE submission_id = ?1")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// The review items of a submission: (field, message).
    pub fn review_items(&self, id: i64) -> Result<Vec<(Option<String>, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT field, message FROM review_items WHERE submission_id = ?1 ORDER BY rowid")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)));
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    fn query(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<SubmissionRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params, row);
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }
}
