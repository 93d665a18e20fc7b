//! Stage 6: the compiled provincial report — the stored records of a period turned into the
//! Word report the province sends upward and an Excel workbook of the same figures.
//!
//! [`gather`] reads the submissions that count into a [`Compilation`]; [`compile`] writes both
//! files and records the version in the store (a new version only when the inputs changed, so
//! a correction makes `lần 2`); [`send`] queues one e-mail with both files through the outbox;
//! [`auto_send`] is what the daemon calls to send each period once, some days after its
//! deadline. Nothing here reads the clock: `today` and `now` are passed in.

mod auto;
mod canvas;
mod charts;
mod compare;
mod config;
mod docx;
mod draw;
pub mod follow;
mod follow_out;
mod frame;
mod gather;
pub mod groups;
mod groups_sheet;
mod package;
mod pictures;
mod read;
mod sizing;
mod tables;
pub mod term;
mod term_sheet;
pub mod texts;
mod trend;
mod xlsx;

pub use auto::{auto_send, due_periods};
pub use compare::{Compared, Overlap};
pub use config::{ReportConfig, ReportSettings};
pub use gather::{ChapterEntry, Compilation, Indicator, Received, TrendPoint, gather, gather_within};
pub use tables::change;
pub use texts::{ReportTexts, TextContext};
pub use xlsx::status_words;

use crate::config::Settings;
use crate::deliver::{MailKind, ReportMail, TemplateError};
use crate::model::Period;
use crate::store::{QueuedMail, ReportRow, Store, StoreError};
use jiff::civil::Date;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Why a report could not be compiled or sent.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A folder or file could not be written.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// A writer failed.
    #[error("{}: cannot write: {message}", path.display())]
    Write { path: PathBuf, message: String },
    /// A report text failed to render (names the template file).
    #[error("{0}")]
    Texts(String),
    /// The e-mail template failed.
    #[error(transparent)]
    Mail(#[from] TemplateError),
    /// `--send` without anyone to send to.
    #[error("[report] recipients is empty in the configuration: nobody to send the report to")]
    NoRecipients,
    /// An ad-hoc period that no request opened.
    #[error("{0}: no ad-hoc request has this code (see `baocao request list`)")]
    UnknownRequest(Period),
    /// `compile --unit` names no unit of the list.
    #[error("{0}: no unit has this code (see `baocao units list`)")]
    UnknownUnit(String),
    /// Nothing that counts was received for the period: a report of zeros would mislead.
    #[error("{0}: no report received for this period yet; nothing to compile")]
    NothingReceived(Period),
}

/// One compiled version, written to disk and recorded.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub period: Period,
    /// 1, 2, ... (`lần 2` in the report).
    pub version: u32,
    /// Whether this compilation made a new version (false: the inputs had not changed).
    pub new_version: bool,
    pub docx: PathBuf,
    pub xlsx: PathBuf,
    /// Hash of the inputs, as recorded.
    pub inputs_sha256: String,
    /// What the report says.
    pub compilation: Compilation,
}

/// The default folder of compiled reports: `<data_dir>/reports`.
pub fn default_dir(settings: &Settings) -> PathBuf {
    settings.data_dir.join("reports")
}

