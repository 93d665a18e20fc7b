//! `baocao units import|export|list`: the units list the staff keep in Excel, in and out of the
//! database, and the registry every other command reads from it.

use crate::config::Settings;
use crate::registry::Chapter;
use crate::store::Store;
use crate::units::{self, table};
use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// Makes the database's units the registry of `settings` (seeding them from the
/// configuration the first time); `only_if_there`: leave a missing database alone.
pub fn load(settings: &mut Settings, only_if_there: bool) -> anyhow::Result<()> {
    if only_if_there && !settings.database().is_file() {
        return Ok(());
    }
    let mut store = Store::open(&settings.database())?;
    if let Some(line) = units::differ_line(&units::load(settings, &mut store)?) {
        tracing::debug!("{line}");
    }
    Ok(())
}

/// Shows what `file` changes and, with `apply`, stores it. Returns whether anything changed.
pub fn import(
    settings: &Settings,
    file: &Path,
    apply: bool,
    now: jiff::Timestamp,
    out: &mut impl Write,
) -> anyhow::Result<bool> {
    let mut store = Store::open(&settings.database())?;
    let plan = units::plan(&store, file)?;
    for line in units::changes::describe(&plan) {
        writeln!(out, "{line}")?;
    }
    let added = plan
        .changes
        .iter()
        .filter(|c| matches!(c, units::Change::Added(_)))
        .count();
    writeln!(
        out,
        "{} đơn vị trong tệp: thêm {added}, sửa {}, không đổi {}.",
        plan.units.len() - plan.kept.len(),
        plan.changes.len() - added,
        plan.units.len() - plan.kept.len() - plan.changes.len()
    )?;
    if !plan.kept.is_empty() {
        writeln!(
            out,
            "Giữ nguyên {} đơn vị không có trong tệp: {}.",
            plan.kept.len(),
            plan.kept.join(", ")
        )?;
    }
    match (plan.changes.is_empty(), apply) {
        (true, false) => writeln!(out, "Danh sách không có gì thay đổi.")?,
        // Nothing to store, yet a reading again that an earlier --apply left unfinished is
        // done now (it is safe to repeat).
        (true, true) => {
            writeln!(out, "Danh sách không có gì thay đổi.")?;
            drop(store);
            read_again(settings, out)?;
        }
        (false, false) => writeln!(out, "Chưa ghi gì: chạy lại với --apply để cập nhật danh sách.")?,
        (false, true) => {
            let by = std::env::var("USER").unwrap_or_else(|_| "admin".into());
            units::apply(&mut store, &plan, file, &by, now)?;
            writeln!(out, "Đã cập nhật danh sách đơn vị ({} đơn vị).", plan.units.len())?;
            drop(store);
            read_again(settings, out)?;
            if crate::daemon::running(settings) {
                writeln!(
                    out,
                    "baocao run đang chạy: dịch vụ dùng danh sách mới từ tệp báo cáo tiếp theo và lần nhắc hạn tiếp theo."
                )?;
            }
        }
    }
    Ok(!plan.changes.is_empty())
}

/// Reads again, through the intake, the stored reports that named a unit the list did not
/// know and that the new list knows; each keeps the time it first arrived.
fn read_again(settings: &Settings, out: &mut impl Write) -> anyhow::Result<()> {
    let mut settings = settings.clone();
    let mut store = Store::open(&settings.database())?;
    units::load(&mut settings, &mut store)?;
    let known = units::reread::now_known(&settings, &settings.registry, &store)?;
    drop(store);
    if known.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "Đọc lại {} báo cáo trước đây chưa xác định được đơn vị:",
        known.len()
    )?;
    let paths: Vec<_> = known.iter().map(|k| k.path.clone()).collect();
    let summary = crate::commands::ingest::run(&settings, &paths, &mut std::io::stderr())?;
    // What each reading gave, from the store: the unit the report is counted for now.
    let store = Store::open(&settings.database())?;
    for k in &known {
        let read = store.read_by_hash(&k.submission.sha256)?;
        let name = |code: &str| settings.registry.get(code).map_or(code.to_string(), |c| c.name.clone());
        let outcome = match read.as_ref().and_then(|r| Some((r, r.chapter.as_deref()?))) {
            Some((r, code)) if r.status == crate::model::Status::Superseded => format!(
                "ghi nhận cho {}, nhưng đơn vị đã gửi báo cáo sau nên bản này không được dùng",
                name(code)
            ),
            Some((r, code)) => format!("ghi nhận cho {} (số {}, {})", name(code), r.id, r.status.label_vi()),
            None => "vẫn chưa xác định được đơn vị".to_string(),
        };
        writeln!(
            out,
            "  {} (số {}, ghi \"{}\"): {outcome}",
            k.submission.file_name, k.submission.id, k.written
        )?;
    }
    writeln!(out, "{}", summary.line())?;
    Ok(())
}

/// Writes the list to `file` (.xlsx or .csv) or as CSV to `out`.
pub fn export(settings: &Settings, file: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    let units = settings.registry.chapters();
    let Some(file) = file else {
        out.write_all(table::csv(units).as_bytes())?;
        return Ok(());
    };
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = match extension.as_str() {
        "csv" => table::csv(units).into_bytes(),
        "xlsx" => workbook(units)?,
        _ => anyhow::bail!("{}: export writes .xlsx or .csv", file.display()),
    };
    crate::durable::write(file, &bytes).with_context(|| format!("writing {}", file.display()))?;
    Ok(())
}

fn workbook(units: &[Chapter]) -> anyhow::Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Đơn vị")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, name) in table::COLUMNS.iter().enumerate() {
        sheet.write_with_format(0, c as u16, *name, &bold)?;
    }
    for (r, unit) in units.iter().enumerate() {
        for (c, value) in table::fields(unit).iter().enumerate() {
            sheet.write(r as u32 + 1, c as u16, value.as_str())?;
        }
    }
    sheet.set_column_width(1, 40)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

/// Prints the units (those that exist on `on`, if given), one per line or as JSON.
pub fn list(settings: &Settings, on: Option<&str>, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let day: Option<jiff::civil::Date> = on
        .map(|d| {
            d.parse()
                .with_context(|| format!("--on `{d}` is not a date (YYYY-MM-DD)"))
        })
        .transpose()?;
    let units: Vec<&Chapter> = settings
        .registry
        .chapters()
        .iter()
        .filter(|u| day.is_none_or(|d| u.active_on(d)))
        .collect();
    if json {
        let rows: Vec<serde_json::Value> = units
            .iter()
            .map(|u| {
                let f = table::fields(u);
                serde_json::Value::Object(
                    table::COLUMNS
                        .iter()
                        .zip(f)
                        .map(|(k, v)| (k.to_string(), v.into()))
                        .collect(),
                )
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    for u in &units {
        let f = table::fields(u);
        let dates = match (u.from, u.until) {
            (None, None) => String::new(),
            (f, t) => format!(
                "  {} … {}",
                f.map_or(String::new(), |d| d.to_string()),
                t.map_or(String::new(), |d| d.to_string())
            ),
        };
        let parent = u.parent.as_ref().map_or(String::new(), |p| format!("  ⊂ {p}"));
        writeln!(out, "{:<14} {:<11} {}{parent}{dates}", u.code, f[2], u.name)?;
    }
    writeln!(out, "{} units", units.len())?;
    Ok(())
}
