//! The review desk's speed: the grid for 70 chapters × 8 periods and a submission page, timed
//! inside the server (the router called in-process, no network), then 20 logged-in sessions
//! hammering a real loopback socket for 30 s with latency percentiles and errors counted.
//! `cargo run --release --example desk_load -- [SESSIONS] [SECONDS]`
//!
//! The database: the embedded ten chapters plus 60 generated units; the repository's fixture
//! documents taken through the real pipeline (real sources and documents behind the submission
//! page), the other cells filled by SQL with every field of the form, a mix of on-time, late,
//! needs-review and missing reports, and four ad-hoc requests beside the four regular periods.
use axum::body::Body;
use axum::http::{Request, header};
use baocao::accounts::{Role, hash_password};
use baocao::config::{Config, EMBEDDED_CONFIG, Settings};
use baocao::pipeline::{self, Origin};
use baocao::store::{Store, User};
use http_body_util::BodyExt;
use jiff::civil::date;
use std::fmt::Write;

#[path = "../shared/records.rs"]
mod records;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

mod load;
use load::under_load;

const UNITS: usize = 60;
const PASSWORD: &str = "mat-khau-do-tai-dai";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>().expect("a number"));
    let sessions = args.next().unwrap_or(20) as usize;
    let seconds = args.next().unwrap_or(30);
    let dir = tempfile::tempdir().unwrap();
    let settings = Arc::new(settings(dir.path()));
    let t = Instant::now();
    let submission = fill(&settings);
    println!(
        "setup: {} chapters, {:.1} s",
        settings.registry.chapters().len(),
        t.elapsed().as_secs_f64()
    );
    let store = Store::open(&settings.database()).unwrap();
    let clock = baocao::daemon::Clock::starting_at(now());
    let desk = baocao::desk::Desk::new(settings.clone(), store, clock, Arc::new(tokio::sync::Notify::new())).unwrap();
    server_side(&desk, submission).await;
    under_load(desk, submission, sessions, seconds).await;
}

fn now() -> jiff::Timestamp {
    date(2022, 6, 20)
        .at(9, 0, 0, 0)
        .in_tz("Asia/Ho_Chi_Minh")
        .unwrap()
        .timestamp()
}

/// The embedded configuration plus 60 generated units, data in `dir`, the desk on any free port.
fn settings(dir: &std::path::Path) -> Settings {
    let mut text = EMBEDDED_CONFIG
        .replace("data_dir = \"data\"", &format!("data_dir = {:?}", dir.join("data")))
        .replace("inbox = \"inbox\"", &format!("inbox = {:?}", dir.join("inbox")))
        .replace("listen = \"127.0.0.1:8080\"", "listen = \"127.0.0.1:0\"");
    for i in 1..=UNITS {
        let _ = write!(
            text,
            "\n[[chapters]]\ncode = \"U{i:03}\"\nname = \"Hội LHPN đơn vị số {i}\"\nemail = \"u{i}@example.vn\"\n"
        );
    }
    let config = Config::parse(&text, "generated.toml".as_ref()).unwrap();
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    Settings::resolve(config, base, "generated.toml".as_ref(), |_| None).unwrap()
}

/// Fixtures through the pipeline, the rest by SQL; returns a fixture submission's id.
fn fill(settings: &Settings) -> i64 {
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    let mut store = Store::open(&settings.database()).unwrap();
    let user = User {
        login: "lan".into(),
        name: "Nguyễn Thị Lan".into(),
        role: Role::Staff,
        password_hash: hash_password(PASSWORD).unwrap(),
        created_at: now(),
    };
    store.add_user(&user, now()).unwrap();
    let all: Vec<String> = settings.registry.chapters().iter().map(|c| c.code.clone()).collect();
    for (i, title) in [
        "Sơ kết Nghị quyết",
        "Giám sát an sinh",
        "Phản biện dự thảo",
        "Góp ý chính sách",
    ]
    .iter()
    .enumerate()
    {
        let due = date(2022, 3 + i as i8, 10);
        store.add_request(title, due, &all, None, now()).unwrap();
    }
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut first = None;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e != "json" && e != "md") {
            let copy = settings.data_dir.join(path.file_name().unwrap());
            std::fs::copy(&path, &copy).unwrap();
            let at = date(2022, 6, 10)
                .at(9, 0, 0, 0)
                .in_tz("Asia/Ho_Chi_Minh")
                .unwrap()
                .timestamp();
            if let Ok(outcome) = pipeline::process(settings, &mut store, &copy, Origin::External, at) {
                first.get_or_insert(outcome.submission.id);
            }
        }
    }
    drop(store);
    fill_sql(settings);
    first.expect("a fixture read")
}

