//! Groups the glyph runs of one page into visual lines, and splits each line into cells at
//! gaps too wide to be a word space.
//!
//! Word and LibreOffice write every table cell (and every tab stop) as a separately placed
//! piece of text, so a wide horizontal gap on a line is the only trace of a column left in a
//! PDF. A word space is about a quarter of an em; a gap of more than two spaces is read as a
//! column boundary, anything narrower joins the runs with one space, and runs that touch are
//! joined without one (a word is never split).

use super::paths::Rule;
use super::text::{Ink, Run};
use crate::text::is_bare_figure;

/// Width of a word space, in em; Times-like and Arial-like fonts have 0.25 and 0.28.
const SPACE_EM: f32 = 0.25;
/// A gap wider than this many spaces starts a new cell.
const CELL_GAP_SPACES: f32 = 2.0;
/// A gap narrower than this many spaces joins runs without a space (kerning, font changes
/// inside a word).
const TOUCH_SPACES: f32 = 0.4;
/// Runs whose baselines differ by at most this much (in em) are on the same line.
const SAME_LINE_EM: f32 = 0.3;
/// How close (in points) a joined run must start to another line's cell edge to be split
/// off there; spreadsheet printers place a column's texts at the same x to a hundredth.
const EDGE_MATCH: f32 = 0.5;
/// How many rules above a cell are checked for one that spans it.
const RULES_CHECKED: usize = 64;

/// A cell of a visual line, before any merging across lines.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RawCell {
    /// Text, single-spaced.
    pub text: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Height of the nearest horizontal rule above the cell's baseline that spans its left
    /// edge (a table border), infinite when there is none.
    pub rule_above: f32,
    /// Where runs were joined into this cell across a gap narrower than a column gap: the
    /// byte offset in `text`, the left part's right edge and the joined run's left edge. A
    /// right-aligned figure and the left-aligned text of the next column (a spreadsheet
    /// printed without borders) can sit closer than a word space; see [`split_at_columns`].
    pub joins: Vec<Join>,
    /// Where OCR saw the cell's text (scans only).
    pub ink: Option<Ink>,
}

/// A place inside a cell where two runs were joined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Join {
    at: usize,
    left_x1: f32,
    x0: f32,
}

