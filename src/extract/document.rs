//! The format-neutral document every reader produces and the matcher consumes.
//!
//! A document is a flat list of lines in reading order. A paragraph is a line with one cell;
//! a table row (Word table, spreadsheet row, PDF text line split at wide gaps) is a line with
//! one cell per non-empty column. Flattening tables into lines lets one matcher handle
//! "label | value" rows, "label: value" paragraphs and headed sections alike.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A document as read from one file, before any field is recognised.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Lines in reading order.
    pub lines: Vec<Line>,
}

/// One paragraph or one table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// The non-empty cells of the line, left to right.
    pub cells: Vec<Cell>,
    /// Which table or sheet the line belongs to (`None` for body paragraphs). Lines of the
    /// same block share column numbering, so a header row can name a value column.
    pub block: Option<u32>,
    /// True when this line continues the paragraph of the previous line (a PDF line that
    /// wrapped), so the text is joined with a space rather than a line break.
    pub continues: bool,
}

/// One piece of text with its column and origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The text as written (whitespace runs collapsed, NFC).
    pub text: String,
    /// Column number within the block (0-based); for paragraphs 0.
    pub col: u32,
    /// Excel serial date if the spreadsheet cell was a date, so it need not be re-parsed.
    pub date_serial: Option<f64>,
    /// Where the text came from, for the record's `sources`.
    pub at: Location,
    /// On a hidden sheet, row or column: read only when nothing visible holds the form.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

/// Where a value was read, precise enough for a person to find it in the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Location {
    /// A spreadsheet cell, e.g. `Báo cáo!D11`.
    /// The sheet name is shared by every cell of its sheet.
    Sheet {
        sheet: std::sync::Arc<str>,
        row: u32,
        col: u32,
    },
    /// A cell of a Word table (1-based numbers).
    Table { table: u32, row: u32, col: u32 },
    /// A body paragraph of a Word document (1-based).
    Paragraph { index: u32 },
    /// A text line of a PDF page (1-based).
    Page { page: u32, line: u32 },
    /// Text read by OCR from a scanned page or a photo: the line, the box on the page image
    /// (pixels) and the recogniser's confidence (0–100).
    Scan {
        page: u32,
        line: u32,
        left: u32,
        top: u32,
        width: u32,
        height: u32,
        confidence: u8,
        /// The other reading of a figure when the page's and the digits-only reading
        /// disagree (the text kept is the surer one).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        disputed: Option<String>,
    },
}

impl Line {
    /// A single-cell line (a paragraph).
    pub fn paragraph(text: String, at: Location) -> Self {
        Line {
            cells: vec![Cell::new(text, 0, at)],
            block: None,
            continues: false,
        }
    }

    /// All cell texts joined by a space, for lines read as running text.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.cells.iter().map(|c| c.text.as_str()).collect();
        parts.join(" ")
    }
}

impl Cell {
    /// A text cell without a date value.
    pub fn new(text: String, col: u32, at: Location) -> Self {
        Cell {
            text,
            col,
            date_serial: None,
            at,
            hidden: false,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sheet { sheet, row, col } => {
                write!(f, "{sheet}!{}{}", column_letters(*col), row + 1)
            }
            Location::Table { table, row, col } => write!(f, "table {table} row {row} col {col}"),
            Location::Paragraph { index } => write!(f, "paragraph {index}"),
            Location::Page { page, line } => write!(f, "page {page} line {line}"),
            Location::Scan {
                page,
                line,
                left,
                top,
                width,
                height,
                confidence,
                disputed,
            } => {
                write!(
                    f,
                    "page {page} line {line} (scan {width}x{height}+{left}+{top}, confidence {confidence}%"
                )?;
                match disputed {
                    Some(other) => write!(f, ", also read as {other})"),
                    None => f.write_str(")"),
                }
            }
        }
    }
}

/// Spreadsheet column name of a 0-based column index (0 → A, 27 → AB).
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel_naming() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn sheet_location_reads_like_a_cell_reference() {
        let at = Location::Sheet {
            sheet: "Báo cáo".into(),
            row: 10,
            col: 3,
        };
        assert_eq!(at.to_string(), "Báo cáo!D11");
    }
}
