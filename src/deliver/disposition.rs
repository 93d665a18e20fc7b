//! `Content-Disposition: attachment` with both forms of the file name: the plain `filename=`
//! (an ASCII spelling: `Bao cao 6 thang.docx`) that older mail clients show, and the RFC 2231
//! `filename*=utf-8''…` (`Báo cáo 6 tháng.docx`) that current ones prefer. lettre writes only
//! the second, and some clients of the chapters' offices then show "noname".

use lettre::message::header::{Header, HeaderName, HeaderValue};
use unicode_normalization::UnicodeNormalization;

/// The header for an attachment called `name` (one line, no control characters).
#[derive(Debug, Clone, PartialEq)]
pub struct Disposition(HeaderValue);

impl Disposition {
    /// An attachment named `name`.
    pub fn attachment(name: &str) -> Disposition {
        let ascii = ascii_name(name);
        let raw = format!("attachment; filename=\"{name}\"");
        let encoded = if ascii == name {
            format!("attachment; filename=\"{ascii}\"")
        } else {
            // The exact name first: parsers that take the first name they meet get it right,
            // and clients that do not know `filename*` skip it and read the plain one.
            format!(
                "attachment; filename*=utf-8''{};\r\n filename=\"{ascii}\"",
                percent(name)
            )
        };
        Disposition(HeaderValue::dangerous_new_pre_encoded(Self::name(), raw, encoded))
    }
}

impl Header for Disposition {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Disposition")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let name = s
            .split_once("filename=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(name, _)| name)
            .ok_or("no file name")?;
        Ok(Disposition::attachment(name))
    }

    fn display(&self) -> HeaderValue {
        self.0.clone()
    }
}

/// `Báo cáo "6 tháng".docx` → `Bao cao _6 thang_.docx`: letters without their marks (đ → d),
/// anything else outside printable ASCII, and quotes or backslashes, as `_`.
fn ascii_name(name: &str) -> String {
    name.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            '"' | '\\' => '_',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => '_',
        })
        .collect()
}

/// RFC 2231 percent-encoding of the UTF-8 bytes (attribute characters stay as they are).
fn percent(name: &str) -> String {
    let keep = |b: u8| b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b);
    name.bytes()
        .map(|b| {
            if keep(b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vietnamese_name_has_an_ascii_spelling_and_the_exact_one() {
        assert_eq!(
            ascii_name("Báo cáo 6 tháng đầu năm.docx"),
            "Bao cao 6 thang dau nam.docx"
        );
        assert_eq!(percent("Báo cáo.docx"), "B%C3%A1o%20c%C3%A1o.docx");
        assert_eq!(ascii_name("x\"y\\z.pdf"), "x_y_z.pdf");
    }
}
