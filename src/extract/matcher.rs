//! The one field matcher: finds a form's fields in a format-neutral document.
//!
//! Every cell that is a label yields a candidate value: the text after its colon, the cells
//! to its right (the figures column when a header row names it), or for a section the lines
//! under it. Candidates are then chosen per field, preferring readable values from the table
//! or sheet where most labels were found (so an instructions sheet does not win over the
//! filled-in form). Fields still absent fall back to where an official letter puts them.

use super::document::{Cell, Document, Location};
use super::labels::{FormIndex, LabelHit};
use super::record::Value;
use super::values::{IntegerRead, date_from_excel_serial, parse_date, parse_integer, parse_period};
use super::{letter, section};
use crate::form::{Field, FieldKind, Form};
use crate::registry::Registry;
use crate::text::{fold, tidy};
use std::collections::{BTreeMap, HashMap};

/// The fields found in one document for one form.
#[derive(Debug, Default)]
pub struct Matched {
    /// Values by field key.
    pub fields: BTreeMap<String, Value>,
    /// Where each value was read.
    pub sources: BTreeMap<String, Location>,
    /// Values that were present but unreadable, and other notes, in Vietnamese.
    pub warnings: Vec<String>,
    /// How many label cells were found: the measure of how well the form fits.
    pub labels_found: usize,
}

/// A value read beside one label.
struct Candidate {
    field: usize,
    value: Result<Value, String>,
    at: Location,
    block: Option<u32>,
}

/// The label cells of each line: (cell index, label), found once per document.
pub type LineLabels<'d> = Vec<Vec<(usize, LabelHit<'d>)>>;

/// Finds the fields of the indexed form in `doc`.
pub fn match_form(doc: &Document, index: &FormIndex, registry: &Registry) -> Matched {
    let form = index.form;
    let all_hits: LineLabels = doc
        .lines
        .iter()
        .map(|line| {
            line.cells
                .iter()
                .enumerate()
                .filter_map(|(ci, c)| Some((ci, index.labels.find(&c.text)?)))
                .collect()
        })
        .collect();
    let mut candidates = Vec::new();
    let mut figures_col: HashMap<Option<u32>, u32> = HashMap::new();
    for (li, (line, hits)) in doc.lines.iter().zip(&all_hits).enumerate() {
        if let Some(col) = header_value_column(&line.cells, &index.value_columns) {
            figures_col.insert(line.block, col);
        }
        for (n, (ci, hit)) in hits.iter().enumerate() {
            let field = &form.fields[hit.field];
            let end = hits.get(n + 1).map_or(line.cells.len(), |(next, _)| *next);
            let right = &line.cells[ci + 1..end];
            let cell = &line.cells[*ci];
            let read = match field.kind {
                FieldKind::Section => section::text(doc, li, *ci, end, hit.inline, &all_hits, &index.stops)
                    .map(|(t, at)| (Ok(Value::Text(t)), at)),
                _ => value_beside(
                    field,
                    hit.inline,
                    cell,
                    right,
                    figures_col.get(&line.block).copied(),
                    registry,
                ),
            };
            if let Some((value, at)) = read {
                candidates.push(Candidate {
                    field: hit.field,
                    value,
                    at,
                    block: line.block,
                });
            }
        }
    }
    let mut matched = choose(form, candidates);
    letter::fill_unlabelled(doc, form, registry, &mut matched);
    matched
}

/// The column of a header row that names the figures (`Số lượng`, `Kết quả`...). Only for
/// grid formats: a PDF line's cells are numbered by position, not by column.
fn header_value_column(cells: &[Cell], value_columns: &[String]) -> Option<u32> {
    if cells.len() < 2 || matches!(cells[0].at, Location::Page { .. }) {
        return None;
    }
    // Column headings are a few words; folding long texts or figures would find nothing.
    let longest = value_columns.iter().map(String::len).max().unwrap_or(0);
    cells
        .iter()
        .filter(|c| c.text.len() <= 2 * longest + 8 && c.text.chars().any(char::is_alphabetic))
        .find(|c| value_columns.contains(&fold(&c.text)))
        .map(|c| c.col)
}

