//! The intake state of every file: one row per file taken, in exactly one state at a time
//! (see `v4_intake.sql`). Every change of state is one transaction, so a crash at any moment
//! leaves each file where a restart resumes it: `reading` with an expired lease is taken
//! again, `recorded` is filed, `waiting` is retried when due, `filed` is done.
//!
//! The claim is what makes two processes (the daemon and `baocao ingest`) safe side by side:
//! only one row per source path may be unfinished, and it is taken under the write lock.

use super::{Store, StoreError};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

/// How a file is filed once recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A regular file in the inbox: moved into the data folder.
    Move,
    /// A file outside the inbox: copied; the original is never touched.
    Copy,
    /// A symbolic link in the inbox: its target's bytes are copied, then the link is removed
    /// (never the target).
    Unlink,
}

impl Mode {
    fn as_str(self) -> &'static str {
        match self {
            Mode::Move => "move",
            Mode::Copy => "copy",
            Mode::Unlink => "unlink",
        }
    }

    fn parse(s: &str) -> Mode {
        match s {
            "move" => Mode::Move,
            "unlink" => Mode::Unlink,
            // Unknown means "touch nothing": the safest way to file.
            _ => Mode::Copy,
        }
    }
}

/// A file as the intake knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeRow {
    pub id: i64,
    /// The source path's bytes (a name need not be UTF-8).
    pub source_raw: Vec<u8>,
    /// The source path, readable.
    pub source_path: String,
    pub sha256: String,
    pub mode: Mode,
    /// `reading`, `waiting`, `stuck`, `recorded` or `filed`.
    pub state: String,
    pub attempts: i64,
    pub first_seen_at: Timestamp,
    pub next_attempt_at: Option<Timestamp>,
    pub last_error: Option<String>,
    /// The submission, once recorded.
    pub submission_id: Option<i64>,
}

/// A file seen in a source, about to be claimed.
#[derive(Debug, Clone)]
pub struct Seen<'a> {
    pub source_raw: &'a [u8],
    pub source_path: &'a str,
    pub sha256: &'a str,
    pub size: u64,
    pub mode: Mode,
}

/// The answer to a claim.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// This process now holds the file (`attempts` earlier tries failed for reasons not its own).
    Taken {
        id: i64,
        attempts: i64,
        first_seen_at: Timestamp,
    },
    /// Another live process is reading it.
    Busy,
    /// It waits for a retry at this instant.
    NotYet(Timestamp),
    /// It is stuck; only new bytes take it again.
    Stuck,
    /// Recorded already; only filing it away is left.
    Filing(IntakeRow),
}

const COLUMNS: &str = "id, source_raw, source_path, sha256, mode, state, attempts, first_seen_at, next_attempt_at, \
                       last_error, submission_id";

fn row(r: &Row) -> rusqlite::Result<IntakeRow> {
    let time = |i: usize, s: String| {
        s.parse::<Timestamp>()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
    };
    let mode: String = r.get(4)?;
    let next: Option<String> = r.get(8)?;
    Ok(IntakeRow {
        id: r.get(0)?,
        source_raw: r.get(1)?,
        source_path: r.get(2)?,
        sha256: r.get(3)?,
        mode: Mode::parse(&mode),
        state: r.get(5)?,
        attempts: r.get(6)?,
        first_seen_at: time(7, r.get(7)?)?,
        next_attempt_at: next.map(|n| time(8, n)).transpose()?,
        last_error: r.get(9)?,
        submission_id: r.get(10)?,
    })
}

