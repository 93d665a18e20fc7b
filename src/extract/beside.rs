//! Reading the value of one label: after its colon, in the cells to its right (the figures
//! column when the headings name one), or for a signature block in the cells below it.
//!
//! Every read says whether the reader had to choose ([`Read::doubt`]): several number
//! columns that no heading decides, headings naming two value columns, a name below a
//! signature title that could belong to the title beside it. The matcher turns a doubt into a
//! review item, so a value the reader was not sure of is never passed on silently.

use super::columns::Figures;
use super::document::{Cell, Document, Location};
use super::record::Value;
use super::values::{IntegerRead, date_from_excel_serial, parse_date, parse_integer, parse_period};
use crate::form::{Field, FieldKind};
use crate::registry::Registry;
use crate::text::{fold, is_placeholder, starts_with_words, tidy};

/// A value read beside a label, with where it was read and why it might be wrong.
pub struct Read {
    /// The value, or why the text there is not one.
    pub value: Result<Value, String>,
    /// Where the value (or the unreadable text) was.
    pub at: Location,
    /// Why a person should confirm it, when the reader had to choose.
    pub doubt: Option<String>,
}

/// What the matcher knows around one label cell.
pub struct Around<'a> {
    /// The document, for looking below a signature title.
    pub doc: &'a Document,
    /// The label's line.
    pub line: usize,
    /// The label's cell.
    pub cell: &'a Cell,
    /// The cells right of the label, up to the next label.
    pub right: &'a [Cell],
    /// The table's figures column, from its headings.
    pub figures: &'a Figures,
    /// Folded titles of a signature block (`tm ban thuong vu`, `chu tich`).
    pub titles: &'a [String],
}

/// Reads a non-section field from the inline text or the cells around its label.
pub fn value(field: &Field, inline: Option<&str>, around: &Around, registry: &Registry) -> Option<Read> {
    let sure = |value, at| Read { value, at, doubt: None };
    if let Some(text) = inline {
        if is_placeholder(text) {
            return None;
        }
        return Some(sure(read_one(field, text, None, registry), around.cell.at.clone()));
    }
    let filled = around.right.iter().filter(|c| !is_placeholder(&c.text));
    match field.kind {
        FieldKind::Integer => integer(field, around),
        FieldKind::Text => {
            let mut filled = filled.filter(|c| !is_title(&c.text, around.titles));
            match filled.next() {
                Some(c) => Some(sure(read_one(field, &c.text, None, registry), c.at.clone())),
                None => super::signature::name_below(around).map(|(name, at, doubt)| Read {
                    value: Ok(Value::Text(name)),
                    at,
                    doubt,
                }),
            }
        }
        _ => filled
            .take(1)
            .map(|c| sure(read_one(field, &c.text, c.date_serial, registry), c.at.clone()))
            .next(),
    }
}

/// An integer from the figures column, or the one number right of the label. Several
/// different numbers with no heading to decide are read (the first) but doubted.
fn integer(field: &Field, around: &Around) -> Option<Read> {
    let figures = around.figures;
    if let Some(col) = figures.column {
        let cells = around.right.iter().filter(|c| c.col == col && !is_placeholder(&c.text));
        let (value, at) = first_integer(field, cells, true)?;
        // A figure in a column no heading names may be the one a merged heading covers.
        let unheaded = !figures.total
            && around.right.iter().any(|c| {
                c.col != col
                    && !figures.known.contains(&c.col)
                    && matches!(parse_integer(&c.text), IntegerRead::Value(_))
            });
        let doubt =
            (figures.ambiguous || unheaded).then(|| "bảng có nhiều cột kết quả; cần xác nhận cột đã lấy".to_string());
        return Some(Read { value, at, doubt });
    }
    let cells: Vec<&Cell> = around
        .right
        .iter()
        .filter(|c| !figures.excluded.contains(&c.col) && !is_placeholder(&c.text))
        .collect();
    let (value, at) = first_integer(field, cells.iter().copied(), false)?;
    let mut numbers: Vec<i64> = cells
        .iter()
        .filter_map(|c| match parse_integer(&c.text) {
            IntegerRead::Value(v) => Some(v),
            _ => None,
        })
        .collect();
    numbers.dedup();
    let doubt = (numbers.len() > 1).then(|| {
        let shown: Vec<String> = numbers.iter().map(i64::to_string).collect();
        format!(
            "có nhiều số bên cạnh ({}) mà tiêu đề cột không cho biết số nào là kết quả",
            shown.join(", ")
        )
    });
    Some(Read { value, at, doubt })
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

/// True for a signature block's title or instruction (`TM. BAN THƯỜNG VỤ`, `(Ký, ghi rõ họ
/// tên)`), which is never a person's name.
pub fn is_title(text: &str, titles: &[String]) -> bool {
    let folded = fold(text);
    text.trim_start().starts_with('(') || titles.iter().any(|t| starts_with_words(&folded, t))
}

/// Why a unit's name was not read as a chapter (the staff's notice quotes the name from it).
pub const NOT_A_CHAPTER: &str = "không có trong danh sách đơn vị";

/// The unit's name as a report wrote it when no unit of the list had that name, taken from the
/// note [`read_one`] left among `warnings`: the staff's notice quotes it, and a new units list
/// is checked against it.
pub fn unit_written<'w>(form: &crate::form::Form, warnings: impl IntoIterator<Item = &'w str>) -> Option<String> {
    let field = form.fields.iter().find(|f| f.kind == FieldKind::Chapter)?;
    let prefix = format!("{}: \"", field.label);
    let suffix = format!("\" {NOT_A_CHAPTER}");
    warnings.into_iter().find_map(|w| {
        w.strip_prefix(&prefix)?
            .split_once(&suffix)
            .map(|(name, _)| name.to_string())
    })
}

/// Reads one cell's text as the field's type.
pub fn read_one(field: &Field, text: &str, date_serial: Option<f64>, registry: &Registry) -> Result<Value, String> {
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
