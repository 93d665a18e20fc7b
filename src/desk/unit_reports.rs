//! The reports of the units with units under them (a former district's communes, a cluster),
//! from the desk: the reports page lists each such unit with a Word and an Excel link per
//! period shown, and a link compiles that roll-up when it is followed (`compile --unit`): a
//! working report for the staff, never a version of the province's and never sent.

use super::Desk;
use super::page::Page;
use super::view::PageError;
use crate::compile::{self, CompileError};
use crate::config::Settings;
use crate::model::Period;
use crate::store::Store;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Value, json};

/// The units with units under them, in registry order: `[{code, name}]` for the page.
pub fn parents(settings: &Settings) -> Vec<Value> {
    let registry = &settings.registry;
    registry
        .chapters()
        .iter()
        .filter(|c| registry.children(&c.code).next().is_some())
        .map(|c| json!({"code": c.code, "name": c.name}))
        .collect()
}

/// `/reports/units/{code}/{period}/{kind}`: the roll-up of unit `code` for `period`, compiled
/// now into `<data_dir>/reports/units/`, as its Word (`docx`) or Excel (`xlsx`) file.
pub async fn download(
    State(desk): State<Desk>,
    page: Page,
    Path((code, period, kind)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let not_found = || PageError::NotFound(format!("báo cáo {period} của đơn vị {code}"));
    let wanted = Period::parse_code(&period).ok_or_else(not_found)?;
    if !matches!(kind.as_str(), "docx" | "xlsx") || desk.settings.registry.get(&code).is_none() {
        return Err(not_found());
    }
    let (settings, now) = (desk.settings.clone(), desk.clock.now());
    let today = now.to_zoned_datetime(settings.timezone.clone()).date();
    let unit = code.clone();
    let done = tokio::task::spawn_blocking(move || -> Result<compile::Compiled, CompileError> {
        let store = Store::open(&settings.database())?;
        let dir = compile::default_dir(&settings).join("units");
        compile::compile_unit(&settings, &store, wanted, &unit, today, &dir)
    })
    .await
    .map_err(|e| PageError::Server(e.to_string()))?;
    let compiled = match done {
        Ok(compiled) => compiled,
        Err(CompileError::NothingReceived(p)) => {
            let name = desk
                .settings
                .registry
                .get(&code)
                .map_or(code.clone(), |c| c.name.clone());
            let sent = match p.kind {
                crate::model::PeriodKind::Term(_) => format!("chưa có báo cáo năm nào trong {}", p.label_vi()),
                _ => format!("chưa gửi {}", p.report_words()),
            };
            let text = format!("Các đơn vị thuộc {name} {sent} nên chưa tổng hợp.");
            return page.back("/reports", false, &text, Value::Null).await;
        }
        Err(e) => return Err(PageError::Server(e.to_string())),
    };
    let (path, mime) = match kind.as_str() {
        "docx" => (compiled.docx, super::reports::DOCX),
        _ => (compiled.xlsx, super::reports::XLSX),
    };
    super::reports::serve(path, mime).await.ok_or_else(not_found)
}
