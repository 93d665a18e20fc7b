//! The cells of one worksheet part (`xl/worksheets/sheetN.xml`), streamed: references,
//! types, shared and inline strings, numbers.

use super::Shared;
use super::{attr, each_event};
use crate::extract::docx::push_entity;
use crate::extract::error::Refusal;
use crate::extract::sheets::{SheetCell, float_text};
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;

/// `B12` → (row 11, column 1), 0-based.
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    let col = letters.bytes().try_fold(0u32, |acc, b| {
        b.is_ascii_alphabetic()
            .then(|| acc * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = digits.parse().ok()?;
    (col >= 1 && row >= 1).then(|| (row - 1, col - 1))
}

/// A cell whose style matters: (index among the sheet's cells, style, value). A number in a
/// styled cell (`Some(value)`) shows a date if its style says so; a text cell with letters
/// beyond ASCII (`None`) is legacy Vietnamese if its style's font is a TCVN3 or VNI one.
pub(super) type Styled = (usize, usize, Option<f64>);

/// The non-empty cells of one worksheet, numbers written as numbers, and the numbers whose
/// style must be looked up (see [`super::read`]). `budget` is the text, in bytes, the
/// workbook's cells may still hold: one long shared string in thousands of cells must not
/// become gigabytes of copies.
pub(super) fn cells(
    xml: &str,
    shared: &[Shared],
    budget: &mut usize,
) -> Result<(Vec<SheetCell>, Vec<Styled>), Refusal> {
    let mut over = false;
    let mut out = Vec::new();
    let mut styled = Vec::new();
    let mut cell: Option<(u32, u32, &str, usize)> = None; // row, col, type, style
    let (mut value, mut in_value, mut row, mut next_col) = (String::new(), false, 0u32, 0u32);
    let mut next_row = 0u32;
    // Hidden columns (`<col min max hidden>`, 1-based ranges) and whether this row is hidden:
    // an old copy or a drop-down list kept out of sight is not the form (see the matcher).
    let mut hidden_cols: Vec<(u32, u32)> = Vec::new();
    let mut row_hidden = false;
    each_event(xml, |event| match event {
        // The element's local name is found once per event: a sheet is mostly `<c>` and
        // `<v>` elements, and each guard finding it again was a tenth of the sheet's time.
        Event::Start(ref e) | Event::Empty(ref e) => {
            let empty = matches!(event, Event::Empty(_));
            match e.local_name().as_ref() {
                "row" => {
                    // `r` is 1-based and optional; without it rows simply follow each other.
                    row = attr(e, "r")
                        .and_then(|r| r.parse::<u32>().ok())
                        .map_or(next_row, |r| r.saturating_sub(1));
                    next_row = row + 1;
                    next_col = 0;
                    row_hidden = attr(e, "hidden").is_some_and(|h| is_true(&h));
                }
                "col" => {
                    let bound = |name| attr(e, name).and_then(|v| v.parse::<u32>().ok());
                    if attr(e, "hidden").is_some_and(|h| is_true(&h))
                        && let (Some(min), Some(max)) = (bound("min"), bound("max"))
                    {
                        hidden_cols.push((min.saturating_sub(1), max.saturating_sub(1)));
                    }
                }
                "c" if empty => next_col += 1,
                "c" => {
                    let (r, style, kind) = cell_attributes(e);
                    let (r, c) = r.and_then(cell_ref).unwrap_or((row, next_col));
                    next_col = c + 1;
                    cell = Some((r, c, kind, style));
                    value.clear();
                }
                "v" | "t" if !empty => in_value = true,
                _ => {}
            }
        }
        Event::End(e) => match e.local_name().as_ref() {
            "v" | "t" => in_value = false,
            "c" => {
                if let Some((row, col, kind, style)) = cell.take().filter(|_| !over)
                    && let Some((text, number)) = cell_text(kind, &value, shared)
                {
                    match budget.checked_sub(text.len()) {
                        Some(left) => *budget = left,
                        None => over = true,
                    }
                    match number {
                        Some(number) if style != 0 => styled.push((out.len(), style, Some(number))),
                        None if !text.is_ascii() && !fonted(kind, &value, shared) => {
                            styled.push((out.len(), style, None));
                        }
                        _ => {}
                    }
                    let hidden = row_hidden || hidden_cols.iter().any(|&(lo, hi)| (lo..=hi).contains(&col));
                    out.push(SheetCell {
                        row,
                        col,
                        text,
                        date_serial: None,
                        hidden,
                    });
                }
            }
            _ => {}
        },
        Event::Text(t) if in_value => value.push_str(&t.xml10_content()),
        Event::GeneralRef(r) if in_value => push_entity(&r.xml10_content(), |t| value.push_str(t)),
        _ => {}
    })?;
    if over {
        return Err(Refusal::too_large(super::FORMAT, "quá nhiều chữ trong các ô"));
    }
    Ok((out, styled))
}

/// A cell's reference, style and type (`r`, `s`, `t`) in one pass over its attributes: the
/// cell element is most of a sheet, and looking each attribute up on its own scanned them
/// three times. None of the three can hold an entity, so no unescaping.
fn cell_attributes<'e>(e: &'e BytesStart) -> (Option<&'e str>, usize, &'static str) {
    let (mut r, mut style, mut kind) = (None, 0, "n");
    for a in e.attributes().with_checks(false).flatten() {
        let Cow::Borrowed(value) = a.value else { continue };
        match a.key.as_ref() {
            "r" => r = Some(value),
            "s" => style = value.parse().unwrap_or(0),
            "t" => kind = cell_type(Some(value)),
            _ => {}
        }
    }
    (r, style, kind)
}

/// An XML boolean attribute (`1`, `true`).
pub(super) fn is_true(value: &str) -> bool {
    matches!(value, "1" | "true")
}

/// The cell types that matter, as static names (the attribute is borrowed from the event).
fn cell_type(t: Option<&str>) -> &'static str {
    match t {
        Some("s") => "s",
        Some("inlineStr") => "inlineStr",
        Some("str") => "str",
        Some("b") => "b",
        Some("e") => "e",
        _ => "n",
    }
}

