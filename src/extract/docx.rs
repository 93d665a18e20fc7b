//! Word (.docx) reader: streams `word/document.xml` into lines.
//!
//! docx-rs builds a full object model (about 4 ms per sample) and can loop forever on
//! malformed input (bokuweb/docx-rs#852); reading the one XML part with quick-xml is ~100×
//! faster and only ever moves forward through bounded bytes. Body paragraphs become one-cell
//! lines; each table row becomes a line with one cell per column (merged columns counted by
//! `gridSpan`); a nested table's text stays inside its outer cell.

use super::document::{Cell, Document, Line, Location};
use super::error::Refusal;
use super::limits::Limits;
use super::zipped::Zipped;
use crate::text::tidy;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

const FORMAT: &str = "Word";

/// Reads a .docx file's main text into a [`Document`].
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, Refusal> {
    let mut zip = Zipped::open(bytes, FORMAT, limits)?;
    let xml = zip.read("word/document.xml", limits)?;
    let xml = std::str::from_utf8(&xml).map_err(|e| Refusal::damaged(FORMAT, e))?;
    parse(xml)
}

/// Parses the WordprocessingML of `word/document.xml`.
fn parse(xml: &str) -> Result<Document, Refusal> {
    let mut reader = Reader::from_str(xml);
    let mut state = State::default();
    loop {
        let event = reader.read_event().map_err(|e| Refusal::damaged(FORMAT, e))?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == "Fallback" => {
                // mc:Fallback repeats the text of mc:Choice (text boxes) for old readers.
                reader.read_to_end(e.name()).map_err(|e| Refusal::damaged(FORMAT, e))?;
            }
            Event::Start(e) => state.start(&e),
            Event::Empty(e) => state.empty(&e),
            Event::End(e) => state.end(e.local_name().as_ref()),
            Event::Text(t) if state.in_text => state.push_text(&t.xml10_content()),
            Event::GeneralRef(r) if state.in_text => push_entity(&r.xml10_content(), |t| state.push_text(t)),
            Event::DocType(_) => return Err(Refusal::damaged(FORMAT, "khai báo DTD không hợp lệ")),
            Event::Eof => break,
            _ => {}
        }
    }
    if state.lines.is_empty() {
        return Err(Refusal::damaged(FORMAT, "không có nội dung"));
    }
    Ok(Document { lines: state.lines })
}

/// Passes on the text of one of the five XML entities or a character reference (`&#7874;`);
/// anything else is kept as written. Without allocating: writers such as LibreOffice encode
/// every Vietnamese letter as a character reference, so this runs once per letter.
pub(super) fn push_entity(name: &str, mut push: impl FnMut(&str)) {
    match name {
        "amp" => push("&"),
        "lt" => push("<"),
        "gt" => push(">"),
        "quot" => push("\""),
        "apos" => push("'"),
        _ => match parse_char_ref(name) {
            Some(c) => push(c.encode_utf8(&mut [0; 4])),
            None => {
                push("&");
                push(name);
                push(";");
            }
        },
    }
}

fn parse_char_ref(name: &str) -> Option<char> {
    let num = name.strip_prefix('#')?;
    let code = match num.strip_prefix('x') {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => num.parse().ok()?,
    };
    char::from_u32(code)
}

/// Reading position within the body.
#[derive(Default)]
struct State {
    lines: Vec<Line>,
    in_text: bool,
    /// Paragraphs being read; more than one when a text box sits inside a paragraph.
    paragraphs: Vec<String>,
    body_paragraphs: u32,
    tables: u32,
    /// Nesting of tables; only the outermost defines rows and cells.
    table_depth: u32,
    row: Option<Row>,
    cell: Option<CellText>,
}

struct Row {
    index: u32,
    next_col: u32,
    cells: Vec<Cell>,
}

#[derive(Default)]
struct CellText {
    paragraphs: Vec<String>,
    span: u32,
}

