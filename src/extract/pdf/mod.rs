//! Reads a PDF's text layer into a [`Document`] of lines and cells.
//!
//! The pipeline: a raw-byte nesting check ([`scan`]); lopdf loads the file with bounded
//! decompression; each page's content stream is walked for glyph runs and table borders
//! ([`content`], [`resources`], [`text`], [`fonts`], [`widths`], [`paths`]); runs become
//! visual lines split into cells at column gaps ([`layout`]); wrapped lines are merged back
//! and tables numbered ([`blocks`], [`marks`]); the result is written as document lines
//! ([`output`]).
//!
//! Whatever the bytes, reading ends in a document or a [`Refusal`]: limits are checked before
//! the work they bound, a page that cannot be read is skipped, and a panic anywhere is caught
//! and reported as a damaged file.

mod blocks;
mod bottom;
mod content;
mod fonts;
mod layout;
mod marks;
mod output;
pub mod paths;
mod resources;
mod scan;
pub mod text;
mod widths;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{DecompressError, Error, LoadOptions, ObjectId};

use super::document::Document;
use super::error::Refusal;
use super::limits::Limits;
use content::{Budget, Walker};
use fonts::FontCache;
use layout::RawLine;
use resources::Resources;

/// Format name used in refusals.
const FORMAT: &str = "PDF";
/// How far into the file the `%PDF-` header may start (some producers put junk first).
const HEADER_WINDOW: usize = 1024;

/// Reads the text of a PDF file into lines and cells, in page order.
///
/// Refuses the file when it exceeds `limits`, is password-protected, damaged, or has no
/// text layer (a scan).
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, Refusal> {
    // The readers below are meant not to panic; this is the last line of defence so that a
    // bug met on a hostile file costs that file only.
    let layer = read_layer(bytes, limits)?;
    if layer.document.lines.is_empty() {
        return Err(Refusal::NoText);
    }
    Ok(layer.document)
}

/// The number of pages of a PDF the readers accept (a scan waiting for OCR).
pub fn page_count(bytes: &[u8], limits: &Limits) -> Result<usize, Refusal> {
    catch_unwind(AssertUnwindSafe(|| {
        check_bytes(bytes, limits)?;
        Ok(page_ids(&load(bytes, limits)?, limits.max_pdf_pages + 1).len())
    }))
    .unwrap_or_else(|_| Err(Refusal::damaged(FORMAT, "lỗi nội bộ khi đọc tệp")))
}

/// What a PDF's text layer gives: its lines, and the pages that are pictures of paper.
#[derive(Debug)]
pub struct Layer {
    /// The lines of the pages with text.
    pub document: Document,
    /// Pages (1-based) covered by an image with next to no text: scanned pages among typed
    /// ones, for OCR. A stamp ("Scanned by …", a digital signature's box) does not make a
    /// page typed.
    pub scanned: Vec<u32>,
}

/// An image this large (square points) is a page's picture: 40% of A4, so an A5 scan
/// counts and a signature or a logo (a few thousand) does not.
const SCAN_AREA: f32 = 0.4 * 595.0 * 842.0;
/// Text of fewer characters than this (spaces aside) on a page an image covers is a stamp,
/// not the page: a scanner app's name, or the digital signature's box an office adds to a
/// signed scan ("Người ký: …, Email: …, Thời gian ký: …", about a hundred). A typed page
/// of a report has well over a thousand. A typed page taken for a scan still reads, by OCR
/// of its rendering.
const STAMP_CHARS: usize = 200;

/// Reads the text layer, naming the pages that are scans (see [`Layer`]).
pub fn read_layer(bytes: &[u8], limits: &Limits) -> Result<Layer, Refusal> {
    catch_unwind(AssertUnwindSafe(|| read_checked(bytes, limits)))
        .unwrap_or_else(|_| Err(Refusal::damaged(FORMAT, "lỗi nội bộ khi đọc tệp")))
}

fn read_checked(bytes: &[u8], limits: &Limits) -> Result<Layer, Refusal> {
    check_bytes(bytes, limits)?;
    let doc = load(bytes, limits)?;
    let pages = page_ids(&doc, limits.max_pdf_pages + 1);
    if pages.len() > limits.max_pdf_pages {
        let detail = format!("hơn {} trang", limits.max_pdf_pages);
        return Err(Refusal::too_large(FORMAT, detail));
    }
    if pages.is_empty() {
        return Err(Refusal::damaged(FORMAT, "no pages found"));
    }
    let (lines, scanned) = pages_lines(&doc, &pages, limits)?;
    let document = Document {
        lines: output::lines(blocks::assemble(lines)),
    };
    Ok(Layer { document, scanned })
}

/// The lines of pages whose text was placed by someone else (OCR): each page's number and
/// runs, page by page, with the rules found in the image, laid out exactly as a text layer's are.
pub fn lay_out(pages: Vec<(u32, Vec<text::Run>, Vec<paths::Rule>)>) -> Vec<super::document::Line> {
    let lines = pages
        .into_iter()
        .flat_map(|(number, runs, rules)| layout::page_lines(number, runs, &rules))
        .collect();
    output::lines(blocks::assemble(lines))
}

