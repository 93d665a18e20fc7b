//! `baocao template`: write the blank report form of the configured form for chapters to fill.

use crate::blank::{self, BlankFormat};
use crate::config::Settings;
use anyhow::Context;
use std::path::{Path, PathBuf};

/// Writes the blank form of the first configured form into `dir`; returns the file's path.
pub fn run(settings: &Settings, format: BlankFormat, dir: &Path) -> anyhow::Result<PathBuf> {
    // The configured forms are checked non-empty when the settings are resolved; the first is
    // the province's current form (the embedded one by default).
    let form = settings.forms.first().context("no report form is configured")?;
    let path = blank::write(form, format, dir)?;
    tracing::info!(file = %path.display(), form = %form.id, "blank form written");
    Ok(path)
}
