//! The desk's POSTs on a submission: correct a field, accept, ask for a resend, refuse — each
//! through [`crate::review`] (the same operations as `baocao correct` and friends), then back
//! to the page with a message saying what was done or why not (the typed text kept).

use super::Desk;
use super::auth::Account;
use super::view::PageError;
use crate::review::{self, ReviewError};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use serde_json::{Value, json};
use tower_sessions::Session;

const FLASH: &str = "flash";

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
    Extension(me): Extension<Account>,
    session: Session,
    Path((id, key)): Path<(i64, String)>,
    Form(f): Form<CorrectForm>,
) -> Result<Response, PageError> {
    let (settings, now, by) = (desk.settings.clone(), desk.clock.now(), me.login.clone());
    let (field, value, reason) = (key.clone(), f.value.clone(), f.reason.clone());
    let done = desk
        .db
        .run(move |store| review::correct(&settings, store, (id, &field, &value), &reason, &by, now))
        .await;
    let said = match &done {
        Ok(d) if d.status == crate::model::Status::Accepted && d.change.is_some() => {
            "Đã sửa. Bản báo cáo không còn mục nào cần xem lại nên đã được tiếp nhận.".to_string()
        }
        Ok(_) => "Đã sửa; giá trị mới được dùng khi tổng hợp.".to_string(),
        Err(_) => String::new(),
    };
    let typed = json!({"field": key, "value": f.value, "reason": f.reason});
    finish(&desk, &session, id, done.map(|_| said), typed, &format!("f-{key}")).await
}

/// `POST /submissions/{id}/accept`.
pub async fn accept(
    State(desk): State<Desk>,
    Extension(me): Extension<Account>,
    session: Session,
    Path(id): Path<i64>,
    Form(f): Form<NoteForm>,
) -> Result<Response, PageError> {
    let (now, by, note) = (desk.clock.now(), me.login.clone(), f.note.clone());
    let done = desk
        .db
        .run(move |store| review::accept(store, id, Some(&note), &by, now))
        .await;
    let said = done.map(|_| "Đã tiếp nhận bản báo cáo như đã gửi.".to_string());
    finish(&desk, &session, id, said, json!({"note": f.note}), "decide").await
}

/// `POST /submissions/{id}/resend`.
pub async fn resend(
    State(desk): State<Desk>,
    Extension(me): Extension<Account>,
    session: Session,
    Path(id): Path<i64>,
    Form(f): Form<NoteForm>,
) -> Result<Response, PageError> {
    let (settings, now, by, note) = (
        desk.settings.clone(),
        desk.clock.now(),
        me.login.clone(),
        f.note.clone(),
    );
    let done = desk
        .db
        .run(move |store| review::ask_resend(&settings, store, id, &note, &by, now))
        .await;
    let said = done.map(|_| "Đã gửi thư đề nghị đơn vị gửi lại báo cáo.".to_string());
    finish(&desk, &session, id, said, json!({"note": f.note}), "decide").await
}

/// `POST /submissions/{id}/reject`.
pub async fn reject(
    State(desk): State<Desk>,
    Extension(me): Extension<Account>,
    session: Session,
    Path(id): Path<i64>,
    Form(f): Form<NoteForm>,
) -> Result<Response, PageError> {
    let (settings, now, by, note) = (
        desk.settings.clone(),
        desk.clock.now(),
        me.login.clone(),
        f.note.clone(),
    );
    let done = desk
        .db
        .run(move |store| review::reject(&settings, store, id, &note, &by, now))
        .await;
    let said = done.map(|_| "Đã không tiếp nhận bản báo cáo; đơn vị được báo lý do.".to_string());
    finish(&desk, &session, id, said, json!({"reject": f.note}), "decide").await
}

/// Keeps the outcome for the page and goes back to it; a store failure is the server's.
async fn finish(
    desk: &Desk,
    session: &Session,
    id: i64,
    done: Result<String, ReviewError>,
    typed: Value,
    anchor: &str,
) -> Result<Response, PageError> {
    let flash = match done {
        Ok(text) => {
            desk.mail_queued.notify_one();
            json!({"ok": true, "text": text})
        }
        Err(ReviewError::Store(e)) => return Err(PageError::Store(e)),
        Err(ReviewError::NoSubmission(_)) => return Err(PageError::NotFound(format!("bản báo cáo số {id}"))),
        Err(e) => json!({"ok": false, "text": upper_first(&e.to_string()), "typed": typed}),
    };
    session.insert(FLASH, flash).await?;
    Ok(Redirect::to(&format!("/submissions/{id}#{anchor}")).into_response())
}

/// The message kept by the last POST, once.
pub async fn take_flash(session: &Session) -> Result<Value, PageError> {
    Ok(session.remove::<Value>(FLASH).await?.unwrap_or(Value::Null))
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}
