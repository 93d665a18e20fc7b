//! The shapes real chapters send (issue 11), generated in Word and Excel, printed to PDF and
//! saved as .ods: every value is right, or in `review`. Each case's values come from its generator
//! (`shapes/cases.rs`); the test counts per shape the fields read right, flagged, and wrong
//! without a flag ("silent"), prints the table, and fails on any silent wrong value.

#[path = "shapes/cases.rs"]
mod cases;
mod common;
#[path = "shapes/more.rs"]
mod more;
#[path = "shapes/texts.rs"]
mod texts;
#[path = "shapes/write.rs"]
mod write;

use baocao::extract::{Extractor, Record};
use cases::{Case, Format};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Right, flagged and silently wrong fields of one shape and format.
#[derive(Default, Debug)]
struct Score {
    /// The value written, nothing flagged.
    right: usize,
    /// In review, the value read the one written.
    flagged_right: usize,
    /// In review, the value read wrong or missing.
    flagged_wrong: usize,
    /// Wrong or missing and not in review: the failures that matter.
    silent: Vec<String>,
    /// Fields the document decides (not in the case's `doubt`), and of them read right.
    decidable: usize,
    decidable_right: usize,
}

fn chapters() -> Vec<(String, String)> {
    common::settings()
        .registry
        .chapters()
        .iter()
        .filter(|c| c.code != "TSA")
        .map(|c| (c.code.clone(), c.name.clone()))
        .collect()
}

/// Writes each case in each of its formats: (case index, format label, path).
fn write_all(cases: &[Case], dir: &Path) -> Vec<(usize, &'static str, PathBuf)> {
    let mut out = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        for format in case.formats {
            let (label, path) = match format {
                Format::Docx => ("docx", dir.join(format!("{}-w.docx", case.name))),
                Format::Xlsx => ("xlsx", dir.join(format!("{}-x.xlsx", case.name))),
            };
            match format {
                Format::Docx => write::docx(&case.sheets, &path),
                Format::Xlsx => write::xlsx(&case.sheets, &path),
            }
            keep(&path);
            out.push((i, label, path));
        }
    }
    out
}

/// With `BAOCAO_KEEP_SHAPES=DIR`, a copy of each generated document is kept there to look at.
fn keep(path: &Path) {
    if let Some(dir) = std::env::var_os("BAOCAO_KEEP_SHAPES") {
        std::fs::copy(path, Path::new(&dir).join(path.file_name().unwrap())).unwrap();
    }
}

/// Scores one record against its case: every expected field, and no unexpected one.
fn score(case: &Case, record: &Record, into: &mut Score, what: &str) {
    let got = serde_json::to_value(&record.fields).unwrap();
    let flagged = |key: &str| record.review.iter().any(|r| r.field.as_deref() == Some(key));
    let expected: BTreeMap<&str, &Json> = case.expect.iter().map(|(k, v)| (*k, v)).collect();
    for key in &case.doubt {
        assert!(
            flagged(key),
            "{what}: `{key}` cannot be decided and must be in review; review = {:?}",
            record.review
        );
    }
    let mut keys: Vec<&str> = expected.keys().copied().collect();
    keys.extend(got.as_object().unwrap().keys().map(String::as_str));
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        let want = expected.get(key).copied();
        let have = got.get(key);
        if !case.doubt.contains(&key) {
            into.decidable += 1;
            into.decidable_right += usize::from(want == have);
        }
        if flagged(key) && want == have {
            into.flagged_right += 1;
        } else if flagged(key) {
            into.flagged_wrong += 1;
        } else if want == have {
            into.right += 1;
        } else {
            into.silent.push(format!("{what}: {key} = {have:?}, written {want:?}"));
        }
    }
}

