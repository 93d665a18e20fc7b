//! OpenDocument text (.odt) reader: streams `content.xml` into lines.
//!
//! LibreOffice's own format, and what offices that moved to LibreOffice save by default. The
//! body is paragraphs (`text:p`, `text:h`, inside lists and sections too) and tables
//! (`table:table`), laid out by [`Flow`] exactly as a .docx is, so the matcher sees the same
//! lines whichever word processor wrote the report. Comments, footnotes and the text of
//! tracked deletions are not the report's text and are skipped.

use super::document::Document;
use super::docx::push_entity;
use super::error::Refusal;
use super::flow::Flow;
use super::limits::Limits;
use super::zipped::Zipped;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

const FORMAT: &str = "OpenDocument";

/// Reads an .odt file's main text into a [`Document`].
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, Refusal> {
    let mut zip = Zipped::open(bytes, FORMAT, limits)?;
    let xml = zip.read("content.xml", limits)?;
    let xml = std::str::from_utf8(&xml).map_err(|e| Refusal::damaged(FORMAT, e))?;
    parse(xml)
}

/// Elements whose text is not the report's: annotations, notes, deleted text, form controls.
const SKIPPED: &[&str] = &["annotation", "note", "tracked-changes", "forms", "sequence-decls"];

/// Parses the `content.xml` of an OpenDocument text.
fn parse(xml: &str) -> Result<Document, Refusal> {
    let mut reader = Reader::from_str(xml);
    let mut flow = Flow::default();
    loop {
        let event = reader.read_event().map_err(|e| Refusal::damaged(FORMAT, e))?;
        match event {
            Event::Start(e) if SKIPPED.contains(&e.local_name().as_ref()) => {
                reader.read_to_end(e.name()).map_err(|e| Refusal::damaged(FORMAT, e))?;
            }
            Event::Start(e) => start(&mut flow, &e),
            Event::Empty(e) => empty(&mut flow, &e),
            Event::End(e) => end(&mut flow, e.local_name().as_ref()),
            // Text outside a paragraph (indentation between elements) has nowhere to go: the
            // flow drops it.
            Event::Text(t) => flow.push_text(&t.xml10_content()),
            Event::GeneralRef(r) => push_entity(&r.xml10_content(), |t| flow.push_text(t)),
            Event::DocType(_) => return Err(Refusal::damaged(FORMAT, "khai báo DTD không hợp lệ")),
            Event::Eof => break,
            _ => {}
        }
    }
    let lines = flow.finish();
    if lines.is_empty() {
        return Err(Refusal::damaged(FORMAT, "không có nội dung"));
    }
    Ok(Document { lines })
}

/// An element opens.
fn start(flow: &mut Flow, e: &BytesStart) {
    match e.local_name().as_ref() {
        "p" | "h" => flow.start_paragraph(),
        "table" => flow.start_table(),
        "table-row" if flow.in_outer_table() => flow.start_row(),
        "table-cell" if flow.in_outer_table() => {
            flow.start_cell();
            flow.span(columns(e));
        }
        _ => {}
    }
}

/// An element without content: spaces, tabs, breaks, empty cells and paragraphs.
fn empty(flow: &mut Flow, e: &BytesStart) {
    match e.local_name().as_ref() {
        // `text:s` stands for `text:c` spaces; one is enough, runs are collapsed anyway.
        "s" | "tab" => flow.push_text(" "),
        "line-break" => flow.push_text("\n"),
        "table-cell" if flow.in_outer_table() => {
            flow.start_cell();
            flow.span(columns(e));
            flow.end_cell();
        }
        _ => {}
    }
}

/// An element closes.
fn end(flow: &mut Flow, name: &str) {
    match name {
        "p" | "h" => flow.end_paragraph(),
        "table-cell" if flow.in_outer_table() => flow.end_cell(),
        "table-row" if flow.in_outer_table() => flow.end_row(),
        "table" => flow.end_table(),
        _ => {}
    }
}

/// The grid columns a cell takes: merged (`number-columns-spanned`) and repeated
/// (`number-columns-repeated`, how ODF writes a run of empty cells). A covered cell after a
/// merged one is not a cell of its own: the span already counted it.
fn columns(e: &BytesStart) -> u32 {
    let number = |name: &str| {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.value.parse::<u32>().ok())
            .unwrap_or(1)
            .clamp(1, 64)
    };
    number("table:number-columns-spanned").saturating_mul(number("table:number-columns-repeated"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::Location;

    const NS: &str = r#"xmlns:office="o" xmlns:text="t" xmlns:table="tb""#;

    fn doc(body: &str) -> Document {
        parse(&format!(
            "<office:document-content {NS}><office:body><office:text>{body}</office:text></office:body></office:document-content>"
        ))
        .unwrap()
    }

    fn texts(d: &Document) -> Vec<Vec<String>> {
        d.lines
            .iter()
            .map(|l| l.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn paragraphs_spans_and_spaces_make_lines() {
        let d = doc(
            "<text:h>BÁO CÁO</text:h><text:p>Số <text:span>cuộc</text:span><text:s text:c=\"3\"/>giám&#160;sát\
             <text:line-break/>- Lưu VT.</text:p><text:list><text:list-item><text:p>Mục &amp; một</text:p>\
             </text:list-item></text:list>",
        );
        assert_eq!(
            texts(&d),
            [["BÁO CÁO"], ["Số cuộc giám sát"], ["- Lưu VT."], ["Mục & một"]]
        );
        assert_eq!(d.lines[1].cells[0].at, Location::Paragraph { index: 2 });
    }

    #[test]
    fn table_rows_count_spanned_and_repeated_columns() {
        let d = doc(
            "<table:table><table:table-column/><table:table-header-rows><table:table-row>\
             <table:table-cell table:number-columns-spanned=\"2\"><text:p>Nhãn</text:p></table:table-cell>\
             <table:covered-table-cell/><table:table-cell table:number-columns-repeated=\"2\"/>\
             <table:table-cell><text:p>5</text:p></table:table-cell></table:table-row></table:table-header-rows>\
             </table:table>",
        );
        let cells = &d.lines[0].cells;
        assert_eq!(texts(&d), [["Nhãn", "5"]]);
        assert_eq!((cells[0].col, cells[1].col), (0, 4));
        assert_eq!(
            cells[1].at,
            Location::Table {
                table: 1,
                row: 1,
                col: 5
            }
        );
    }

    #[test]
    fn comments_notes_and_deletions_are_not_read() {
        let d = doc(
            "<text:tracked-changes><text:changed-region><text:deletion><text:p>cũ 9</text:p></text:deletion>\
             </text:changed-region></text:tracked-changes><text:p>Số liệu<office:annotation><text:p>xem lại</text:p>\
             </office:annotation> 12<text:note><text:note-body><text:p>chú thích</text:p></text:note-body></text:note></text:p>",
        );
        assert_eq!(texts(&d), [["Số liệu 12"]]);
    }

    #[test]
    fn a_doctype_or_an_empty_body_is_refused() {
        assert!(matches!(parse("<!DOCTYPE x []><x/>"), Err(Refusal::Damaged { .. })));
        let empty = format!(
            "<office:document-content {NS}><office:body><office:text/></office:body></office:document-content>"
        );
        assert!(matches!(parse(&empty), Err(Refusal::Damaged { .. })));
    }
}
