//! Pre-check of OpenDocument spreadsheets before calamine parses them.
//!
//! ODS compresses runs of identical rows and columns with `number-rows-repeated` and
//! `number-columns-repeated`; calamine expands them into a dense grid. A cell repeated a
//! million times is a few bytes of XML and gigabytes of memory, so the used area (rows and
//! columns up to the last non-empty cell) is measured here by streaming `content.xml`.
//!
//! The same pass notes the hidden rows and columns (`table:visibility="collapse"` or
//! `"filter"`), which calamine does not report: a drop-down list or an old figure kept in a
//! hidden row must count only as .xlsx hidden rows do.

use super::error::Refusal;
use super::limits::Limits;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::ops::Range;

/// Hidden rows and columns of each sheet (by name), 0-based as calamine numbers them.
#[derive(Debug, Default)]
pub struct Hidden {
    sheets: HashMap<String, Spans>,
}

#[derive(Debug, Default)]
struct Spans {
    rows: Vec<Range<u64>>,
    cols: Vec<Range<u64>>,
}

impl Hidden {
    /// Whether the cell at `row`, `col` of `sheet` is in a hidden row or column.
    pub fn covers(&self, sheet: &str, row: u32, col: u32) -> bool {
        // Spans are recorded in document order, so sorted and disjoint.
        let within = |spans: &[Range<u64>], i: u32| {
            let i = u64::from(i);
            let after = spans.partition_point(|s| s.start <= i);
            after > 0 && spans[after - 1].contains(&i)
        };
        self.sheets
            .get(sheet)
            .is_some_and(|s| within(&s.rows, row) || within(&s.cols, col))
    }
}

/// Refuses an ODS whose sheets' used area exceeds the limit; otherwise its hidden rows and
/// columns.
pub fn check(content_xml: &[u8], limits: &Limits) -> Result<Hidden, Refusal> {
    let xml = std::str::from_utf8(content_xml).map_err(|e| Refusal::damaged("ODS", e))?;
    let mut reader = Reader::from_str(xml);
    let mut hidden = Hidden::default();
    let mut sheet = Spans::default();
    let mut name = String::new();
    let mut column = 0u64;
    let (mut row, mut col, mut max_row, mut max_col) = (0u64, 0u64, 0u64, 0u64);
    let mut row_repeat = 1u64;
    // calamine reads an element left open at the end of the file forever: refuse it here.
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| Refusal::damaged("ODS", e))?;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Empty(e) if e.local_name().as_ref() == "table-row" => {
                let n = repeat(&e, "table:number-rows-repeated");
                note_hidden(&e, row..row.saturating_add(n), &mut sheet.rows);
                row = row.saturating_add(n);
            }
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "table" => {
                    (row, column, max_row, max_col) = (0, 0, 0, 0);
                    name = attribute(&e, "table:name").unwrap_or_default();
                }
                "table-column" => {
                    let n = repeat(&e, "table:number-columns-repeated");
                    note_hidden(&e, column..column.saturating_add(n), &mut sheet.cols);
                    column = column.saturating_add(n);
                }
                "table-row" => {
                    row_repeat = repeat(&e, "table:number-rows-repeated");
                    note_hidden(&e, row..row.saturating_add(row_repeat), &mut sheet.rows);
                    col = 0;
                }
                "table-cell" | "covered-table-cell" => {
                    let n = repeat(&e, "table:number-columns-repeated");
                    if e.try_get_attribute("office:value-type").ok().flatten().is_some() {
                        max_col = max_col.max(col + n);
                        max_row = max_row.max(row + row_repeat);
                    }
                    col += n;
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "table-row" => row = row.saturating_add(row_repeat),
            Event::End(e) if e.local_name().as_ref() == "table" => {
                hidden
                    .sheets
                    .insert(std::mem::take(&mut name), std::mem::take(&mut sheet));
            }
            Event::Eof if depth > 0 => return Err(Refusal::damaged("ODS", "content.xml ends inside an element")),
            Event::Eof => return Ok(hidden),
            _ => {}
        }
        if max_row.saturating_mul(max_col) > limits.max_sheet_cells {
            return Err(Refusal::too_large(
                "ODS",
                format!("vùng dữ liệu {max_row} × {max_col} ô"),
            ));
        }
    }
}

/// Records `span` when the row or column element `e` is hidden.
fn note_hidden(e: &BytesStart, span: Range<u64>, spans: &mut Vec<Range<u64>>) {
    let hidden = matches!(attribute(e, "table:visibility").as_deref(), Some("collapse" | "filter"));
    // A malicious file could hide millions of separate rows; past a bound the rest is only
    // as hidden as calamine thinks (visible), which costs a look, not a wrong number.
    if hidden && spans.len() < MAX_SPANS {
        spans.push(span);
    }
}

/// Most hidden row or column runs kept per sheet.
const MAX_SPANS: usize = 10_000;

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    super::xlsx::attr(e, name).map(|v| v.into_owned())
}

fn repeat(e: &BytesStart, attr: &str) -> u64 {
    e.try_get_attribute(attr)
        .ok()
        .flatten()
        .and_then(|a| a.value.parse().ok())
        .unwrap_or(1u64)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_and_columns_are_noted_per_sheet() {
        // As LibreOffice writes them: column runs first, then rows; a repeated hidden row run.
        let xml = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x">
            <office:body><office:spreadsheet>
            <table:table table:name="Báo cáo">
              <table:table-column table:number-columns-repeated="6"/>
              <table:table-column table:visibility="collapse"/>
              <table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row>
              <table:table-row table:visibility="collapse" table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="999"/></table:table-row>
              <table:table-row table:visibility="filter"/>
            </table:table>
            <table:table table:name="Bìa"><table:table-row><table:table-cell/></table:table-row></table:table>
            </office:spreadsheet></office:body></office:document-content>"#;
        let hidden = check(xml.as_bytes(), &Limits::default()).unwrap();
        assert!(!hidden.covers("Báo cáo", 0, 0));
        assert!(hidden.covers("Báo cáo", 1, 0) && hidden.covers("Báo cáo", 2, 3) && hidden.covers("Báo cáo", 3, 0));
        assert!(!hidden.covers("Báo cáo", 4, 0));
        assert!(hidden.covers("Báo cáo", 0, 6) && !hidden.covers("Báo cáo", 0, 7));
        assert!(!hidden.covers("Bìa", 1, 6));
    }
}
