//! Turns assembled rows into the format-neutral document: column numbers shared within a
//! table, NFC text with whitespace collapsed, and where each cell came from.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::blocks::{MAX_COLUMNS, Row};
use crate::extract::document::{Cell, Line, Location};

/// How far (in em) a cell may start left of its column's header and still belong to it.
const COLUMN_SLACK_EM: f32 = 0.25;

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
                .map(|(cell, col)| (clean(&cell.text), col))
                .filter(|(text, _)| !text.is_empty())
                .map(|(text, col)| Cell::new(text, col, location(row)))
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

/// Column anchors of a table: the left edges of its first fullest row (the header, usually).
fn anchors(block: &[Row]) -> Vec<f32> {
    let fullest = block.iter().rev().max_by_key(|row| row.cells.len());
    fullest.map_or_else(Vec::new, |row| row.cells.iter().map(|c| c.x0).collect())
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

fn location(row: &Row) -> Location {
    Location::Page {
        page: row.page,
        line: row.line,
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
        });
        RawLine {
            page: 1,
            line: 1,
            y,
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
    fn text_is_nfc_and_single_spaced() {
        // "Hội" with a combining dot below and circumflex, as some producers write it.
        let decomposed = "Ho\u{0323}\u{0302}i  LHPN\u{00A0}\tVạn Ninh ";
        assert_eq!(clean(decomposed), "Hội LHPN Vạn Ninh");
    }
}
