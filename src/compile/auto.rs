//! The daemon's part: compile and send each period's report by itself, `send_after_days`
//! after its deadline, once per period (recorded in the store, so restarts and a later
//! correction never send it again by themselves — a corrected version goes out on `--send`).

use super::{CompileError, Compiled, compile, default_dir, send};
use crate::config::Settings;
use crate::model::{Period, PeriodKind};
use crate::store::{Store, StoreError};
use jiff::ToSpan;
use jiff::civil::Date;

/// Days after its sending day during which a period is still sent by itself; a daemon that was
/// stopped for longer does not send old reports on its return (the staff can `compile --send`).
const CATCH_UP_DAYS: i32 = 30;

/// The periods whose report is due to be sent by itself on `today` and was not yet: the two
/// regular periods closed last and every ad-hoc request, each on its deadline plus
/// `[report] send_after_days`.
pub fn due_periods(settings: &Settings, store: &Store, today: Date) -> Result<Vec<Period>, StoreError> {
    let after = i64::from(settings.report.config.send_after_days);
    let mut candidates = closed_regular(today).to_vec();
    candidates.extend(store.requests()?.into_iter().map(|r| r.period));
    let mut due = Vec::new();
    for period in candidates {
        let Some(deadline) = store.deadline(&period)? else {
            continue;
        };
        let Ok(send_day) = deadline.checked_add(after.days()) else {
            continue;
        };
        let window_end = send_day.checked_add(CATCH_UP_DAYS.days()).unwrap_or(send_day);
        if send_day <= today && today < window_end && !store.report_auto_sent(&period)? {
            due.push(period);
        }
    }
    Ok(due)
}

/// Compiles and queues every period of [`due_periods`] into `<data_dir>/reports/`. Does
/// nothing while `[report] recipients` is empty.
pub fn auto_send(
    settings: &Settings,
    store: &mut Store,
    today: Date,
    now: jiff::Timestamp,
) -> Result<Vec<Compiled>, CompileError> {
    if settings.report.config.recipients.is_empty() {
        tracing::debug!("no [report] recipients; compiled reports are not sent by themselves");
        return Ok(vec![]);
    }
    let mut sent = Vec::new();
    for period in due_periods(settings, store, today)? {
        let compiled = match compile(settings, store, period, today, now, &default_dir(settings)) {
            Ok(compiled) => compiled,
            // Nothing to send yet: the staff's overdue digests say who is missing.
            Err(CompileError::NothingReceived(_)) => continue,
            Err(e) => return Err(e),
        };
        send(settings, store, &compiled, now, true)?;
        tracing::info!(period = %period, version = compiled.version, "compiled report sent by itself");
        sent.push(compiled);
    }
    Ok(sent)
}

/// The two regular periods whose deadlines passed last before `today`, newest first.
fn closed_regular(today: Date) -> [Period; 2] {
    let next = Period::current(today);
    match next.kind {
        PeriodKind::Annual => [Period::half_year(next.year), Period::annual(next.year - 1)],
        _ => [Period::annual(next.year - 1), Period::half_year(next.year - 1)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_periods_closed_last_are_the_two_before_the_current_one() {
        let codes = |d| closed_regular(d).map(|p| p.to_string());
        assert_eq!(codes(date(2021, 6, 16)), ["2021-H1", "2020-Y"]);
        assert_eq!(codes(date(2021, 6, 15)), ["2020-Y", "2020-H1"]);
        assert_eq!(codes(date(2021, 12, 16)), ["2021-Y", "2021-H1"]);
    }

    #[test]
    fn a_period_is_due_from_its_sending_day_for_a_month_until_sent() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
        let settings = crate::config::Settings::load(None).unwrap();
        let due = |d| due_periods(&settings, &store, d).unwrap();
        assert!(!due(date(2021, 6, 15)).contains(&Period::half_year(2021)));
        assert!(due(date(2021, 6, 16)).contains(&Period::half_year(2021)));
        assert!(due(date(2021, 7, 15)).contains(&Period::half_year(2021)));
        assert!(!due(date(2021, 7, 16)).contains(&Period::half_year(2021)));
    }
}
