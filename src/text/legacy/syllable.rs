//! A checker for written Vietnamese syllables, for the detector: legacy text read as Latin-1
//! ("Céng", "Baùo") is almost never a syllable, and the same word decoded ("Cộng", "Báo")
//! almost always is. Reasonable rather than complete: it knows the onsets, the vowel
//! clusters with the final consonants they allow, the spelling rules (k/gh/ngh before e ê i y),
//! that c ch p t end only syllables with the acute or dot tone, and where a tone mark may
//! sit; a rare loan syllable it rejects only costs the detector one word.

use super::tables::{ACUTE, DOT, VOWELS, vowel};

/// Initial consonants as written; "qu" and "gi" count as one, as Vietnamese spelling has it.
const ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu",
    "r", "s", "t", "th", "tr", "v", "x",
];

/// Final consonants; a final glide (i y o u) is part of the vowel cluster instead.
const CODAS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Finals after which only the acute or the dot-below tone occurs.
const STOPS: &[&str] = &["c", "ch", "p", "t"];

/// A toneless vowel cluster: whether it ends a syllable (open), takes a final consonant
/// (closed), and on which of its vowels the tone mark may sit (bit i: the i-th vowel).
struct Cluster(&'static str, bool, bool, u8);

#[rustfmt::skip]
const CLUSTERS: &[Cluster] = &[
    Cluster("a", true, true, 1), Cluster("ă", false, true, 1), Cluster("â", false, true, 1),
    Cluster("e", true, true, 1), Cluster("ê", true, true, 1), Cluster("i", true, true, 1),
    Cluster("o", true, true, 1), Cluster("ô", true, true, 1), Cluster("ơ", true, true, 1),
    Cluster("u", true, true, 1), Cluster("ư", true, true, 1), Cluster("y", true, false, 1),
    // Ending in a glide or a schwa: no final consonant, the tone on the first vowel.
    Cluster("ai", true, false, 1), Cluster("ao", true, false, 1), Cluster("au", true, false, 1),
    Cluster("ay", true, false, 1), Cluster("âu", true, false, 1), Cluster("ây", true, false, 1),
    Cluster("eo", true, false, 1), Cluster("êu", true, false, 1), Cluster("ia", true, false, 1),
    Cluster("iu", true, false, 1), Cluster("oi", true, false, 1), Cluster("ôi", true, false, 1),
    Cluster("ơi", true, false, 1), Cluster("ui", true, false, 1), Cluster("ưi", true, false, 1),
    Cluster("ưu", true, false, 1), Cluster("ua", true, false, 1), Cluster("ưa", true, false, 1),
    // Needing a final consonant: the tone on the second vowel.
    Cluster("iê", false, true, 2), Cluster("yê", false, true, 2), Cluster("uô", false, true, 2),
    Cluster("ươ", false, true, 2), Cluster("uâ", false, true, 2), Cluster("oă", false, true, 2),
    Cluster("oo", false, true, 3),
    // After the rounding glide both the old (hòa, thủy) and new (hoà, thuỷ) placements occur.
    Cluster("oa", true, true, 3), Cluster("oe", true, true, 3), Cluster("uê", true, true, 3),
    Cluster("uy", true, true, 3), Cluster("uơ", true, false, 3),
    // Triphthongs: the tone on the middle vowel (on the last in uyê, which takes a final).
    Cluster("iêu", true, false, 2), Cluster("yêu", true, false, 2), Cluster("oai", true, false, 2),
    Cluster("oay", true, false, 2), Cluster("oeo", true, false, 2), Cluster("uây", true, false, 2),
    Cluster("uôi", true, false, 2), Cluster("ươi", true, false, 2), Cluster("ươu", true, false, 2),
    Cluster("uyu", true, false, 2), Cluster("uya", true, false, 2), Cluster("uyê", false, true, 4),
];

/// True when `word` is one written Vietnamese syllable, in any case.
pub(super) fn is_syllable(word: &str) -> bool {
    let mut bases = String::with_capacity(word.len());
    let mut toned: Option<(usize, u8)> = None;
    for (i, c) in word.chars().flat_map(char::to_lowercase).enumerate() {
        let Some((base, tone)) = letter(c) else {
            return false;
        };
        if tone != 0 {
            if toned.is_some() {
                return false;
            }
            toned = Some((i, tone));
        }
        bases.push(base);
    }
    ONSETS
        .iter()
        .filter(|onset| bases.starts_with(**onset))
        .any(|onset| fits(onset, &bases[onset.len()..], toned))
}

/// The toneless base and the tone of a lowercase letter Vietnamese writes; None for others
/// (f j w z included: no native syllable has them).
fn letter(c: char) -> Option<(char, u8)> {
    if let Some((row, tone)) = vowel(c) {
        return Some((VOWELS[row][0], tone));
    }
    "bcdđghklmnpqrstvx".contains(c).then_some((c, 0))
}

/// True when `rest`, what follows `onset`, is a vowel cluster and a final that fit it.
fn fits(onset: &str, rest: &str, toned: Option<(usize, u8)>) -> bool {
    let start = onset.chars().count();
    CODAS.iter().filter(|coda| rest.ends_with(**coda)).any(|coda| {
        let nucleus = &rest[..rest.len() - coda.len()];
        let Some(cluster) = CLUSTERS.iter().find(|c| c.0 == nucleus) else {
            return false;
        };
        let shape_ok = if coda.is_empty() { cluster.1 } else { cluster.2 };
        shape_ok && spelled_right(onset, nucleus, coda) && tone_fits(toned, start, cluster, coda)
    })
}

/// The spelling rules: k, gh, ngh before e ê i y; c, g, ng not there (gi is its own onset);
/// ch and nh only after a ê i y.
fn spelled_right(onset: &str, nucleus: &str, coda: &str) -> bool {
    let first = nucleus.chars().next().unwrap_or('a');
    let front = matches!(first, 'e' | 'ê' | 'i' | 'y');
    let onset_ok = match onset {
        "k" | "gh" | "ngh" => front,
        "c" => !front,
        "g" | "ng" => !matches!(first, 'e' | 'ê') && (onset == "g" || first != 'i'),
        _ => true,
    };
    let last = nucleus.chars().last().unwrap_or('a');
    onset_ok && (!matches!(coda, "ch" | "nh") || matches!(last, 'a' | 'ê' | 'i' | 'y'))
}

/// True when the tone (at char index `toned.0` of the word, the cluster starting at `start`)
/// sits where `cluster` allows it and suits the final consonant.
fn tone_fits(toned: Option<(usize, u8)>, start: usize, cluster: &Cluster, coda: &str) -> bool {
    let stop = STOPS.contains(&coda);
    let Some((at, tone)) = toned else {
        return !stop;
    };
    let Some(offset) = at.checked_sub(start).filter(|&o| o < 8) else {
        return false;
    };
    cluster.3 & (1 << offset) != 0 && (!stop || tone == ACUTE || tone == DOT)
}
