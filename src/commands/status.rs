//! `baocao status` and `baocao show`: who reported what, read from the store.

use crate::config::Settings;
use crate::model::{Period, Status};
use crate::store::{Store, SubmissionRow};
use anyhow::Context;
use serde::Serialize;
use std::io::Write;

/// One row of `status --json`.
#[derive(Debug, Serialize)]
pub struct StatusRow {
    pub chapter: String,
    pub name: String,
    pub period: Period,
    /// `accepted`, `needs_review`, or `missing` when nothing counts yet.
    pub status: String,
    pub received_at: Option<String>,
    pub file: Option<String>,
    pub on_time: Option<bool>,
}

/// The rows for every chapter asked to report (all of them, or an ad-hoc request's).
pub fn rows(settings: &Settings, store: &Store, period: Period) -> anyhow::Result<Vec<StatusRow>> {
    let deadline = store.deadline(&period)?;
    let request = store.request(&period)?;
    settings
        .registry
        .chapters()
        .iter()
        .filter(|c| request.as_ref().is_none_or(|r| r.chapters.contains(&c.code)))
        .map(|c| {
            let current = store.current(&c.code, &period)?;
            let received = current
                .as_ref()
                .map(|s| s.received_at.to_zoned_datetime(settings.timezone.clone()));
            Ok(StatusRow {
                chapter: c.code.clone(),
                name: c.name.clone(),
                period,
                status: current.as_ref().map_or("missing".into(), |s| s.status.as_str().into()),
                received_at: received
                    .as_ref()
                    .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()),
                file: current.map(|s| s.file_name),
                on_time: received.zip(deadline).map(|(z, d)| z.date() <= d),
            })
        })
        .collect()
}

/// Prints the status table or JSON array.
pub fn print_status(settings: &Settings, period: Period, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let store = Store::open(&settings.database())?;
    let rows = rows(settings, &store, period)?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&rows)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "Period {period} ({}), deadline {}",
        period.label_vi(),
        store
            .deadline(&period)?
            .map_or("-".into(), |d| d.strftime("%d/%m/%Y").to_string())
    )?;
    for r in &rows {
        let on_time = match r.on_time {
            Some(true) => "on time",
            Some(false) => "late",
            None => "",
        };
        writeln!(
            out,
            "{:<4} {:<32} {:<13} {:<26} {:<8} {}",
            r.chapter,
            r.name,
            r.status,
            r.received_at.as_deref().unwrap_or("-"),
            on_time,
            r.file.as_deref().unwrap_or("")
        )?;
    }
    print_unfinished(&store, out)
}

/// The files not taken yet (waiting for a retry, stuck, or waiting to be filed), if any.
fn print_unfinished(store: &Store, out: &mut impl Write) -> anyhow::Result<()> {
    let files: Vec<_> = store
        .unfinished_files()?
        .into_iter()
        .filter(|f| f.state != "reading")
        .collect();
    if files.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\nFiles not taken yet (not the chapters' fault; retried by the daemon):"
    )?;
    for f in &files {
        let next = f.next_attempt_at.map_or("-".to_string(), |t| t.to_string());
        writeln!(
            out,
            "{:<9} tries {:<3} next {:<24} {}  ({})",
            f.state,
            f.attempts,
            next,
            f.source_path,
            f.last_error.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

/// Prints the current submission of a chapter and period with its history.
pub fn print_show(
    settings: &Settings,
    chapter: &str,
    period: &str,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<bool> {
    let chapter = settings
        .registry
        .find(chapter)
        .with_context(|| format!("unknown chapter `{chapter}`"))?;
    let period =
        Period::parse_code(period).with_context(|| format!("`{period}` is not a period (e.g. 2021-H1, 2021-Y)"))?;
    let store = Store::open(&settings.database())?;
    let history = store.history(&chapter.code, &period)?;
    let current = history
        .iter()
        .find(|s| matches!(s.status, Status::Accepted | Status::NeedsReview));
    let values = current.map(|s| store.values(s.id)).transpose()?.unwrap_or_default();
    let review = current
        .map(|s| store.review_items(s.id))
        .transpose()?
        .unwrap_or_default();
    if json {
        let value = serde_json::json!({
            "chapter": chapter.code, "period": period,
            "current": current.map(|s| brief(settings, s)),
            "fields": values.iter().map(|(k, v, _)| (k.clone(), serde_json::from_str::<serde_json::Value>(v).unwrap_or_default())).collect::<serde_json::Map<_, _>>(),
            "sources": values.iter().map(|(k, _, s)| (k.clone(), serde_json::json!(s))).collect::<serde_json::Map<_, _>>(),
            "review": review.iter().map(|(f, m)| serde_json::json!({"field": f, "message": m})).collect::<Vec<_>>(),
            "history": history.iter().map(|s| brief(settings, s)).collect::<Vec<_>>(),
        });
        writeln!(out, "{value}")?;
        return Ok(current.is_some());
    }
    writeln!(out, "{} {} — {}", chapter.code, chapter.name, period.label_vi())?;
    match current {
        None => writeln!(out, "nothing received that counts")?,
        Some(s) => writeln!(
            out,
            "current: #{} {} {} ({})",
            s.id,
            s.status,
            s.file_name,
            local(settings, s)
        )?,
    }
    // In the order the form prints its fields, values unquoted.
    let form = settings
        .forms
        .iter()
        .find(|f| values.iter().all(|(k, _, _)| f.field(k).is_some()));
    let order = |k: &str| {
        form.and_then(|f| f.fields.iter().position(|x| x.key == k))
            .unwrap_or(usize::MAX)
    };
    let mut values = values.clone();
    values.sort_by_key(|(k, _, _)| order(k));
    for (k, v, source) in &values {
        let label = form.and_then(|f| f.field(k)).map_or(k.as_str(), |f| f.label.as_str());
        let shown = serde_json::from_str::<String>(v).unwrap_or_else(|_| v.clone());
        writeln!(out, "  {label:<58} {shown:<20} {}", source.as_deref().unwrap_or(""))?;
    }
    for (_, m) in &review {
        writeln!(out, "  review: {m}")?;
    }
    writeln!(out, "history:")?;
    for s in &history {
        writeln!(
            out,
            "  #{:<5} {:<13} {} {}",
            s.id,
            s.status,
            local(settings, s),
            s.file_name
        )?;
    }
    Ok(current.is_some())
}

fn local(settings: &Settings, s: &SubmissionRow) -> String {
    s.received_at
        .to_zoned_datetime(settings.timezone.clone())
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn brief(settings: &Settings, s: &SubmissionRow) -> serde_json::Value {
    serde_json::json!({"id": s.id, "status": s.status, "received_at": local(settings, s), "file": s.file_name, "stored_path": s.stored_path, "reason": s.reason})
}
