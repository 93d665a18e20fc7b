//! The periods being chased on a day and what each chapter has sent for one.

use crate::config::Settings;
use crate::model::{Period, Status};
use crate::owed::expected;
use crate::store::{Store, StoreError};
use crate::track::Schedule;
use jiff::civil::Date;

/// A period whose reminder window contains the day.
#[derive(Debug, Clone)]
pub struct Chased {
    pub period: Period,
    pub deadline: Date,
    pub schedule: Schedule,
    /// Codes of the chapters that must report.
    pub chapters: Vec<String>,
    /// The subject of an ad-hoc request.
    pub request_title: Option<String>,
}

/// The regular periods around `today` and every ad-hoc request, kept when `today` falls in
/// their reminder window.
pub fn chased_periods(settings: &Settings, store: &Store, today: Date) -> Result<Vec<Chased>, StoreError> {
    let year = today.year();
    let regular = [year - 1, year, year + 1]
        .into_iter()
        .flat_map(|y| [Period::half_year(y), Period::annual(y)])
        .filter_map(|period| {
            Some(Chased {
                period,
                deadline: period.deadline()?,
                schedule: settings.reminders.clone(),
                chapters: codes(expected(&settings.registry, &period, period.deadline(), None)),
                request_title: None,
            })
        });
    let requests = store.requests()?.into_iter().map(|r| Chased {
        period: r.period,
        deadline: r.due,
        schedule: r.schedule.unwrap_or_else(|| settings.reminders.clone()),
        chapters: r.chapters,
        request_title: Some(r.title),
    });
    Ok(regular
        .chain(requests)
        .filter(|c| c.schedule.enabled && c.schedule.in_window(c.deadline, today))
        .collect())
}

fn codes(units: Vec<&crate::registry::Chapter>) -> Vec<String> {
    units.into_iter().map(|c| c.code.clone()).collect()
}

/// What a chapter has sent for a period.
#[derive(Debug, Clone, PartialEq)]
pub enum Received {
    /// An accepted report: nothing to remind.
    Accepted { received_at: jiff::Timestamp },
    /// A report that needs review: the file, the missing field labels and failed checks.
    Review {
        file_name: String,
        received_at: jiff::Timestamp,
        missing: Vec<String>,
        problems: Vec<String>,
    },
    /// The latest file from the chapter could not be read.
    Rejected { file_name: String, reason: String },
    /// Nothing.
    Nothing,
}

use crate::owed::SEASON_DAYS;

/// What `chapter` has sent for the chased period.
pub fn received(settings: &Settings, store: &Store, chapter: &str, chased: &Chased) -> Result<Received, StoreError> {
    if let Some(current) = store.current(chapter, &chased.period)? {
        if current.status == Status::Accepted {
            return Ok(Received::Accepted {
                received_at: current.received_at,
            });
        }
        // The record keeps which required fields were not found; every other review item is a
        // failed check, written as a sentence.
        let missing_keys: Vec<String> = store
            .record_json(current.id)?
            .as_deref()
            .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
            .and_then(|v| serde_json::from_value(v["missing"].clone()).ok())
            .unwrap_or_default();
        let label = |key: &str| {
            settings
                .forms
                .iter()
                .find_map(|f| f.field(key))
                .map_or(key.to_string(), |f| f.label.clone())
        };
        // Only what is still open: a field a person corrected since is no longer asked for.
        let open = store.review_items(current.id)?;
        let still_open = |k: &String| open.iter().any(|(f, _)| f.as_ref() == Some(k));
        let missing = missing_keys
            .iter()
            .filter(|k| still_open(k))
            .map(|k| label(k))
            .collect();
        let problems = open
            .into_iter()
            .filter(|(field, _)| field.as_ref().is_none_or(|f| !missing_keys.contains(f)))
            .map(|(_, message)| message)
            .collect();
        return Ok(Received::Review {
            file_name: current.file_name,
            received_at: current.received_at,
            missing,
            problems,
        });
    }
    let since = chased
        .deadline
        .saturating_sub(jiff::Span::new().days(SEASON_DAYS))
        .to_zoned_datetime(settings.timezone.clone())
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::MIN);
    Ok(match store.latest_rejected(chapter, since)? {
        Some(row) => Received::Rejected {
            file_name: row.file_name,
            reason: row.reason.unwrap_or_default(),
        },
        None => Received::Nothing,
    })
}
