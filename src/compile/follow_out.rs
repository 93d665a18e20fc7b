//! The follow-up of recommendations written out: a few sentences at the end of the Word
//! report's part II (the province's rates, their trend, the units falling behind), and a
//! workbook sheet with every unit's figures and rates.

use super::docx::{Words, body, subheading};
use super::follow::{FollowUpRates, Rate};
use super::gather::Compilation;
use super::xlsx::{FIRST, INDICATOR_WIDTH, Styles, title, unit_columns, write_header};
use docx_rs::Paragraph;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The workbook sheet's name.
pub const SHEET: &str = "Theo dõi kiến nghị";

/// The Word report's paragraphs; none when the form has no follow-up pairs.
pub(super) fn paragraphs(c: &Compilation, w: &Words) -> Result<Vec<Paragraph>, String> {
    if c.follow_up.is_empty() {
        return Ok(vec![]);
    }
    let mut out = vec![subheading(&w.get("heading_follow_up")?)];
    let mut lagging: Vec<usize> = Vec::new();
    for f in &c.follow_up {
        let key = match f.province.and_then(|r| r.percent) {
            Some(_) => "follow_up_line",
            None => "follow_up_none",
        };
        out.push(body(&format!("- {}", render(w, key, c, f)?)));
        lagging.extend(&f.lagging);
    }
    lagging.sort_unstable();
    lagging.dedup();
    let names: Vec<&str> = lagging.iter().map(|&i| c.chapters[i].name.as_str()).collect();
    let key = if names.is_empty() {
        "follow_up_no_lagging"
    } else {
        "follow_up_lagging"
    };
    let extra = serde_json::json!({"below": c.follow_up_below, "names": names.join(", ")});
    out.push(body(&w.texts.render_with(key, &w.context, extra)?));
    Ok(out)
}

fn render(w: &Words, key: &str, c: &Compilation, f: &FollowUpRates) -> Result<String, String> {
    let rate = f.province.unwrap_or(Rate {
        made: 0,
        done: 0,
        percent: None,
    });
    // The periods before this one, oldest first: this period's rate is the sentence's own.
    let earlier: Vec<String> = f
        .trend
        .iter()
        .filter(|(p, _)| *p != c.period)
        .filter_map(|(p, r)| Some(format!("{}: {}%", p.label_vi(), r.as_ref()?.percent?)))
        .collect();
    let extra = serde_json::json!({
        "label": f.label, "made": rate.made, "done": rate.done, "percent": rate.percent.unwrap_or(0),
        "trend_words": earlier.join(", "), "below": c.follow_up_below, "names": ""
    });
    w.texts.render_with(key, &w.context, extra)
}

/// The sheet: per unit the two figures and the rate of each pair, the province's row, then
/// the province's rates over the trend's periods.
pub(super) fn sheet(sheet: &mut Worksheet, c: &Compilation, subject: &str, s: &Styles) -> Result<(), XlsxError> {
    let mut headers = vec!["STT".to_string(), "Mã".into(), "Đơn vị".into()];
    for f in &c.follow_up {
        headers.push(c.indicators[f.made].label.clone());
        headers.push(c.indicators[f.done].label.clone());
        headers.push(format!("Tỷ lệ (%): {}", f.label));
    }
    let heading = format!(
        "theo dõi kết quả thực hiện kiến nghị, đề xuất (dưới {}% in đậm)",
        c.follow_up_below
    );
    write_header(sheet, &headers, &title(subject, &heading), s)?;
    for (i, (row, unit)) in (FIRST..).zip(&c.chapters).enumerate() {
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &s.centered)?;
        sheet.write_string_with_format(row, 1, &unit.code, &s.text)?;
        sheet.write_string_with_format(row, 2, &unit.name, &s.text)?;
        for (p, f) in c.follow_up.iter().enumerate() {
            let behind = f.lagging.contains(&i);
            write_rate(sheet, row, 3 + 3 * p as u16, f.units[i], behind, s)?;
        }
    }
    let total = FIRST + c.chapters.len() as u32;
    // A unit's roll-up totals its own units, not the province.
    let whole = if c.scope.is_some() {
        "Tổng cộng"
    } else {
        "Toàn tỉnh"
    };
    sheet.merge_range(total, 0, total, 2, whole, &s.total_label)?;
    for (p, f) in c.follow_up.iter().enumerate() {
        write_rate(sheet, total, 3 + 3 * p as u16, f.province, true, s)?;
    }
    let trend_head = total + 2;
    if let Some(first) = c.follow_up.first().filter(|f| f.trend.len() > 1) {
        let words = if c.scope.is_some() {
            "Tỷ lệ (%) qua các kỳ"
        } else {
            "Tỷ lệ (%) của toàn tỉnh qua các kỳ"
        };
        sheet.write_string_with_format(trend_head, 2, words, &s.header)?;
        for (p, f) in c.follow_up.iter().enumerate() {
            sheet.write_string_with_format(trend_head, 3 + p as u16, &f.label, &s.header)?;
        }
        for (k, (period, _)) in first.trend.iter().enumerate() {
            let row = trend_head + 1 + k as u32;
            sheet.write_string_with_format(row, 2, period.label_vi(), &s.text)?;
            for (p, f) in c.follow_up.iter().enumerate() {
                match f.trend[k].1.and_then(|r| r.percent) {
                    Some(pc) => sheet.write_number_with_format(row, 3 + p as u16, pc as f64, &s.number)?,
                    None => sheet.write_blank(row, 3 + p as u16, &s.number)?,
                };
            }
        }
    }
    unit_columns(sheet, &headers, INDICATOR_WIDTH + 2.0)?;
    Ok(())
}

fn write_rate(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    rate: Option<Rate>,
    bold: bool,
    s: &Styles,
) -> Result<(), XlsxError> {
    let Some(r) = rate else {
        for c in col..col + 3 {
            sheet.write_blank(row, c, &s.number)?;
        }
        return Ok(());
    };
    sheet.write_number_with_format(row, col, r.made as f64, &s.number)?;
    sheet.write_number_with_format(row, col + 1, r.done as f64, &s.number)?;
    let format = if bold && r.percent.is_some() {
        &s.total
    } else {
        &s.number
    };
    match r.percent {
        Some(pc) => sheet.write_number_with_format(row, col + 2, pc as f64, format)?,
        None => sheet.write_blank(row, col + 2, format)?,
    };
    Ok(())
}
