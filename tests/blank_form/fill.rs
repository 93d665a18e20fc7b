//! Filling in a generated blank form as a chapter does: the answers are typed into the empty
//! cells of the file's own XML (`word/document.xml`, the sheet), every other part of the
//! package is copied unchanged. Plain string surgery on purpose: it must not share code with
//! the writer or the reader under test.

use baocao::form::{FieldKind, Form};
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

/// Types each answer into the empty value cell beside its label in `word/document.xml`.
pub fn docx(bytes: &[u8], form: &Form, typed: &HashMap<String, String>) -> Vec<u8> {
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
pub fn xlsx(bytes: &[u8], form: &Form, typed: &HashMap<String, String>) -> Vec<u8> {
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
