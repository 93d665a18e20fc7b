//! Scanned and photographed reports read by OCR (real Tesseract with its Vietnamese model,
//! real poppler), measured against the values their generator wrote: the share of values
//! right (goal and floor 95%: 95.2% measured), and no wrong value unflagged — every value
//! that is wrong is missing or carries a review item for a person to look at.

mod common;

use baocao::extract::{Extractor, Format, Record};
use serde_json::Value as Json;

/// The record of a fixture, read with the shipped settings and a scratch folder of its own.
fn read(file: &str) -> Record {
    let settings = common::settings();
    let work = common::tempdir();
    let mut limits = settings.limits();
    limits.programs.work_dir = work.path().to_path_buf();
    let extractor = Extractor::new(&settings.forms, &settings.registry).with_limits(limits);
    extractor
        .file(&common::fixtures_dir().join(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
#[cfg_attr(
    not(tesseract),
    ignore = "needs Tesseract with tesseract-ocr-vie and poppler-utils; .ci/run installs them"
)]
fn scans_and_photos_are_read_and_every_doubtful_value_is_flagged() {
    let (mut checked, mut right, mut flagged) = (0, 0, 0);
    let mut silent = Vec::new();
    let mut files = 0;
    for (file, expected) in common::fixture_truth() {
        if !common::is_scan_layout(expected["layout"].as_str().unwrap()) {
            continue;
        }
        files += 1;
        let record = read(&file);
        assert_eq!(record.format, Format::Scan, "{file}");
        let got = serde_json::to_value(&record).unwrap();
        let doubted = |key: &str| {
            record.missing.iter().any(|m| m == key) || record.review.iter().any(|r| r.field.as_deref() == Some(key))
        };
        let mut compare = |key: &str, have: &Json, want: &Json| {
            checked += 1;
            if have == want {
                right += 1;
            } else if doubted(key) {
                flagged += 1;
            } else {
                silent.push(format!("{file}: {key} = {have}, expected {want}"));
            }
        };
        for key in ["chapter", "period"] {
            compare(key, &got[key], &expected[key]);
        }
        for (key, want) in expected["fields"].as_object().unwrap() {
            compare(key, got["fields"].get(key).unwrap_or(&Json::Null), want);
        }
    }
    let share = right as f64 / checked as f64;
    println!(
        "{files} scans: {right} of {checked} values right ({:.1}%), {flagged} wrong and flagged",
        share * 100.0
    );
    // Seven upright scans and photos, one photo taken with the phone held sideways, one
    // "searchable PDF" whose invisible (wrong) OCR layer must not be what is read, and one
    // PDF of a typed cover note in front of the scanned report.
    assert_eq!(files, 10);
    assert!(
        silent.is_empty(),
        "wrong values nobody is told about:\n{}",
        silent.join("\n")
    );
    // The goal: 95% (measured 95.2%, 238 of 250, at the time of writing).
    assert!(share >= 0.95, "only {right} of {checked} values right");
}

/// A PDF whose first page is typed (a cover note) and whose second is a scan: the typed page
/// does not hide the scan — its figures are read by OCR, from page 2.
#[test]
#[cfg_attr(
    not(tesseract),
    ignore = "needs Tesseract with tesseract-ocr-vie and poppler-utils; .ci/run installs them"
)]
fn a_scanned_page_behind_a_typed_one_is_read_by_ocr() {
    let truth = common::fixture_truth();
    let (file, expected) = truth
        .iter()
        .find(|(_, t)| t["layout"] == "scan_pdf_covered")
        .expect("the generator writes a covered scan");
    let record = read(file);
    assert_eq!(record.format, Format::Scan);
    assert_eq!(Json::from(record.chapter.clone()), expected["chapter"]);
    let figures: Vec<&String> = expected["fields"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| v.is_u64())
        .map(|(k, _)| k)
        .collect();
    let read: Vec<&&String> = figures
        .iter()
        .filter(|k| record.fields.contains_key(k.as_str()))
        .collect();
    assert!(
        read.len() * 10 >= figures.len() * 9,
        "only {} of {} figures read",
        read.len(),
        figures.len()
    );
    for key in read {
        let source = &record.sources[key.as_str()];
        assert!(source.starts_with("page 2 "), "{key} read from {source}");
    }
}

/// The daemon reads a scan in its OCR lane: typed reports that arrive after it are stored
/// while it is still being read, and the scan is stored once read, from the answer kept by
/// its hash.
#[test]
#[cfg_attr(
    not(tesseract),
    ignore = "needs Tesseract with tesseract-ocr-vie and poppler-utils; .ci/run installs them"
)]
fn a_scan_holds_up_no_typed_report() {
    let dir = common::tempdir();
    let settings = common::daemon_settings(dir.path(), 0.5);
    std::fs::create_dir_all(&settings.inbox).unwrap();
    let truth = common::fixture_truth();
    let of_layout = |layout: &str| {
        let mut files: Vec<String> = truth
            .iter()
            .filter(|(_, t)| t["layout"] == layout)
            .map(|(f, _)| f.clone())
            .collect();
        files.sort();
        files
    };
    let scan = of_layout("scan_pdf_form").remove(0);
    let typed = of_layout("docx_form");
    let (stop, handle) = common::daemon::start_in_process(common::daemon_settings(dir.path(), 0.5));
    std::fs::copy(common::fixtures_dir().join(&scan), settings.inbox.join(&scan)).unwrap();
    // The scan is deferred (its claim given back) and with the OCR worker before the others come.
    let ocr_folder = settings.data_dir.join("programs");
    assert!(
        common::wait_until(30, || ocr_folder.is_dir()),
        "the OCR read never began"
    );
    for file in &typed {
        std::fs::copy(common::fixtures_dir().join(file), settings.inbox.join(file)).unwrap();
    }
    let stored = |name: &str| common::submissions(&settings).iter().any(|r| r.file_name == name);
    let typed_stored = common::wait_until(60, || typed.iter().all(|f| stored(f)));
    let scan_stored_by_then = stored(&scan);
    let scan_stored = common::wait_until(300, || stored(&scan));
    stop.send(()).unwrap();
    handle.join().unwrap();
    assert!(typed_stored, "the typed reports were not stored");
    assert!(
        !scan_stored_by_then,
        "the scan was read before the typed reports: nothing shows they did not wait"
    );
    assert!(scan_stored, "the scan was never stored");
    let rows = common::submissions(&settings);
    let row = rows.iter().find(|r| r.file_name == scan).unwrap();
    assert_eq!(row.format.as_deref(), Some("scan"), "{row:?}");
    assert_eq!(row.chapter.as_deref(), truth[&scan]["chapter"].as_str());
    let answer = settings.data_dir.join("ocr").join(format!("{}.json", row.sha256));
    assert!(answer.is_file(), "no OCR answer kept at {}", answer.display());
}
