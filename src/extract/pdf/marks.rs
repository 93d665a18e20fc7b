//! Numbering and punctuation marks that tell a heading or list item from a wrapped line.
//!
//! Spacing is the main signal for a wrapped line, but list items (`- Lưu: VT.`) are often
//! written without paragraph spacing; a line that starts with a numbering mark is never
//! taken as the continuation of the one above.

use super::layout::RawLine;

/// Whether a line's text ends a sentence (or introduces a list).
pub(super) fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', ':', ';', '!', '?'])
}

/// Whether the line starts with a numbering or bullet mark: `1.`, `1.2.`, `IV.`, `a)`, `-`.
pub(super) fn starts_numbered(line: &RawLine) -> bool {
    starts_with_mark(line.cells.first().map_or("", |c| c.text.as_str()))
}

fn starts_with_mark(text: &str) -> bool {
    let first = text.split(' ').next().unwrap_or("");
    if matches!(first, "-" | "–" | "—" | "•" | "+" | "*") {
        return true;
    }
    if first.starts_with(['-', '–', '•']) && first.chars().nth(1).is_some_and(char::is_alphabetic) {
        return true;
    }
    let Some(mark) = first.strip_suffix(['.', ')']) else {
        return roman_heading(text);
    };
    let arabic = mark.starts_with(|c: char| c.is_ascii_digit()) && mark.chars().all(|c| c.is_ascii_digit() || c == '.');
    let roman = !mark.is_empty() && mark.chars().all(|c| "IVXLC".contains(c));
    let letter = mark.chars().count() == 1 && mark.chars().all(char::is_lowercase);
    arabic || roman || letter
}

/// `II ĐỀ XUẤT, KIẾN NGHỊ`: a Roman number whose dot a scan lost, before a heading in
/// capitals (which no running text is).
fn roman_heading(text: &str) -> bool {
    let Some((mark, rest)) = text.split_once(' ') else {
        return false;
    };
    let roman = (1..=4).contains(&mark.len()) && mark.chars().all(|c| "IVX".contains(c));
    let letters: Vec<char> = rest.chars().filter(|c| c.is_alphabetic()).collect();
    roman && letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_marks_are_recognised() {
        for text in [
            "1. Kết quả",
            "II. NỘI DUNG",
            "a) Số",
            "- Lưu",
            "1.2. Mục",
            "-Hội",
            "II ĐỀ XUẤT, KIẾN NGHỊ",
        ] {
            assert!(starts_with_mark(text), "{text}");
        }
        for text in [
            "1.250 hội viên",
            "Hội LHPN",
            "2021 năm",
            "Số: 23",
            "II Hội viên",
            "V VN",
        ] {
            assert!(!starts_with_mark(text), "{text}");
        }
    }
}
