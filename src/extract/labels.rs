//! Recognising a form's labels in cell text.
//!
//! A cell is a label when its folded text (see [`crate::text::fold_label`]) equals a field's
//! folded label or alias. When no label is equal, a label of five or more words may still
//! match with one word added, dropped or changed, but only if no other label comes as close:
//! `Số cuộc giám sát do Hội LHPN chủ trì` is recognised, while the near-twins `... giám sát do
//! Hội chủ trì` and `... phản biện xã hội do Hội chủ trì` stay three words apart and are never
//! confused. A cell may also carry label and value together: `Kỳ báo cáo: 6 tháng đầu năm 2021`.

use super::columns::Headings;
use super::prose::Phrases;
use crate::form::Form;
use crate::text::{fold, fold_label, word_edits};
// Lookups of short keys on every cell of a document: a fast non-cryptographic hash (the
// keys are the form's own labels, so nothing to fear from chosen collisions).
use foldhash::{HashMap, HashMapExt};

/// Shortest label (in words) that may be matched approximately.
const FUZZY_MIN_WORDS: usize = 5;

/// A label found in a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelHit<'a> {
    /// Index of the field in the form.
    pub field: usize,
    /// The value written after a colon in the same cell, if any.
    pub inline: Option<&'a str>,
    /// True when the label matched only approximately.
    pub approximate: bool,
}

/// A form with its wording folded once, so matching a document folds only the document.
pub struct FormIndex<'f> {
    /// The form.
    pub form: &'f Form,
    /// Its labels and aliases.
    pub labels: Labels,
    /// Its column headings.
    pub headings: Headings,
    /// Folded line beginnings that end a section.
    pub stops: Vec<String>,
    /// Folded signature titles.
    pub titles: Vec<String>,
    /// Phrases that give a figure in a sentence.
    pub phrases: Phrases,
}

impl<'f> FormIndex<'f> {
    /// Folds the form's labels, column headings and section stops.
    pub fn new(form: &'f Form) -> Self {
        FormIndex {
            form,
            labels: Labels::new(form),
            headings: Headings::new(&form.value_columns, &form.total_columns, &form.other_columns),
            stops: form.section_stops.iter().map(|c| fold(c)).collect(),
            titles: form.signature_titles.iter().map(|c| fold(c)).collect(),
            phrases: Phrases::new(form),
        }
    }
}

/// The folded labels of one form, ready for lookup.
pub struct Labels {
    exact: HashMap<String, usize>,
    /// (folded label, field index, word count) for approximate matching.
    all: Vec<(String, usize, usize)>,
    /// The words of each label of `all`, as byte ranges into it.
    words: Vec<Vec<(usize, usize)>>,
    /// Each long label without its spaces → its field (None when two fields share it): OCR
    /// runs words together (`Sốtin, bài tuyên truyền`), a word's edit away or two.
    spaceless: HashMap<String, Option<usize>>,
    /// Folded abbreviation → folded expansion.
    abbreviations: HashMap<String, String>,
    /// Length in bytes of the longest folded abbreviation: longer words are never looked up.
    longest_abbreviation: usize,
}

impl Labels {
    /// Folds every label and alias of `form` once.
    pub fn new(form: &Form) -> Self {
        let abbreviations: HashMap<String, String> = form
            .abbreviations
            .iter()
            .map(|(short, long)| (fold(short), fold(long)))
            .collect();
        let longest_abbreviation = abbreviations.keys().map(String::len).max().unwrap_or(0);
        let mut labels = Labels {
            exact: HashMap::new(),
            all: Vec::new(),
            words: Vec::new(),
            spaceless: HashMap::new(),
            abbreviations,
            longest_abbreviation,
        };
        let (mut exact, mut all) = (HashMap::new(), Vec::new());
        for (i, field) in form.fields.iter().enumerate() {
            for label in field.labels() {
                let folded = labels.key(label);
                let words = folded.split(' ').count();
                exact.insert(folded.clone(), i);
                all.push((folded, i, words));
            }
        }
        labels.words = all.iter().map(|(label, _, _)| word_spans(label)).collect();
        for (label, field, _) in all.iter().filter(|(_, _, words)| *words >= FUZZY_MIN_WORDS) {
            let entry = labels.spaceless.entry(label.replace(' ', "")).or_insert(Some(*field));
            if *entry != Some(*field) {
                *entry = None;
            }
        }
        labels.exact = exact;
        labels.all = all;
        labels
    }

    /// The comparison key of a label: [`fold_label`], abbreviations written out.
    fn key(&self, text: &str) -> String {
        let folded = fold_label(text);
        // Most labels hold no abbreviation: only those are rebuilt.
        let expand = |w: &str| match w.len() <= self.longest_abbreviation {
            true => self.abbreviations.get(w),
            false => None,
        };
        if !folded.split(' ').any(|w| expand(w).is_some()) {
            return folded;
        }
        let words: Vec<&str> = folded.split(' ').map(|w| expand(w).map_or(w, String::as_str)).collect();
        words.join(" ")
    }

