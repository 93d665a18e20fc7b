//! The units list as the staff keep it: a sheet (`.xlsx`, `.xls`, `.ods`) or a `.csv` with
//! the columns `code, name, level, parent, from, until, email, aliases, successors` (lists
//! separated by `;`), read into units and written back in the same shape.

use super::UnitsError;
use crate::registry::{Chapter, Level};
use crate::text::{fold, tidy};
use jiff::civil::Date;
use std::path::Path;

/// The columns, in the order `units export` writes them.
pub const COLUMNS: [&str; 10] = [
    "code",
    "name",
    "level",
    "parent",
    "from",
    "until",
    "email",
    "aliases",
    "senders",
    "successors",
];

/// Headings also understood, as the staff may title the columns in Vietnamese.
const VIETNAMESE: [(&str, &str); 10] = [
    ("ma", "code"),
    ("ten", "name"),
    ("cap", "level"),
    ("truc thuoc", "parent"),
    ("tu ngay", "from"),
    ("den ngay", "until"),
    ("thu dien tu", "email"),
    ("ten khac", "aliases"),
    ("dia chi gui", "senders"),
    ("don vi ke tuc", "successors"),
];

/// Columns read past: the row number (`STT`) and notes that Vietnamese tables carry.
const IGNORED: [&str; 5] = ["stt", "tt", "so tt", "so thu tu", "ghi chu"];

/// How far down the heading row is looked for.
const HEADING_WITHIN: usize = 10;

/// Reads the units of `path`, and the faults of its rows (each named; a faulty row is left
/// out). A file that cannot be read as a list at all is an error.
pub fn read(path: &Path) -> Result<(Vec<Chapter>, Vec<String>), UnitsError> {
    let bytes = std::fs::read(path).map_err(|source| UnitsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |problems: Vec<String>| UnitsError::Table {
        path: path.to_path_buf(),
        problems,
    };
    let cells = match extension(path).as_str() {
        "csv" | "txt" => csv_cells(&bytes).map_err(|e| bad(vec![e]))?,
        "xlsx" | "xlsm" | "xls" | "ods" => sheet_cells(path).map_err(|e| bad(vec![e]))?,
        other => {
            return Err(bad(vec![format!(
                "tệp .{other} không phải bảng tính (.xlsx, .xls, .ods) hay .csv"
            )]));
        }
    };
    units(&cells).map_err(bad)
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A row of the file and its number in the file (1 for the first line), for the faults.
type Line = (usize, Vec<String>);

/// CSV as Excel saves it: UTF-8 (with or without its mark) or the Vietnamese Windows code
/// page, separated by commas or, in a Vietnamese Windows, semicolons: the separator is the
/// one that splits out a heading row (a semicolon inside a quoted list is no separator).
fn csv_cells(bytes: &[u8]) -> Result<Vec<Line>, String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::WINDOWS_1258.decode(bytes).0.into_owned(),
    };
    let split = |delimiter: u8| -> Result<Vec<Line>, String> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| {
                let r = r.map_err(|e| format!("tệp CSV hỏng: {e}"))?;
                let line = r.position().map_or(0, |p| line_of(&text, p));
                Ok((line, r.iter().map(tidy).collect()))
            })
            .collect()
    };
    let semicolons = split(b';');
    match semicolons {
        Ok(lines) if heading(&lines).is_some() => Ok(lines),
        _ => split(b','),
    }
}

/// The line (from 1) of a record. The csv crate's own line number is short by the blank lines
/// before the record: its record starts where they did, so they are counted here.
fn line_of(text: &str, at: &csv::Position) -> usize {
    let rest = text.get(at.byte() as usize..).unwrap_or("");
    let blank = &rest[..rest.len() - rest.trim_start_matches(['\r', '\n']).len()];
    at.line() as usize + blank.matches('\n').count()
}

/// The first sheet; dates typed as dates come as `YYYY-MM-DD`.
fn sheet_cells(path: &Path) -> Result<Vec<Line>, String> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).map_err(|e| format!("không mở được bảng tính: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("bảng tính không có trang nào")?
        .map_err(|e| format!("không đọc được trang đầu: {e}"))?;
    let cell = |c: &Data| match c {
        Data::DateTime(d) => {
            crate::extract::values::date_from_excel_serial(d.as_f64()).map_or(c.to_string(), |d| d.to_string())
        }
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        // A date cell of an .ods: `2025-07-01T00:00:00`.
        Data::DateTimeIso(d) => d.get(..10).unwrap_or(d).to_string(),
        other => tidy(&other.to_string()),
    };
    // The range begins at the first cell used: its row is the sheet's row above the first.
    let first = range.start().map_or(0, |(row, _)| row as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| (first + i + 1, row.iter().map(cell).collect()))
        .collect())
}

/// Where the heading row is among the first [`HEADING_WITHIN`]: the first naming both
/// `code` and `name`.
fn heading(lines: &[Line]) -> Option<usize> {
    lines.iter().take(HEADING_WITHIN).position(|(_, row)| {
        let named: Vec<Option<&str>> = row.iter().map(|h| column(h)).collect();
        named.contains(&Some("code")) && named.contains(&Some("name"))
    })
}

