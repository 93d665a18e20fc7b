//! Guarded access to the zip container of .docx, .xlsx and .ods files.
//!
//! A zip's declared sizes can lie and a small file can inflate to gigabytes, so every part is
//! inflated through a counting reader that stops at the limit, and XML parts that declare a
//! DTD are refused (Office files never have one; a DTD is how entity-expansion bombs start).

use super::error::Refusal;
use super::limits::Limits;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// An opened zip container with its format name for error messages.
pub struct Zipped<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    format: &'static str,
}

impl<'a> Zipped<'a> {
    /// Opens the container, refusing damaged archives and archives with too many entries.
    pub fn open(bytes: &'a [u8], format: &'static str, limits: &Limits) -> Result<Self, Refusal> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| Refusal::damaged(format, e))?;
        if archive.len() > limits.max_zip_entries {
            return Err(Refusal::too_large(
                format,
                format!("{} phần trong tệp nén", archive.len()),
            ));
        }
        Ok(Zipped { archive, format })
    }

    /// Names of all entries.
    pub fn names(&self) -> Vec<String> {
        self.archive
            .file_names_raw()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect()
    }

    /// True when the container has an entry of this name.
    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// Inflates one part, refusing it past `limits.max_part_bytes` or when it declares a DTD.
    pub fn read(&mut self, name: &str, limits: &Limits) -> Result<Vec<u8>, Refusal> {
        let format = self.format;
        let file = self
            .archive
            .by_name(name)
            .map_err(|e| Refusal::damaged(format, format!("{name}: {e}")))?;
        let mut out = Vec::with_capacity(file.size().min(1 << 20) as usize);
        file.take(limits.max_part_bytes + 1)
            .read_to_end(&mut out)
            .map_err(|e| Refusal::damaged(format, format!("{name}: {e}")))?;
        if out.len() as u64 > limits.max_part_bytes {
            return Err(Refusal::too_large(
                format,
                format!("{name} giải nén quá {} MB", limits.max_part_bytes >> 20),
            ));
        }
        if declares_dtd(&out) {
            return Err(Refusal::damaged(
                format,
                format!("{name} chứa khai báo DTD/ENTITY không hợp lệ"),
            ));
        }
        Ok(out)
    }

    /// Inflates one part without keeping it: its size, refusing it past the limit or when
    /// its head declares a DTD.
    fn measure(&mut self, name: &str, limits: &Limits) -> Result<u64, Refusal> {
        let format = self.format;
        let damaged = |e: &dyn std::fmt::Display| Refusal::damaged(format, format!("{name}: {e}"));
        let mut file = self.archive.by_name(name).map_err(|e| damaged(&e))?;
        // Deflate expands at most 1032:1 and the reader never consumes more than the
        // compressed size, so a small compressed part cannot pass the limit whatever sizes
        // its headers claim, and needs no inflating here. (Entity expansion is no risk in
        // such a part either: calamine's quick-xml parser never expands DTD entities; the DTD
        // refusal below is defence in depth for the parts large enough to be read anyway.)
        let bound = file.compressed_size().saturating_mul(MAX_DEFLATE_RATIO);
        let known_method = matches!(
            file.compression(),
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated
        );
        if known_method && bound <= limits.max_part_bytes {
            return Ok(bound.min(file.size()));
        }
        let mut head = [0u8; 4096];
        let mut filled = 0;
        while filled < head.len() {
            match file.read(&mut head[filled..]).map_err(|e| damaged(&e))? {
                0 => break,
                n => filled += n,
            }
        }
        if declares_dtd(&head[..filled]) {
            return Err(Refusal::damaged(
                format,
                format!("{name} chứa khai báo DTD/ENTITY không hợp lệ"),
            ));
        }
        let rest =
            std::io::copy(&mut file.take(limits.max_part_bytes + 1), &mut std::io::sink()).map_err(|e| damaged(&e))?;
        let size = filled as u64 + rest;
        if size > limits.max_part_bytes {
            return Err(Refusal::too_large(
                format,
                format!("{name} giải nén quá {} MB", limits.max_part_bytes >> 20),
            ));
        }
        Ok(size)
    }

    /// Inflates every XML part once (discarding the output) so that a library reading the same
    /// bytes afterwards cannot exceed the limits: per part, in total, and no DTD anywhere.
    pub fn verify_xml_parts(&mut self, limits: &Limits) -> Result<(), Refusal> {
        let mut total = 0u64;
        for name in self.names() {
            // Parts the library never opens (document properties, custom XML) need no check.
            let unread = ["docProps/", "customXml/"].iter().any(|p| name.starts_with(p));
            if unread || !(name.ends_with(".xml") || name.ends_with(".rels")) {
                continue;
            }
            total += self.measure(&name, limits)?;
            if total > limits.max_inflated_bytes {
                let mb = limits.max_inflated_bytes >> 20;
                return Err(Refusal::too_large(
                    self.format,
                    format!("nội dung giải nén quá {mb} MB"),
                ));
            }
        }
        Ok(())
    }
}

