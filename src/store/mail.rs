//! The mailbox's ledger (`mail_messages`): which message of which folder was claimed, stored
//! and moved. Claiming is an insert that a second claim of the same key cannot repeat.

use super::{Store, StoreError};
use rusqlite::{OptionalExtension, params};

/// Where a message is in its handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailState {
    /// Taken for handling; its files are not yet in the inbox.
    Claimed,
    /// Its files are in the inbox (committed with this state); the message is still in the folder.
    Stored,
    /// Out of the folder.
    Moved,
    /// Neither a report nor a reply, left in the folder as configured; handled.
    Left,
}

impl MailState {
    fn parse(s: &str) -> MailState {
        match s {
            "stored" => MailState::Stored,
            "moved" => MailState::Moved,
            "left" => MailState::Left,
            _ => MailState::Claimed,
        }
    }
}

/// A message's key: the folder's identity and its UID there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailKey {
    pub account: String,
    pub folder: String,
    pub uid_validity: u32,
    pub uid: u32,
}

/// A message as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct MailRow {
    pub id: i64,
    pub uid: u32,
    pub uid_validity: u32,
    pub sha256: String,
    pub message_id: Option<String>,
    pub state: MailState,
    pub files: i64,
}

/// What is known of a message when it is claimed.
#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    pub message_id: Option<&'a str>,
    pub sha256: &'a str,
    pub sender: Option<&'a str>,
    pub subject: &'a str,
    pub chapter: Option<&'a str>,
}

const COLUMNS: &str = "id, uid, uid_validity, sha256, message_id, state, files";

fn row(r: &rusqlite::Row) -> rusqlite::Result<MailRow> {
    let state: String = r.get(5)?;
    Ok(MailRow {
        id: r.get(0)?,
        uid: r.get(1)?,
        uid_validity: r.get(2)?,
        sha256: r.get(3)?,
        message_id: r.get(4)?,
        state: MailState::parse(&state),
        files: r.get(6)?,
    })
}

impl Store {
    /// Claims `key` for handling; None when it was claimed before (its row is returned by
    /// [`Store::message`]).
    pub fn claim_message(&self, key: &MailKey, new: &NewMail, now: jiff::Timestamp) -> Result<Option<i64>, StoreError> {
        let changed = self
            .conn
            .execute(
                "INSERT INTO mail_messages (account, folder, uid_validity, uid, message_id, sha256, sender, subject, \
                 chapter, state, claimed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'claimed', ?10) \
                 ON CONFLICT (account, folder, uid_validity, uid) DO NOTHING",
                params![
                    key.account,
                    key.folder,
                    key.uid_validity,
                    key.uid,
                    new.message_id,
                    new.sha256,
                    new.sender,
                    new.subject,
                    new.chapter,
                    now.to_string()
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok((changed == 1).then(|| self.conn.last_insert_rowid()))
    }

    /// The row of `key`.
    pub fn message(&self, key: &MailKey) -> Result<Option<MailRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM mail_messages WHERE account = ?1 AND folder = ?2 AND uid_validity = ?3 AND uid = ?4"
        );
        self.conn
            .query_row(&sql, params![key.account, key.folder, key.uid_validity, key.uid], row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// A message with these bytes that was already stored, under any UIDVALIDITY.
    pub fn message_stored_before(&self, sha256: &str) -> Result<Option<MailRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM mail_messages WHERE sha256 = ?1 AND state IN ('stored', 'moved', 'left') ORDER BY id LIMIT 1"
        );
        self.conn
            .query_row(&sql, [sha256], row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Records that message `id` was read: a `kind` (`report`, `reply`, `other`) whose files
    /// (`files` of them, `refused` parts named) are in the inbox; `leave` keeps it in the
    /// folder for good (state `left`), otherwise it is `stored`, to be moved out.
    pub fn message_stored(
        &self,
        id: i64,
        (files, refused): (usize, &str),
        kind: &str,
        leave: bool,
        now: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        let state = if leave { "left" } else { "stored" };
        self.conn
            .execute(
                "UPDATE mail_messages SET state = ?5, files = ?2, refused = ?3, stored_at = ?4, kind = ?6 WHERE id = ?1",
                params![id, files as i64, refused, now.to_string(), state, kind],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Records that messages `ids` left the folder.
    pub fn messages_moved(&self, ids: &[i64], now: jiff::Timestamp) -> Result<(), StoreError> {
        for id in ids {
            self.conn
                .execute(
                    "UPDATE mail_messages SET state = 'moved', moved_at = ?2 WHERE id = ?1",
                    params![id, now.to_string()],
                )
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Messages of a folder (under `uid_validity`) in `state`, by UID.
    pub fn messages_in(
        &self,
        account: &str,
        folder: &str,
        uid_validity: u32,
        state: &str,
    ) -> Result<Vec<MailRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM mail_messages WHERE account = ?1 AND folder = ?2 AND uid_validity = ?3 \
             AND state = ?4 ORDER BY uid"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params![account, folder, uid_validity, state], row);
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// The chapter the sender of message `id` belongs to, if any.
    pub fn message_chapter(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT chapter FROM mail_messages WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// The highest UID recorded for a folder under `uid_validity` (0: none): the next poll
    /// asks only for UIDs above it.
    pub fn message_high_water(&self, account: &str, folder: &str, uid_validity: u32) -> Result<u32, StoreError> {
        self.conn
            .query_row(
                "SELECT coalesce(max(uid), 0) FROM mail_messages WHERE account = ?1 AND folder = ?2 AND uid_validity = ?3",
                params![account, folder, uid_validity],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }
}
