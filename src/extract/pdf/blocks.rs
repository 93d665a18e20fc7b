//! Turns the visual lines of all pages into the document's lines: table labels that wrapped
//! inside their cell are merged back into their row, rows that follow each other form a
//! table (a block), and a paragraph line that wrapped is marked as continuing the previous
//! one.
//!
//! Everything here is judged from geometry alone, against the font size: a wrapped line sits
//! about one line height below the previous one (LibreOffice: 1.15–1.3 em), while paragraphs
//! are separated by extra spacing (about 2 em in the samples). Lines that start with a
//! numbering mark (`1.`, `II.`, `a)`, `-`) are never taken as continuations, since headings
//! and list items are where spacing is least reliable.

use super::layout::{RawCell, RawLine};
use super::marks::{ends_sentence, starts_numbered};
use crate::text::is_bare_figure;

/// Most vertical distance (in em) between a line and the wrapped line that continues it.
const WRAP_EM: f32 = 1.5;
/// Most vertical distance (in em) between two rows of the same table.
const ROW_GAP_EM: f32 = 2.5;
/// How far (in em) a cell may start from the column it continues.
const ALIGN_EM: f32 = 0.25;
/// Lines with more cells than this are not matched column by column (the matching is
/// quadratic); no report table comes near it.
pub(super) const MAX_COLUMNS: usize = 64;

/// A document line being assembled: one visual line plus any lines merged into it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    /// Page and line where the row starts (1-based).
    pub page: u32,
    pub line: u32,
    /// Cells, left to right.
    pub cells: Vec<RawCell>,
    /// Table number (from 1) for rows, `None` for paragraphs.
    pub block: Option<u32>,
    /// Whether this paragraph line continues the previous one.
    pub continues: bool,
    /// Page and baseline of the last visual line merged in, for distances to the next one.
    last_page: u32,
    last_y: f32,
    /// Largest font size of the row's first line.
    pub size: f32,
}

impl Row {
    fn from_line(line: RawLine) -> Self {
        Row {
            page: line.page,
            line: line.line,
            cells: line.cells,
            block: None,
            continues: false,
            last_page: line.page,
            last_y: line.y - line.depth,
            size: line.size,
        }
    }

    /// Where `line` sits below this row: `Some(distance)` on the same page, `None` on the
    /// next page (distances across a page break mean nothing), and a negative or
    /// unreachable distance otherwise.
    fn distance_to(&self, line: &RawLine) -> Option<f32> {
        if line.page == self.last_page {
            Some(self.last_y - line.y)
        } else if line.page == self.last_page + 1 {
            None
        } else {
            Some(f32::INFINITY)
        }
    }

    fn em(&self, line: &RawLine) -> f32 {
        self.size.max(line.size).max(1.0)
    }
}

/// Assembles the document's rows from the visual lines of all pages, in page order.
pub(super) fn assemble(lines: Vec<RawLine>) -> Vec<Row> {
    let lines = super::bottom::raise(lines);
    let mut rows: Vec<Row> = Vec::with_capacity(lines.len());
    let mut tables = 0u32;
    for line in lines {
        let columns = rows.last().and_then(|prev| continuation_columns(prev, &line));
        if let (Some(prev), Some(columns)) = (rows.last_mut(), columns) {
            merge(prev, line, &columns);
            continue;
        }
        let prev = rows.last();
        let continues_table = prev.is_some_and(|p| continues_table(p, &line));
        let continues_paragraph = prev.is_some_and(|p| continues_paragraph(p, &line));
        let mut row = Row::from_line(line);
        if row.cells.len() >= 2 {
            row.block = match (continues_table, prev.and_then(|p| p.block)) {
                (true, Some(block)) => Some(block),
                _ => {
                    tables += 1;
                    Some(tables)
                }
            };
        } else {
            row.continues = continues_paragraph;
        }
        rows.push(row);
    }
    rows
}

