//! The reminder ledger: every reminder and notice decided, one row per (recipient, period,
//! step). A step is written together with the e-mail it queues, in one transaction that
//! first takes the write lock, so two processes deciding the same day queue it once.

use super::outbox::insert_mail;
use super::{QueuedMail, Store, StoreError};
use crate::model::Period;
use rusqlite::params;

/// One decided reminder: who, for which period, which step, and the mail it sends.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerEntry {
    /// A chapter code, or `staff` for the provincial staff's digests.
    pub recipient: String,
    /// The period, or None for a digest that covers several (the daily overdue digest).
    pub period: Option<Period>,
    /// The step name (`before-7`, `due`, `overdue-1`, `status`, `overdue-digest-2021-06-16`).
    pub step: String,
    /// The e-mail.
    pub mail: QueuedMail,
}

/// A row of the ledger as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LedgerRow {
    pub recipient: String,
    /// Period code, or `*` for the all-periods digests.
    pub period: String,
    pub step: String,
    /// The local day it was decided.
    pub sent_on: String,
    pub message_id: String,
}

/// What the ledger keeps for a digest that covers every period.
const ALL_PERIODS: &str = "*";

impl Store {
    /// The steps already recorded for a recipient and period (None: the all-periods digests).
    pub fn sent_steps(&self, recipient: &str, period: Option<&Period>) -> Result<Vec<String>, StoreError> {
        let period = period.map_or(ALL_PERIODS.to_string(), ToString::to_string);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT step FROM reminders WHERE recipient = ?1 AND period = ?2")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params![recipient, period], |r| r.get(0));
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// Records the entries not recorded yet and queues their mail, all in one transaction.
    /// `is_still_due` is asked again inside the transaction, holding the write lock, so an
    /// entry another process recorded meanwhile (or whose step became stale) is skipped.
    /// Returns the entries that were recorded.
    pub fn record_reminders(
        &mut self,
        entries: Vec<LedgerEntry>,
        today: jiff::civil::Date,
        now: jiff::Timestamp,
        is_still_due: impl Fn(&LedgerEntry, &[String]) -> bool,
    ) -> Result<Vec<LedgerEntry>, StoreError> {
        let run =
            |conn: &mut rusqlite::Connection| -> rusqlite::Result<Vec<LedgerEntry>> {
                let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let mut recorded = Vec::new();
                for entry in entries {
                    let period = entry.period.map_or(ALL_PERIODS.to_string(), |p| p.to_string());
                    let sent: Vec<String> = {
                        let mut stmt =
                            tx.prepare_cached("SELECT step FROM reminders WHERE recipient = ?1 AND period = ?2")?;
                        let rows = stmt.query_map(params![entry.recipient, period], |r| r.get(0))?;
                        rows.collect::<rusqlite::Result<_>>()?
                    };
                    if !is_still_due(&entry, &sent) {
                        continue;
                    }
                    tx.execute(
                    "INSERT INTO reminders (recipient, period, step, sent_on, message_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![entry.recipient, period, entry.step, today.to_string(), entry.mail.message_id],
                )?;
                    insert_mail(&tx, &entry.mail, now)?;
                    recorded.push(entry);
                }
                tx.commit()?;
                Ok(recorded)
            };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// The ledger, oldest first.
    pub fn ledger(&self) -> Result<Vec<LedgerRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT recipient, period, step, sent_on, message_id FROM reminders ORDER BY rowid")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| {
            Ok(LedgerRow {
                recipient: r.get(0)?,
                period: r.get(1)?,
                step: r.get(2)?,
                sent_on: r.get(3)?,
                message_id: r.get(4)?,
            })
        });
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }
}
