//! The reports the grid has no cell for, listed above it: those read for no known unit, and
//! those of a unit that does not owe the period they name (a district after the 2025 reform,
//! a unit outside an ad-hoc request's list). They count for no one, yet a person must look.

use crate::config::Settings;
use crate::model::Period;
use crate::store::{Store, StoreError, SubmissionRow};
use serde::Serialize;

/// How many are listed; the heading gives the whole count.
const SHOWN: usize = 20;

/// One report without a cell.
#[derive(Debug, Serialize)]
pub struct Stray {
    id: i64,
    file: String,
    received: String,
    /// Why it has no cell, in words.
    why: String,
}

/// The strays, newest first (at most [`SHOWN`]), and how many there are: the unattributed
/// ones, then `outside` (the periods' reports of units not asked, from [`crate::owed::owed`]).
pub fn strays(
    settings: &Settings,
    store: &Store,
    outside: Vec<(Period, SubmissionRow)>,
) -> Result<(Vec<Stray>, usize), StoreError> {
    let mut all: Vec<(SubmissionRow, String)> = Vec::new();
    for s in store.unattributed()? {
        let why = match crate::units::reread::written(settings, store, &s)? {
            Some(name) => format!("báo cáo ghi đơn vị “{name}”, không có trong danh sách đơn vị"),
            None => "không xác định được đơn vị gửi báo cáo".to_string(),
        };
        all.push((s, why));
    }
    for (period, s) in outside {
        let code = s.chapter.clone().unwrap_or_default();
        let name = settings.registry.get(&code).map_or(code, |c| c.name.clone());
        let why = format!("{name} không phải gửi {}", period.report_words());
        all.push((s, why));
    }
    all.sort_by_key(|(s, _)| std::cmp::Reverse(s.id));
    all.dedup_by_key(|(s, _)| s.id);
    let total = all.len();
    let shown = all.into_iter().take(SHOWN).map(|(s, why)| Stray {
        id: s.id,
        received: crate::commands::status::local_time(settings, s.received_at),
        file: s.file_name,
        why,
    });
    Ok((shown.collect(), total))
}
