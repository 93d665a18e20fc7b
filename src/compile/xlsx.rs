//! The Excel workbook of a compilation (rust_xlsxwriter): figures by chapter with a totals row of
//! real `SUM` formulas (their values written as the cached results, so a reader that does not
//! calculate still sees them), the submissions, and the chapters' narrative texts.

use super::charts;
use super::gather::{ChapterEntry, Compilation, Received};
use super::sizing::{LINE_POINTS, MAX_ROW_POINTS, header_height, wrapped_lines};
use crate::model::Status;
use rust_xlsxwriter::{ExcelDateTime, Formula, Workbook, Worksheet, XlsxError};
use std::path::Path;

pub(super) use super::sheet::{FIRST, HEAD, INDICATOR_WIDTH, Styles, title, unit_columns, write_header};

/// Widest a text column grows to fit its contents, in characters.
const MAX_TEXT_WIDTH: usize = 45;
const NARRATIVE_WIDTH: f64 = 60.0;

/// Writes the workbook to `path`; `subject` is the report's subject as the Word report's title
/// gives it (from the report texts), repeated in each sheet's title row.
pub fn write(compilation: &Compilation, tz: &jiff::tz::TimeZone, subject: &str, path: &Path) -> Result<(), XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    figures(
        workbook.add_worksheet().set_name("Số liệu")?,
        compilation,
        subject,
        &styles,
    )?;
    submissions(
        workbook.add_worksheet().set_name("Tiếp nhận")?,
        compilation,
        tz,
        subject,
        &styles,
    )?;
    narratives(
        workbook.add_worksheet().set_name("Nội dung")?,
        compilation,
        subject,
        &styles,
    )?;
    let figures = charts::Figures {
        sheet: "Số liệu",
        first: FIRST,
        last: FIRST + compilation.chapters.len().max(1) as u32 - 1,
        names: 2,
        first_indicator: 4,
    };
    charts::by_chapter(workbook.add_worksheet().set_name(charts::SHEET)?, compilation, &figures)?;
    if compilation.trend.len() >= 2 {
        super::trend::sheet(
            workbook.add_worksheet().set_name(charts::TREND_SHEET)?,
            compilation,
            subject,
            &styles,
        )?;
    }
    if !compilation.term_years.is_empty() {
        super::term_sheet::sheet(
            workbook.add_worksheet().set_name(super::term_sheet::SHEET)?,
            compilation,
            subject,
            &styles,
        )?;
    }
    if !compilation.groups.is_empty() {
        super::groups_sheet::sheet(
            workbook.add_worksheet().set_name(super::groups_sheet::SHEET)?,
            compilation,
            subject,
            &styles,
        )?;
    }
    if !compilation.follow_up.is_empty() {
        super::follow_out::sheet(
            workbook.add_worksheet().set_name(super::follow_out::SHEET)?,
            compilation,
            subject,
            &styles,
        )?;
    }
    workbook.save(path)
}

/// Sheet 1: one row per chapter, one column per indicator, totals as formulas.
fn figures(sheet: &mut Worksheet, c: &Compilation, subject: &str, s: &Styles) -> Result<(), XlsxError> {
    let mut headers = vec!["STT".to_string(), "Mã".into(), "Đơn vị".into(), "Ghi chú".into()];
    headers.extend(c.indicators.iter().map(|i| i.label.clone()));
    write_header(sheet, &headers, &title(subject, "số liệu theo đơn vị"), s)?;
    for (row, chapter) in (FIRST..).zip(&c.chapters) {
        write_chapter(sheet, row, chapter, s)?;
        let note = match &chapter.report {
            None => "Chưa gửi báo cáo",
            Some(r) if r.status == Status::NeedsReview => "(*) Cần kiểm tra lại",
            Some(_) => "",
        };
        sheet.write_string_with_format(row, 3, note, &s.text)?;
        for (col, value) in (4u16..).zip(values(chapter, c.indicators.len())) {
            let format = match &chapter.report {
                Some(r) if r.status == Status::NeedsReview => &s.flagged,
                _ => &s.number,
            };
            match value {
                Some(v) => sheet.write_number_with_format(row, col, v as f64, format)?,
                None => sheet.write_blank(row, col, format)?,
            };
        }
    }
    let total_row = FIRST + c.chapters.len() as u32;
    sheet.merge_range(total_row, 0, total_row, 3, "Tổng cộng", &s.total_label)?;
    for (col, indicator) in (4u16..).zip(&c.indicators) {
        let name = rust_xlsxwriter::column_number_to_name(col);
        let formula = Formula::new(format!("=SUM({name}{}:{name}{total_row})", FIRST + 1))
            .set_result(indicator.total.to_string());
        sheet.write_formula_with_format(total_row, col, formula, &s.total)?;
        sheet.set_column_width(col, INDICATOR_WIDTH)?;
    }
    fit_columns(sheet, &headers[..4], c, |ch| {
        let note = if ch.report.is_none() {
            "Chưa gửi báo cáo"
        } else {
            "(*) Cần kiểm tra lại"
        };
        [String::new(), ch.code.clone(), ch.name.clone(), note.to_string()]
    })?;
    let longest = c.indicators.iter().map(|i| i.label.chars().count()).max().unwrap_or(0);
    sheet.set_row_height(HEAD, header_height(longest, INDICATOR_WIDTH))?;
    sheet.set_freeze_panes(FIRST, 3)?;
    Ok(())
}

