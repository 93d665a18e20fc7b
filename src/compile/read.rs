//! Reading one period from the store: every unit that owes it (or those asked) with the
//! submission that counts and its values, typed, for the compilation.

use super::gather::{ChapterEntry, Received};
use crate::config::Settings;
use crate::model::Period;
use crate::store::{Store, StoreError, SubmissionRow};
use jiff::civil::Date;
use std::collections::HashMap;

/// A field of the form as the compilation lists it: (key, label).
pub(super) type Key = (String, String);

/// Every registered chapter (or only those `asked`) with its submission of `period`, from two
/// queries.
pub(super) fn read_period(
    settings: &Settings,
    store: &Store,
    period: &Period,
    asked: Option<&[String]>,
    (integer, sections): (&[Key], &[Key]),
    deadline: Option<Date>,
) -> Result<Vec<ChapterEntry>, StoreError> {
    let mut by_chapter: HashMap<String, SubmissionRow> = store
        .current_all(period)?
        .into_iter()
        .filter_map(|s| Some((s.chapter.clone()?, s)))
        .collect();
    let mut values: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (id, key, value) in store.current_values(period)? {
        values.entry(id).or_default().push((key, value));
    }
    let chapters = crate::owed::expected(&settings.registry, period, deadline, asked);
    let entries = chapters.into_iter().map(|chapter| {
        let report = by_chapter.remove(&chapter.code).map(|s| {
            let stored = values.remove(&s.id).unwrap_or_default();
            received(settings, s, &stored, integer, sections, deadline)
        });
        ChapterEntry {
            code: chapter.code.clone(),
            name: chapter.name.clone(),
            report,
        }
    });
    Ok(entries.collect())
}

fn received(
    settings: &Settings,
    s: SubmissionRow,
    stored: &[(String, String)],
    integer: &[(String, String)],
    sections: &[(String, String)],
    deadline: Option<Date>,
) -> Received {
    let find = |key: &str| stored.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let local = s.received_at.to_zoned_datetime(settings.timezone.clone()).date();
    Received {
        id: s.id,
        status: s.status,
        received_at: s.received_at,
        on_time: deadline.map(|d| local <= d),
        file_name: s.file_name,
        values: integer
            .iter()
            .map(|(k, _)| find(k).and_then(|v| serde_json::from_str::<i64>(v).ok()))
            .collect(),
        texts: sections
            .iter()
            .map(|(k, _)| {
                find(k)
                    .and_then(|v| serde_json::from_str::<String>(v).ok())
                    .filter(|t| !t.trim().is_empty())
            })
            .collect(),
    }
}
