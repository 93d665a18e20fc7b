//! The name under a signature title: `NGƯỜI LẬP BIỂU`, then `(Ký, ghi rõ họ tên)`, room
//! to sign, and the name — in a Word table or an Excel sheet beside `TM. BAN THƯỜNG VỤ` /
//! `CHỦ TỊCH` and the chair's own name.
//!
//! In a table or sheet the name is the first name-shaped cell below in the label's column. A
//! PDF line or a paragraph has no columns, so there the name is taken by its place among the
//! line's cells, and doubted when the lines do not have the same number of cells.

use super::beside::{Around, is_title};
use super::document::Location;
use crate::text::tidy;

/// How far below a signature title its name may be (instruction, blank rows, the name).
const MAX_LINES_BELOW: usize = 8;

/// The name under the label of `around`, with where it was and a doubt if the column was
/// guessed.
pub fn name_below(around: &Around) -> Option<(String, Location, Option<String>)> {
    let label_line = &around.doc.lines[around.line];
    let in_grid = label_line.block.is_some() && !matches!(around.cell.at, Location::Page { .. });
    let place = label_line.cells.iter().position(|c| std::ptr::eq(c, around.cell))?;
    for line in around.doc.lines.iter().skip(around.line + 1).take(MAX_LINES_BELOW) {
        // A PDF has no table borders to go by: the rows of a signature block, with room to
        // sign between them, may read as separate tables.
        if in_grid && line.block != label_line.block {
            return None;
        }
        let cell = match in_grid {
            true => line.cells.iter().find(|c| c.col == around.cell.col),
            false => line.cells.get(place),
        };
        let Some(cell) = cell else { continue };
        if is_title(&cell.text, around.titles) {
            continue;
        }
        if !looks_like_name(&cell.text) {
            // Something else under the title (a figure, a sentence): no signature here.
            return None;
        }
        let doubt = (!in_grid && line.cells.len() != label_line.cells.len())
            .then(|| "tên người lập biểu đọc ở dòng dưới tiêu đề; cần xác nhận".to_string());
        return Some((tidy(&cell.text), cell.at.clone(), doubt));
    }
    None
}

/// A person's name: two to six words, each beginning with a capital letter, no digits.
pub fn looks_like_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && text.chars().count() <= 50
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_capitalised_words_without_digits() {
        assert!(looks_like_name("Võ Thị Lan"));
        assert!(looks_like_name("NGUYỄN THỊ HOA"));
        assert!(!looks_like_name("Lan"));
        assert!(!looks_like_name("Số cuộc giám sát"));
        assert!(!looks_like_name("0912 345 678"));
    }
}
