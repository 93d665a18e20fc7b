//! A second look, by the table's grid, at the figures the first two readings did not get:
//! a cell of a figure column still holding no figure (`ï` where a 7 is: the ink Tesseract
//! saw was a fragment of the digit), and a row with no cell at all in the table's last
//! figure column. Each is cut out by its column's width (from the figures read in that
//! column) and its row's band, and read digits-only in a stack of its own — sharing the
//! first stack changed how Tesseract read the others (measured). Whatever it finds goes to
//! a person: the cell is marked disputed.

use super::image::Gray;
use super::reread::{cut_box, stacked};
use super::words;
use crate::extract::document::{Cell, Document, Location};
use crate::extract::error::Refusal;
use crate::text::is_bare_figure;
use std::collections::BTreeMap;
use std::path::Path;

/// Fewest figures that make a column a figure column.
const MIN_FIGURES: usize = 3;
/// How far a cut reaches beyond the column and the row: further, it would take in the ruled
/// lines, which a digits-only reading takes for ones.
const REACH: u32 = 3;

/// A place to look: the line, the cell (None: a figure the page reading missed), its column
/// and the pixel box (left, top, right, bottom).
type Target = (usize, Option<usize>, u32, (u32, u32, u32, u32));

/// Looks again at the figures of `page` the first readings did not get.
pub fn figures(
    doc: &mut Document,
    page: u32,
    image: &Gray,
    dir: &Path,
    read: impl FnOnce(&Path) -> Result<String, Refusal>,
) -> Result<(), Refusal> {
    let targets = targets(doc, page);
    if targets.is_empty() {
        return Ok(());
    }
    let boxes: Vec<_> = targets.iter().map(|t| cut_box(t.3, REACH, image)).collect();
    let (stack, slots) = stacked(image, &boxes);
    let file = dir.join(format!("second-{page}.png"));
    std::fs::write(&file, stack.png()).map_err(|e| Refusal::Io(e.to_string()))?;
    let found = words::parse(&read(&file)?);
    // Last first: a cell inserted must not move the cells earlier targets name.
    for (&(line, cell, col, bounds), slot) in targets.iter().zip(slots).rev() {
        let inside: Vec<&words::Word> = found
            .iter()
            .filter(|w| (slot.0..slot.1).contains(&(((w.top + w.bottom) / 2.0) as usize)))
            .collect();
        let text: String = inside.iter().map(|w| w.text.as_str()).collect();
        if !is_bare_figure(&text) {
            continue;
        }
        let confidence = inside.iter().map(|w| w.confidence).fold(100.0f32, f32::min).round() as u8;
        let cells = &mut doc.lines[line].cells;
        match cell {
            Some(i) => {
                let old = std::mem::replace(&mut cells[i].text, text);
                if let Location::Scan { disputed, .. } = &mut cells[i].at {
                    *disputed = Some(old);
                }
            }
            None => {
                let at = located(page, cells, bounds, confidence);
                let place = cells.iter().position(|c| c.col > col).unwrap_or(cells.len());
                cells.insert(place, Cell::new(text, col, at));
            }
        }
    }
    Ok(())
}

/// Where a figure found only now stands: disputed, as the page's reading saw nothing there.
fn located(page: u32, row: &[Cell], (left, top, right, bottom): (u32, u32, u32, u32), confidence: u8) -> Location {
    let line = row.iter().find_map(|c| match c.at {
        Location::Scan { line, .. } => Some(line),
        _ => None,
    });
    Location::Scan {
        page,
        line: line.unwrap_or(0),
        left,
        top,
        width: right - left,
        height: bottom - top,
        confidence,
        disputed: Some("?".into()),
    }
}

/// A cell's pixel box, for cells read from `page`.
fn pixels(at: &Location, page: u32) -> Option<(u32, u32, u32, u32)> {
    match *at {
        Location::Scan {
            page: p,
            left,
            top,
            width,
            height,
            ..
        } if p == page => Some((left, top, left + width, top + height)),
        _ => None,
    }
}

