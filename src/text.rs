//! Text normalisation for comparing what chapters type with what the form prints.
//!
//! Chapters write labels in capitals, without diacritics, in decomposed Unicode, with
//! non-breaking spaces, numbering in front and units or colons behind. [`fold`] reduces all
//! of these to one comparable key: lowercase ASCII words separated by single spaces.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Clean text for display and storage: NFC, whitespace runs (NBSP, tabs, newlines) as one
/// space, trimmed.
pub fn tidy(s: &str) -> String {
    // Most text is already NFC (always so for ASCII); composing it again is the costliest
    // step of reading a document, so only text that needs it is recomposed.
    let nfc: std::borrow::Cow<str> = if surely_nfc(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        match unicode_normalization::is_nfc_quick(s.chars()) {
            unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(s),
            _ => std::borrow::Cow::Owned(s.nfc().collect()),
        }
    };
    let mut out = String::with_capacity(nfc.len());
    for word in nfc.split(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// True for text that is NFC without asking the normaliser: every character below the
/// combining marks (U+0300) or a precomposed Vietnamese letter (U+1EA0–U+1EF9), all of which
/// are their own NFC. Almost every report is such text; the full check costs a table lookup
/// per character.
fn surely_nfc(s: &str) -> bool {
    s.chars()
        .all(|c| c < '\u{300}' || ('\u{1EA0}'..='\u{1EF9}').contains(&c))
}

/// Comparison key of a text: no diacritics, `đ` as `d`, lowercase, punctuation as spaces,
/// single spaces. `"Số cuộc  GIÁM SÁT:"` and `"So cuoc giam sat"` give the same key.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut push = |c: char| {
        if !c.is_ascii() && is_combining_mark(c) {
            return;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_space = true;
        }
    };
    for c in s.chars() {
        // Vietnamese letters come from a table built once; anything else is decomposed and
        // its marks dropped (their canonical order does not matter: they all go).
        match vietnamese_base(c) {
            Some(base) => push(base),
            None => unicode_normalization::char::decompose_canonical(c, &mut push),
        }
    }
    out
}

/// First code points of the two blocks that hold every Vietnamese letter: Latin-1 Supplement
/// with Latin Extended-A/B, and Latin Extended Additional (ạ, ế, ữ...).
const LATIN: std::ops::Range<u32> = 0xC0..0x250;
const LATIN_ADDITIONAL: std::ops::Range<u32> = 0x1EA0..0x1F00;

/// ASCII characters as they are; the lowercase ASCII base letter of a Vietnamese letter
/// (`Ấ` → `a`, `đ` → `d`), from a table computed once with the Unicode decompositions; None
/// for other characters.
fn vietnamese_base(c: char) -> Option<char> {
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

/// Comparison key of a label as written in a document: [`fold`] after removing numbering in
/// front (`1.`, `1.2.`, `a)`, `-`, `I.`, `IV -`) and a unit or note in brackets behind.
pub fn fold_label(s: &str) -> String {
    let without_unit = strip_trailing_brackets(s.trim());
    fold(strip_numbering(without_unit))
}

/// The text without leading list numbering such as `1.`, `2)`, `a)`, `-`, `+`, `I.`, `IV-`.
pub fn strip_numbering(s: &str) -> &str {
    let mut rest = s.trim_start();
    loop {
        let before = rest;
        rest = rest.trim_start_matches(['-', '+', '*', '•', '–', '—']).trim_start();
        rest = strip_one_number(rest).trim_start();
        if rest.len() == before.len() {
            return rest;
        }
    }
}

/// Strips one `12.`, `1.2.`, `a)`, `IV.` style token, if the text starts with one.
fn strip_one_number(s: &str) -> &str {
    let token_end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '.'))
        .map_or(s.len(), |(i, _)| i);
    let token = &s[..token_end];
    let after = &s[token_end..];
    let core = token.trim_end_matches('.');
    let dotted = token.ends_with('.');
    let closed = after.starts_with(')');
    let is_number = !core.is_empty()
        && core
            .split('.')
            .all(|p| p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty());
    let is_letter = core.len() == 1 && core.chars().all(|c| c.is_ascii_lowercase());
    let is_roman = is_roman_numeral(core);
    // Only treat as numbering when punctuation follows: "I." or "a)" — never a bare word
    // like "Số" or the pronoun-like "I" at the start of an English sentence.
    if (is_number && (dotted || closed || (core.len() <= 2 && after.starts_with(' '))))
        || ((is_letter || is_roman) && (dotted || closed || after.trim_start().starts_with(['-', '–'])))
    {
        let after = after.strip_prefix(')').unwrap_or(after);
        let after = after.trim_start();
        return after.strip_prefix(['-', '–']).unwrap_or(after);
    }
    s
}