/// Reads a non-section field from the inline text or the cells right of its label.
fn value_beside(
    field: &Field,
    inline: Option<&str>,
    label: &Cell,
    right: &[Cell],
    figures_col: Option<u32>,
    registry: &Registry,
) -> Option<(Result<Value, String>, Location)> {
    if let Some(text) = inline {
        return Some((read_one(field, text, None, registry), label.at.clone()));
    }
    match field.kind {
        FieldKind::Integer => {
            let in_figures = |c: &&Cell| figures_col.is_none_or(|col| c.col == col);
            first_integer(field, right.iter().filter(in_figures), figures_col.is_some())
        }
        _ => right
            .first()
            .map(|c| (read_one(field, &c.text, c.date_serial, registry), c.at.clone())),
    }
}

/// The first cell that is a whole number; unit cells are skipped, a malformed number is an
/// error only if no good one follows.
/// In the figures column named by a header, any text that is not a number is an error.
fn first_integer<'c>(
    field: &Field,
    cells: impl Iterator<Item = &'c Cell>,
    figures_column: bool,
) -> Option<(Result<Value, String>, Location)> {
    let mut invalid = None;
    for c in cells {
        match parse_integer(&c.text) {
            IntegerRead::Value(v) => return Some((Ok(Value::Integer(v)), c.at.clone())),
            IntegerRead::NotANumber if !figures_column => {}
            _ if invalid.is_none() => {
                invalid = Some((Err(unreadable(field, &c.text, "không phải số nguyên")), c.at.clone()))
            }
            _ => {}
        }
    }
    invalid
}

/// Why a unit's name was not read as a chapter (the staff's notice quotes the name from it).
pub const NOT_A_CHAPTER: &str = "không có trong danh sách đơn vị";

/// Reads one cell's text as the field's type.
fn read_one(field: &Field, text: &str, date_serial: Option<f64>, registry: &Registry) -> Result<Value, String> {
    match field.kind {
        FieldKind::Integer => match parse_integer(text) {
            IntegerRead::Value(v) => Ok(Value::Integer(v)),
            _ => Err(unreadable(field, text, "không phải số nguyên")),
        },
        FieldKind::Date => date_serial
            .and_then(date_from_excel_serial)
            .or_else(|| parse_date(text))
            .map(Value::Date)
            .ok_or_else(|| unreadable(field, text, "không phải ngày hợp lệ")),
        FieldKind::Period => parse_period(text)
            .map(Value::Period)
            .ok_or_else(|| unreadable(field, text, "không rõ kỳ báo cáo (6 tháng đầu năm hay cả năm, năm nào)")),
        FieldKind::Chapter => registry
            .find(text)
            .map(|c| Value::Chapter(c.code.clone()))
            .ok_or_else(|| unreadable(field, text, NOT_A_CHAPTER)),
        FieldKind::Text | FieldKind::Section => Ok(Value::Text(tidy(text))),
    }
}

fn unreadable(field: &Field, text: &str, why: &str) -> String {
    format!("{}: \"{}\" {why}", field.label, tidy(text))
}

/// Picks one value per field: readable first, then from the block with most labels, then the
/// earliest. Disagreeing readable values are reported, unreadable ones only if nothing better.
fn choose(form: &Form, candidates: Vec<Candidate>) -> Matched {
    let mut per_block: HashMap<Option<u32>, usize> = HashMap::new();
    for c in &candidates {
        *per_block.entry(c.block).or_default() += 1;
    }
    let mut matched = Matched {
        labels_found: candidates.len(),
        ..Matched::default()
    };
    for (i, field) in form.fields.iter().enumerate() {
        let mut mine: Vec<&Candidate> = candidates.iter().filter(|c| c.field == i).collect();
        // Stable sort keeps document order among equals.
        mine.sort_by_key(|c| (c.value.is_err(), std::cmp::Reverse(per_block[&c.block])));
        let Some(best) = mine.first() else { continue };
        match &best.value {
            Ok(v) => {
                if let Some(other) = mine.iter().skip(1).find(|c| c.value.as_ref().is_ok_and(|o| o != v)) {
                    matched.warnings.push(format!(
                        "{}: có hai giá trị khác nhau ({} và {}); đã lấy giá trị ở {}",
                        field.label,
                        show(v),
                        show(other.value.as_ref().unwrap_or(v)),
                        best.at
                    ));
                }
                matched.fields.insert(field.key.clone(), v.clone());
                matched.sources.insert(field.key.clone(), best.at.clone());
            }
            Err(warning) => matched.warnings.push(format!("{warning} ({})", best.at)),
        }
    }
    matched
}

fn show(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
