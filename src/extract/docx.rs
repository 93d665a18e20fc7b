//! Word (.docx) reader: streams `word/document.xml` into lines.
//!
//! docx-rs builds a full object model (about 4 ms per sample) and can loop forever on
//! malformed input (bokuweb/docx-rs#852); reading the one XML part with quick-xml is ~100×
//! faster and only ever moves forward through bounded bytes. Paragraphs and tables become
//! lines as [`Flow`] lays them out (merged columns counted by `gridSpan`).

use super::document::Document;
use super::error::Refusal;
use super::flow::Flow;
use super::limits::Limits;
use super::zipped::Zipped;
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
    let lines = state.flow.finish();
    if lines.is_empty() {
        return Err(Refusal::damaged(FORMAT, "không có nội dung"));
    }
    Ok(Document { lines })
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
    flow: Flow,
    in_text: bool,
}

impl State {
    fn start(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "p" => self.flow.start_paragraph(),
            "t" => self.in_text = true,
            "tbl" => self.flow.start_table(),
            "tr" if self.flow.in_outer_table() => self.flow.start_row(),
            "tc" if self.flow.in_outer_table() => self.flow.start_cell(),
            _ => {}
        }
    }

    fn empty(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "tab" => self.flow.push_text(" "),
            "br" | "cr" => self.flow.push_text("\n"),
            "gridSpan" if self.flow.in_outer_table() => {
                let span = e
                    .try_get_attribute("w:val")
                    .ok()
                    .flatten()
                    .and_then(|a| a.value.parse().ok())
                    .unwrap_or(1u32);
                self.flow.span(span);
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "p" => self.flow.end_paragraph(),
            "tc" if self.flow.in_outer_table() => self.flow.end_cell(),
            "tr" if self.flow.in_outer_table() => self.flow.end_row(),
            "tbl" => self.flow.end_table(),
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        self.flow.push_text(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::Location;

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
