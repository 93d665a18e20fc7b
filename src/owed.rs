//! Which chapters owe a report for a period, and what each has sent: the one answer `status`,
//! the desk's grid and its pages share. [`expected`] is the list of units asked, which
//! reminders and compile use as well (they ask the store the same questions through
//! [`Store::current_all`]).

use crate::config::Settings;
use crate::model::{Period, Status};
use crate::registry::{Chapter, Registry};
use crate::store::{Store, StoreError, SubmissionRow};
use jiff::civil::Date;

/// How long before a deadline a refused file is taken to be an attempt at that period's
/// report (a refused file has no period: it could not be read).
pub const SEASON_DAYS: i64 = 183;

/// Where one chapter stands for a period.
#[derive(Debug, Clone)]
pub struct Standing {
    pub code: String,
    pub name: String,
    /// The submission that counts (accepted or needing review).
    pub current: Option<SubmissionRow>,
    /// Whether `current` arrived by the deadline (local day).
    pub on_time: Option<bool>,
    /// The newest refused file of the chapter in the period's season, when nothing readable
    /// came after it.
    pub refused: Option<SubmissionRow>,
}

impl Standing {
    /// What the staff read in the grid.
    pub fn state(&self) -> State {
        match (&self.current, self.on_time) {
            (Some(s), _) if s.status == Status::NeedsReview => State::Review,
            (Some(_), Some(false)) => State::Late,
            (Some(_), _) => State::OnTime,
            (None, _) if self.refused.is_some() => State::Unreadable,
            (None, _) => State::Missing,
        }
    }
}

/// The five states of a chapter's report on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    OnTime,
    Late,
    Review,
    Unreadable,
    Missing,
}

impl State {
    /// Every state, in the grid's legend order.
    pub const ALL: [State; 5] = [
        State::OnTime,
        State::Late,
        State::Review,
        State::Unreadable,
        State::Missing,
    ];

    /// The words the staff read.
    pub fn words(self) -> &'static str {
        match self {
            State::OnTime => "đã nhận đúng hạn",
            State::Late => "nộp trễ",
            State::Review => "cần xem lại",
            State::Unreadable => "không đọc được",
            State::Missing => "chưa nộp",
        }
    }
}

/// Who owes a period's report and where each stands.
#[derive(Debug, Clone)]
pub struct Owed {
    /// The period's deadline, when known.
    pub deadline: Option<Date>,
    /// Every unit asked, in registry order.
    pub standing: Vec<Standing>,
    /// The reports of the period that count for a unit not asked (a district after the 2025
    /// reform, a unit outside an ad-hoc request's list), oldest first: no row shows them, yet
    /// a person must look at them.
    pub outside: Vec<SubmissionRow>,
}

/// A period's deadline and the standing of every chapter asked to report for it (all of
/// them, or an ad-hoc request's), in registry order, from four queries.
pub fn owed(settings: &Settings, store: &Store, period: &Period) -> Result<Owed, StoreError> {
    let deadline = store.deadline(period)?;
    let request = store.request(period)?;
    let mut current: std::collections::HashMap<String, SubmissionRow> = store
        .current_all(period)?
        .into_iter()
        .filter_map(|s| Some((s.chapter.clone()?, s)))
        .collect();
    let since = deadline.map_or(jiff::Timestamp::MIN, |d| season_start(settings, d));
    let mut refused: std::collections::HashMap<String, SubmissionRow> = store
        .refused_since(since)?
        .into_iter()
        .filter_map(|s| Some((s.chapter.clone()?, s)))
        .collect();
    let local_day = |t: jiff::Timestamp| t.to_zoned_datetime(settings.timezone.clone()).date();
    let asked = request.as_ref().map(|r| r.chapters.as_slice());
    let rows = expected(&settings.registry, period, deadline, asked)
        .into_iter()
        .map(|c| {
            let current = current.remove(&c.code);
            let refused = refused
                .remove(&c.code)
                .filter(|r| current.as_ref().is_none_or(|s| r.id > s.id));
            Standing {
                code: c.code.clone(),
                name: c.name.clone(),
                on_time: current
                    .as_ref()
                    .zip(deadline)
                    .map(|(s, d)| local_day(s.received_at) <= d),
                current,
                refused,
            }
        });
    let standing = rows.collect();
    let mut outside: Vec<SubmissionRow> = current.into_values().collect();
    outside.sort_by_key(|s| s.id);
    Ok(Owed {
        deadline,
        standing,
        outside,
    })
}

