//! The term review's year-by-year sheet: each unit's main figures in every year of the term,
//! beside the term's own figures on the figures sheet, so a sơ kết reads how each unit went.

use super::gather::Compilation;
use super::xlsx::{FIRST, INDICATOR_WIDTH, Styles, title, unit_columns, write_header};
use crate::model::Period;
use rust_xlsxwriter::{Worksheet, XlsxError};
use serde::Serialize;

/// The sheet's name.
pub const SHEET: &str = "Theo năm";

/// One year of a term: each unit's figures that year, in the order of the compilation's units
/// and indicators (none: no report that counts).
#[derive(Debug, Clone, Serialize)]
pub struct TermYear {
    pub period: Period,
    pub values: Vec<Option<Vec<Option<i64>>>>,
}

/// Per unit, each main indicator in each year; the last row the years' totals.
pub(super) fn sheet(sheet: &mut Worksheet, c: &Compilation, subject: &str, s: &Styles) -> Result<(), XlsxError> {
    let main = c.main_indicators();
    let columns: Vec<(usize, usize)> = main
        .iter()
        .flat_map(|&i| (0..c.term_years.len()).map(move |y| (i, y)))
        .collect();
    let mut headers = vec!["STT".to_string(), "Mã".into(), "Đơn vị".into()];
    headers.extend(
        columns
            .iter()
            .map(|&(i, y)| format!("{} — {}", c.indicators[i].label, c.term_years[y].period.label_vi())),
    );
    write_header(
        sheet,
        &headers,
        &title(subject, "các chỉ tiêu chính của từng đơn vị qua các năm"),
        s,
    )?;
    let mut totals = vec![None::<i64>; columns.len()];
    for (u, (row, unit)) in (FIRST..).zip(&c.chapters).enumerate() {
        sheet.write_number_with_format(row, 0, (u + 1) as f64, &s.centered)?;
        sheet.write_string_with_format(row, 1, &unit.code, &s.text)?;
        sheet.write_string_with_format(row, 2, &unit.name, &s.text)?;
        for (k, &(i, y)) in columns.iter().enumerate() {
            let value = c.term_years[y].values[u].as_ref().and_then(|v| v[i]);
            let col = 3 + k as u16;
            match value {
                Some(v) => {
                    totals[k] = Some(totals[k].unwrap_or(0) + v);
                    sheet.write_number_with_format(row, col, v as f64, &s.number)?
                }
                None => sheet.write_blank(row, col, &s.number)?,
            };
        }
    }
    let total = FIRST + c.chapters.len() as u32;
    sheet.merge_range(total, 0, total, 2, "Tổng cộng", &s.total_label)?;
    for (k, value) in totals.iter().enumerate() {
        match value {
            Some(v) => sheet.write_number_with_format(total, 3 + k as u16, *v as f64, &s.total)?,
            None => sheet.write_blank(total, 3 + k as u16, &s.total)?,
        };
    }
    unit_columns(sheet, &headers, INDICATOR_WIDTH)?;
    Ok(())
}
