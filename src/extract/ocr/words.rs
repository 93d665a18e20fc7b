//! Tesseract's TSV → straightened words → the positioned runs the PDF layout reads.
//!
//! Three things make OCR words unlike a text layer's runs. The page is never quite straight:
//! a scan is skewed by a degree or two, so a table row's label and its figure, a page width
//! apart, sit at different heights; the words are moved back onto level lines by the page's
//! [`Tilt`]. There are no spaces: words that
//! Tesseract put on one line are joined into one run unless the gap is much wider than the
//! line's usual word gap (a table column). And ruled table borders come out as `|`, `_` or
//! `¡` stuck to words; those marks are dropped.

use super::skew::Tilt;
use crate::extract::pdf::text::{Ink, Run};

/// One recognised word, in pixels of the page image (y downwards).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Word {
    /// Tesseract's block, paragraph and line numbers: the line the word is on.
    pub line: (u32, u32, u32),
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub confidence: f32,
    pub text: String,
}

/// Marks that ruled borders and dirt are read as, never part of a report's words.
const BORDER_MARKS: &[char] = &[
    '|', '_', '¡', '¦', '‖', '[', ']', '{', '}', '—', '~', '`', '‘', '’', '“', '”', '"',
];
/// A gap wider than this many times the line's median word gap is a column boundary.
const COLUMN_GAP: f32 = 2.5;

/// The words of a TSV (level-5 rows with text), border marks removed.
pub fn parse(tsv: &str) -> Vec<Word> {
    tsv.lines().skip(1).filter_map(word).collect()
}

fn word(row: &str) -> Option<Word> {
    let f: Vec<&str> = row.split('\t').collect();
    if f.len() < 12 || f[0] != "5" {
        return None;
    }
    let n = |i: usize| f[i].trim().parse::<f32>().ok().filter(|v| v.is_finite());
    let text = f[11].trim().trim_matches(BORDER_MARKS).trim();
    if text.is_empty() || text.chars().all(|c| BORDER_MARKS.contains(&c) || c == '.' || c == ',') {
        return None;
    }
    let id = |i: usize| f[i].trim().parse::<u32>().ok();
    let (left, top, width, height) = (n(6)?, n(7)?, n(8)?, n(9)?);
    Some(Word {
        line: (id(2)?, id(3)?, id(4)?),
        left,
        top,
        right: left + width,
        bottom: top + height,
        confidence: n(10)?.clamp(0.0, 100.0),
        text: text.to_string(),
    })
}

/// Running text with a zero against a letter had an o misread (`bả0 hiểm` for `bảo hiểm`):
/// Vietnamese words hold no digits. A zero beside another digit (`05/06`, `2020`) stays.
pub(super) fn letters_for_zeros(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let digit_beside = [before, after].iter().flatten().any(char::is_ascii_digit);
        let letter = [before, after].into_iter().flatten().find(|c| c.is_alphabetic());
        match letter {
            Some(l) if c == '0' && !digit_beside => out.push(if l.is_uppercase() { 'O' } else { 'o' }),
            _ => out.push(c),
        }
    }
    out
}

/// The page's runs, straightened by `tilt`, in points (y upwards) at `dpi`.
pub fn runs(words: &[Word], tilt: &Tilt, dpi: u32) -> Vec<Run> {
    let scale = 72.0 / dpi as f32;
    let em = page_em(words);
    let mut runs = Vec::new();
    for line in words.chunk_by(|a, b| a.line == b.line) {
        let height = median(line.iter().map(|w| w.bottom - w.top).collect()).max(1.0);
        let gaps: Vec<f32> = line.windows(2).map(|p| p[1].left - p[0].right).collect();
        let gap = median(gaps).clamp(height * 0.15, height * 0.6);
        for group in line.chunk_by(|a, b| b.left - a.right <= COLUMN_GAP * gap) {
            runs.push(run(group, tilt, em.max(height), scale));
        }
    }
    runs
}

