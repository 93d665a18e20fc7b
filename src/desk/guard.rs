//! What every request passes before a page: a session that is logged in (else to `/login`), an
//! account allowed to change things for a POST (viewers get 403), and on every POST the
//! session's CSRF token in the form's hidden `csrf_token` field (else 403).

use super::auth::{Account, Accounts};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use subtle::ConstantTimeEq;
use tower_sessions::Session;

/// The session key of the CSRF token.
const CSRF_KEY: &str = "csrf";
/// Larger forms than this are refused: the desk's forms are a few fields of text.
const MAX_FORM_BYTES: usize = 1 << 20;

/// The session's CSRF token, made on first use.
pub async fn token(session: &Session) -> Result<String, tower_sessions::session::Error> {
    if let Some(token) = session.get::<String>(CSRF_KEY).await? {
        return Ok(token);
    }
    renew(session).await
}

/// A new CSRF token for the session (at login, with the new session id).
pub async fn renew(session: &Session) -> Result<String, tower_sessions::session::Error> {
    let mut bytes = [0u8; 32];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    session.insert(CSRF_KEY, &token).await?;
    Ok(token)
}

/// Refuses a POST whose form does not carry the session's CSRF token.
pub async fn csrf(session: Session, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "Biểu mẫu gửi lên quá lớn.");
    };
    let sent = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "csrf_token")
        .map(|(_, v)| v.into_owned());
    let expected = session.get::<String>(CSRF_KEY).await.ok().flatten();
    let valid = matches!((&sent, &expected), (Some(s), Some(e)) if bool::from(s.as_bytes().ct_eq(e.as_bytes())));
    if !valid {
        return refuse(
            StatusCode::FORBIDDEN,
            "Biểu mẫu đã cũ hoặc phiên làm việc đã hết hạn. Đồng chí hãy tải lại trang rồi làm lại.",
        );
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Sends a session that is not logged in to `/login` (coming back afterwards), refuses a
/// viewer's POST, and hands the account to the page.
pub async fn require_login(auth: axum_login::AuthSession<Accounts>, mut req: Request, next: Next) -> Response {
    let Some(account) = auth.user else {
        let wanted = req.uri().path_and_query().map_or("/", |p| p.as_str());
        let back = if req.method() == Method::GET { wanted } else { "/" };
        let next: String = form_urlencoded::byte_serialize(back.as_bytes()).collect();
        return Redirect::to(&format!("/login?next={next}")).into_response();
    };
    if req.method() == Method::POST && !account.is_staff() && req.uri().path() != "/logout" {
        return refuse(
            StatusCode::FORBIDDEN,
            "Tài khoản của đồng chí chỉ được xem, không được sửa hay quyết định.",
        );
    }
    req.extensions_mut().insert::<Account>(account);
    next.run(req).await
}

/// A short page saying why, with a way back.
pub fn refuse(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Không thực hiện được</title>\
         <link rel=\"stylesheet\" href=\"/desk.css\"></head><body><main><h1>Không thực hiện được</h1>\
         <p class=\"error\">{}</p><p><a href=\"/\">Về trang chính</a></p></main></body></html>",
        super::view::escape(message)
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}