impl RawCell {
    /// Horizontal middle, to match centred text between lines.
    pub fn center(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// One visual line of a page.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RawLine {
    /// 1-based page number.
    pub page: u32,
    /// 1-based line number on the page.
    pub line: u32,
    /// Baseline (page space, y upwards); of the top line where lines were joined.
    pub y: f32,
    /// How far below `y` the bottom line's baseline is (0 but for joined lines).
    pub depth: f32,
    /// Largest font size on the line.
    pub size: f32,
    /// Cells, left to right.
    pub cells: Vec<RawCell>,
}

/// The lines of page `page`, top to bottom, from its runs in any order and its rules from
/// top to bottom.
pub(super) fn page_lines(page: u32, mut runs: Vec<Run>, rules: &[Rule]) -> Vec<RawLine> {
    runs.retain(|r| r.x0.is_finite() && r.x1.is_finite() && r.y.is_finite() && r.size.is_finite());
    runs.retain(|r| !r.text.is_empty());
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines = Vec::new();
    let mut rest = runs.as_mut_slice();
    while let Some(first) = rest.first() {
        let tolerance = SAME_LINE_EM * first.size.max(1.0);
        let top = first.y;
        let count = rest.iter().take_while(|r| top - r.y <= tolerance).count();
        let (group, tail) = rest.split_at_mut(count);
        let number = lines.len() as u32 + 1;
        let mut line = line_of(page, number, group);
        for cell in &mut line.cells {
            cell.rule_above = rule_above(rules, line.y, cell.x0);
        }
        lines.push(line);
        rest = tail;
    }
    split_at_columns(&mut lines);
    lines
}

/// Splits a cell that starts with a bare figure where the text after it starts exactly at
/// the left edge of a cell on another table line of the page: a right-aligned number and
/// the next column's left-aligned note, printed closer together than a word space.
///
/// Only a figure is split off: Excel right-aligns numbers and clips text at a filled
/// neighbour, so a label never runs into the next column, while an exact match with a
/// column edge elsewhere is too weak a sign to split words of a sentence.
fn split_at_columns(lines: &mut [RawLine]) {
    let mut edges: Vec<f32> = lines
        .iter()
        .filter(|l| l.cells.len() >= 2)
        .flat_map(|l| l.cells.iter().map(|c| c.x0))
        .collect();
    if edges.is_empty() {
        return;
    }
    edges.sort_by(f32::total_cmp);
    let at_edge = |x: f32| {
        let i = edges.partition_point(|&e| e < x - EDGE_MATCH);
        edges.get(i).is_some_and(|&e| e <= x + EDGE_MATCH)
    };
    for line in lines.iter_mut() {
        if !line.cells.iter().any(|c| !c.joins.is_empty()) {
            continue;
        }
        let mut cells = Vec::with_capacity(line.cells.len() + 1);
        for cell in std::mem::take(&mut line.cells) {
            let split = cell
                .joins
                .iter()
                .find(|j| is_bare_figure(cell.text[..j.at].trim_end()) && at_edge(j.x0));
            match split.copied() {
                Some(join) => {
                    let rest = cell.joins.iter().filter(|j| j.at > join.at);
                    let joins = rest
                        .map(|j| Join {
                            at: j.at - join.at,
                            ..*j
                        })
                        .collect();
                    let right = RawCell {
                        text: cell.text[join.at..].to_owned(),
                        x0: join.x0,
                        x1: cell.x1,
                        rule_above: cell.rule_above,
                        joins,
                        ink: cell.ink,
                    };
                    let mut left = cell;
                    left.text.truncate(join.at);
                    left.text.truncate(left.text.trim_end().len());
                    left.x1 = join.left_x1;
                    left.joins.clear();
                    cells.push(left);
                    cells.push(right);
                }
                None => cells.push(cell),
            }
        }
        line.cells = cells;
    }
}

/// The lowest rule above baseline `y` that spans `x` (rules sorted top to bottom).
fn rule_above(rules: &[Rule], y: f32, x: f32) -> f32 {
    let above = rules.partition_point(|r| r.y > y);
    rules[..above]
        .iter()
        .rev()
        .take(RULES_CHECKED)
        .find(|r| r.x0 - 1.0 <= x && x <= r.x1 + 1.0)
        .map_or(f32::INFINITY, |r| r.y)
}

/// Builds one line from the runs on it.
fn line_of(page: u32, line: u32, group: &mut [Run]) -> RawLine {
    group.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let size = group.iter().map(|r| r.size).fold(0.0f32, f32::max);
    let mut cells: Vec<RawCell> = Vec::new();
    let mut last_run_x0 = f32::NEG_INFINITY;
    for run in group.iter_mut() {
        let space = SPACE_EM * size.max(run.size).max(1.0);
        match cells.last_mut() {
            Some(cell) if run.x0 - cell.x1 <= CELL_GAP_SPACES * space => {
                // Producers that fake bold draw the same text twice, a hair apart.
                let repeated = (run.x0 - last_run_x0).abs() < space && cell.text.ends_with(&run.text);
                if !repeated {
                    join(cell, run, space);
                }
            }
            _ => cells.push(RawCell {
                text: std::mem::take(&mut run.text),
                x0: run.x0,
                x1: run.x1,
                rule_above: f32::INFINITY,
                joins: Vec::new(),
                ink: run.ink,
            }),
        }
        last_run_x0 = run.x0;
    }
    RawLine {
        page,
        line,
        y: group.iter().map(|r| r.y).fold(f32::NEG_INFINITY, f32::max),
        depth: 0.0,
        size,
        cells,
    }
}

/// Appends `run` to `cell`, with one space unless the two touch.
fn join(cell: &mut RawCell, run: &Run, space: f32) {
    if run.x0 - cell.x1 >= TOUCH_SPACES * space {
        cell.text.push(' ');
        cell.joins.push(Join {
            at: cell.text.len(),
            left_x1: cell.x1,
            x0: run.x0,
        });
    }
    cell.text.push_str(&run.text);
    cell.x1 = cell.x1.max(run.x1);
    cell.ink = Ink::join(cell.ink, run.ink);
}

#[cfg(test)]
mod tests;
