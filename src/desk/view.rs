//! The desk's pages: minijinja templates (`templates/desk/*.html`, each overridable by the
//! province like the mail texts, checked at start), the shell every page shares, and the
//! error page.

use super::auth::Account;
use crate::store::StoreError;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::Environment;
use std::path::Path;

/// The pages, with their built-in copies.
const PAGES: [(&str, &str); 10] = [
    ("base.html", include_str!("../../templates/desk/base.html")),
    ("login.html", include_str!("../../templates/desk/login.html")),
    ("grid.html", include_str!("../../templates/desk/grid.html")),
    ("submission.html", include_str!("../../templates/desk/submission.html")),
    ("document.html", include_str!("../../templates/desk/document.html")),
    ("requests.html", include_str!("../../templates/desk/requests.html")),
    ("reports.html", include_str!("../../templates/desk/reports.html")),
    ("outbox.html", include_str!("../../templates/desk/outbox.html")),
    ("audit.html", include_str!("../../templates/desk/audit.html")),
    ("chapters.html", include_str!("../../templates/desk/chapters.html")),
];

const CSS: &str = include_str!("../../templates/desk/desk.css");

/// The loaded templates.
pub struct View {
    env: Environment<'static>,
}

impl View {
    /// Loads each page from `templates/desk/` where the province has its own copy, else the
    /// built-in one. A syntax error is reported now, naming the file.
    pub fn load(templates: Option<&Path>) -> Result<View, String> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        for (name, embedded) in PAGES {
            let own = templates.map(|t| t.join("desk").join(name)).filter(|p| p.is_file());
            let (origin, source) = match own {
                Some(path) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                    (path.display().to_string(), text)
                }
                None => (format!("templates/desk/{name} (embedded)"), embedded.to_string()),
            };
            env.add_template_owned(name, source)
                .map_err(|e| format!("{origin}: {e}"))?;
        }
        Ok(View { env })
    }

    /// Renders page `name` with `context` and the shell's values: `me` (the account), `csrf`
    /// (for every form's hidden `csrf_token`).
    pub fn render(
        &self,
        name: &str,
        me: Option<&Account>,
        csrf: &str,
        context: impl serde::Serialize,
    ) -> Result<Response, PageError> {
        self.render_with(name, me, csrf, minijinja::Value::UNDEFINED, context)
    }

    /// [`View::render`] with a `flash` message for the page (the page's own `flash`, if it
    /// has one, comes first). The context goes to the template as it is, never through an
    /// intermediate JSON tree: the grid is hundreds of cells.
    pub fn render_with(
        &self,
        name: &str,
        me: Option<&Account>,
        csrf: &str,
        flash: minijinja::Value,
        context: impl serde::Serialize,
    ) -> Result<Response, PageError> {
        use minijinja::{Value, context};
        let me = me.map(|m| context! {login => &m.login, name => &m.name, staff => m.is_staff()});
        let context = minijinja::value::merge_maps([
            context! {me => me.unwrap_or_default(), csrf => csrf},
            Value::from(minijinja::value::Serde(&context)),
            context! {flash => flash},
        ]);
        let html = self
            .env
            .get_template(name)
            .and_then(|t| t.render(context))
            .map_err(|e| PageError::Template(format!("{name}: {e:#}")))?;
        Ok(Html(html).into_response())
    }
}

/// The style sheet.
pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

/// `&`, `<`, `>`, `"` and `'` written as entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Why a page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// No such submission, period, file.
    #[error("{0}")]
    NotFound(String),
    /// The database failed: not the person's fault.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A template failed to render (a province's edited copy, usually).
    #[error("template {0}")]
    Template(String),
    /// The session could not be read or written.
    #[error("session: {0}")]
    Session(#[from] tower_sessions::session::Error),
    /// Something else the server could not do (a file, the compiler).
    #[error("{0}")]
    Server(String),
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            PageError::NotFound(what) => (StatusCode::NOT_FOUND, format!("Không tìm thấy {what}.")),
            other => {
                tracing::error!(error = %other, "desk page failed");
                let message = "Hệ thống tạm thời không thực hiện được yêu cầu này (lỗi không do đồng chí). \
                               Đồng chí hãy thử lại sau ít phút; nếu vẫn lỗi, báo cho cán bộ quản trị.";
                (StatusCode::INTERNAL_SERVER_ERROR, message.to_string())
            }
        };
        super::guard::refuse(status, &message)
    }
}
