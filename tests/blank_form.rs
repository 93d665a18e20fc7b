//! The blank form of `baocao::blank`, filled in the way a chapter fills it — by typing into the
//! empty cells of the generated file, never by generating a filled one — then read back by the
//! project's own extractor. Every value of every sample in `truth.json` must come back exactly.

mod common;
#[path = "blank_form/fill.rs"]
mod fill;

use baocao::blank::{self, BlankFormat};
use baocao::config::Settings;
use baocao::extract::{Extractor, Record};
use baocao::form::{FieldKind, Form};
use baocao::model::Period;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::Path;

/// What a chapter types beside each printed label, from one sample's expected values.
fn answers(settings: &Settings, expected: &Json) -> HashMap<String, String> {
    let form = &settings.forms[0];
    let mut typed = HashMap::new();
    for field in &form.fields {
        let text = match field.kind {
            FieldKind::Chapter => {
                let code = expected["chapter"].as_str().unwrap();
                settings.registry.get(code).unwrap().name.clone()
            }
            FieldKind::Period => Period::parse_code(expected["period"].as_str().unwrap())
                .unwrap()
                .label_vi(),
            FieldKind::Date => match expected["fields"][&field.key].as_str() {
                // ISO in truth.json, day/month/year on the form.
                Some(iso) => iso.split('-').rev().collect::<Vec<_>>().join("/"),
                None => continue,
            },
            _ => match &expected["fields"][&field.key] {
                Json::Null => continue, // the chapter leaves the cell empty
                Json::String(s) => s.clone(),
                other => other.to_string(),
            },
        };
        typed.insert(field.label.clone(), text);
    }
    typed
}

