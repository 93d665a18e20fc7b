//! Fields of an official letter, which has no labelled header block.
//!
//! A chapter writing its own letter names itself only in the letterhead (`HỘI LHPN HUYỆN VẠN
//! NINH`), the period only in the title (`... 6 tháng đầu năm 2021`) and the date only in the
//! place-and-date line. For fields marked `unlabelled` in the form and not found by label,
//! this module looks there — and only there, so nothing is guessed from the body.

use super::document::{Document, Location};
use super::matcher::Matched;
use super::record::Value;
use super::values::{find_date_phrase, parse_period, place_date};
use crate::form::{FieldKind, Form};
use crate::registry::Registry;
use crate::text::fold;

/// How far into a letter its heading part (letterhead, date line, title) may reach.
const HEAD_LINES: usize = 25;

/// Fills unlabelled fields still absent from `matched`.
pub fn fill_unlabelled(doc: &Document, form: &Form, registry: &Registry, matched: &mut Matched) {
    for field in form.fields.iter().filter(|f| f.unlabelled) {
        if matched.fields.contains_key(&field.key) {
            continue;
        }
        let found = match field.kind {
            FieldKind::Chapter => letterhead_chapter(doc, registry),
            FieldKind::Period => title_period(doc),
            FieldKind::Date => dated_line(doc),
            _ => None,
        };
        if let Some((value, at)) = found {
            matched.fields.insert(field.key.clone(), value);
            matched.sources.insert(field.key.clone(), at);
        }
    }
}

/// Lines of the letter's head, each cell split into its paragraphs.
fn head_parts(doc: &Document) -> impl Iterator<Item = (&str, &Location)> {
    doc.lines
        .iter()
        .take(HEAD_LINES)
        .flat_map(|l| l.cells.iter())
        .flat_map(|c| c.text.split('\n').map(move |t| (t, &c.at)))
}

/// The chapter named in the letterhead: an organisation line (`HỘI ...`) before the title.
fn letterhead_chapter(doc: &Document, registry: &Registry) -> Option<(Value, Location)> {
    let before_title = || head_parts(doc).take_while(|(t, _)| fold(t) != "bao cao");
    let organisation = before_title()
        .filter(|(t, _)| fold(t).starts_with("hoi "))
        .find_map(|(t, at)| Some((registry.find(t)?, at)));
    let (chapter, at) = organisation.or_else(|| before_title().find_map(|(t, at)| Some((registry.find(t)?, at))))?;
    Some((Value::Chapter(chapter.code.clone()), at.clone()))
}

/// The period in the title: the first head line after `BÁO CÁO` that names one. A title
/// wrapped over two PDF lines (`... 6 tháng đầu` / `năm 2022`) is read as one line.
fn title_period(doc: &Document) -> Option<(Value, Location)> {
    let mut joined: Vec<(String, &Location)> = Vec::new();
    for line in doc.lines.iter().take(HEAD_LINES) {
        match joined.last_mut() {
            Some((text, _)) if line.continues => {
                text.push(' ');
                text.push_str(&line.text());
            }
            _ => joined.extend(
                line.cells
                    .iter()
                    .flat_map(|c| c.text.split('\n').map(|t| (t.to_string(), &c.at))),
            ),
        }
    }
    let has_title = joined.iter().any(|(t, _)| fold(t) == "bao cao");
    joined
        .iter()
        .skip_while(|(t, _)| has_title && fold(t) != "bao cao")
        .find_map(|(t, at)| Some((Value::Period(parse_period(t)?), (*at).clone())))
}

/// The date of the `..., ngày d tháng m năm yyyy` line, in the head or (signed at the end) below.
fn dated_line(doc: &Document) -> Option<(Value, Location)> {
    doc.lines
        .iter()
        .flat_map(|l| l.cells.iter())
        .flat_map(|c| c.text.split('\n').map(move |t| (t, &c.at)))
        // A short line only: a sentence of the body that mentions a date is not the date line.
        .filter(|(t, _)| t.len() < 100)
        .find_map(|(t, at)| {
            let date = find_date_phrase(t).or_else(|| place_date(t))?;
            Some((Value::Date(date), at.clone()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::{Cell, Line};

    fn line(text: &str, n: u32, continues: bool) -> Line {
        Line {
            cells: vec![Cell::new(text.into(), 0, Location::Page { page: 1, line: n })],
            block: None,
            continues,
        }
    }

    #[test]
    fn a_title_wrapped_over_two_lines_gives_its_period() {
        let doc = Document {
            lines: vec![
                line("Vạn Ninh, ngày 6 tháng 6 năm 2022", 1, false),
                line("BÁO CÁO", 2, false),
                line("Kết quả công tác giám sát, phản biện xã hội 6 tháng đầu", 3, false),
                line("năm 2022", 4, true),
            ],
        };
        let (value, at) = title_period(&doc).unwrap();
        assert_eq!(value, Value::Period(crate::model::Period::half_year(2022)));
        assert_eq!(at, Location::Page { page: 1, line: 3 });
    }
}