/// True for an uppercase Roman numeral up to XXXIX (section numbering).
pub fn is_roman_numeral(s: &str) -> bool {
    !s.is_empty() && s.len() <= 6 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// The text without trailing `:` and bracketed notes such as `(ĐVT)`, `(cuộc)`, `[1]`.
fn strip_trailing_brackets(s: &str) -> &str {
    let mut rest = s.trim_end().trim_end_matches([':', '.', '*']).trim_end();
    while let Some(stripped) = rest.strip_suffix(')').or_else(|| rest.strip_suffix(']')) {
        let Some(open) = stripped.rfind(['(', '[']) else {
            break;
        };
        if open == 0 {
            break;
        }
        rest = stripped[..open].trim_end().trim_end_matches(':').trim_end();
    }
    rest
}

/// Word-level edit distance between two folded texts, stopping early past `limit`.
pub fn word_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<&str> = a.split(' ').collect();
    let b: Vec<&str> = b.split(' ').collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, wa) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, wb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(wa != wb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        if cur.iter().min().is_some_and(|&m| m > limit) {
            return limit + 1;
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_diacritics_case_and_punctuation() {
        assert_eq!(
            fold("Số cuộc GIÁM SÁT, do Hội chủ trì"),
            "so cuoc giam sat do hoi chu tri"
        );
        assert_eq!(fold("Đơn vị báo cáo"), "don vi bao cao");
    }

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

    #[test]
    fn fold_treats_nfd_and_nfc_alike() {
        let nfd: String = "Kỳ báo cáo".nfd().collect();
        assert_ne!(nfd, "Kỳ báo cáo");
        assert_eq!(fold(&nfd), fold("Kỳ báo cáo"));
    }

    #[test]
    fn fold_treats_nbsp_as_space() {
        assert_eq!(fold("Người\u{a0}lập\u{a0} biểu"), "nguoi lap bieu");
    }

    #[test]
    fn fold_label_strips_numbering() {
        for s in [
            "1. Kết quả nổi bật",
            "a) Kết quả nổi bật",
            "- Kết quả nổi bật",
            "I. KẾT QUẢ NỔI BẬT",
            "IV - Kết quả nổi bật",
            "1.2. Kết quả nổi bật",
            "2) Kết quả nổi bật",
            "+ Kết quả nổi bật",
        ] {
            assert_eq!(fold_label(s), "ket qua noi bat", "{s}");
        }
    }

    #[test]
    fn fold_label_strips_colon_and_unit() {
        assert_eq!(fold_label("Số tin, bài tuyên truyền (ĐVT):"), "so tin bai tuyen truyen");
        assert_eq!(fold_label("Kỳ báo cáo:"), "ky bao cao");
        assert_eq!(fold_label("Số cuộc giám sát (cuộc)"), "so cuoc giam sat");
    }

    #[test]
    fn fold_label_keeps_leading_words_that_look_like_numbering() {
        assert_eq!(fold_label("Số lớp bồi dưỡng"), "so lop boi duong");
        assert_eq!(fold_label("Xã hội"), "xa hoi");
        assert_eq!(fold_label("2021 là năm"), "2021 la nam");
    }

    #[test]
    fn tidy_collapses_whitespace_and_composes() {
        let nfd: String = "Trần  Thị\u{a0}Mai ".nfd().collect();
        assert_eq!(tidy(&nfd), "Trần Thị Mai");
    }

    #[test]
    fn word_distance_counts_word_edits() {
        assert_eq!(word_distance("so cuoc giam sat", "so cuoc giam sat", 2), 0);
        assert_eq!(
            word_distance(
                "so cuoc giam sat do hoi chu tri",
                "so cuoc giam sat do hoi lhpn chu tri",
                2
            ),
            1
        );
        assert!(
            word_distance(
                "so cuoc giam sat do hoi chu tri",
                "so cuoc phan bien xa hoi do hoi chu tri",
                2
            ) > 2
        );
    }
}
