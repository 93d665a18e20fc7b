//! Gathering: the stored records of a period turned into a typed [`Compilation`] — every
//! registered chapter with the submission that counts, the province's totals and the same
//! period a year earlier. Both writers work only from this; nothing here formats for a reader.

use super::compare::{self, Compared, Overlap};
use super::follow;
use super::groups;
use super::read;
use crate::config::Settings;
use crate::form::FieldKind;
use crate::model::{Period, PeriodKind, Status};
use crate::store::{Store, StoreError};
use jiff::civil::Date;
use serde::Serialize;

/// Everything a compiled report says, for one period.
#[derive(Debug, Clone, Serialize)]
pub struct Compilation {
    pub period: Period,
    /// The deadline of the period, when it has one.
    pub deadline: Option<Date>,
    /// The integer fields of the form, in form order, with the province's totals.
    pub indicators: Vec<Indicator>,
    /// The narrative sections of the form (key, heading), in form order.
    pub sections: Vec<(String, String)>,
    /// Every chapter asked to report (all registered ones, or an ad-hoc request's), in
    /// registry order.
    pub chapters: Vec<ChapterEntry>,
    /// The subject of an ad-hoc request.
    pub request_title: Option<String>,
    /// The same period one year earlier, when it is a regular one.
    pub previous_period: Option<Period>,
    /// Who reported in this period and a year earlier; `None` without a year earlier.
    pub overlap: Option<Overlap>,
    /// The province's totals of the same kind of period over the last years, oldest first,
    /// this one last; periods nobody reported are left out. Empty for an ad-hoc request.
    pub trend: Vec<TrendPoint>,
    /// The follow-up of recommendations, one entry per pair of the form's `[[follow_up]]`.
    pub follow_up: Vec<follow::FollowUpRates>,
    /// The rate in per cent below which a unit is named as falling behind.
    pub follow_up_below: i64,
    /// The units under their parents (empty when no unit has one: the list is flat).
    pub groups: Vec<groups::Group>,
    /// The unit whose report this is (code, name); none for the province's.
    pub scope: Option<(String, String)>,
    /// A term review's years with each unit's figures (empty for a period).
    pub term_years: Vec<super::term_sheet::TermYear>,
}

/// The province's totals of one period.
#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub period: Period,
    /// Chapters whose report counts.
    pub chapters: usize,
    /// Totals in the order of [`Compilation::indicators`]; `None` where nobody gave the figure.
    pub totals: Vec<Option<i64>>,
    /// The follow-up rates in the order of [`Compilation::follow_up`].
    pub rates: Vec<Option<follow::Rate>>,
}

/// How many years the trend goes back, this one included.
const TREND_YEARS: i16 = 5;

/// One integer field of the form and its totals.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub key: String,
    /// The label as printed on the form.
    pub label: String,
    /// Sum over the submissions that count.
    pub total: i64,
    /// The same sum a year earlier, where a chapter reported this field then.
    pub previous: Option<i64>,
    /// The figure over the chapters that reported it in both periods.
    pub compared: Option<Compared>,
    /// A main indicator of the form (drawn in the trend).
    pub main: bool,
}

/// A registered chapter and what it sent.
#[derive(Debug, Clone, Serialize)]
pub struct ChapterEntry {
    pub code: String,
    pub name: String,
    /// The submission that counts; `None` while the chapter has not reported.
    pub report: Option<Received>,
}

/// The submission that counts for a chapter.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub id: i64,
    /// Accepted or needs review (never superseded or rejected).
    pub status: Status,
    pub received_at: jiff::Timestamp,
    /// Received on or before the deadline (local date); `None` without a deadline.
    pub on_time: Option<bool>,
    pub file_name: String,
    /// Values in the order of [`Compilation::indicators`]; `None` where the field is absent.
    pub values: Vec<Option<i64>>,
    /// Texts in the order of [`Compilation::sections`].
    pub texts: Vec<Option<String>>,
}

impl Compilation {
    /// The chapters whose submission counts.
    pub fn received(&self) -> impl Iterator<Item = (&ChapterEntry, &Received)> {
        self.chapters.iter().filter_map(|c| c.report.as_ref().map(|r| (c, r)))
    }

    /// The chapters that have not reported.
    pub fn missing(&self) -> impl Iterator<Item = &ChapterEntry> {
        self.chapters.iter().filter(|c| c.report.is_none())
    }

    /// Indexes of the main indicators (the form's `main = true`), for the trend.
    pub fn main_indicators(&self) -> Vec<usize> {
        (0..self.indicators.len())
            .filter(|&i| self.indicators[i].main)
            .collect()
    }

    /// The index of an indicator in [`Compilation::indicators`].
    pub fn indicator(&self, key: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.key == key)
    }
}

