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
    /// When it was received, RFC 3339 in UTC.
    pub received_at: Option<jiff::Timestamp>,
    pub file: Option<String>,
    pub on_time: Option<bool>,
}

/// The rows for every chapter asked to report (all of them, or an ad-hoc request's).
pub fn rows(settings: &Settings, store: &Store, period: Period) -> anyhow::Result<Vec<StatusRow>> {
    Ok(owed_rows(settings, store, period)?.0)
}

/// The rows, and the period's reports that count for a unit not asked (no row shows them).
fn owed_rows(
    settings: &Settings,
    store: &Store,
    period: Period,
) -> anyhow::Result<(Vec<StatusRow>, Vec<SubmissionRow>)> {
    let crate::owed::Owed { standing, outside, .. } = crate::owed::owed(settings, store, &period)?;
    let rows = standing.into_iter().map(|s| StatusRow {
        chapter: s.code,
        name: s.name,
        period,
        status: s
            .current
            .as_ref()
            .map_or("missing".into(), |c| c.status.as_str().into()),
        received_at: s.current.as_ref().map(|c| c.received_at),
        on_time: s.on_time,
        file: s.current.map(|c| c.file_name),
    });
    Ok((rows.collect(), outside))
}

/// Prints the status table or JSON array.
pub fn print_status(settings: &Settings, period: Period, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let store = Store::open(&settings.database())?;
    let (rows, outside) = owed_rows(settings, &store, period)?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&rows)?)?;
        return Ok(());
    }
    let deadline = store.deadline(&period)?.map_or("-".into(), crate::track::date_words);
    writeln!(out, "Kỳ báo cáo: {} ({period}), hạn nộp {deadline}", period.label_vi())?;
    // Codes of the commune-level units are longer (`P-BAC-NHA-TRANG`): the columns follow.
    let code = rows.iter().map(|r| r.chapter.chars().count()).max().unwrap_or(0).max(4);
    let name = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(6, 40);
    writeln!(
        out,
        "{:<code$} {:<name$} {:<16} {:<16} {:<9} Tệp",
        "Mã", "Đơn vị", "Tình trạng", "Nhận lúc", "Đúng hạn"
    )?;
    for r in &rows {
        let on_time = match r.on_time {
            Some(true) => "đúng hạn",
            Some(false) => "muộn",
            None => "",
        };
        let status = Status::parse(&r.status).map_or("chưa gửi", Status::label_vi);
        let received = r.received_at.map_or("-".into(), |t| local_time(settings, t));
        writeln!(
            out,
            "{:<code$} {:<name$} {:<16} {:<16} {:<9} {}",
            r.chapter,
            r.name,
            status,
            received,
            on_time,
            r.file.as_deref().unwrap_or("")
        )?;
    }
    print_outside(settings, &outside, out)?;
    print_unfinished(settings, &store, out)
}

/// The period's reports that count for a unit not owing it, which no row of the table shows.
fn print_outside(settings: &Settings, outside: &[SubmissionRow], out: &mut impl Write) -> anyhow::Result<()> {
    if outside.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\nBáo cáo của đơn vị không phải gửi báo cáo kỳ này (cần xác định lại đơn vị gửi):"
    )?;
    for s in outside {
        let chapter = s.chapter.as_deref().unwrap_or_default();
        let name = settings.registry.get(chapter).map_or(chapter, |c| c.name.as_str());
        writeln!(
            out,
            "  số {}: {} ({name}), nhận lúc {}",
            s.id,
            s.file_name,
            local_time(settings, s.received_at)
        )?;
    }
    Ok(())
}

