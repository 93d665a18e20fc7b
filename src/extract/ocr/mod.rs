//! Scanned reports and photos of reports, read by OCR: Tesseract with its Vietnamese model.
//!
//! A PDF page without a text layer is rendered at 300 dpi by poppler's `pdftoppm`; a photo
//! (JPEG, PNG) is read as it is. A page whose first reading is poor is read again turned
//! upright ([`orient`]) or in black and white against its own paper ([`ink`]), and the
//! better reading is kept. Tesseract's TSV output gives every word with its box and
//! confidence; [`words`] straightens the page (skew and a phone's perspective, measured on
//! Tesseract's own lines) and turns the words into the positioned runs a PDF text layer
//! gives, so the same layout code makes lines and table cells of them and the same matcher
//! reads the form. Every cell keeps its box and lowest word confidence
//! ([`Location::Scan`](super::document::Location::Scan)), so a doubtful value becomes a
//! review item, never a silent guess.
//!
//! Both programs run confined ([`run_confined`]) in a folder of their own, one page at a
//! time, under the reader's limits.

mod image;
mod ink;
mod orient;
mod reread;
mod rules;
mod second;
mod skew;
mod words;

use super::document::{Document, Location};
use super::error::Refusal;
use super::limits::{Limits, Programs};
use super::record::Review;
use super::run::{Outcome, Scratch, run_confined};
use crate::form::{FieldKind, Form};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Resolution pages are rendered at: Tesseract's models are trained on text of 20–40 px.
pub const DPI: u32 = 300;
/// [`DPI`] as Tesseract's argument.
const DPI_TEXT: &str = "300";
/// Most pages of a scan read; a report is a few pages, a 20-page scan is an annex.
pub const MAX_PAGES: u32 = 20;

const TESSERACT: &str = "Tesseract (tesseract-ocr, tesseract-ocr-vie)";
const POPPLER: &str = "poppler-utils (pdftoppm)";
const SCAN: &str = "scan";

/// What is handed to OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image {
    /// A PDF without a text layer.
    Pdf,
    /// A JPEG photo or scan.
    Jpeg,
    /// A PNG image.
    Png,
}

/// Figures read with less confidence than this (Tesseract's 0–100) go to a person. Words
/// read right score 90–97 on a clean 300 dpi page; a smudged figure drops below 80.
pub const TRUSTED_CONFIDENCE: u8 = 85;
/// Text (names, the narrative sections) needs more: one wrong tone mark in a sentence still
/// scores about 90.
pub const TRUSTED_TEXT_CONFIDENCE: u8 = 95;

/// A review item for each value read from a scan that is not sure: read with too little
/// confidence, or a figure whose two readings differ. The value is kept, and a person
/// compares it with the page (the desk shows where it was read).
pub fn doubts<'a>(form: &Form, sources: impl IntoIterator<Item = (&'a String, &'a Location)>) -> Vec<Review> {
    sources
        .into_iter()
        .filter_map(|(key, at)| {
            let Location::Scan {
                confidence,
                page,
                disputed,
                ..
            } = at
            else {
                return None;
            };
            let field = form.field(key);
            let label = field.map_or(key.as_str(), |f| f.label.as_str());
            let text = field.is_some_and(|f| matches!(f.kind, FieldKind::Text | FieldKind::Section));
            let trusted = if text { TRUSTED_TEXT_CONFIDENCE } else { TRUSTED_CONFIDENCE };
            let reason = match disputed {
                Some(other) => format!(
                    "\"{label}\" đọc từ bản scan (trang {page}): hai lần đọc cho kết quả khác nhau (lần kia đọc là \"{other}\"); xin đối chiếu với bản gốc"
                ),
                None if *confidence < trusted => format!(
                    "\"{label}\" đọc từ bản scan (trang {page}) với độ tin cậy {confidence}%; xin đối chiếu với bản gốc"
                ),
                None => return None,
            };
            Some(Review::field(key, reason))
        })
        .collect()
}

/// A review item for each field of the form not read from a scan (and not already listed as
/// missing).
pub fn unread(
    form: &Form,
    fields: &std::collections::BTreeMap<String, super::Value>,
    missing: &[String],
) -> Vec<Review> {
    form.fields
        .iter()
        .filter(|f| !fields.contains_key(&f.key) && !missing.contains(&f.key))
        .map(|f| {
            Review::field(
                &f.key,
                format!(
                    "Không đọc được mục \"{}\" từ bản scan; xin đối chiếu với bản gốc",
                    f.label
                ),
            )
        })
        .collect()
}

