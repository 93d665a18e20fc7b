//! `baocao compile --period P [--out DIR] [--send | --unit CODE]`: the provincial report of a
//! period (or one unit's roll-up), as Word and Excel files; their paths on stdout, what
//! happened on stderr.

use crate::compile::{self, Compiled};
use crate::config::Settings;
use crate::model::Period;
use crate::store::Store;
use std::io::Write;
use std::path::Path;

/// Compiles `period` dated `today` into `dir` (default `<data_dir>/reports`), prints the two
/// paths, and with `send` queues the e-mail and sends what the outbox holds.
pub fn run(
    settings: &Settings,
    period: Period,
    dir: Option<&Path>,
    send: bool,
    today: jiff::civil::Date,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<Compiled> {
    // Checked before anything is written: a new version nobody can be sent is a surprise.
    if send && settings.report.config.recipients.is_empty() {
        return Err(compile::CompileError::NoRecipients.into());
    }
    for warning in settings.report.config.warnings() {
        writeln!(err, "warning: {warning}")?;
    }
    std::fs::create_dir_all(&settings.data_dir)?;
    let mut store = Store::open(&settings.database())?;
    let dir = dir.map_or_else(|| compile::default_dir(settings), Path::to_path_buf);
    let now = jiff::Timestamp::now();
    let compiled = compile::compile(settings, &store, period, today, now, &dir)?;
    writeln!(out, "{}", compiled.docx.display())?;
    writeln!(out, "{}", compiled.xlsx.display())?;
    let c = &compiled.compilation;
    let state = if compiled.new_version {
        "new version"
    } else {
        "inputs unchanged"
    };
    writeln!(
        err,
        "{period}: version {} ({state}); {} of {} chapters reported, {} missing",
        compiled.version,
        c.received().count(),
        c.chapters.len(),
        c.missing().count()
    )?;
    if send {
        let queued = compile::send(settings, &mut store, &compiled, now, false)?;
        let note = if queued {
            "queued for sending"
        } else {
            "already queued before; nothing new"
        };
        writeln!(err, "e-mail of version {}: {note}", compiled.version)?;
        // As `ingest` does: send now what is due, whatever an outage keeps back stays queued.
        let mailer = crate::deliver::Mailer::new(&settings.mail).map_err(anyhow::Error::msg)?;
        crate::deliver::worker::send_due(&store, &mailer, jiff::Timestamp::now, || false)?;
    }
    Ok(compiled)
}

/// Compiles the roll-up report of `unit` for `period` into `dir` and prints the two paths.
pub fn run_unit(
    settings: &Settings,
    period: Period,
    unit: &str,
    dir: Option<&Path>,
    today: jiff::civil::Date,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<Compiled> {
    let store = Store::open(&settings.database())?;
    let dir = dir.map_or_else(|| compile::default_dir(settings), Path::to_path_buf);
    let code = settings
        .registry
        .find(unit)
        .map_or(unit.to_string(), |u| u.code.clone());
    let compiled = compile::compile_unit(settings, &store, period, &code, today, &dir)?;
    writeln!(out, "{}", compiled.docx.display())?;
    writeln!(out, "{}", compiled.xlsx.display())?;
    let c = &compiled.compilation;
    writeln!(
        err,
        "{period} {code}: {} of {} units reported, {} missing",
        c.received().count(),
        c.chapters.len(),
        c.missing().count()
    )?;
    Ok(compiled)
}