/// The places to look again on `page`, table by table.
fn targets(doc: &Document, page: u32) -> Vec<Target> {
    let mut blocks: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, line) in doc.lines.iter().enumerate() {
        if let Some(b) = line
            .block
            .filter(|_| line.cells.iter().any(|c| pixels(&c.at, page).is_some()))
        {
            blocks.entry(b).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for lines in blocks.values() {
        let columns = figure_columns(doc, lines, page);
        let Some(&last) = columns.keys().next_back() else {
            continue;
        };
        for &i in lines {
            let cells = &doc.lines[i].cells;
            let boxes: Vec<_> = cells.iter().filter_map(|c| pixels(&c.at, page)).collect();
            let top = boxes.iter().map(|b| b.1).min().unwrap_or(0);
            let bottom = boxes.iter().map(|b| b.3).max().unwrap_or(0);
            let labelled = cells.iter().any(|c| c.col < last && is_label(&c.text));
            for (j, cell) in cells.iter().enumerate() {
                if let Some(&(left, right)) = columns.get(&cell.col)
                    && labelled
                    && !is_bare_figure(&cell.text)
                    && !is_label(&cell.text)
                {
                    out.push((i, Some(j), cell.col, (left, top, right, bottom)));
                }
            }
            if labelled && !cells.iter().any(|c| c.col == last) {
                let (left, right) = columns[&last];
                out.push((i, None, last, (left, top, right, bottom)));
            }
        }
    }
    out
}

/// The figure columns of a table's lines and their pixel extent (left, right).
fn figure_columns(doc: &Document, lines: &[usize], page: u32) -> BTreeMap<u32, (u32, u32)> {
    let mut seen: BTreeMap<u32, (usize, u32, u32)> = BTreeMap::new();
    for cell in lines.iter().flat_map(|&i| &doc.lines[i].cells) {
        if let Some((left, _, right, _)) = pixels(&cell.at, page).filter(|_| is_bare_figure(&cell.text)) {
            let entry = seen.entry(cell.col).or_insert((0, u32::MAX, 0));
            *entry = (entry.0 + 1, entry.1.min(left), entry.2.max(right));
        }
    }
    seen.into_iter()
        .filter(|(_, (n, _, _))| *n >= MIN_FIGURES)
        .map(|(col, (_, left, right))| (col, (left, right)))
        .collect()
}

/// A label, not a number or a mark: it has a word of three letters.
fn is_label(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic()).any(|w| w.chars().count() >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::Line;

    fn cell(text: &str, col: u32, left: u32, top: u32) -> Cell {
        let at = Location::Scan {
            page: 1,
            line: 1,
            left,
            top,
            width: 40,
            height: 30,
            confidence: 90,
            disputed: None,
        };
        Cell::new(text.into(), col, at)
    }

    fn row(cells: Vec<Cell>) -> Line {
        Line {
            cells,
            block: Some(1),
            continues: false,
        }
    }

    #[test]
    fn junk_and_missing_figures_are_looked_at_by_column_and_row() {
        let doc = Document {
            lines: vec![
                row(vec![cell("Chỉ tiêu", 1, 100, 0), cell("Số lượng", 3, 780, 0)]),
                row(vec![cell("Số lớp", 1, 100, 50), cell("15", 3, 800, 50)]),
                row(vec![cell("Số lượt", 1, 100, 100), cell("2.040", 3, 780, 100)]),
                row(vec![cell("Số cuộc", 1, 100, 150), cell("ï", 3, 830, 155)]),
                row(vec![cell("Số kiến nghị", 1, 100, 200), cell("kiến nghị", 2, 500, 200)]),
                row(vec![cell("Số đơn", 1, 100, 250), cell("7", 3, 810, 250)]),
            ],
        };
        // The heading "Số lượng" and the figures are left alone.
        assert_eq!(
            targets(&doc, 1),
            [
                (3, Some(1), 3, (780, 150, 850, 185)),
                (4, None, 3, (780, 200, 850, 230))
            ]
        );
    }
}
