//! Reminders: on a given day, which chapters are reminded of which period, which notices the
//! provincial staff get, rendered from the templates and recorded in the ledger with their
//! e-mails in one transaction (never twice, see [`crate::track`]).
//!
//! [`plan`] decides from the store and `today` without writing; [`run`] records what `plan`
//! decided. `baocao remind` and the daemon's daily run both call [`run`].

mod chased;
mod mails;

pub use chased::{Chased, Received, chased_periods, received};

use crate::blank::{self, BlankFormat};
use crate::config::Settings;
use crate::store::{LedgerEntry, Store, StoreError};
use crate::track::Step;
use jiff::civil::Date;

/// Who receives the staff digests in the ledger.
pub const STAFF: &str = "staff";

/// A file attached to every chapter reminder (the blank form): (name shown, content type, path).
pub type FormAttachment = (String, String, String);

/// Where the blank forms attached to reminders are written.
const FORMS_DIR: &str = "forms";

/// The blank forms (Word and Excel) attached to chapter reminders, where [`run`] writes them:
/// `<data_dir>/forms/`, named after the form.
pub fn blank_forms(settings: &Settings) -> Vec<FormAttachment> {
    let dir = settings.data_dir.join(FORMS_DIR);
    BLANK_FORMATS
        .into_iter()
        .map(|(format, content_type)| {
            let name = blank::file_name(&settings.forms[0], format);
            let path = dir.join(&name).display().to_string();
            (name, content_type.to_string(), path)
        })
        .collect()
}

const BLANK_FORMATS: [(BlankFormat, &str); 2] = [
    (
        BlankFormat::Docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        BlankFormat::Xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
];

/// Why the day's reminders could not be recorded (nothing was; the next run tries again).
#[derive(Debug, thiserror::Error)]
pub enum RemindError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The blank form to attach could not be written.
    #[error(transparent)]
    Form(#[from] blank::BlankError),
}

/// Everything due on `today`, not yet recorded: chapter reminders, the staff's deadline-day
/// status digests and the day's overdue digest.
pub fn plan(settings: &Settings, store: &Store, today: Date) -> Result<Vec<LedgerEntry>, StoreError> {
    let attachments = blank_forms(settings);
    let mut entries = Vec::new();
    let mut late = Vec::new();
    for chased in chased_periods(settings, store, today)? {
        for code in &chased.chapters {
            let Some(chapter) = settings.registry.get(code) else {
                continue;
            };
            let state = received(settings, store, code, &chased)?;
            if matches!(state, Received::Accepted { .. }) {
                continue;
            }
            if chased.deadline < today {
                late.push((chased.clone(), chapter.clone(), state.clone()));
            }
            let sent: Vec<Step> = store
                .sent_steps(code, Some(&chased.period))?
                .iter()
                .filter_map(|s| Step::parse(s))
                .collect();
            if let Some(step) = chased.schedule.due_step(chased.deadline, today, &sent) {
                entries.extend(mails::reminder(
                    settings,
                    &chased,
                    chapter,
                    &state,
                    step,
                    today,
                    &attachments,
                ));
            }
        }
        if chased.deadline <= today
            && today
                <= chased
                    .deadline
                    .saturating_add(jiff::Span::new().days(chased.schedule.overdue_every_days))
            && !store
                .sent_steps(STAFF, Some(&chased.period))?
                .iter()
                .any(|s| s == "status")
        {
            entries.extend(mails::staff_status(settings, store, &chased)?);
        }
    }
    let overdue_today = entries
        .iter()
        .any(|e| e.recipient != STAFF && Step::parse(&e.step).is_some_and(Step::is_overdue));
    if overdue_today {
        entries.extend(mails::staff_overdue(settings, &late, today));
    }
    Ok(entries)
}

/// Records and queues everything [`plan`] finds due on `today`; returns what was recorded.
/// The blank forms are written afresh first when a reminder attaches them. Each entry is
/// checked again under the write lock, so a second process running the same day (a double
/// start, `remind` beside `run`) records nothing twice.
pub fn run(
    settings: &Settings,
    store: &mut Store,
    today: Date,
    now: jiff::Timestamp,
) -> Result<Vec<LedgerEntry>, RemindError> {
    let entries = plan(settings, store, today)?;
    if entries.iter().any(|e| !e.mail.attachments.is_empty()) {
        let dir = settings.data_dir.join(FORMS_DIR);
        for (format, _) in BLANK_FORMATS {
            blank::write(&settings.forms[0], format, &dir)?;
        }
    }
    let recorded = store.record_reminders(entries, today, now, |entry, sent| {
        let later = |s: &String| match (Step::parse(s), Step::parse(&entry.step)) {
            (Some(done), Some(this)) => step_order(done) >= step_order(this),
            _ => false,
        };
        !sent.iter().any(|s| *s == entry.step || later(s))
    })?;
    Ok(recorded)
}

/// Steps in the order they happen: before-n counts down, then the day, then overdue-k.
fn step_order(step: Step) -> (u8, i32) {
    match step {
        Step::Before(n) => (0, -n),
        Step::Due => (1, 0),
        Step::Overdue(k) => (2, k),
    }
}
