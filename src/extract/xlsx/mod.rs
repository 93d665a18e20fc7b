//! Excel 2007+ (.xlsx) reader: streams the workbook's XML parts with quick-xml.
//!
//! calamine opens a workbook eagerly (styles, theme colours, every relationship) before the
//! first cell, which is most of its time on a one-sheet form; reading only what the matcher
//! needs — sheet order, shared strings, which styles are dates, and the cells — is several
//! times faster and never builds a grid. Parts are inflated through [`Zipped::read`], so the
//! size limits and the DTD refusal apply to each of them.

mod cells;
mod styles;

use super::document::Document;
use super::docx::push_entity;
use super::error::Refusal;
use super::limits::Limits;
use super::sheets::{serial_text, to_document};
use super::zipped::Zipped;
use cells::cells;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::HashMap;
use styles::date_styles;

const FORMAT: &str = "Excel";
/// Most worksheets a report workbook may have.
const MAX_SHEETS: usize = 256;

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
    let mut budget = limits.max_part_bytes as usize;
    let mut read = std::collections::HashSet::new();
    for (name, path, sheet_hidden) in sheets {
        // A part listed twice is one sheet: reading it again per listing made a workbook of
        // 20,000 entries for one part take minutes.
        if !zip.has(&path) || !read.insert(path.clone()) {
            continue;
        }
        if read.len() > MAX_SHEETS {
            return Err(Refusal::too_large(FORMAT, format!("hơn {MAX_SHEETS} trang tính")));
        }
        let (mut cells, styled) = cells(text(&zip.read(&path, limits)?)?, &shared, &mut budget)?;
        if !styled.is_empty() && dates.is_none() {
            dates = Some(match zip.has("xl/styles.xml") {
                true => date_styles(text(&zip.read("xl/styles.xml", limits)?)?)?,
                false => Vec::new(),
            });
        }
        let dates = dates.as_deref().unwrap_or_default();
        if sheet_hidden {
            cells.iter_mut().for_each(|c| c.hidden = true);
        }
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
pub(in crate::extract) fn attr<'a>(e: &'a BytesStart, name: &str) -> Option<Cow<'a, str>> {
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

/// (sheet name, part path, hidden) in workbook order, from workbook.xml and its relationships.
fn sheet_paths(zip: &mut Zipped, limits: &Limits) -> Result<Vec<(String, String, bool)>, Refusal> {
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
            // `hidden` and `veryHidden` (only a macro can show the latter) are both out of sight.
            let hidden = attr(&e, "state").is_some_and(|s| s != "visible");
            sheets.push((name, path.unwrap_or(fallback), hidden));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_join_runs_and_skip_phonetics() {
        let xml =
            "<sst><si><t>Đơn vị</t></si><si><r><t>Số </t></r><r><t>cuộc</t></r><rPh><t>x</t></rPh></si><si/></sst>";
        assert_eq!(shared_strings(xml).unwrap(), ["Đơn vị", "Số cuộc", ""]);
    }
}
