//! The versions of the compiled provincial report of each period, and whether each was sent.
//!
//! A version is what a reader can tell apart: `lần 2` exists only because the inputs changed.
//! Queuing a version's e-mail and marking the version sent happen in one transaction, and the
//! outbox keeps the first row of a message id, so sending a version twice sends it once.

use super::outbox::{QueuedMail, insert_mail};
use super::{Store, StoreError};
use crate::model::Period;
use rusqlite::{OptionalExtension, Row, params};

/// One compiled version of a period's report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    /// The period code, `2021-H1`.
    pub period: String,
    /// 1 for the first compilation, 2 after a correction changed the inputs, ...
    pub version: u32,
    /// Hash of everything the report was built from.
    pub inputs_sha256: String,
    /// RFC 3339 instant of the latest compilation of this version.
    pub compiled_at: String,
    pub docx_path: String,
    pub xlsx_path: String,
    /// The outbox message that sends this version, once queued.
    pub message_id: Option<String>,
    /// When it was queued; `None` while never sent.
    pub queued_at: Option<String>,
    /// Whether the daemon queued it by itself (once per period).
    pub auto: bool,
}

const COLUMNS: &str = "period, version, inputs_sha256, compiled_at, docx_path, xlsx_path, message_id, queued_at, auto";

fn row(r: &Row) -> rusqlite::Result<ReportRow> {
    Ok(ReportRow {
        period: r.get(0)?,
        version: r.get(1)?,
        inputs_sha256: r.get(2)?,
        compiled_at: r.get(3)?,
        docx_path: r.get(4)?,
        xlsx_path: r.get(5)?,
        message_id: r.get(6)?,
        queued_at: r.get(7)?,
        auto: r.get(8)?,
    })
}

impl Store {
    /// The term reviews (`2017-2022`) ever compiled, newest span first.
    pub fn compiled_terms(&self) -> Result<Vec<Period>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT period FROM reports")
            .map_err(|e| self.err(e))?;
        let codes = stmt.query_map([], |r| r.get::<_, String>(0));
        let codes: Vec<String> = codes.and_then(|r| r.collect()).map_err(|e| self.err(e))?;
        let mut terms: Vec<Period> = codes
            .iter()
            .filter_map(|c| Period::parse_code(c))
            .filter(|p| matches!(p.kind, crate::model::PeriodKind::Term(_)))
            .collect();
        terms.sort_by(|a, b| b.cmp(a));
        Ok(terms)
    }

    /// The newest version of a period's report, if it was ever compiled.
    pub fn latest_report(&self, period: &Period) -> Result<Option<ReportRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM reports WHERE period = ?1 ORDER BY version DESC LIMIT 1");
        self.conn
            .query_row(&sql, [period.to_string()], row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Every version of a period's report, oldest first.
    pub fn reports(&self, period: &Period) -> Result<Vec<ReportRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM reports WHERE period = ?1 ORDER BY version");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([period.to_string()], row);
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// Records a compilation: a new version, or the same version compiled again (new time,
    /// paths and hash — the same inputs, perhaps hashed as an older release did; whether it
    /// was sent is kept).
    pub fn save_report(&self, report: &ReportRow) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO reports (period, version, inputs_sha256, compiled_at, docx_path, xlsx_path) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (period, version) DO UPDATE SET \
                 inputs_sha256 = excluded.inputs_sha256, compiled_at = excluded.compiled_at, docx_path = excluded.docx_path, xlsx_path = excluded.xlsx_path",
                params![
                    report.period,
                    report.version,
                    report.inputs_sha256,
                    report.compiled_at,
                    report.docx_path,
                    report.xlsx_path
                ],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Queues the e-mail of a version and marks the version sent (and sent by the daemon when
    /// `auto`), in one transaction. Returns false when that message was queued before.
    pub fn queue_report(
        &mut self,
        period: &Period,
        version: u32,
        mail: &QueuedMail,
        auto: bool,
        now: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<bool> {
            let tx = conn.transaction()?;
            insert_mail(&tx, mail, now)?;
            let queued = tx.changes() > 0;
            tx.execute(
                "UPDATE reports SET message_id = ?3, queued_at = coalesce(queued_at, ?4), auto = max(auto, ?5) \
                 WHERE period = ?1 AND version = ?2",
                params![period.to_string(), version, mail.message_id, now.to_string(), auto],
            )?;
            tx.commit()?;
            Ok(queued)
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// Whether the daemon already sent a version of this period by itself.
    pub fn report_auto_sent(&self, period: &Period) -> Result<bool, StoreError> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM reports WHERE period = ?1 AND auto = 1)",
                [period.to_string()],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }
}