/// The files not taken yet (waiting for a retry, stuck, or waiting to be filed), if any.
fn print_unfinished(settings: &Settings, store: &Store, out: &mut impl Write) -> anyhow::Result<()> {
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
        "\nTệp chưa tiếp nhận được (không do lỗi của đơn vị; hệ thống tự thử lại):"
    )?;
    for f in &files {
        let next = f.next_attempt_at.map_or("-".to_string(), |t| local_time(settings, t));
        let state = match f.state.as_str() {
            "stuck" => "bị kẹt",
            "recorded" => "chờ lưu trữ",
            _ => "chờ thử lại",
        };
        writeln!(out, "{state:<12} {} lần, lần tới {next}: {}", f.attempts, f.source_path)?;
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
    let chapter = settings.registry.find(chapter).with_context(|| {
        let codes: Vec<&str> = settings.registry.chapters().iter().map(|c| c.code.as_str()).collect();
        format!("unknown chapter `{chapter}`; the chapters are: {}", codes.join(", "))
    })?;
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
    let audit = current.map(|s| store.audit_of(s.id)).transpose()?.unwrap_or_default();
    let corrections: Vec<_> = audit.iter().filter(|a| a.action == "correct").collect();
    let comments = current.map(|s| store.comments(s.id)).transpose()?.unwrap_or_default();
    let when = |at: &str| at.parse().map_or(at.to_string(), |t| local_time(settings, t));
    if json {
        let parsed = |v: &Option<String>| {
            v.as_deref()
                .and_then(|v| serde_json::from_str::<serde_json::Value>(v).ok())
        };
        let value = serde_json::json!({
            "chapter": chapter.code, "period": period,
            "current": current.map(brief),
            "fields": values.iter().map(|(k, v, _)| (k.clone(), serde_json::from_str::<serde_json::Value>(v).unwrap_or_default())).collect::<serde_json::Map<_, _>>(),
            "sources": values.iter().map(|(k, _, s)| (k.clone(), serde_json::json!(s))).collect::<serde_json::Map<_, _>>(),
            "review": review.iter().map(|(f, m)| serde_json::json!({"field": f, "message": m})).collect::<Vec<_>>(),
            "corrections": corrections.iter().map(|a| serde_json::json!({
                "field": a.field, "old": parsed(&a.old), "new": parsed(&a.new), "by": a.by, "at": a.at, "reason": a.note,
            })).collect::<Vec<_>>(),
            "history": history.iter().map(brief).collect::<Vec<_>>(),
            "comments": comments.iter().map(|c| serde_json::json!({
                "sender": c.sender, "at": c.received_at, "text": c.body,
            })).collect::<Vec<_>>(),
        });
        writeln!(out, "{value}")?;
        return Ok(current.is_some());
    }
    writeln!(out, "{} {} — {}", chapter.code, chapter.name, period.label_vi())?;
    match current {
        None => writeln!(out, "chưa nhận được báo cáo nào có giá trị")?,
        Some(s) => writeln!(
            out,
            "bản đang dùng: #{} {} {} (nhận lúc {})",
            s.id,
            s.status.label_vi(),
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
        writeln!(out, "  cần xem lại: {m}")?;
    }
    for c in &comments {
        let sender = c.sender.as_deref().unwrap_or("?");
        writeln!(out, "  ý kiến của đơn vị ({sender}, {}):", when(&c.received_at))?;
        for line in c.body.lines() {
            writeln!(out, "    {line}")?;
        }
    }
    for a in &corrections {
        let shown = |v: &Option<String>| {
            let v = v.as_deref().unwrap_or("-");
            serde_json::from_str::<String>(v).unwrap_or_else(|_| v.to_string())
        };
        let field = a.field.as_deref().unwrap_or("");
        let at = local_time(settings, a.at);
        let (old, new, by, why) = (shown(&a.old), shown(&a.new), &a.by, a.note.as_deref().unwrap_or(""));
        writeln!(out, "  đã sửa {field}: {old} → {new} ({by}, {at}; lý do: {why})")?;
    }
    writeln!(out, "các lần gửi:")?;
    for s in &history {
        writeln!(
            out,
            "  #{:<5} {:<17} {} {}",
            s.id,
            s.status.label_vi(),
            local(settings, s),
            s.file_name
        )?;
    }
    Ok(current.is_some())
}

fn local(settings: &Settings, s: &SubmissionRow) -> String {
    local_time(settings, s.received_at)
}

/// An instant as every screen and mail of baocao writes it: `02/12/2026 01:26`, local time.
pub fn local_time(settings: &Settings, at: jiff::Timestamp) -> String {
    at.to_zoned_datetime(settings.timezone.clone())
        .strftime("%d/%m/%Y %H:%M")
        .to_string()
}

fn brief(s: &SubmissionRow) -> serde_json::Value {
    serde_json::json!({"id": s.id, "status": s.status, "received_at": s.received_at, "file": s.file_name, "stored_path": s.stored_path, "reason": s.reason})
}