/// Reads a scan or photo into a document.
pub fn read(bytes: &[u8], kind: Image, limits: &Limits) -> Result<Document, Refusal> {
    let folder = scratch(limits)?;
    let pages = match kind {
        Image::Pdf => render(bytes, &folder.path, &limits.programs, None)?,
        Image::Jpeg | Image::Png => {
            let ext = if kind == Image::Jpeg { "jpg" } else { "png" };
            let page = folder.path.join(format!("page-1.{ext}"));
            std::fs::write(&page, bytes).map_err(|e| failed(TESSERACT, format!("ghi tệp tạm: {e}")))?;
            vec![(1, page)]
        }
    };
    read_pages(&pages, &folder.path, limits)
}

/// Reads the scanned `pages` (1-based) of a PDF whose other pages are typed.
pub fn read_pdf_pages(bytes: &[u8], pages: &[u32], limits: &Limits) -> Result<Document, Refusal> {
    let folder = scratch(limits)?;
    let pages = render(bytes, &folder.path, &limits.programs, Some(pages))?;
    read_pages(&pages, &folder.path, limits)
}

fn scratch(limits: &Limits) -> Result<Scratch, Refusal> {
    Scratch::new(&limits.programs.work_dir, "ocr").map_err(|e| failed(TESSERACT, format!("thư mục tạm: {e}")))
}

/// Reads page images (each with its page number) into one document.
fn read_pages(pages: &[(u32, PathBuf)], dir: &Path, limits: &Limits) -> Result<Document, Refusal> {
    let mut laid = Vec::with_capacity(pages.len());
    let mut images = Vec::with_capacity(pages.len());
    for (number, page) in pages {
        // Tesseract gets the page as it is first: cleaning every page (specks, ruled lines)
        // was measured to cost more letters than it saved.
        let mut page = page.clone();
        let mut words = words::parse(&recognise(&page, PAGE, &limits.programs)?);
        if orient::doubtful(&words)
            && let Some(turned) = orient::upright(&page, &limits.programs)?
        {
            let again = words::parse(&recognise(&turned, PAGE, &limits.programs)?);
            // Turned only if that reads better: a page of few words may fool the model.
            if orient::sure_words(&again) > orient::sure_words(&words) {
                (page, words) = (turned, again);
            }
        }
        let bytes = std::fs::read(&page).map_err(|e| failed(TESSERACT, e.to_string()))?;
        let mut image = image::decode(&bytes)?;
        if ink::worth_a_try(&words) {
            let (file, inked) = ink::page(&page, &image)?;
            let again = words::parse(&recognise(&file, PAGE, &limits.programs)?);
            if orient::sure_words(&again) > orient::sure_words(&words) {
                (image, words) = (inked, again);
            }
        }
        let tilt = skew::Tilt::measure(&image);
        let rules = rules::find(&image, &tilt, 72.0 / DPI as f32);
        laid.push((*number, words::runs(&words, &tilt, DPI), rules));
        images.push((*number, image));
    }
    let mut doc = Document {
        lines: super::pdf::lay_out(laid),
    };
    doc.lines.retain(|line| !is_speck(line));
    for cell in doc
        .lines
        .iter_mut()
        .filter(|l| l.block.is_none())
        .flat_map(|l| &mut l.cells)
    {
        cell.text = words::letters_for_zeros(&cell.text);
    }
    if doc.lines.is_empty() {
        return Err(Refusal::NoText);
    }
    for (number, image) in &images {
        let read = |file: &Path| recognise(file, FIGURES, &limits.programs);
        reread::figures(&mut doc, *number, image, dir, read)?;
        second::figures(&mut doc, *number, image, dir, read)?;
    }
    Ok(doc)
}

