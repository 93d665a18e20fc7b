//! What the fuzzer found (issue #9; `cargo run --release --example fuzz`), rebuilt here from
//! the repository's own fixtures and small generated files: each once hung a reader, exhausted
//! its memory, or did so in the matcher of the daemon itself. Each is now refused or read
//! quickly.

mod common;

use baocao::extract::{Extractor, Refusal};
use std::io::{Read, Write};
use std::path::Path;

fn extract(path: &Path) -> Result<baocao::extract::Record, Refusal> {
    let settings = common::settings();
    Extractor::new(&settings.forms, &settings.registry)
        .file(path)
        .map_err(|e| e.reason)
}

/// The BIFF records (type, data) of a Workbook stream.
fn records(stream: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let mut out = vec![];
    let mut pos = 0;
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        out.push((kind, stream[pos + 4..pos + 4 + len].to_vec()));
        pos += 4 + len;
    }
    out
}

fn join(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut out = vec![];
    for (kind, data) in records {
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// A copy of the fixture .xls in `dir` with its Workbook stream's records changed by `edit`.
fn patched_xls(dir: &Path, edit: impl Fn(&mut Vec<(u16, Vec<u8>)>)) -> std::path::PathBuf {
    let path = dir.join("patched.xls");
    std::fs::copy(common::fixtures_dir().join("fixture-07.xls"), &path).unwrap();
    let mut cfb = cfb::open_rw(&path).unwrap();
    let mut stream = Vec::new();
    cfb.open_stream("/Workbook").unwrap().read_to_end(&mut stream).unwrap();
    let mut recs = records(&stream);
    edit(&mut recs);
    cfb.create_stream("/Workbook").unwrap().write_all(&join(&recs)).unwrap();
    cfb.flush().unwrap();
    path
}

/// Refused by the guard itself (its own reason), before calamine reserves anything.
fn assert_dimensions_refused(path: &Path) {
    match extract(path) {
        Err(Refusal::Damaged { detail, .. }) => assert!(detail.contains("DIMENSIONS"), "{detail}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_xls_whose_dimensions_end_before_they_start_is_refused() {
    let dir = common::tempdir();
    // calamine reserved (last − first) rows in u32: wrapped round, hundreds of GB.
    let path = patched_xls(dir.path(), |recs| {
        let (_, dims) = recs
            .iter_mut()
            .find(|(k, _)| *k == 0x0200)
            .expect("a DIMENSIONS record");
        dims[0..4].copy_from_slice(&10u32.to_le_bytes());
        dims[4..8].copy_from_slice(&2u32.to_le_bytes());
    });
    // Refused by the guard, before calamine (whose overflow a debug build would catch).
    assert_dimensions_refused(&path);
}

#[test]
fn an_xls_listing_one_sheet_twice_is_refused() {
    let dir = common::tempdir();
    let path = patched_xls(dir.path(), |recs| {
        let at = recs
            .iter()
            .position(|(k, _)| *k == 0x0085)
            .expect("a BOUNDSHEET record");
        let copy = recs[at].clone();
        let shift = (copy.1.len() + 4) as u32;
        recs.insert(at + 1, copy);
        // Every sheet now starts `shift` bytes later; both listings point at the first sheet.
        for (kind, data) in recs.iter_mut().filter(|(k, _)| *k == 0x0085) {
            let offset = u32::from_le_bytes(data[0..4].try_into().unwrap()) + shift;
            data[0..4].copy_from_slice(&offset.to_le_bytes());
            let _ = kind;
        }
    });
    assert!(
        matches!(extract(&path), Err(Refusal::Damaged { .. })),
        "{:?}",
        extract(&path).err()
    );
}

#[test]
fn an_xlsx_listing_one_sheet_twenty_thousand_times_is_read_once() {
    let dir = common::tempdir();
    let sheets = r#"<sheet name="S" sheetId="1" r:id="rId1"/>"#.repeat(20_001);
    let workbook = format!(
        r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"#
    );
    let rels = r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let sheet = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Đơn vị báo cáo</t></is></c><c r="B1" t="inlineStr"><is><t>Hội LHPN huyện Vạn Ninh</t></is></c></row></sheetData></worksheet>"#;
    let bytes = common::zip_of(&[
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    let path = dir.path().join("many.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let record = extract(&path).expect("read once");
    assert_eq!(record.chapter.as_deref(), Some("VNI"));
}

#[test]
fn a_row_of_twenty_thousand_section_headings_stays_small() {
    let dir = common::tempdir();
    let form = baocao::form::Form::embedded();
    let label = &form.field("highlights").unwrap().label;
    let path = dir.path().join("headings.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for col in 0..16_000u16 {
        sheet.write(1, col, label.as_str()).unwrap();
        sheet.write(0, col, label.as_str()).unwrap();
    }
    book.save(&path).unwrap();
    // Each heading took every cell to its right: 2 × 16,000² / 2 copies of the label (~10 GB).
    let record = extract(&path).expect("read");
    let text = record
        .fields
        .get("highlights")
        .map(|v| format!("{v:?}"))
        .unwrap_or_default();
    assert!(
        text.len() < 64 << 10,
        "a section of {} bytes: it took cells beyond the next heading",
        text.len()
    );
}

#[test]
fn an_ods_whose_content_ends_inside_a_table_is_refused() {
    let dir = common::tempdir();
    // calamine read the missing end of a table forever.
    let content = r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="float" office:value="1"/>"#;
    let bytes = common::zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_bytes()),
    ]);
    let path = dir.path().join("open.ods");
    std::fs::write(&path, bytes).unwrap();
    assert!(matches!(extract(&path), Err(Refusal::Damaged { .. })));
}

#[test]
fn an_xls_with_a_short_form_dimensions_record_that_wraps_is_refused() {
    let dir = common::tempdir();
    // The 10-byte (BIFF5) form, u16 fields, which calamine also reads: the guard once skipped it.
    let path = patched_xls(dir.path(), |recs| {
        let (_, dims) = recs
            .iter_mut()
            .find(|(k, _)| *k == 0x0200)
            .expect("a DIMENSIONS record");
        *dims = [10u16, 2, 0, 4, 0].iter().flat_map(|v| v.to_le_bytes()).collect();
    });
    assert_dimensions_refused(&path);
}
