//! Every expected value of every document, exactly: the repository's own fixtures
//! (`tests/fixtures/truth.json`, written by their generator) and, as an independent check,
//! the sample documents kept beside the repository (`../shared/samples/truth.json`).

mod common;

use baocao::extract::Extractor;
use serde_json::Value as Json;

#[test]
fn every_fixture_yields_every_expected_value() {
    // Scans and photos are read by OCR and checked by their own measure (tests/scans.rs).
    let typed = common::fixture_truth()
        .into_iter()
        .filter(|(_, t)| !common::is_scan_layout(t["layout"].as_str().unwrap_or_default()))
        // .doc and .rtf are read through LibreOffice (tests/office.rs says what happens
        // without it).
        .filter(|(_, t)| {
            let layout = t["layout"].as_str().unwrap_or_default();
            cfg!(libreoffice) || !(layout.starts_with("doc_") || layout.starts_with("rtf_"))
        })
        .collect();
    let checked = check_all(&common::fixtures_dir(), typed);
    // 28 fixtures of fifteen layouts (23 without LibreOffice) × (chapter, period and 23
    // fields); four of them typed in TCVN3 or VNI fonts.
    let files = if cfg!(libreoffice) { 28 } else { 23 };
    assert_eq!(checked, files * 25);
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn every_sample_yields_every_expected_value() {
    let checked = check_all(&common::samples_dir(), common::truth());
    assert!(checked > 400, "only {checked} values checked");
}

/// Reads every document of `truth` in `dir`; panics listing every wrong value, else returns
/// how many values were compared.
fn check_all(dir: &std::path::Path, truth: serde_json::Map<String, Json>) -> usize {
    let settings = common::settings();
    let extractor = Extractor::new(&settings.forms, &settings.registry);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (file, expected) in truth {
        let path = dir.join(&file);
        let record = match extractor.file(&path) {
            Ok(r) => r,
            Err(e) => {
                wrong.push(format!("{file}: refused: {e}"));
                continue;
            }
        };
        let got = serde_json::to_value(&record).unwrap();
        for key in ["chapter", "period"] {
            checked += 1;
            if got[key] != expected[key] {
                wrong.push(format!("{file}: {key} = {} expected {}", got[key], expected[key]));
            }
        }
        for (key, want) in expected["fields"].as_object().unwrap() {
            checked += 1;
            let have = got["fields"].get(key).unwrap_or(&Json::Null);
            if have != want {
                wrong.push(format!("{file}: {key} = {have} expected {want}"));
            }
        }
        if !record.missing.is_empty() {
            wrong.push(format!("{file}: missing {:?}", record.missing));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {checked} values wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    checked
}
