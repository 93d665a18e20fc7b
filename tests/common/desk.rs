//! A browser-less client for the desk's router (in-process, no network): it keeps the session
//! cookie and the page's CSRF token as a browser would, and two generated reports taken
//! through the real pipeline give the desk something to show.
#![allow(dead_code)]

use super::forms::standard;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use baocao::accounts::{Role, hash_password};
use baocao::desk::{Desk, router};
use baocao::pipeline::{self, Origin};
use baocao::store::{Store, User};
use http_body_util::BodyExt;
use jiff::civil::date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;

pub const PASSWORD: &str = "mat-khau-dai-du";

/// Two reports taken through the real pipeline into a fresh store, on 10/6/2022: chapter A in
/// full, chapter B without the required `critiques_led` (so it needs review); accounts `lan`
/// (staff) and `hoa` (viewer). The figures are the generator's, for the tests to expect.
pub struct Reported {
    pub dir: tempfile::TempDir,
    /// The configuration file (for the CLI).
    pub config: PathBuf,
    pub settings: baocao::config::Settings,
    pub store: Store,
    /// (code, submission id) of each chapter's report.
    pub a: (String, i64),
    pub b: (String, i64),
    pub figures_a: BTreeMap<String, i64>,
    pub figures_b: BTreeMap<String, i64>,
}

pub fn reported() -> Reported {
    let dir = super::tempdir();
    let config = super::config_in(dir.path(), 0.1);
    let settings = baocao::config::Settings::load(Some(&config)).unwrap();
    let mut store = Store::open(&settings.database()).unwrap();
    for (login, name, role) in [
        ("lan", "Nguyễn Thị Lan", Role::Staff),
        ("hoa", "Trần Thị Hoa", Role::Viewer),
    ] {
        let user = User {
            login: login.into(),
            name: name.into(),
            role,
            password_hash: hash_password(PASSWORD).unwrap(),
            created_at: at(6, 1, 8),
        };
        assert!(store.add_user(&user, at(6, 1, 8)).unwrap());
    }
    let chapters = settings.registry.chapters().to_vec();
    let keys = integer_keys();
    let figures_a: BTreeMap<String, i64> = (0..).zip(&keys).map(|(i, k)| (k.clone(), 40 - i)).collect();
    let mut figures_b: BTreeMap<String, i64> = (0..).zip(&keys).map(|(i, k)| (k.clone(), 30 - i)).collect();
    figures_b.remove("critiques_led");
    let mut ids = vec![];
    for (chapter, figures, name) in [
        (&chapters[0], &figures_a, "a.docx"),
        (&chapters[1], &figures_b, "b.docx"),
    ] {
        let path = write_report(dir.path(), name, &chapter.name, figures);
        let outcome = pipeline::process(&settings, &mut store, &path, Origin::External, at(6, 10, 9)).unwrap();
        ids.push(outcome.submission.id);
    }
    Reported {
        a: (chapters[0].code.clone(), ids[0]),
        b: (chapters[1].code.clone(), ids[1]),
        dir,
        config,
        settings,
        store,
        figures_a,
        figures_b,
    }
}

/// The desk over [`reported`]'s store.
pub struct World {
    pub dir: tempfile::TempDir,
    pub settings: Arc<baocao::config::Settings>,
    pub app: axum::Router,
    /// The desk itself, to serve over a real socket (the browser test).
    pub desk: Desk,
    pub a: (String, i64),
    pub b: (String, i64),
    pub figures_a: BTreeMap<String, i64>,
    pub figures_b: BTreeMap<String, i64>,
}

pub fn at(m: i8, d: i8, h: i8) -> jiff::Timestamp {
    super::local(date(2022, m, d), h)
}

pub fn integer_keys() -> Vec<String> {
    let form = baocao::form::Form::embedded();
    let ints = form
        .fields
        .iter()
        .filter(|f| f.kind == baocao::form::FieldKind::Integer);
    ints.map(|f| f.key.clone()).collect()
}

/// The totals row of a compiled workbook's "Số liệu" sheet, by integer field key.
pub fn workbook_totals(settings: &baocao::config::Settings, xlsx: &Path) -> BTreeMap<String, i64> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(xlsx).unwrap();
    let figures = calamine::Reader::worksheet_range(&mut book, "Số liệu").unwrap();
    let total_row = settings.registry.chapters().len() as u32 + 2;
    (4u32..)
        .zip(integer_keys())
        .filter_map(|(col, key)| match figures.get_value((total_row, col)) {
            Some(calamine::Data::Float(f)) => Some((key, *f as i64)),
            _ => None,
        })
        .collect()
}

