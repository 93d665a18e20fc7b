//! Prefilters for findings already filed whose effect cannot be caught in-process (an abort).
//!
//! A panic at a known location is just counted, but an abort ends the run, so after one is
//! filed the run is restarted with `--skip NAME`: inputs that would trigger it again are
//! recognised from their structure, counted and not run, and the run goes on to look for
//! other findings. Each filter mirrors the library code it stands for, so it skips that
//! finding and nothing else. The .xls model (what calamine allocates per sheet, next to what
//! the reader's guard measures) is also printed by `--replay`, to explain a finding.

use crate::xlsmodel::{self, SheetView};
use crate::xml::{self, Kind};
use baocao::extract::Document;
use calamine::{Cell, Data};
use std::io::Read;

/// The filters that `--skip` accepts.
pub const NAMES: &[&str] = &[
    "xls-dimensions-reserve",
    "xls-dense-grid",
    "xls-repeated-sheets",
    "ods-eof-loop",
    "xlsx-repeated-sheets",
    "xlsx-shared-clones",
    MATCHER_SECTIONS,
];

/// The filter applied to the document before the matcher runs (see [`quadratic_sections`]).
pub const MATCHER_SECTIONS: &str = "matcher-section-join";

/// Work above this many bytes is taken to be the known amplification: the .xlsx reader
/// parses about 100 MB/s, so this is over a second of the 5 s budget, and never a real report.
const AMPLIFIED: u64 = 128 << 20;

/// True when `input` would trigger the known finding `name`.
pub fn matches(name: &str, input: &[u8]) -> bool {
    let huge = |cells: usize, size: usize| is_abort(cells.saturating_mul(size));
    match name {
        // calamine 0.38 xls.rs:667: `cells.reserve(rows * cols)` from a DIMENSIONS record,
        // which the guard does not read.
        "xls-dimensions-reserve" => xls_sheets(input)
            .iter()
            .any(|s| huge(s.reserved, size_of::<Cell<Data>>())),
        // calamine 0.38 lib.rs:1051 (`Range::from_sparse`, called at xls.rs:724): a dense grid
        // over cells the guard did not see where calamine does.
        "xls-dense-grid" => xls_sheets(input)
            .iter()
            .any(|s| huge(s.grid, size_of::<Data>()) || huge(s.formula_grid, size_of::<String>())),
        // calamine 0.38 ods.rs:448 (`read_table`) and ods.rs:754 (annotations): loops that
        // treat end of file like any other event, so an unclosed element spins forever.
        "ods-eof-loop" => ods_content(input).is_some_and(|xml| {
            ["table:table", "office:annotation"]
                .iter()
                .any(|name| unclosed(&xml, name.as_bytes()))
        }),
        // calamine 0.38 xls.rs:632-643: every BOUNDSHEET's substream is parsed in full, so one
        // sheet listed thousands of times is parsed thousands of times.
        "xls-repeated-sheets" => {
            xlsmodel::workbook(input).is_some_and(|w| xlsmodel::calamine_view(&w, AMPLIFIED).is_none())
        }
        // src/extract/xlsx/mod.rs:41-46: each `<sheet>` of workbook.xml inflates and parses its
        // part again, so one part listed thousands of times is read thousands of times.
        "xlsx-repeated-sheets" => xlsx_work(input).is_some_and(|w| w.reparsed > AMPLIFIED),
        // src/extract/xlsx/cells.rs:93-95: every shared-string cell clones its string (then
        // tidied, src/extract/sheets.rs:133): a long string times many cells.
        "xlsx-shared-clones" => xlsx_work(input).is_some_and(|w| w.cloned > AMPLIFIED),
        _ => false,
    }
}

/// An upper bound of the .xlsx reader's work: XML bytes parsed and string bytes copied.
struct XlsxWork {
    reparsed: u64,
    cloned: u64,
}

