//! Stage 4: the SQLite store of submissions, their values, review items and outgoing mail.
//!
//! Plain synchronous functions over one `rusqlite::Connection`. Every submission is written in
//! one transaction together with the e-mails it causes, so a crash leaves either all of it or
//! none. The file itself is moved only after that commit; `moved` records whether the move
//! happened, so a restart can finish it (see [`Store::unfinished_moves`]).

mod outbox;
mod submissions;

pub use outbox::{OutboxRow, QueuedMail};
pub use submissions::{NewSubmission, SubmissionRow};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

const SCHEMA: &str = include_str!("schema.sql");
const SCHEMA_VERSION: i64 = 1;

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
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version < SCHEMA_VERSION {
        let tx = conn.transaction()?;
        tx.execute_batch(SCHEMA)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
    }
    Ok(())
}
