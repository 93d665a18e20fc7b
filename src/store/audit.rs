//! The audit log: corrections and review decisions, each with who, when and why. Every change
//! a person makes to a submission is one transaction that writes its audit row together with
//! the change itself, so the log can never miss one.

use super::outbox::{QueuedMail, insert_mail};
use super::{Store, StoreError};
use crate::model::Status;
use rusqlite::{OptionalExtension, Row, params};

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: jiff::Timestamp,
    /// The login of the person (or `cli:NAME` style logins given with `--by`).
    pub by: String,
    /// `correct`, `accept`, `reject`, `resend`, or an act on no submission: `request`,
    /// `compile`, `send`, `retry`.
    pub action: String,
    pub submission_id: Option<i64>,
    pub field: Option<String>,
    /// The value before, as JSON (none when the field had no value).
    pub old: Option<String>,
    /// The value after, as JSON.
    pub new: Option<String>,
    /// The reason or note written.
    pub note: Option<String>,
}

/// A correction to record.
#[derive(Debug, Clone)]
pub struct NewCorrection<'a> {
    pub submission_id: i64,
    pub field: &'a str,
    /// The new value as JSON.
    pub new_json: &'a str,
    pub reason: &'a str,
    pub by: &'a str,
    /// The unit the report is now counted for, when the corrected field is its unit: the
    /// submission's chapter changes with the value, and of that unit's reports for the period
    /// the newest counts, the others superseded (as when a file arrives).
    pub chapter: Option<&'a str>,
}

/// What recording a correction did.
#[derive(Debug, Clone, PartialEq)]
pub struct Corrected {
    /// The value that counted before, as JSON.
    pub old_json: Option<String>,
    /// Whether this correction cleared the last open review item, so the submission became
    /// accepted.
    pub accepted: bool,
    /// Whether the submission still counts: a report counted for another unit that had a
    /// newer one for the period is superseded by it.
    pub counts: bool,
}

const COLUMNS: &str = "id, at, actor, action, submission_id, field, old_json, new_json, note";

fn row(r: &Row) -> rusqlite::Result<AuditRow> {
    let at: String = r.get(1)?;
    Ok(AuditRow {
        id: r.get(0)?,
        at: at
            .parse()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e)))?,
        by: r.get(2)?,
        action: r.get(3)?,
        submission_id: r.get(4)?,
        field: r.get(5)?,
        old: r.get(6)?,
        new: r.get(7)?,
        note: r.get(8)?,
    })
}

/// Review items whose field was not corrected since: what still needs a person.
pub(super) const OPEN_ITEMS: &str = "SELECT field, message FROM review_items i WHERE submission_id = ?1 \
     AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.submission_id = i.submission_id AND a.action = 'correct' \
     AND a.field = i.field) ORDER BY rowid";

impl Store {
    /// Records a correction of a submission that counts (accepted or needs review); when it
    /// leaves no open review item, the submission becomes accepted (audited as such). `None`
    /// when the submission does not count (superseded meanwhile, or no such id).
    pub fn correct(&mut self, c: &NewCorrection, now: jiff::Timestamp) -> Result<Option<Corrected>, StoreError> {
        correct_tx(&mut self.conn, c, now).map_err(|e| self.err(e))
    }

    /// Changes a submission's status from `from` to `to` with its audit row and the e-mails
    /// it causes, in one transaction; `false` (nothing written) when its status is not
    /// `from` any more. `to == from` records the action alone (asking for a resend).
    #[allow(clippy::too_many_arguments)]
    pub fn decide(
        &mut self,
        id: i64,
        (from, to): (Status, Status),
        action: &str,
        note: Option<&str>,
        by: &str,
        mails: &[QueuedMail],
        now: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        let conn = &mut self.conn;
        let mut tx = || -> rusqlite::Result<bool> {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let reason = (to == Status::Rejected).then_some(note).flatten();
            let changed = tx.execute(
                "UPDATE submissions SET status = ?3, reason = COALESCE(?4, reason) WHERE id = ?1 AND status = ?2",
                params![id, from.as_str(), to.as_str(), reason],
            )?;
            if changed == 0 {
                return Ok(false);
            }
            insert(&tx, now, by, action, id, None, (None, None), note)?;
            for mail in mails {
                insert_mail(&tx, mail, now)?;
            }
            tx.commit()?;
            Ok(true)
        };
        tx().map_err(|e| self.err(e))
    }

    /// Records an act that changes no submission (a request opened, a report compiled or
    /// sent, an e-mail retried), with what it was about in `note`.
    pub fn log_act(&self, by: &str, action: &str, note: &str, now: jiff::Timestamp) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO audit (at, actor, action, note) VALUES (?1, ?2, ?3, ?4)",
            params![now.to_string(), by, action, note],
        )
    }

    /// The audit rows of one submission, oldest first.
    pub fn audit_of(&self, submission_id: i64) -> Result<Vec<AuditRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM audit WHERE submission_id = ?1 ORDER BY id");
        self.query_audit(&sql, params![submission_id])
    }

    /// The newest `limit` audit rows, skipping `offset`, newest first.
    pub fn audit_log(&self, limit: i64, offset: i64) -> Result<Vec<AuditRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM audit ORDER BY id DESC LIMIT ?1 OFFSET ?2");
        self.query_audit(&sql, params![limit, offset])
    }

    fn query_audit(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<AuditRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params, row);
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }
}