fn run(files: &[(usize, &'static str, PathBuf)], cases: &[Case]) -> BTreeMap<(String, String), Score> {
    let settings = common::settings();
    let extractor = Extractor::new(&settings.forms, &settings.registry);
    let mut table: BTreeMap<(String, String), Score> = BTreeMap::new();
    for (i, format, path) in files {
        let case = &cases[*i];
        let record = extractor.file(path).unwrap_or_else(|e| panic!("{e}"));
        let entry = table.entry((case.shape.to_string(), format.to_string())).or_default();
        score(case, &record, entry, &path.file_name().unwrap().to_string_lossy());
    }
    table
}

/// Prints the table; fails on any silent wrong value, or when fewer than `floor` percent of
/// the fields the document decides (those not in a case's `doubt`) are read right.
fn report(table: &BTreeMap<(String, String), Score>, floor: usize) {
    let (mut right, mut correct, mut total, mut decidable, mut decided) = (0, 0, 0, 0, 0);
    println!(
        "{:<28} {:<10} {:>6} {:>13} {:>13} {:>7}",
        "shape", "format", "right", "flagged-right", "flagged-wrong", "silent"
    );
    for ((shape, format), s) in table {
        println!(
            "{shape:<28} {format:<10} {:>6} {:>13} {:>13} {:>7}",
            s.right,
            s.flagged_right,
            s.flagged_wrong,
            s.silent.len()
        );
        right += s.right;
        correct += s.right + s.flagged_right;
        total += s.right + s.flagged_right + s.flagged_wrong + s.silent.len();
        decidable += s.decidable;
        decided += s.decidable_right;
    }
    let silent: Vec<&String> = table.values().flat_map(|s| &s.silent).collect();
    assert!(silent.is_empty(), "silent wrong values:\n{silent:#?}");
    println!("{correct} of {total} fields read right ({right} without review)");
    println!("{decided} of {decidable} fields the document decides read right");
    assert!(
        decidable > 0 && decided * 100 >= floor * decidable,
        "only {decided} of {decidable} read right"
    );
}

#[test]
fn shapes_in_word_and_excel_are_read_right_or_flagged() {
    let cases = cases::all(&chapters());
    let dir = common::tempdir();
    let files = write_all(&cases, dir.path());
    report(&run(&files, &cases), 99);
}

#[test]
#[cfg_attr(not(libreoffice), ignore = "needs LibreOffice (soffice); .ci/run installs it")]
fn shapes_printed_to_pdf_are_read_right_or_flagged() {
    // Hidden sheets are not printed: that shape has no PDF.
    let cases: Vec<Case> = cases::all(&chapters())
        .into_iter()
        .filter(|c| c.shape != "hidden content")
        .collect();
    let dir = common::tempdir();
    let files = write_all(&cases, dir.path());
    let sources: Vec<PathBuf> = files.iter().map(|(_, _, p)| p.clone()).collect();
    let pdfs = write::to_pdf(&sources, &dir.path().join("pdf"));
    pdfs.iter().for_each(|p| keep(p));
    let printed: Vec<(usize, &'static str, PathBuf)> = files
        .iter()
        .zip(pdfs)
        .map(|((i, format, _), pdf)| (*i, if *format == "docx" { "docx→pdf" } else { "xlsx→pdf" }, pdf))
        .collect();
    report(&run(&printed, &cases), 99);
}

#[test]
#[cfg_attr(not(libreoffice), ignore = "needs LibreOffice (soffice); .ci/run installs it")]
fn shapes_saved_as_opendocument_are_read_right_or_flagged() {
    // Every Excel case, saved by LibreOffice as .ods: hidden sheets, rows and columns too.
    let cases = cases::all(&chapters());
    let dir = common::tempdir();
    let files = write_all(&cases, dir.path());
    let sheets: Vec<&(usize, &'static str, PathBuf)> = files.iter().filter(|(_, f, _)| *f == "xlsx").collect();
    let sources: Vec<PathBuf> = sheets.iter().map(|(_, _, p)| p.clone()).collect();
    let saved = write::convert(&sources, &dir.path().join("ods"), "ods");
    saved.iter().for_each(|p| keep(p));
    let saved: Vec<(usize, &'static str, PathBuf)> = sheets
        .iter()
        .zip(saved)
        .map(|((i, _, _), ods)| (*i, "xlsx→ods", ods))
        .collect();
    report(&run(&saved, &cases), 99);
}
