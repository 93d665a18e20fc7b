//! The blank form as a Word document (docx-rs): A4, Times New Roman, the layout of the
//! province's `.docx` form — title, header table, `I. SỐ LIỆU` table, `II. NỘI DUNG` sections.

use super::{Layout, unit};
use docx_rs::{
    AlignmentType, Docx, LineSpacing, Paragraph, Run, RunFonts, Table, TableCell, TableLayoutType, TableRow,
    VAlignType, WidthType,
};
use std::cell::Cell;
use std::io::Cursor;

use crate::paper::{A4, MARGIN};
/// The width between the margins; the columns below add up to it.
const TEXT_WIDTH: usize = 11906 - 1701 - 850;
/// Label and value columns of the header block.
const HEADER_GRID: [usize; 2] = [3402, TEXT_WIDTH - 3402];
/// STT, Chỉ tiêu, ĐVT, Số lượng.
const INDICATOR_GRID: [usize; 4] = [737, 5670, 1418, TEXT_WIDTH - 737 - 5670 - 1418];
/// Empty paragraphs left under each section heading for the chapter to write in: one, which
/// grows as they type; more pushed the last heading alone onto a second page.
const SECTION_ROOM: usize = 1;
/// 12 pt in the indicator table, so that the form with its writing room fits one A4 page.
const TABLE_SIZE: usize = 24;
/// 13 pt, the size of administrative documents, in half-points.
const BODY_SIZE: usize = 26;

/// The document's bytes, or the library's message.
pub(super) fn bytes(layout: &Layout) -> Result<Vec<u8>, String> {
    let font = "Times New Roman";
    let p = Paragraphs::default();
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(MARGIN)
        .default_fonts(RunFonts::new().ascii(font).hi_ansi(font).east_asia(font).cs(font))
        .default_size(BODY_SIZE)
        .add_paragraph(
            p.empty()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(&layout.title).bold().size(28)),
        )
        .add_paragraph(
            p.empty()
                .add_run(Run::new().add_text(layout.instruction).italic().size(24)),
        )
        .add_table(header_table(layout, &p))
        .add_paragraph(p.empty())
        .add_paragraph(p.bold("I. SỐ LIỆU"))
        .add_table(indicator_table(layout, &p))
        .add_paragraph(p.empty())
        .add_paragraph(p.bold("II. NỘI DUNG"));
    for (n, section) in layout.sections.iter().enumerate() {
        doc = doc.add_paragraph(p.bold(&format!("{}. {}", n + 1, section.label)));
        for _ in 0..SECTION_ROOM {
            doc = doc.add_paragraph(p.empty().line_spacing(LineSpacing::new().before(60).after(60)));
        }
    }
    let mut out = Cursor::new(Vec::new());
    doc.pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// Label | empty cell, one row per header field.
fn header_table(layout: &Layout, p: &Paragraphs) -> Table {
    let rows = layout
        .header
        .iter()
        .map(|field| {
            TableRow::new(vec![
                cell(HEADER_GRID[0], p.bold(&field.label)),
                cell(HEADER_GRID[1], p.empty()),
            ])
        })
        .collect();
    fixed(Table::new(rows), &HEADER_GRID)
}

/// The numbered indicators with an empty figures cell each, under a bold heading row.
fn indicator_table(layout: &Layout, p: &Paragraphs) -> Table {
    let heading = TableRow::new(
        layout
            .columns
            .iter()
            .zip(INDICATOR_GRID)
            .map(|(title, width)| cell(width, p.sized(title, true).align(AlignmentType::Center)))
            .collect(),
    )
    .cant_split();
    let rows = layout.indicators.iter().enumerate().map(|(n, field)| {
        let centred = |text: &str| p.sized(text, false).align(AlignmentType::Center);
        TableRow::new(vec![
            cell(INDICATOR_GRID[0], centred(&(n + 1).to_string())),
            cell(INDICATOR_GRID[1], p.sized(&field.label, false)),
            cell(INDICATOR_GRID[2], centred(unit(field))),
            cell(INDICATOR_GRID[3], p.empty()),
        ])
        .cant_split()
    });
    fixed(
        Table::new(std::iter::once(heading).chain(rows).collect()),
        &INDICATOR_GRID,
    )
}

/// A table of fixed column widths: Word would otherwise fit columns to the (empty) content.
fn fixed(table: Table, grid: &[usize]) -> Table {
    table
        .set_grid(grid.to_vec())
        .width(grid.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// A cell of the given width holding one paragraph (an empty one is where the chapter types).
fn cell(width: usize, content: Paragraph) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .add_paragraph(content)
}

/// Makes paragraphs numbered from 1 in this document. docx-rs numbers paragraphs from a
/// counter that lives as long as the thread, so a daemon's second form would differ from its
/// first; explicit ids keep the same form the same file.
#[derive(Default)]
struct Paragraphs {
    last: Cell<u32>,
}

impl Paragraphs {
    fn empty(&self) -> Paragraph {
        self.last.set(self.last.get() + 1);
        Paragraph::new().id(format!("{:08X}", self.last.get()))
    }

    fn bold(&self, text: &str) -> Paragraph {
        self.empty().add_run(Run::new().add_text(text).bold())
    }

    /// Text at the indicator table's size, bold or not.
    fn sized(&self, text: &str, bold: bool) -> Paragraph {
        let run = Run::new().add_text(text).size(TABLE_SIZE);
        self.empty().add_run(if bold { run.bold() } else { run })
    }
}
