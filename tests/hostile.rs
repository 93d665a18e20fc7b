//! Hostile and broken input: every kind is refused with a clear reason naming the file (or read
//! safely), never a panic, a hang or a runaway allocation. All files are generated here.

mod common;

use baocao::extract::{ExtractError, Extractor, Record, Refusal};
use std::io::Write;
use std::path::{Path, PathBuf};

fn extract(path: &Path) -> Result<Record, ExtractError> {
    let settings = common::settings();
    Extractor::new(&settings.forms, &settings.registry).file(path)
}

fn refusal(path: &Path) -> Refusal {
    let err = extract(path).expect_err("file should be refused");
    assert_eq!(err.path, path);
    assert!(err.to_string().starts_with(&path.display().to_string()), "{err}");
    err.reason
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_zip_bomb_docx_is_refused_by_size_before_parsing() {
    let dir = common::tempdir();
    let body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(4_000_000);
    let xml = format!("<w:document><w:body>{body}</w:body></w:document>");
    assert!(xml.len() > 100 << 20);
    let bytes = common::zip_of(&[("word/document.xml", xml.as_bytes())]);
    assert!(bytes.len() < 2 << 20, "the bomb should be small: {} bytes", bytes.len());
    let path = write(dir.path(), "bomb.docx", &bytes);
    assert!(matches!(refusal(&path), Refusal::TooLarge { .. }));
}

#[test]
fn xml_entity_expansion_is_refused() {
    let dir = common::tempdir();
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#;
    let docx = write(
        dir.path(),
        "laughs.docx",
        &common::zip_of(&[("word/document.xml", laughs.as_bytes())]),
    );
    assert!(matches!(refusal(&docx), Refusal::Damaged { .. }));
    let sst = laughs.replace("w:document", "sst");
    let xlsx = write(
        dir.path(),
        "laughs.xlsx",
        &common::zip_of(&[
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/sharedStrings.xml", sst.as_bytes()),
        ]),
    );
    assert!(matches!(refusal(&xlsx), Refusal::Damaged { .. }));
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn truncated_office_files_are_damaged() {
    let dir = common::tempdir();
    for sample in ["bao-cao-0ceb7c45.docx", "bao-cao-894bda66.xlsx"] {
        let bytes = std::fs::read(common::samples_dir().join(sample)).unwrap();
        let path = write(dir.path(), sample, &bytes[..bytes.len() / 2]);
        assert!(matches!(refusal(&path), Refusal::Damaged { .. }), "{sample}");
    }
}

#[test]
fn a_truncated_document_xml_inside_a_valid_zip_is_damaged() {
    // docx-rs loops forever on this (bokuweb/docx-rs#852); the streaming reader must not.
    let dir = common::tempdir();
    let xml = "<w:document><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Đơn vị";
    let path = write(
        dir.path(),
        "cut.docx",
        &common::zip_of(&[("word/document.xml", xml.as_bytes())]),
    );
    assert!(matches!(refusal(&path), Refusal::Damaged { .. }));
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn an_xlsx_named_docx_is_read_as_what_it_is() {
    let dir = common::tempdir();
    let bytes = std::fs::read(common::samples_dir().join("bao-cao-894bda66.xlsx")).unwrap();
    let path = write(dir.path(), "misnamed.docx", &bytes);
    let record = extract(&path).unwrap();
    assert_eq!(record.format.to_string(), "xlsx");
    assert_eq!(record.chapter.as_deref(), Some("DKH"));
}

#[test]
fn random_bytes_and_empty_files_are_refused() {
    let dir = common::tempdir();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..65536)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let path = write(dir.path(), "noise.pdf", &noise);
    assert_eq!(refusal(&path), Refusal::NotRecognised);
    for (name, magic) in [
        ("n.docx", &b"PK\x03\x04"[..]),
        ("n.pdf", b"%PDF-1.7\n"),
        ("n.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
    ] {
        let bytes = [magic, &noise[..]].concat();
        let path = write(dir.path(), name, &bytes);
        assert!(
            matches!(refusal(&path), Refusal::Damaged { .. } | Refusal::NotRecognised),
            "{name}: {:?}",
            refusal(&path)
        );
    }
    let empty = write(dir.path(), "empty.docx", b"");
    assert_eq!(refusal(&empty), Refusal::Empty, "an empty file is named as such");
}

#[test]
fn legacy_word_and_encrypted_office_files_say_what_to_do() {
    let dir = common::tempdir();
    for (name, stream, expect) in [
        // Word 97 is read through LibreOffice; a WordDocument stream of zeros is no Word file.
        ("old.doc", "/WordDocument", "bị hỏng"),
        ("locked.xlsx", "/EncryptedPackage", "mật khẩu"),
    ] {
        let path = dir.path().join(name);
        let mut cfb = cfb::create(&path).unwrap();
        cfb.create_stream(stream).unwrap().write_all(&[0u8; 4096]).unwrap();
        cfb.flush().unwrap();
        drop(cfb);
        let reason = refusal(&path).to_string();
        assert!(reason.contains(expect), "{name}: {reason}");
    }
}

#[test]
fn a_sheet_spanning_a1_to_xfd1048576_is_read_without_a_dense_grid() {
    let dir = common::tempdir();
    let path = dir.path().join("corners.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "Đơn vị báo cáo").unwrap();
    sheet.write(0, 1, "Hội LHPN huyện Vạn Ninh").unwrap();
    sheet.write(1_048_575, 16_383, "góc").unwrap();
    book.save(&path).unwrap();
    // calamine's dense range would need 512 GiB here and abort the process.
    let record = extract(&path).unwrap();
    assert_eq!(record.chapter.as_deref(), Some("VNI"));
}

#[test]
fn a_workbook_with_too_many_cells_is_refused() {
    let dir = common::tempdir();
    let path = dir.path().join("huge.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for r in 0..21_000u32 {
        for c in 0..10u16 {
            sheet.write(r, c, 1).unwrap();
        }
    }
    book.save(&path).unwrap();
    assert!(matches!(refusal(&path), Refusal::TooLarge { .. }));
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn an_xls_whose_used_area_is_too_large_is_refused_before_calamine() {
    let dir = common::tempdir();
    let path = dir.path().join("wide.xls");
    std::fs::copy(common::samples_dir().join("bao-cao-a44b2ff5.xls"), &path).unwrap();
    let mut cfb = cfb::open_rw(&path).unwrap();
    let mut stream = Vec::new();
    std::io::Read::read_to_end(&mut cfb.open_stream("/Workbook").unwrap(), &mut stream).unwrap();
    // Move the first LABELSST cell (record 0x00FD) to row 65535, column 255.
    let mut pos = 0;
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        if kind == 0x00FD {
            stream[pos + 4..pos + 8].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0x00]);
            break;
        }
        pos += 4 + len;
    }
    assert!(pos + 4 < stream.len(), "sample has a LABELSST record");
    cfb.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    cfb.flush().unwrap();
    drop(cfb);
    assert!(matches!(refusal(&path), Refusal::TooLarge { .. }));
}

#[test]
fn an_ods_with_a_million_repeated_rows_is_refused() {
    let dir = common::tempdir();
    let content = r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let bytes = common::zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_bytes()),
    ]);
    let path = write(dir.path(), "repeat.ods", &bytes);
    assert!(matches!(refusal(&path), Refusal::TooLarge { .. }));
}

#[test]
fn a_zip_bomb_xlsx_is_refused_by_size_before_parsing() {
    let dir = common::tempdir();
    let row = "<row><c t=\"inlineStr\"><is><t>a</t></is></c></row>".repeat(2_500_000);
    let sheet = format!("<worksheet><sheetData>{row}</sheetData></worksheet>");
    assert!(sheet.len() > 100 << 20);
    let workbook = br#"<workbook><sheets><sheet name="S" sheetId="1"/></sheets></workbook>"#;
    let bytes = common::zip_of(&[
        ("xl/workbook.xml", workbook),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    let path = write(dir.path(), "bomb.xlsx", &bytes);
    let reason = refusal(&path);
    assert!(matches!(reason, Refusal::TooLarge { .. }), "{reason:?}");
}
