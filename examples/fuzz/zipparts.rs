//! Part-level mutations of Office/OpenDocument zip containers (.docx, .xlsx, .ods).
//!
//! The container is unzipped into named parts, a few parts are mutated (their XML, or the
//! part list itself: removed, duplicated, renamed, swapped with a donor's part), and the
//! result is zipped again by [`crate::ziparchive`], which may also damage the archive.

use crate::rng::Rng;
use crate::{bytes, xmlmut, ziparchive};
use std::io::{Cursor, Read};

/// One zip entry: its name, data and whether it was stored uncompressed.
#[derive(Clone)]
pub struct Part {
    pub name: String,
    pub data: Vec<u8>,
    pub stored: bool,
}

/// Parts the readers depend on, so removing or breaking them reaches their error paths.
const KEY_PARTS: &[&str] = &[
    "[Content_Types].xml",
    "_rels/.rels",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/numbering.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/worksheets/sheet1.xml",
    "content.xml",
    "styles.xml",
    "mimetype",
    "META-INF/manifest.xml",
];

/// Unzips `input`; `None` when the zip crate cannot read it (a damaged mutant).
pub fn unzip(input: &[u8]) -> Option<Vec<Part>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(input)).ok()?;
    let mut parts = Vec::new();
    let mut total = 0;
    for i in 0..archive.len().min(400) {
        let file = archive.by_index(i).ok()?;
        let name = String::from_utf8_lossy(file.name_raw()).into_owned();
        let stored = file.compression() == zip::CompressionMethod::Stored;
        let mut data = Vec::new();
        // A mutant may claim gigabytes; a parent part never needs more than 64 MiB.
        file.take(64 << 20).read_to_end(&mut data).ok()?;
        total += data.len();
        if total > 128 << 20 {
            return None;
        }
        parts.push(Part { name, data, stored });
    }
    Some(parts)
}

/// Mutates a zip container at the part level and rezips it; falls back to byte mutations
/// when the parent cannot be unzipped.
pub fn mutate(input: &[u8], donor: &[u8], rng: &mut Rng) -> Vec<u8> {
    let Some(mut parts) = unzip(input) else {
        return bytes::mutate(input, donor, rng);
    };
    let donor_parts = unzip(donor).unwrap_or_default();
    for _ in 0..1 + rng.below(3) {
        mutate_parts(&mut parts, &donor_parts, rng);
    }
    let mut out = ziparchive::write(&parts, rng);
    if rng.one_in(4) {
        ziparchive::damage(&mut out, rng);
    }
    if rng.one_in(12) {
        out = bytes::mutate(&out, donor, rng);
    }
    out
}

fn mutate_parts(parts: &mut Vec<Part>, donor: &[Part], rng: &mut Rng) {
    if parts.is_empty() {
        return;
    }
    match rng.below(12) {
        0..=6 => mutate_xml(parts, donor, rng),
        7 => remove(parts, rng),
        8 => {
            // A second entry of the same name: which one wins is up to the zip reader.
            let copy = parts[pick_part(parts, rng)].clone();
            parts.insert(rng.below(parts.len() + 1), copy);
        }
        9 => swap_content(parts, donor, rng),
        10 => rename(parts, rng),
        _ => {
            let i = rng.below(parts.len());
            parts[i].stored = !parts[i].stored;
            if rng.one_in(2) {
                let len = parts[i].data.len();
                parts[i].data.truncate(rng.below(len + 1));
            }
        }
    }
}

/// Index of a part, biased towards the parts the readers parse.
fn pick_part(parts: &[Part], rng: &mut Rng) -> usize {
    let key: Vec<usize> = (0..parts.len())
        .filter(|&i| KEY_PARTS.contains(&parts[i].name.as_str()) || parts[i].name.contains("sheet"))
        .collect();
    if !key.is_empty() && !rng.one_in(4) {
        *rng.pick(&key)
    } else {
        rng.below(parts.len())
    }
}

fn mutate_xml(parts: &mut [Part], donor: &[Part], rng: &mut Rng) {
    let i = pick_part(parts, rng);
    let same = donor
        .iter()
        .find(|d| d.name == parts[i].name)
        .map(|d| d.data.as_slice());
    parts[i].data = xmlmut::mutate(&parts[i].data, same, rng);
}

fn remove(parts: &mut Vec<Part>, rng: &mut Rng) {
    let i = pick_part(parts, rng);
    parts.remove(i);
}

/// Gives a part the content of another part or of the donor's part of the same name (the
/// shared strings of another workbook, styles in place of the workbook...).
fn swap_content(parts: &mut [Part], donor: &[Part], rng: &mut Rng) {
    let i = pick_part(parts, rng);
    let same = donor.iter().find(|d| d.name == parts[i].name);
    parts[i].data = match same {
        Some(d) if rng.one_in(2) => d.data.clone(),
        _ => parts[rng.below(parts.len())].data.clone(),
    };
}

fn rename(parts: &mut [Part], rng: &mut Rng) {
    let i = pick_part(parts, rng);
    let name = &parts[i].name;
    parts[i].name = match rng.below(4) {
        0 => name.to_uppercase(),
        1 => format!("/{name}"),
        2 => name.replace("1", "2"),
        _ => rng.pick(KEY_PARTS).to_string(),
    };
}
