//! `baocao correct | accept | resend | reject`: the desk's decisions for scripts, through the
//! same [`crate::review`] operations the desk uses.

use crate::config::Settings;
use crate::model::Period;
use crate::review::{self, Done};
use crate::store::Store;
use anyhow::Context;

/// What to decide about a chapter's current report.
#[derive(Debug, Clone)]
pub enum Decision {
    /// Correct `field` to `value` for `reason`.
    Correct {
        field: String,
        value: String,
        reason: String,
    },
    /// Accept as it is.
    Accept { note: Option<String> },
    /// Ask for a new file.
    Resend { note: String },
    /// Refuse.
    Reject { reason: String },
}

/// Applies `decision` to the report that counts for `chapter` and `period`, as `by`.
pub fn run(
    settings: &Settings,
    (chapter, period): (&str, &str),
    decision: &Decision,
    by: &str,
    now: jiff::Timestamp,
) -> anyhow::Result<Done> {
    let unit = settings.registry.find(chapter).with_context(|| {
        let codes: Vec<&str> = settings.registry.chapters().iter().map(|c| c.code.as_str()).collect();
        format!("unknown chapter `{chapter}`; the chapters are: {}", codes.join(", "))
    })?;
    let period =
        Period::parse_code(period).with_context(|| format!("`{period}` is not a period (e.g. 2021-H1, 2021-Y)"))?;
    let mut store = Store::open(&settings.database())?;
    let current = store
        .current(&unit.code, &period)?
        .with_context(|| format!("{} has no report for {period} that counts", unit.code))?;
    let id = current.id;
    let done = match decision {
        Decision::Correct { field, value, reason } => {
            review::correct(settings, &mut store, (id, field, value), reason, by, now)
                .map_err(|e| with_keys(settings, &current, e))?
        }
        Decision::Accept { note } => review::accept(&mut store, id, note.as_deref(), by, now)?,
        Decision::Resend { note } => review::ask_resend(settings, &mut store, id, note, by, now)?,
        Decision::Reject { reason } => review::reject(settings, &mut store, id, reason, by, now)?,
    };
    Ok(done)
}

/// An unknown field's error lists the fields that can be corrected.
fn with_keys(settings: &Settings, current: &crate::store::SubmissionRow, e: review::ReviewError) -> anyhow::Error {
    if !matches!(e, review::ReviewError::UnknownField(_)) {
        return e.into();
    }
    let form = settings
        .forms
        .iter()
        .find(|f| current.form.as_deref() == Some(f.id.as_str()));
    let keys: Vec<&str> = form.map_or(vec![], |f| f.fields.iter().map(|x| x.key.as_str()).collect());
    anyhow::anyhow!("{e}; the fields are: {}", keys.join(", "))
}

/// The line printed after a decision.
pub fn line(done: &Done) -> String {
    let status = done.status.label_vi();
    match &done.change {
        Some((old, new)) => format!(
            "#{}: {} → {new} (now {status})",
            done.submission_id,
            old.as_deref().unwrap_or("(none)")
        ),
        None => format!("#{}: now {status}", done.submission_id),
    }
}
