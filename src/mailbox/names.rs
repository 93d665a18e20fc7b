//! An attachment's name as the chapter wrote it. mail-parser decodes RFC 2231 continuations and
//! RFC 2047 words; what it cannot — raw 8-bit names in a legacy charset (Vietnamese Windows
//! mail clients send CP1258) — is decoded here from the part's own header bytes. Then NFC,
//! no folders, no control characters; a nameless part gets a made-up name.

use mail_parser::{MessagePart, MimeHeaders};
use unicode_normalization::UnicodeNormalization;

/// The name of `part` (the `n`th file of its mail, for a made-up name) given its content type.
pub fn of_part(part: &MessagePart, raw: &[u8], n: usize, ctype: &str) -> String {
    let parsed = part.attachment_name().map(str::to_string);
    let name = match parsed {
        Some(name) if !name.contains('\u{FFFD}') => Some(name),
        // Replacement characters: the header held bytes that are not UTF-8.
        other => raw_name(part, raw).or(other),
    };
    clean(name.as_deref().unwrap_or_default()).unwrap_or_else(|| made_up(n, ctype))
}

/// The lower-case extension of `name`, or "".
pub fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

/// A name safe to store: the last path component, printable, trimmed, NFC.
pub fn clean(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let printable: String = last.chars().filter(|c| !c.is_control()).collect();
    let name: String = printable.trim().trim_matches('.').nfc().collect();
    (!name.is_empty()).then_some(name)
}

fn made_up(n: usize, ctype: &str) -> String {
    let ext = match ctype {
        "application/pdf" => "pdf",
        "application/msword" => "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.ms-excel" => "xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/zip" | "application/x-zip-compressed" => "zip",
        _ => "bin",
    };
    format!("tep-dinh-kem-{n}.{ext}")
}

/// `filename=` (or `name=`) read from the part's raw header, decoded from UTF-8 when it is, else
/// from the charset the part names, else CP1258.
fn raw_name(part: &MessagePart, raw: &[u8]) -> Option<String> {
    let start = part.raw_header_offset() as usize;
    let end = (part.raw_body_offset() as usize).min(raw.len());
    let header = raw.get(start..end)?;
    let value = param(header, b"filename=").or_else(|| param(header, b"name="))?;
    if let Ok(text) = std::str::from_utf8(value) {
        return Some(text.to_string());
    }
    let charset = part
        .content_type()
        .and_then(|c| c.attribute("charset"))
        .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
        .unwrap_or(encoding_rs::WINDOWS_1258);
    Some(charset.decode(value).0.into_owned())
}

/// The value of `key` in a header block: quoted, or up to `;` or the line's end.
fn param<'a>(header: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let lower: Vec<u8> = header.to_ascii_lowercase();
    // A whole parameter name only: `name=` must not match inside `filename=`.
    let at = (0..lower.len().saturating_sub(key.len() - 1)).find(|&at| {
        lower[at..].starts_with(key) && (at == 0 || matches!(lower[at - 1], b' ' | b'\t' | b';' | b'\n'))
    })?;
    let rest = &header[at + key.len()..];
    if let Some(quoted) = rest.strip_prefix(b"\"") {
        let end = quoted.iter().position(|&b| b == b'"')?;
        return Some(&quoted[..end]);
    }
    let end = rest
        .iter()
        .position(|&b| matches!(b, b';' | b'\r' | b'\n'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_folders_and_controls_and_come_out_nfc() {
        let nfd = "Ba\u{300}o ca\u{301}o.docx";
        assert_eq!(clean(nfd).unwrap(), "Bào cáo.docx");
        assert_eq!(clean("C:\\Users\\Lan\\bao-cao.xlsx").unwrap(), "bao-cao.xlsx");
        assert_eq!(clean("../../etc/passwd").unwrap(), "passwd");
        assert_eq!(clean(" \u{7}. ").as_deref(), None);
        assert_eq!(extension("Báo cáo.PDF"), "pdf");
        assert_eq!(extension(".docx"), "");
    }

    #[test]
    fn a_parameter_is_read_quoted_or_bare_and_name_never_matches_filename() {
        let h = b"Content-Disposition: inline; filename=x.pdf\r\nContent-Type: application/pdf; name=\"a b.pdf\"\r\n";
        assert_eq!(param(h, b"filename=").unwrap(), b"x.pdf");
        assert_eq!(param(h, b"name=").unwrap(), b"a b.pdf");
        let only = b"Content-Disposition: attachment; filename=\"y.pdf\"\r\n";
        assert_eq!(param(only, b"name="), None);
    }
}
