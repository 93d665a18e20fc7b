//! Writing mutated parts back into a zip archive, and damaging the archive's own structure.
//!
//! The zip crate's writer refuses duplicate names, so a duplicate is written under a
//! placeholder of the same length and renamed in the headers afterwards. [`damage`] then edits
//! the central directory, local headers and end record in place: sizes, CRCs, offsets,
//! methods, flags and entry counts that disagree with the data.

use crate::rng::Rng;
use crate::zipparts::Part;
use std::collections::HashSet;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// Zips `parts` in order, each stored or deflated as marked (sometimes flipped, sometimes
/// with Zip64 headers).
pub fn write(parts: &[Part], rng: &mut Rng) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut seen = HashSet::new();
    let mut renames = Vec::new();
    for (index, part) in parts.iter().enumerate() {
        let mut name = part.name.clone();
        if !seen.insert(name.clone()) || name.is_empty() {
            // Duplicate: a same-length placeholder, patched back to the real name below.
            let placeholder = placeholder(index, name.len());
            renames.push((placeholder.clone(), name));
            name = placeholder;
        }
        let stored = part.stored ^ rng.one_in(10);
        let method = if stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(rng.one_in(30));
        if zip.start_file(name, options).is_err() || zip.write_all(&part.data).is_err() {
            continue;
        }
    }
    let mut out = zip.finish().map(Cursor::into_inner).unwrap_or_default();
    for (placeholder, name) in renames {
        replace_all(&mut out, placeholder.as_bytes(), name.as_bytes());
    }
    out
}

/// A name no real part has, of exactly `len` bytes (at least 4).
fn placeholder(index: usize, len: usize) -> String {
    let tag = format!("~{index}~");
    let len = len.max(tag.len());
    format!("{tag:~>len$}")
}

/// Replaces every occurrence of `from` by `to` (same length, or the empty real name).
fn replace_all(out: &mut [u8], from: &[u8], to: &[u8]) {
    if to.len() != from.len() {
        return; // an empty real name cannot be patched in place; keep the placeholder
    }
    let mut at = 0;
    while let Some(pos) = crate::xml::find(out, at, from) {
        out[pos..pos + to.len()].copy_from_slice(to);
        at = pos + to.len();
    }
}

/// Field offsets (from the record signature) of central directory entries and local headers.
const CENTRAL_FIELDS: &[(usize, u8)] = &[(8, 2), (10, 2), (16, 4), (20, 4), (24, 4), (28, 2), (30, 2), (42, 4)];
const LOCAL_FIELDS: &[(usize, u8)] = &[(6, 2), (8, 2), (14, 4), (18, 4), (22, 4), (26, 2), (28, 2)];
/// End of central directory: entries on disk, total entries, directory size and offset.
const END_FIELDS: &[(usize, u8)] = &[(8, 2), (10, 2), (12, 4), (16, 4)];

/// Damages the archive structure in place (one edit).
pub fn damage(out: &mut Vec<u8>, rng: &mut Rng) {
    let central = signatures(out, b"PK\x01\x02");
    let local = signatures(out, b"PK\x03\x04");
    let end = signatures(out, b"PK\x05\x06");
    match rng.below(7) {
        0 if !central.is_empty() => edit_field(out, *rng.pick(&central), CENTRAL_FIELDS, rng),
        1 if !local.is_empty() => edit_field(out, *rng.pick(&local), LOCAL_FIELDS, rng),
        2 if !end.is_empty() => edit_field(out, *rng.pick(&end), END_FIELDS, rng),
        3 if !central.is_empty() => {
            // Flip bytes inside the central directory, past the signatures.
            let from = central[0];
            for _ in 0..1 + rng.below(8) {
                let at = from + rng.below(out.len() - from);
                out[at] ^= 1 << rng.below(8);
            }
        }
        4 => out.truncate(rng.below(out.len() + 1)),
        5 => {
            // A fake local header and junk before the archive: every offset now points short.
            let mut junk = b"PK\x03\x04".to_vec();
            junk.resize(4 + 1 + rng.below(600), b'J');
            out.splice(0..0, junk);
        }
        _ => {
            // Encrypted flag on one entry (general purpose bit 0).
            if let Some(&at) = central.get(rng.below(central.len())) {
                out[at + 8] |= 1;
            }
        }
    }
}

/// Offsets of every occurrence of a record signature.
fn signatures(out: &[u8], sig: &[u8]) -> Vec<usize> {
    out.windows(4)
        .enumerate()
        .filter(|(_, w)| *w == sig)
        .map(|(i, _)| i)
        .collect()
}

/// Sets one little-endian field of the record at `record` to a hostile value.
fn edit_field(out: &mut [u8], record: usize, fields: &[(usize, u8)], rng: &mut Rng) {
    let &(offset, width) = rng.pick(fields);
    let at = record + offset;
    if at + width as usize > out.len() {
        return;
    }
    if width == 2 {
        let current = u16::from_le_bytes([out[at], out[at + 1]]);
        out[at..at + 2].copy_from_slice(&rng.u16_value(current).to_le_bytes());
    } else {
        let current = u32::from_le_bytes([out[at], out[at + 1], out[at + 2], out[at + 3]]);
        out[at..at + 4].copy_from_slice(&rng.u32_value(current).to_le_bytes());
    }
}
