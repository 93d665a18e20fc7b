//! Which column of an indicator table holds the figure of the period.
//!
//! Chapters put more than one number beside a label: the plan (`Kế hoạch`), last year's
//! figure (`Cùng kỳ năm trước`), a ratio (`So sánh (%)`), one column per commune with a total.
//! The headings decide: a total column (`Tổng cộng`) wins, else the one column of what was done
//! (`Thực hiện`, `Kết quả`); plan, last-year, ratio and notes columns are never the value. A
//! heading may span two rows (`Thực hiện` over `Kỳ này | Cùng kỳ`) and a merged heading cell
//! is written only in its first column, so a heading of an upper row covers the columns to its
//! right up to its neighbour. When the headings name no column, or name several, the matcher
//! flags the value it takes (see [`Figures::ambiguous`]).

use super::document::Cell;
use super::values::{IntegerRead, parse_integer};
use crate::text::{fold, holds_words, is_bare_figure, starts_with_words};

/// What a column heading says the column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// What was done in the period: the value.
    Done,
    /// The total over several units: the value when there is one.
    Total,
    /// Plan, last year, ratio, cumulative, notes: never the value.
    Other,
}

/// The form's column headings, folded once.
#[derive(Debug, Default)]
pub struct Headings {
    done: Vec<String>,
    total: Vec<String>,
    other: Vec<String>,
}

/// Most header rows read as one heading (a title row, the heading, its sub-row).
const MAX_HEADER_ROWS: usize = 3;

/// The decision for one table, from its header rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// The column that holds the figures, when the headings name one.
    pub column: Option<u32>,
    /// True when the headings named several value columns and `column` is the first of them.
    pub ambiguous: bool,
    /// Columns the headings say are never the value.
    pub excluded: Vec<u32>,
    /// Every column a heading classifies; a figure in any other column beside the value
    /// leaves the choice in doubt (a merged heading may cover it).
    pub known: Vec<u32>,
    /// True when `column` is a total (the other columns are its parts).
    pub total: bool,
}

impl Headings {
    /// Folds the three lists of headings of a form.
    pub fn new(done: &[String], total: &[String], other: &[String]) -> Self {
        let folded = |list: &[String]| list.iter().map(|h| fold(h)).filter(|h| !h.is_empty()).collect();
        Headings {
            done: folded(done),
            total: folded(total),
            other: folded(other),
        }
    }

    /// What one heading cell says about its column, if it is a heading this form knows.
    pub fn kind(&self, text: &str) -> Option<ColumnKind> {
        // Headings are a few words; folding long texts or bare figures would find nothing.
        if text.len() > 120 || !text.chars().any(char::is_alphabetic) {
            return None;
        }
        let folded = fold(text);
        let has_words = |w: &str| holds_words(&folded, w);
        // A ratio or a comparison is never the figure, whatever else the heading says
        // (`Thực hiện so với kế hoạch (%)`).
        if text.contains('%') || self.other.iter().any(|w| has_words(w)) {
            return Some(ColumnKind::Other);
        }
        let starts = |w: &String| starts_with_words(&folded, w);
        if self.total.iter().any(starts) {
            return Some(ColumnKind::Total);
        }
        self.done.iter().any(starts).then_some(ColumnKind::Done)
    }

    /// True when a table row reads as a header row: two cells or more, one a known heading,
    /// and no figure (`Tổng số cuộc giám sát | 8` is a row of data, not a heading).
    pub fn is_header(&self, cells: &[Cell]) -> bool {
        // A bare figure: `6 tháng đầu` over a column is a heading, `8` is data.
        let figure = |c: &Cell| matches!(parse_integer(&c.text), IntegerRead::Value(_)) && is_bare_figure(&c.text);
        cells.len() >= 2 && !cells.iter().any(figure) && cells.iter().any(|c| self.kind(&c.text).is_some())
    }