/// The largest expansion deflate allows (258-byte matches from 2-bit codes), rounded up.
const MAX_DEFLATE_RATIO: u64 = 1032;

/// True when XML text declares a document type (or an entity) before its root element.
fn declares_dtd(xml: &[u8]) -> bool {
    // A DTD may only stand in the prolog, before the root element; so the markup is walked
    // from the start past the XML declaration, processing instructions and comments, and the
    // walk stops at the first element. Anything but those is looked at as a declaration.
    let mut rest = &xml[..xml.len().min(4096)];
    while let Some(i) = rest.iter().position(|&b| b == b'<') {
        rest = &rest[i + 1..];
        let starts = |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);
        if starts(b"!DOCTYPE") || starts(b"!ENTITY") {
            return true;
        }
        let end: &[u8] = match rest.first() {
            Some(b'?') => b"?>",
            Some(b'!') if starts(b"!--") => b"-->",
            // The root element (or text that is not XML at all): no DTD can follow.
            _ => return false,
        };
        match rest.windows(end.len()).position(|w| w == end) {
            Some(j) => rest = &rest[j + end.len()..],
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file(name, SimpleFileOptions::default()).unwrap();
        w.write_all(content).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_part_inflating_past_the_limit_is_refused() {
        let bytes = zip_with("word/document.xml", &vec![b' '; 3 << 20]);
        let limits = Limits {
            max_part_bytes: 1 << 20,
            ..Limits::default()
        };
        let mut z = Zipped::open(&bytes, "Word", &limits).unwrap();
        assert!(matches!(
            z.read("word/document.xml", &limits),
            Err(Refusal::TooLarge { .. })
        ));
    }

    /// Text that deflate cannot shrink much, so the part is too large to be bounded by its
    /// compressed size and must be inflated and checked.
    fn incompressible(len: usize) -> String {
        let mut x: u32 = 0x1234_5678;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect()
    }

    #[test]
    fn a_dtd_in_a_large_part_is_refused() {
        let xml = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;<!-- {} --></x>",
            incompressible(120_000)
        );
        let bytes = zip_with("xl/workbook.xml", xml.as_bytes());
        let limits = Limits::default();
        let mut z = Zipped::open(&bytes, "Excel", &limits).unwrap();
        assert!(matches!(z.verify_xml_parts(&limits), Err(Refusal::Damaged { .. })));
    }

    #[test]
    fn only_a_declaration_in_the_prolog_counts_as_a_dtd() {
        for xml in [
            "<!DOCTYPE x><x/>",
            "\u{feff}<?xml version=\"1.0\"?>\n<!-- note --><?pi x?><!doctype x [<!ENTITY a \"b\">]><x/>",
            "<?xml version=\"1.0\"?><!ENTITY a \"b\"><x/>",
        ] {
            assert!(declares_dtd(xml.as_bytes()), "{xml}");
        }
        for xml in [
            "<?xml version=\"1.0\"?><x>&lt;!DOCTYPE is text here</x>",
            "<x><!-- <!DOCTYPE y> --></x>",
            "<?xml version=\"1.0\"?><w:document/>",
            "<!-- unterminated",
            "",
        ] {
            assert!(!declares_dtd(xml.as_bytes()), "{xml}");
        }
    }

    #[test]
    fn a_truncated_zip_is_damaged() {
        let bytes = zip_with("word/document.xml", b"<w:document/>");
        let half = &bytes[..bytes.len() / 2];
        assert!(matches!(
            Zipped::open(half, "Word", &Limits::default()),
            Err(Refusal::Damaged { .. })
        ));
    }
}