/// The first `most` distinct pages in order. A page tree that contains itself lists the
/// same pages on every turn of the cycle (lopdf stops the cycle, not the repeats).
fn page_ids(doc: &lopdf::Document, most: usize) -> Vec<ObjectId> {
    let mut seen = HashSet::new();
    doc.page_iter().filter(|id| seen.insert(*id)).take(most).collect()
}

/// Checks that can be made on the raw bytes before any parser sees them.
fn check_bytes(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    if bytes.len() as u64 > limits.max_file_bytes {
        let detail = format!("lớn hơn {} byte", limits.max_file_bytes);
        return Err(Refusal::too_large(FORMAT, detail));
    }
    let head = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Refusal::damaged(FORMAT, "missing %PDF- header"));
    }
    // lopdf bounds its own recursion today; this bound does not depend on it.
    if scan::max_nesting(bytes, limits.max_pdf_nesting) > limits.max_pdf_nesting {
        let detail = format!("mảng/từ điển lồng sâu quá {} cấp", limits.max_pdf_nesting);
        return Err(Refusal::too_large(FORMAT, detail));
    }
    Ok(())
}

/// Largest decompressed size of one stream (content, CMap, object stream).
fn part_limit(limits: &Limits) -> usize {
    usize::try_from(limits.max_part_bytes).unwrap_or(usize::MAX)
}

/// Loads the document, refusing it if it stays encrypted.
fn load(bytes: &[u8], limits: &Limits) -> Result<lopdf::Document, Refusal> {
    let options = LoadOptions {
        max_decompressed_size: Some(part_limit(limits)),
        ..LoadOptions::default()
    };
    let doc = lopdf::Document::load_mem_with_options(bytes, options).map_err(load_refusal)?;
    // lopdf decrypts files that open with the empty user password (owner-password-only
    // protection) and then drops `/Encrypt`; if it is still there, the text is ciphertext.
    if doc.trailer.has(b"Encrypt") {
        return Err(Refusal::Encrypted(FORMAT.into()));
    }
    Ok(doc)
}

fn load_refusal(error: Error) -> Refusal {
    match error {
        Error::Decompress(DecompressError::MemoryLimitExceeded { limit }) => {
            Refusal::too_large(FORMAT, format!("một luồng giải nén lớn hơn {limit} byte"))
        }
        Error::InvalidPassword | Error::Decryption(_) | Error::UnsupportedSecurityHandler(_) => {
            Refusal::Encrypted(FORMAT.into())
        }
        other => Refusal::damaged(FORMAT, other),
    }
}

/// The visual lines of all pages, in page order. A page that cannot be read is skipped
/// (its lines are missing, the others are kept); a limit exceeded refuses the file.
fn pages_lines(
    doc: &lopdf::Document,
    pages: &[ObjectId],
    limits: &Limits,
) -> Result<(Vec<RawLine>, Vec<u32>), Refusal> {
    let mut fonts = FontCache::default();
    let mut lines = Vec::new();
    let mut scanned = Vec::new();
    for (index, &page_id) in pages.iter().enumerate() {
        let number = index as u32 + 1;
        let page = catch_unwind(AssertUnwindSafe(|| {
            page_lines(doc, page_id, number, &mut fonts, limits)
        }));
        match page {
            Ok(Ok(Page::Typed(page_lines))) => lines.extend(page_lines),
            Ok(Ok(Page::Scanned)) => scanned.push(number),
            Ok(Err(refusal)) => return Err(refusal),
            Err(_) => {}
        }
    }
    Ok((lines, scanned))
}

/// What one page holds.
enum Page {
    Typed(Vec<RawLine>),
    /// An image and at most a stamp of text.
    Scanned,
}

/// The visual lines of one page.
fn page_lines<'a>(
    doc: &'a lopdf::Document,
    page_id: ObjectId,
    number: u32,
    fonts: &mut FontCache<'a>,
    limits: &Limits,
) -> Result<Page, Refusal> {
    let max_bytes = part_limit(limits);
    let content = match doc.get_page_content_with_limit(page_id, max_bytes) {
        Ok(content) => content,
        Err(Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(Refusal::too_large(FORMAT, "nội dung trang giải nén quá lớn"));
        }
        Err(_) => return Ok(Page::Typed(Vec::new())),
    };
    let budget = Budget {
        ops_left: limits.max_pdf_ops,
        bytes_left: max_bytes.saturating_sub(content.len()),
    };
    let mut walker = Walker::new(doc, fonts, budget, max_bytes);
    walker.walk(&content, &Resources::of_page(doc, page_id))?;
    let image_area = walker.image_area();
    let (runs, rules) = walker.finish();
    let chars: usize = runs
        .iter()
        .map(|r| r.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    if image_area >= SCAN_AREA && chars < STAMP_CHARS {
        return Ok(Page::Scanned);
    }
    Ok(Page::Typed(layout::page_lines(number, runs, &rules)))
}