fn xlsx_work(input: &[u8]) -> Option<XlsxWork> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(input)).ok()?;
    let workbook = part(&mut zip, "xl/workbook.xml")?;
    let tokens = xml::tokenize(&workbook);
    let entries = tokens
        .iter()
        .filter(|t| matches!(t.kind, Kind::Start | Kind::Empty) && local_name(&workbook, t) == b"sheet")
        .count() as u64;
    let sheets: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.contains("worksheets/"))
        .collect();
    let (mut biggest, mut shared_cells) = (0u64, 0u64);
    for name in sheets {
        let sheet = part(&mut zip, &name).unwrap_or_default();
        biggest = biggest.max(sheet.len() as u64);
        shared_cells += sheet.windows(5).filter(|w| w == b"t=\"s\"").count() as u64;
    }
    let strings = part(&mut zip, "xl/sharedStrings.xml").unwrap_or_default();
    Some(XlsxWork {
        reparsed: entries.saturating_mul(biggest),
        cloned: entries
            .max(1)
            .saturating_mul(shared_cells)
            .saturating_mul(longest_si(&strings)),
    })
}

/// Bytes of the longest `<si>` element of the shared strings (one pass: the part may hold
/// hundreds of thousands of elements).
fn longest_si(xml: &[u8]) -> u64 {
    let (mut open, mut longest) = (None, 0);
    for token in xml::tokenize(xml) {
        match token.kind {
            Kind::Start if local_name(xml, &token) == b"si" => open = Some(token.span.start),
            Kind::End if local_name(xml, &token) == b"si" => {
                if let Some(start) = open.take() {
                    longest = longest.max(token.span.end - start);
                }
            }
            _ => {}
        }
    }
    longest as u64
}

/// A tag's name without its namespace prefix (`x:sheet` → `sheet`).
fn local_name<'a>(xml: &'a [u8], token: &xml::Token) -> &'a [u8] {
    let name = xml::name(xml, token);
    name.rsplit(|b| *b == b':').next().unwrap_or(name)
}

/// src/extract/section.rs:28-30 (from matcher.rs:69): a section label joins every cell to its
/// right on its line, once per label, so a line of thousands of labelled cells costs
/// cells × text. True when that product is past the amplification bound.
pub fn quadratic_sections(doc: &Document) -> bool {
    doc.lines.iter().any(|line| {
        let text: usize = line.cells.iter().map(|c| c.text.len() + 1).sum();
        (line.cells.len() as u64).saturating_mul(text as u64) > AMPLIFIED
    })
}

/// One part of a zip, inflated up to the readers' part limit.
fn part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    zip.by_name(name).ok()?.take(64 << 20).read_to_end(&mut out).ok()?;
    Some(out)
}

/// `content.xml` of an ODS, as calamine finds it (by name).
fn ods_content(input: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(input)).ok()?;
    part(&mut zip, "content.xml")
}

/// True when a start tag `name` comes after the last end tag `name` (or there is none):
/// calamine would read from it to the end of the file and then keep reading.
fn unclosed(xml: &[u8], name: &[u8]) -> bool {
    let tokens = xml::tokenize(xml);
    let named = |kind: Kind| {
        tokens
            .iter()
            .filter(move |t| t.kind == kind && xml::name(xml, t) == name)
    };
    let last_end = named(Kind::End).map(|t| t.span.start).max();
    named(Kind::Start).any(|t| last_end.is_none_or(|end| t.span.start > end))
}

/// Above 2 GiB an allocation is taken to abort under the harness's address-space limit;
/// beyond `isize::MAX` it is a capacity-overflow panic instead, which is caught and filed.
fn is_abort(bytes: usize) -> bool {
    bytes > 2 << 30 && bytes <= isize::MAX as usize
}

fn xls_sheets(input: &[u8]) -> Vec<SheetView> {
    xlsmodel::workbook(input)
        .and_then(|w| xlsmodel::calamine_view(&w, AMPLIFIED))
        .unwrap_or_default()
}
