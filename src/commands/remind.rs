//! `baocao remind [--today D] [--dry-run]`: decide the day's reminders and notices, record
//! them, and send the outbox; or only print them.

use crate::config::Settings;
use crate::deliver::{Mailer, worker};
use crate::remind;
use crate::store::{LedgerEntry, Store};
use std::io::Write;

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Reminders and notices recorded (or, in a dry run, that would be).
    pub decided: usize,
    /// Outbox pass: sent, retrying, failed.
    pub mail: worker::Pass,
    /// Messages still waiting in the outbox after the pass.
    pub queued: usize,
}

/// Runs the day's reminders; with `dry_run`, prints them and changes nothing.
pub fn run(
    settings: &Settings,
    today: jiff::civil::Date,
    now: jiff::Timestamp,
    dry_run: bool,
    out: &mut impl Write,
) -> anyhow::Result<Summary> {
    std::fs::create_dir_all(&settings.data_dir)?;
    let mut store = Store::open(&settings.database())?;
    let entries = if dry_run {
        remind::plan(settings, &store, today)?
    } else {
        remind::run(settings, &mut store, today, now)?
    };
    for entry in &entries {
        print_entry(entry, dry_run, out)?;
    }
    let mut summary = Summary {
        decided: entries.len(),
        ..Summary::default()
    };
    if !dry_run {
        let mailer = Mailer::new(&settings.mail).map_err(anyhow::Error::msg)?;
        summary.mail = worker::send_due(&store, &mailer, jiff::Timestamp::now, || false)?;
        summary.queued = store.outbox()?.iter().filter(|r| r.status == "queued").count();
    }
    Ok(summary)
}

fn print_entry(entry: &LedgerEntry, dry_run: bool, out: &mut impl Write) -> std::io::Result<()> {
    let period = entry.period.map_or("*".to_string(), |p| p.to_string());
    let verb = if dry_run { "would send" } else { "queued" };
    writeln!(
        out,
        "{verb}: {:<6} {:<8} {:<26} to {}: {}",
        entry.recipient,
        period,
        entry.step,
        entry.mail.recipients.join(", "),
        entry.mail.subject
    )
}

impl Summary {
    /// One line for the end of the output.
    pub fn line(&self, dry_run: bool) -> String {
        if dry_run {
            return format!(
                "{} reminders and notices due (dry run: nothing recorded or sent)",
                self.decided
            );
        }
        format!(
            "{} reminders and notices recorded; mail: {} sent, {} waiting for retry, {} failed",
            self.decided, self.mail.sent, self.queued, self.mail.failed
        )
    }
}
