//! The workbook's trend sheet: the province's totals of the form's main indicators over the
//! last periods of the same kind, and their line chart ([`super::charts::trend`]).

use super::charts;
use super::gather::Compilation;
use super::sizing::header_height;
use super::xlsx::{FIRST, HEAD, INDICATOR_WIDTH, Styles, title, write_header};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The province's totals of the main indicators over the last periods of the same kind,
/// and their line chart beside the table.
pub(super) fn sheet(sheet: &mut Worksheet, c: &Compilation, subject: &str, s: &Styles) -> Result<(), XlsxError> {
    let main: Vec<usize> = c.main_indicators();
    let mut headers = vec!["Kỳ báo cáo".to_string(), "Số đơn vị báo cáo".into()];
    headers.extend(main.iter().map(|&i| c.indicators[i].label.clone()));
    write_header(sheet, &headers, &title(subject, "các chỉ tiêu chính qua các kỳ"), s)?;
    for (row, point) in (FIRST..).zip(&c.trend) {
        sheet.write_string_with_format(row, 0, point.period.label_vi(), &s.text)?;
        sheet.write_number_with_format(row, 1, point.chapters as f64, &s.number)?;
        for (col, &i) in (2u16..).zip(&main) {
            match point.totals[i] {
                Some(v) => sheet.write_number_with_format(row, col, v as f64, &s.number)?,
                None => sheet.write_blank(row, col, &s.number)?,
            };
        }
    }
    sheet.set_column_width(0, 24.0)?;
    for col in 1..headers.len() as u16 {
        sheet.set_column_width(col, INDICATOR_WIDTH)?;
    }
    let longest = headers.iter().map(|h| h.chars().count()).max().unwrap_or(0);
    sheet.set_row_height(HEAD, header_height(longest, INDICATOR_WIDTH))?;
    let last = FIRST + c.trend.len() as u32 - 1;
    let anchor = (FIRST + c.trend.len() as u32 + 2, 0);
    charts::trend(sheet, c, &main, (FIRST, last), anchor)
}
