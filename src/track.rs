//! Stage 5, tracking: the reminder schedule of a period and which step of it is due on a day.
//!
//! Pure functions of the deadline, `today` and the steps already sent; nothing here reads the
//! clock or the store. The rule that makes reminders never twice and catch-up once: on any
//! day, the step due is the *latest* step scheduled on or before that day, and only if neither
//! it nor a later step was sent already. A daemon that was down for a week therefore sends the
//! most recent missed step once, not every missed step, and a clock set back never repeats one.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// `[reminders]` in `baocao.toml`: when chapters are reminded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Schedule {
    /// Whether reminders and the staff's digests are sent at all.
    pub enabled: bool,
    /// Local hour (0–23) at which the daemon sends the day's reminders.
    pub hour: i8,
    /// Reminders this many days before the deadline.
    pub before_days: Vec<i32>,
    /// A reminder on the deadline day itself.
    pub on_the_day: bool,
    /// The first overdue notice this many days after the deadline...
    pub overdue_after_days: i32,
    /// ...then one every this many days...
    pub overdue_every_days: i32,
    /// ...until the report arrives or this many overdue notices were sent.
    pub overdue_max: i32,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            enabled: true,
            hour: 8,
            before_days: vec![7, 2],
            on_the_day: true,
            overdue_after_days: 1,
            overdue_every_days: 7,
            overdue_max: 4,
        }
    }
}

/// One step of a period's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// A reminder n days before the deadline.
    Before(i32),
    /// The reminder on the deadline day.
    Due,
    /// The k-th overdue notice (1-based).
    Overdue(i32),
}

impl Step {
    /// The name kept in the reminder ledger: `before-7`, `due`, `overdue-2`.
    pub fn name(self) -> String {
        match self {
            Step::Before(n) => format!("before-{n}"),
            Step::Due => "due".into(),
            Step::Overdue(k) => format!("overdue-{k}"),
        }
    }

    /// Parses a ledger name (see [`Step::name`]).
    pub fn parse(name: &str) -> Option<Step> {
        if name == "due" {
            return Some(Step::Due);
        }
        let (kind, n) = name.split_once('-')?;
        let n = n.parse().ok()?;
        match kind {
            "before" => Some(Step::Before(n)),
            "overdue" => Some(Step::Overdue(n)),
            _ => None,
        }
    }

    /// Whether the deadline has passed at this step.
    pub fn is_overdue(self) -> bool {
        matches!(self, Step::Overdue(_))
    }
}

impl Schedule {
    /// Checks the values; the message names the key.
    pub fn check(&self) -> Result<(), String> {
        if !(0..24).contains(&self.hour) {
            return Err("[reminders] `hour` must be between 0 and 23".into());
        }
        if self.before_days.iter().any(|&d| !(1..=366).contains(&d)) {
            return Err("[reminders] `before_days` must be days between 1 and 366".into());
        }
        if self.overdue_after_days < 1 || self.overdue_every_days < 1 || self.overdue_max < 0 {
            return Err(
                "[reminders] `overdue_after_days` and `overdue_every_days` must be ≥ 1, `overdue_max` ≥ 0".into(),
            );
        }
        Ok(())
    }

    /// Every step for a deadline with the day it is scheduled, in date order.
    pub fn steps(&self, deadline: Date) -> Vec<(Step, Date)> {
        let mut steps: Vec<(Step, Date)> = self
            .before_days
            .iter()
            .map(|&n| (Step::Before(n), add_days(deadline, -n)))
            .collect();
        if self.on_the_day {
            steps.push((Step::Due, deadline));
        }
        for k in 1..=self.overdue_max {
            let days = self.overdue_after_days + (k - 1) * self.overdue_every_days;
            steps.push((Step::Overdue(k), add_days(deadline, days)));
        }
        steps.sort_by_key(|&(step, day)| (day, step));
        steps.dedup_by_key(|(_, day)| *day);
        steps
    }

    /// The step to send today for one chapter, given the steps already sent to it for this
    /// period: the latest step scheduled on or before today, unless it or a later one was sent.
    pub fn due_step(&self, deadline: Date, today: Date, sent: &[Step]) -> Option<Step> {
        let steps = self.steps(deadline);
        if !self.window_contains(&steps, deadline, today) {
            return None;
        }
        let index = steps.iter().rposition(|&(_, day)| day <= today)?;
        let already = steps[index..].iter().any(|(step, _)| sent.contains(step));
        (!already).then_some(steps[index].0)
    }

