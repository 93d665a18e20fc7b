//! Excel 2007+ (.xlsx) reader: streams the workbook's XML parts with quick-xml.
//!
//! calamine opens a workbook eagerly (styles, theme colours, every relationship) before the
//! first cell, which is most of its time on a one-sheet form; reading only what the matcher
//! needs — sheet order, shared strings, which styles are dates, and the cells — is several
//! times faster and never builds a grid. Parts are inflated through [`Zipped::read`], so the
//! size limits and the DTD refusal apply to each of them.

use super::document::Document;
use super::docx::push_entity;
use super::error::Refusal;
use super::limits::Limits;
use super::sheets::{SheetCell, float_text, serial_text, to_document};
use super::zipped::Zipped;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::HashMap;

const FORMAT: &str = "Excel";

/// Reads every sheet of an .xlsx workbook, in workbook order.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, Refusal> {
    let mut zip = Zipped::open(bytes, FORMAT, limits)?;
    let sheets = sheet_paths(&mut zip, limits)?;
    let shared = match zip.has("xl/sharedStrings.xml") {
        true => shared_strings(text(&zip.read("xl/sharedStrings.xml", limits)?)?)?,
        false => Vec::new(),
    };
    // Which styles show dates matters only for numbers in styled cells; many forms have none,
    // so styles.xml is read the first time one turns up.
    let mut dates: Option<Vec<bool>> = None;
    let mut out = Vec::new();
    let mut total = 0;
    for (name, path) in sheets {
        if !zip.has(&path) {
            continue;
        }
        let (mut cells, styled) = cells(text(&zip.read(&path, limits)?)?, &shared)?;
        if !styled.is_empty() && dates.is_none() {
            dates = Some(match zip.has("xl/styles.xml") {
                true => date_styles(text(&zip.read("xl/styles.xml", limits)?)?)?,
                false => Vec::new(),
            });
        }
        let dates = dates.as_deref().unwrap_or_default();
        for (index, style, number) in styled {
            if dates.get(style).copied().unwrap_or(false) {
                cells[index].text = serial_text(number);
                cells[index].date_serial = Some(number);
            }
        }
        total += cells.len();
        if total > limits.max_cells {
            return Err(Refusal::too_large(
                FORMAT,
                format!("hơn {} ô có dữ liệu", limits.max_cells),
            ));
        }
        out.push((name, cells));
    }
    let doc = to_document(out);
    if doc.lines.is_empty() {
        return Err(Refusal::damaged(FORMAT, "bảng tính trống"));
    }
    Ok(doc)
}

fn text(bytes: &[u8]) -> Result<&str, Refusal> {
    std::str::from_utf8(bytes).map_err(|e| Refusal::damaged(FORMAT, e))
}

/// An attribute's unescaped value, borrowed from the element when nothing needed unescaping
/// (every cell has two or three attributes: allocating for each was a tenth of the time).
fn attr<'a>(e: &'a BytesStart, name: &str) -> Option<Cow<'a, str>> {
    let value = e.try_get_attribute(name).ok()??.value;
    match value {
        Cow::Borrowed(raw) => quick_xml::escape::unescape(raw).ok(),
        Cow::Owned(raw) => quick_xml::escape::unescape(&raw)
            .ok()
            .map(|v| Cow::Owned(v.into_owned())),
    }
}

/// Iterates the events of an XML part, refusing a DTD and turning errors into refusals.
fn each_event<'x>(xml: &'x str, mut f: impl FnMut(Event<'x>)) -> Result<(), Refusal> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(|e| Refusal::damaged(FORMAT, e))? {
            Event::Eof => return Ok(()),
            Event::DocType(_) => return Err(Refusal::damaged(FORMAT, "khai báo DTD không hợp lệ")),
            event => f(event),
        }
    }
}

