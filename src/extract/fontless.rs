//! Legacy Vietnamese text that reached the document without its font: an .odt or .ods (whose
//! fonts baocao does not follow), or a Word or Excel file whose `.VnTime` was replaced by
//! another font so that the text shows as "Céng hoµ". The readers decode what their fonts
//! say; this guesses for the rest, with the guarded detector over the whole document.

use super::document::Document;
use crate::text::legacy;

/// The most text the detector weighs: enough words to decide, bounded for huge documents.
const SAMPLE_BYTES: usize = 64 * 1024;

/// Decodes the cells of `doc` when its text, taken as a whole, is legacy Vietnamese.
pub(super) fn recover(doc: &mut Document) {
    let mut sample = String::new();
    // Cells that are Unicode Vietnamese already say nothing of the others (and would make
    // the detector refuse the whole document): a legacy file often has a Unicode cell or two.
    let cells = doc.lines.iter().flat_map(|l| &l.cells);
    for cell in cells.filter(|c| !c.text.is_ascii() && !legacy::is_unicode_vietnamese(&c.text)) {
        if sample.len() + cell.text.len() > SAMPLE_BYTES {
            break;
        }
        sample.push_str(&cell.text);
        sample.push('\n');
    }
    let Some(encoding) = legacy::detect(&sample) else {
        return;
    };
    for cell in doc.lines.iter_mut().flat_map(|l| &mut l.cells) {
        if let std::borrow::Cow::Owned(decoded) = legacy::decode_if_better(&cell.text, encoding) {
            cell.text = decoded;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::{Cell, Line, Location};

    fn doc(texts: &[&str]) -> Document {
        let lines = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                cells: vec![Cell {
                    text: t.to_string(),
                    col: 0,
                    date_serial: None,
                    at: Location::Paragraph { index: i as u32 + 1 },
                    hidden: false,
                }],
                block: None,
                continues: false,
            })
            .collect();
        Document { lines }
    }

    fn texts(d: &Document) -> Vec<&str> {
        d.lines.iter().map(|l| l.cells[0].text.as_str()).collect()
    }

    #[test]
    fn a_document_typed_in_tcvn3_without_its_font_is_decoded_cell_by_cell() {
        let mut d = doc(&["Héi Liªn hiÖp Phô n÷", "Sè cuéc gi¸m s¸t", "12", "Hội LHPN (Unicode)"]);
        recover(&mut d);
        assert_eq!(
            texts(&d),
            ["Hội Liên hiệp Phụ nữ", "Số cuộc giám sát", "12", "Hội LHPN (Unicode)"]
        );
    }

    #[test]
    fn unicode_and_western_documents_stay() {
        for text in [
            &["Hội Liên hiệp Phụ nữ", "Số cuộc giám sát"][..],
            &["Café à la crème", "Müller"],
        ] {
            let mut d = doc(text);
            recover(&mut d);
            assert_eq!(texts(&d), text);
        }
    }
}
