//! Pre-check of OpenDocument spreadsheets before calamine parses them.
//!
//! ODS compresses runs of identical rows and columns with `number-rows-repeated` and
//! `number-columns-repeated`; calamine expands them into a dense grid. A cell repeated a
//! million times is a few bytes of XML and gigabytes of memory, so the used area (rows and
//! columns up to the last non-empty cell) is measured here by streaming `content.xml`.

use super::error::Refusal;
use super::limits::Limits;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Refuses an ODS whose sheets' used area exceeds the limit.
pub fn check(content_xml: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let xml = std::str::from_utf8(content_xml).map_err(|e| Refusal::damaged("ODS", e))?;
    let mut reader = Reader::from_str(xml);
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
                row += repeat(&e, "table:number-rows-repeated")
            }
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "table" => (row, max_row, max_col) = (0, 0, 0),
                "table-row" => {
                    row_repeat = repeat(&e, "table:number-rows-repeated");
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
            Event::End(e) if e.local_name().as_ref() == "table-row" => row += row_repeat,
            Event::Eof if depth > 0 => return Err(Refusal::damaged("ODS", "content.xml ends inside an element")),
            Event::Eof => return Ok(()),
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

fn repeat(e: &BytesStart, attr: &str) -> u64 {
    e.try_get_attribute(attr)
        .ok()
        .flatten()
        .and_then(|a| a.value.parse().ok())
        .unwrap_or(1u64)
        .max(1)
}
