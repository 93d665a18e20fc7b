//! Narrative sections: the paragraphs under a heading such as `1. Kết quả nổi bật`.
//!
//! A section's text is what follows its heading in the same cell (after a colon), in the same
//! row (a spreadsheet's next column), or in the lines below it, up to the next heading. A
//! heading is any label of the form, a Roman-numbered or all-capitals title, a configured stop
//! (`Nơi nhận`, signature blocks) or the place-and-date line of a letter.

use super::document::{Document, Location};
use super::matcher::LineLabels;
use crate::text::{fold, is_roman_numeral, starts_with_words, strip_numbering, tidy};

/// Most lines one section may span; past this it is surely not one section.
const MAX_SECTION_LINES: usize = 200;
/// Most cells to the right of a heading one section may take (a spreadsheet row).
const MAX_SECTION_CELLS: usize = 64;

/// Text of the section headed by cell `ci` of line `li`, with where it starts; in the same
/// row it takes the cells up to `end` (the next label's cell), never another field's. Both
/// bounds keep a hostile row of thousands of labels linear, not quadratic, in its size.
#[allow(clippy::too_many_arguments)]
pub fn text(
    doc: &Document,
    li: usize,
    ci: usize,
    end: usize,
    inline: Option<&str>,
    line_labels: &LineLabels,
    stops: &[String],
) -> Option<(String, Location)> {
    let line = &doc.lines[li];
    if let Some(t) = inline {
        return Some((tidy(t), line.cells[ci].at.clone()));
    }
    if let Some(next) = line.cells.get(ci + 1) {
        let end = end.clamp(ci + 1, line.cells.len()).min(ci + 1 + MAX_SECTION_CELLS);
        let parts: Vec<&str> = line.cells[ci + 1..end].iter().map(|c| c.text.as_str()).collect();
        return Some((parts.join(" "), next.at.clone()));
    }
    let mut out = String::new();
    let mut start = None;
    for (next, labels) in doc.lines.iter().zip(line_labels).skip(li + 1).take(MAX_SECTION_LINES) {
        if next.block != line.block || !labels.is_empty() || is_heading(&next.text(), stops) {
            break;
        }
        if !out.is_empty() {
            out.push(if next.continues { ' ' } else { '\n' });
        }
        out.push_str(&next.text());
        start.get_or_insert_with(|| next.cells[0].at.clone());
    }
    start.map(|at| (out, at))
}

/// True when a line without a label of the form ends the section above it.
fn is_heading(text: &str, stops: &[String]) -> bool {
    let folded = fold(text);
    // A numbered heading (`3. Phương hướng nhiệm vụ...`) is a stop as much as a bare one.
    let unnumbered = fold(strip_numbering(text));
    stops
        .iter()
        .any(|s| [&folded, &unnumbered].iter().any(|f| starts_with_words(f, s)))
        || roman_numbered(text)
        || all_capitals(text)
        || is_date_line(text, &folded)
}

/// `IV. BIỂU SỐ LIỆU`, `II - NỘI DUNG`.
fn roman_numbered(text: &str) -> bool {
    let token: String = text.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let after = text[token.len()..].trim_start();
    is_roman_numeral(&token) && (after.starts_with('.') || after.starts_with('-') || after.starts_with(')'))
}

/// A short line in capitals (`TM. BAN THƯỜNG VỤ`) is a heading or a signature block.
fn all_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && text.len() < 120 && letters.iter().all(|c| c.is_uppercase())
}

/// The place-and-date line of a letter, filled in or not: `Nha Trang, ngày 9 tháng 6 năm
/// 2021`, `Khánh Hòa, ngày 9/6/2022`, `Ninh Hòa, 09-12-2022`.
fn is_date_line(text: &str, folded: &str) -> bool {
    if crate::extract::values::place_date(text).is_some() {
        return true;
    }
    let Some(day) = folded.find("ngay ") else {
        return false;
    };
    folded.len() < 80 && folded[day..].contains(" thang ") && folded[day..].contains(" nam ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As `text` decides: a label of the form, or a heading of another kind.
    fn heading(text: &str) -> bool {
        let form = crate::form::Form::embedded();
        let index = crate::extract::labels::FormIndex::new(&form);
        index.labels.find(text).is_some() || is_heading(text, &index.stops)
    }

    #[test]
    fn headings_end_a_section() {
        for t in [
            "2. Khó khăn, hạn chế",
            "IV. BIỂU SỐ LIỆU",
            "Nơi nhận:",
            "TM. BAN THƯỜNG VỤ",
            "Vạn Ninh, ngày 9 tháng 6 năm 2021",
            "Nha Trang, ngày ... tháng ... năm 2021",
            "3. Phương hướng nhiệm vụ 6 tháng cuối năm",
            "Khánh Hòa, ngày 9/6/2022",
            "Ninh Hòa, 09-12-2022",
        ] {
            assert!(heading(t), "{t}");
        }
    }

    #[test]
    fn ordinary_paragraphs_do_not() {
        for t in [
            "Góp ý dự thảo Nghị quyết của HĐND về chính sách hỗ trợ phụ nữ khởi nghiệp;",
            "1. Tổ chức 5 cuộc giám sát tại các xã.",
            "- Kinh phí còn hạn chế.",
            "UBND huyện đã tiếp thu.",
        ] {
            assert!(!heading(t), "{t}");
        }
    }
}
