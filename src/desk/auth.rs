//! The desk's accounts for axum-login (the store's users, the password checked with argon2id)
//! and the throttle that slows down guessing: five failed logins in a row lock that login for
//! a minute.

use super::Db;
use crate::accounts::{Role, verify_password};
use crate::store::StoreError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A logged-in person.
#[derive(Clone)]
pub struct Account {
    pub login: String,
    pub name: String,
    pub role: Role,
    /// The password hash: changing the password ends the account's other sessions.
    hash: String,
}

impl std::fmt::Debug for Account {
    // The hash stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("login", &self.login)
            .field("role", &self.role)
            .finish()
    }
}

impl Account {
    /// Whether the account may change things.
    pub fn is_staff(&self) -> bool {
        self.role == Role::Staff
    }
}

impl axum_login::AuthUser for Account {
    type Id = String;

    fn id(&self) -> String {
        self.login.clone()
    }

    fn session_auth_hash(&self) -> &[u8] {
        self.hash.as_bytes()
    }
}

/// What the login form sends.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Credentials {
    pub login: String,
    pub password: String,
}

/// The accounts backend.
#[derive(Debug, Clone)]
pub struct Accounts {
    db: Db,
}

impl Accounts {
    /// Accounts kept in the store behind `db`.
    pub fn new(db: Db) -> Accounts {
        Accounts { db }
    }

    async fn account(&self, login: &str) -> Result<Option<Account>, StoreError> {
        let login = login.to_string();
        let user = self.db.run(move |s| s.user(&login)).await?;
        Ok(user.map(|u| Account {
            login: u.login,
            name: u.name,
            role: u.role,
            hash: u.password_hash,
        }))
    }
}

impl axum_login::AuthnBackend for Accounts {
    type User = Account;
    type Credentials = Credentials;
    type Error = StoreError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<Account>, StoreError> {
        let login = creds.login.trim().to_lowercase();
        let account = self.account(&login).await?;
        // An unknown login is checked against a made-up hash, so that the answer takes as
        // long as for a real one and does not tell which logins exist. argon2 takes tens of
        // milliseconds on purpose: off the async threads.
        let hash = account
            .as_ref()
            .map_or_else(|| dummy_hash().to_string(), |a| a.hash.clone());
        let ok = tokio::task::spawn_blocking(move || verify_password(&creds.password, &hash))
            .await
            .unwrap_or(false);
        Ok(account.filter(|_| ok))
    }

    async fn get_user(&self, login: &String) -> Result<Option<Account>, StoreError> {
        self.account(login).await
    }
}

fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| crate::accounts::hash_password("không phải mật khẩu của ai").unwrap_or_default())
}

/// Failed logins per login name, shared by all requests.
#[derive(Debug, Clone, Default)]
pub struct Throttle(Arc<Mutex<HashMap<String, Failures>>>);

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    locked_until: Option<Instant>,
}

/// Failed attempts in a row before a login is locked.
pub const MAX_FAILURES: u32 = 5;
/// How long a login stays locked.
pub const LOCK: Duration = Duration::from_secs(60);

impl Throttle {
    /// How long `login` is still locked at `now`, if it is.
    pub fn locked(&self, login: &str, now: Instant) -> Option<Duration> {
        let map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let until = map.get(&key(login))?.locked_until?;
        (until > now).then(|| until - now)
    }

    /// Counts a failed attempt; the fifth in a row locks the login for [`LOCK`].
    pub fn failed(&self, login: &str, now: Instant) {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        // Guessing across many made-up logins must not grow the map without bound.
        if map.len() > 10_000 {
            map.retain(|_, f| f.locked_until.is_some_and(|u| u > now));
        }
        let entry = map.entry(key(login)).or_insert(Failures {
            count: 0,
            locked_until: None,
        });
        entry.count += 1;
        if entry.count >= MAX_FAILURES {
            entry.count = 0;
            entry.locked_until = Some(now + LOCK);
        }
    }

    /// Forgets the failures of `login` after it logged in.
    pub fn succeeded(&self, login: &str) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&key(login));
    }
}

fn key(login: &str) -> String {
    login.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_a_login_for_a_minute_and_a_success_forgets_them() {
        let t = Throttle::default();
        let start = Instant::now();
        for _ in 0..4 {
            t.failed("Lan", start);
        }
        assert_eq!(t.locked("lan", start), None, "four failures do not lock");
        t.failed("lan ", start);
        assert_eq!(t.locked("lan", start), Some(LOCK));
        assert_eq!(t.locked("hoa", start), None, "other logins are not affected");
        assert_eq!(t.locked("lan", start + LOCK), None, "unlocked after a minute");
        t.failed("hoa", start);
        t.succeeded("hoa");
        for _ in 0..4 {
            t.failed("hoa", start);
        }
        assert_eq!(
            t.locked("hoa", start),
            None,
            "the count started again after the success"
        );
    }
}
