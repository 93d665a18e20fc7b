//! The term review (programme §III: sơ kết, tổng kết): a compilation of several years from
//! their annual reports, in the shape of a period's so that both writers serve it.
//!
//! Each figure follows its form's `aggregate`: a count (`sum`) is the sum of the years; a stock
//! (`last`) is its value in the term's latest year that gave it — the province's is that year's
//! total, never a sum of years, and a unit that no longer existed then has none.

use super::gather::{ChapterEntry, Compilation, Indicator, Received, point};
use super::term_sheet::TermYear;
use super::{follow, groups, read};
use crate::config::Settings;
use crate::form::{Aggregate, FieldKind};
use crate::model::{Period, Status};
use crate::store::{Store, StoreError};
use std::collections::HashMap;

/// The compilation of the years `from` to `to` (within `scope`, a unit's code, if given).
pub fn gather(
    settings: &Settings,
    store: &Store,
    from: i16,
    to: i16,
    scope: Option<&str>,
) -> Result<Compilation, StoreError> {
    let registry = &settings.registry;
    let form = &settings.forms[0];
    let keys = |kind: FieldKind| -> Vec<(String, String)> {
        let fields = form.fields.iter().filter(|f| f.kind == kind);
        fields.map(|f| (f.key.clone(), f.label.clone())).collect()
    };
    let (integer, sections) = (keys(FieldKind::Integer), keys(FieldKind::Section));
    let rules: Vec<Aggregate> = integer
        .iter()
        .map(|(k, _)| form.field(k).map_or(Aggregate::Sum, |f| f.aggregate))
        .collect();
    let pairs = follow::pairs(form, &integer);
    let mut years = Vec::new();
    for year in from..=to {
        let period = Period::annual(year);
        let mut entries = read::read_period(settings, store, &period, None, (&integer, &sections), period.deadline())?;
        if let Some(scope) = scope {
            entries.retain(|e| groups::within(registry, &e.code, scope));
        }
        years.push((period, entries));
    }
    // The latest year that gave each figure: a stock is read there.
    let latest: Vec<Option<usize>> = (0..integer.len())
        .map(|i| {
            years.iter().rposition(|(_, e)| {
                e.iter()
                    .any(|c| c.report.as_ref().is_some_and(|r| r.values[i].is_some()))
            })
        })
        .collect();
    let by_code: Vec<HashMap<&str, &ChapterEntry>> = years
        .iter()
        .map(|(_, e)| e.iter().map(|c| (c.code.as_str(), c)).collect())
        .collect();
    let mut units: Vec<ChapterEntry> = registry
        .chapters()
        .iter()
        .filter_map(|u| unit(&u.code, &u.name, &by_code, &rules, &latest))
        .collect();
    groups::order(registry, &mut units);
    let term_years = years
        .iter()
        .zip(&by_code)
        .map(|((period, _), codes)| TermYear {
            period: *period,
            values: units
                .iter()
                .map(|u| Some(codes.get(u.code.as_str())?.report.as_ref()?.values.clone()))
                .collect(),
        })
        .collect();
    let trend: Vec<_> = years
        .iter()
        .filter_map(|(p, e)| point(*p, e, integer.len(), &pairs))
        .collect();
    let indicators: Vec<Indicator> = integer
        .into_iter()
        .enumerate()
        .map(|(i, (key, label))| Indicator {
            main: form.field(&key).is_some_and(|f| f.main),
            total: units.iter().filter_map(|c| c.report.as_ref()?.values[i]).sum(),
            key,
            label,
            previous: None,
            compared: None,
        })
        .collect();
    let below = settings.report.config.follow_up_below_percent;
    Ok(Compilation {
        period: Period::term(from, to),
        deadline: None,
        follow_up: follow::rates(&pairs, &units, &trend, below),
        follow_up_below: below,
        groups: groups::groups(registry, &units, indicators.len()),
        scope: scope.map(|c| (c.to_string(), registry.get(c).map_or(c.to_string(), |u| u.name.clone()))),
        indicators,
        sections,
        chapters: units,
        request_title: None,
        term_years,
        previous_period: None,
        overlap: None,
        trend,
    })
}

/// One unit over the term: none when it owed no annual report in it. Its report is the
/// newest one's (file, time, texts), needing review when any year's does.
fn unit(
    code: &str,
    name: &str,
    years: &[HashMap<&str, &ChapterEntry>],
    rules: &[Aggregate],
    latest: &[Option<usize>],
) -> Option<ChapterEntry> {
    let owed: Vec<Option<&ChapterEntry>> = years.iter().map(|y| y.get(code).copied()).collect();
    if owed.iter().all(Option::is_none) {
        return None;
    }
    let mine: Vec<Option<&Received>> = owed.iter().map(|c| c.and_then(|c| c.report.as_ref())).collect();
    let newest = mine.iter().rev().find_map(|r| *r);
    let report = newest.map(|n| {
        let values = (0..rules.len())
            .map(|i| match rules[i] {
                Aggregate::Sum => {
                    let given: Vec<i64> = mine.iter().filter_map(|r| (*r)?.values[i]).collect();
                    (!given.is_empty()).then(|| given.iter().sum())
                }
                Aggregate::Last => latest[i].and_then(|y| mine[y]?.values[i]),
            })
            .collect();
        let review = mine.iter().flatten().any(|r| r.status == Status::NeedsReview);
        Received {
            status: if review { Status::NeedsReview } else { n.status },
            on_time: None,
            values,
            ..n.clone()
        }
    });
    Some(ChapterEntry {
        code: code.to_string(),
        name: name.to_string(),
        report,
    })
}
