//! The desk's ad-hoc requests: those opened, how many chapters answered, and a form to open
//! one (subject, deadline, which chapters).

use super::Desk;
use super::page::{Fields, Page};
use super::view::PageError;
use crate::store::StoreError;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

/// `/requests`.
pub async fn page(State(desk): State<Desk>, page: Page) -> Result<Response, PageError> {
    let settings = desk.settings.clone();
    let requests = desk
        .db
        .run(move |store| {
            let mut shown = Vec::new();
            for r in store.requests()?.into_iter().rev() {
                let standing = crate::owed::owed(&settings, store, &r.period)?.standing;
                let received = standing.iter().filter(|s| s.current.is_some()).count();
                shown.push(
                    json!({"code": r.period.to_string(), "label": r.period.label_vi(), "title": r.title,
                    "due": r.due.strftime("%d/%m/%Y").to_string(), "asked": standing.len(), "received": received}),
                );
            }
            Ok::<_, StoreError>(shown)
        })
        .await?;
    let today = desk
        .clock
        .now()
        .to_zoned_datetime(desk.settings.timezone.clone())
        .date();
    let chapters: Vec<Value> = desk
        .settings
        .registry
        .active_on(today)
        .map(|c| json!({"code": c.code, "name": c.name}))
        .collect();
    let context = json!({"title": "Báo cáo đột xuất", "active": "requests", "requests": requests,
        "chapters": chapters});
    page.render(&desk, "requests.html", context).await
}

/// `POST /requests`: `title`, `due` (a date), `all` or one `chapter` per chapter asked.
pub async fn open(State(desk): State<Desk>, page: Page, form: Fields) -> Result<Response, PageError> {
    let title = form.get("title").to_string();
    let due = crate::review::parse_value(crate::form::FieldKind::Date, form.get("due"))
        .ok()
        .and_then(|v| v.as_str()?.parse::<jiff::civil::Date>().ok());
    // Every unit that exists on the due day (today's when the day cannot be read).
    let registry = desk.settings.registry.as_of(due.unwrap_or_else(|| {
        desk.clock
            .now()
            .to_zoned_datetime(desk.settings.timezone.clone())
            .date()
    }));
    let chapters: Vec<String> = if form.has("all") {
        registry.chapters().iter().map(|c| c.code.clone()).collect()
    } else {
        form.all("chapter")
            .filter_map(|c| registry.get(c))
            .map(|c| c.code.clone())
            .collect()
    };
    let problem = match (&title, due, chapters.is_empty()) {
        (t, _, _) if t.is_empty() => Some("Chưa ghi nội dung yêu cầu báo cáo."),
        (_, None, _) => Some("Hạn nộp chưa đúng dạng ngày/tháng/năm (ví dụ 30/12/2026)."),
        (_, _, true) => Some("Chưa chọn đơn vị nào phải báo cáo."),
        _ => None,
    };
    let Some(due) = due.filter(|_| problem.is_none()) else {
        return page
            .back("/requests", false, problem.unwrap_or_default(), Value::Null)
            .await;
    };
    let (now, by) = (desk.clock.now(), page.me.login.clone());
    let request = desk
        .db
        .run(move |store| {
            let request = store.add_request(&title, due, &chapters, None, now)?;
            store.log_act(&by, "request", &format!("{}: {}", request.period, request.title), now)?;
            Ok::<_, StoreError>(request)
        })
        .await?;
    let text = format!(
        "Đã mở {} (mã {}), hạn nộp {}; các đơn vị được nhắc theo lịch.",
        request.period.label_vi(),
        request.period,
        due.strftime("%d/%m/%Y")
    );
    page.back("/requests", true, &text, Value::Null).await
}
