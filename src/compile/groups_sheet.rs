//! The workbook sheet of the units' parents: for each parent how many units owe the report,
//! how many sent it, and the sums of their figures — the subtotals a report of hundreds of
//! units is read by (a former district's communes, a province of a national roll-up).

use super::gather::Compilation;
use super::xlsx::{FIRST, INDICATOR_WIDTH, Styles, title, unit_columns, write_header};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The sheet's name.
pub const SHEET: &str = "Theo đơn vị cấp trên";

/// One row per parent, then the whole report's; written only when the units have parents.
pub(super) fn sheet(sheet: &mut Worksheet, c: &Compilation, subject: &str, s: &Styles) -> Result<(), XlsxError> {
    let mut headers = vec![
        "STT".to_string(),
        "Mã".into(),
        "Đơn vị cấp trên".into(),
        "Số đơn vị phải báo cáo".into(),
        "Số đơn vị đã gửi".into(),
        "Tỷ lệ đã gửi (%)".into(),
    ];
    headers.extend(c.indicators.iter().map(|i| i.label.clone()));
    write_header(sheet, &headers, &title(subject, "tổng hợp theo đơn vị cấp trên"), s)?;
    for (i, (row, group)) in (FIRST..).zip(&c.groups).enumerate() {
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &s.centered)?;
        sheet.write_string_with_format(row, 1, group.code.as_deref().unwrap_or(""), &s.text)?;
        sheet.write_string_with_format(row, 2, &group.name, &s.text)?;
        counts(sheet, row, group.members.len(), group.received, &s.number)?;
        for (col, total) in (6u16..).zip(&group.totals) {
            match total {
                Some(v) => sheet.write_number_with_format(row, col, *v as f64, &s.number)?,
                None => sheet.write_blank(row, col, &s.number)?,
            };
        }
    }
    let total = FIRST + c.groups.len() as u32;
    sheet.merge_range(total, 0, total, 2, "Tổng cộng", &s.total_label)?;
    counts(sheet, total, c.chapters.len(), c.received().count(), &s.total)?;
    for (col, indicator) in (6u16..).zip(&c.indicators) {
        sheet.write_number_with_format(total, col, indicator.total as f64, &s.total)?;
    }
    unit_columns(sheet, &headers, INDICATOR_WIDTH)?;
    Ok(())
}

/// Owed, sent and the share sent (whole per cent: a parent's completeness is its own units'
/// reports over its own units, none counted twice).
fn counts(
    sheet: &mut Worksheet,
    row: u32,
    owed: usize,
    sent: usize,
    format: &rust_xlsxwriter::Format,
) -> Result<(), XlsxError> {
    sheet.write_number_with_format(row, 3, owed as f64, format)?;
    sheet.write_number_with_format(row, 4, sent as f64, format)?;
    match crate::form::percent(sent as i64, owed as i64) {
        Some(pc) => sheet.write_number_with_format(row, 5, pc as f64, format)?,
        None => sheet.write_blank(row, 5, format)?,
    };
    Ok(())
}
