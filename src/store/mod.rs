//! Stage 4: the SQLite store of submissions, their values, review items and outgoing mail.
//!
//! Plain synchronous functions over one `rusqlite::Connection`. Every submission is written in
//! one transaction together with the e-mails it causes, so a crash leaves either all of it or
//! none. The file itself is moved only after that commit; `moved` records whether the move
//! happened, so a restart can finish it (see [`Store::unfinished_moves`]).

mod outbox;
mod reminders;
mod reports;
mod requests;
mod submissions;

pub use outbox::{OutboxRow, QueuedMail};
pub use reminders::{LedgerEntry, LedgerRow};
pub use reports::ReportRow;
pub use requests::Request;
pub use submissions::{NewSubmission, SubmissionRow};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The schema, one script per version; a database at `user_version` n runs scripts n+1.. in
/// order. Scripts are only ever appended: a released one never changes.
const MIGRATIONS: &[&str] = &[
    include_str!("schema.sql"),
    include_str!("v2_reminders.sql"),
    include_str!("v3_reports.sql"),
];

/// A store operation that failed, with the database file named.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct StoreError {
    /// The database file.
    pub path: PathBuf,
    /// What SQLite said.
    #[source]
    pub source: rusqlite::Error,
}

/// The open database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let err = |source| StoreError {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(err)?;
        // WAL lets `status` read while the daemon writes; the busy timeout covers the moment
        // a second process holds the write lock (a double start, or `ingest` beside `run`).
        conn.pragma_update(None, "journal_mode", "wal").map_err(err)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(err)?;
        migrate(&mut conn).map_err(err)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError {
            path: self.path.clone(),
            source,
        }
    }
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Read inside the write transaction: two processes starting together migrate once.
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (done, script) in (1i64..).zip(MIGRATIONS).skip(version.max(0) as usize) {
        tx.execute_batch(script)?;
        tx.pragma_update(None, "user_version", done)?;
    }
    tx.commit()
}
