//! `baocao extract`: read files and print what was found, as JSON lines or a readable table.

use crate::config::Settings;
use crate::extract::{Extractor, Record};
use crate::form::Form;
use std::io::Write;
use std::path::PathBuf;

/// Extracts every file, printing records to `out` and refusals (`FILE: reason`) to `err`.
/// Returns how many files could not be read; the others are always processed.
pub fn run(
    settings: &Settings,
    files: &[PathBuf],
    json: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> std::io::Result<usize> {
    let extractor = Extractor::new(&settings.forms, &settings.registry).with_limits(settings.limits());
    let mut failed = 0;
    // A folder stands for the files inside it (subfolders too), as `ingest` takes them.
    let files: Vec<PathBuf> = files
        .iter()
        .flat_map(|f| {
            if f.is_dir() {
                crate::source::scan(f)
            } else {
                vec![f.clone()]
            }
        })
        .collect();
    for file in &files {
        match extractor.file(file) {
            Ok(record) if json => writeln!(
                out,
                "{}",
                serde_json::to_string(&record).map_err(std::io::Error::other)?
            )?,
            Ok(record) => write_table(out, &record, settings)?,
            Err(e) => {
                failed += 1;
                // One line on stderr per refused file; the technical detail only at -v.
                tracing::debug!(file = %file.display(), detail = ?e.reason, "file refused");
                writeln!(err, "{e}")?;
            }
        }
    }
    Ok(failed)
}

/// A readable block per file: header, one row per field with its source, then what is
/// missing and the warnings.
fn write_table(out: &mut impl Write, record: &Record, settings: &Settings) -> std::io::Result<()> {
    let form = settings
        .forms
        .iter()
        .find(|f| f.id == record.form)
        .unwrap_or(&settings.forms[0]);
    let chapter = record.chapter.as_deref().map_or("?".to_string(), |c| {
        let name = settings.registry.get(c).map_or("", |ch| ch.name.as_str());
        format!("{c} ({name})")
    });
    let period = record.period.map_or("?".to_string(), |p| p.to_string());
    writeln!(out, "{}  [{}, {}]", record.file.display(), record.format, record.form)?;
    writeln!(out, "  chapter: {chapter}   period: {period}")?;
    let width = label_width(form);
    for field in &form.fields {
        let Some(value) = record.fields.get(&field.key) else {
            continue;
        };
        let shown = serde_json::to_string(value).unwrap_or_default();
        let shown = shown.trim_matches('"');
        let shown = if shown.chars().count() > 60 {
            format!("{}…", shown.chars().take(59).collect::<String>())
        } else {
            shown.to_string()
        };
        let source = record.sources.get(&field.key).map_or("", String::as_str);
        writeln!(out, "  {:<width$}  {:<60}  {source}", field.label, shown)?;
    }
    if !record.missing.is_empty() {
        writeln!(out, "  missing: {}", record.missing.join(", "))?;
    }
    for w in &record.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    writeln!(out)
}

fn label_width(form: &Form) -> usize {
    form.fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(10)
        .min(60)
}