/// Every (chapter, period) cell without a report gets one, but every eleventh stays missing;
/// every ninth needs review, every fifth came after the deadline.
fn fill_sql(settings: &Settings) {
    let mut conn = rusqlite::Connection::open(settings.database()).unwrap();
    let tx = conn.transaction().unwrap();
    let form = &settings.forms[0];
    // Each row carries an extracted record as large as a real one.
    let record: Option<String> = tx
        .query_row("SELECT record_json FROM submission_records LIMIT 1", [], |r| r.get(0))
        .unwrap();
    // The grid's columns on 20/6/2022: the four requests, then 2022-Y (its deadline ahead, a
    // third have reported early), 2022-H1, 2021-Y and 2021-H1.
    let periods = [
        "2021-H1", "2021-Y", "2022-H1", "2022-Y", "2022-R1", "2022-R2", "2022-R3", "2022-R4",
    ];
    for (p, period) in periods.iter().enumerate() {
        for (i, chapter) in settings.registry.chapters().iter().enumerate() {
            let taken: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM submissions WHERE chapter = ?1 AND period = ?2)",
                    [&chapter.code, *period],
                    |r| r.get(0),
                )
                .unwrap();
            let n = i + p;
            if taken || n % 11 == 0 || (*period == "2022-Y" && n % 3 != 0) {
                continue;
            }
            let status = if n % 9 == 0 { "needs_review" } else { "accepted" };
            let year = &period[..4];
            let received = if n % 5 == 0 {
                "12-30T02:30:00Z"
            } else {
                "01-10T02:30:00Z"
            };
            tx.execute(
                "INSERT INTO submissions (sha256, file_name, source_path, stored_path, moved, received_at, format, \
                 form, chapter, period, status) VALUES (?1, ?2, '', '', 1, ?3, 'docx', ?4, ?5, ?6, ?7)",
                rusqlite::params![
                    format!("{period}-{}", chapter.code),
                    format!("bao-cao-{}.docx", chapter.code),
                    format!("{year}-{received}"),
                    form.id,
                    chapter.code,
                    period,
                    status
                ],
            )
            .unwrap();
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO submission_records (submission_id, record_json) VALUES (?1, ?2)",
                rusqlite::params![id, record],
            )
            .unwrap();
            if status == "needs_review" {
                tx.execute(
                    "INSERT INTO review_items (submission_id, field, message) VALUES (?1, 'critiques_led', ?2)",
                    rusqlite::params![id, "Thiếu số cuộc phản biện đã chủ trì"],
                )
                .unwrap();
            }
            records::values(&tx, form, id, i, &chapter.name);
        }
    }
    tx.commit().unwrap();
}

/// Median and 95th percentile of each page, in-process: the server's own time.
async fn server_side(desk: &baocao::desk::Desk, submission: i64) {
    let app = baocao::desk::router(desk.clone());
    let cookie = login_in_process(&app).await;
    let pages = [
        ("grid /", "/".to_string()),
        ("submission", format!("/submissions/{submission}")),
        ("document view", format!("/submissions/{submission}/document")),
    ];
    for (name, path) in pages {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..60 {
            let req = Request::get(&path)
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap();
            let t = Instant::now();
            let res = app.clone().oneshot(req).await.unwrap();
            assert!(res.status().is_success(), "{path}: {}", res.status());
            size = res.into_body().collect().await.unwrap().to_bytes().len();
            times.push(t.elapsed());
        }
        let (p50, p95) = (percentile(&mut times, 50), percentile(&mut times, 95));
        println!(
            "{name:14} in-process: median {p50:.1} ms, p95 {p95:.1} ms ({} KiB)",
            size / 1024
        );
    }
}

async fn login_in_process(app: &axum::Router) -> String {
    let form = app
        .clone()
        .oneshot(Request::get("/login").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let cookie = set_cookie(form.headers()).unwrap();
    let page = String::from_utf8(form.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let body = login_body(&page);
    let req = Request::post("/login")
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), 303, "login");
    set_cookie(res.headers()).unwrap()
}

fn set_cookie(headers: &axum::http::HeaderMap) -> Option<String> {
    let value = headers.get(header::SET_COOKIE)?.to_str().ok()?;
    Some(value.split(';').next()?.to_string())
}

fn login_body(page: &str) -> String {
    let needle = "name=\"csrf_token\" value=\"";
    let at = page.find(needle).expect("a token") + needle.len();
    let token = page[at..].split('"').next().unwrap();
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf_token", token),
            ("login", "lan"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .finish()
}

/// `pct`th percentile in milliseconds (sorts `times`).
fn percentile(times: &mut [Duration], pct: usize) -> f64 {
    times.sort();
    let i = ((times.len() * pct).div_ceil(100)).clamp(1, times.len()) - 1;
    times[i].as_secs_f64() * 1000.0
}