    /// The label a sub-row is under its parent row: `- Do Hội chủ trì` under `Tổng số cuộc
    /// giám sát` is `Số cuộc giám sát do Hội chủ trì`; `- Số lớp` under `Tập huấn` is `Số lớp
    /// tập huấn`. Exact matches only: a guess from two half-labels would be a silent one.
    pub fn find_under(&self, parent: &str, child: &str) -> Option<usize> {
        if parent.len() > 200 || child.len() > 200 {
            return None;
        }
        let parent = self.key(parent);
        let parent = parent
            .strip_prefix("tong so ")
            .map(|rest| format!("so {rest}"))
            .unwrap_or(parent);
        let child = self.key(child.trim_end_matches(':'));
        if parent.is_empty() || child.is_empty() {
            return None;
        }
        [format!("{parent} {child}"), format!("{child} {parent}")]
            .iter()
            .find_map(|k| self.exact.get(k).copied())
    }

    /// The label a cell's text is, or starts with before a colon.
    pub fn find<'a>(&self, text: &'a str) -> Option<LabelHit<'a>> {
        let hit = |field, inline, approximate| LabelHit {
            field,
            inline,
            approximate,
        };
        // Each text is folded once: folding is most of the cost of matching a document.
        let whole = self.folded(text);
        if let Some(&field) = whole.as_ref().and_then(|k| self.exact.get(k)) {
            return Some(hit(field, None, false));
        }
        // `Label: value` before a loose match of the whole text: `Số điện thoại liên hệ:
        // 0912…` is within one word of the label, but the words after the colon are its value.
        if let Some((left, right)) = text.split_once(':')
            && let Some(key) = self.folded(left)
        {
            let right = right.trim();
            let inline = (!right.is_empty()).then_some(right);
            if let Some(&field) = self.exact.get(&key) {
                return Some(hit(field, inline, false));
            }
            if let Some(field) = self.approximate(&key) {
                return Some(hit(field, inline, true));
            }
        }
        whole
            .and_then(|k| self.approximate(&k))
            .map(|field| hit(field, None, true))
    }

    /// Every label of a cell: the first as [`Labels::find`] reads it, then any further
    /// `label: value` written on the same line (`Người lập biểu: Võ Thị Lan   Số điện
    /// thoại: 0912…`), each value cut where the next label begins.
    pub fn find_all<'a>(&self, text: &'a str) -> Vec<LabelHit<'a>> {
        let Some(mut hit) = self.find(text) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        while let Some(inline) = hit.inline
            && let Some((value, next)) = self.next_label(inline)
        {
            hit.inline = (!value.is_empty()).then_some(value);
            out.push(hit);
            hit = next;
        }
        out.push(hit);
        out
    }

    /// In an inline value, the first `label:` that follows the value: (the value before it,
    /// the label with its own value). Only exact labels of two words or more, so a colon in
    /// running text (`gồm: …`) never splits a value.
    fn next_label<'a>(&self, inline: &'a str) -> Option<(&'a str, LabelHit<'a>)> {
        const MAX_LABEL_WORDS: usize = 14;
        for (colon, _) in inline.match_indices(':').take(8) {
            let before = &inline[..colon];
            let starts: Vec<usize> = before
                .char_indices()
                .filter(|&(i, c)| !c.is_whitespace() && (i == 0 || before[..i].ends_with(char::is_whitespace)))
                .map(|(i, _)| i)
                .collect();
            for &start in starts.iter().rev().take(MAX_LABEL_WORDS).rev() {
                if start == 0 {
                    continue;
                }
                let key = self.key(&before[start..]);
                if key.split(" ").count() < 2 {
                    continue;
                }
                if let Some(&field) = self.exact.get(&key) {
                    let rest = inline[colon + 1..].trim();
                    let next = LabelHit {
                        field,
                        inline: (!rest.is_empty()).then_some(rest),
                        approximate: false,
                    };
                    return Some((before[..start].trim(), next));
                }
            }
        }
        None
    }

    /// The comparison key of a text that may be a label; `None` for long text or figures.
    fn folded(&self, text: &str) -> Option<String> {
        // Long running text and bare numbers are never labels; skip folding them (most
        // cells of a form are figures).
        if text.len() > 400 || !text.chars().any(char::is_alphabetic) {
            return None;
        }
        Some(self.key(text)).filter(|k| !k.is_empty())
    }

    /// The one field whose label is within one word of `folded`, with no rival as close.
    fn approximate(&self, folded: &str) -> Option<usize> {
        let words = folded.split(' ').count();
        if words < FUZZY_MIN_WORDS - 1 {
            return None;
        }
        if let Some(&found) = self.spaceless.get(&folded.replace(' ', "")) {
            return found;
        }
        let mut best: Option<(usize, usize)> = None;
        let mut runner_up = usize::MAX;
        let text: Vec<&str> = folded.split(' ').collect();
        let mut label_text: Vec<&str> = Vec::new();
        for ((label, field, label_words), spans) in self.all.iter().zip(&self.words) {
            if *label_words < FUZZY_MIN_WORDS || label_words.abs_diff(words) > 1 {
                continue;
            }
            label_text.clear();
            label_text.extend(spans.iter().map(|&(from, to)| &label[from..to]));
            let d = word_edits(&text, &label_text, 2);
            match best {
                Some((bd, bf)) if d < bd => {
                    if bf != *field {
                        runner_up = runner_up.min(bd);
                    }
                    best = Some((d, *field));
                }
                Some((_, bf)) if bf != *field => runner_up = runner_up.min(d),
                None => best = Some((d, *field)),
                _ => {}
            }
        }
        let (distance, field) = best?;
        (distance <= 1 && runner_up > distance + 1).then_some(field)
    }
}

/// Byte ranges of the space-separated words of a folded text.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    for word in text.split(' ') {
        spans.push((from, from + word.len()));
        from += word.len() + 1;
    }
    spans
}

#[cfg(test)]
mod tests;
