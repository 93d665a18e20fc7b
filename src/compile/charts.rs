//! The workbook's native Excel charts: each indicator by chapter for the period, drawn from
//! the figures sheet's own cells (a correction typed into the sheet redraws the chart).

use super::gather::Compilation;
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

/// Name of the sheet the charts by chapter stand on.
pub const SHEET: &str = "Biểu đồ";
/// Name of the sheet of the province's trend (its table and chart).
pub const TREND_SHEET: &str = "Xu hướng";
/// Chart size in pixels, and how many rows one takes on the sheet (20 px a row).
const WIDTH: u32 = 640;
const HEIGHT: u32 = 360;
const ROWS: u32 = 19;

/// The rows and columns of the figures sheet the charts read.
pub struct Figures<'a> {
    pub sheet: &'a str,
    /// First and last chapter rows (0-based).
    pub first: u32,
    pub last: u32,
    /// Column of the chapters' names, and of the first indicator.
    pub names: u16,
    pub first_indicator: u16,
}

/// One column chart per indicator, two side by side, titled with the indicator's label.
pub fn by_chapter(sheet: &mut Worksheet, c: &Compilation, figures: &Figures) -> Result<(), XlsxError> {
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    for (i, indicator) in c.indicators.iter().enumerate() {
        let col = figures.first_indicator + i as u16;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name(indicator.label.as_str())
            .set_categories((figures.sheet, figures.first, figures.names, figures.last, figures.names))
            .set_values((figures.sheet, figures.first, col, figures.last, col));
        // A plain title (rust_xlsxwriter reads a name starting with `=` as a cell reference).
        let title = format!("{} — {}", indicator.label, c.period.label_vi());
        chart.title().set_name(&title);
        chart.x_axis().set_name("Đơn vị");
        chart.y_axis().set_name("Số lượng");
        chart.legend().set_hidden();
        chart.set_width(WIDTH).set_height(HEIGHT);
        let (row, side) = (i as u32 / 2 * ROWS, (i % 2) as u16 * 11);
        sheet.insert_chart(row + 1, side, &chart)?;
    }
    Ok(())
}

/// A line chart of the main indicators over the periods of the trend table (rows `rows` of
/// [`TREND_SHEET`]: the period in column A, the indicators from column C), at `at`.
pub fn trend(
    sheet: &mut Worksheet,
    c: &Compilation,
    main: &[usize],
    rows: (u32, u32),
    at: (u32, u16),
) -> Result<(), XlsxError> {
    let mut chart = Chart::new(ChartType::Line);
    for (col, &i) in (2u16..).zip(main) {
        chart
            .add_series()
            .set_name(c.indicators[i].label.as_str())
            .set_categories((TREND_SHEET, rows.0, 0, rows.1, 0))
            .set_values((TREND_SHEET, rows.0, col, rows.1, col));
    }
    let title = format!(
        "Các chỉ tiêu chính của toàn tỉnh qua các kỳ (đến {})",
        c.period.label_vi()
    );
    chart.title().set_name(&title);
    chart.x_axis().set_name("Kỳ báo cáo");
    chart.y_axis().set_name("Số lượng");
    chart.set_width(WIDTH + 160).set_height(HEIGHT + 40);
    sheet.insert_chart(at.0, at.1, &chart)?;
    Ok(())
}