pub fn write_report(dir: &Path, name: &str, unit: &str, figures: &BTreeMap<String, i64>) -> PathBuf {
    let texts: Vec<(String, String)> = figures.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
    let borrowed: Vec<(&str, &str)> = texts.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let path = dir.join(name);
    standard(unit, "6 tháng đầu năm 2022", &borrowed).write_docx(&path);
    path
}

impl World {
    /// Built inside a tokio runtime (the desk's clock follows tokio's), on 20/6/2022.
    pub fn new() -> World {
        World::of(reported())
    }

    /// The desk over `r`'s store and settings, on 20/6/2022.
    pub fn of(r: Reported) -> World {
        World::of_at(r, at(6, 20, 9))
    }

    /// The desk over `r`'s store and settings, its clock starting at `now`.
    pub fn of_at(r: Reported, now: jiff::Timestamp) -> World {
        let settings = Arc::new(r.settings);
        let clock = baocao::daemon::Clock::starting_at(now);
        let desk = Desk::new(settings.clone(), r.store, clock, Arc::new(tokio::sync::Notify::new())).unwrap();
        World {
            a: r.a,
            b: r.b,
            app: router(desk.clone()),
            desk,
            dir: r.dir,
            settings,
            figures_a: r.figures_a,
            figures_b: r.figures_b,
        }
    }

    /// A client without a session.
    pub fn client(&self) -> Client {
        Client {
            app: self.app.clone(),
            cookie: None,
        }
    }

    /// A client logged in as `login`.
    pub async fn logged_in(&self, login: &str) -> Client {
        let mut c = self.client();
        let r = c.login(login, PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        c
    }

    /// A fresh look at the store.
    pub fn store(&self) -> Store {
        Store::open(&self.settings.database()).unwrap()
    }
}

/// An answer.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    /// The page with its character entities decoded (`&#x2f;` → `/`), as a reader sees it.
    pub body: String,
    /// The page as sent.
    pub raw: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    /// The redirect target.
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The page's CSRF token (from its first form).
    pub fn csrf(&self) -> String {
        let needle = "name=\"csrf_token\" value=\"";
        let at = self.body.find(needle).expect("a form with a token") + needle.len();
        self.body[at..].split('"').next().unwrap().to_string()
    }
}

/// Holds the session cookie between requests, as a browser does.
#[derive(Clone)]
pub struct Client {
    pub app: axum::Router,
    pub cookie: Option<String>,
}

impl Client {
    pub async fn send(&mut self, req: Request<Body>) -> Reply {
        let mut req = req;
        if let Some(c) = &self.cookie {
            req.headers_mut().insert(header::COOKIE, c.parse().unwrap());
        }
        let res = self.app.clone().oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        if let Some(set) = parts.headers.get(header::SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap().to_string();
            self.cookie = Some(pair);
        }
        let bytes = body.collect().await.unwrap().to_bytes().to_vec();
        let raw = String::from_utf8_lossy(&bytes).into_owned();
        Reply {
            status: parts.status,
            headers: parts.headers,
            body: decode_entities(&raw),
            raw,
            bytes,
        }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// Posts `fields` as a form, exactly as given (add `csrf_token` yourself).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Posts `fields` with the token of the page at `from`, as a browser submitting its form.
    pub async fn post(&mut self, from: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.get(from).await.csrf();
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    pub async fn login(&mut self, login: &str, password: &str) -> Reply {
        let token = self.get("/login").await.csrf();
        self.post_raw(
            "/login",
            &[
                ("csrf_token", &token),
                ("login", login),
                ("password", password),
                ("next", "/"),
            ],
        )
        .await
    }
}

/// `&#x2f;`, `&#39;`, `&quot;`, `&lt;`, `&gt;` and `&amp;` as the characters they stand for.
pub fn decode_entities(html: &str) -> String {
    [
        ("&#x2f;", "/"),
        ("&#x27;", "'"),
        ("&#39;", "'"),
        ("&quot;", "\""),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(html.to_string(), |text, (entity, c)| text.replace(entity, c))
}