/// The PDF's pages (all, or those named) as 300 dpi greyscale PGM files with their page
/// numbers, in page order. Not PNG: pdftoppm's PNG encoder took 17 s for an A4 page that it
/// renders as PGM in 0.3 s (measured).
fn render(pdf: &[u8], dir: &Path, programs: &Programs, only: Option<&[u32]>) -> Result<Vec<(u32, PathBuf)>, Refusal> {
    let input = dir.join("scan.pdf");
    std::fs::write(&input, pdf).map_err(|e| failed(POPPLER, format!("ghi tệp tạm: {e}")))?;
    let ranges: Vec<(u32, u32)> = match only {
        None => vec![(1, MAX_PAGES)],
        Some(pages) => pages.iter().take(MAX_PAGES as usize).map(|&p| (p, p)).collect(),
    };
    for &(first, last) in &ranges {
        let mut command = Command::new(&programs.pdftoppm);
        command
            .args([
                "-r",
                &DPI.to_string(),
                "-gray",
                "-f",
                &first.to_string(),
                "-l",
                &last.to_string(),
            ])
            .arg(&input)
            .arg(dir.join("page"));
        match run_confined(command, programs.timeout) {
            Outcome::Finished(Some(0)) => {}
            Outcome::Finished(_) => return Err(Refusal::damaged("PDF", "pdftoppm could not render the pages")),
            Outcome::NotStarted(_) => return Err(needs(POPPLER)),
            Outcome::TimedOut => return Err(failed(POPPLER, format!("quá {} giây", programs.timeout.as_secs()))),
            Outcome::CpuLimit => return Err(Refusal::too_large("PDF", "vẽ trang scan quá lâu")),
        }
    }
    // pdftoppm names each page `page-N.pgm`, N padded to the width of the last page number.
    let mut pages: Vec<(u32, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| failed(POPPLER, e.to_string()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .filter_map(|p| Some((rendered_number(&p)?, p)))
        .collect();
    pages.sort();
    if pages.is_empty() {
        return Err(Refusal::damaged("PDF", "no page rendered"));
    }
    Ok(pages)
}

/// The page number of pdftoppm's `page-07.pgm`.
fn rendered_number(file: &Path) -> Option<u32> {
    file.file_stem()?.to_str()?.strip_prefix("page-")?.parse().ok()
}

/// A line of running text that is one unsure letter and nothing else: a speck of dirt read
/// as `ị` between two lines of a paragraph. Table cells stay (a digit misread as a letter is
/// read again), and so does a figure.
fn is_speck(line: &crate::extract::document::Line) -> bool {
    match line.cells.as_slice() {
        [cell] if line.block.is_none() => {
            let unsure = matches!(cell.at, Location::Scan { confidence, .. } if confidence < SPECK_CONFIDENCE);
            let mut chars = cell.text.chars();
            let one = chars.next().is_some_and(|c| !c.is_ascii_digit()) && chars.next().is_none();
            unsure && one
        }
        _ => false,
    }
}

/// Below this confidence a lone letter is taken for a speck.
const SPECK_CONFIDENCE: u8 = 50;

/// Tesseract's settings for a whole page: automatic layout.
const PAGE: &[&str] = &["--psm", "3"];
/// ... and for the stacked figures: a block of lines, digits and the thousands dot only.
const FIGURES: &[&str] = &["--psm", "6", "-c", "tessedit_char_whitelist=0123456789."];

/// Tesseract's TSV for one image, read with `settings`.
fn recognise(page: &Path, settings: &[&str], programs: &Programs) -> Result<String, Refusal> {
    let base = page.with_extension("");
    let mut command = Command::new(&programs.tesseract);
    command
        .arg(page)
        .arg(&base)
        .args(["-l", "vie"])
        // A PGM page says nothing of its resolution, which Tesseract would then guess.
        .args(if page.extension().is_some_and(|e| e == "pgm") {
            &["--dpi", DPI_TEXT][..]
        } else {
            &[]
        })
        .args(settings)
        .arg("tsv")
        // Tesseract's OpenMP threads spin on a busy machine: one thread is several times
        // faster on two cores (2.4 s against 13.8 s a page, measured).
        .env("OMP_THREAD_LIMIT", "1");
    match run_confined(command, programs.timeout) {
        Outcome::Finished(Some(0)) => {}
        Outcome::Finished(_) if !has_vietnamese(programs) => return Err(needs(TESSERACT)),
        Outcome::Finished(_) => return Err(Refusal::damaged("", "Tesseract không đọc được ảnh")),
        Outcome::NotStarted(_) => return Err(needs(TESSERACT)),
        Outcome::TimedOut => return Err(failed(TESSERACT, format!("quá {} giây", programs.timeout.as_secs()))),
        Outcome::CpuLimit => return Err(Refusal::too_large("", "nhận dạng chữ quá lâu")),
    }
    std::fs::read_to_string(base.with_extension("tsv")).map_err(|e| failed(TESSERACT, format!("không có kết quả: {e}")))
}

/// Whether Tesseract lists its Vietnamese model (`tesseract-ocr-vie`).
fn has_vietnamese(programs: &Programs) -> bool {
    Command::new(&programs.tesseract)
        .arg("--list-langs")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == "vie"))
}

fn needs(program: &str) -> Refusal {
    Refusal::NeedsProgram {
        program: program.into(),
        format: SCAN.into(),
    }
}

pub(super) fn failed(program: &str, detail: String) -> Refusal {
    Refusal::ProgramFailed {
        program: program.into(),
        format: SCAN.into(),
        detail,
    }
}
