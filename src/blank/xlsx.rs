//! The blank form as an Excel workbook (rust_xlsxwriter): one sheet `Báo cáo` laid out like
//! the province's `.xlsx` form — title, header block (label in B, value in C:D), the indicator
//! table in A:D, then each narrative section as a heading row over a tall row to write in.

use super::{Layout, unit};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Widths of STT, Chỉ tiêu, ĐVT, Số lượng, in characters.
const WIDTHS: [f64; 4] = [6.0, 60.0, 12.0, 14.0];
/// Height of a section's writing row, in points: room for about eight lines.
const SECTION_HEIGHT: f64 = 120.0;
/// Excel's code for A4 paper.
const PAPER_A4: u8 = 9;

/// The workbook's bytes, or the library's message.
pub(super) fn bytes(layout: &Layout) -> Result<Vec<u8>, String> {
    build(layout).map_err(|e| e.to_string())
}

fn build(layout: &Layout) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the library would otherwise stamp the current time, and the same
    // form must give the same file.
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&layout.title)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2021, 1, 1)?),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("Báo cáo")?;
    sheet.set_paper_size(PAPER_A4).set_print_fit_to_pages(1, 0);
    for (col, width) in (0u16..).zip(WIDTHS) {
        sheet.set_column_width(col, width)?;
    }
    let styles = Styles::new();
    sheet.merge_range(0, 0, 0, 3, &layout.title, &styles.title)?;
    sheet.set_row_height(0, 36.0)?;
    sheet.merge_range(1, 0, 1, 3, layout.instruction, &styles.note)?;
    sheet.set_row_height(1, 48.0)?;
    let mut row = 3;
    for field in &layout.header {
        sheet.write_string_with_format(row, 1, &field.label, &styles.label)?;
        sheet.merge_range(row, 2, row, 3, "", &styles.text)?;
        row += 1;
    }
    // One empty row after each block, as in the province's form.
    row = indicators(sheet, layout, &styles, row + 1)? + 1;
    for section in &layout.sections {
        sheet.merge_range(row + 1, 0, row + 1, 3, &section.label, &styles.heading)?;
        sheet.merge_range(row + 2, 0, row + 2, 3, "", &styles.writing)?;
        sheet.set_row_height(row + 2, SECTION_HEIGHT)?;
        row += 2;
    }
    workbook.save_to_buffer()
}

/// The heading row and one row per indicator from `top`; returns the last row written.
fn indicators(sheet: &mut Worksheet, layout: &Layout, styles: &Styles, top: u32) -> Result<u32, XlsxError> {
    for (col, title) in (0u16..).zip(layout.columns) {
        sheet.write_string_with_format(top, col, title, &styles.column)?;
    }
    sheet.set_repeat_rows(top, top)?;
    let mut row = top;
    for (n, field) in (1u32..).zip(&layout.indicators) {
        row += 1;
        sheet.write_number_with_format(row, 0, n, &styles.centred)?;
        sheet.write_string_with_format(row, 1, &field.label, &styles.text)?;
        sheet.write_string_with_format(row, 2, unit(field), &styles.centred)?;
        sheet.write_blank(row, 3, &styles.figure)?;
    }
    if row > top {
        sheet.add_data_validation(top + 1, 3, row, 3, &whole_numbers()?)?;
    }
    Ok(row)
}

/// Figures are whole numbers of zero or more. A warning rather than a stop: a chapter that
/// must write something else (a note, a unit) can still save the form and the extractor will
/// name the cell it could not read.
fn whole_numbers() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("Số liệu không hợp lệ")?
        .set_error_message("Ghi số nguyên (0, 1, 2...), không ghi đơn vị tính.")
}

/// The cell formats, all in Times New Roman with thin borders in the tables.
struct Styles {
    title: Format,
    note: Format,
    label: Format,
    text: Format,
    column: Format,
    centred: Format,
    figure: Format,
    heading: Format,
    writing: Format,
}

impl Styles {
    fn new() -> Self {
        let base = Format::new().set_font_name("Times New Roman").set_font_size(12);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        // Labels wrap rather than spill into the next (value) cell.
        let text = cell.clone().set_text_wrap();
        Styles {
            title: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            note: base.clone().set_italic().set_text_wrap().set_align(FormatAlign::Top),
            label: text.clone().set_bold(),
            column: text.clone().set_bold().set_align(FormatAlign::Center),
            centred: text.clone().set_align(FormatAlign::Center),
            figure: cell.clone().set_align(FormatAlign::Right),
            heading: base.clone().set_bold(),
            writing: cell.set_text_wrap().set_align(FormatAlign::Top),
            text,
        }
    }
}
