//! The desk's ad-hoc requests: those opened, how many chapters answered, and a form to open
//! one (subject, deadline, which chapters).

use super::auth::Account;
use super::view::PageError;
use super::{Desk, decide, guard};
use crate::store::StoreError;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use tower_sessions::Session;

/// `/requests`.
pub async fn page(
    State(desk): State<Desk>,
    Extension(me): Extension<Account>,
    session: Session,
) -> Result<Response, PageError> {
    let csrf = guard::token(&session).await?;
    let flash = decide::take_flash(&session).await?;
    let settings = desk.settings.clone();
    let requests = desk
        .db
        .run(move |store| {
            let mut shown = Vec::new();
            for r in store.requests()?.into_iter().rev() {
                let (_, standing) = crate::owed::owed(&settings, store, &r.period)?;
                let received = standing.iter().filter(|s| s.current.is_some()).count();
                shown.push(
                    json!({"code": r.period.to_string(), "label": r.period.label_vi(), "title": r.title,
                    "due": r.due.strftime("%d/%m/%Y").to_string(), "asked": standing.len(), "received": received}),
                );
            }
            Ok::<_, StoreError>(shown)
        })
        .await?;
    let chapters: Vec<Value> = desk
        .settings
        .registry
        .chapters()
        .iter()
        .map(|c| json!({"code": c.code, "name": c.name}))
        .collect();
    let context = json!({"title": "Báo cáo đột xuất", "active": "requests", "requests": requests,
        "chapters": chapters, "flash": flash});
    desk.view.render("requests.html", Some(&me), &csrf, context)
}

/// `POST /requests`: `title`, `due` (a date), `all` or one `chapter` per chapter asked.
pub async fn open(
    State(desk): State<Desk>,
    Extension(me): Extension<Account>,
    session: Session,
    body: Bytes,
) -> Result<Response, PageError> {
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map_or("", |(_, v)| v.as_str())
            .trim()
            .to_string()
    };
    let title = get("title");
    let due = crate::review::parse_value(crate::form::FieldKind::Date, &get("due"))
        .ok()
        .and_then(|v| v.as_str()?.parse::<jiff::civil::Date>().ok());
    let registry = &desk.settings.registry;
    let chapters: Vec<String> = if form.iter().any(|(k, _)| k == "all") {
        registry.chapters().iter().map(|c| c.code.clone()).collect()
    } else {
        let asked = form.iter().filter(|(k, _)| k == "chapter").map(|(_, v)| v.as_str());
        asked.filter_map(|c| registry.get(c)).map(|c| c.code.clone()).collect()
    };
    let problem = match (&title, due, chapters.is_empty()) {
        (t, _, _) if t.is_empty() => Some("Chưa ghi nội dung yêu cầu báo cáo."),
        (_, None, _) => Some("Hạn nộp chưa đúng dạng ngày/tháng/năm (ví dụ 30/12/2026)."),
        (_, _, true) => Some("Chưa chọn đơn vị nào phải báo cáo."),
        _ => None,
    };
    let flash = match (problem, due) {
        (None, Some(due)) => {
            let (now, by) = (desk.clock.now(), me.login.clone());
            let request = desk
                .db
                .run(move |store| {
                    let request = store.add_request(&title, due, &chapters, None, now)?;
                    store.log_act(&by, "request", &format!("{}: {}", request.period, request.title), now)?;
                    Ok::<_, StoreError>(request)
                })
                .await?;
            json!({"ok": true, "text": format!("Đã mở {} (mã {}), hạn nộp {}; các đơn vị được nhắc theo lịch.",
                request.period.label_vi(), request.period, due.strftime("%d/%m/%Y"))})
        }
        (problem, _) => json!({"ok": false, "text": problem.unwrap_or_default()}),
    };
    session.insert("flash", flash).await?;
    Ok(Redirect::to("/requests").into_response())
}
