//! The one field matcher: finds a form's fields in a format-neutral document.
//!
//! Every cell that is a label yields a candidate value: the text after its colon, the cells
//! to its right (the figures column when the headings name it, see [`super::columns`]), the
//! name under a signature title, or for a section the lines under it. Candidates are then
//! chosen per field, preferring readable values in sight from the table or sheet where most
//! labels were found (so an instructions sheet or a hidden old copy does not win over the
//! filled-in form). A value the reader had to choose — a loose label, several numbers, two
//! places disagreeing, only a hidden copy — becomes a note naming its field, so it is
//! reviewed rather than passed on. Fields still absent fall back to where an official letter
//! puts them.

use super::beside::{self, Around, Read};
use super::document::{Cell, Document, Location};
use super::labels::{FormIndex, LabelHit};
use super::prose::Phrases;
use super::record::{Review, Value};
use super::{grouped, letter, section};
use crate::form::{FieldKind, Form};
use crate::registry::Registry;
use crate::text::tidy;
use std::collections::{BTreeMap, HashMap};

/// The fields found in one document for one form.
#[derive(Debug, Default)]
pub struct Matched {
    /// Values by field key.
    pub fields: BTreeMap<String, Value>,
    /// Where each value was read.
    pub sources: BTreeMap<String, Location>,
    /// Values that were present but unreadable, values chosen between candidates and other
    /// notes, in Vietnamese, each naming its field.
    pub notes: Vec<Review>,
    /// How many label cells were found: the measure of how well the form fits.
    pub labels_found: usize,
}

/// A value read beside one label.
struct Candidate {
    field: usize,
    value: Result<Value, String>,
    at: Location,
    block: Option<u32>,
    /// Read on a hidden sheet, row or column.
    hidden: bool,
    /// Why a person should confirm it.
    doubt: Option<String>,
    /// Read from a sentence rather than beside a label.
    prose: bool,
}

/// The label cells of each line: (cell index, label), found once per document.
pub type LineLabels<'d> = Vec<Vec<(usize, LabelHit<'d>)>>;

/// Finds the fields of the indexed form in `doc`.
pub fn match_form(doc: &Document, index: &FormIndex, registry: &Registry) -> Matched {
    let form = index.form;
    let all_hits = grouped::line_labels(doc, &index.labels);
    let mut candidates = Vec::new();
    let mut heads = grouped::Heads::default();
    for (li, (line, hits)) in doc.lines.iter().zip(&all_hits).enumerate() {
        heads.see(line, hits.is_empty(), &index.headings);
        let figures = heads.figures(line.block);
        for (n, (ci, hit)) in hits.iter().enumerate() {
            let field = &form.fields[hit.field];
            let end = hits.get(n + 1).map_or(line.cells.len(), |(next, _)| *next).max(ci + 1);
            let cell = &line.cells[*ci];
            let read = match field.kind {
                FieldKind::Section => {
                    section::text(doc, li, *ci, end, hit.inline, &all_hits, &index.stops).map(|(t, at)| Read {
                        value: Ok(Value::Text(t)),
                        at,
                        doubt: None,
                    })
                }
                _ => {
                    let around = |right| Around {
                        doc,
                        line: li,
                        cell,
                        right,
                        figures: &figures,
                        titles: &index.titles,
                    };
                    // Out-of-sight cells beside a visible label only when nothing visible is.
                    let right = &line.cells[ci + 1..end];
                    match right.iter().any(|c| c.hidden && !cell.hidden) {
                        false => beside::value(field, hit.inline, &around(right), registry),
                        true => {
                            let visible: Vec<Cell> = right.iter().filter(|c| !c.hidden).cloned().collect();
                            beside::value(field, hit.inline, &around(&visible), registry)
                                .or_else(|| beside::value(field, None, &around(right), registry))
                        }
                    }
                }
            };
            if let Some(read) = read {
                let hidden = cell.hidden || doc_cell_hidden(line, &read.at);
                let doubt = read.doubt.or_else(|| {
                    hit.approximate
                        .then(|| format!("nhãn \"{}\" chỉ gần giống \"{}\"", tidy(&cell.text), field.label))
                });
                candidates.push(Candidate {
                    field: hit.field,
                    value: read.value,
                    at: read.at,
                    block: line.block,
                    hidden,
                    doubt,
                    prose: false,
                });
            }
        }
        in_sentences(doc, li, hits, &index.phrases, &mut candidates);
    }
    let mut matched = choose(form, candidates);
    letter::fill_unlabelled(doc, form, registry, &mut matched);
    matched
}

