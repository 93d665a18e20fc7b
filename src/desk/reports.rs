//! The desk's reports: compile a period or a term of years (sơ kết, tổng kết) and send it, and
//! the versions of each with their Word and Excel files.

use super::Desk;
use super::page::{Fields, Page};
use super::view::PageError;
use crate::commands::status::local_time;
use crate::compile::{self, CompileError};
use crate::model::Period;
use crate::store::{Store, StoreError};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The media types of the two files.
pub(super) const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub(super) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `/reports`: the periods shown on the grid with their compiled versions.
pub async fn page(State(desk): State<Desk>, page: Page) -> Result<Response, PageError> {
    let today = desk
        .clock
        .now()
        .to_zoned_datetime(desk.settings.timezone.clone())
        .date();
    let settings = desk.settings.clone();
    let periods = desk
        .db
        .run(move |store| {
            let mut periods = super::grid::periods(store, today)?;
            periods.extend(store.compiled_terms()?);
            let mut shown = Vec::new();
            for p in periods {
                let versions: Vec<Value> = store
                    .reports(&p)?
                    .iter()
                    .rev()
                    .map(|r| {
                        let at = r.compiled_at.parse().ok().map(|t| local_time(&settings, t));
                        json!({"version": r.version, "compiled_at": at, "sent": r.queued_at.is_some()})
                    })
                    .collect();
                shown.push(json!({"code": p.to_string(), "label": p.label_vi(), "versions": versions}));
            }
            Ok::<_, StoreError>(shown)
        })
        .await?;
    let can_send = !desk.settings.report.config.recipients.is_empty();
    // The term most often asked: the five years ending with the last one closed.
    let last = today.year() - 1;
    let context = json!({"title": "Báo cáo tổng hợp", "active": "reports", "periods": periods,
        "can_send": can_send, "term": {"from": last - 4, "to": last},
        "parents": super::unit_reports::parents(&desk.settings)});
    page.render(&desk, "reports.html", context).await
}

/// `POST /reports`: compiles `period` (a new version only when its inputs changed); with
/// `send` also queues the e-mail of that version.
pub async fn compile(State(desk): State<Desk>, page: Page, form: Fields) -> Result<Response, PageError> {
    let period = if form.has("term_from") {
        match term(form.get("term_from"), form.get("term_to")) {
            Ok(period) => period,
            Err(text) => return page.back("/reports", false, &text, Value::Null).await,
        }
    } else {
        Period::parse_code(form.get("period")).ok_or_else(|| PageError::NotFound("kỳ báo cáo".into()))?
    };
    let send = form.has("send");
    let (settings, now, by) = (desk.settings.clone(), desk.clock.now(), page.me.login.clone());
    let today = now.to_zoned_datetime(settings.timezone.clone()).date();
    // Its own connection: compiling takes a moment and must not hold up the other pages.
    let done = tokio::task::spawn_blocking(move || -> Result<String, CompileError> {
        let mut store = Store::open(&settings.database())?;
        let compiled = compile::compile(&settings, &store, period, today, now, &compile::default_dir(&settings))?;
        let what = format!("{} lần {}", period.label_vi(), compiled.version);
        if compiled.new_version {
            store.log_act(&by, "compile", &what, now)?;
        }
        let sent = send && compile::send(&settings, &mut store, &compiled, now, false)?;
        if sent {
            store.log_act(&by, "send", &what, now)?;
        }
        let state = if compiled.new_version {
            "Đã tổng hợp"
        } else {
            "Số liệu không đổi; giữ"
        };
        Ok(format!(
            "{state} báo cáo {what}.{}",
            if sent { " Đã xếp thư gửi báo cáo." } else { "" }
        ))
    })
    .await
    .map_err(|e| PageError::Server(e.to_string()))?;
    let (ok, text) = match done {
        Ok(text) => {
            desk.mail_queued.notify_one();
            (true, text)
        }
        Err(CompileError::NothingReceived(p)) if matches!(p.kind, crate::model::PeriodKind::Term(_)) => (
            false,
            format!("Chưa có báo cáo năm nào trong {} nên chưa tổng hợp.", p.label_vi()),
        ),
        Err(CompileError::NothingReceived(p)) => (
            false,
            format!("Chưa nhận được báo cáo nào của kỳ {} nên chưa tổng hợp.", p.label_vi()),
        ),
        Err(CompileError::NoRecipients) => (
            false,
            "Chưa có địa chỉ nhận báo cáo tổng hợp (mục [report] recipients trong tệp cấu hình).".into(),
        ),
        Err(CompileError::UnknownRequest(p)) => (false, format!("Không có yêu cầu báo cáo đột xuất {p}.")),
        Err(e) => return Err(PageError::Server(e.to_string())),
    };
    page.back("/reports", ok, &text, Value::Null).await
}

/// The term of the years typed on the page, or what is wrong with them (for the staff).
fn term(from: &str, to: &str) -> Result<Period, String> {
    let year = |text: &str| text.parse::<i16>().ok().filter(|y| (1990..=2100).contains(y));
    match (year(from), year(to)) {
        (Some(from), Some(to)) if from < to => Ok(Period::term(from, to)),
        (Some(_), Some(_)) => Err("Năm bắt đầu phải trước năm kết thúc của giai đoạn.".into()),
        _ => Err(format!(
            "“{from}” – “{to}” không phải là hai năm của một giai đoạn (ví dụ: từ 2021 đến 2025)."
        )),
    }
}

/// `/reports/{period}/{version}/{kind}`: the Word (`docx`) or Excel (`xlsx`) file of a version.
pub async fn download(
    State(desk): State<Desk>,
    Path((period, version, kind)): Path<(String, u32, String)>,
) -> Result<Response, PageError> {
    let not_found = || PageError::NotFound(format!("báo cáo {period} lần {version}"));
    let code = Period::parse_code(&period).ok_or_else(not_found)?;
    let rows = desk.db.run(move |store| store.reports(&code)).await?;
    let row = rows.into_iter().find(|r| r.version == version).ok_or_else(not_found)?;
    let (path, mime) = match kind.as_str() {
        "docx" => (row.docx_path, DOCX),
        "xlsx" => (row.xlsx_path, XLSX),
        _ => return Err(not_found()),
    };
    serve(std::path::PathBuf::from(path), mime).await.ok_or_else(not_found)
}

/// A compiled file as a download under its own name; none when it cannot be read.
pub(super) async fn serve(path: std::path::PathBuf, mime: &str) -> Option<Response> {
    let name = path
        .file_name()
        .map_or_else(|| "bao-cao".into(), |n| n.to_string_lossy().into_owned());
    let bytes = super::submission::read_file(path).await.ok()?;
    let headers = [
        (header::CONTENT_TYPE, mime.to_string()),
        (header::CONTENT_DISPOSITION, super::submission::attachment(&name)),
    ];
    Some((headers, bytes).into_response())
}