/// Compiles the report of `period` dated `today` into `out_dir` and records its version.
pub fn compile(
    settings: &Settings,
    store: &Store,
    period: Period,
    today: Date,
    now: jiff::Timestamp,
    out_dir: &Path,
) -> Result<Compiled, CompileError> {
    let compilation = match period.kind {
        crate::model::PeriodKind::Term(to) => term::gather(settings, store, period.year, to, None)?,
        _ => gather(settings, store, period)?,
    };
    if matches!(period.kind, crate::model::PeriodKind::Request(_)) && store.request(&period)?.is_none() {
        return Err(CompileError::UnknownRequest(period));
    }
    if compilation.received().next().is_none() {
        return Err(CompileError::NothingReceived(period));
    }
    let inputs_sha256 = inputs_hash(&compilation);
    let latest = store.latest_report(&period)?;
    let version = match &latest {
        Some(r) if r.inputs_sha256 == inputs_sha256 => r.version,
        Some(r) => r.version + 1,
        None => 1,
    };
    // Each version keeps its own files: a queued e-mail of version 1 still attaches version 1.
    let stem = match version {
        1 => format!("bao-cao-{period}"),
        n => format!("bao-cao-{period}-lan-{n}"),
    };
    let (docx_path, xlsx_path) = write_pair(settings, &compilation, today, version, &stem, out_dir)?;
    store.save_report(&ReportRow {
        period: period.to_string(),
        version,
        inputs_sha256: inputs_sha256.clone(),
        compiled_at: now.to_string(),
        docx_path: docx_path.display().to_string(),
        xlsx_path: xlsx_path.display().to_string(),
        message_id: None,
        queued_at: None,
        auto: false,
    })?;
    tracing::info!(period = %period, version, docx = %docx_path.display(), "compiled report");
    Ok(Compiled {
        period,
        version,
        new_version: latest.is_none_or(|r| r.version != version),
        docx: docx_path,
        xlsx: xlsx_path,
        inputs_sha256,
        compilation,
    })
}

/// Writes the Word and Excel files of `compilation` as `out_dir/stem.docx|.xlsx`.
fn write_pair(
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
        inputs_sha256: inputs_hash(&compilation),
        compilation,
    })
}

/// Queues the e-mail of a compiled version to `[report] recipients`; `auto` records that the
/// daemon sent it. Returns false when that version had been queued before (nothing new).
pub fn send(
    settings: &Settings,
    store: &mut Store,
    compiled: &Compiled,
    now: jiff::Timestamp,
    auto: bool,
) -> Result<bool, CompileError> {
    let recipients = &settings.report.config.recipients;
    if recipients.is_empty() {
        return Err(CompileError::NoRecipients);
    }
    let c = &compiled.compilation;
    let names = |it: &mut dyn Iterator<Item = &ChapterEntry>| it.map(|e| e.name.clone()).collect::<Vec<_>>();
    let files = [(&compiled.docx, DOCX_TYPE), (&compiled.xlsx, XLSX_TYPE)].map(|(p, t)| {
        (
            p.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            t,
            p,
        )
    });
    let context = ReportMail {
        period: compiled.period.to_string(),
        version: compiled.version,
        registered: c.chapters.len(),
        received: c.received().count(),
        late: c.received().filter(|(_, r)| r.on_time == Some(false)).count(),
        missing: names(&mut c.missing()),
        needs_review: names(
            &mut c
                .received()
                .filter(|(_, r)| r.status == crate::model::Status::NeedsReview)
                .map(|(e, _)| e),
        ),
        files: files.iter().map(|(n, _, _)| n.clone()).collect(),
    };
    let (subject, body) = settings.mail_templates.render(MailKind::Report, &context)?;
    let mail = QueuedMail {
        message_id: format!(
            "report-{}-v{}",
            compiled.period.to_string().to_lowercase(),
            compiled.version
        ),
        kind: MailKind::Report.name().to_string(),
        recipients: recipients.clone(),
        subject,
        body,
        attachments: files
            .iter()
            .map(|(n, t, p)| (n.clone(), t.to_string(), p.display().to_string()))
            .collect(),
        cc: vec![],
        in_reply_to: None,
    };
    let queued = store.queue_report(&compiled.period, compiled.version, &mail, auto, now)?;
    tracing::info!(period = %compiled.period, version = compiled.version, queued, "report e-mail");
    Ok(queued)
}

/// SHA-256 of everything the report is built from (registry, form, submissions, values,
/// texts, the year-earlier totals), but not its date.
fn inputs_hash(c: &Compilation) -> String {
    let bytes = serde_json::to_vec(c).unwrap_or_default();
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes through a temporary name then renames, so a reader (the outbox attaching a file)
/// never sees half a file.
fn write_then_rename(path: &Path, write: impl FnOnce(&Path) -> Result<(), CompileError>) -> Result<(), CompileError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    write(&tmp)?;
    std::fs::rename(&tmp, path).map_err(|source| CompileError::Io {
        path: path.to_path_buf(),
        source,
    })
}
