//! PDFs of typed pages and scanned ones: a report typed and printed, its signed last page
//! scanned back in, or a typed cover letter in front of a scanned form. The typed pages are
//! read from the text layer, the scanned ones by OCR, and the two are put back in page
//! order.

use super::document::{Document, Line, Location};

/// `typed` and `scanned` lines as one document in page order. Table numbers of the scanned
/// pages are moved past the typed ones', so a table of each never becomes one.
pub fn merge(typed: Document, scanned: Document) -> Document {
    let offset = typed.lines.iter().filter_map(|l| l.block).max().map_or(0, |b| b + 1);
    let mut lines = typed.lines;
    lines.extend(scanned.lines.into_iter().map(|mut line| {
        line.block = line.block.map(|b| b + offset);
        line
    }));
    // Stable: each reader's lines are already in order within a page.
    lines.sort_by_key(page_of);
    Document { lines }
}

/// The page a line was read from (0 for a line without one, which keeps its place first).
fn page_of(line: &Line) -> u32 {
    match line.cells.first().map(|c| &c.at) {
        Some(Location::Page { page, .. } | Location::Scan { page, .. }) => *page,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::Cell;

    fn line(text: &str, page: u32, block: Option<u32>, scan: bool) -> Line {
        let at = if scan {
            Location::Scan {
                page,
                line: 1,
                left: 0,
                top: 0,
                width: 1,
                height: 1,
                confidence: 90,
                disputed: None,
            }
        } else {
            Location::Page { page, line: 1 }
        };
        Line {
            cells: vec![Cell::new(text.to_string(), 0, at)],
            block,
            continues: false,
        }
    }

    #[test]
    fn scanned_pages_fall_in_their_place_with_tables_of_their_own() {
        let typed = Document {
            lines: vec![line("a", 1, Some(0), false), line("c", 3, Some(1), false)],
        };
        let scanned = Document {
            lines: vec![
                line("b1", 2, Some(0), true),
                line("b2", 2, Some(0), true),
                line("b3", 2, None, true),
            ],
        };
        let doc = merge(typed, scanned);
        let texts: Vec<&str> = doc.lines.iter().map(|l| l.cells[0].text.as_str()).collect();
        assert_eq!(texts, ["a", "b1", "b2", "b3", "c"]);
        let blocks: Vec<Option<u32>> = doc.lines.iter().map(|l| l.block).collect();
        assert_eq!(blocks, [Some(0), Some(2), Some(2), None, Some(1)]);
    }
}
