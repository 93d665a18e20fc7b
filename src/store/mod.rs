//! Stage 4: the SQLite store of submissions, their values, review items and outgoing mail.
//!
//! Plain synchronous functions over one `rusqlite::Connection`. Every submission is written in
//! one transaction together with the e-mails it causes, so a crash leaves either all of it or
//! none. Every file taken has an intake state (`intake.rs`); the file is filed away only after
//! the commit, and the state says what is left to do after a crash.

mod audit;
mod intake;
mod mail;
mod outbox;
mod record;
mod reminders;
mod replies;
mod reports;
mod requests;
mod sessions;
mod submissions;
mod units;
mod users;

pub use audit::{AuditRow, Corrected, NewCorrection};
pub use intake::{Claim, IntakeRow, Mode, Seen};
pub use mail::{MailKey, MailRow, MailState, NewMail};
pub use outbox::{OutboxRow, QueuedMail};
pub use record::Recorded;
pub use reminders::{LedgerEntry, LedgerRow};
pub use replies::{Comment, MailThread, OtherMail};
pub use reports::ReportRow;
pub use requests::Request;
pub use submissions::{NewSubmission, SubmissionRow};
pub use users::User;

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The schema, one script per version; a database at `user_version` n runs scripts n+1.. in
/// order. Scripts are only ever appended: a released one never changes.
const MIGRATIONS: &[&str] = &[
    include_str!("schema.sql"),
    include_str!("v2_reminders.sql"),
    include_str!("v3_reports.sql"),
    include_str!("v4_intake.sql"),
    include_str!("v5_users.sql"),
    include_str!("v6_desk.sql"),
    include_str!("v7_grid.sql"),
    include_str!("v8_mailbox.sql"),
    include_str!("v9_replies.sql"),
    include_str!("v10_units.sql"),
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

/// Who this process is, for claims on files and e-mails: the process id and the instant
/// the claim-holder was first named, so a reused pid is not mistaken for a dead holder.
pub fn owner() -> &'static str {
    static OWNER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    OWNER.get_or_init(|| format!("pid{}@{}", std::process::id(), jiff::Timestamp::now().as_millisecond()))
}

/// Whether the process named by an [`owner`] string still runs on this machine. A holder
/// that died (killed, crashed) leaves its claims to be taken over at once rather than when
/// they expire. Unknown forms count as alive: their claims then simply expire.
pub fn owner_alive(owner: &str) -> bool {
    let pid = owner
        .strip_prefix("pid")
        .and_then(|rest| rest.split('@').next())
        .and_then(|p| p.parse::<libc::pid_t>().ok());
    match pid {
        Some(pid) if pid == std::process::id() as libc::pid_t => true,
        Some(pid) if pid > 0 => {
            // SAFETY: signal 0 only checks that the process exists; nothing is sent.
            let exists = unsafe { libc::kill(pid, 0) } == 0;
            exists || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
        }
        _ => true,
    }
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
        // The data folder may not exist yet (a command run before anything was received).
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let mut conn = Connection::open(path).map_err(err)?;
        // The busy timeout covers the time another process holds the write lock (a double
        // start, `ingest` or `remind` beside `run`). SQLite's waiting is not fair: a CI run on
        // a loaded machine once saw `remind` give up after 10 s beside `ingest` and the
        // daemon writing 60 files each, so a command waits up to 30 s rather than fail. It is
        // set before the journal-mode pragma, which takes a lock too.
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(err)?;
        // WAL lets `status` read while the daemon writes.
        conn.pragma_update(None, "journal_mode", "wal").map_err(err)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(err)?;
        migrate(&mut conn).map_err(err)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// A connection for the desk's sessions: commits are not synced to disk one by one
    /// (`synchronous = NORMAL`, still crash-safe in WAL mode; a power cut may forget the last
    /// moments of logins, which costs a person a new login, never a report or a correction).
    pub fn open_for_sessions(path: &Path) -> Result<Store, StoreError> {
        let store = Store::open(path)?;
        store
            .conn
            .pragma_update(None, "synchronous", "normal")
            .map_err(|e| store.err(e))?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A database written before version 7 keeps its extracted records, now in their own
    /// table, and the desk's indexes exist.
    #[test]
    fn version_7_moves_the_records_out_of_submissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        {
            let mut conn = Connection::open(&path).unwrap();
            let tx = conn.transaction().unwrap();
            for (done, script) in (1i64..).zip(&MIGRATIONS[..6]) {
                tx.execute_batch(script).unwrap();
                tx.pragma_update(None, "user_version", done).unwrap();
            }
            tx.execute(
                "INSERT INTO submissions (sha256, file_name, source_path, stored_path, received_at, status, record_json) \
                 VALUES ('ab', 'a.docx', 'inbox/a.docx', 'archive/a.docx', '2022-06-10T02:00:00Z', 'accepted', '{\"x\":1}')",
                [],
            )
            .unwrap();
            tx.commit().unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.record_json(1).unwrap().as_deref(), Some("{\"x\":1}"));
        let left: Option<String> = store
            .conn
            .query_row("SELECT record_json FROM submissions WHERE id = 1", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, None, "the row itself is small again");
        let indexes: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('submissions_period', 'submissions_refused')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 2);
        assert_eq!(store.record_json(2).unwrap(), None);
    }
}
