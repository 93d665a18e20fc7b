//! The desk's POSTs on a submission: correct a field, accept, ask for a resend, refuse — each
//! through [`crate::review`] (the same operations as `baocao correct` and friends), then back
//! to the page with a message saying what was done or why not (the typed text kept).

use super::Desk;
use super::page::Page;
use super::view::PageError;
use crate::review::{self, ReviewError};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

/// A correction form.
#[derive(Debug, Deserialize)]
pub struct CorrectForm {
    #[serde(default)]
    value: String,
    #[serde(default)]
    reason: String,
}

/// A decision's form: a note or reason.
#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

/// `POST /submissions/{id}/fields/{key}`.
pub async fn correct(
    State(desk): State<Desk>,
    page: Page,
    Path((id, key)): Path<(i64, String)>,
    Form(f): Form<CorrectForm>,
) -> Result<Response, PageError> {
    let (settings, now, by) = (desk.settings.clone(), desk.clock.now(), page.me.login.clone());
    let (field, value, reason) = (key.clone(), f.value.clone(), f.reason.clone());
    let done = desk
        .db
        .run(move |store| review::correct(&settings, store, (id, &field, &value), &reason, &by, now))
        .await;
    // The unit field counts the report for the unit chosen: say which, and what came of it.
    let is_unit = desk
        .settings
        .forms
        .iter()
        .any(|f| f.field(&key).is_some_and(|f| f.kind == crate::form::FieldKind::Chapter));
    let unit = |d: &review::Done| {
        let (_, new) = d.change.as_ref().filter(|_| is_unit)?;
        let code: String = serde_json::from_str(new).ok()?;
        desk.settings.registry.get(&code).map(|c| c.name.clone())
    };
    let said = match &done {
        Ok(d) if unit(d).is_some() => {
            let name = unit(d).unwrap_or_default();
            match d.status {
                crate::model::Status::Superseded => format!(
                    "Đã ghi nhận cho {name}; đơn vị đã có bản báo cáo mới hơn của kỳ này nên bản này không còn được dùng."
                ),
                crate::model::Status::Accepted => {
                    format!("Đã ghi nhận báo cáo cho {name}; bản báo cáo đã được tiếp nhận.")
                }
                _ => format!("Đã ghi nhận báo cáo cho {name}; bản báo cáo còn mục cần xem lại."),
            }
        }
        Ok(d) if d.status == crate::model::Status::Accepted && d.change.is_some() => {
            "Đã sửa. Bản báo cáo không còn mục nào cần xem lại nên đã được tiếp nhận.".to_string()
        }
        Ok(_) => "Đã sửa; giá trị mới được dùng khi tổng hợp.".to_string(),
        Err(_) => String::new(),
    };
    let typed = json!({"field": key, "value": f.value, "reason": f.reason});
    finish(&desk, &page, id, done.map(|_| said), typed, &format!("f-{key}")).await
}

/// The three decisions on a report that needs review, named as in their paths.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Accept it as it is (the note is optional).
    Accept,
    /// Ask the chapter to send it again (the note says what to fix).
    Resend,
    /// Refuse it (the note is the reason the chapter is told).
    Reject,
}

impl Decision {
    fn done(self) -> &'static str {
        match self {
            Decision::Accept => "Đã tiếp nhận bản báo cáo như đã gửi.",
            Decision::Resend => "Đã gửi thư đề nghị đơn vị gửi lại báo cáo.",
            Decision::Reject => "Đã không tiếp nhận bản báo cáo; đơn vị được báo lý do.",
        }
    }
}

/// `POST /submissions/{id}/accept|resend|reject`.
pub async fn decide(
    State(desk): State<Desk>,
    page: Page,
    Path((id, decision)): Path<(i64, Decision)>,
    Form(f): Form<NoteForm>,
) -> Result<Response, PageError> {
    let (settings, now, by, note) = (
        desk.settings.clone(),
        desk.clock.now(),
        page.me.login.clone(),
        f.note.clone(),
    );
    let done = desk
        .db
        .run(move |store| match decision {
            Decision::Accept => review::accept(store, id, Some(&note), &by, now),
            Decision::Resend => review::ask_resend(&settings, store, id, &note, &by, now),
            Decision::Reject => review::reject(&settings, store, id, &note, &by, now),
        })
        .await;
    let typed = json!({"decision": decision, "note": f.note});
    finish(
        &desk,
        &page,
        id,
        done.map(|_| decision.done().to_string()),
        typed,
        "decide",
    )
    .await
}

/// Keeps the outcome for the page and goes back to it; a store failure is the server's.
async fn finish(
    desk: &Desk,
    page: &Page,
    id: i64,
    done: Result<String, ReviewError>,
    typed: Value,
    anchor: &str,
) -> Result<Response, PageError> {
    let to = format!("/submissions/{id}#{anchor}");
    match done {
        Ok(text) => {
            desk.mail_queued.notify_one();
            // Said once, at the top; the form is not filled again.
            page.back(&to, true, &text, Value::Null).await
        }
        Err(ReviewError::Store(e)) => Err(PageError::Store(e)),
        Err(ReviewError::NoSubmission(_)) => Err(PageError::NotFound(format!("bản báo cáo số {id}"))),
        Err(e) => page.back(&to, false, &upper_first(&e.to_string()), typed).await,
    }
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}
