//! Vietnamese letters without the Unicode normaliser: the base letter of each precomposed
//! letter (for [`super::fold`]) and a check that text is surely NFC (for [`super::tidy`]).
//! Both are caches of what the normaliser would say, and the tests hold them to it: folding
//! and tidying run on every cell of every document, and the normaliser's per-character table
//! lookups were a tenth of the time of reading a form.

/// True for text that is NFC without asking the normaliser: every character below the
/// combining marks (U+0300) or a precomposed Vietnamese letter (U+1EA0–U+1EF9), all of which
/// are their own NFC. Almost every report is such text; the full check costs a table lookup
/// per character.
pub(super) fn surely_nfc(s: &str) -> bool {
    s.chars()
        .all(|c| c < '\u{300}' || ('\u{1EA0}'..='\u{1EF9}').contains(&c))
}

/// First code points of the two blocks that hold every Vietnamese letter: Latin-1 Supplement
/// with Latin Extended-A/B, and Latin Extended Additional (ạ, ế, ữ...).
const LATIN: std::ops::Range<u32> = 0xC0..0x250;
const LATIN_ADDITIONAL: std::ops::Range<u32> = 0x1EA0..0x1F00;

/// ASCII characters as they are; the lowercase ASCII base letter of a Vietnamese letter
/// (`Ấ` → `a`, `đ` → `d`), from a table computed once with the Unicode decompositions; None
/// for other characters.
pub(super) fn vietnamese_base(c: char) -> Option<char> {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let code = u32::from(c);
    if c.is_ascii() {
        return Some(c);
    }
    let index = if LATIN.contains(&code) {
        code - LATIN.start
    } else if LATIN_ADDITIONAL.contains(&code) {
        code - LATIN_ADDITIONAL.start + LATIN.len() as u32
    } else {
        return None;
    };
    let table = TABLE.get_or_init(|| {
        LATIN
            .chain(LATIN_ADDITIONAL)
            .map(|code| {
                let c = char::from_u32(code).unwrap_or(' ');
                let mut first = None;
                unicode_normalization::char::decompose_canonical(c, |d| {
                    first.get_or_insert(d);
                });
                match first.unwrap_or(c) {
                    'đ' | 'Đ' => b'd',
                    b if b.is_ascii_alphabetic() => b.to_ascii_lowercase() as u8,
                    _ => 0,
                }
            })
            .collect()
    });
    let base = table[index as usize];
    (base != 0).then_some(base as char)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;
    use unicode_normalization::char::is_combining_mark;

    /// `fold` without the table: every character decomposed, its marks dropped.
    fn fold_by_decomposition(s: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in s.chars() {
            unicode_normalization::char::decompose_canonical(c, |d| {
                if is_combining_mark(d) {
                    return;
                }
                let d = if d == 'đ' || d == 'Đ' { 'd' } else { d };
                if d.is_alphanumeric() {
                    if pending_space && !out.is_empty() {
                        out.push(' ');
                    }
                    pending_space = false;
                    out.extend(d.to_lowercase());
                } else {
                    pending_space = true;
                }
            });
        }
        out
    }

    #[test]
    fn the_letter_table_agrees_with_unicode_decomposition() {
        // The table is a cache of the slow path: every character it covers must fold as the
        // decomposition does.
        for code in LATIN.chain(LATIN_ADDITIONAL) {
            let text = format!("x{}y", char::from_u32(code).unwrap());
            assert_eq!(fold(&text), fold_by_decomposition(&text), "U+{code:04X}");
        }
        assert_eq!(fold("ĂÂÊÔƠƯĐ ấầẩẫậ ữự ỳỵỷỹ"), "aaeooud aaaaa uu yyyy");
    }

    #[test]
    fn text_taken_for_nfc_without_the_normaliser_is_nfc() {
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        let ranges = (0u32..0x300).chain(0x1EA0..=0x1EF9);
        for c in ranges.filter_map(char::from_u32) {
            let text = c.to_string();
            assert!(surely_nfc(&text));
            assert_eq!(is_nfc_quick(text.chars()), IsNormalized::Yes, "U+{:04X}", u32::from(c));
        }
        assert!(!surely_nfc("Ky\u{300}"), "a combining mark goes to the normaliser");
    }
}
