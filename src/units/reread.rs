//! After an import: the reports that named a unit the list did not know (they counted for no
//! one, and the staff were told), found again when the new list knows the name they wrote, so
//! that they are read again for that unit without anyone copying files back into the inbox.

use crate::config::Settings;
use crate::registry::Registry;
use crate::store::{Store, StoreError, SubmissionRow};
use std::path::PathBuf;

/// A stored report whose written unit the list now knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    /// The report as stored (it names no unit).
    pub submission: SubmissionRow,
    /// Its file in the archive, to be read again.
    pub path: PathBuf,
    /// The unit's name as the report wrote it (one the list now finds).
    pub written: String,
}

/// The reports of `store` that named no known unit and whose written name `registry` finds.
/// A report whose file is no longer in the archive is left out (there is nothing to read).
pub fn now_known(settings: &Settings, registry: &Registry, store: &Store) -> Result<Vec<Known>, StoreError> {
    let mut known = Vec::new();
    for submission in store.unattributed()? {
        let Some(written) = written(settings, store, &submission)? else {
            continue;
        };
        if registry.find(&written).is_none() {
            continue;
        }
        let path = PathBuf::from(&submission.stored_path);
        if !submission.moved || !path.is_file() {
            tracing::warn!(id = submission.id, path = %path.display(), "a report to read again is not in the archive");
            continue;
        }
        known.push(Known {
            submission,
            path,
            written,
        });
    }
    Ok(known)
}

/// The unit's name a stored report wrote where the list had no such unit, from the notes of
/// its record.
pub fn written(settings: &Settings, store: &Store, submission: &SubmissionRow) -> Result<Option<String>, StoreError> {
    let Some(form) = settings
        .forms
        .iter()
        .find(|f| submission.form.as_deref() == Some(f.id.as_str()))
    else {
        return Ok(None);
    };
    let Some(json) = store.record_json(submission.id)? else {
        return Ok(None);
    };
    let record: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let warnings = record["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w.as_str());
    Ok(crate::extract::beside::unit_written(form, warnings))
}