/// (sheet name, part path) in workbook order, from workbook.xml and its relationships.
fn sheet_paths(zip: &mut Zipped, limits: &Limits) -> Result<Vec<(String, String)>, Refusal> {
    let mut targets: HashMap<String, String> = HashMap::new();
    if zip.has("xl/_rels/workbook.xml.rels") {
        let rels = zip.read("xl/_rels/workbook.xml.rels", limits)?;
        each_event(text(&rels)?, |e| {
            if let Event::Empty(e) | Event::Start(e) = e
                && e.local_name().as_ref() == "Relationship"
                && let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target"))
            {
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                };
                targets.insert(id.into_owned(), path);
            }
        })?;
    }
    let workbook = zip.read("xl/workbook.xml", limits)?;
    let mut sheets = Vec::new();
    each_event(text(&workbook)?, |e| {
        if let Event::Empty(e) | Event::Start(e) = e
            && e.local_name().as_ref() == "sheet"
        {
            let name = attr(&e, "name").unwrap_or_default().into_owned();
            let path = attr(&e, "r:id").and_then(|id| targets.get(id.as_ref()).cloned());
            let fallback = format!("xl/worksheets/sheet{}.xml", sheets.len() + 1);
            sheets.push((name, path.unwrap_or(fallback)));
        }
    })?;
    Ok(sheets)
}

/// The shared strings, rich-text runs joined, phonetic hints (`rPh`) left out.
fn shared_strings(xml: &str) -> Result<Vec<String>, Refusal> {
    let mut out = Vec::new();
    let (mut current, mut in_t, mut in_phonetic) = (String::new(), false, false);
    each_event(xml, |e| match e {
        Event::Start(e) => match e.local_name().as_ref() {
            "si" => current.clear(),
            "t" => in_t = !in_phonetic,
            "rPh" => in_phonetic = true,
            _ => {}
        },
        Event::Empty(e) if e.local_name().as_ref() == "si" => out.push(String::new()),
        Event::End(e) => match e.local_name().as_ref() {
            "si" => out.push(std::mem::take(&mut current)),
            "t" => in_t = false,
            "rPh" => in_phonetic = false,
            _ => {}
        },
        Event::Text(t) if in_t => current.push_str(&t.xml10_content()),
        Event::GeneralRef(r) if in_t => push_entity(&r.xml10_content(), |t| current.push_str(t)),
        _ => {}
    })?;
    Ok(out)
}

/// For each cell style (`cellXfs` index), whether its number format shows a date.
fn date_styles(xml: &str) -> Result<Vec<bool>, Refusal> {
    let mut custom: HashMap<u32, bool> = HashMap::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    each_event(xml, |e| match e {
        Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
            "numFmt" => {
                if let (Some(id), Some(code)) = (
                    attr(&e, "numFmtId").and_then(|v| v.parse().ok()),
                    attr(&e, "formatCode"),
                ) {
                    custom.insert(id, is_date_format(&code));
                }
            }
            "cellXfs" => in_cell_xfs = true,
            "xf" if in_cell_xfs => {
                let id: u32 = attr(&e, "numFmtId").and_then(|v| v.parse().ok()).unwrap_or(0);
                styles.push(custom.get(&id).copied().unwrap_or_else(|| is_builtin_date(id)));
            }
            _ => {}
        },
        Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
        _ => {}
    })?;
    Ok(styles)
}

/// Excel's built-in date and date-time formats.
fn is_builtin_date(id: u32) -> bool {
    matches!(id, 14..=17 | 22 | 27..=36 | 50..=58)
}

/// A custom format shows a date when, outside quoted text and `[...]`, it has a day or year.
fn is_date_format(code: &str) -> bool {
    let mut plain = String::new();
    let (mut quoted, mut bracket) = (false, false);
    for c in code.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if !quoted && !bracket => plain.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    plain.contains('d') || plain.contains('y')
}

