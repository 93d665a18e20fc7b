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
use crate::text::legacy::{self, font_encoding};
use cells::cells;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::HashMap;
use styles::CellStyles;

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
    // Which styles show dates or legacy fonts matters only for numbers in styled cells and
    // for text beyond ASCII; many forms have neither, so styles.xml is read when one turns up.
    let mut styles: Option<CellStyles> = None;
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
        if !styled.is_empty() && styles.is_none() {
            styles = Some(match zip.has("xl/styles.xml") {
                true => CellStyles::read(text(&zip.read("xl/styles.xml", limits)?)?)?,
                false => CellStyles::default(),
            });
        }
        if sheet_hidden {
            cells.iter_mut().for_each(|c| c.hidden = true);
        }
        let styles = styles.as_ref();
        for (index, style, number) in styled {
            let cell = &mut cells[index];
            match (number, styles) {
                (Some(number), Some(styles)) if styles.is_date(style) => {
                    cell.text = serial_text(number);
                    cell.date_serial = Some(number);
                }
                (None, Some(styles)) => {
                    if let Some(encoding) = styles.legacy(style) {
                        cell.text = legacy::decode_drawn(&cell.text, encoding).into_owned();
                    }
                }
                _ => {}
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

/// One shared string: its text, and whether its rich-text runs named their fonts (then each
/// run was decoded by its own font, and the cell's font does not apply).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Shared {
    text: String,
    fonted: bool,
}

impl From<&str> for Shared {
    fn from(text: &str) -> Shared {
        Shared {
            text: text.to_string(),
            fonted: false,
        }
    }
}

/// The shared strings, rich-text runs joined (each decoded when its `rFont` is a legacy
/// Vietnamese font), phonetic hints (`rPh`) left out.
fn shared_strings(xml: &str) -> Result<Vec<Shared>, Refusal> {
    let mut out = Vec::new();
    let mut current = Shared::default();
    // The rich-text run being read: its font, if named, and its text.
    let mut run: Option<(Option<String>, String)> = None;
    let (mut in_t, mut in_phonetic) = (false, false);
    each_event(xml, |e| match e {
        Event::Start(e) => match e.local_name().as_ref() {
            "si" => current = Shared::default(),
            "r" if !in_phonetic => run = Some((None, String::new())),
            "t" => in_t = !in_phonetic,
            "rPh" => in_phonetic = true,
            _ => {}
        },
        Event::Empty(e) => match e.local_name().as_ref() {
            "si" => out.push(Shared::default()),
            "rFont" => {
                if let (Some((font, _)), Some(name)) = (run.as_mut(), attr(&e, "val")) {
                    *font = Some(name.into_owned());
                    current.fonted = true;
                }
            }
            _ => {}
        },
        Event::End(e) => match e.local_name().as_ref() {
            "si" => out.push(std::mem::take(&mut current)),
            "r" => {
                if let Some((font, text)) = run.take() {
                    match font.as_deref().and_then(font_encoding) {
                        Some(encoding) => current.text.push_str(&legacy::decode_drawn(&text, encoding)),
                        None => current.text.push_str(&text),
                    }
                }
            }
            "t" => in_t = false,
            "rPh" => in_phonetic = false,
            _ => {}
        },
        Event::Text(t) if in_t => push_shared(&mut run, &mut current, &t.xml10_content()),
        Event::GeneralRef(r) if in_t => {
            push_entity(&r.xml10_content(), |t| push_shared(&mut run, &mut current, t));
        }
        _ => {}
    })?;
    Ok(out)
}

/// Text of a shared string goes to its run, when it is in one, else to the string.
fn push_shared(run: &mut Option<(Option<String>, String)>, current: &mut Shared, text: &str) {
    match run {
        Some((_, buffer)) => buffer.push_str(text),
        None => current.text.push_str(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_join_runs_and_skip_phonetics() {
        let xml =
            "<sst><si><t>Đơn vị</t></si><si><r><t>Số </t></r><r><t>cuộc</t></r><rPh><t>x</t></rPh></si><si/></sst>";
        let texts: Vec<String> = shared_strings(xml).unwrap().into_iter().map(|s| s.text).collect();
        assert_eq!(texts, ["Đơn vị", "Số cuộc", ""]);
    }

    #[test]
    fn rich_text_runs_in_legacy_fonts_are_decoded() {
        let xml = "<sst><si><r><rPr><rFont val=\".VnTime\"/></rPr><t>Héi </t></r>\
                   <r><rPr><rFont val=\"Arial\"/></rPr><t>LHPN</t></r></si><si><t>Céng</t></si></sst>";
        let shared = shared_strings(xml).unwrap();
        assert_eq!((shared[0].text.as_str(), shared[0].fonted), ("Hội LHPN", true));
        assert_eq!((shared[1].text.as_str(), shared[1].fonted), ("Céng", false));
    }
}
