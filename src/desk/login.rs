//! `/login` and `/logout`: the form, the password check (throttled), the session id rotated
//! at login and the session ended at logout.

use super::auth::{Accounts, Credentials, LOCK, Throttle};
use super::view::PageError;
use super::{Desk, guard};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_login::AuthSession;
use serde::Deserialize;
use std::time::Instant;

/// Where to go after logging in.
#[derive(Debug, Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// What the login form posts.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// The login form (a logged-in session goes straight on).
pub async fn form(
    State(desk): State<Desk>,
    auth: AuthSession<Accounts>,
    Query(q): Query<Next>,
) -> Result<Response, PageError> {
    if auth.user.is_some() {
        return Ok(Redirect::to(local(q.next.as_deref())).into_response());
    }
    let csrf = guard::token(&auth.session).await?;
    let context = serde_json::json!({"next": local(q.next.as_deref()), "login": "", "error": null});
    desk.view.render("login.html", None, &csrf, context)
}

/// Checks the password; on success a new session id and CSRF token, then the page asked for.
pub async fn submit(
    State(desk): State<Desk>,
    Extension(throttle): Extension<Throttle>,
    mut auth: AuthSession<Accounts>,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = local(f.next.as_deref()).to_string();
    let again = |auth: &AuthSession<Accounts>, status: StatusCode, error: String| {
        let (desk, login, next, session) = (desk.clone(), f.login.clone(), next.clone(), auth.session.clone());
        async move {
            let csrf = guard::token(&session).await?;
            let context = serde_json::json!({"next": next, "login": login, "error": error});
            let mut page = desk.view.render("login.html", None, &csrf, context)?;
            *page.status_mut() = status;
            Ok::<_, PageError>(page)
        }
    };
    if let Some(wait) = throttle.locked(&f.login, Instant::now()) {
        let seconds = wait.as_secs().max(1);
        let error = format!(
            "Đăng nhập sai {} lần liên tiếp nên tài khoản này tạm khóa {} giây. Đồng chí thử lại sau {seconds} giây.",
            super::auth::MAX_FAILURES,
            LOCK.as_secs()
        );
        return again(&auth, StatusCode::TOO_MANY_REQUESTS, error).await;
    }
    let credentials = Credentials {
        login: f.login.clone(),
        password: f.password.clone(),
    };
    let user = auth
        .authenticate(credentials)
        .await
        .map_err(|e| PageError::Server(e.to_string()))?;
    let Some(user) = user else {
        throttle.failed(&f.login, Instant::now());
        let error = "Tên đăng nhập hoặc mật khẩu không đúng.".to_string();
        return again(&auth, StatusCode::UNAUTHORIZED, error).await;
    };
    throttle.succeeded(&f.login);
    auth.login(&user).await.map_err(|e| PageError::Server(e.to_string()))?;
    guard::renew(&auth.session).await?;
    tracing::info!(login = %user.login, "desk login");
    Ok(Redirect::to(&next).into_response())
}

/// Ends the session.
pub async fn logout(mut auth: AuthSession<Accounts>) -> Result<Response, PageError> {
    auth.logout().await.map_err(|e| PageError::Server(e.to_string()))?;
    Ok(Redirect::to("/login").into_response())
}

/// `next` when it is a path on this site, else `/`: a login link must not send anyone away.
fn local(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/",
    }
}