/// Reads the period's records and builds the province's compilation.
pub fn gather(settings: &Settings, store: &Store, period: Period) -> Result<Compilation, StoreError> {
    gather_within(settings, store, period, None)
}

/// The compilation of the units within `scope` (a unit's code: itself and every unit under
/// it), or of every unit; the earlier periods are read within the same scope, so that a
/// former district's report of 2024 stands beside its communes' of 2026.
pub fn gather_within(
    settings: &Settings,
    store: &Store,
    period: Period,
    scope: Option<&str>,
) -> Result<Compilation, StoreError> {
    let registry = &settings.registry;
    let inside = |mut entries: Vec<ChapterEntry>| {
        if let Some(scope) = scope {
            entries.retain(|e| groups::within(registry, &e.code, scope));
        }
        entries
    };
    let form = &settings.forms[0];
    let keys = |kind: FieldKind| {
        form.fields
            .iter()
            .filter(move |f| f.kind == kind)
            .map(|f| (f.key.clone(), f.label.clone()))
    };
    let integer: Vec<(String, String)> = keys(FieldKind::Integer).collect();
    let sections: Vec<(String, String)> = keys(FieldKind::Section).collect();
    let read_period = |period: &Period, asked, sections: &[(String, String)], deadline| {
        read::read_period(settings, store, period, asked, (&integer, sections), deadline).map(inside)
    };
    let pairs = follow::pairs(form, &integer);
    let deadline = store.deadline(&period)?;
    let request = store.request(&period)?;
    let asked = request.as_ref().map(|r| r.chapters.as_slice());
    let mut chapters = read_period(&period, asked, &sections, deadline)?;
    groups::order(registry, &mut chapters);
    let previous_period = match period.kind {
        PeriodKind::Request(_) => None,
        _ => Some(Period {
            year: period.year - 1,
            ..period
        }),
    };
    let previous = match previous_period {
        Some(p) => read_period(&p, None, &[], None)?,
        None => vec![],
    };
    let mut trend = Vec::new();
    if !matches!(period.kind, PeriodKind::Request(_)) {
        for year in period.year - (TREND_YEARS - 1)..period.year {
            let p = Period { year, ..period };
            let entries = match Some(p) == previous_period {
                true => previous.clone(),
                false => read_period(&p, None, &[], None)?,
            };
            trend.extend(point(p, &entries, integer.len(), &pairs));
        }
        trend.extend(point(period, &chapters, integer.len(), &pairs));
    }
    let then = compare::Then::new(&previous);
    let (comparable, successors) = compare::through_successors(registry, &chapters, &then);
    let indicators: Vec<Indicator> = integer
        .into_iter()
        .enumerate()
        .map(|(i, (key, label))| Indicator {
            main: form.field(&key).is_some_and(|f| f.main),
            key,
            label,
            total: chapters.iter().filter_map(|c| c.report.as_ref()?.values[i]).sum(),
            previous: sum_present(&previous, i),
            compared: compare::compared(&comparable, &then, i),
        })
        .collect();
    let reported = chapters.iter().filter(|c| c.report.is_some()).count();
    let overlap = previous_period.map(|_| compare::overlap(&comparable, &then, reported, successors));
    let follow_up_below = settings.report.config.follow_up_below_percent;
    let follow_up = follow::rates(&pairs, &chapters, &trend, follow_up_below);
    chapters.shrink_to_fit();
    let groups = groups::groups(registry, &chapters, indicators.len());
    Ok(Compilation {
        period,
        deadline,
        indicators,
        sections,
        chapters,
        previous_period,
        overlap,
        trend,
        follow_up,
        follow_up_below,
        groups,
        term_years: vec![],
        scope: scope.map(|code| {
            (
                code.to_string(),
                registry.get(code).map_or(code.to_string(), |u| u.name.clone()),
            )
        }),
        request_title: request.map(|r| r.title),
    })
}

/// The totals of `period` from its entries; `None` when nobody reported.
pub(super) fn point(
    period: Period,
    entries: &[ChapterEntry],
    indicators: usize,
    pairs: &[(String, usize, usize)],
) -> Option<TrendPoint> {
    let chapters = entries.iter().filter(|c| c.report.is_some()).count();
    (chapters > 0).then(|| TrendPoint {
        period,
        chapters,
        totals: (0..indicators).map(|i| sum_present(entries, i)).collect(),
        rates: pairs.iter().map(|(_, m, d)| follow::over(entries, *m, *d)).collect(),
    })
}

/// Some(sum) when at least one chapter has the value.
pub(super) fn sum_present(chapters: &[ChapterEntry], i: usize) -> Option<i64> {
    let mut present = chapters.iter().filter_map(|c| c.report.as_ref()?.values[i]).peekable();
    present.peek()?;
    Some(present.sum())
}
