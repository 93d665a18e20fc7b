//! The two files of a compilation written side by side (the Word report and the workbook),
//! each through a temporary name; and a unit's own roll-up report, written the same way but
//! never recorded as a version of the province's report.

use super::texts::TextContext;
use super::{Compilation, CompileError, Compiled, docx, gather_within, inputs, term, xlsx};
use crate::config::Settings;
use crate::model::Period;
use crate::store::Store;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// Writes the Word and Excel files of `compilation` as `out_dir/stem.docx|.xlsx`.
pub(super) fn write_pair(
    settings: &Settings,
    compilation: &Compilation,
    today: Date,
    version: u32,
    stem: &str,
    out_dir: &Path,
) -> Result<(PathBuf, PathBuf), CompileError> {
    std::fs::create_dir_all(out_dir).map_err(|source| CompileError::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let (docx_path, xlsx_path) = (
        out_dir.join(format!("{stem}.docx")),
        out_dir.join(format!("{stem}.xlsx")),
    );
    let context = TextContext::new(compilation, today, version);
    // The workbook's sheet titles carry the report's own subject, in the province's wording.
    let subject = settings
        .report
        .texts
        .render("subject", &context)
        .map_err(|message| CompileError::Write {
            path: xlsx_path.clone(),
            message,
        })?;
    // The two files are independent: written side by side, the larger (the Word report of a
    // national roll-up) sets the time.
    let (docx_written, xlsx_written) = std::thread::scope(|scope| {
        let xlsx = scope.spawn(|| {
            write_then_rename(&xlsx_path, |tmp| {
                xlsx::write(compilation, &settings.timezone, &subject, tmp).map_err(|e| CompileError::Write {
                    path: xlsx_path.clone(),
                    message: e.to_string(),
                })
            })
        });
        let report = &settings.report;
        let docx = write_then_rename(&docx_path, |tmp| {
            docx::write(compilation, &report.texts, &report.config, context, tmp)
        });
        (docx, xlsx.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    });
    docx_written?;
    xlsx_written?;
    Ok((docx_path, xlsx_path))
}

/// Compiles the roll-up report of unit `code` for `period` (the units under it, totalled) into
/// `out_dir/bao-cao-<period>-<code>.docx|.xlsx`. A working report for the staff: it is not a
/// version of the province's report and is never sent.
pub fn compile_unit(
    settings: &Settings,
    store: &Store,
    period: Period,
    code: &str,
    today: Date,
    out_dir: &Path,
) -> Result<Compiled, CompileError> {
    let unit = settings
        .registry
        .get(code)
        .ok_or_else(|| CompileError::UnknownUnit(code.to_string()))?;
    let compilation = match period.kind {
        crate::model::PeriodKind::Term(to) => term::gather(settings, store, period.year, to, Some(&unit.code))?,
        _ => gather_within(settings, store, period, Some(&unit.code))?,
    };
    if compilation.received().next().is_none() {
        return Err(CompileError::NothingReceived(period));
    }
    let stem = format!("bao-cao-{period}-{}", unit.code);
    let (docx, xlsx) = write_pair(settings, &compilation, today, 1, &stem, out_dir)?;
    tracing::info!(period = %period, unit = %unit.code, docx = %docx.display(), "compiled a unit's report");
    Ok(Compiled {
        period,
        version: 1,
        new_version: false,
        docx,
        xlsx,
        inputs_sha256: inputs::hash(&compilation),
        compilation,
    })
}

/// Writes through a temporary name then renames, so a reader (the outbox attaching a file)
/// never sees half a file. The name is this writer's own: two staff opening a unit's report at
/// once compile the same file, and each must rename a whole one.
fn write_then_rename(path: &Path, write: impl FnOnce(&Path) -> Result<(), CompileError>) -> Result<(), CompileError> {
    static WRITERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}-{n}.partial", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let done = write(&tmp).and_then(|()| {
        std::fs::rename(&tmp, path).map_err(|source| CompileError::Io {
            path: path.to_path_buf(),
            source,
        })
    });
    if done.is_err() {
        // A writer that failed leaves nothing behind under its own name.
        let _ = std::fs::remove_file(&tmp);
    }
    done
}
