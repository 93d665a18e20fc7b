//! Turns assembled rows into the format-neutral document: column numbers shared within a
//! table, NFC text with whitespace collapsed, and where each cell came from.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::blocks::{MAX_COLUMNS, Row};
use super::layout::RawCell;
use super::text::Ink;
use crate::extract::document::{Cell, Line, Location};
use crate::text::is_bare_figure;

/// How far (in em) a cell may start left of its column's header and still belong to it.
const COLUMN_SLACK_EM: f32 = 0.25;
/// Most room (in em) between a right-aligned figure and the next column's text: the two
/// cells' paddings.
const RIGHT_PAD_EM: f32 = 0.5;

/// The document lines for `rows`; rows whose cells are all empty are dropped.
pub(super) fn lines(rows: Vec<Row>) -> Vec<Line> {
    let mut out = Vec::with_capacity(rows.len());
    for block in rows.chunk_by(|a, b| a.block == b.block) {
        let anchors = anchors(block);
        for row in block {
            let columns = columns(row, &anchors);
            let cells: Vec<Cell> = row
                .cells
                .iter()
                .zip(columns)
                .map(|(cell, col)| (clean(&cell.text), col, cell.ink))
                .filter(|(text, _, _)| !text.is_empty())
                .map(|(text, col, ink)| Cell::new(text, col, location(row, ink)))
                .collect();
            if !cells.is_empty() {
                out.push(Line {
                    cells,
                    block: row.block,
                    continues: row.continues,
                });
            }
        }
    }
    out
}

/// Column anchors of a table: the left edges of its first fullest row (the header, usually),
/// or, where the figures are right-aligned, the left edges of its texts.
fn anchors(block: &[Row]) -> Vec<f32> {
    let fullest = block.iter().rev().max_by_key(|row| row.cells.len());
    let fullest: Vec<f32> = fullest.map_or_else(Vec::new, |row| row.cells.iter().map(|c| c.x0).collect());
    let texts = text_edges(block);
    if texts.len() >= fullest.len() && right_aligned(block, &texts) {
        texts
    } else {
        fullest
    }
}

/// The distinct left edges of a table's text (not figure) cells, left to right.
fn text_edges(block: &[Row]) -> Vec<f32> {
    let size = block.first().map_or(1.0, |r| r.size.max(1.0));
    let mut edges: Vec<f32> = cells(block)
        .filter(|c| !is_bare_figure(&c.text))
        .map(|c| c.x0)
        .collect();
    edges.sort_by(f32::total_cmp);
    edges.dedup_by(|b, a| *b - *a <= COLUMN_SLACK_EM * size);
    edges
}

/// Whether a table's figures are right-aligned in their columns, as a spreadsheet prints
/// them: none starts where a text column starts, and one ends just before a text edge.
/// Then a figure's own left edge says nothing of its column (the fullest row is a row of
/// figures whose left edges vary with their width), and the text edges are the columns.
fn right_aligned(block: &[Row], texts: &[f32]) -> bool {
    let size = block.first().map_or(1.0, |r| r.size.max(1.0));
    let near = |x: f32| texts.iter().any(|&t| (t - x).abs() <= COLUMN_SLACK_EM * size);
    let before = |x: f32| texts.iter().any(|&t| (0.0..=RIGHT_PAD_EM * size).contains(&(t - x)));
    let mut figures = cells(block).filter(|c| is_bare_figure(&c.text)).peekable();
    figures.peek().is_some() && {
        let (mut starts, mut ends) = (false, false);
        for cell in figures {
            starts |= near(cell.x0);
            ends |= before(cell.x1);
        }
        ends && !starts
    }
}

fn cells(block: &[Row]) -> impl Iterator<Item = &RawCell> {
    block.iter().flat_map(|row| row.cells.iter())
}

/// Column numbers of a row's cells: the last anchor at or left of each cell's start, kept
/// strictly increasing, so a row with an empty cell still numbers its values like the
/// header. Paragraphs (no block) have one cell in column 0.
fn columns(row: &Row, anchors: &[f32]) -> Vec<u32> {
    if row.block.is_none() || anchors.len() > MAX_COLUMNS {
        return (0..row.cells.len() as u32).collect();
    }
    let slack = COLUMN_SLACK_EM * row.size.max(1.0);
    let mut next = 0u32;
    row.cells
        .iter()
        .map(|cell| {
            let anchor = anchors.iter().rposition(|&a| a <= cell.x0 + slack).unwrap_or(0);
            let col = (anchor as u32).max(next);
            next = col + 1;
            col
        })
        .collect()
}