/// One run of words with no column gap between them.
fn run(group: &[Word], tilt: &Tilt, em: f32, scale: f32) -> Run {
    let first = &group[0];
    let last = &group[group.len() - 1];
    let bottom = median(group.iter().map(|w| tilt.level(w.left, baseline(w, em))).collect());
    let text: Vec<&str> = group.iter().map(|w| w.text.as_str()).collect();
    let ink = group
        .iter()
        .map(|w| Ink {
            left: w.left,
            top: w.top,
            right: w.right,
            bottom: w.bottom,
            confidence: w.confidence,
        })
        .reduce(Ink::union);
    Run {
        text: text.join(" "),
        x0: first.left * scale,
        x1: last.right * scale,
        // Page space has y upwards; the negated image row keeps the order.
        y: -bottom * scale,
        size: em * scale,
        ink,
    }
}

/// Letters that reach below the baseline: a word's box ends lower by about a fifth of an
/// em when it has one, and label, unit and figure of one table row must share a line.
const DESCENDERS: &str = "gjpqyçạặậẹệịọộợụựỵẠẶẬẸỆỊỌỘỢỤỰỴ";

/// Where the word's baseline is, from the bottom of its box.
fn baseline(word: &Word, em: f32) -> f32 {
    if word.text.chars().any(|c| DESCENDERS.contains(c)) {
        word.bottom - 0.2 * em
    } else {
        word.bottom
    }
}

/// The body text's em on the page, in pixels. A word's box is only as tall as its letters
/// (`xã hội` has no ascender, `Hội` has one and an accent), so the tallest boxes of words
/// stand for the em — but not a heading's: the upper quartile of all boxes.
fn page_em(words: &[Word]) -> f32 {
    let mut heights: Vec<f32> = words.iter().map(|w| w.bottom - w.top).collect();
    heights.sort_by(f32::total_cmp);
    heights.get(heights.len() * 3 / 4).copied().unwrap_or(1.0).max(1.0) * 1.1
}

fn median(mut v: Vec<f32>) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_among_letters_is_an_o() {
        assert_eq!(letters_for_zeros("chính sách bả0 hiểm"), "chính sách bảo hiểm");
        assert_eq!(letters_for_zeros("TH0NG BÁO"), "THONG BÁO");
        assert_eq!(
            letters_for_zeros("tại 04 xã; 05/06 kiến nghị, 1.040 lượt"),
            "tại 04 xã; 05/06 kiến nghị, 1.040 lượt"
        );
        assert_eq!(letters_for_zeros("A20 và 0 cuộc"), "A20 và 0 cuộc");
    }

    fn tsv(rows: &[(u32, f32, f32, &str)]) -> String {
        let mut out = String::from(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n",
        );
        for (i, &(line, left, top, text)) in rows.iter().enumerate() {
            let width = 25 * text.chars().count();
            out.push_str(&format!(
                "5\t1\t1\t1\t{line}\t{i}\t{left}\t{top}\t{width}\t50\t91.5\t{text}\n"
            ));
        }
        out
    }

    #[test]
    fn border_marks_are_dropped_and_words_keep_their_box() {
        let words = parse(&tsv(&[
            (1, 100.0, 200.0, "2_¡"),
            (1, 300.0, 200.0, "|"),
            (1, 400.0, 200.0, "Số"),
        ]));
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["2", "Số"]);
        assert_eq!(
            (words[0].left, words[0].bottom, words[0].confidence),
            (100.0, 250.0, 91.5)
        );
    }

    #[test]
    fn a_skewed_row_is_levelled_so_label_and_figure_share_a_line() {
        // A 2° slope: 35 px of drop per 1000 px across, as on a crooked scan.
        let slope = 0.035;
        let mut rows = Vec::new();
        for line in 0..6u32 {
            let y0 = 300.0 + 120.0 * line as f32;
            let mut x = 200.0;
            for word in ["Số", "cuộc", "giám", "sát", "do", "Hội", "chủ", "trì"] {
                rows.push((line + 1, x, y0 + slope * (x - 1100.0), word));
                // A word space of 15 px after each word.
                x += 25.0 * word.chars().count() as f32 + 15.0;
            }
            rows.push((line + 1, 2000.0, y0 + slope * (2000.0 - 1100.0), "12"));
        }
        let words = parse(&tsv(&rows));
        let runs = runs(&words, &Tilt::uniform(slope, 1100.0), 300);
        let label = &runs[0];
        let figure = runs.iter().find(|r| r.text == "12").unwrap();
        assert_eq!(label.text, "Số cuộc giám sát do Hội chủ trì");
        assert!((label.y - figure.y).abs() < 1.0, "{} vs {}", label.y, figure.y);
    }
}