/// [`expected`] for `period` as the store knows it: its deadline, and an ad-hoc request's
/// list of units.
pub fn asked<'a>(registry: &'a Registry, store: &Store, period: &Period) -> Result<Vec<&'a Chapter>, StoreError> {
    let deadline = store.deadline(period)?;
    let request = store.request(period)?;
    Ok(expected(
        registry,
        period,
        deadline,
        request.as_ref().map(|r| r.chapters.as_slice()),
    ))
}

/// The units that owe a report for `period`, in registry order: those an ad-hoc request
/// names (`asked`), else every unit that exists on the deadline (a unit added in November
/// owes that year's annual report; a district merged away on 30/6/2025 owes nothing after).
/// A period without a known deadline is owed by the units that have not ended. A unit with
/// units of its own under it that day (a province of a national roll-up, a cluster) reports
/// through them and owes nothing itself.
pub fn expected<'a>(
    registry: &'a Registry,
    period: &Period,
    deadline: Option<Date>,
    asked: Option<&[String]>,
) -> Vec<&'a Chapter> {
    let day = deadline.or_else(|| period.deadline());
    let exists = |c: &Chapter| match day {
        Some(day) => c.active_on(day),
        None => c.until.is_none(),
    };
    let parents: std::collections::HashSet<&str> = registry
        .chapters()
        .iter()
        .filter(|c| exists(c))
        .filter_map(|c| c.parent.as_deref())
        .collect();
    registry
        .chapters()
        .iter()
        .filter(|c| match asked {
            Some(asked) => asked.contains(&c.code),
            None => exists(c) && !parents.contains(c.code.as_str()),
        })
        .collect()
}

fn season_start(settings: &Settings, deadline: Date) -> jiff::Timestamp {
    deadline
        .saturating_sub(jiff::Span::new().days(SEASON_DAYS))
        .to_zoned_datetime(settings.timezone.clone())
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::Level;

    fn unit(code: &str, parent: Option<&str>, from: Option<&str>, until: Option<&str>) -> Chapter {
        let day = |d: Option<&str>| d.map(|d| d.parse().unwrap());
        Chapter {
            code: code.into(),
            name: format!("Hội LHPN {code}"),
            aliases: vec![],
            email: "a@example.vn".into(),
            senders: vec![],
            level: Level::Commune,
            parent: parent.map(String::from),
            from: day(from),
            until: day(until),
            successors: vec![],
        }
    }

    fn codes(units: Vec<&Chapter>) -> Vec<&str> {
        units.into_iter().map(|c| c.code.as_str()).collect()
    }

    #[test]
    fn the_units_existing_on_the_deadline_owe_the_report() {
        let registry = Registry::new(vec![
            unit("D", None, None, Some("2025-06-30")),
            unit("C1", Some("D"), Some("2025-07-01"), None),
            unit("C2", Some("D"), Some("2025-11-03"), None),
            unit("LATE", None, Some("2025-12-16"), None),
        ])
        .unwrap();
        let owe = |p: Period| codes(expected(&registry, &p, p.deadline(), None));
        assert_eq!(owe(Period::half_year(2025)), ["D"]);
        // Added in November: owes the annual report; after the deadline: not yet.
        assert_eq!(owe(Period::annual(2025)), ["C1", "C2"]);
        assert_eq!(owe(Period::half_year(2026)), ["C1", "C2", "LATE"]);
        let asked = ["C2".to_string()];
        assert_eq!(
            codes(expected(&registry, &Period::annual(2025), None, Some(&asked))),
            ["C2"]
        );
    }

    #[test]
    fn a_unit_with_units_under_it_that_day_reports_through_them() {
        let registry = Registry::new(vec![
            unit("PROVINCE", None, None, None),
            unit("A", Some("PROVINCE"), None, None),
            unit("B", Some("PROVINCE"), None, Some("2021-12-31")),
            unit("CLUSTER", None, None, None),
        ])
        .unwrap();
        let p = Period::annual(2022);
        assert_eq!(codes(expected(&registry, &p, p.deadline(), None)), ["A", "CLUSTER"]);
    }
}
