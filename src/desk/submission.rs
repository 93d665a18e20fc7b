//! `/submissions/{id}`: one report as received — every field with its value and where it was
//! read from, corrections, review items, the decisions, its history, the e-mails about it,
//! and the original file to download.

use super::Desk;
use super::page::Page;
use super::view::PageError;
use crate::commands::status::local_time;
use crate::config::Settings;
use crate::form::FieldKind;
use crate::model::{Period, Status};
use crate::store::{Store, StoreError, SubmissionRow};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The submission page.
pub async fn page(State(desk): State<Desk>, page: Page, Path(id): Path<i64>) -> Result<Response, PageError> {
    let settings = desk.settings.clone();
    let context = desk.db.run(move |store| context(&settings, store, id)).await?;
    let context = context.ok_or_else(|| PageError::NotFound(format!("bản báo cáo số {id}")))?;
    page.render(&desk, "submission.html", context).await
}

/// The original file, as the chapter sent it.
pub async fn file(State(desk): State<Desk>, Path(id): Path<i64>) -> Result<Response, PageError> {
    let row = desk.db.run(move |store| store.by_id(id)).await?;
    let row = row.ok_or_else(|| PageError::NotFound(format!("bản báo cáo số {id}")))?;
    // Before it is filed the file is still where it was taken from.
    let path = if row.moved { &row.stored_path } else { &row.source_path };
    let bytes = read_file(path.clone())
        .await
        .map_err(|_| PageError::NotFound(format!("tệp gốc “{}”", row.file_name)))?;
    let headers = [
        (header::CONTENT_TYPE, "application/octet-stream".to_string()),
        (header::CONTENT_DISPOSITION, attachment(&row.file_name)),
    ];
    Ok((headers, bytes).into_response())
}

/// A file's bytes, read on a blocking thread.
pub async fn read_file(path: impl AsRef<std::path::Path> + Send + 'static) -> std::io::Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || std::fs::read(path))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
}

/// `attachment` with an ASCII fallback name and the real name in RFC 5987 form.
pub fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn context(settings: &Settings, store: &Store, id: i64) -> Result<Option<Value>, StoreError> {
    let Some(row) = store.by_id(id)? else {
        return Ok(None);
    };
    let chapter = row.chapter.as_deref().and_then(|c| settings.registry.get(c));
    let period = row.period.as_deref().and_then(Period::parse_code);
    let history = match (&row.chapter, &period) {
        (Some(c), Some(p)) => store.history(c, p)?,
        _ => vec![row.clone()],
    };
    let audit = store.audit_of(id)?;
    let open = store.review_items(id)?;
    let items: Vec<Value> = store
        .all_review_items(id)?
        .into_iter()
        .map(|(field, message)| {
            let still = open.iter().any(|(f, m)| f == &field && m == &message);
            json!({"field": field, "message": message, "open": still})
        })
        .collect();
    let counts = matches!(row.status, Status::Accepted | Status::NeedsReview);
    let comments: Vec<Value> = store
        .comments(id)?
        .into_iter()
        .map(|c| {
            let at = c
                .received_at
                .parse()
                .map_or(c.received_at.clone(), |t| local_time(settings, t));
            json!({"sender": c.sender, "at": at, "text": c.body})
        })
        .collect();
    let mails: Vec<Value> = store
        .mails_about(&row.sha256, id)?
        .into_iter()
        .map(|m| {
            json!({"subject": m.mail.subject, "to": m.mail.recipients.join(", "), "status": m.status,
            "sent_at": m.sent_at.as_deref().and_then(|t| t.parse().ok()).map(|t| local_time(settings, t))})
        })
        .collect();
    Ok(Some(json!({
        "title": format!("{} — {}", chapter.map_or("Đơn vị chưa rõ", |c| c.name.as_str()),
            period.map_or("kỳ chưa rõ".into(), |p| p.label_vi())),
        "active": "grid",
        "submission": brief(settings, &row),
        "chapter": chapter.map(|c| json!({"code": c.code, "name": c.name})),
        "period": period.map(|p| json!({"code": p.to_string(), "label": p.label_vi()})),
        "counts": counts,
        "in_review": row.status == Status::NeedsReview,
        "fields": fields(settings, store, &row, &audit)?,
        "items": items,
        "history": history.iter().map(|h| brief(settings, h)).collect::<Vec<_>>(),
        "audit": audit.iter().map(|a| super::lists::audit_entry(settings, store, a)).collect::<Vec<_>>(),
        "mails": mails,
        "comments": comments,
    })))
}

fn brief(settings: &Settings, row: &SubmissionRow) -> Value {
    json!({
        "id": row.id, "file": row.file_name, "status": row.status, "status_words": row.status.label_vi(),
        "received": local_time(settings, row.received_at), "reason": row.reason, "format": row.format,
    })
}

