//! What a page handler receives and gives back, in one place: [`Page`] (who is looking, their
//! CSRF token and the message the last POST left), [`Fields`] (a posted form with its repeated
//! keys), and [`flash`] (the message a POST leaves for the page it goes back to).

use super::Desk;
use super::auth::Account;
use super::guard;
use super::view::PageError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use tower_sessions::Session;

/// The session key of the message a POST leaves.
const FLASH: &str = "flash";

/// A logged-in page: the account (put there by [`guard::require_login`]) and its session.
pub struct Page {
    /// Who is looking.
    pub me: Account,
    session: Session,
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Page, Response> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        // Only routes behind `require_login` use a Page; without an account, log in first.
        let me = parts.extensions.get::<Account>().cloned();
        let me = me.ok_or_else(|| Redirect::to("/login").into_response())?;
        Ok(Page { me, session })
    }
}

impl Page {
    /// Renders `name` with `context`, the shell's values and the message left by the last POST
    /// (shown once).
    pub async fn render(&self, desk: &Desk, name: &str, context: impl serde::Serialize) -> Result<Response, PageError> {
        let csrf = guard::token(&self.session).await?;
        let left = self.session.remove::<Value>(FLASH).await?.unwrap_or(Value::Null);
        let left = minijinja::Value::from(minijinja::value::Serde(left));
        desk.view.render_with(name, Some(&self.me), &csrf, left, context)
    }

    /// Leaves `ok` or an error `text` (and what was typed, to fill the form again) for the
    /// next page, and goes to `to`.
    pub async fn back(&self, to: &str, ok: bool, text: &str, typed: Value) -> Result<Response, PageError> {
        flash(&self.session, ok, text, typed).await?;
        Ok(Redirect::to(to).into_response())
    }
}

/// Leaves a message for the next page of this session.
pub async fn flash(session: &Session, ok: bool, text: &str, typed: Value) -> Result<(), PageError> {
    session
        .insert(FLASH, json!({"ok": ok, "text": text, "typed": typed}))
        .await?;
    Ok(())
}

/// A posted form as pairs in order: checkboxes repeat their name, which serde's forms drop.
pub struct Fields(Vec<(String, String)>);

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Fields, Response> {
        let body = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Fields(form_urlencoded::parse(&body).into_owned().collect()))
    }
}

impl Fields {
    /// The first value of `key`, trimmed; empty when absent.
    pub fn get(&self, key: &str) -> &str {
        self.0.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v.trim())
    }

    /// Whether `key` was sent at all (a ticked checkbox).
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// Every value of `key`, in order.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}
