//! Legacy .xls and .ods reader on calamine, with guards calamine lacks (.xlsx: [`super::xlsx`]).
//!
//! calamine allocates a dense grid for a sheet's used area: one cell at A1 and one at
//! XFD1048576 asks for 512 GiB and aborts the process. So .xls/.ods are only handed to
//! calamine after their used area has been measured from the raw file ([`super::biff`],
//! [`super::ods`]). Every sheet becomes a block of lines, one per row with values; the
//! grouping into lines is shared with the .xlsx reader.

use super::document::{Cell, Document, Line, Location};
use super::error::Refusal;
use super::limits::Limits;
use super::zipped::Zipped;
use super::{biff, ods};
use calamine::{Data, Reader, Xls};
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// One non-empty spreadsheet cell before grouping into lines.
pub(super) struct SheetCell {
    pub(super) row: u32,
    pub(super) col: u32,
    pub(super) text: String,
    pub(super) date_serial: Option<f64>,
    /// On a hidden sheet, row or column.
    pub(super) hidden: bool,
}

/// Reads a legacy .xls (Excel 97–2003) workbook.
pub fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Document, Refusal> {
    let legacy = biff::check(bytes, limits)?;
    guarded("Excel 97-2003", || {
        let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| Refusal::damaged("Excel 97-2003", e))?;
        let mut sheets = dense_sheets(&mut book, "Excel 97-2003", limits)?;
        decode_legacy(&mut sheets, &legacy);
        Ok(sheets)
    })
}

/// Decodes the text of cells drawn in a TCVN3 or VNI font.
fn decode_legacy(sheets: &mut [(String, Vec<SheetCell>)], legacy: &biff::LegacyCells) {
    for (name, cells) in sheets {
        let Some(fonts) = legacy.get(name.as_str()) else {
            continue;
        };
        for cell in cells.iter_mut().filter(|c| c.date_serial.is_none()) {
            if let Some(pieces) = fonts.get(&(cell.row, cell.col)) {
                cell.text = decode_pieces(&cell.text, pieces);
            }
        }
    }
}

/// The text with each piece decoded by its font (pieces start at character indexes).
fn decode_pieces(text: &str, pieces: &biff::Pieces) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    // Runs out of order (a damaged file) must neither repeat nor lose characters.
    let mut pos = 0;
    for (i, &(_, encoding)) in pieces.iter().enumerate() {
        let next = pieces.get(i + 1).map_or(chars.len(), |&(next, _)| next);
        let end = next.clamp(pos, chars.len());
        let piece: String = chars[pos..end].iter().collect();
        pos = end;
        match encoding {
            Some(encoding) => out.push_str(&crate::text::legacy::decode_drawn(&piece, encoding)),
            None => out.push_str(&piece),
        }
    }
    out.extend(&chars[pos..]);
    out
}

/// Reads an OpenDocument spreadsheet (.ods).
pub fn read_ods(bytes: &[u8], limits: &Limits) -> Result<Document, Refusal> {
    let mut zip = Zipped::open(bytes, "ODS", limits)?;
    zip.verify_xml_parts(limits)?;
    let hidden = ods::check(&zip.read("content.xml", limits)?, limits)?;
    guarded("ODS", || {
        let mut book = calamine::Ods::new(Cursor::new(bytes)).map_err(|e| Refusal::damaged("ODS", e))?;
        let mut sheets = dense_sheets(&mut book, "ODS", limits)?;
        for (name, cells) in &mut sheets {
            for cell in cells.iter_mut() {
                cell.hidden |= hidden.covers(name, cell.row, cell.col);
            }
        }
        Ok(sheets)
    })
}

/// Runs library code, turning a panic on malformed input into a refusal.
fn guarded(
    format: &str,
    f: impl FnOnce() -> Result<Vec<(String, Vec<SheetCell>)>, Refusal>,
) -> Result<Document, Refusal> {
    let sheets = catch_unwind(AssertUnwindSafe(f)).map_err(|_| Refusal::damaged(format, "lỗi khi đọc bảng tính"))??;
    let doc = to_document(sheets);
    if doc.lines.is_empty() {
        return Err(Refusal::damaged(format, "bảng tính trống"));
    }
    Ok(doc)
}

/// Cells of every sheet of a workbook calamine has already parsed (its area was checked).
fn dense_sheets<'a, R: Reader<Cursor<&'a [u8]>>>(
    book: &mut R,
    format: &str,
    limits: &Limits,
) -> Result<Vec<(String, Vec<SheetCell>)>, Refusal>
where
    R::Error: std::fmt::Display,
{
    let mut out = Vec::new();
    let mut total = 0;
    let hidden_sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible != calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    for name in book.sheet_names() {
        let hidden = hidden_sheets.contains(&name);
        let range = book.worksheet_range(&name).map_err(|e| Refusal::damaged(format, e))?;
        let cells: Vec<SheetCell> = range
            .used_cells()
            .filter_map(|(r, c, value)| {
                let (start_row, start_col) = range.start().unwrap_or((0, 0));
                let (text, date_serial) = data_text(value)?;
                Some(SheetCell {
                    row: start_row + r as u32,
                    col: start_col + c as u32,
                    text,
                    date_serial,
                    hidden,
                })
            })
            .collect();
        total += cells.len();
        if total > limits.max_cells {
            return Err(Refusal::too_large(
                format,
                format!("hơn {} ô có dữ liệu", limits.max_cells),
            ));
        }
        out.push((name, cells));
    }
    Ok(out)
}

/// Text (and Excel date serial) of a cell of a dense range; `None` for empty cells.
fn data_text(value: &Data) -> Option<(String, Option<f64>)> {
    let text = match value {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(d) => return Some((serial_text(d.as_f64()), Some(d.as_f64()))),
        Data::Bool(_) | Data::Error(_) | Data::Empty => return None,
    };
    Some((text, None))
}

/// A number as a person would write it: whole numbers without a decimal part.
pub(super) fn float_text(f: f64) -> String {
    match super::values::integer_from_float(f) {
        Some(i) => i.to_string(),
        None => f.to_string(),
    }
}

/// A date cell shown as `dd/mm/yyyy`, the way the chapter sees it in Excel.
pub(super) fn serial_text(serial: f64) -> String {
    super::values::date_from_excel_serial(serial)
        .map_or_else(|| serial.to_string(), |d| d.strftime("%d/%m/%Y").to_string())
}

/// Groups each sheet's cells into row lines, in sheet order.
pub(super) fn to_document(sheets: Vec<(String, Vec<SheetCell>)>) -> Document {
    let mut lines = Vec::new();
    for (index, (sheet, mut cells)) in sheets.into_iter().enumerate() {
        let sheet: std::sync::Arc<str> = sheet.into();
        cells.sort_by_key(|c| (c.row, c.col));
        for row in cells.chunk_by(|a, b| a.row == b.row) {
            let cells = row
                .iter()
                .filter_map(|c| {
                    let text = crate::text::tidy(&c.text);
                    if text.is_empty() {
                        return None;
                    }
                    let at = Location::Sheet {
                        sheet: sheet.clone(),
                        row: c.row,
                        col: c.col,
                    };
                    Some(Cell {
                        text,
                        col: c.col,
                        date_serial: c.date_serial,
                        at,
                        hidden: c.hidden,
                    })
                })
                .collect::<Vec<_>>();
            if !cells.is_empty() {
                lines.push(Line {
                    cells,
                    block: Some(index as u32 + 1),
                    continues: false,
                });
            }
        }
    }
    Document { lines }
}
