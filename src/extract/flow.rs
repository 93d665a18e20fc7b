//! The word-processing layout shared by the .docx and .odt readers: paragraphs and tables
//! → lines.
//!
//! Both formats are a stream of paragraphs and tables whose cells hold paragraphs (and maybe
//! nested tables). The readers translate their own XML elements into the calls here, so how
//! a body paragraph, a table row and a merged cell become [`Line`]s is decided once. Body
//! paragraphs become one-cell lines; each row of an outermost table becomes a line with one
//! cell per column (merged columns counted by their span); a nested table's text stays
//! inside its outer cell.

use super::document::{Cell, Line, Location};
use crate::text::tidy;

/// Lines being built from a word-processing document.
#[derive(Default)]
pub struct Flow {
    lines: Vec<Line>,
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

impl Flow {
    /// The lines read so far.
    pub fn finish(self) -> Vec<Line> {
        self.lines
    }

    /// Whether rows and cells now belong to the outermost table.
    pub fn in_outer_table(&self) -> bool {
        self.table_depth == 1
    }

    /// A paragraph (or heading) begins.
    pub fn start_paragraph(&mut self) {
        self.paragraphs.push(String::new());
    }

    /// Text of the paragraph being read; `\n` is a soft line break.
    pub fn push_text(&mut self, text: &str) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.push_str(text);
        }
    }

    /// A table begins (perhaps inside a cell of another).
    pub fn start_table(&mut self) {
        self.table_depth += 1;
        if self.table_depth == 1 {
            self.tables += 1;
            self.row = None;
        }
    }

    /// A table ends.
    pub fn end_table(&mut self) {
        self.table_depth = self.table_depth.saturating_sub(1);
    }

    /// A row of the outermost table begins.
    pub fn start_row(&mut self) {
        let index = self.row.as_ref().map_or(1, |r| r.index + 1);
        self.row = Some(Row {
            index,
            next_col: 0,
            cells: Vec::new(),
        });
    }

    /// A cell of the outermost table begins, spanning one column until [`Flow::span`].
    pub fn start_cell(&mut self) {
        self.cell = Some(CellText {
            span: 1,
            ..CellText::default()
        });
    }

    /// The cell being read spans `columns` grid columns.
    pub fn span(&mut self, columns: u32) {
        if let Some(cell) = &mut self.cell {
            cell.span = columns.clamp(1, 64);
        }
    }

    /// A grid column taken by a cell merged from the left (ODF's covered cell) when the
    /// covering cell gave no span.
    pub fn skip_column(&mut self) {
        if let Some(row) = &mut self.row {
            row.next_col += 1;
        }
    }

    /// The paragraph being read ends.
    pub fn end_paragraph(&mut self) {
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

    /// The cell being read ends.
    pub fn end_cell(&mut self) {
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

    /// The row being read ends.
    pub fn end_row(&mut self) {
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
