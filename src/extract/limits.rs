//! Safety limits applied before any parsing library sees a file.
//!
//! The libraries trust their input: docx-rs and calamine inflate whatever a zip says,
//! calamine allocates a dense grid for a sheet's extent, lopdf follows references. The limits
//! here are far above any real report form (a few dozen rows, a few pages) and far below what
//! would hurt the daemon.

use std::path::PathBuf;
use std::time::Duration;

/// Bounds on what one document may make the readers do.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest file accepted at all, in bytes.
    pub max_file_bytes: u64,
    /// Largest size one zip entry may inflate to.
    pub max_part_bytes: u64,
    /// Largest size all inspected zip entries together may inflate to.
    pub max_inflated_bytes: u64,
    /// Most zip entries in one Office file.
    pub max_zip_entries: usize,
    /// Largest used area of a sheet (width × height) handed to a library that allocates it
    /// densely (.xls, .ods).
    pub max_sheet_cells: u64,
    /// Most non-empty cells read from one workbook.
    pub max_cells: usize,
    /// Most pages read from a PDF.
    pub max_pdf_pages: usize,
    /// Most text-showing operations read from one PDF page.
    pub max_pdf_ops: usize,
    /// Deepest nesting of arrays and dictionaries allowed in a PDF.
    pub max_pdf_nesting: usize,
    /// The outside programs that read old formats and scans, and their time limit.
    pub programs: Programs,
}

/// The outside programs some formats need: LibreOffice for Word 97 and RTF, Tesseract and
/// poppler for scans. Each run gets its own folder under `work_dir`.
#[derive(Debug, Clone, PartialEq)]
pub struct Programs {
    /// LibreOffice (`soffice`), a name looked up in `PATH` or a path.
    pub soffice: PathBuf,
    /// Tesseract OCR.
    pub tesseract: PathBuf,
    /// poppler's page renderer.
    pub pdftoppm: PathBuf,
    /// Where the programs' profiles and temporary files go.
    pub work_dir: PathBuf,
    /// Wall-clock limit of one program run.
    pub timeout: Duration,
    /// Scans are not read but answered with [`super::Refusal::NeedsOcr`]: the daemon reads
    /// them in a lane of their own, so that a long scan holds up no other file.
    pub defer_ocr: bool,
}

impl Default for Programs {
    fn default() -> Self {
        Programs {
            soffice: "soffice".into(),
            tesseract: "tesseract".into(),
            pdftoppm: "pdftoppm".into(),
            work_dir: std::env::temp_dir().join("baocao-programs"),
            timeout: Duration::from_secs(60),
            defer_ocr: false,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_part_bytes: 64 * 1024 * 1024,
            max_inflated_bytes: 160 * 1024 * 1024,
            max_zip_entries: 2_000,
            max_sheet_cells: 2_000_000,
            max_cells: 200_000,
            max_pdf_pages: 200,
            max_pdf_ops: 500_000,
            max_pdf_nesting: 64,
            programs: Programs::default(),
        }
    }
}