/// Writes the blank form, fills in a copy with each document's values from `truth`, extracts
/// it and compares. Returns how many values were compared.
fn every_sample_reads_back(format: BlankFormat, truth: serde_json::Map<String, Json>) -> usize {
    let settings = common::settings();
    let form = &settings.forms[0];
    let extractor = Extractor::new(&settings.forms, &settings.registry);
    let dir = common::tempdir();
    let blank_path = blank::write(form, format, dir.path()).unwrap();
    let blank_bytes = std::fs::read(&blank_path).unwrap();
    let (mut wrong, mut checked) = (Vec::new(), 0);
    for (sample, expected) in truth {
        let typed = answers(&settings, &expected);
        let filled = match format {
            BlankFormat::Docx => fill::docx(&blank_bytes, form, &typed),
            BlankFormat::Xlsx => fill::xlsx(&blank_bytes, form, &typed),
        };
        let path = dir.path().join(format!("{sample}.filled.{}", format.extension()));
        std::fs::write(&path, filled).unwrap();
        let record = extractor.file(&path).unwrap();
        let got = serde_json::to_value(&record).unwrap();
        for key in ["chapter", "period"] {
            checked += 1;
            if got[key] != expected[key] {
                wrong.push(format!("{sample}: {key} = {} expected {}", got[key], expected[key]));
            }
        }
        for (key, want) in expected["fields"].as_object().unwrap() {
            checked += 1;
            let have = got["fields"].get(key).unwrap_or(&Json::Null);
            if have != want {
                wrong.push(format!("{sample}: {key} = {have} expected {want}"));
            }
        }
        if !record.missing.is_empty() || !record.warnings.is_empty() {
            wrong.push(format!(
                "{sample}: missing {:?}, warnings {:?}",
                record.missing, record.warnings
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {checked} values wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    eprintln!("{format:?}: {checked}/{checked} values read back from the filled-in blank form");
    checked
}

#[test]
fn a_filled_in_docx_reads_back_every_value() {
    // 38 fixtures × (chapter, period and 23 fields).
    assert_eq!(
        every_sample_reads_back(BlankFormat::Docx, common::fixture_truth()),
        38 * 25
    );
}

#[test]
fn a_filled_in_xlsx_reads_back_every_value() {
    assert_eq!(
        every_sample_reads_back(BlankFormat::Xlsx, common::fixture_truth()),
        38 * 25
    );
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn the_samples_values_read_back_from_both_filled_in_forms() {
    // 18 samples × (chapter, period and 23 fields).
    for format in [BlankFormat::Docx, BlankFormat::Xlsx] {
        assert_eq!(every_sample_reads_back(format, common::truth()), 18 * 25);
    }
}

/// The extracted record of the unfilled form.
fn blank_record(format: BlankFormat, dir: &Path) -> Record {
    let settings = common::settings();
    let path = blank::write(&settings.forms[0], format, dir).unwrap();
    Extractor::new(&settings.forms, &settings.registry).file(&path).unwrap()
}

#[test]
fn an_unfilled_form_yields_no_value_and_reports_the_required_fields_missing() {
    let dir = common::tempdir();
    let required: Vec<String> = common::settings().forms[0]
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key.clone())
        .collect();
    for format in [BlankFormat::Docx, BlankFormat::Xlsx] {
        let record = blank_record(format, dir.path());
        assert_eq!(
            record.form, "giam-sat-phan-bien",
            "{format:?}: recognised as the province's form"
        );
        assert!(
            record.fields.is_empty(),
            "{format:?}: nothing guessed: {:?}",
            record.fields
        );
        assert_eq!((record.chapter, record.period), (None, None), "{format:?}");
        assert_eq!(record.missing, required, "{format:?}");
        assert!(record.warnings.is_empty(), "{format:?}: {:?}", record.warnings);
    }
}

#[test]
fn the_form_is_written_into_a_new_folder_under_its_name_and_the_same_each_time() {
    let dir = common::tempdir();
    let out = dir.path().join("mẫu/mới");
    let form = Form::embedded();
    for format in [BlankFormat::Docx, BlankFormat::Xlsx] {
        let first = blank::write(&form, format, &out).unwrap();
        let bytes = std::fs::read(&first).unwrap();
        let again = blank::write(&form, format, &out).unwrap();
        assert_eq!(first, again);
        assert_eq!(bytes, std::fs::read(&again).unwrap(), "{format:?}: deterministic");
    }
    let mut names = common::sample_files_left(&out);
    names.sort();
    // No temporary file is left behind.
    assert_eq!(
        names,
        [
            "mau-bao-cao-giam-sat-phan-bien.docx",
            "mau-bao-cao-giam-sat-phan-bien.xlsx"
        ]
    );
}

#[test]
fn an_unwritable_folder_is_an_error_naming_it() {
    let dir = common::tempdir();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, b"x").unwrap();
    let err = blank::write(&Form::embedded(), BlankFormat::Docx, &file).unwrap_err();
    assert!(err.to_string().starts_with(&file.display().to_string()), "{err}");
}

#[test]
fn the_template_command_writes_the_file_and_prints_its_path() {
    let dir = common::tempdir();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env_remove("BAOCAO_CONFIG")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["template", "--format", "xlsx", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8(out.stdout).unwrap();
    let expected = dir.path().join("mau-bao-cao-giam-sat-phan-bien.xlsx");
    assert_eq!(printed.trim_end(), expected.display().to_string());
    let bytes = std::fs::read(&expected).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip package");
}

#[test]
#[cfg_attr(not(libreoffice), ignore = "needs LibreOffice (soffice); .ci/run installs it")]
fn the_files_open_in_libreoffice_without_repair() {
    let dir = common::tempdir();
    for format in [BlankFormat::Docx, BlankFormat::Xlsx] {
        let path = blank::write(&Form::embedded(), format, dir.path()).unwrap();
        let status = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&path)
            .env("HOME", dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "{format:?}");
        let pdf = path.with_extension("pdf");
        assert!(
            std::fs::metadata(&pdf).map(|m| m.len() > 1000).unwrap_or(false),
            "{}",
            pdf.display()
        );
        if format == BlankFormat::Docx {
            // With its writing room, the Word form is one A4 page: no second page holding a
            // lone heading (as measured with the wider DejaVu fonts when Times is missing).
            let pages = lopdf::Document::load(&pdf).unwrap().get_pages().len();
            assert_eq!(pages, 1, "the blank Word form prints on one page");
        }
    }
}
