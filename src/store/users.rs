//! The desk's accounts: login, full name, role and the argon2id hash of the password (hashed
//! by [`crate::accounts`]; the store never sees a password).

use super::{Store, StoreError};
use crate::accounts::Role;
use rusqlite::{OptionalExtension, Row, params};

/// An account as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct User {
    pub login: String,
    /// Full name, as the audit log and the desk show it.
    pub name: String,
    pub role: Role,
    /// The argon2id PHC string.
    #[serde(skip)]
    pub password_hash: String,
    pub created_at: jiff::Timestamp,
}

fn row(r: &Row) -> rusqlite::Result<User> {
    let bad = |i, e: String| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into());
    let role: String = r.get(2)?;
    let created: String = r.get(4)?;
    Ok(User {
        login: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).ok_or_else(|| bad(2, format!("unknown role {role}")))?,
        password_hash: r.get(3)?,
        created_at: created.parse().map_err(|e: jiff::Error| bad(4, e.to_string()))?,
    })
}

const COLUMNS: &str = "login, name, role, password_hash, created_at";

impl Store {
    /// Adds an account; `false` when the login is taken (nothing changed).
    pub fn add_user(&mut self, user: &User, now: jiff::Timestamp) -> Result<bool, StoreError> {
        let changed = self
            .conn
            .execute(
                "INSERT INTO users (login, name, role, password_hash, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (login) DO NOTHING",
                params![
                    user.login,
                    user.name,
                    user.role.as_str(),
                    user.password_hash,
                    now.to_string()
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(changed == 1)
    }

    /// The account of `login`.
    pub fn user(&self, login: &str) -> Result<Option<User>, StoreError> {
        self.conn
            .query_row(&format!("SELECT {COLUMNS} FROM users WHERE login = ?1"), [login], row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Every account, by login.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let run = || -> rusqlite::Result<Vec<User>> {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT {COLUMNS} FROM users ORDER BY login"))?;
            stmt.query_map([], row)?.collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// Replaces the password hash of `login`; `false` when there is no such account.
    pub fn set_password(&mut self, login: &str, hash: &str, now: jiff::Timestamp) -> Result<bool, StoreError> {
        let changed = self
            .conn
            .execute(
                "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE login = ?1",
                params![login, hash, now.to_string()],
            )
            .map_err(|e| self.err(e))?;
        Ok(changed == 1)
    }

    /// Removes the account of `login`; `false` when there is none.
    pub fn remove_user(&mut self, login: &str) -> Result<bool, StoreError> {
        let changed = self
            .conn
            .execute("DELETE FROM users WHERE login = ?1", [login])
            .map_err(|e| self.err(e))?;
        Ok(changed == 1)
    }
}
