//! Writes a shape case as the documents chapters send: a Word file (paragraphs and tables,
//! merged heading cells as grid spans) and an Excel workbook (the same blocks one after the
//! other on each sheet; hidden sheets, rows and columns; merged cells), and converts either
//! to PDF with LibreOffice the way a chapter prints to PDF.

use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};

/// One block of a page: a paragraph or a table.
#[derive(Clone)]
pub enum Block {
    Para(String),
    Table(Vec<Row>),
}

/// A table row; `hidden` only matters in Excel.
#[derive(Clone, Default)]
pub struct Row {
    pub cells: Vec<(String, u16)>,
    pub hidden: bool,
}

/// A sheet of the workbook (the Word file is the first visible sheet's blocks).
#[derive(Clone)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    pub hidden_cols: Vec<u16>,
    /// Excel only: the widest column width (characters); longer texts wrap in their cell,
    /// bottom-aligned as Excel leaves them, in a row tall enough for them.
    pub label_width: Option<f64>,
    pub blocks: Vec<Block>,
}

/// A row of plain cells, each one column wide.
pub fn row(cells: &[&str]) -> Row {
    Row {
        cells: cells.iter().map(|c| (c.to_string(), 1)).collect(),
        hidden: false,
    }
}

/// The Word file of the first visible sheet.
pub fn docx(sheets: &[Sheet], path: &Path) {
    let sheet = sheets.iter().find(|s| !s.hidden).expect("a visible sheet");
    let para = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let mut doc = Docx::new();
    for block in &sheet.blocks {
        doc = match block {
            Block::Para(t) => doc.add_paragraph(para(t)),
            Block::Table(rows) => {
                let rows = rows
                    .iter()
                    .map(|r| {
                        let cells = r.cells.iter().map(|(t, span)| {
                            let cell = TableCell::new().add_paragraph(para(t));
                            match *span > 1 {
                                true => cell.grid_span(*span as usize),
                                false => cell,
                            }
                        });
                        TableRow::new(cells.collect())
                    })
                    .collect();
                // A table grid as Word writes one (a merged cell spans grid columns), the label
                // column wider; an empty paragraph between tables, as Word keeps them apart.
                let columns = block_columns(block);
                let grid = (0..columns).map(|c| if c == 0 { 3600 } else { 1500 }).collect();
                doc.add_table(Table::new(rows).set_grid(grid)).add_paragraph(para(""))
            }
        };
    }
    doc.build().pack(std::fs::File::create(path).unwrap()).unwrap();
}

/// Grid columns of a table: its widest row, merged cells counted by their span.
fn block_columns(block: &Block) -> usize {
    match block {
        Block::Table(rows) => rows
            .iter()
            .map(|r| r.cells.iter().map(|(_, span)| *span as usize).sum())
            .max()
            .unwrap_or(1),
        Block::Para(_) => 1,
    }
}

/// The Excel workbook: every sheet, blocks one under the other from the first row.
pub fn xlsx(sheets: &[Sheet], path: &Path) {
    let mut book = Workbook::new();
    // Wrapped cells aligned to the top, as report templates set them.
    let top_wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    // Excel's own alignment when a chapter only turns wrapping on: bottom.
    let bottom_wrap = Format::new().set_text_wrap();
    let active = sheets.iter().position(|s| !s.hidden);
    for (index, sheet) in sheets.iter().enumerate() {
        let ws = book.add_worksheet().set_name(&sheet.name).unwrap();
        // Excel opens on the first visible sheet (the active sheet can never be hidden).
        if Some(index) == active {
            ws.set_active(true);
        }
        // Printed as a chapter prints its form: landscape, one page wide, columns wide
        // enough for their text.
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        for (c, width) in widths(sheet).iter().enumerate() {
            ws.set_column_width(c as u16, *width).unwrap();
        }
        let mut r = 0u32;
        for block in &sheet.blocks {
            match block {
                Block::Para(t) => {
                    ws.write(r, 0, t.as_str()).unwrap();
                    r += 1;
                }
                Block::Table(rows) => {
                    let wrap_at = sheet.label_width.unwrap_or(40.0);
                    let wrap = if sheet.label_width.is_some() {
                        &bottom_wrap
                    } else {
                        &top_wrap
                    };
                    for row in rows {
                        let mut c = 0u16;
                        let longest = row.cells.iter().map(|(t, _)| t.chars().count()).max().unwrap_or(0) as f64;
                        if sheet.label_width.is_some() && longest > wrap_at {
                            // Excel fits a wrapped row's height to its lines (15 points each).
                            ws.set_row_height(r, 15.0 * (longest * 1.15 / wrap_at).ceil()).unwrap();
                        }
                        for (text, span) in &row.cells {
                            if *span > 1 {
                                ws.merge_range(r, c, r, c + span - 1, text, wrap).unwrap();
                            } else if text.chars().count() as f64 > wrap_at {
                                // Long labels wrap in their cell, as a form's label column does.
                                ws.write_with_format(r, c, text.as_str(), wrap).unwrap();
                            } else if !text.is_empty() {
                                write_cell(ws, r, c, text);
                            }
                            c += span;
                        }
                        if row.hidden {
                            ws.set_row_hidden(r).unwrap();
                        }
                        r += 1;
                    }
                    r += 1;
                }
            }
        }
        for &c in &sheet.hidden_cols {
            ws.set_column_hidden(c).unwrap();
        }
        if sheet.hidden {
            ws.set_hidden(true);
        }
    }
    book.save(path).unwrap();
}

/// Column widths as a chapter sets them: wide enough for the column's text, up to 50
/// characters (longer labels wrap).
fn widths(sheet: &Sheet) -> Vec<f64> {
    let mut out = vec![6.0f64; 8];
    for block in &sheet.blocks {
        let Block::Table(rows) = block else { continue };
        for row in rows {
            let mut c = 0;
            for (text, span) in row.cells.iter() {
                if *span == 1 && c < out.len() {
                    out[c] = out[c].max((text.chars().count() as f64 + 2.0).min(50.0));
                }
                c += *span as usize;
            }
        }
    }
    if let Some(cap) = sheet.label_width {
        out.iter_mut().for_each(|w| *w = w.min(cap));
    }
    out
}

/// A figure typed as a number is a number cell; a phone number (leading zero), a date or a
/// word stays text, as Excel keeps it.
fn write_cell(ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, text: &str) {
    let number = text
        .parse::<i64>()
        .ok()
        .filter(|_| !(text.starts_with('0') && text.len() > 1));
    match number {
        Some(n) => ws.write(r, c, n as f64).unwrap(),
        None => ws.write(r, c, text).unwrap(),
    };
}

/// Converts files to PDF with LibreOffice in one run; the PDFs land in `out`.
pub fn to_pdf(files: &[PathBuf], out: &Path) -> Vec<PathBuf> {
    convert(files, out, "pdf")
}

/// Saves each file in format `ext` (`pdf`, `ods`) into `out` with LibreOffice, as a chapter
/// would with "Save as" or "Export as PDF".
pub fn convert(files: &[PathBuf], out: &Path, ext: &str) -> Vec<PathBuf> {
    let profile = out.join("lo-profile");
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(out)
        .args(files)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("soffice (LibreOffice) runs");
    assert!(status.success(), "soffice failed: {status}");
    files
        .iter()
        .map(|f| {
            let pdf = out.join(f.with_extension(ext).file_name().unwrap());
            assert!(pdf.exists(), "LibreOffice wrote no {}", pdf.display());
            pdf
        })
        .collect()
}
