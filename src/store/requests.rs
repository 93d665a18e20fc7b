//! Ad-hoc requests: periods `YYYY-Rn` the province opens with their own title, deadline and
//! chapters. Numbering is per year and happens inside the insert's transaction, so two
//! `request add` at once never get the same number.

use super::{Store, StoreError};
use crate::model::{Period, PeriodKind};
use jiff::civil::Date;
use rusqlite::{OptionalExtension, Row, params};

/// An ad-hoc request as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Request {
    /// Its period code, `2021-R1`.
    pub period: Period,
    /// The subject, as the province wrote it.
    pub title: String,
    /// Deadline (a local day).
    pub due: Date,
    /// Chapter codes asked to report.
    pub chapters: Vec<String>,
}

fn row(r: &Row) -> rusqlite::Result<Request> {
    let bad = |i, e: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e)
    };
    let period: String = r.get(0)?;
    let due: String = r.get(2)?;
    let chapters: String = r.get(3)?;
    Ok(Request {
        period: Period::parse_code(&period).ok_or_else(|| bad(0, format!("bad period {period}").into()))?,
        title: r.get(1)?,
        due: due.parse().map_err(|e| bad(2, Box::new(e)))?,
        chapters: serde_json::from_str(&chapters).map_err(|e| bad(3, Box::new(e)))?,
    })
}

impl Store {
    /// Opens a new request in the year of its deadline and returns it with its number.
    pub fn add_request(
        &mut self,
        title: &str,
        due: Date,
        chapters: &[String],
        now: jiff::Timestamp,
    ) -> Result<Request, StoreError> {
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<Request> {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let taken: Vec<String> = {
                let mut stmt = tx.prepare("SELECT period FROM requests WHERE period LIKE ?1")?;
                let rows = stmt.query_map([format!("{}-R%", due.year())], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let number = taken
                .iter()
                .filter_map(|p| match Period::parse_code(p)?.kind {
                    PeriodKind::Request(n) => Some(n),
                    _ => None,
                })
                .max()
                .unwrap_or(0)
                + 1;
            let request = Request {
                period: Period {
                    year: due.year(),
                    kind: PeriodKind::Request(number),
                },
                title: title.to_string(),
                due,
                chapters: chapters.to_vec(),
            };
            tx.execute(
                "INSERT INTO requests (period, title, due, chapters, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    request.period.to_string(),
                    request.title,
                    due.to_string(),
                    serde_json::to_string(&request.chapters).unwrap_or_else(|_| "[]".into()),
                    now.to_string()
                ],
            )?;
            tx.commit()?;
            Ok(request)
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// Every request, oldest deadline first.
    pub fn requests(&self) -> Result<Vec<Request>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT period, title, due, chapters FROM requests ORDER BY due, period")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], row);
        rows.and_then(|r| r.collect()).map_err(|e| self.err(e))
    }

    /// One request by its period.
    pub fn request(&self, period: &Period) -> Result<Option<Request>, StoreError> {
        self.conn
            .query_row(
                "SELECT period, title, due, chapters FROM requests WHERE period = ?1",
                [period.to_string()],
                row,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The deadline of any period: 15/6 and 15/12 for the regular ones, the request's own
    /// for an ad-hoc one (None if no such request was opened).
    pub fn deadline(&self, period: &Period) -> Result<Option<Date>, StoreError> {
        match period.kind {
            PeriodKind::Request(_) => Ok(self.request(period)?.map(|r| r.due)),
            _ => Ok(period.deadline()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn requests_are_numbered_per_year_of_their_deadline() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
        let now = jiff::Timestamp::UNIX_EPOCH;
        let chapters = vec!["VNI".to_string(), "DKH".to_string()];
        let a = store
            .add_request("Giám sát A", date(2021, 9, 30), &chapters, now)
            .unwrap();
        let b = store
            .add_request("Giám sát B", date(2021, 11, 5), &chapters, now)
            .unwrap();
        let c = store
            .add_request("Giám sát C", date(2022, 1, 10), &chapters, now)
            .unwrap();
        let codes: Vec<String> = [&a, &b, &c].iter().map(|r| r.period.to_string()).collect();
        assert_eq!(codes, ["2021-R1", "2021-R2", "2022-R1"]);
        assert_eq!(store.request(&b.period).unwrap(), Some(b.clone()));
        assert_eq!(store.deadline(&b.period).unwrap(), Some(date(2021, 11, 5)));
        assert_eq!(
            store.deadline(&Period::half_year(2021)).unwrap(),
            Some(date(2021, 6, 15))
        );
        assert_eq!(store.deadline(&Period::parse_code("2021-R9").unwrap()).unwrap(), None);
        assert_eq!(store.requests().unwrap(), vec![a, b, c]);
    }
}
