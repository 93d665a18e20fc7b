//! The tables of the Word report: the province's indicators with the change against a year
//! earlier, and the appendix of figures by chapter. The appendix is built row by row in one
//! pass (11,000 chapters in a national roll-up), its columns sized by the widest number.

use super::docx::{Words, centered, centered_run, spacing};
use super::gather::Compilation;
use crate::model::Status;
use crate::notices::group_thousands;
use docx_rs::{
    AlignmentType, HeightRule, Paragraph, Run, Style, StyleType, Table, TableCell, TableCellContent, TableCellMargins,
    TableLayoutType, TableRow, TableRowChild, VAlignType, WidthType,
};

/// Half-points of the table text: 12 pt in the body, 10 pt in the appendix.
const TABLE_SIZE: usize = 24;
const APPENDIX_SIZE: usize = 20;
const LEGEND_SIZE: usize = 22;

/// How part II compares with a year earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Comparison {
    /// Nothing a year earlier to compare with.
    None,
    /// The same chapters reported every figure in both periods: totals compare as they are.
    Same,
    /// Different chapters: the change over those that reported in both, shown beside them.
    Common,
    /// Too few chapters in both periods for a change to mean anything: last year's total
    /// is shown, no change.
    TooFew,
}

impl Comparison {
    pub(super) fn of(c: &Compilation) -> Comparison {
        let Some(overlap) = c.overlap.filter(|o| o.then > 0) else {
            return Comparison::None;
        };
        let whole = c.indicators.iter().all(|i| match i.compared {
            Some(k) => k.now == i.total && Some(k.then) == i.previous,
            None => i.previous.is_none(),
        });
        if overlap.same_chapters() && whole {
            Comparison::Same
        } else if overlap.enough() {
            Comparison::Common
        } else {
            Comparison::TooFew
        }
    }
}

/// The table of part II: STT, indicator, total, and the comparison with a year earlier as
/// [`Comparison::of`] decides it.
pub(super) fn indicators(c: &Compilation, w: &Words) -> Result<Table, String> {
    let comparison = Comparison::of(c);
    let mut heads = vec![
        w.get("column_number")?,
        w.get("column_indicator")?,
        w.get("column_total")?,
    ];
    let change_heads = || -> Result<[String; 2], String> { Ok([w.get("column_change")?, w.get("column_percent")?]) };
    // `STT` in bold at 12 pt needs 720 twips with the cell margins (600 broke it as `ST T`).
    let widths = match comparison {
        Comparison::None => vec![720, 7335, 1300],
        Comparison::Same => {
            heads.push(w.get("column_previous")?);
            heads.extend(change_heads()?);
            vec![720, 3835, 1300, 1200, 1200, 1100]
        }
        Comparison::Common => {
            heads.extend([w.get("column_now_common")?, w.get("column_previous_common")?]);
            heads.extend(change_heads()?);
            vec![720, 2935, 1200, 1150, 1150, 1150, 1050]
        }
        Comparison::TooFew => {
            heads.push(w.get("column_previous_all")?);
            vec![720, 5435, 1600, 1600]
        }
    };
    let both = c.overlap.map_or(0, |o| o.both);
    let figure = |v: Option<i64>| v.map_or_else(|| "-".into(), group_thousands);
    let mut rows = vec![header_row(&heads, TABLE_SIZE)];
    for (n, i) in (1..).zip(&c.indicators) {
        let mut label = i.label.clone();
        let mut cells = vec![n.to_string(), String::new(), group_thousands(i.total)];
        let changed = |k: Option<crate::compile::Compared>| {
            let (diff, percent) = k.map_or_else(|| ("-".into(), "-".into()), |k| change(k.now, k.then));
            [diff, percent]
        };
        match comparison {
            Comparison::None => {}
            Comparison::Same => {
                cells.push(figure(i.previous));
                cells.extend(changed(i.compared));
            }
            Comparison::Common => {
                cells.extend([figure(i.compared.map(|k| k.now)), figure(i.compared.map(|k| k.then))]);
                cells.extend(changed(i.compared));
                // A figure some of those chapters left out compares over fewer of them.
                if let Some(k) = i.compared.filter(|k| k.chapters < both) {
                    label = format!("{label} {}", w.get_with("row_fewer", k.chapters)?);
                }
            }
            Comparison::TooFew => cells.push(figure(i.previous)),
        }
        cells[1] = label;
        rows.push(row(&cells, false, TABLE_SIZE));
    }
    Ok(grid(Table::new(rows), widths))
}

