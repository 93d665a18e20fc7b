//! Text normalisation for comparing what chapters type with what the form prints.
//!
//! Chapters write labels in capitals, without diacritics, in decomposed Unicode, with
//! non-breaking spaces, numbering in front and units or colons behind. [`fold`] reduces all
//! of these to one comparable key: lowercase ASCII words separated by single spaces.

pub mod legacy;
mod letters;

use letters::{surely_nfc, vietnamese_base};
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

/// True when folded text `folded` is `words` or begins with them followed by a space (a
/// whole-word prefix), without allocating: it runs for many cells against many headings.
pub fn starts_with_words(folded: &str, words: &str) -> bool {
    folded
        .strip_prefix(words)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// True when folded text holds `words` starting at a word boundary.
pub fn holds_words(folded: &str, words: &str) -> bool {
    let bytes = folded.as_bytes();
    folded
        .match_indices(words)
        .any(|(i, _)| i == 0 && starts_with_words(folded, words) || i > 0 && bytes[i - 1] == b' ')
}

/// Prompts Word shows in an empty content control, folded: the control was never filled in.
const PROMPTS: &[&str] = &[
    "bam hoac go nhe vao day de nhap van ban",
    "bam vao day de nhap van ban",
    "bam hoac go nhe de nhap ngay",
    "bam vao day de nhap ngay",
    "chon mot muc",
    "click or tap here to enter text",
    "click here to enter text",
    "click or tap to enter a date",
    "choose an item",
];

/// True for text made of digits and number punctuation only (`8`, `1.250`, `2 310`): a
/// figure as a table cell holds it, as opposed to a heading such as `6 tháng đầu`.
pub fn is_bare_figure(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '))
}

/// True for text that stands where a value should be but is none: a content control's
/// prompt (`Bấm hoặc gõ nhẹ vào đây để nhập văn bản.`) or a dotted or underscored fill-in
/// line (`……`, `....`, `____`).
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    let fill = |c: char| matches!(c, '.' | '…' | '_' | '·') || c.is_whitespace();
    if t.chars().count() >= 2 && t.chars().all(fill) {
        return true;
    }
    t.len() < 80 && t.chars().any(char::is_alphabetic) && PROMPTS.contains(&fold(t).as_str())
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
    // A Roman number without its dot before a heading in capitals: a scan lost the dot.
    let capitals_after = after.starts_with(' ') && {
        let letters: Vec<char> = after.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase())
    };
    if (is_number && (dotted || closed || (core.len() <= 2 && after.starts_with(' '))))
        || ((is_letter || is_roman) && (dotted || closed || after.trim_start().starts_with(['-', '–'])))
        || (is_roman && capitals_after)
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
    word_edits(&a, &b, limit)
}

/// [`word_distance`] of texts already split into words: a label is compared with many
/// texts, and splitting both again for each pair was most of the cost.
pub fn word_edits(a: &[&str], b: &[&str], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    // Two rows of the table, on the stack for the label lengths a form has.
    const ROW: usize = 32;
    if b.len() >= ROW {
        return edits_in(a, b, limit, &mut vec![0; b.len() + 1], &mut vec![0; b.len() + 1]);
    }
    edits_in(a, b, limit, &mut [0; ROW], &mut [0; ROW])
}

fn edits_in(a: &[&str], b: &[&str], limit: usize, prev: &mut [usize], cur: &mut [usize]) -> usize {
    let (mut prev, mut cur) = (&mut prev[..=b.len()], &mut cur[..=b.len()]);
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, wa) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut lowest = cur[0];
        for (j, wb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(wa != wb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
            lowest = lowest.min(cur[j + 1]);
        }
        if lowest > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests;
