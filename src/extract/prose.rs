//! Figures written in sentences: "Hội đã chủ trì 06 cuộc giám sát, phối hợp tham gia 02
//! cuộc…", "tiếp nhận 03 đơn thư, đã giải quyết 02 đơn".
//!
//! Each integer field may list `phrases` in the form file, a number slot written `{n}`:
//! `chủ trì {n} cuộc giám sát`. A clause (text between `,` `;` `.`) matches a phrase when its
//! words before the slot are there, a whole number fills the slot and the words after follow.
//! A follow-on clause may leave out its subject (`phối hợp tham gia 02 cuộc`): the phrase then
//! matches only if its missing words are the ones the previous clause of the sentence ended
//! with (`giám sát`), so the subject is inherited, never guessed. Every value read this way
//! is doubted by the matcher: a sentence is not a form.

use super::values::{IntegerRead, parse_integer};
use crate::form::Form;
use crate::text::fold;

/// Longest sentence searched, in bytes: a longer text is not a sentence about figures.
const MAX_TEXT: usize = 4000;

/// One phrase folded into words around its slot.
struct Phrase {
    field: usize,
    before: Vec<String>,
    after: Vec<String>,
}

/// The phrases of a form, folded once, and the words that name a subject after a unit
/// (`giam` of `cuộc giám sát`, `phan` of `cuộc phản biện`).
pub struct Phrases(Vec<Phrase>, Vec<String>);

/// A figure found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Index of the field in the form.
    pub field: usize,
    /// The number.
    pub value: i64,
    /// The clause it was read from, as written.
    pub clause: String,
}

impl Phrases {
    /// Folds every `phrases` entry of the form's fields.
    pub fn new(form: &Form) -> Self {
        let mut out = Vec::new();
        for (field, f) in form.fields.iter().enumerate() {
            for phrase in &f.phrases {
                let Some((before, after)) = phrase.split_once("{n}") else {
                    continue;
                };
                let words = |s: &str| fold(s).split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
                out.push(Phrase {
                    field,
                    before: words(before),
                    after: words(after),
                });
            }
        }
        let mut subjects: Vec<String> = out.iter().filter_map(|p| p.after.get(1).cloned()).collect();
        subjects.sort();
        subjects.dedup();
        Phrases(out, subjects)
    }

    /// True when the form has no phrases (most cells are then not searched at all).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The figures of one text, clause by clause.
    pub fn find(&self, text: &str) -> Vec<Found> {
        // A sentence has words and a figure: a bare number or a short heading is none.
        let sentence = text.len() >= 12 && text.contains(' ') && text.bytes().any(|b| b.is_ascii_digit());
        if self.is_empty() || text.len() > MAX_TEXT || !sentence {
            return Vec::new();
        }
        let mut out = Vec::new();
        // The words the previous clause of the sentence ended with after its figure.
        let mut subject: Vec<String> = Vec::new();
        for clause in clauses(text) {
            let tokens: Vec<(String, Option<i64>)> = clause
                .split_whitespace()
                .map(|t| {
                    let n = match parse_integer(t.trim_matches(|c: char| !c.is_alphanumeric())) {
                        IntegerRead::Value(v) if t.chars().any(|c| c.is_ascii_digit()) => Some(v),
                        _ => None,
                    };
                    (fold(t), n)
                })
                .filter(|(w, _)| !w.is_empty())
                .collect();
            let mut next_subject = Vec::new();
            for phrase in &self.0 {
                if let Some((value, tail)) = phrase.matches(&tokens, &subject, &self.1) {
                    let found = Found {
                        field: phrase.field,
                        value,
                        clause: clause.trim().to_string(),
                    };
                    // Two phrases of a field may say the same clause (`tham gia {n} cuộc
                    // giám sát` inside `phối hợp tham gia {n} cuộc giám sát`).
                    if !out.contains(&found) {
                        out.push(found);
                    }
                    next_subject = tail;
                }
            }
            subject = next_subject;
            if clause.ends_with(['.', ';']) {
                subject.clear();
            }
        }
        out
    }
}

impl Phrase {
    /// The number if `tokens` hold this phrase, and the words after the number (the
    /// subject a follow-on clause may inherit).
    fn matches(
        &self,
        tokens: &[(String, Option<i64>)],
        subject: &[String],
        subjects: &[String],
    ) -> Option<(i64, Vec<String>)> {
        let n = self.before.len();
        (0..tokens.len().saturating_sub(n)).find_map(|i| {
            let words_match = tokens[i..i + n].iter().zip(&self.before).all(|((w, _), b)| w == b);
            let value = tokens[i + n].1.filter(|_| words_match)?;
            let rest: Vec<&str> = tokens[i + n + 1..].iter().map(|(w, _)| w.as_str()).collect();
            let after: Vec<&str> = self.after.iter().map(String::as_str).collect();
            if rest.starts_with(&after) {
                return Some((value, self.after.clone()));
            }
            // A follow-on clause: it says the phrase up to its unit and names no other
            // subject (`02 cuộc tại các xã`), and the words it leaves out are the subject the
            // previous clause ended with.
            let said = rest.iter().zip(&after).take_while(|(r, a)| r == a).count();
            let other_subject = rest.get(said).is_some_and(|w| subjects.iter().any(|s| s == w));
            let inherited = said > 0 && said < after.len() && !other_subject && subject.ends_with(&self.after[said..]);
            inherited.then(|| (value, self.after.clone()))
        })
    }
}

/// The clauses of a text: cut after `,` `;` `.` `:` followed by a space (so `1.250` stays).
fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let cut = matches!(c, ',' | ';' | '.' | ':') && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        if cut {
            out.push(&text[start..=i]);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, i64)> {
        let form = Form::embedded();
        Phrases::new(&form)
            .find(text)
            .into_iter()
            .map(|f| (form.fields[f.field].key.clone(), f.value))
            .collect()
    }

    #[test]
    fn a_follow_on_clause_inherits_its_subject() {
        let got = found("Hội đã chủ trì 06 cuộc giám sát, phối hợp tham gia 02 cuộc tại các xã.");
        assert_eq!(got, [("supervisions_led".into(), 6), ("supervisions_joint".into(), 2)]);
    }

    #[test]
    fn a_clause_about_something_else_is_not_inherited() {
        let got = found("Hội đã chủ trì 06 cuộc phản biện xã hội, phối hợp tham gia 02 cuộc.");
        assert_eq!(got, [("critiques_led".into(), 6)]);
    }

    #[test]
    fn petitions_received_and_resolved() {
        let got = found("Trong kỳ tiếp nhận 03 đơn thư, đã giải quyết 02 đơn.");
        assert_eq!(
            got,
            [("petitions_received".into(), 3), ("petitions_resolved".into(), 2)]
        );
    }
}
