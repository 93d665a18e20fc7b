//! tower-sessions' `SessionStore` over the `web_sessions` table: the desk's logins survive a
//! restart, and an expired session is gone for good.

use super::Db;
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The session store of the desk.
#[derive(Debug, Clone)]
pub struct SqliteSessions {
    db: Db,
}

impl SqliteSessions {
    /// Sessions kept in the store behind `db`.
    pub fn new(db: Db) -> SqliteSessions {
        SqliteSessions { db }
    }

    /// Forgets sessions expired now; run from time to time.
    pub async fn delete_expired(&self) -> session_store::Result<usize> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        self.db
            .run(move |s| s.delete_expired_sessions(now))
            .await
            .map_err(backend)
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn encode(record: &Record) -> session_store::Result<(String, String, i64)> {
    let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    Ok((record.id.to_string(), data, record.expiry_date.unix_timestamp()))
}

#[async_trait]
impl SessionStore for SqliteSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A random 128-bit id colliding is all but impossible; draw again if it ever does.
        loop {
            let (id, data, expires) = encode(record)?;
            if self
                .db
                .run(move |s| s.create_session(&id, &data, expires))
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (id, data, expires) = encode(record)?;
        self.db
            .run(move |s| s.save_session(&id, &data, expires))
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let (key, now) = (id.to_string(), time::OffsetDateTime::now_utc().unix_timestamp());
        let Some((data, expires)) = self.db.run(move |s| s.load_session(&key, now)).await.map_err(backend)? else {
            return Ok(None);
        };
        let data = serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(expires)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let key = id.to_string();
        self.db.run(move |s| s.delete_session(&key)).await.map_err(backend)
    }
}
