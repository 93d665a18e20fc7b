//! Format detection from the bytes, never from the file name.
//!
//! Chapters rename files, save .xls as .xlsx, and mail clients strip extensions; feeding a
//! library bytes of the wrong kind is also how docx-rs loops forever. So the container is
//! recognised by its magic number and, for zip and OLE containers, by the parts inside.

use super::error::Refusal;
use super::limits::Limits;
use super::zipped::Zipped;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A document format baocao reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Word 2007+.
    Docx,
    /// Excel 2007+.
    Xlsx,
    /// Excel 97–2003.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// OpenDocument text.
    Odt,
    /// Word 97–2003, read through LibreOffice.
    Doc,
    /// Rich Text Format, read through LibreOffice.
    Rtf,
    /// A JPEG photo or scan (detected; recorded as [`Format::Scan`]).
    Jpeg,
    /// A PNG image (detected; recorded as [`Format::Scan`]).
    Png,
    /// Read by OCR: a PDF without a text layer, or a photo.
    Scan,
    /// PDF with a text layer.
    Pdf,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Odt => "odt",
            Format::Doc => "doc",
            Format::Rtf => "rtf",
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Scan => "scan",
            Format::Pdf => "pdf",
        })
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Detects the format of a file's bytes, or says why it cannot be read.
pub fn detect(bytes: &[u8], limits: &Limits) -> Result<Format, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    // PDF allows junk before the header; readers look in the first 1024 bytes.
    if bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return detect_zip(bytes, limits);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return detect_ole(bytes);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Ok(Format::Rtf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        return Ok(Format::Jpeg);
    }
    Err(Refusal::NotRecognised)
}

fn detect_zip(bytes: &[u8], limits: &Limits) -> Result<Format, Refusal> {
    // Not yet known to be Word or Excel: a damaged one is "tệp bị hỏng", format unnamed.
    let mut zip = Zipped::open(bytes, "", limits)?;
    if zip.has("word/document.xml") {
        return Ok(Format::Docx);
    }
    if zip.has("xl/workbook.xml") {
        return Ok(Format::Xlsx);
    }
    if zip.has("mimetype") {
        let mime = zip.read("mimetype", limits)?;
        return match mime.as_slice() {
            b"application/vnd.oasis.opendocument.spreadsheet" => Ok(Format::Ods),
            b"application/vnd.oasis.opendocument.text" => Ok(Format::Odt),
            _ => Err(Refusal::NotRecognised),
        };
    }
    if zip.names().iter().any(|n| n.starts_with("ppt/")) {
        return Err(Refusal::Unsupported("PowerPoint".into()));
    }
    Err(Refusal::NotRecognised)
}

/// OLE compound files: legacy Office, or a password-protected modern Office file.
fn detect_ole(bytes: &[u8]) -> Result<Format, Refusal> {
    let mut cfb =
        cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map_err(|e| Refusal::damaged("Office 97-2003", e))?;
    if cfb.is_stream("/EncryptedPackage") {
        return Err(Refusal::Encrypted("Office".into()));
    }
    if cfb.is_stream("/Workbook") || cfb.is_stream("/Book") {
        return Ok(Format::Xls);
    }
    if cfb.is_stream("/WordDocument") {
        return word_97(&mut cfb);
    }
    if cfb.is_stream("/PowerPoint Document") {
        return Err(Refusal::Unsupported("PowerPoint 97-2003".into()));
    }
    Err(Refusal::NotRecognised)
}

/// A Word 97 file, unless its header says it is password-protected: LibreOffice would wait
/// for a password nobody can type.
fn word_97<F: std::io::Read + std::io::Seek>(cfb: &mut cfb::CompoundFile<F>) -> Result<Format, Refusal> {
    use std::io::Read;
    let mut fib = [0u8; 12];
    let stream = cfb.open_stream("/WordDocument");
    let read = stream.and_then(|mut s| s.read_exact(&mut fib));
    if read.is_err() {
        return Err(Refusal::damaged("Word 97-2003", "WordDocument stream too short"));
    }
    // FibBase: wIdent 0xA5EC, then flags at offset 10 with fEncrypted = 0x0100.
    if u16::from_le_bytes([fib[0], fib[1]]) != 0xA5EC {
        return Err(Refusal::damaged("Word 97-2003", "not a Word 97 FIB"));
    }
    if u16::from_le_bytes([fib[10], fib[11]]) & 0x0100 != 0 {
        return Err(Refusal::Encrypted("Word".into()));
    }
    Ok(Format::Doc)
}