impl Store {
    /// Claims a file for `owner` until `lease_until`, or says why not.
    pub fn claim_file(
        &mut self,
        seen: &Seen,
        owner: &str,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<Claim, StoreError> {
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<Claim> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let sql =
                format!("SELECT {COLUMNS}, owner, lease_until FROM intake WHERE source_raw = ?1 AND state <> 'filed'");
            let found = tx
                .query_row(&sql, [seen.source_raw], |r| {
                    Ok((
                        row(r)?,
                        r.get::<_, Option<String>>(11)?,
                        r.get::<_, Option<String>>(12)?,
                    ))
                })
                .optional()?;
            let (now_s, lease_s) = (now.to_string(), lease_until.to_string());
            let claim = match found {
                None => {
                    tx.execute(
                        "INSERT INTO intake (source_raw, source_path, sha256, size, mode, state, owner, lease_until, \
                         first_seen_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'reading', ?6, ?7, ?8, ?8)",
                        params![
                            seen.source_raw,
                            seen.source_path,
                            seen.sha256,
                            seen.size as i64,
                            seen.mode.as_str(),
                            owner,
                            lease_s,
                            now_s
                        ],
                    )?;
                    Claim::Taken {
                        id: tx.last_insert_rowid(),
                        attempts: 0,
                        first_seen_at: now,
                    }
                }
                Some((row, holder, lease)) => decide(&tx, seen, row, holder, lease, owner, now, &lease_s)?,
            };
            tx.commit()?;
            Ok(claim)
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// Gives a file back to wait after a failure that is not its fault: retried at `retry_at`
    /// (read again if nothing was recorded yet, else only filed again), or `stuck` when `stuck`.
    pub fn file_waits(
        &self,
        id: i64,
        error: &str,
        retry_at: Timestamp,
        stuck: bool,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.exec(
            "UPDATE intake SET state = CASE WHEN ?2 THEN 'stuck' WHEN submission_id IS NULL THEN 'waiting' \
             ELSE 'recorded' END, owner = NULL, lease_until = NULL, attempts = attempts + 1, last_error = ?3, \
             next_attempt_at = ?4, updated_at = ?5 WHERE id = ?1 AND state <> 'filed'",
            params![id, stuck, error, retry_at.to_string(), now.to_string()],
        )
    }

    /// Gives a claimed file back untouched (the daemon stopped while reading it): it is taken
    /// again at once by the next run, without counting a try.
    pub fn release_file(&self, id: i64, now: Timestamp) -> Result<(), StoreError> {
        self.exec(
            "UPDATE intake SET state = 'waiting', owner = NULL, lease_until = NULL, next_attempt_at = ?2, updated_at = ?2 \
             WHERE id = ?1 AND state = 'reading'",
            params![id, now.to_string()],
        )
    }

    /// Forgets a claimed file that is gone from its source before anything was recorded (filed
    /// by another process a moment ago, or removed by hand).
    pub fn forget_file(&self, id: i64) -> Result<(), StoreError> {
        self.exec(
            "DELETE FROM intake WHERE id = ?1 AND submission_id IS NULL",
            params![id],
        )
    }

    /// Marks a recorded file as filed away, and its submission as moved.
    pub fn file_filed(&mut self, id: i64, now: Timestamp) -> Result<(), StoreError> {
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            tx.execute(
                "UPDATE submissions SET moved = 1 WHERE id = (SELECT submission_id FROM intake WHERE id = ?1)",
                [id],
            )?;
            tx.execute(
                "UPDATE intake SET state = 'filed', owner = NULL, lease_until = NULL, last_error = NULL, updated_at = ?2 \
                 WHERE id = ?1",
                params![id, now.to_string()],
            )?;
            tx.commit()
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// Gives every stuck file one more try at its next sighting (at start-up: the cause may be
    /// gone). One more failure makes it stuck again, without a second notice.
    pub fn retry_stuck(&self, now: Timestamp) -> Result<(), StoreError> {
        self.exec(
            "UPDATE intake SET state = CASE WHEN submission_id IS NULL THEN 'waiting' ELSE 'recorded' END, \
             attempts = max(attempts, ?1), next_attempt_at = ?2, updated_at = ?2 WHERE state = 'stuck'",
            params![crate::pipeline::retry::MAX_TRIES - 1, now.to_string()],
        )
    }

    /// Recorded files whose filing is due at `now` (after a crash, or a failed move), except
    /// those another live process is filing right now.
    pub fn filings_due(&self, now: Timestamp) -> Result<Vec<IntakeRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS}, owner, lease_until FROM intake WHERE state = 'recorded' \
             AND (next_attempt_at IS NULL OR next_attempt_at <= ?1) ORDER BY id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([now.to_string()], |r| {
            Ok((
                row(r)?,
                r.get::<_, Option<String>>(11)?,
                r.get::<_, Option<String>>(12)?,
            ))
        });
        let rows: Vec<_> = rows.and_then(|r| r.collect()).map_err(|e| self.err(e))?;
        Ok(rows
            .into_iter()
            .filter(|(_, holder, lease)| !held_by_other(super::owner(), holder.as_deref(), lease.as_deref(), now))
            .map(|(row, _, _)| row)
            .collect())
    }

    /// Files not finished: waiting, stuck, being read or waiting to be filed.
    pub fn unfinished_files(&self) -> Result<Vec<IntakeRow>, StoreError> {
        self.intake_query(
            &format!("SELECT {COLUMNS} FROM intake WHERE state <> 'filed' ORDER BY id"),
            [],
        )
    }

    /// The intake row of a file.
    pub fn intake_row(&self, id: i64) -> Result<Option<IntakeRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM intake WHERE id = ?1");
        self.conn.query_row(&sql, [id], row).optional().map_err(|e| self.err(e))
    }