/// The change and its percentage: `("+5", "+12,5")`, `("-3", "-10,0")`, `("0", "0,0")`;
/// against zero no percentage (`"-"`).
pub fn change(now: i64, before: i64) -> (String, String) {
    let diff = now - before;
    let sign = if diff > 0 { "+" } else { "" };
    let percent = match before {
        0 => "-".to_string(),
        _ => format!("{sign}{:.1}", diff as f64 * 100.0 / before as f64).replace('.', ","),
    };
    (format!("{sign}{}", group_thousands(diff)), percent)
}

/// The landscape appendix: heading paragraphs, the table, the legend of its columns.
pub(super) struct Appendix {
    pub heading: Vec<Paragraph>,
    pub table: Table,
    pub legend: Paragraph,
}

pub(super) fn appendix(c: &Compilation, w: &Words) -> Result<Appendix, String> {
    let heading = vec![
        centered(&w.get("appendix_title")?, true).page_break_before(true),
        centered(&w.get("appendix_subject")?, true),
        centered_run(Run::new().add_text(w.get("appendix_note")?).italic()).line_spacing(spacing(0, 120)),
    ];
    // Each figure column as wide as its widest number (the total is the widest), at least
    // as wide as its heading `(17)`; the unit's name takes what is left.
    let figure_widths: Vec<usize> = c
        .indicators
        .iter()
        // The total is bold: wide numbers (`11.480`) need more than their digits' width or
        // LibreOffice breaks them over two lines; four digits fit in the minimum.
        .map(|i| match group_thousands(i.total).chars().count() {
            n if n >= 5 => 200 + 125 * n,
            n => 200 + 105 * n.max(4),
        })
        .collect();
    let used: usize = 600 + figure_widths.iter().sum::<usize>();
    let name_width = super::docx::WIDE_TEXT_WIDTH.saturating_sub(used).max(1800);
    let mut widths = vec![600, name_width];
    widths.extend(&figure_widths);
    let mut heads = vec![w.get("column_number")?, w.get("column_unit")?];
    heads.extend((1..=c.indicators.len()).map(|n| format!("({n})")));
    let mut rows = Vec::with_capacity(c.chapters.len() + 3 * c.groups.len() + 2);
    rows.push(header_row(&heads, APPENDIX_SIZE));
    let numbers = |values: &mut dyn Iterator<Item = Option<i64>>| -> Vec<String> {
        values.map(|v| v.map_or_else(String::new, group_thousands)).collect()
    };
    let unit_row = |n: usize| {
        let chapter = &c.chapters[n];
        let mark = match &chapter.report {
            Some(r) if r.status == Status::NeedsReview => " (*)",
            _ => "",
        };
        let mut cells = vec![(n + 1).to_string(), format!("{}{mark}", chapter.name)];
        match &chapter.report {
            Some(r) => cells.extend(numbers(&mut r.values.iter().copied())),
            None => cells.extend(std::iter::repeat_n(String::new(), c.indicators.len())),
        }
        let unit_row = row(&cells, false, APPENDIX_SIZE);
        // The last unit's row stays with the totals: never a lone totals row on a page.
        if n + 1 == c.chapters.len() {
            keep_with_next(unit_row)
        } else {
            unit_row
        }
    };
    if c.groups.is_empty() {
        rows.extend((0..c.chapters.len()).map(unit_row));
    }
    // Hundreds of units read by parent: its name with how many reported, its units, its sums.
    for group in &c.groups {
        let extra = serde_json::json!({"label": group.name, "n": group.received, "owed": group.members.len()});
        let mut cells = vec![String::new(), w.texts.render_with("group_heading", &w.context, extra)?];
        cells.extend(std::iter::repeat_n(String::new(), c.indicators.len()));
        rows.push(keep_with_next(row(&cells, true, APPENDIX_SIZE)));
        rows.extend(group.members.iter().map(|&n| unit_row(n)));
        let mut cells = vec![String::new(), w.get("group_total")?];
        cells.extend(numbers(&mut group.totals.iter().copied()));
        rows.push(row(&cells, true, APPENDIX_SIZE));
    }
    let mut cells = Vec::with_capacity(widths.len());
    cells.clear();
    cells.extend([String::new(), w.get("total_row")?]);
    cells.extend(c.indicators.iter().map(|i| group_thousands(i.total)));
    rows.push(row(&cells, true, APPENDIX_SIZE));
    let labels: Vec<String> = (1..)
        .zip(&c.indicators)
        .map(|(n, i)| format!("({n}) {}", i.label))
        .collect();
    let legend = Paragraph::new()
        .add_run(
            Run::new()
                .add_text(w.get("appendix_legend")?)
                .italic()
                .size(LEGEND_SIZE),
        )
        .add_run(
            Run::new()
                .add_text(format!(" {}.", labels.join("; ")))
                .size(LEGEND_SIZE),
        )
        .align(AlignmentType::Both)
        .line_spacing(spacing(120, 0));
    Ok(Appendix {
        heading,
        table: grid(Table::new(rows), widths),
        legend,
    })
}