/// For a line that continues the cells of row `prev` (a label wrapped inside its table
/// cell), the index of the row cell each of its cells continues.
fn continuation_columns(prev: &Row, line: &RawLine) -> Option<Vec<usize>> {
    let wide = prev.cells.len() > MAX_COLUMNS;
    if wide || prev.cells.len() < 2 || line.cells.len() >= prev.cells.len() || starts_numbered(line) {
        return None;
    }
    let distance = prev.distance_to(line);
    if distance.is_some_and(|d| d <= 0.0 || d > WRAP_EM * prev.em(line)) {
        return None;
    }
    // A border between the two lines means a new row (one with empty cells).
    if distance.is_some() && line.cells.iter().any(|c| c.rule_above < prev.last_y) {
        return None;
    }
    let tolerance = ALIGN_EM * prev.em(line);
    let columns: Vec<usize> = line
        .cells
        .iter()
        .map(|cell| matching_cell(&prev.cells, cell, tolerance))
        .collect::<Option<_>>()?;
    // Figures and row numbers never wrap: a line with text under a figure, or numbered as
    // the row above is, is the next row (one whose figure is blank), not the rest of this one.
    let numbered = |t: &str| t.split(' ').next().is_some_and(|w| w.len() <= 3 && is_bare_figure(w));
    let under_figure = columns.iter().any(|&c| is_bare_figure(&prev.cells[c].text));
    let renumbered = numbered(&line.cells[0].text) && prev.cells.first().is_some_and(|c| numbered(&c.text));
    if under_figure || renumbered {
        return None;
    }
    // At the top of a new page only a label column (not the first) may continue: text at
    // the left margin there is more likely a page header or a new paragraph.
    if distance.is_none() && columns.contains(&0) {
        return None;
    }
    Some(columns)
}

/// Index of the cell of `cells` that `cell` lines up with, by left edge or by centre.
fn matching_cell(cells: &[RawCell], cell: &RawCell, tolerance: f32) -> Option<usize> {
    cells
        .iter()
        .position(|c| (c.x0 - cell.x0).abs() <= tolerance || (c.center() - cell.center()).abs() <= tolerance)
}

/// Appends each cell of `line` to the row cell it continues.
fn merge(row: &mut Row, line: RawLine, columns: &[usize]) {
    row.last_page = line.page;
    row.last_y = line.y - line.depth;
    for (cell, &column) in line.cells.into_iter().zip(columns) {
        if let Some(target) = row.cells.get_mut(column) {
            target.text.push(' ');
            target.text.push_str(&cell.text);
            target.x1 = target.x1.max(cell.x1);
            target.ink = super::text::Ink::join(target.ink, cell.ink);
        }
    }
}

/// Whether a multi-cell `line` is the next row of the table that row `prev` belongs to.
fn continues_table(prev: &Row, line: &RawLine) -> bool {
    if prev.block.is_none() || line.cells.len() < 2 || line.cells.len() > MAX_COLUMNS {
        return false;
    }
    match prev.distance_to(line) {
        Some(d) => d > 0.0 && d <= ROW_GAP_EM * prev.em(line),
        // Across a page break the columns must line up.
        None => {
            let tolerance = ALIGN_EM * prev.em(line);
            line.cells
                .iter()
                .all(|cell| prev.cells.iter().any(|c| (c.x0 - cell.x0).abs() <= tolerance))
        }
    }
}

/// Whether a single-cell `line` continues the paragraph of `prev`.
fn continues_paragraph(prev: &Row, line: &RawLine) -> bool {
    let (Some(prev_cell), Some(cell)) = (prev.cells.first(), line.cells.first()) else {
        return false;
    };
    if prev.block.is_some() || line.cells.len() != 1 || starts_numbered(line) {
        return false;
    }
    let aligned = (prev_cell.x0 - cell.x0).abs() <= ALIGN_EM * prev.em(line);
    match prev.distance_to(line) {
        // A paragraph's first line may be indented or centred differently from the rest.
        Some(d) => d > 0.0 && d <= WRAP_EM * prev.em(line) && (aligned || !prev.continues),
        None => aligned && !ends_sentence(&prev_cell.text),
    }
}

#[cfg(test)]
mod tests;