/// Every field of the form in its order: the value that counts, where it was read, whether a
/// person corrected it (and what was read), and whether it can be corrected here.
fn fields(
    settings: &Settings,
    store: &Store,
    row: &SubmissionRow,
    audit: &[crate::store::AuditRow],
) -> Result<Vec<Value>, StoreError> {
    let Some(form) = settings
        .forms
        .iter()
        .find(|f| row.form.as_deref() == Some(f.id.as_str()))
    else {
        return Ok(vec![]);
    };
    let values = store.values(row.id)?;
    let open = store.review_items(row.id)?;
    let open_fields: Vec<&str> = open.iter().filter_map(|(f, _)| f.as_deref()).collect();
    let units = owing(settings, store, row)?;
    let fields = form.fields.iter().map(|field| {
        let stored = values.iter().find(|(k, _, _)| k == &field.key);
        let corrections: Vec<&crate::store::AuditRow> = audit
            .iter()
            .filter(|a| a.action == "correct" && a.field.as_deref() == Some(field.key.as_str()))
            .collect();
        let read = corrections
            .first()
            .map(|c| c.old.as_deref().map(|v| show(settings, field.kind, v)));
        json!({
            "key": field.key,
            "label": field.label,
            "kind": format!("{:?}", field.kind).to_lowercase(),
            "value": stored.map(|(_, v, _)| show(settings, field.kind, v)),
            "source": stored.and_then(|(_, _, s)| s.clone()),
            "source_words": stored.and_then(|(_, _, s)| s.as_deref().map(source_words)),
            "document": stored.and_then(|(_, _, s)| s.as_deref().map(|s| document_link(row.id, s))),
            "flagged": open_fields.contains(&field.key.as_str()),
            "corrected": !corrections.is_empty(),
            "read": read.flatten(),
            "editable": match field.kind {
                FieldKind::Chapter => !units.is_empty(),
                FieldKind::Period => false,
                _ => true,
            },
            "choices": (field.kind == FieldKind::Chapter).then_some(&units),
            "long": field.kind == FieldKind::Section,
        })
    });
    Ok(fields.collect())
}

/// The units a person may count `row` for: those owing its period (none when the period is
/// unknown), as `[{code, name}]`.
fn owing(settings: &Settings, store: &Store, row: &SubmissionRow) -> Result<Vec<Value>, StoreError> {
    let Some(period) = row.period.as_deref().and_then(Period::parse_code) else {
        return Ok(vec![]);
    };
    let units = crate::owed::asked(&settings.registry, store, &period)?;
    Ok(units
        .into_iter()
        .map(|c| json!({"code": c.code, "name": c.name, "current": row.chapter.as_deref() == Some(c.code.as_str())}))
        .collect())
}

/// The document view of submission `id` with the cell at `source` in view.
fn document_link(id: i64, source: &str) -> String {
    let query: String = form_urlencoded::byte_serialize(source.as_bytes()).collect();
    format!(
        "/submissions/{id}/document?o={query}#{}",
        super::document::anchor(source)
    )
}

/// Where a value was read, in words: `table 2 row 5 col 4` → `bảng 2, dòng 5, cột 4`,
/// `page 1 line 12` → `trang 1, dòng 12`, `paragraph 7` → `đoạn 7`; a sheet reference
/// (`Báo cáo!D11`) is written as Excel writes it.
pub fn source_words(source: &str) -> String {
    let words: Vec<&str> = source.split(' ').collect();
    let said = |w: &str| match w {
        "table" => Some("bảng"),
        "row" | "line" => Some("dòng"),
        "col" => Some("cột"),
        "page" => Some("trang"),
        "paragraph" => Some("đoạn"),
        _ => None,
    };
    let pairs = words.len().is_multiple_of(2)
        && words
            .chunks(2)
            .all(|p| said(p[0]).is_some() && p[1].parse::<u32>().is_ok());
    if !pairs {
        return source.to_string();
    }
    let parts: Vec<String> = words
        .chunks(2)
        .map(|p| format!("{} {}", said(p[0]).unwrap_or(p[0]), p[1]))
        .collect();
    parts.join(", ")
}

/// A stored JSON value written for reading: `1.234`, `15/06/2026`, a chapter's name.
pub fn show(settings: &Settings, kind: FieldKind, json: &str) -> String {
    let value: Value = serde_json::from_str(json).unwrap_or(Value::String(json.to_string()));
    match (kind, &value) {
        (_, Value::Number(n)) => n.as_i64().map_or(n.to_string(), crate::notices::group_thousands),
        (FieldKind::Date, Value::String(s)) => s
            .parse::<jiff::civil::Date>()
            .map_or(s.clone(), |d| d.strftime("%d/%m/%Y").to_string()),
        (FieldKind::Period, Value::String(s)) => Period::parse_code(s).map_or(s.clone(), |p| p.label_vi()),
        (FieldKind::Chapter, Value::String(s)) => settings.registry.get(s).map_or(s.clone(), |c| c.name.clone()),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::source_words;

    #[test]
    fn places_are_written_in_vietnamese_and_sheet_cells_as_excel_does() {
        assert_eq!(source_words("table 2 row 5 col 4"), "bảng 2, dòng 5, cột 4");
        assert_eq!(source_words("page 1 line 12"), "trang 1, dòng 12");
        assert_eq!(source_words("paragraph 7"), "đoạn 7");
        assert_eq!(source_words("Báo cáo!D11"), "Báo cáo!D11");
        assert_eq!(source_words("table row"), "table row");
    }
}
