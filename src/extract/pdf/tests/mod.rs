//! Tests of the PDF reader on the sample files and on hostile input built in code.

mod fuzz;
mod hostile;
mod samples;

use crate::extract::document::{Document, Line, Location};

/// One line per document line, cells separated by ` | `, prefixed with where it starts, its
/// table number (`T1`) and `+` when it continues the previous line. Run
/// `cargo test -- --nocapture pdf::tests::samples::print` to see every sample.
pub(super) fn render(doc: &Document) -> String {
    doc.lines.iter().map(render_line).collect::<Vec<_>>().join("\n")
}

fn render_line(line: &Line) -> String {
    let at = match line.cells.first().map(|c| &c.at) {
        Some(Location::Page { page, line }) => format!("p{page}:{line}"),
        _ => String::from("?"),
    };
    let block = line.block.map_or(String::from("  "), |b| format!("T{b}"));
    let continues = if line.continues { "+" } else { " " };
    let cells: Vec<&str> = line.cells.iter().map(|c| c.text.as_str()).collect();
    format!("{at:>7} {block} {continues} {}", cells.join(" | "))
}
