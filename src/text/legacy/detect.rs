//! The guarded detector behind [`super::detect`]: it weighs words, never single characters,
//! because every byte TCVN3 and VNI use is also a Latin-1 letter of some Western language.

use super::{Legacy, byte_of, decode, syllable::is_syllable};

/// The fewest different words that must decode to syllables before the detector answers.
const MIN_WORDS: usize = 2;
/// The share (in percent) of the changed non-ASCII words that must decode to syllables.
const MIN_SHARE: usize = 60;

/// See [`super::detect`].
pub(super) fn guess(text: &str) -> Option<Legacy> {
    if text.is_ascii() || text.chars().any(unicode_only) {
        return None;
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .map(word_core)
        .filter(|w| !w.is_ascii())
        .collect();
    let tcvn3 = Legacy::Tcvn3 { capitals: false };
    match (evidence(&words, tcvn3), evidence(&words, Legacy::Vni)) {
        (Some(t), Some(v)) if t == v => None,
        (Some(t), Some(v)) => Some(if t > v { tcvn3 } else { Legacy::Vni }),
        (Some(_), None) => Some(tcvn3),
        (None, Some(_)) => Some(Legacy::Vni),
        (None, None) => None,
    }
}

/// How many words speak for `encoding`, when they are enough to answer for it.
fn evidence(words: &[&str], encoding: Legacy) -> Option<usize> {
    let (mut changed, mut hits) = (0, 0);
    let mut different: Vec<String> = Vec::new();
    // VNI words that count hold a vowel and a modifier after it, which is mark enough.
    let mut marked = encoding == Legacy::Vni;
    for &word in words {
        let decoded = decode(word, encoding);
        if decoded == word {
            continue;
        }
        changed += 1;
        if !is_syllable(word) && is_syllable(&decoded) {
            hits += 1;
            marked |= word.chars().any(tcvn3_mark);
            let lower = word.to_lowercase();
            if !different.contains(&lower) {
                different.push(lower);
            }
        }
    }
    let enough = different.len() >= MIN_WORDS && hits * 100 >= changed * MIN_SHARE;
    (enough && marked).then_some(hits)
}

/// The word without punctuation around it. Only characters that are no letter byte of either
/// encoding go (ASCII, cp1252 0x80–0x9F, no-break space, other non-letters above U+00FF): TCVN3
/// letters look like punctuation in Latin-1 ("x·", "hoµ").
fn word_core(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && byte_of(c).is_none_or(|b| b < 0xA1))
}

/// True when the text holds a letter only Unicode Vietnamese has, so it is no legacy text.
pub(super) fn is_unicode_vietnamese(text: &str) -> bool {
    text.chars().any(unicode_only)
}

/// True for letters that only Unicode Vietnamese text holds, never legacy bytes read as cp1252.
fn unicode_only(c: char) -> bool {
    matches!(
        c,
        'Ă' | 'ă' | 'Đ' | 'đ' | 'Ĩ' | 'ĩ' | 'Ũ' | 'ũ' | 'Ơ' | 'ơ' | 'Ư' | 'ư' | '\u{1EA0}'..='\u{1EF9}'
    ) || unicode_normalization::char::is_combining_mark(c)
}

/// Characters no Western word holds but TCVN3 words mostly do: its bytes 0xA1–0xBF (Ă Â Ê Ô
/// Ơ Ư Đ ă â ê ô ơ ư đ à ả ã á ạ ằ ẳ ẵ ắ) and × ÷ (ì ữ).
fn tcvn3_mark(c: char) -> bool {
    matches!(c, '\u{A1}'..='\u{BF}' | '×' | '÷')
}

/// See [`super::decode_if_better`].
pub(super) fn decode_if_better(text: &str, encoding: Legacy) -> Option<String> {
    if text.is_ascii() || is_unicode_vietnamese(text) {
        return None;
    }
    let decoded = decode(text, encoding);
    (syllables(&decoded) > syllables(text)).then_some(decoded)
}

/// How many words beyond ASCII are Vietnamese syllables as they stand.
fn syllables(text: &str) -> usize {
    text.split_whitespace()
        .map(word_core)
        .filter(|w| !w.is_ascii() && is_syllable(w))
        .count()
}
