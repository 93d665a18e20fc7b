//! The desk's lists: the outbox (with "retry now"), the audit log, the chapters' registry.

use super::Desk;
use super::page::Page;
use super::view::PageError;
use crate::commands::status::local_time;
use crate::config::Settings;
use crate::store::{AuditRow, Store};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

/// Rows per page of the audit log.
const AUDIT_PAGE: i64 = 100;

/// `?trang=N` (1-based).
#[derive(Debug, Deserialize)]
pub struct PageNumber {
    trang: Option<i64>,
}

/// `/outbox`: every e-mail, newest first, with its state.
pub async fn outbox(State(desk): State<Desk>, page: Page) -> Result<Response, PageError> {
    let rows = desk.db.run(|store| store.outbox()).await?;
    let words = |s: &str| match s {
        "sent" => "đã gửi",
        "failed" => "gửi không được",
        _ => "đang chờ gửi",
    };
    let mails: Vec<Value> = rows
        .iter()
        .take(500)
        .map(|m| {
            json!({"id": m.id, "kind": m.mail.kind, "to": m.mail.recipients.join(", "), "subject": m.mail.subject,
                "status": m.status, "status_words": words(&m.status), "attempts": m.attempts, "error": m.last_error,
                "sent_at": m.sent_at.as_deref().and_then(|t| t.parse().ok()).map(|t| local_time(&desk.settings, t)),
                "retry": m.status != "sent"})
        })
        .collect();
    let context = json!({"title": "Thư đi", "active": "outbox", "mails": mails, "total": rows.len()});
    page.render(&desk, "outbox.html", context).await
}

/// `POST /outbox/{id}/retry`: send it at the next round, now.
pub async fn retry(State(desk): State<Desk>, page: Page, Path(id): Path<i64>) -> Result<Response, PageError> {
    let (now, by) = (desk.clock.now(), page.me.login.clone());
    let retried = desk
        .db
        .run(move |store| {
            let retried = store.retry_mail(id, now)?;
            if retried {
                store.log_act(&by, "retry", &format!("thư số {id}"), now)?;
            }
            Ok::<_, crate::store::StoreError>(retried)
        })
        .await?;
    let text = if retried {
        desk.mail_queued.notify_one();
        format!("Thư số {id} sẽ được gửi lại ngay.")
    } else {
        format!("Thư số {id} đã được gửi hoặc không còn.")
    };
    page.back("/outbox", retried, &text, Value::Null).await
}

/// `/audit`: every change, by whom, newest first.
pub async fn audit(State(desk): State<Desk>, page: Page, Query(q): Query<PageNumber>) -> Result<Response, PageError> {
    let number = q.trang.unwrap_or(1).max(1);
    let settings = desk.settings.clone();
    let entries = desk
        .db
        .run(move |store| {
            let rows = store.audit_log(AUDIT_PAGE + 1, (number - 1) * AUDIT_PAGE)?;
            let more = rows.len() as i64 > AUDIT_PAGE;
            let rows: Vec<Value> = rows
                .iter()
                .take(AUDIT_PAGE as usize)
                .map(|a| audit_entry(&settings, store, a))
                .collect();
            Ok::<_, crate::store::StoreError>((rows, more))
        })
        .await?;
    let context = json!({"title": "Nhật ký thay đổi", "active": "audit", "entries": entries.0,
        "page": number, "more": entries.1});
    page.render(&desk, "audit.html", context).await
}

/// `/chapters`: the units with their history (changed by `baocao units import`, read-only here).
pub async fn chapters(State(desk): State<Desk>, page: Page) -> Result<Response, PageError> {
    let today = desk
        .clock
        .now()
        .to_zoned_datetime(desk.settings.timezone.clone())
        .date();
    let day = |d: Option<jiff::civil::Date>| d.map(|d| d.strftime("%d/%m/%Y").to_string());
    let chapters: Vec<Value> = desk
        .settings
        .registry
        .chapters()
        .iter()
        .map(|c| {
            json!({"code": c.code, "name": c.name, "email": c.email, "aliases": c.aliases.join("; "),
                "level": c.level.word(), "parent": c.parent, "from": day(c.from), "until": day(c.until),
                "active": c.active_on(today)})
        })
        .collect();
    let context = json!({"title": "Đơn vị báo cáo", "active": "chapters", "chapters": chapters});
    page.render(&desk, "chapters.html", context).await
}

/// One audit row as the pages show it: who (full name), when, what, on which report.
pub fn audit_entry(settings: &Settings, store: &Store, a: &AuditRow) -> Value {
    let who = store.user(&a.by).ok().flatten().map_or(a.by.clone(), |u| u.name);
    let submission = a.submission_id.and_then(|id| store.by_id(id).ok().flatten());
    let about = submission.as_ref().map(|s| {
        let chapter = s.chapter.as_deref().and_then(|c| settings.registry.get(c));
        let period = s.period.as_deref().and_then(crate::model::Period::parse_code);
        format!(
            "{} — {}",
            chapter.map_or("đơn vị chưa rõ", |c| c.name.as_str()),
            period.map_or(String::new(), |p| p.label_vi())
        )
    });
    let form = submission
        .as_ref()
        .and_then(|s| settings.forms.iter().find(|f| s.form.as_deref() == Some(&f.id)));
    let field = a
        .field
        .as_deref()
        .map(|k| form.and_then(|f| f.field(k)).map_or(k.to_string(), |f| f.label.clone()));
    let kind = form
        .zip(a.field.as_deref())
        .and_then(|(f, k)| f.field(k))
        .map_or(crate::form::FieldKind::Text, |f| f.kind);
    let value = |v: &Option<String>| v.as_deref().map(|v| super::submission::show(settings, kind, v));
    json!({
        "at": local_time(settings, a.at), "by": a.by, "who": who, "action": a.action, "action_words": action_words(&a.action),
        "submission_id": a.submission_id, "about": about, "field": field, "old": value(&a.old), "new": value(&a.new),
        "note": a.note,
    })
}

fn action_words(action: &str) -> &'static str {
    match action {
        "correct" => "sửa giá trị",
        "accept" => "tiếp nhận",
        "reject" => "không tiếp nhận",
        "resend" => "đề nghị gửi lại",
        "request" => "mở yêu cầu báo cáo đột xuất",
        "compile" => "tổng hợp báo cáo",
        "send" => "gửi báo cáo tổng hợp",
        "retry" => "gửi lại thư",
        "units" => "cập nhật danh sách đơn vị",
        _ => "thay đổi",
    }
}