/// `B12` → (row 11, column 1), 0-based.
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    let col = letters.bytes().try_fold(0u32, |acc, b| {
        b.is_ascii_alphabetic()
            .then(|| acc * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = digits.parse().ok()?;
    (col >= 1 && row >= 1).then(|| (row - 1, col - 1))
}

/// A number in a styled cell, which shows a date if its style says so: (index among the
/// sheet's cells, style, value).
type Styled = (usize, usize, f64);

/// The non-empty cells of one worksheet, numbers written as numbers, and the numbers whose
/// style must be looked up (see [`read`]).
fn cells(xml: &str, shared: &[String]) -> Result<(Vec<SheetCell>, Vec<Styled>), Refusal> {
    let mut out = Vec::new();
    let mut styled = Vec::new();
    let mut cell: Option<(u32, u32, &str, usize)> = None; // row, col, type, style
    let (mut value, mut in_value, mut row, mut next_col) = (String::new(), false, 0u32, 0u32);
    let mut next_row = 0u32;
    each_event(xml, |e| match e {
        Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
            // `r` is 1-based and optional; without it rows simply follow each other.
            row = attr(&e, "r")
                .and_then(|r| r.parse::<u32>().ok())
                .map_or(next_row, |r| r.saturating_sub(1));
            next_row = row + 1;
            next_col = 0;
        }
        Event::Start(e) if e.local_name().as_ref() == "c" => {
            let (r, c) = attr(&e, "r").and_then(|r| cell_ref(&r)).unwrap_or((row, next_col));
            next_col = c + 1;
            let style = attr(&e, "s").and_then(|s| s.parse().ok()).unwrap_or(0);
            cell = Some((r, c, cell_type(attr(&e, "t").as_deref()), style));
            value.clear();
        }
        Event::Empty(e) if e.local_name().as_ref() == "c" => next_col += 1,
        Event::Start(e) if matches!(e.local_name().as_ref(), "v" | "t") => in_value = true,
        Event::End(e) => match e.local_name().as_ref() {
            "v" | "t" => in_value = false,
            "c" => {
                if let Some((row, col, kind, style)) = cell.take()
                    && let Some((text, number)) = cell_text(kind, &value, shared)
                {
                    if let Some(number) = number.filter(|_| style != 0) {
                        styled.push((out.len(), style, number));
                    }
                    out.push(SheetCell {
                        row,
                        col,
                        text,
                        date_serial: None,
                    });
                }
            }
            _ => {}
        },
        Event::Text(t) if in_value => value.push_str(&t.xml10_content()),
        Event::GeneralRef(r) if in_value => push_entity(&r.xml10_content(), |t| value.push_str(t)),
        _ => {}
    })?;
    Ok((out, styled))
}

/// The cell types that matter, as static names (the attribute is borrowed from the event).
fn cell_type(t: Option<&str>) -> &'static str {
    match t {
        Some("s") => "s",
        Some("inlineStr") => "inlineStr",
        Some("str") => "str",
        Some("b") => "b",
        Some("e") => "e",
        _ => "n",
    }
}

/// A cell's text by its type: shared or inline string, formula string, or number (with its
/// value, which may be a date). Booleans and errors carry nothing a form needs.
fn cell_text(kind: &str, value: &str, shared: &[String]) -> Option<(String, Option<f64>)> {
    match kind {
        "s" => shared
            .get(value.trim().parse::<usize>().ok()?)
            .map(|s| (s.clone(), None)),
        "inlineStr" | "str" => Some((value.to_string(), None)),
        "b" | "e" => None,
        _ => {
            let number: f64 = value.trim().parse().ok()?;
            Some((float_text(number), Some(number)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_are_zero_based() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("D11"), Some((10, 3)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("11"), None);
    }

    #[test]
    fn date_formats_are_told_from_number_formats() {
        assert!(is_date_format("dd/mm/yyyy"));
        assert!(is_date_format("[$-42A]d mmmm yyyy"));
        assert!(!is_date_format("#,##0"));
        assert!(!is_date_format("0.00\" ngày\""));
        assert!(is_builtin_date(14) && !is_builtin_date(3));
    }

    #[test]
    fn rows_and_cells_without_references_follow_each_other() {
        let xml = "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>5</v></c></row>\
                   <row r=\"4\"><c r=\"C4\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>";
        let got: Vec<(u32, u32, String)> = cells(xml, &["x".into()])
            .unwrap()
            .0
            .into_iter()
            .map(|c| (c.row, c.col, c.text))
            .collect();
        assert_eq!(got, [(0, 0, "a".into()), (0, 1, "5".into()), (3, 2, "x".into())]);
    }

    #[test]
    fn shared_strings_join_runs_and_skip_phonetics() {
        let xml =
            "<sst><si><t>Đơn vị</t></si><si><r><t>Số </t></r><r><t>cuộc</t></r><rPh><t>x</t></rPh></si><si/></sst>";
        assert_eq!(shared_strings(xml).unwrap(), ["Đơn vị", "Số cuộc", ""]);
    }
}