/// One table row; numbers (all cells but the label column) centred. Cells carry only a
/// paragraph style ([`styles`]) and take their widths from the grid of a fixed-layout table
/// ([`grid`]): an 11,000-row appendix stays a few hundred bytes a row instead of repeating
/// width, size, alignment and spacing in each of its 200,000 cells.
/// The heading row of a table: bold, centred vertically, and repeated at the top of every
/// page the table runs onto. docx-rs cannot write `w:tblHeader`; the row carries
/// [`HEADER_MARK`] as its least height (one twip, which changes nothing on the page) and
/// [`super::docx`] adds the flag beside it when it writes the file.
fn header_row(texts: &[String], size: usize) -> TableRow {
    let cells = texts
        .iter()
        .map(|t| cell(t, true, size, false).vertical_align(VAlignType::Center));
    TableRow::new(cells.collect())
        .cant_split()
        .row_height(HEADER_MARK)
        .height_rule(HeightRule::AtLeast)
}

/// The least height (twips) that marks a heading row; see [`header_row`].
pub(super) const HEADER_MARK: f32 = 1.0;

fn cell(text: &str, bold: bool, size: usize, left: bool) -> TableCell {
    let run = Run::new().add_text(text);
    let paragraph = Paragraph::new()
        .style(&style_id(size, left))
        .add_run(if bold { run.bold() } else { run });
    TableCell::new().add_paragraph(paragraph)
}

fn row(texts: &[String], bold: bool, size: usize) -> TableRow {
    let cells = texts
        .iter()
        .enumerate()
        .map(|(i, text)| cell(text, bold, size, i == 1 && !bold))
        .collect();
    TableRow::new(cells).cant_split()
}

/// `row` kept on the page of the row after it (Word's and LibreOffice's "keep with next" on
/// every paragraph of the row).
fn keep_with_next(mut row: TableRow) -> TableRow {
    for cell in &mut row.cells {
        let TableRowChild::TableCell(cell) = cell;
        for content in &mut cell.children {
            if let TableCellContent::Paragraph(p) = content {
                p.property = std::mem::take(&mut p.property).keep_next(true);
            }
        }
    }
    row
}

fn style_id(size: usize, left: bool) -> String {
    format!("Bang{size}{}", if left { "Trai" } else { "Giua" })
}

/// The paragraph styles of table cells: each table size, left or centred.
pub(super) fn styles() -> Vec<Style> {
    let mut out = Vec::new();
    for size in [TABLE_SIZE, APPENDIX_SIZE] {
        for left in [true, false] {
            let align = if left {
                AlignmentType::Left
            } else {
                AlignmentType::Center
            };
            out.push(
                Style::new(style_id(size, left), StyleType::Paragraph)
                    .name(format!("Bảng {} pt {}", size / 2, if left { "trái" } else { "giữa" }))
                    .size(size)
                    .align(align)
                    .line_spacing(spacing(20, 20)),
            );
        }
    }
    out
}

/// Fixed column widths, full text width, tight cell margins.
fn grid(table: Table, widths: Vec<usize>) -> Table {
    let total = widths.iter().sum();
    table
        .set_grid(widths)
        .width(total, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(20, 60, 20, 60))
}

#[cfg(test)]
mod tests {
    use super::change;

    #[test]
    fn change_shows_sign_and_percentage() {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(change(12, 10), pair("+2", "+20,0"));
        assert_eq!(change(9, 10), pair("-1", "-10,0"));
        assert_eq!(change(10, 10), pair("0", "0,0"));
        assert_eq!(change(1250, 0), pair("+1.250", "-"));
        assert_eq!(change(1000, 4000), pair("-3.000", "-75,0"));
    }
}
