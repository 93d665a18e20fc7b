//! Labels wrapped *above* their row's figures: a spreadsheet's cells are bottom-aligned by
//! default, so a label that wraps in its cell prints its first lines above the line that
//! carries the row number and the figures. Those leading lines are joined into the row
//! below them here, before the rows are assembled (which joins wrapped lines downwards, as
//! Word's top-aligned cells print them).
//!
//! A partial line (no figure, fewer cells than the next line, every cell over a cell of
//! it: `6 tháng đầu năm` over `2022`) leads the next line when one of these says the two are one table row: a border
//! above it and none below; the next line closer to it than it is to the line above (the
//! space between rows is the cells' padding, within a row only the line spacing); standing
//! first on its page over a value column of the next line, not mid-sentence; or, when the next line holds a
//! figure, its text starting mid-sentence (lower case, closing bracket).

use super::layout::RawLine;
use super::marks::{ends_sentence, starts_numbered};
use crate::text::is_bare_figure;

/// Most vertical distance (in em) between a leading line and the line it leads.
const LEAD_EM: f32 = 1.5;
/// How much closer (in em) the next line must be than the line above to lead it.
const CLOSER_EM: f32 = 0.1;
/// How far (in em) a leading cell may start from the cell it leads.
const ALIGN_EM: f32 = 0.25;

/// The lines with every leading line joined into the row line below it.
pub(super) fn raise(lines: Vec<RawLine>) -> Vec<RawLine> {
    let mut out: Vec<RawLine> = Vec::with_capacity(lines.len());
    // From the bottom up, so a label wrapped over three lines joins line by line.
    for i in (0..lines.len()).rev() {
        let above = i.checked_sub(1).map(|j| &lines[j]);
        let line = &lines[i];
        match out
            .last_mut()
            .and_then(|next| targets(above, line, next).map(|t| (next, t)))
        {
            Some((next, targets)) => join(line, next, &targets),
            None => out.push(line.clone()),
        }
    }
    out.reverse();
    out
}

/// For a line that leads `next`, the index of the cell of `next` each of its cells leads.
fn targets(above: Option<&RawLine>, line: &RawLine, next: &RawLine) -> Option<Vec<usize>> {
    let em = line.size.max(next.size).max(1.0);
    let gap = line.y - next.y;
    let partial = line.cells.len() < next.cells.len() && next.cells.len() >= 2;
    if line.page != next.page || !(0.0..=LEAD_EM * em).contains(&gap) || !partial || starts_numbered(line) {
        return None;
    }
    if line.cells.iter().any(|c| is_bare_figure(&c.text)) {
        return None;
    }
    let targets: Option<Vec<usize>> = line
        .cells
        .iter()
        .map(|cell| next.cells.iter().position(|c| (c.x0 - cell.x0).abs() <= ALIGN_EM * em))
        .collect();
    let targets = targets?;
    // A border between this line and the next: two rows.
    if next.cells.iter().any(|c| c.rule_above < line.y) {
        return None;
    }
    let bordered = line.cells.iter().any(|c| c.rule_above.is_finite())
        && above.is_some_and(|a| a.page == line.page && line.cells.iter().all(|c| c.rule_above < a.y));
    let closer = above.is_some_and(|a| a.page == line.page && gap + CLOSER_EM * em < a.y - a.depth - line.y);
    let mid_sentence = targets.iter().zip(&line.cells).any(|(&t, cell)| {
        !ends_sentence(&cell.text)
            && next.cells[t]
                .text
                .starts_with(|c: char| c.is_lowercase() || matches!(c, ')' | ','))
    });
    let has_figure = next.cells.iter().any(|c| is_bare_figure(&c.text));
    // First on its page, over a value column only, and not mid-sentence (which would
    // continue a row of the page before).
    let starts_low = line.cells[0].text.starts_with(char::is_lowercase);
    let floating = above.is_none_or(|a| a.page != line.page) && !targets.contains(&0) && !starts_low;
    (bordered || closer || floating || (has_figure && mid_sentence)).then_some(targets)
}

/// Puts `line`'s cells in front of the cells of `next` they lead.
fn join(line: &RawLine, next: &mut RawLine, targets: &[usize]) {
    for (cell, &t) in line.cells.iter().zip(targets) {
        let target = &mut next.cells[t];
        target.text = format!("{} {}", cell.text, target.text);
        target.x0 = target.x0.min(cell.x0);
        target.x1 = target.x1.max(cell.x1);
        target.rule_above = cell.rule_above;
        target.joins.clear();
        target.ink = super::text::Ink::join(target.ink, cell.ink);
    }
    next.depth += line.y - next.y;
    next.y = line.y;
    next.size = next.size.max(line.size);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::pdf::layout::RawCell;

    fn line(line: u32, y: f32, cells: &[(&str, f32)]) -> RawLine {
        let cells = cells.iter().map(|&(text, x0)| RawCell {
            text: text.into(),
            x0,
            x1: x0 + 5.0 * text.chars().count() as f32,
            rule_above: f32::INFINITY,
            joins: Vec::new(),
            ink: None,
        });
        RawLine {
            page: 1,
            line,
            y,
            depth: 0.0,
            size: 9.0,
            cells: cells.collect(),
        }
    }

    fn texts(lines: &[RawLine]) -> Vec<Vec<&str>> {
        lines
            .iter()
            .map(|l| l.cells.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn bottom_aligned_labels_join_the_row_of_their_figures() {
        // Geometry of LibreOffice printing an Excel sheet (9 pt, baselines y upwards): rows
        // 18.7 pt apart, lines within a row 12.8 pt.
        let lines = raise(vec![
            line(1, 720.0, &[("Hội LHPN thành phố Cam", 168.4)]),
            line(2, 707.2, &[("Đơn vị báo cáo", 51.4), ("Ranh", 168.4)]),
            line(3, 680.0, &[("STT", 51.4), ("Chỉ tiêu", 168.4), ("Số lượng", 400.0)]),
            line(4, 661.3, &[("Số cuộc giám sát Hội", 168.4)]),
            line(5, 648.5, &[("phối hợp tham", 168.4)]),
            line(6, 635.7, &[("2", 159.4), ("gia", 168.4), ("152", 420.0)]),
        ]);
        let expected: [&[&str]; 3] = [
            &["Đơn vị báo cáo", "Hội LHPN thành phố Cam Ranh"],
            &["STT", "Chỉ tiêu", "Số lượng"],
            &["2", "Số cuộc giám sát Hội phối hợp tham gia", "152"],
        ];
        assert_eq!(texts(&lines), expected);
        // The row keeps its top for the distance from above, its bottom for the next row.
        assert_eq!((lines[2].y, lines[2].depth), (661.3, 661.3 - 635.7));
        assert_eq!(lines[2].line, 6);
    }

    #[test]
    fn top_aligned_continuations_are_left_for_the_row_above() {
        // Word: the figure on the row's first line, the wrapped label below it, the next
        // row after the cell padding.
        let lines = vec![
            line(1, 700.0, &[("1", 51.4), ("Số cuộc giám sát Hội", 90.0), ("152", 420.0)]),
            line(2, 688.4, &[("phối hợp tham gia", 90.0)]),
            line(3, 676.5, &[("2", 51.4), ("Số cuộc phản biện", 90.0), ("7", 420.0)]),
        ];
        assert_eq!(texts(&raise(lines.clone())), texts(&lines));
    }
}