    /// The figures column named by consecutive header rows (top first, at most three).
    pub fn decide(&self, rows: &[&[Cell]]) -> Figures {
        let rows = &rows[rows.len().saturating_sub(MAX_HEADER_ROWS)..];
        let mut columns: Vec<u32> = rows.iter().flat_map(|r| r.iter().map(|c| c.col)).collect();
        columns.sort_unstable();
        columns.dedup();
        let kinds: Vec<(u32, ColumnKind)> = columns
            .iter()
            .filter_map(|&col| Some((col, self.column_kind(rows, col)?)))
            .collect();
        let of = |kind| kinds.iter().filter(move |(_, k)| *k == kind).map(|(c, _)| *c);
        let excluded = of(ColumnKind::Other).collect();
        let totals: Vec<u32> = of(ColumnKind::Total).collect();
        let done: Vec<u32> = of(ColumnKind::Done).collect();
        let (column, ambiguous) = match (totals.first(), done.as_slice()) {
            (Some(&t), _) => (Some(t), false),
            (None, [one]) => (Some(*one), false),
            (None, [first, ..]) => (Some(*first), true),
            (None, []) => (None, false),
        };
        Figures {
            column,
            ambiguous,
            excluded,
            known: kinds.iter().map(|(c, _)| *c).collect(),
            total: !totals.is_empty(),
        }
    }

    /// The kind of one column: the lowest header row whose heading over it is known. An
    /// upper row's heading covers the columns up to its next cell (a merged cell); the
    /// bottom row's covers its own column only.
    fn column_kind(&self, rows: &[&[Cell]], col: u32) -> Option<ColumnKind> {
        let last = rows.len() - 1;
        rows.iter().enumerate().rev().find_map(|(i, row)| {
            let over = match i == last {
                true => row.iter().find(|c| c.col == col),
                false => row.iter().rev().find(|c| c.col <= col),
            }?;
            self.kind(&over.text)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::Location;

    fn headings() -> Headings {
        let form = crate::form::Form::embedded();
        Headings::new(&form.value_columns, &form.total_columns, &form.other_columns)
    }

    fn row(cells: &[(u32, &str)]) -> Vec<Cell> {
        cells
            .iter()
            .map(|&(col, t)| Cell::new(t.into(), col, Location::Paragraph { index: 1 }))
            .collect()
    }

    #[test]
    fn plan_last_year_and_ratio_columns_are_never_the_value() {
        let h = headings();
        let r = row(&[
            (0, "Chỉ tiêu"),
            (1, "Kế hoạch"),
            (2, "Thực hiện"),
            (3, "Cùng kỳ năm trước"),
            (4, "So sánh (%)"),
        ]);
        let got = h.decide(&[&r]);
        assert_eq!(got.column, Some(2));
        assert!(!got.ambiguous);
        assert_eq!(got.excluded, [1, 3, 4]);
    }

    #[test]
    fn the_total_column_wins_over_one_column_per_commune() {
        let h = headings();
        let top = row(&[(0, "Nội dung"), (1, "Kết quả thực hiện")]);
        let sub = row(&[(1, "Xã Ninh Hải"), (2, "Xã Ninh Thọ"), (3, "Tổng cộng")]);
        assert_eq!(h.decide(&[&top, &sub]).column, Some(3));
    }

    #[test]
    fn a_merged_heading_over_two_rows_is_read_with_its_sub_headings() {
        let h = headings();
        let top = row(&[(0, "Chỉ tiêu"), (1, "Thực hiện"), (3, "Ghi chú")]);
        let sub = row(&[(1, "Cùng kỳ năm 2021"), (2, "6 tháng đầu năm 2022")]);
        let got = h.decide(&[&top, &sub]);
        assert_eq!(got.column, Some(2));
        assert_eq!(got.excluded, [1, 3]);
    }

    #[test]
    fn two_value_columns_are_ambiguous() {
        let h = headings();
        let r = row(&[(0, "Nội dung"), (1, "Kết quả"), (2, "Số lượng")]);
        let got = h.decide(&[&r]);
        assert_eq!((got.column, got.ambiguous), (Some(1), true));
    }
}
