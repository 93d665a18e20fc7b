//! What every sheet of the compiled workbook shares: the rows of its title and headings, the
//! first unit row, the styles, and the widths of a sheet of units.

use super::sizing::header_height;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// Width of an indicator or narrative column; their headings wrap.
pub(super) const INDICATOR_WIDTH: f64 = 10.0;
/// Row of the column headings (0-based): the sheet's title stands above them.
pub(super) const HEAD: u32 = 1;
/// First chapter row.
pub(super) const FIRST: u32 = HEAD + 1;

/// The cell formats of the workbook: Times New Roman, thin borders.
pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) header: Format,
    pub(super) text: Format,
    pub(super) wrapped: Format,
    pub(super) number: Format,
    pub(super) flagged: Format,
    pub(super) centered: Format,
    pub(super) total_label: Format,
    pub(super) total: Format,
    pub(super) datetime: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let number = base.clone().set_num_format("#,##0");
        Styles {
            title: Format::new()
                .set_font_name("Times New Roman")
                .set_font_size(14)
                .set_bold()
                .set_align(FormatAlign::VerticalCenter),
            header: base.clone().set_bold().set_text_wrap().set_align(FormatAlign::Center),
            text: base.clone(),
            centered: base.clone().set_align(FormatAlign::Center),
            wrapped: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            flagged: number.clone().set_background_color("#FFF2CC"),
            total_label: base.clone().set_bold(),
            total: number.clone().set_bold(),
            number,
            datetime: base.set_num_format("dd/mm/yyyy hh:mm").set_align(FormatAlign::Center),
        }
    }
}

/// The title row and the heading row, printed on A4 landscape one page wide with both on
/// every page.
pub(super) fn write_header(
    sheet: &mut Worksheet,
    headers: &[String],
    title: &str,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, HEAD)?;
    // Not merged over the headings: a long title merged over a few columns is cut off at
    // both ends; written in A1 it runs on over the empty cells to its right.
    sheet.write_string_with_format(0, 0, title, &s.title)?;
    sheet.set_row_height(0, 24.0)?;
    for (col, h) in (0u16..).zip(headers) {
        sheet.write_string_with_format(HEAD, col, h, &s.header)?;
    }
    Ok(())
}

/// The widths of a sheet of units (number, code, name, then figures `width` wide) and the height
/// of its headings row, which wrap.
pub(super) fn unit_columns(sheet: &mut Worksheet, headers: &[String], width: f64) -> Result<(), XlsxError> {
    sheet.set_column_width(1, 16.0)?;
    sheet.set_column_width(2, 36.0)?;
    for col in 3..headers.len() as u16 {
        sheet.set_column_width(col, width)?;
    }
    let longest = headers.iter().map(|h| h.chars().count()).max().unwrap_or(0);
    sheet.set_row_height(HEAD, header_height(longest, width))?;
    Ok(())
}

/// A sheet's title: the report's subject (as the Word report's title gives it), then what the
/// sheet holds.
pub(super) fn title(subject: &str, sheet: &str) -> String {
    format!("{subject}: {sheet}")
}
