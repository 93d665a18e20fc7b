//! The units table: every unit that reports or reported, with its dates, kept in the
//! database so that the list can change (the 2025 reform) without losing its history.

use super::{Store, StoreError};
use crate::registry::{Chapter, Level};
use rusqlite::{Row, params};

const COLUMNS: &str = "code, name, level, parent, from_day, until_day, email, aliases, senders, successors";

fn row(r: &Row) -> rusqlite::Result<Chapter> {
    let bad = |i, e: String| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into());
    let list = |i: usize| -> rusqlite::Result<Vec<String>> {
        let text: String = r.get(i)?;
        serde_json::from_str(&text).map_err(|e| bad(i, e.to_string()))
    };
    let day = |i: usize| -> rusqlite::Result<Option<jiff::civil::Date>> {
        let text: Option<String> = r.get(i)?;
        text.map(|t| t.parse().map_err(|e: jiff::Error| bad(i, e.to_string())))
            .transpose()
    };
    let level: String = r.get(2)?;
    Ok(Chapter {
        code: r.get(0)?,
        name: r.get(1)?,
        level: Level::parse(&level).ok_or_else(|| bad(2, format!("unknown level {level}")))?,
        parent: r.get(3)?,
        from: day(4)?,
        until: day(5)?,
        email: r.get(6)?,
        aliases: list(7)?,
        senders: list(8)?,
        successors: list(9)?,
    })
}

impl Store {
    /// Every unit in the staff's order (empty before the first seed).
    pub fn units(&self) -> Result<Vec<Chapter>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM units ORDER BY position");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], row);
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// Which import the list is at: the audit row of the latest `units import --apply` (none
    /// before the first). A running daemon compares it with the one it read at its start.
    pub fn units_stamp(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row("SELECT max(id) FROM audit WHERE action = 'units'", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Writes `units` when the table is still empty, in one transaction (two processes
    /// starting together seed once); true when it wrote them.
    pub fn seed_units(&mut self, units: &[Chapter]) -> Result<bool, StoreError> {
        self.write_units(units, None)
    }

    /// Replaces the whole list by `units` and notes it in the audit log, in one transaction.
    pub fn replace_units(
        &mut self,
        units: &[Chapter],
        by: &str,
        note: &str,
        now: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        self.write_units(units, Some((by, note, now))).map(drop)
    }

    fn write_units(
        &mut self,
        units: &[Chapter],
        audit: Option<(&str, &str, jiff::Timestamp)>,
    ) -> Result<bool, StoreError> {
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<bool> {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let present: i64 = tx.query_row("SELECT count(*) FROM units", [], |r| r.get(0))?;
            if audit.is_none() && present > 0 {
                return Ok(false);
            }
            tx.execute("DELETE FROM units", [])?;
            {
                let sql = format!(
                    "INSERT INTO units (position, {COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                );
                let mut insert = tx.prepare(&sql)?;
                let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
                for (i, u) in units.iter().enumerate() {
                    insert.execute(params![
                        i as i64,
                        u.code,
                        u.name,
                        u.level.word(),
                        u.parent,
                        u.from.map(|d| d.to_string()),
                        u.until.map(|d| d.to_string()),
                        u.email,
                        json(&u.aliases),
                        json(&u.senders),
                        json(&u.successors),
                    ])?;
                }
            }
            if let Some((by, note, now)) = audit {
                tx.execute(
                    "INSERT INTO audit (at, actor, action, note) VALUES (?1, ?2, 'units', ?3)",
                    params![now.to_string(), by, note],
                )?;
            }
            tx.commit()?;
            Ok(true)
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn units_come_back_as_written_and_seed_only_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
        let seed = Settings::load(None).unwrap().registry.chapters().to_vec();
        assert!(store.seed_units(&seed).unwrap());
        assert_eq!(store.units().unwrap(), seed);
        assert!(!store.seed_units(&seed[..2]).unwrap(), "a second seed writes nothing");
        assert_eq!(store.units().unwrap().len(), 10);
        store
            .replace_units(&seed[..2], "admin", "2 units", jiff::Timestamp::UNIX_EPOCH)
            .unwrap();
        assert_eq!(store.units().unwrap(), seed[..2]);
    }
}