    fn intake_query(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<IntakeRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params, row);
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }
}

/// Whether another live process holds a claim that has not expired.
fn held_by_other(me: &str, holder: Option<&str>, lease: Option<&str>, now: Timestamp) -> bool {
    let unexpired = lease.and_then(|l| l.parse::<Timestamp>().ok()).is_some_and(|l| l > now);
    holder.is_some_and(|h| unexpired && h != me && super::owner_alive(h))
}

/// The claim on a file that already has an unfinished row.
#[allow(clippy::too_many_arguments)]
fn decide(
    tx: &rusqlite::Transaction,
    seen: &Seen,
    row: IntakeRow,
    holder: Option<String>,
    lease: Option<String>,
    owner: &str,
    now: Timestamp,
    lease_s: &str,
) -> rusqlite::Result<Claim> {
    let changed = row.sha256 != seen.sha256;
    let busy = held_by_other(owner, holder.as_deref(), lease.as_deref(), now);
    if row.state == "recorded" {
        // Another process is filing it right now: leave it to that one.
        return Ok(if busy { Claim::Busy } else { Claim::Filing(row) });
    }
    match row.state.as_str() {
        "reading" if busy => return Ok(Claim::Busy),
        "stuck" if row.submission_id.is_some() || !changed => return Ok(Claim::Stuck),
        "waiting" if !changed && row.next_attempt_at.is_some_and(|t| t > now) => {
            return Ok(Claim::NotYet(row.next_attempt_at.unwrap_or(now)));
        }
        _ => {}
    }
    // New bytes under the same name are a new file: its tries start again.
    let (attempts, first_seen_at) = if changed {
        (0, now)
    } else {
        (row.attempts, row.first_seen_at)
    };
    tx.execute(
        "UPDATE intake SET state = 'reading', owner = ?2, lease_until = ?3, sha256 = ?4, size = ?5, mode = ?6, \
         attempts = ?7, first_seen_at = ?8, updated_at = ?9 WHERE id = ?1",
        params![
            row.id,
            owner,
            lease_s,
            seen.sha256,
            seen.size as i64,
            seen.mode.as_str(),
            attempts,
            first_seen_at.to_string(),
            now.to_string()
        ],
    )?;
    Ok(Claim::Taken {
        id: row.id,
        attempts,
        first_seen_at,
    })
}
