//! The follow-up of recommendations after supervision (programme §3): for each pair of the
//! form's `[[follow_up]]`, what was made against what was accepted or resolved, per unit and
//! for the province, this period and over the trend's periods, and the units falling behind.
//!
//! A rate is taken over the units that gave both figures: a unit that gave the
//! recommendations made but not those resolved would otherwise read as resolving none.

use super::gather::{ChapterEntry, TrendPoint};
use crate::form::{Form, percent};
use crate::model::Period;
use serde::Serialize;

/// What was made and what of it was done, with the rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub made: i64,
    pub done: i64,
    /// Whole per cent, none when nothing was made.
    pub percent: Option<i64>,
}

impl Rate {
    fn of(made: i64, done: i64) -> Rate {
        Rate {
            made,
            done,
            percent: percent(done, made),
        }
    }
}

/// One pair of the form with its rates.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpRates {
    /// What the rate measures (`Kiến nghị sau giám sát được tiếp thu, giải quyết`).
    pub label: String,
    /// Indexes of the two figures in the compilation's indicators.
    pub made: usize,
    pub done: usize,
    /// Over the units that gave both figures; none when no unit did.
    pub province: Option<Rate>,
    /// Each unit's, in the order of the compilation's units.
    pub units: Vec<Option<Rate>>,
    /// Indexes of the units whose rate is below the threshold, in unit order.
    pub lagging: Vec<usize>,
    /// The province's rate in each period of the trend, oldest first.
    pub trend: Vec<(Period, Option<Rate>)>,
}

/// The pairs of `form` as indexes into its integer fields `integer` (key, label), the order of
/// the compilation's indicators (a pair naming another figure is left out: the form's check
/// makes that impossible for its own form).
pub fn pairs(form: &Form, integer: &[(String, String)]) -> Vec<(String, usize, usize)> {
    let at = |key: &str| integer.iter().position(|(k, _)| k == key);
    form.follow_up
        .iter()
        .filter_map(|f| Some((f.label.clone(), at(&f.made)?, at(&f.done)?)))
        .collect()
}

/// The rate of one pair over `units`.
pub fn over(units: &[ChapterEntry], made: usize, done: usize) -> Option<Rate> {
    let both: Vec<(i64, i64)> = units
        .iter()
        .filter_map(|c| {
            let values = &c.report.as_ref()?.values;
            Some((values[made]?, values[done]?))
        })
        .collect();
    (!both.is_empty()).then(|| Rate::of(both.iter().map(|b| b.0).sum(), both.iter().map(|b| b.1).sum()))
}

/// Every pair's rates; `below` is the threshold in per cent.
pub fn rates(
    pairs: &[(String, usize, usize)],
    units: &[ChapterEntry],
    trend: &[TrendPoint],
    below: i64,
) -> Vec<FollowUpRates> {
    pairs
        .iter()
        .enumerate()
        .map(|(p, (label, made, done))| {
            let each: Vec<Option<Rate>> = units
                .iter()
                .map(|u| over(std::slice::from_ref(u), *made, *done))
                .collect();
            let lagging = (0..units.len())
                .filter(|&i| each[i].and_then(|r| r.percent).is_some_and(|pc| pc < below))
                .collect();
            FollowUpRates {
                label: label.clone(),
                made: *made,
                done: *done,
                province: over(units, *made, *done),
                units: each,
                lagging,
                trend: trend
                    .iter()
                    .map(|t| (t.period, t.rates.get(p).copied().flatten()))
                    .collect(),
            }
        })
        .collect()
}