/// Figures written in the sentences of a line's cells that are not labels. A paragraph that
/// wrapped over several PDF lines is read whole from its first line (a clause may be cut
/// by the wrap).
fn in_sentences(doc: &Document, li: usize, hits: &[(usize, LabelHit)], phrases: &Phrases, out: &mut Vec<Candidate>) {
    let line = &doc.lines[li];
    if phrases.is_empty() || line.continues {
        return;
    }
    for (ci, cell) in line.cells.iter().enumerate() {
        if hits.iter().any(|(i, _)| *i == ci) {
            continue;
        }
        let wrapped = doc.lines[li + 1..]
            .iter()
            .take_while(|l| l.continues)
            .take(MAX_WRAPPED_LINES);
        let text = match line.cells.len() == 1 {
            true => wrapped.fold(cell.text.clone(), |mut t, l| {
                t.push(' ');
                t.push_str(&l.text());
                t
            }),
            false => cell.text.clone(),
        };
        for found in phrases.find(&text) {
            out.push(Candidate {
                field: found.field,
                value: Ok(Value::Integer(found.value)),
                at: cell.at.clone(),
                block: line.block,
                hidden: cell.hidden,
                doubt: Some(format!("đọc từ câu văn \"{}\"", found.clause)),
                prose: true,
            });
        }
    }
}

/// Most wrapped lines joined to read one paragraph's sentences.
const MAX_WRAPPED_LINES: usize = 40;

/// Whether the cell a value was read from (on the label's line) is hidden.
fn doc_cell_hidden(line: &super::document::Line, at: &Location) -> bool {
    line.cells.iter().any(|c| c.hidden && c.at == *at)
}

/// Picks one value per field: readable first, then from the block with most labels, then the
/// earliest. Disagreeing readable values are reported, unreadable ones only if nothing better.
fn choose(form: &Form, candidates: Vec<Candidate>) -> Matched {
    let mut per_block: HashMap<Option<u32>, usize> = HashMap::new();
    for c in &candidates {
        *per_block.entry(c.block).or_default() += usize::from(!c.hidden && !c.prose);
    }
    let mut matched = Matched {
        labels_found: candidates.iter().filter(|c| !c.prose).count(),
        ..Matched::default()
    };
    for (i, field) in form.fields.iter().enumerate() {
        let mut mine: Vec<&Candidate> = candidates.iter().filter(|c| c.field == i).collect();
        // Stable sort keeps document order among equals. What is in sight comes first: a
        // hidden sheet is an old copy or a list for drop-downs, unless nothing else holds it.
        // A figure beside its label wins over one read from a sentence.
        mine.sort_by_key(|c| {
            (
                c.value.is_err(),
                c.hidden,
                c.prose,
                std::cmp::Reverse(per_block[&c.block]),
            )
        });
        let Some(best) = mine.first() else { continue };
        let note = |reason: String| Review::field(&field.key, reason);
        if let (Ok(_), Some(doubt)) = (&best.value, &best.doubt) {
            matched
                .notes
                .push(note(format!("{}: {doubt} (đã lấy giá trị ở {})", field.label, best.at)));
        }
        if best.value.is_ok() && best.hidden {
            matched.notes.push(note(format!(
                "{}: chỉ có ở trang tính, hàng hoặc cột đang ẩn ({}); cần xác nhận",
                field.label, best.at
            )));
        }
        match &best.value {
            Ok(v) => {
                // A sentence often gives a part of a figure ("trong đó góp ý 3 dự thảo"): it
                // is compared only with other sentences, never against the table's figure.
                let mut rivals = mine
                    .iter()
                    .skip(1)
                    .filter(|c| c.hidden == best.hidden && c.prose == best.prose);
                if let Some(other) = rivals.find(|c| c.value.as_ref().is_ok_and(|o| o != v)) {
                    matched.notes.push(note(format!(
                        "{}: có hai giá trị khác nhau ({} và {}); đã lấy giá trị ở {}",
                        field.label,
                        show(v),
                        show(other.value.as_ref().unwrap_or(v)),
                        best.at
                    )));
                }
                matched.fields.insert(field.key.clone(), v.clone());
                matched.sources.insert(field.key.clone(), best.at.clone());
            }
            Err(warning) => matched
                .notes
                .push(Review::field(&field.key, format!("{warning} ({})", best.at))),
        }
    }
    matched
}

fn show(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