impl State {
    fn start(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "p" => self.paragraphs.push(String::new()),
            "t" => self.in_text = true,
            "tbl" => self.start_table(),
            "tr" if self.table_depth == 1 => self.start_row(),
            "tc" if self.table_depth == 1 => {
                self.cell = Some(CellText {
                    span: 1,
                    ..CellText::default()
                })
            }
            _ => {}
        }
    }

    fn empty(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "tab" => self.push_text(" "),
            "br" | "cr" => self.push_text("\n"),
            "gridSpan" if self.table_depth == 1 => {
                let span = e
                    .try_get_attribute("w:val")
                    .ok()
                    .flatten()
                    .and_then(|a| a.value.parse().ok())
                    .unwrap_or(1u32);
                if let Some(cell) = &mut self.cell {
                    cell.span = span.clamp(1, 64);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "p" => self.end_paragraph(),
            "tc" if self.table_depth == 1 => self.end_cell(),
            "tr" if self.table_depth == 1 => self.end_row(),
            "tbl" => self.table_depth = self.table_depth.saturating_sub(1),
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.push_str(text);
        }
    }

    fn start_table(&mut self) {
        self.table_depth += 1;
        if self.table_depth == 1 {
            self.tables += 1;
            self.row = None;
        }
    }

    fn start_row(&mut self) {
        let index = self.row.as_ref().map_or(1, |r| r.index + 1);
        self.row = Some(Row {
            index,
            next_col: 0,
            cells: Vec::new(),
        });
    }

    fn end_paragraph(&mut self) {
        let Some(text) = self.paragraphs.pop() else {
            return;
        };
        if let Some(cell) = &mut self.cell {
            cell.paragraphs.push(text);
            return;
        }
        // A soft line break in a body paragraph usually separates items ("Nơi nhận:" / "- Lưu
        // VT"), so each part is its own line.
        for part in text.split('\n') {
            self.body_paragraphs += 1;
            let part = tidy(part);
            if !part.is_empty() {
                let at = Location::Paragraph {
                    index: self.body_paragraphs,
                };
                self.lines.push(Line::paragraph(part, at));
            }
        }
    }

    fn end_cell(&mut self) {
        let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) else {
            return;
        };
        let parts: Vec<String> = cell
            .paragraphs
            .iter()
            .map(|p| tidy(p))
            .filter(|p| !p.is_empty())
            .collect();
        if !parts.is_empty() {
            let at = Location::Table {
                table: self.tables,
                row: row.index,
                col: row.next_col + 1,
            };
            row.cells.push(Cell::new(parts.join("\n"), row.next_col, at));
        }
        row.next_col += cell.span;
    }

    fn end_row(&mut self) {
        let Some(row) = self.row.as_mut() else {
            return;
        };
        if row.cells.is_empty() {
            return;
        }
        self.lines.push(Line {
            cells: std::mem::take(&mut row.cells),
            block: Some(self.tables),
            continues: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn doc(body: &str) -> Document {
        parse(&format!("<w:document {W}><w:body>{body}</w:body></w:document>")).unwrap()
    }

    fn texts(d: &Document) -> Vec<Vec<String>> {
        d.lines
            .iter()
            .map(|l| l.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn paragraphs_join_runs_and_resolve_entities() {
        let d = doc("<w:p><w:r><w:t>Số </w:t></w:r><w:r><w:t xml:space=\"preserve\">cuộc &amp; lượt</w:t></w:r></w:p>");
        assert_eq!(texts(&d), [["Số cuộc & lượt"]]);
        assert_eq!(d.lines[0].cells[0].at, Location::Paragraph { index: 1 });
    }

    #[test]
    fn table_rows_keep_columns_with_spans() {
        let d = doc(
            "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>Nhãn</w:t></w:r></w:p></w:tc>\
             <w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        );
        let cells = &d.lines[0].cells;
        assert_eq!((cells[0].col, cells[1].col), (0, 3));
        assert_eq!(
            cells[1].at,
            Location::Table {
                table: 1,
                row: 1,
                col: 4
            }
        );
        assert_eq!(d.lines[0].block, Some(1));
    }

    #[test]
    fn soft_breaks_split_body_paragraphs() {
        let d = doc("<w:p><w:r><w:t>Nơi nhận:</w:t><w:br/><w:t>- Lưu VT.</w:t></w:r></w:p>");
        assert_eq!(texts(&d), [["Nơi nhận:"], ["- Lưu VT."]]);
    }

    #[test]
    fn fallback_text_is_not_read_twice() {
        let d = doc(
            "<w:p><w:r><mc:AlternateContent xmlns:mc=\"m\"><mc:Choice><w:t>A</w:t></mc:Choice>\
             <mc:Fallback><w:t>A</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>",
        );
        assert_eq!(texts(&d), [["A"]]);
    }

    #[test]
    fn a_doctype_is_refused() {
        let xml = "<!DOCTYPE w [<!ENTITY a \"x\">]><w:document/>";
        assert!(matches!(parse(xml), Err(Refusal::Damaged { .. })));
    }

    #[test]
    fn truncated_xml_without_a_complete_paragraph_is_damaged() {
        let xml = format!("<w:document {W}><w:body><w:p><w:r><w:t>Đơn vị");
        assert!(matches!(parse(&xml), Err(Refusal::Damaged { .. })));
    }
}
