//! The blank form of `baocao::blank`, filled in the way a chapter fills it — by typing into the
//! empty cells of the generated file, never by generating a filled one — then read back by the
//! project's own extractor. Every value of every sample in `truth.json` must come back exactly.

mod common;

use baocao::blank::{self, BlankFormat};
use baocao::config::Settings;
use baocao::extract::{Extractor, Record};
use baocao::form::{FieldKind, Form};
use baocao::model::Period;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
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

/// Types each answer into the empty value cell beside its label in `word/document.xml`.
fn fill_docx(bytes: &[u8], form: &Form, typed: &HashMap<String, String>) -> Vec<u8> {
    let mut xml = zip_entry(bytes, "word/document.xml");
    let mut filled = 0;
    // Table rows: the header block (label | value) and the indicators (STT | label | ĐVT | value).
    let mut at = 0;
    while let Some(start) = xml[at..].find("<w:tr>").map(|i| at + i) {
        let end = start + xml[start..].find("</w:tr>").unwrap();
        let cells: Vec<&str> = xml[start..end].split("<w:tc>").skip(1).collect();
        let label = match cells.len() {
            2 => text_of(cells[0]),
            4 => text_of(cells[1]),
            n => panic!("a table row of {n} cells"),
        };
        let mut row = xml[start..end].to_string();
        if let Some(value) = typed.get(&label) {
            let last = row.rfind("<w:tc>").unwrap();
            assert_eq!(text_of(&row[last..]), "", "the value cell of `{label}` is empty");
            let close = last + row[last..].find("</w:p>").unwrap();
            row.insert_str(close, &run(value));
            filled += 1;
        }
        xml.replace_range(start..end, &row);
        at = start + row.len();
    }
    // Sections: the first empty paragraph under each heading (`1. Kết quả nổi bật`).
    for field in form.fields.iter().filter(|f| f.kind == FieldKind::Section) {
        let Some(value) = typed.get(&field.label) else { continue };
        let heading = xml.find(&format!(". {}</w:t>", field.label)).unwrap();
        let below = heading + xml[heading..].find("</w:p>").unwrap() + "</w:p>".len();
        let paragraph = &xml[below..below + xml[below..].find("</w:p>").unwrap()];
        assert_eq!(text_of(paragraph), "", "room to write under `{}`", field.label);
        xml.insert_str(below + paragraph.len(), &run(value));
        filled += 1;
    }
    assert_eq!(filled, typed.len(), "every answer found its cell");
    replace_entry(bytes, "word/document.xml", &xml)
}

/// Types each answer into the empty cell for it in the sheet: right of a header label (C), in
/// the figures column of an indicator (D), or the writing row under a section heading.
fn fill_xlsx(bytes: &[u8], form: &Form, typed: &HashMap<String, String>) -> Vec<u8> {
    let strings = shared_strings(&zip_entry(bytes, "xl/sharedStrings.xml"));
    let mut sheet = zip_entry(bytes, "xl/worksheets/sheet1.xml");
    let mut targets = Vec::new();
    for (cell, index) in string_cells(&sheet) {
        let label = &strings[index];
        let Some(field) = form.fields.iter().find(|f| &f.label == label) else {
            continue;
        };
        let Some(value) = typed.get(label) else { continue };
        let (col, row) = cell.split_at(1);
        let row: u32 = row.parse().unwrap();
        let target = match (field.kind, col) {
            (FieldKind::Section, "A") => format!("A{}", row + 1),
            (FieldKind::Integer, "B") => format!("D{row}"),
            (_, "B") => format!("C{row}"),
            _ => panic!("label `{label}` in column {col}"),
        };
        targets.push((target, field.kind, value.clone()));
    }
    assert_eq!(targets.len(), typed.len(), "every answer found its cell");
    for (target, kind, value) in targets {
        let start = sheet
            .find(&format!("<c r=\"{target}\" "))
            .expect("the value cell exists");
        let end = start + sheet[start..].find("/>").unwrap() + 2;
        let blank = &sheet[start..end];
        assert!(
            !blank[..blank.len() - 2].contains('>'),
            "{target} is an empty cell: {blank}"
        );
        let style = blank
            .split_once(" s=\"")
            .map(|(_, s)| s.split('"').next().unwrap())
            .unwrap();
        let typed = match kind {
            FieldKind::Integer => format!("<c r=\"{target}\" s=\"{style}\"><v>{value}</v></c>"),
            _ => format!(
                "<c r=\"{target}\" s=\"{style}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                escape(&value)
            ),
        };
        sheet.replace_range(start..end, &typed);
    }
    replace_entry(bytes, "xl/worksheets/sheet1.xml", &sheet)
}

/// (`B4`, shared string index) of every shared-string cell of a sheet.
fn string_cells(sheet: &str) -> Vec<(String, usize)> {
    sheet
        .split("<c r=\"")
        .skip(1)
        .filter_map(|c| {
            let (cell, rest) = c.split_once('"')?;
            let head = &rest[..rest.find('>')?];
            let value = rest.split_once("<v>")?.1.split_once("</v>")?.0;
            head.contains("t=\"s\"")
                .then(|| (cell.to_string(), value.parse().unwrap()))
        })
        .collect()
}

fn shared_strings(xml: &str) -> Vec<String> {
    xml.split("<si>").skip(1).map(text_of).collect()
}

/// The text of the `<w:t>` / `<t>` elements of an XML fragment, unescaped.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    for tag in ["<w:t", "<t"] {
        for piece in xml.split(tag).skip(1) {
            if piece.starts_with('>') || piece.starts_with(' ') {
                let body = &piece[piece.find('>').unwrap() + 1..];
                out.push_str(&body[..body.find('<').unwrap_or(body.len())]);
            }
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(text))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The same package with one entry's content replaced, every other entry copied as it was.
fn replace_entry(bytes: &[u8], name: &str, content: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.start_file(entry_name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(if entry_name == name { content.as_bytes() } else { &data })
            .unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Writes the blank form, fills in a copy with each sample's values, extracts it and compares
/// with truth.json. Returns how many values were compared.
fn every_sample_reads_back(format: BlankFormat) -> usize {
    let settings = common::settings();
    let form = &settings.forms[0];
    let extractor = Extractor::new(&settings.forms, &settings.registry);
    let dir = common::tempdir();
    let blank_path = blank::write(form, format, dir.path()).unwrap();
    let blank_bytes = std::fs::read(&blank_path).unwrap();
    let (mut wrong, mut checked) = (Vec::new(), 0);
    for (sample, expected) in common::truth() {
        let typed = answers(&settings, &expected);
        let filled = match format {
            BlankFormat::Docx => fill_docx(&blank_bytes, form, &typed),
            BlankFormat::Xlsx => fill_xlsx(&blank_bytes, form, &typed),
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
    // 18 samples × (chapter, period and 23 fields).
    assert_eq!(every_sample_reads_back(BlankFormat::Docx), 18 * 25);
}

#[test]
fn a_filled_in_xlsx_reads_back_every_value() {
    assert_eq!(every_sample_reads_back(BlankFormat::Xlsx), 18 * 25);
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
fn the_files_open_in_libreoffice_without_repair() {
    if std::process::Command::new("soffice").arg("--version").output().is_err() {
        eprintln!("note: soffice is not installed; the LibreOffice conversion check is skipped");
        return;
    }
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
    }
}