/// Rows to units: the heading row names the columns (any order; `code`, `name` and `email`
/// needed). It is the first row naming both `code` and `name` among the first
/// [`HEADING_WITHIN`]: a list kept in Excel often has a title and a date above it.
fn units(cells: &[Line]) -> Result<(Vec<Chapter>, Vec<String>), Vec<String>> {
    if cells.iter().all(|(_, r)| r.iter().all(|c| c.trim().is_empty())) {
        return Err(vec!["tệp trống".into()]);
    }
    let at = heading(cells).unwrap_or(0);
    let (header, rows) = (&cells[at].1, &cells[at + 1..]);
    let columns: Vec<Option<&str>> = header.iter().map(|h| column(h)).collect();
    let missing: Vec<&str> = ["code", "name", "email"]
        .into_iter()
        .filter(|c| !columns.contains(&Some(c)))
        .collect();
    let unknown: Vec<&str> = header
        .iter()
        .zip(&columns)
        .filter(|(h, c)| c.is_none() && !h.trim().is_empty() && !IGNORED.contains(&fold(h).as_str()))
        .map(|(h, _)| h.as_str())
        .collect();
    if !unknown.is_empty() {
        return Err(vec![format!(
            "cột không rõ: {} (các cột: {})",
            unknown.join(", "),
            COLUMNS.join(", ")
        )]);
    }
    if !missing.is_empty() {
        return Err(vec![format!(
            "dòng tiêu đề thiếu cột {} (các cột: {})",
            missing.join(", "),
            COLUMNS.join(", ")
        )]);
    }
    let mut problems = Vec::new();
    let mut units = Vec::new();
    for (line, row) in rows {
        let get = |name: &str| {
            columns
                .iter()
                .position(|c| *c == Some(name))
                .and_then(|at| row.get(at))
                .map(|s| s.trim())
                .unwrap_or("")
        };
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match unit(get) {
            Ok(u) => units.push(u),
            Err(e) => problems.push(format!("dòng {line}: {e}")),
        }
    }
    Ok((units, problems))
}

fn column(heading: &str) -> Option<&'static str> {
    let folded = fold(heading);
    COLUMNS
        .into_iter()
        .find(|c| *c == folded)
        .or_else(|| VIETNAMESE.iter().find(|(v, _)| *v == folded).map(|(_, c)| *c))
}

fn unit<'a>(get: impl Fn(&str) -> &'a str) -> Result<Chapter, String> {
    let list = |name: &str| -> Vec<String> { get(name).split(';').map(tidy).filter(|s| !s.is_empty()).collect() };
    let day = |name: &str, words: &str| -> Result<Option<Date>, String> {
        let text = get(name);
        if text.is_empty() {
            return Ok(None);
        }
        crate::extract::values::parse_date(text)
            .map(Some)
            .ok_or_else(|| format!("{words} \"{text}\" không phải ngày (ví dụ 30/06/2025)"))
    };
    let code = get("code").to_string();
    let name = tidy(get("name"));
    if code.is_empty() || name.is_empty() {
        return Err("thiếu mã hoặc tên đơn vị".into());
    }
    let level = match get("level") {
        "" => Level::default(),
        text => Level::parse(text).ok_or_else(|| {
            format!("{code}: cấp \"{text}\" không rõ (tỉnh, huyện, xã, phường, đặc khu hay trực thuộc)")
        })?,
    };
    let email = get("email").to_string();
    if email.parse::<lettre::Address>().is_err() {
        return Err(format!(
            "{code}: thư điện tử \"{email}\" không đúng dạng (ví dụ ten@example.vn)"
        ));
    }
    Ok(Chapter {
        parent: Some(get("parent").to_string()).filter(|p| !p.is_empty()),
        from: day("from", "từ ngày")?,
        until: day("until", "đến ngày")?,
        aliases: list("aliases"),
        senders: list("senders"),
        successors: list("successors"),
        code,
        name,
        level,
        email,
    })
}

/// The units as CSV (UTF-8 with its mark, so that Excel opens the accents right).
pub fn csv(units: &[Chapter]) -> String {
    let mut writer = csv::Writer::from_writer(vec![]);
    let _ = writer.write_record(COLUMNS);
    for u in units {
        let _ = writer.write_record(fields(u));
    }
    let body = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&body))
}

/// One unit's cells in [`COLUMNS`] order.
pub fn fields(u: &Chapter) -> [String; 10] {
    let day = |d: Option<Date>| d.map_or(String::new(), |d| d.to_string());
    [
        u.code.clone(),
        u.name.clone(),
        u.level.word().to_string(),
        u.parent.clone().unwrap_or_default(),
        day(u.from),
        day(u.until),
        u.email.clone(),
        u.aliases.join("; "),
        u.senders.join("; "),
        u.successors.join("; "),
    ]
}

#[cfg(test)]
mod tests;
