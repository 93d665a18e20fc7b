//! The review desk: a web board served by baocao itself where the provincial staff see every
//! chapter's report, check each value beside the place it was read from, correct and accept —
//! every change audited. Server-rendered HTML from editable templates; every page works
//! without JavaScript.
//!
//! - [`auth`]: accounts (the store's users), the login throttle.
//! - [`guard`]: login required, viewers read only, a CSRF token on every POST.
//! - [`view`]: the templates and the page shell; pages live in `grid`, `submission`,
//!   `decide`, `requests`, `reports` and `lists`.
//! - [`sessions`]: tower-sessions' store in the same SQLite file.
//!
//! [`serve`] is the daemon's desk worker (and `baocao serve`); [`router`] is what the tests drive.

mod auth;
pub mod config;
mod db;
mod decide;
mod document;
mod grid;
mod grid_groups;
mod guard;
mod lists;
mod login;
mod page;
mod reports;
mod requests;
mod sessions;
mod strays;
mod submission;
mod tls;
mod unit_reports;
mod view;

pub use auth::{Account, Accounts, Throttle};
pub use config::{WebConfig, WebSettings};
pub use db::Db;
pub use sessions::SqliteSessions;

use crate::config::Settings;
use crate::daemon::Clock;
use crate::store::Store;
use axum::Router;
use axum::routing::{get, post};
use std::sync::Arc;
use tokio::sync::Notify;

/// What every page handler shares.
#[derive(Clone)]
pub struct Desk {
    pub settings: Arc<Settings>,
    pub db: Db,
    /// Sessions and logins on a connection of their own: every request reads its session and
    /// most extend it, and neither should wait behind a page's queries (or an fsync).
    pub sessions: Db,
    pub clock: Clock,
    view: Arc<view::View>,
    /// Rung when a decision queued an e-mail, so the daemon's sender sends it at once.
    pub mail_queued: Arc<Notify>,
}

impl Desk {
    /// A desk over `store` (and a second connection to its file for the sessions); the
    /// templates are loaded and checked here (an error names the file).
    pub fn new(settings: Arc<Settings>, store: Store, clock: Clock, mail_queued: Arc<Notify>) -> Result<Desk, String> {
        let view = view::View::load(settings.templates.as_deref())?;
        let sessions = Store::open_for_sessions(store.path()).map_err(|e| e.to_string())?;
        Ok(Desk {
            settings,
            db: Db::pages(store).map_err(|e| e.to_string())?,
            sessions: Db::new(sessions),
            clock,
            view: Arc::new(view),
            mail_queued,
        })
    }
}

/// The desk's routes with their sessions, login and CSRF layers.
pub fn router(desk: Desk) -> Router {
    let web = &desk.settings.web;
    let sessions = tower_sessions::SessionManagerLayer::new(SqliteSessions::new(desk.sessions.clone()))
        .with_name("baocao_phien")
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Strict)
        .with_secure(web.secure_cookies)
        .with_expiry(tower_sessions::Expiry::OnInactivity(web.idle));
    let accounts = Accounts::new(desk.sessions.clone());
    let auth = axum_login::AuthManagerLayerBuilder::new(accounts, sessions).build();
    let pages = Router::new()
        .route("/", get(grid::page))
        .route("/submissions/{id}", get(submission::page))
        .route("/submissions/{id}/file", get(submission::file))
        .route("/submissions/{id}/document", get(document::page))
        .route("/submissions/{id}/fields/{key}", post(decide::correct))
        .route("/submissions/{id}/{decision}", post(decide::decide))
        .route("/requests", get(requests::page).post(requests::open))
        .route("/reports", get(reports::page).post(reports::compile))
        .route("/reports/{period}/{version}/{kind}", get(reports::download))
        .route("/reports/units/{code}/{period}/{kind}", get(unit_reports::download))
        .route("/outbox", get(lists::outbox))
        .route("/outbox/{id}/retry", post(lists::retry))
        .route("/audit", get(lists::audit))
        .route("/chapters", get(lists::chapters))
        .route("/logout", post(login::logout))
        .route_layer(axum::middleware::from_fn(guard::require_login));
    Router::new()
        .merge(pages)
        .route("/login", get(login::form).post(login::submit))
        .route("/desk.css", get(view::css))
        .layer(axum::middleware::from_fn(guard::csrf))
        .layer(auth)
        .layer(axum::Extension(Throttle::default()))
        .with_state(desk)
}

/// Why the desk could not start.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The address could not be bound (in use, or not this machine's).
    #[error("web desk: cannot listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    /// The templates or the TLS files are wrong.
    #[error("web desk: {0}")]
    Setup(String),
    /// Serving failed.
    #[error("web desk: {0}")]
    Serve(std::io::Error),
}

/// Binds the configured address and checks the TLS files: a failure is reported at start,
/// not at the first visit.
pub async fn bind(settings: &Settings) -> Result<tokio::net::TcpListener, DeskError> {
    if let Some(files) = &settings.web.tls {
        tls::config(files)?;
    }
    let addr = settings.web.listen;
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| DeskError::Listen { addr, source })
}

/// Serves the desk on `listener` until `cancel`; expired sessions are forgotten every few
/// minutes. Requests in flight finish before it returns.
pub async fn serve(
    desk: Desk,
    listener: tokio::net::TcpListener,
    cancel: tokio_util::sync::CancellationToken,
) -> Result<(), DeskError> {
    let local = listener.local_addr().map_err(DeskError::Serve)?;
    let scheme = if desk.settings.web.tls.is_some() {
        "https"
    } else {
        "http"
    };
    tracing::info!("web desk at {scheme}://{local}/");
    let sweeper = sweep_sessions(SqliteSessions::new(desk.sessions.clone()), cancel.clone());
    let app = router(desk.clone());
    let served = async {
        match desk.settings.web.tls.clone() {
            Some(files) => tls::serve(listener, app, &files, cancel.clone()).await,
            None => axum::serve(listener, app)
                .with_graceful_shutdown(cancel.clone().cancelled_owned())
                .await
                .map_err(DeskError::Serve),
        }
    };
    let (served, ()) = tokio::join!(served, sweeper);
    served
}

async fn sweep_sessions(sessions: SqliteSessions, cancel: tokio_util::sync::CancellationToken) {
    loop {
        if let Err(e) = sessions.delete_expired().await {
            tracing::warn!(error = %e, "could not forget expired desk sessions; will retry");
        }
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(std::time::Duration::from_secs(600)) => {}
        }
    }
}
