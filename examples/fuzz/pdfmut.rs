//! Structure-aware PDF mutation: load with lopdf, decompress, mutate objects, save.
//!
//! Object edits ([`crate::pdfobj`]), font and page-tree edits ([`crate::pdftree`]) and
//! content-stream edits ([`crate::pdfcontent`]) keep the file loadable, so the mutants reach
//! the text extraction instead of stopping at the parser. After saving, some mutants also get
//! the damage only a byte edit can make: a wrong `/Length`, a broken xref, a cut tail.

use crate::rng::Rng;
use crate::{bytes, pdfcontent, pdfobj, pdftree};
use lopdf::{Document, LoadOptions};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Mutates a PDF; falls back to byte mutations when lopdf cannot load the parent.
pub fn mutate(input: &[u8], donor: &[u8], rng: &mut Rng) -> Vec<u8> {
    if rng.one_in(8) {
        return bytes::mutate(input, donor, rng);
    }
    let Some(mut doc) = load(input) else {
        return bytes::mutate(input, donor, rng);
    };
    for _ in 0..1 + rng.below(4) {
        edit(&mut doc, rng);
    }
    let Some(mut out) = save(&mut doc, rng) else {
        return bytes::mutate(input, donor, rng);
    };
    if rng.one_in(5) {
        damage_saved(&mut out, donor, rng);
    }
    out
}

fn edit(doc: &mut Document, rng: &mut Rng) {
    match rng.below(11) {
        0..=2 => pdfobj::mutate_object(doc, rng),
        3 | 4 => pdfcontent::mutate_page_content(doc, rng),
        5 | 6 => pdftree::mutate_font(doc, rng),
        7 => pdftree::mutate_page_tree(doc, rng),
        8 => pdfcontent::xobject_recursion(doc, rng),
        9 => pdfobj::mutate_trailer(doc, rng),
        _ => pdfobj::delete_object(doc, rng),
    }
}

/// Loads and decompresses a parent. lopdf is the library under test too, so a panic here is
/// not a finding (the reader runs with its own options and guards); it just ends this try.
fn load(input: &[u8]) -> Option<Document> {
    catch_unwind(AssertUnwindSafe(|| {
        let options = LoadOptions {
            max_decompressed_size: Some(64 << 20),
            ..LoadOptions::default()
        };
        let mut doc = Document::load_mem_with_options(input, options).ok()?;
        doc.decompress();
        Some(doc)
    }))
    .ok()
    .flatten()
}

/// Saves the mutant, sometimes recompressed, sometimes with object and xref streams.
fn save(doc: &mut Document, rng: &mut Rng) -> Option<Vec<u8>> {
    let compress = rng.one_in(4);
    let modern = rng.one_in(5);
    catch_unwind(AssertUnwindSafe(|| {
        if compress {
            doc.compress();
        }
        let mut out = Vec::new();
        let saved = if modern {
            doc.save_modern(&mut out)
        } else {
            doc.save_to(&mut out)
        };
        saved.ok().map(|_| out)
    }))
    .ok()
    .flatten()
}

/// Byte-level damage of the saved file at the places the structure lives.
fn damage_saved(out: &mut Vec<u8>, donor: &[u8], rng: &mut Rng) {
    match rng.below(4) {
        0 => replace_number_after(out, b"/Length ", rng),
        1 => replace_number_after(out, b"startxref\n", rng),
        2 => {
            // Cut the tail: no trailer, or no xref, so lopdf must reconstruct.
            let keep = out.len() - rng.below(out.len().min(2048) + 1);
            out.truncate(keep);
        }
        _ => *out = bytes::mutate(out, donor, rng),
    }
}

/// Replaces the number following one occurrence of `key` by a hostile one.
fn replace_number_after(out: &mut Vec<u8>, key: &[u8], rng: &mut Rng) {
    let hits: Vec<usize> = out
        .windows(key.len())
        .enumerate()
        .filter(|(_, w)| *w == key)
        .map(|(i, _)| i + key.len())
        .collect();
    let Some(&start) = hits.get(rng.below(hits.len())) else {
        return;
    };
    let len = out[start..].iter().take_while(|b| b.is_ascii_digit()).count();
    let value = rng.number_text();
    out.splice(start..start + len, value.bytes());
}
