//! Word (.docx) reader: streams `word/document.xml` into lines.
//!
//! docx-rs builds a full object model (about 4 ms per sample) and can loop forever on
//! malformed input (bokuweb/docx-rs#852); reading the one XML part with quick-xml is ~100×
//! faster and only ever moves forward through bounded bytes. Paragraphs and tables become
//! lines as [`Flow`] lays them out (merged columns counted by `gridSpan`). Runs typed in a
//! legacy Vietnamese font ([`fonts`]) are decoded to Unicode run by run.

mod fonts;

use super::document::Document;
use super::error::Refusal;
use super::flow::Flow;
use super::limits::Limits;
use super::zipped::Zipped;
use crate::text::legacy;
use fonts::{Font, RunFont, Styles};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

const FORMAT: &str = "Word";

/// Reads a .docx file's main text into a [`Document`].
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, Refusal> {
    let mut zip = Zipped::open(bytes, FORMAT, limits)?;
    let xml = zip.read("word/document.xml", limits)?;
    let xml = std::str::from_utf8(&xml).map_err(|e| Refusal::damaged(FORMAT, e))?;
    let styles = match zip.has("word/styles.xml") {
        true => fonts::styles(&text(zip.read("word/styles.xml", limits)?)?)?,
        false => Styles::default(),
    };
    parse(xml, &styles)
}

fn text(bytes: Vec<u8>) -> Result<String, Refusal> {
    String::from_utf8(bytes).map_err(|e| Refusal::damaged(FORMAT, e))
}

/// Parses the WordprocessingML of `word/document.xml`.
fn parse(xml: &str, styles: &Styles) -> Result<Document, Refusal> {
    let mut reader = Reader::from_str(xml);
    let mut state = State {
        styles,
        flow: Flow::default(),
        in_text: false,
        run: None,
        paragraph_style: None,
        in_paragraph_props: false,
        old_props: 0,
    };
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
struct State<'s> {
    styles: &'s Styles,
    flow: Flow,
    in_text: bool,
    /// The run being read: its font settings and its text so far. A run's text is decoded
    /// as a whole: VNI puts a letter's marks after it, and writers split text anywhere.
    run: Option<(RunFont, String)>,
    /// The paragraph's `w:pStyle`.
    paragraph_style: Option<String>,
    /// Inside `w:pPr`, whose `w:rPr` is the paragraph mark's, not the runs'.
    in_paragraph_props: bool,
    /// Depth inside the old properties of a tracked change (`w:rPrChange`, `w:pPrChange`).
    old_props: usize,
}

impl State<'_> {
    fn start(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "p" => {
                self.paragraph_style = None;
                self.flow.start_paragraph();
            }
            "r" => self.run = Some((RunFont::default(), String::new())),
            "pPr" => self.in_paragraph_props = true,
            "rPrChange" | "pPrChange" => self.old_props += 1,
            "t" => self.in_text = true,
            "tbl" => self.flow.start_table(),
            "tr" if self.flow.in_outer_table() => self.flow.start_row(),
            "tc" if self.flow.in_outer_table() => self.flow.start_cell(),
            _ => {}
        }
    }

    fn empty(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "tab" => self.push_text(" "),
            "br" | "cr" => self.push_text("\n"),
            // TCVN3 puts ư at 0xAD, the soft hyphen, which Word then saves as this element.
            "softHyphen" if self.run_encoding().is_some() => self.push_text("\u{AD}"),
            "pStyle" if self.in_paragraph_props && self.old_props == 0 => {
                self.paragraph_style = fonts::value(e);
            }
            "rStyle" if self.in_run_props() => {
                if let Some((run, _)) = self.run.as_mut() {
                    run.style = fonts::value(e);
                }
            }
            "rFonts" if self.in_run_props() => {
                if let Some((run, _)) = self.run.as_mut() {
                    run.font = Font::of(e);
                }
            }
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
            "r" => self.flush_run(),
            "pPr" => self.in_paragraph_props = false,
            "rPrChange" | "pPrChange" => self.old_props = self.old_props.saturating_sub(1),
            "p" => {
                self.flush_run();
                self.flow.end_paragraph();
            }
            "tc" if self.flow.in_outer_table() => self.flow.end_cell(),
            "tr" if self.flow.in_outer_table() => self.flow.end_row(),
            "tbl" => self.flow.end_table(),
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        match self.run.as_mut() {
            Some((_, buffer)) => buffer.push_str(text),
            None => self.flow.push_text(text),
        }
    }

    fn in_run_props(&self) -> bool {
        !self.in_paragraph_props && self.old_props == 0
    }

    fn run_encoding(&self) -> Option<legacy::Legacy> {
        let (run, _) = self.run.as_ref()?;
        self.styles.encoding(run, self.paragraph_style.as_deref())
    }

    /// Hands the run's text to the flow, decoded when its font is a legacy one.
    fn flush_run(&mut self) {
        let encoding = self.run_encoding();
        let Some((_, text)) = self.run.take() else {
            return;
        };
        match encoding {
            Some(encoding) => self.flow.push_text(&legacy::decode_drawn(&text, encoding)),
            None => self.flow.push_text(&text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::Location;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn doc(body: &str) -> Document {
        parse(
            &format!("<w:document {W}><w:body>{body}</w:body></w:document>"),
            &Styles::default(),
        )
        .unwrap()
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
    fn runs_in_legacy_fonts_are_decoded_run_by_run() {
        let styles = fonts::styles(&format!(
            "<w:styles {W}><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">\
             <w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr></w:style></w:styles>"
        ))
        .unwrap();
        let body = "<w:p><w:r><w:rPr><w:rFonts w:hAnsi=\".VnTimeH\"/></w:rPr><w:t>céng hoµ</w:t></w:r></w:p>\
             <w:p><w:r><w:t>Héi Liªn hiÖp Phô n÷, ng</w:t><w:softHyphen/><w:t>êi</w:t></w:r></w:p>\
             <w:p><w:r><w:rPr><w:rFonts w:ascii=\"VNI-Times\"/></w:rPr><w:t>Vie</w:t><w:t>ät Nam</w:t></w:r></w:p>\
             <w:p><w:r><w:t>Hội Liên hiệp (gõ Unicode)</w:t></w:r>\
             <w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\"/></w:rPr><w:t> Hµ</w:t></w:r></w:p>";
        let d = parse(
            &format!("<w:document {W}><w:body>{body}</w:body></w:document>"),
            &styles,
        )
        .unwrap();
        assert_eq!(
            texts(&d),
            [
                ["CỘNG HOÀ"],
                ["Hội Liên hiệp Phụ nữ, người"],
                ["Việt Nam"],
                ["Hội Liên hiệp (gõ Unicode) Hµ"]
            ]
        );
    }

    #[test]
    fn a_soft_hyphen_outside_legacy_fonts_is_dropped() {
        let d = doc("<w:p><w:r><w:t>giám</w:t><w:softHyphen/><w:t>sát</w:t></w:r></w:p>");
        assert_eq!(texts(&d), [["giámsát"]]);
    }

    #[test]
    fn a_doctype_is_refused() {
        let xml = "<!DOCTYPE w [<!ENTITY a \"x\">]><w:document/>";
        assert!(matches!(parse(xml, &Styles::default()), Err(Refusal::Damaged { .. })));
    }

    #[test]
    fn truncated_xml_without_a_complete_paragraph_is_damaged() {
        let xml = format!("<w:document {W}><w:body><w:p><w:r><w:t>Đơn vị");
        assert!(matches!(parse(&xml, &Styles::default()), Err(Refusal::Damaged { .. })));
    }
}