/// A text-layer cell's page and line; a scanned one's box and confidence too.
fn location(row: &Row, ink: Option<Ink>) -> Location {
    let Some(ink) = ink else {
        return Location::Page {
            page: row.page,
            line: row.line,
        };
    };
    let px = |v: f32| v.max(0.0).round() as u32;
    Location::Scan {
        page: row.page,
        line: row.line,
        left: px(ink.left),
        top: px(ink.top),
        width: px(ink.right - ink.left),
        height: px(ink.bottom - ink.top),
        confidence: ink.confidence.clamp(0.0, 100.0).round() as u8,
        disputed: None,
    }
}

/// NFC text with whitespace runs collapsed to one space and control characters removed.
fn clean(text: &str) -> String {
    let tidy = !text.contains("  ")
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.chars().any(|c| c.is_control() || (c.is_whitespace() && c != ' '));
    let collapsed = if tidy {
        text.to_owned()
    } else {
        let words = text.split(char::is_whitespace).filter(|w| !w.is_empty());
        let words: Vec<String> = words.map(|w| w.chars().filter(|c| !c.is_control()).collect()).collect();
        words.join(" ")
    };
    match is_nfc_quick(collapsed.chars()) {
        IsNormalized::Yes => collapsed,
        _ => collapsed.nfc().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::pdf::blocks::assemble;
    use crate::extract::pdf::layout::{RawCell, RawLine};

    fn raw(y: f32, cells: &[(&str, f32)]) -> RawLine {
        let cells = cells.iter().map(|&(text, x0)| RawCell {
            text: text.into(),
            x0,
            x1: x0 + 20.0,
            rule_above: y + 3.0,
            joins: Vec::new(),
            ink: None,
        });
        RawLine {
            page: 1,
            line: 1,
            y,
            depth: 0.0,
            size: 13.0,
            cells: cells.collect(),
        }
    }

    #[test]
    fn empty_cells_keep_the_header_column_numbers() {
        let header = [
            ("TT", 90.0),
            ("Nội dung", 118.0),
            ("Đơn vị tính", 402.0),
            ("Kết quả", 475.0),
        ];
        let rows = assemble(vec![
            raw(240.0, &header),
            raw(225.0, &[("1", 90.0), ("Số lớp", 118.0), ("8", 480.0)]),
        ]);
        let lines = lines(rows);
        let cols: Vec<u32> = lines[1].cells.iter().map(|c| c.col).collect();
        assert_eq!(cols, [0, 1, 3]);
        assert_eq!(lines[1].block, Some(1));
    }

    #[test]
    fn right_aligned_figures_take_their_columns_from_the_headings() {
        // A two-row heading over right-aligned figures: the fullest row is a data row whose
        // figures start anywhere inside their columns; the headings' left edges are the columns.
        let rows = assemble(vec![
            raw(
                240.0,
                &[("Chỉ tiêu", 51.2), ("Kết quả thực hiện", 293.6), ("Ghi chú", 574.9)],
            ),
            raw(225.0, &[("Cùng kỳ năm 2021", 293.6), ("6 tháng đầu năm 2022", 443.0)]),
            raw(
                210.0,
                &[("Số cuộc", 51.2), ("51", 421.3), ("31", 553.2), ("Trong đó", 574.9)],
            ),
        ]);
        let cols: Vec<Vec<u32>> = lines(rows)
            .iter()
            .map(|l| l.cells.iter().map(|c| c.col).collect())
            .collect();
        assert_eq!(cols, [vec![0, 1, 3], vec![1, 2], vec![0, 1, 2, 3]]);
    }

    #[test]
    fn text_is_nfc_and_single_spaced() {
        // "Hội" with a combining dot below and circumflex, as some producers write it.
        let decomposed = "Ho\u{0323}\u{0302}i  LHPN\u{00A0}\tVạn Ninh ";
        assert_eq!(clean(decomposed), "Hội LHPN Vạn Ninh");
    }
}