fn correct_tx(
    conn: &mut rusqlite::Connection,
    c: &NewCorrection,
    now: jiff::Timestamp,
) -> rusqlite::Result<Option<Corrected>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let status: Option<String> = tx
        .query_row("SELECT status FROM submissions WHERE id = ?1", [c.submission_id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(status) = status.filter(|s| s == "accepted" || s == "needs_review") else {
        return Ok(None);
    };
    let old_json: Option<String> = tx
        .query_row(
            "SELECT value_json FROM effective_values WHERE submission_id = ?1 AND key = ?2",
            params![c.submission_id, c.field],
            |r| r.get(0),
        )
        .optional()?;
    let values = (old_json.as_deref(), Some(c.new_json));
    insert(
        &tx,
        now,
        c.by,
        "correct",
        c.submission_id,
        Some(c.field),
        values,
        Some(c.reason),
    )?;
    let status = match c.chapter {
        Some(code) => reassign(&tx, c.submission_id, code)?,
        None => status,
    };
    let open = tx.prepare(OPEN_ITEMS)?.exists([c.submission_id])?;
    let accepted = status == "needs_review" && !open;
    if accepted {
        tx.execute(
            "UPDATE submissions SET status = 'accepted' WHERE id = ?1",
            [c.submission_id],
        )?;
        let note = "mọi mục cần xem lại đã được sửa";
        insert(
            &tx,
            now,
            c.by,
            "accept",
            c.submission_id,
            None,
            (None, None),
            Some(note),
        )?;
    }
    tx.commit()?;
    let counts = status == "accepted" || status == "needs_review";
    Ok(Some(Corrected {
        old_json,
        accepted,
        counts,
    }))
}

/// Counts submission `id` for unit `code`: the newest counting report of that unit and the
/// submission's period counts, the others are superseded. Returns the submission's status now.
fn reassign(tx: &rusqlite::Transaction, id: i64, code: &str) -> rusqlite::Result<String> {
    let (before, period): (Option<String>, Option<String>) =
        tx.query_row("SELECT chapter, period FROM submissions WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    tx.execute("UPDATE submissions SET chapter = ?2 WHERE id = ?1", params![id, code])?;
    if let Some(before) = before.filter(|b| b != code) {
        revive(tx, id, &before, period.as_deref())?;
    }
    tx.execute(
        "UPDATE submissions SET status = 'superseded' WHERE chapter = ?1 \
         AND period = (SELECT period FROM submissions WHERE id = ?2) AND status IN ('accepted', 'needs_review') \
         AND id <> (SELECT max(id) FROM submissions WHERE chapter = ?1 \
         AND period = (SELECT period FROM submissions WHERE id = ?2) AND status IN ('accepted', 'needs_review'))",
        params![code, id],
    )?;
    tx.query_row("SELECT status FROM submissions WHERE id = ?1", [id], |r| r.get(0))
}

/// The unit a report was moved away from: when nothing of it counts for the period any more,
/// its newest report that this one had replaced counts again — held for a person, who is told
/// why (its figures were out of the totals while the moved report stood in for it).
fn revive(tx: &rusqlite::Transaction, moved: i64, unit: &str, period: Option<&str>) -> rusqlite::Result<()> {
    let counting: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM submissions WHERE chapter = ?1 AND period = ?2 \
         AND status IN ('accepted', 'needs_review'))",
        params![unit, period],
        |r| r.get(0),
    )?;
    if counting {
        return Ok(());
    }
    let replaced: Option<i64> = tx
        .query_row(
            "SELECT max(id) FROM submissions WHERE chapter = ?1 AND period = ?2 AND status = 'superseded' AND id < ?3",
            params![unit, period, moved],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let Some(replaced) = replaced else {
        return Ok(());
    };
    tx.execute(
        "UPDATE submissions SET status = 'needs_review' WHERE id = ?1",
        [replaced],
    )?;
    let message = format!(
        "Bản báo cáo số {moved} gửi sau bản này đã được ghi nhận cho đơn vị khác, nên bản này được dùng lại — cần xem lại trước khi tổng hợp"
    );
    tx.execute(
        "INSERT INTO review_items (submission_id, field, message) VALUES (?1, NULL, ?2)",
        params![replaced, message],
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn insert(
    tx: &rusqlite::Transaction,
    now: jiff::Timestamp,
    by: &str,
    action: &str,
    submission_id: i64,
    field: Option<&str>,
    (old, new): (Option<&str>, Option<&str>),
    note: Option<&str>,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO audit (at, actor, action, submission_id, field, old_json, new_json, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![now.to_string(), by, action, submission_id, field, old, new, note],
    )?;
    Ok(())
}
