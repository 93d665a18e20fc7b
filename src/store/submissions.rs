//! Submissions: inserting one with its values, review items and mail; reading current ones.

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
    /// The form it was read with (its id), when it was read.
    pub form: Option<String>,
}

const COLUMNS: &str = "id, sha256, file_name, source_path, stored_path, moved, received_at, format, chapter, period, \
                       status, reason, form";

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
        form: r.get(12)?,
    })
}

impl Store {
    /// The submission with this id.
    pub fn by_id(&self, id: i64) -> Result<Option<SubmissionRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM submissions WHERE id = ?1");
        self.conn.query_row(&sql, [id], row).optional().map_err(|e| self.err(e))
    }

    /// The earliest submission with these bytes that was read for a known chapter and period
    /// (accepted, needs review or since superseded), if any: a resend of it is a duplicate
    /// while it counts, and makes it count again once superseded. One that named no known
    /// chapter never counted, so its resend (after the chapter was registered) is read again.
    pub fn read_by_hash(&self, sha256: &str) -> Result<Option<SubmissionRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM submissions WHERE sha256 = ?1 AND chapter IS NOT NULL AND period IS NOT NULL \
             AND status IN ('accepted', 'needs_review', 'superseded') ORDER BY status = 'superseded', id LIMIT 1"
        );
        self.conn
            .query_row(&sql, [sha256], row)
            .optional()
            .map_err(|e| self.err(e))
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
             INDEXED BY submissions_period WHERE period = ?1 AND chapter IS NOT NULL AND status IN ('accepted', 'needs_review') GROUP BY chapter)"
        );
        self.query(&sql, [period.to_string()])
    }

    /// The values (corrected where a person corrected them) of every submission that counts
    /// for a period: (submission id, key, value JSON), ordered by submission id.
    pub fn current_values(&self, period: &Period) -> Result<Vec<(i64, String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT v.submission_id, v.key, v.value_json FROM effective_values v WHERE v.submission_id IN \
                 (SELECT max(id) FROM submissions INDEXED BY submissions_period WHERE period = ?1 AND chapter IS NOT NULL \
                 AND status IN ('accepted', 'needs_review') GROUP BY chapter) ORDER BY v.submission_id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([period.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// The newest refused file of each chapter received at or after `since` that no
    /// readable file of the chapter followed: one row per chapter, in one query.
    pub fn refused_since(&self, since: jiff::Timestamp) -> Result<Vec<SubmissionRow>, StoreError> {
        // From the few refused rows (an index on status and time) rather than grouping every
        // chapter's rows: the desk's grid asks this once per period on every view.
        let sql = format!(
            "SELECT {COLUMNS} FROM submissions r WHERE status = 'rejected' AND received_at >= ?1 \
             AND chapter IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submissions n WHERE n.chapter = r.chapter \
             AND n.id > r.id AND n.received_at >= ?1 AND n.status IN ('rejected', 'accepted', 'needs_review'))"
        );
        self.query(&sql, [since.to_string()])
    }

    /// The extracted record of a submission as `baocao extract --json` prints it. Not part of
    /// [`SubmissionRow`]: it is kilobytes, and lists of rows (the grid reads hundreds per view)
    /// do not need it.
    pub fn record_json(&self, id: i64) -> Result<Option<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record_json FROM submission_records WHERE submission_id = ?1")
            .map_err(|e| self.err(e))?;
        stmt.query_row([id], |r| r.get(0)).optional().map_err(|e| self.err(e))
    }

    /// Every submission of a chapter and period, newest first.
    pub fn history(&self, chapter: &str, period: &Period) -> Result<Vec<SubmissionRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM submissions WHERE chapter = ?1 AND period = ?2 ORDER BY id DESC");
        self.query(&sql, params![chapter, period.to_string()])
    }

    /// Whether no submission was ever recorded.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        let any: bool = self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM submissions)", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(!any)
    }

    /// The reports read without a known unit (they counted for no one) that no later file of
    /// the same bytes followed, oldest first: those a new units list may know.
    pub fn unattributed(&self) -> Result<Vec<SubmissionRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM submissions s WHERE chapter IS NULL AND form IS NOT NULL \
             AND status IN ('accepted', 'needs_review') \
             AND NOT EXISTS (SELECT 1 FROM submissions n WHERE n.sha256 = s.sha256 AND n.id > s.id) ORDER BY id"
        );
        self.query(&sql, [])
    }

    /// All submissions, oldest first.
    pub fn all(&self) -> Result<Vec<SubmissionRow>, StoreError> {
        self.query(&format!("SELECT {COLUMNS} FROM submissions ORDER BY id"), [])
    }

    /// The values of a submission that count: (key, value JSON, source); a corrected field
    /// has its newest correction (and keeps the source it was read from, if any).
    pub fn values(&self, id: i64) -> Result<Vec<(String, String, Option<String>)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value_json, source FROM effective_values WHERE submission_id = ?1")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// The open review items of a submission: (field, message); an item about a field a
    /// person corrected since is closed.
    pub fn review_items(&self, id: i64) -> Result<Vec<(Option<String>, String)>, StoreError> {
        self.items(super::audit::OPEN_ITEMS, id)
    }

    /// Every review item of a submission, closed ones too: (field, message).
    pub fn all_review_items(&self, id: i64) -> Result<Vec<(Option<String>, String)>, StoreError> {
        self.items(
            "SELECT field, message FROM review_items WHERE submission_id = ?1 ORDER BY rowid",
            id,
        )
    }

    fn items(&self, sql: &str, id: i64) -> Result<Vec<(Option<String>, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)));
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    fn query(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<SubmissionRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params, row);
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }
}