/// A cell's text by its type: shared or inline string, formula string, or number (with its
/// value, which may be a date). Booleans and errors carry nothing a form needs.
fn cell_text(kind: &str, value: &str, shared: &[Shared]) -> Option<(String, Option<f64>)> {
    match kind {
        "s" => shared
            .get(value.trim().parse::<usize>().ok()?)
            .map(|s| (s.text.clone(), None)),
        "inlineStr" | "str" => Some((value.to_string(), None)),
        "b" | "e" => None,
        _ => {
            let number: f64 = value.trim().parse().ok()?;
            Some((float_text(number), Some(number)))
        }
    }
}

/// True for a shared string whose rich-text runs name their own fonts: those decided, when
/// the shared strings were read, whether its text is legacy.
fn fonted(kind: &str, value: &str, shared: &[Shared]) -> bool {
    kind == "s"
        && value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| shared.get(i))
            .is_some_and(|s| s.fonted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_are_zero_based() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("D11"), Some((10, 3)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("11"), None);
    }

    #[test]
    fn rows_and_cells_without_references_follow_each_other() {
        let xml = "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>5</v></c></row>\
                   <row r=\"4\"><c r=\"C4\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>";
        let mut budget = usize::MAX;
        let got: Vec<(u32, u32, String)> = cells(xml, &["x".into()], &mut budget)
            .unwrap()
            .0
            .into_iter()
            .map(|c| (c.row, c.col, c.text))
            .collect();
        assert_eq!(got, [(0, 0, "a".into()), (0, 1, "5".into()), (3, 2, "x".into())]);
    }
}
