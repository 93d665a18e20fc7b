//! Stage 2 of the pipeline: file bytes → format-neutral document → record of form fields.
//!
//! [`Extractor::file`] is the one entry point: it detects the format from the bytes, runs the
//! format's reader behind the [`Limits`], and hands the [`Document`] to the form matcher. A
//! file that cannot be read is an [`ExtractError`] naming the file and the reason; nothing
//! here panics or reads the clock, so it can run in-process or in a supervised child.

pub mod beside;
pub mod biff;
pub mod columns;
pub mod document;
pub mod docx;
mod era;
pub mod error;
pub mod flow;
mod fontless;
pub mod grouped;
pub mod isolate;
pub mod labels;
pub mod letter;
pub mod limits;
pub mod matcher;
mod mixed;
pub mod ocr;
pub mod ods;
pub mod odt;
pub mod office;
pub mod pdf;
pub mod prose;
pub mod record;
pub mod request;
pub mod run;
pub mod section;
pub mod sheets;
pub mod signature;
pub mod sniff;
pub mod values;
pub mod xlsx;
pub mod zipped;

pub use document::Document;
pub use error::{ExtractError, Refusal};
pub use limits::Limits;
pub use record::{Record, Review, Value};
pub use sniff::Format;

use crate::form::{FieldKind, Form};
use crate::registry::Registry;
use matcher::Matched;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Reads files into records for a set of forms and a chapter registry.
pub struct Extractor<'a> {
    forms: Vec<labels::FormIndex<'a>>,
    registry: &'a Registry,
    limits: Limits,
    requests: Vec<request::OpenRequest>,
}

impl<'a> Extractor<'a> {
    /// An extractor with the default limits.
    pub fn new(forms: &'a [Form], registry: &'a Registry) -> Self {
        Extractor {
            forms: forms.iter().map(labels::FormIndex::new).collect(),
            registry,
            limits: Limits::default(),
            requests: Vec::new(),
        }
    }

    /// The same extractor with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The same extractor recognising answers to these open ad-hoc requests.
    pub fn with_requests(mut self, requests: Vec<request::OpenRequest>) -> Self {
        self.requests = requests;
        self
    }

    /// Reads one file from disk and extracts its record.
    pub fn file(&self, path: &Path) -> Result<Record, ExtractError> {
        let fail = |reason| ExtractError {
            path: path.to_path_buf(),
            reason,
        };
        let bytes = read_bounded(path, &self.limits).map_err(fail)?;
        self.bytes(path, &bytes).map_err(fail)
    }

    /// Extracts the record of a file's bytes; `path` is only recorded, never opened.
    pub fn bytes(&self, path: &Path, bytes: &[u8]) -> Result<Record, Refusal> {
        // Last line of defence: the readers guard their libraries, but a panic in a library
        // on some unforeseen input must still be one refused file, never a crash.
        catch_unwind(AssertUnwindSafe(|| self.bytes_unguarded(path, bytes)))
            .unwrap_or_else(|_| Err(Refusal::damaged("", "lỗi không mong đợi khi đọc tệp")))
    }

    fn bytes_unguarded(&self, path: &Path, bytes: &[u8]) -> Result<Record, Refusal> {
        let (format, doc) = read_document(bytes, &self.limits)?;
        Ok(self.record(path, format, &doc))
    }

    /// The record of a document already read (for instance by a supervised child process):
    /// matches every form and keeps the one with most labels found. Pure; never fails.
    pub fn record(&self, path: &Path, format: Format, doc: &Document) -> Record {
        let due = |p: &crate::model::Period| {
            p.deadline()
                .or_else(|| self.requests.iter().find(|r| r.period == *p)?.due)
        };
        let (form, matched, unit_doubt) = era::of_the_day(self.registry, due, |registry| self.best(doc, registry));
        let missing = form
            .fields
            .iter()
            .filter(|f| f.required && !matched.fields.contains_key(&f.key))
            .map(|f| f.key.clone())
            .collect();
        let pick = |kind: FieldKind| {
            form.fields
                .iter()
                .find(|f| f.kind == kind)
                .and_then(|f| matched.fields.get(&f.key))
        };
        let mut record = Record {
            file: path.to_path_buf(),
            format,
            form: form.id.clone(),
            chapter: match pick(FieldKind::Chapter) {
                Some(Value::Chapter(code)) => Some(code.clone()),
                _ => None,
            },
            period: match pick(FieldKind::Period) {
                Some(Value::Period(p)) => Some(*p),
                _ => None,
            },
            sources: matched
                .sources
                .iter()
                .map(|(k, at)| (k.clone(), at.to_string()))
                .collect(),
            fields: matched.fields,
            missing,
            warnings: matched.notes.iter().map(|n| n.reason.clone()).collect(),
            review: Vec::new(),
        };
        record.review = crate::validate::review(&record, form, &matched.notes);
        record.review.extend(unit_doubt);
        record.review.extend(ocr::doubts(form, &matched.sources));
        if format == Format::Scan {
            // OCR may have missed a line: on a scan, a field not found is a doubt, not a
            // field the chapter left out.
            record.review.extend(ocr::unread(form, &record.fields, &record.missing));
        }
        record
    }
}

