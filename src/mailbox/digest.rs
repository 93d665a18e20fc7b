//! The staff's daily digest of the mailbox: each message that was neither a report nor a
//! reply to a receipt, listed once (the ledger marks it in the same transaction that queues
//! the digest), so a message nobody expected is seen by a person and never answered by baocao.

use crate::config::Settings;
use crate::deliver::{DigestEntry, MailKind, StaffMailDigest};
use crate::store::{OtherMail, QueuedMail, Store, StoreError};

/// Queues today's digest when there is something to list and a staff address to send it to;
/// returns how many messages it lists.
pub fn queue(
    settings: &Settings,
    store: &mut Store,
    today: jiff::civil::Date,
    now: jiff::Timestamp,
) -> Result<usize, StoreError> {
    let (Some(staff), Some(m)) = (settings.mail.staff.as_ref(), settings.mailbox.as_ref()) else {
        return Ok(0);
    };
    let others = store.undigested_mail()?;
    if others.is_empty() {
        return Ok(0);
    }
    let context = StaffMailDigest {
        date: today.to_string(),
        folder: m.folder.clone(),
        left: m.others == super::Others::Leave,
        entries: others.iter().map(|o| entry(settings, o)).collect(),
    };
    let (subject, body) = match settings.mail_templates.render(MailKind::StaffMailDigest, &context) {
        Ok(rendered) => rendered,
        Err(e) => {
            tracing::error!(error = %e, "mail template failed; the digest waits for a fixed template");
            return Ok(0);
        }
    };
    let first = others[0].id;
    // The first message listed names the digest: a second one the same day lists others.
    let id = format!("staff-mail-digest-{today}-{first}");
    let mail = QueuedMail::plain(MailKind::StaffMailDigest.name(), id, staff.to_string(), subject, body);
    let ids: Vec<i64> = others.iter().map(|o| o.id).collect();
    store.digest_mail(&ids, &mail, now)?;
    Ok(ids.len())
}

fn entry(settings: &Settings, o: &OtherMail) -> DigestEntry {
    let refused: Vec<(String, String)> = o
        .refused
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_default();
    DigestEntry {
        sender: o.sender.clone().unwrap_or_default(),
        subject: o.subject.clone(),
        received: o
            .received_at
            .parse()
            .map_or(o.received_at.clone(), |t| super::reply::local(settings, t)),
        refused: refused.into_iter().map(|(n, r)| format!("{n}: {r}")).collect(),
    }
}