/// Sheet 2: how and when each chapter reported.
fn submissions(
    sheet: &mut Worksheet,
    c: &Compilation,
    tz: &jiff::tz::TimeZone,
    subject: &str,
    s: &Styles,
) -> Result<(), XlsxError> {
    let headers = ["STT", "Mã", "Đơn vị", "Tình trạng", "Thời gian nhận", "Đúng hạn", "Tệp"].map(String::from);
    write_header(sheet, &headers, &title(subject, "tình hình gửi báo cáo"), s)?;
    for (row, chapter) in (FIRST..).zip(&c.chapters) {
        write_chapter(sheet, row, chapter, s)?;
        let report = chapter.report.as_ref();
        sheet.write_string_with_format(row, 3, status_words(report), &s.text)?;
        match report.map(|r| excel_time(r, tz)).transpose()? {
            Some(time) => sheet.write_datetime_with_format(row, 4, &time, &s.datetime)?,
            None => sheet.write_blank(row, 4, &s.text)?,
        };
        let on_time = match report.and_then(|r| r.on_time) {
            Some(true) => "Đúng hạn",
            Some(false) => "Trễ hạn",
            None => "",
        };
        sheet.write_string_with_format(row, 5, on_time, &s.text)?;
        sheet.write_string_with_format(row, 6, report.map_or("", |r| r.file_name.as_str()), &s.text)?;
    }
    fit_columns(sheet, &headers, c, |ch| {
        let file = ch.report.as_ref().map_or(String::new(), |r| r.file_name.clone());
        let status = status_words(ch.report.as_ref()).to_string();
        [
            String::new(),
            ch.code.clone(),
            ch.name.clone(),
            status,
            "00/00/0000 00:00".into(),
            "Đúng hạn".into(),
            file,
        ]
    })?;
    sheet.set_freeze_panes(FIRST, 3)?;
    Ok(())
}

/// Sheet 3: the narrative sections, one column each.
fn narratives(sheet: &mut Worksheet, c: &Compilation, subject: &str, s: &Styles) -> Result<(), XlsxError> {
    let mut headers = vec!["STT".to_string(), "Mã".into(), "Đơn vị".into()];
    headers.extend(c.sections.iter().map(|(_, label)| label.clone()));
    write_header(sheet, &headers, &title(subject, "nội dung báo cáo của các đơn vị"), s)?;
    for (row, chapter) in (FIRST..).zip(&c.chapters) {
        write_chapter(sheet, row, chapter, s)?;
        let mut lines = 1;
        for (col, i) in (3u16..).zip(0..c.sections.len()) {
            let text = chapter
                .report
                .as_ref()
                .and_then(|r| r.texts[i].as_deref())
                .unwrap_or("");
            sheet.write_string_with_format(row, col, text, &s.wrapped)?;
            lines = lines.max(wrapped_lines(text, NARRATIVE_WIDTH));
        }
        // Excel grows a wrapped row when it edits it, but a file written with default heights
        // prints (and LibreOffice shows) long texts over the rows below: the height is set.
        if lines > 1 {
            sheet.set_row_height(row, (lines as f64 * LINE_POINTS + 4.0).min(MAX_ROW_POINTS))?;
        }
    }
    fit_columns(sheet, &headers[..3], c, |ch| {
        [String::new(), ch.code.clone(), ch.name.clone()]
    })?;
    for col in 3..headers.len() as u16 {
        sheet.set_column_width(col, NARRATIVE_WIDTH)?;
    }
    sheet.set_freeze_panes(FIRST, 3)?;
    Ok(())
}

/// STT, code and name: the first three columns of every sheet.
fn write_chapter(sheet: &mut Worksheet, row: u32, chapter: &ChapterEntry, s: &Styles) -> Result<(), XlsxError> {
    sheet.write_number_with_format(row, 0, (row - FIRST + 1) as f64, &s.centered)?;
    sheet.write_string_with_format(row, 1, &chapter.code, &s.text)?;
    sheet.write_string_with_format(row, 2, &chapter.name, &s.text)?;
    Ok(())
}

fn values(chapter: &ChapterEntry, n: usize) -> Vec<Option<i64>> {
    chapter
        .report
        .as_ref()
        .map_or_else(|| vec![None; n], |r| r.values.clone())
}

/// Sets each leading column to its longest text (header or cell), capped.
fn fit_columns<const N: usize>(
    sheet: &mut Worksheet,
    headers: &[String],
    c: &Compilation,
    cells: impl Fn(&ChapterEntry) -> [String; N],
) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    widths.resize(N, 0);
    widths[0] = widths[0].max(c.chapters.len().to_string().len());
    for chapter in &c.chapters {
        for (w, text) in widths.iter_mut().zip(cells(chapter)) {
            *w = (*w).max(text.chars().count());
        }
    }
    for (col, w) in (0u16..).zip(widths) {
        sheet.set_column_width(col, (w.min(MAX_TEXT_WIDTH) + 2) as f64)?;
    }
    Ok(())
}

/// `Đã tiếp nhận`, `Cần kiểm tra lại`, `Chưa gửi báo cáo`.
pub fn status_words(report: Option<&Received>) -> &'static str {
    match report.map(|r| r.status) {
        None => "Chưa gửi báo cáo",
        Some(Status::NeedsReview) => "Cần kiểm tra lại",
        Some(_) => "Đã tiếp nhận",
    }
}

fn excel_time(r: &Received, tz: &jiff::tz::TimeZone) -> Result<ExcelDateTime, XlsxError> {
    let t = r.received_at.to_zoned_datetime(tz.clone()).datetime();
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second() as f64,
    )
}
