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
mod files;
pub mod follow;
mod follow_out;
mod frame;
mod gather;
pub mod groups;
mod groups_sheet;
mod inputs;
mod package;
mod pictures;
mod read;
mod sheet;
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
pub use files::compile_unit;
use files::write_pair;
pub use gather::{ChapterEntry, Compilation, Indicator, Received, TrendPoint, gather, gather_within};
pub use tables::change;
pub use texts::{ReportTexts, TextContext};
pub use xlsx::status_words;

use crate::config::Settings;
use crate::deliver::{MailKind, ReportMail, TemplateError};
use crate::model::Period;
use crate::store::{QueuedMail, ReportRow, Store, StoreError};
use jiff::civil::Date;
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
    let inputs_sha256 = inputs::hash(&compilation);
    let latest = store.latest_report(&period)?;
    let version = match &latest {
        Some(r) if r.inputs_sha256 == inputs_sha256 || r.inputs_sha256 == inputs::legacy(&compilation) => r.version,
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
