//! The desk's login sessions, one row per session id: its data (JSON) and when it expires.
//! Kept in the same database as everything else, so a restarted daemon keeps people logged
//! in and the IT person has one file to back up.

use super::{Store, StoreError};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Stores a new session; `false` when the id is taken (the caller draws another).
    pub fn create_session(&self, id: &str, data: &str, expires: i64) -> Result<bool, StoreError> {
        let changed = self
            .conn
            .execute(
                "INSERT INTO web_sessions (id, data, expiry_date) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING",
                params![id, data, expires],
            )
            .map_err(|e| self.err(e))?;
        Ok(changed == 1)
    }

    /// Stores a session, replacing what was kept under its id.
    pub fn save_session(&self, id: &str, data: &str, expires: i64) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO web_sessions (id, data, expiry_date) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (id) DO UPDATE SET data = excluded.data, expiry_date = excluded.expiry_date",
                params![id, data, expires],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The data and expiry (Unix seconds) of a session that has not expired at `now`.
    pub fn load_session(&self, id: &str, now: i64) -> Result<Option<(String, i64)>, StoreError> {
        self.conn
            .query_row(
                "SELECT data, expiry_date FROM web_sessions WHERE id = ?1 AND expiry_date > ?2",
                params![id, now],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Forgets a session (logout, id rotation).
    pub fn delete_session(&self, id: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM web_sessions WHERE id = ?1", [id])
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Forgets the sessions expired at `now`; how many.
    pub fn delete_expired_sessions(&self, now: i64) -> Result<usize, StoreError> {
        self.conn
            .execute("DELETE FROM web_sessions WHERE expiry_date <= ?1", [now])
            .map_err(|e| self.err(e))
    }
}
