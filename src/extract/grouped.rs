//! Context a line gets from the lines above it: the parent row of a grouped sub-row and the
//! header rows of its table.
//!
//! A chapter's table often groups indicators: `Tổng số cuộc giám sát` with the sub-rows
//! `- Do Hội chủ trì` and `- Phối hợp tham gia`. A sub-row's label means nothing alone, so
//! it is read in its parent's context ([`Labels::find_under`]). The header rows seen so far
//! in each table decide its figures column ([`Headings::decide`]).

use super::columns::{Figures, Headings};
use super::document::{Cell, Document, Line};
use super::labels::{LabelHit, Labels};
use super::matcher::LineLabels;
use crate::text::{fold, strip_numbering};
use std::collections::HashMap;

/// The labels of every line, sub-rows read under their parent row.
pub fn line_labels<'d>(doc: &'d Document, labels: &Labels) -> LineLabels<'d> {
    let mut parents: HashMap<Option<u32>, &str> = HashMap::new();
    doc.lines
        .iter()
        .map(|line| {
            let mut hits: Vec<(usize, LabelHit)> = Vec::new();
            for (ci, cell) in line.cells.iter().enumerate() {
                hits.extend(labels.find_all(&cell.text).into_iter().map(|h| (ci, h)));
            }
            let first_text = line.cells.iter().position(|c| c.text.chars().any(char::is_alphabetic));
            if let Some(ci) = first_text {
                let text = line.cells[ci].text.as_str();
                if !is_sub_row(text) {
                    parents.insert(line.block, text);
                } else if hits.iter().all(|(i, _)| *i != ci)
                    && let Some(parent) = parents.get(&line.block)
                    && let Some(hit) = under(labels, parent, text)
                {
                    hits.push((ci, hit));
                    hits.sort_by_key(|(i, _)| *i);
                }
            }
            hits
        })
        .collect()
}

/// A sub-row: `- Do Hội chủ trì`, `+ Số lớp`, `a) Phối hợp tham gia`.
fn is_sub_row(text: &str) -> bool {
    // A PDF row may carry its row number in the same cell: `5 - Số lớp`.
    let t = text.trim_start();
    let t = match t.split_once(' ') {
        Some((n, rest)) if n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit()) => rest.trim_start(),
        _ => t,
    };
    let mut chars = t.chars();
    let first = chars.next();
    let lettered = first.is_some_and(|c| c.is_ascii_lowercase()) && matches!(chars.next(), Some(')'));
    matches!(first, Some('-' | '+' | '–' | '•' | '*')) || lettered
}

/// The label a sub-row's text is under `parent`, with its inline value after a colon.
fn under<'a>(labels: &Labels, parent: &str, text: &'a str) -> Option<LabelHit<'a>> {
    let child = strip_numbering(text);
    let (child, inline) = match child.split_once(':') {
        Some((left, right)) => (left, Some(right.trim()).filter(|r| !r.is_empty())),
        None => (child, None),
    };
    let parent = strip_numbering(parent);
    // `Tổng số cuộc giám sát, trong đó:` announces its sub-rows; the words add nothing.
    let folded = fold(parent);
    let parent = match folded.strip_suffix(" trong do") {
        Some(p) => p.to_string(),
        None => parent.to_string(),
    };
    let field = labels.find_under(&parent, child)?;
    Some(LabelHit {
        field,
        inline,
        approximate: false,
    })
}

/// The header rows seen so far in each table, and the figures column they name.
#[derive(Default)]
pub struct Heads {
    tables: HashMap<Option<u32>, Head>,
}

#[derive(Default)]
struct Head {
    rows: Vec<Vec<Cell>>,
    /// True while the lines just read were header rows (a heading may span several).
    open: bool,
    figures: Figures,
}

impl Heads {
    /// Takes note of one line: a header row of its table, or a row that closes the header.
    pub fn see(&mut self, line: &Line, no_labels: bool, headings: &Headings) {
        if line.block.is_none() {
            return;
        }
        let head = self.tables.entry(line.block).or_default();
        if !(no_labels && headings.is_header(&line.cells)) {
            head.open = false;
            return;
        }
        if !head.open {
            head.rows.clear();
        }
        if head.rows.len() == 3 {
            head.rows.remove(0);
        }
        head.rows.push(line.cells.clone());
        head.open = true;
        let rows: Vec<&[Cell]> = head.rows.iter().map(Vec::as_slice).collect();
        head.figures = headings.decide(&rows);
    }

    /// The figures column of a table, as its headings so far decide it.
    pub fn figures(&self, block: Option<u32>) -> Figures {
        self.tables.get(&block).map(|h| h.figures.clone()).unwrap_or_default()
    }
}
