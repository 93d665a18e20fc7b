//! `baocao ingest PATH...`: the daemon's intake once over files or folders, with progress.
//!
//! It goes through the same claimed, persisted states as the daemon, so it is safe beside a
//! running `baocao run`: a file the daemon is reading is left to it, and the same bytes are
//! never recorded twice. Mail is sent under the same per-message claims.

use crate::config::Settings;
use crate::model::Status;
use crate::pipeline::{self, Origin, Taken};
use crate::source::scan;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// Counts per outcome, printed as the summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub by_status: BTreeMap<&'static str, usize>,
    /// Files not taken this time (waiting for a retry, another process has them, an I/O or
    /// database failure); they stay where they are.
    pub errors: usize,
    /// Files another process (the daemon) had or took meanwhile: not errors, they are taken.
    pub elsewhere: usize,
    /// The acknowledgements sent.
    pub mail: crate::deliver::worker::Pass,
}

/// Ingests every file under `paths`; regular files inside the inbox are moved, others copied.
pub fn run(settings: &Settings, paths: &[PathBuf], err: &mut impl Write) -> anyhow::Result<Summary> {
    std::fs::create_dir_all(&settings.data_dir)?;
    let mut store = crate::daemon::open_checked(settings)?;
    if let Err(e) = pipeline::recover(settings, &mut store, jiff::Timestamp::now()) {
        writeln!(err, "could not finish interrupted filings: {e}")?;
    }
    let files: Vec<PathBuf> = paths
        .iter()
        .flat_map(|p| {
            if std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()) {
                scan(p)
            } else {
                vec![p.clone()]
            }
        })
        .collect();
    let bar = indicatif::ProgressBar::new(files.len() as u64).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut summary = Summary::default();
    let never = AtomicBool::new(false);
    for file in &files {
        let now = jiff::Timestamp::now();
        let shown = file.to_string_lossy();
        match pipeline::take_now(settings, &mut store, file, Origin::Inbox, now, &never) {
            Ok(Taken::Stored(outcome)) => {
                *summary.by_status.entry(outcome.submission.status.as_str()).or_default() += 1
            }
            Ok(other) => {
                summary.errors += 1;
                bar.suspend(|| writeln!(err, "{shown}: not taken now: {}", describe(&other)))?;
            }
            Err(e) => {
                summary.errors += 1;
                bar.suspend(|| writeln!(err, "{e}"))?;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    // Send (or, with the file transport, write) the acknowledgements now; whatever an SMTP
    // outage keeps back stays queued for the daemon.
    let mailer = crate::deliver::Mailer::new(&settings.mail).map_err(anyhow::Error::msg)?;
    summary.mail = crate::deliver::worker::send_due(&store, &mailer, jiff::Timestamp::now, || false)?;
    Ok(summary)
}

fn describe(taken: &Taken) -> String {
    match taken {
        Taken::Stored(_) => "stored".into(),
        Taken::FilingWaits { error, .. } => format!("recorded, filing waits: {error}"),
        Taken::Waiting { error, stuck: true, .. } => format!("stuck: {error}"),
        Taken::Waiting { error, .. } => format!("will be retried: {error}"),
        Taken::Skipped(why) => why.to_string(),
        Taken::NotAFile(why) => why.to_string(),
        Taken::NeedsOcr(_) => "its OCR read did not finish".into(),
    }
}

impl Summary {
    /// `accepted 12, needs review 3, rejected 1, duplicates 2, taken by the daemon 0, errors 0; ...`.
    pub fn line(&self) -> String {
        let n = |s: Status| self.by_status.get(s.as_str()).copied().unwrap_or(0);
        format!(
            "accepted {}, needs review {}, rejected {}, duplicates {}, taken by the daemon {}, errors {}; mail sent {}, queued {}",
            n(Status::Accepted),
            n(Status::NeedsReview),
            n(Status::Rejected),
            n(Status::Duplicate),
            self.elsewhere,
            self.errors,
            self.mail.sent,
            self.mail.retrying
        )
    }
}
