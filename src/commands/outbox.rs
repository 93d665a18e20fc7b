//! `baocao outbox`: the queued, failed and sent e-mails, newest first.

use crate::config::Settings;
use crate::store::Store;
use std::io::Write;

/// Prints the outbox as a table, or JSON; `status` keeps only rows in that state.
pub fn print(settings: &Settings, status: Option<&str>, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let rows = if settings.database().is_file() {
        Store::open(&settings.database())?.outbox()?
    } else {
        vec![]
    };
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| status.is_none_or(|s| r.status == s))
        .collect();
    if json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "message_id": r.mail.message_id, "kind": r.mail.kind,
                    "recipients": r.mail.recipients, "subject": r.mail.subject, "status": r.status,
                    "attempts": r.attempts, "next_attempt_at": r.next_attempt_at,
                    "last_error": r.last_error, "sent_at": r.sent_at,
                    "attachments": r.mail.attachments.iter().map(|a| &a.0).collect::<Vec<_>>(),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string(&list)?)?;
        return Ok(());
    }
    let counts = |s: &str| rows.iter().filter(|r| r.status == s).count();
    writeln!(
        out,
        "{} queued, {} failed, {} sent",
        counts("queued"),
        counts("failed"),
        counts("sent")
    )?;
    for r in &rows {
        let when = match r.status.as_str() {
            "sent" => r.sent_at.clone().unwrap_or_default(),
            _ => format!("next {}", r.next_attempt_at),
        };
        writeln!(
            out,
            "{:>5} {:<6} {:<21} {:<32} {} — {}",
            r.id,
            r.status,
            r.mail.kind,
            when,
            r.mail.recipients.join(", "),
            r.mail.subject
        )?;
        if let Some(e) = &r.last_error {
            writeln!(out, "      attempts {}: {e}", r.attempts)?;
        }
    }
    Ok(())
}