    /// Whether a period is still being chased on `today`: from its first step until one
    /// overdue interval after its last (so a last notice missed by a stopped daemon is still
    /// caught up, but a fresh installation does not chase reports from years ago).
    pub fn in_window(&self, deadline: Date, today: Date) -> bool {
        self.window_contains(&self.steps(deadline), deadline, today)
    }

    fn window_contains(&self, steps: &[(Step, Date)], deadline: Date, today: Date) -> bool {
        let first = steps.first().map_or(deadline, |s| s.1);
        let last = steps.last().map_or(deadline, |s| s.1);
        first <= today && today <= add_days(last, self.overdue_every_days)
    }
}

fn add_days(day: Date, n: i32) -> Date {
    day.checked_add(n.days()).unwrap_or(day)
}

/// A deadline as administrative letters write it: `15/6/2021` (no leading zeros).
pub fn date_words(day: Date) -> String {
    format!("{}/{}/{}", day.day(), day.month(), day.year())
}

/// Days from `today` to `deadline`: positive before it, 0 on the day, negative when late.
pub fn days_left(deadline: Date, today: Date) -> i64 {
    i64::from((deadline - today).get_days())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const DEADLINE: Date = date(2021, 6, 15);

    #[test]
    fn default_steps_fall_on_the_expected_days() {
        let steps = Schedule::default().steps(DEADLINE);
        let names: Vec<(String, String)> = steps.iter().map(|(s, d)| (s.name(), d.to_string())).collect();
        let expected = [
            ("before-7", "2021-06-08"),
            ("before-2", "2021-06-13"),
            ("due", "2021-06-15"),
            ("overdue-1", "2021-06-16"),
            ("overdue-2", "2021-06-23"),
            ("overdue-3", "2021-06-30"),
            ("overdue-4", "2021-07-07"),
        ];
        let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn the_step_of_the_day_is_due_once() {
        let s = Schedule::default();
        assert_eq!(s.due_step(DEADLINE, date(2021, 6, 7), &[]), None);
        assert_eq!(s.due_step(DEADLINE, date(2021, 6, 8), &[]), Some(Step::Before(7)));
        assert_eq!(s.due_step(DEADLINE, date(2021, 6, 8), &[Step::Before(7)]), None);
        assert_eq!(s.due_step(DEADLINE, date(2021, 6, 10), &[Step::Before(7)]), None);
        assert_eq!(
            s.due_step(DEADLINE, date(2021, 6, 16), &[Step::Before(7)]),
            Some(Step::Overdue(1))
        );
    }

    #[test]
    fn after_a_gap_only_the_latest_missed_step_is_due() {
        let s = Schedule::default();
        // Down from 7/6 to 14/6: before-7 and before-2 were missed; only before-2 goes.
        assert_eq!(s.due_step(DEADLINE, date(2021, 6, 14), &[]), Some(Step::Before(2)));
    }

    #[test]
    fn a_clock_set_back_never_repeats_a_step() {
        let s = Schedule::default();
        let sent = [Step::Before(7), Step::Before(2), Step::Due];
        assert_eq!(s.due_step(DEADLINE, date(2021, 6, 13), &sent), None);
        assert_eq!(s.due_step(DEADLINE, date(2021, 6, 8), &sent), None);
    }

    #[test]
    fn chasing_stops_after_the_last_notice() {
        let s = Schedule::default();
        let all: Vec<Step> = s.steps(DEADLINE).into_iter().map(|(st, _)| st).collect();
        assert_eq!(s.due_step(DEADLINE, date(2021, 7, 20), &all), None);
        // A fresh installation does not chase a report from years ago.
        assert_eq!(s.due_step(DEADLINE, date(2024, 1, 3), &[]), None);
    }

    #[test]
    fn step_names_round_trip() {
        for step in [Step::Before(7), Step::Due, Step::Overdue(3)] {
            assert_eq!(Step::parse(&step.name()), Some(step));
        }
        assert_eq!(Step::parse("later-2"), None);
    }

    #[test]
    fn deadlines_are_written_without_leading_zeros() {
        assert_eq!(date_words(DEADLINE), "15/6/2021");
        assert_eq!(days_left(DEADLINE, date(2021, 6, 8)), 7);
        assert_eq!(days_left(DEADLINE, date(2021, 6, 17)), -2);
    }
}