impl<'a> Extractor<'a> {
    /// The form that matched most labels, with what it read, names resolved by `registry`.
    fn best(&self, doc: &Document, registry: &Registry) -> (&'a Form, Matched) {
        let (form, mut matched) = self
            .forms
            .iter()
            .map(|index| (index.form, matcher::match_form(doc, index, registry)))
            .max_by_key(|(_, m)| m.labels_found)
            .expect("settings always hold at least one form");
        if let Some(field) = form.fields.iter().find(|f| f.kind == FieldKind::Period)
            && let Some((period, at)) = request::find(doc, &self.requests)
        {
            // An answer to a request: its subject often reads like a year ("... năm 2021"),
            // so the request wins over a period read from the same words.
            matched.fields.insert(field.key.clone(), Value::Period(period));
            matched.sources.insert(field.key.clone(), at);
            matched.notes.retain(|n| n.field.as_ref() != Some(&field.key));
        }
        (form, matched)
    }
}

/// A file's bytes, refusing it unread when it is larger than `limits.max_file_bytes`.
pub fn read_bounded(path: &Path, limits: &Limits) -> Result<Vec<u8>, Refusal> {
    let size = std::fs::metadata(path).map_err(|e| Refusal::Io(e.to_string()))?.len();
    if size > limits.max_file_bytes {
        let mb = limits.max_file_bytes >> 20;
        return Err(Refusal::too_large("", format!("tệp lớn hơn {mb} MB")));
    }
    std::fs::read(path).map_err(|e| Refusal::Io(e.to_string()))
}

/// Reads a scan or photo by OCR, or says how many pages wait for it ([`Programs::defer_ocr`]).
fn scan(bytes: &[u8], image: ocr::Image, limits: &Limits) -> Result<(Format, Document), Refusal> {
    if limits.programs.defer_ocr {
        let pages = match image {
            ocr::Image::Pdf => pdf::page_count(bytes, limits)?,
            ocr::Image::Jpeg | ocr::Image::Png => 1,
        };
        return Err(Refusal::NeedsOcr { pages });
    }
    Ok((Format::Scan, ocr::read(bytes, image, limits)?))
}

/// A PDF of typed and scanned pages: the scanned ones read by OCR (or, in the daemon's
/// child, left for the OCR lane) and put in their places.
fn typed_and_scanned(bytes: &[u8], layer: pdf::Layer, limits: &Limits) -> Result<(Format, Document), Refusal> {
    if limits.programs.defer_ocr {
        return Err(Refusal::NeedsOcr {
            pages: layer.scanned.len(),
        });
    }
    let scanned = ocr::read_pdf_pages(bytes, &layer.scanned, limits)?;
    let mut typed = layer.document;
    fontless::recover(&mut typed);
    Ok((Format::Scan, mixed::merge(typed, scanned)))
}

/// Detects the format and reads the bytes into a document.
pub fn read_document(bytes: &[u8], limits: &Limits) -> Result<(Format, Document), Refusal> {
    let format = sniff::detect(bytes, limits)?;
    let mut doc = match format {
        Format::Docx => docx::read(bytes, limits)?,
        Format::Xlsx => xlsx::read(bytes, limits)?,
        Format::Xls => sheets::read_xls(bytes, limits)?,
        Format::Ods => sheets::read_ods(bytes, limits)?,
        Format::Odt => odt::read(bytes, limits)?,
        Format::Doc => docx::read(&office::to_docx(bytes, office::Source::Doc, &limits.programs)?, limits)?,
        Format::Rtf => docx::read(&office::to_docx(bytes, office::Source::Rtf, &limits.programs)?, limits)?,
        Format::Pdf => {
            let layer = pdf::read_layer(bytes, limits)?;
            if layer.document.lines.is_empty() {
                // No text layer (or a stamp on each page): a scan, read by OCR.
                return scan(bytes, ocr::Image::Pdf, limits);
            }
            if !layer.scanned.is_empty() {
                return typed_and_scanned(bytes, layer, limits);
            }
            layer.document
        }
        Format::Jpeg => return scan(bytes, ocr::Image::Jpeg, limits),
        Format::Png => return scan(bytes, ocr::Image::Png, limits),
        Format::Scan => unreachable!("detect never answers Scan"),
    };
    fontless::recover(&mut doc);
    Ok((format, doc))
}
