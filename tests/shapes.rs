//! The shapes real chapters send (issue 11), generated in Word and Excel and printed to PDF:
//! every value is right, or in `review`. Each case's values come from its generator
//! (`shapes/cases.rs`); the test counts per shape the fields read right, flagged, and wrong
//! without a flag ("silent"), prints the table, and fails on any silent wrong value.

#[path = "shapes/cases.rs"]
mod cases;
mod common;
#[path = "shapes/more.rs"]
mod more;
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
    right: usize,
    flagged: usize,
    silent: Vec<String>,
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
            out.push((i, label, path));
        }
    }
    out
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
        if flagged(key) {
            into.flagged += 1;
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

/// Prints the table and fails on a silent wrong value or on fewer than 99 % right.
fn report(table: &BTreeMap<(String, String), Score>) {
    let (mut right, mut total) = (0, 0);
    println!(
        "{:<28} {:<10} {:>6} {:>8} {:>7}",
        "shape", "format", "right", "flagged", "silent"
    );
    for ((shape, format), s) in table {
        println!(
            "{shape:<28} {format:<10} {:>6} {:>8} {:>7}",
            s.right,
            s.flagged,
            s.silent.len()
        );
        right += s.right;
        total += s.right + s.flagged + s.silent.len();
    }
    let silent: Vec<&String> = table.values().flat_map(|s| &s.silent).collect();
    assert!(silent.is_empty(), "silent wrong values:\n{silent:#?}");
    println!("{right} of {total} fields right without review");
    assert!(total > 0);
}

#[test]
fn shapes_in_word_and_excel_are_read_right_or_flagged() {
    let cases = cases::all(&chapters());
    let dir = common::tempdir();
    let files = write_all(&cases, dir.path());
    report(&run(&files, &cases));
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
    if let Some(keep) = std::env::var_os("BAOCAO_KEEP_SHAPES") {
        for p in sources.iter().chain(&pdfs) {
            std::fs::copy(p, Path::new(&keep).join(p.file_name().unwrap())).unwrap();
        }
    }
    let printed: Vec<(usize, &'static str, PathBuf)> = files
        .iter()
        .zip(pdfs)
        .map(|((i, format, _), pdf)| (*i, if *format == "docx" { "docx→pdf" } else { "xlsx→pdf" }, pdf))
        .collect();
    report(&run(&printed, &cases));
}
