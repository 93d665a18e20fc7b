//! `baocao ingest PATH...`: the daemon's pipeline once over files or folders, with progress.

use crate::config::Settings;
use crate::model::Status;
use crate::pipeline::{self, Origin};
use crate::source::scan;
use crate::store::Store;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// Counts per outcome, printed as the summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub by_status: BTreeMap<&'static str, usize>,
    /// Files that could not be taken (I/O or database failure); they stay where they are.
    pub errors: usize,
    /// The acknowledgements sent.
    pub mail: crate::deliver::worker::Pass,
}

/// Ingests every file under `paths`; files inside the inbox are moved, others copied.
pub fn run(settings: &Settings, paths: &[PathBuf], err: &mut impl Write) -> anyhow::Result<Summary> {
    std::fs::create_dir_all(&settings.data_dir)?;
    let mut store = Store::open(&settings.database())?;
    pipeline::recover(settings, &store)?;
    let files: Vec<PathBuf> = paths
        .iter()
        .flat_map(|p| if p.is_dir() { scan(p) } else { vec![p.clone()] })
        .collect();
    let bar = indicatif::ProgressBar::new(files.len() as u64).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut summary = Summary::default();
    for file in &files {
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.clone());
        let origin = if absolute.starts_with(&settings.inbox) {
            Origin::Inbox
        } else {
            Origin::External
        };
        match pipeline::process(settings, &mut store, &absolute, origin, jiff::Timestamp::now()) {
            Ok(outcome) => *summary.by_status.entry(outcome.submission.status.as_str()).or_default() += 1,
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
    summary.mail = crate::deliver::worker::send_all_due(&store, &mailer, jiff::Timestamp::now())?;
    Ok(summary)
}

impl Summary {
    /// `accepted 12, needs review 3, rejected 1, duplicates 2, errors 0`.
    pub fn line(&self) -> String {
        let n = |s: Status| self.by_status.get(s.as_str()).copied().unwrap_or(0);
        format!(
            "accepted {}, needs review {}, rejected {}, duplicates {}, errors {}; mail sent {}, queued {}",
            n(Status::Accepted),
            n(Status::NeedsReview),
            n(Status::Rejected),
            n(Status::Duplicate),
            self.errors,
            self.mail.sent,
            self.mail.retrying
        )
    }
}
