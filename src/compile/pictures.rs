//! The charts of the Word report's part II, as pictures: each main indicator by chapter for
//! the period, and the province's main indicators over the last periods of the same kind —
//! the same charts as the workbook's native ones, chosen here from the compilation and drawn
//! by [`super::draw`].

use super::canvas::{self, Picture};
use super::docx::{Words, centered_run, spacing};
use super::draw::{self, Bar, Line};
use super::gather::Compilation;
use crate::model::Status;
use docx_rs::{Paragraph, Pic, Run};

/// Most bars in one chart: beyond, the highest figures are drawn and the caption says so.
const MOST_BARS: usize = 30;
/// English Metric Units per pixel at [`canvas::DPI`] (914 400 to the inch).
const EMU_PER_PIXEL: u32 = 914_400 / canvas::DPI;

/// The charts' paragraphs (picture, then its numbered caption), in the order they are drawn.
pub(super) fn paragraphs(c: &Compilation, w: &Words) -> Result<Vec<Paragraph>, String> {
    let mut out = Vec::new();
    let mut number = 0;
    let mut flagged = false;
    for i in c.main_indicators() {
        let Some((bars, shown_all)) = by_chapter(c, i) else {
            continue;
        };
        flagged |= bars.iter().any(|b| b.flagged);
        number += 1;
        let mut label = c.indicators[i].label.clone();
        if !shown_all {
            label = format!("{label} ({})", w.get_with("chart_top", bars.len())?);
        }
        let caption = w.caption("chart_by_chapter", number, &label)?;
        // A drawing failure is the program's, never the texts' or a chapter's: say which chart.
        let picture = draw::bars(&bars).map_err(|e| format!("drawing chart {number}: {e}"))?;
        out.extend(figure(picture, caption));
    }
    if let Some((periods, lines)) = trend(c) {
        number += 1;
        let first = c.trend[0].period.label_vi();
        out.extend(figure(
            draw::lines(&periods, &lines).map_err(|e| format!("drawing chart {number}: {e}"))?,
            w.caption("chart_trend", number, &first)?,
        ));
    }
    if flagged {
        out.push(centered_run(
            Run::new().add_text(w.get("chart_flag_note")?).italic().size(24),
        ));
    }
    Ok(out)
}

/// The bars of indicator `i`: the chapters that gave the figure, highest first (registry order
/// among equals), at most [`MOST_BARS`]; `None` when fewer than two chapters or all zero.
/// The flag says whether every chapter with the figure is drawn.
fn by_chapter(c: &Compilation, i: usize) -> Option<(Vec<Bar>, bool)> {
    let mut bars: Vec<Bar> = c
        .received()
        .filter_map(|(chapter, report)| {
            report.values[i].map(|value| Bar {
                name: chapter.name.clone(),
                value,
                flagged: report.status == Status::NeedsReview,
            })
        })
        .collect();
    if bars.len() < 2 || bars.iter().all(|b| b.value == 0) {
        return None;
    }
    bars.sort_by_key(|b| std::cmp::Reverse(b.value));
    let all = bars.len() <= MOST_BARS;
    bars.truncate(MOST_BARS);
    Some((bars, all))
}

/// The trend's periods (their years: the caption names the kind) and one line per main
/// indicator; `None` with fewer than two periods.
fn trend(c: &Compilation) -> Option<(Vec<String>, Vec<Line>)> {
    let main = c.main_indicators();
    if c.trend.len() < 2 || main.is_empty() {
        return None;
    }
    let periods = c.trend.iter().map(|p| p.period.year.to_string()).collect();
    let lines = main
        .iter()
        .map(|&i| Line {
            name: c.indicators[i].label.clone(),
            values: c.trend.iter().map(|p| p.totals[i]).collect(),
        })
        .collect();
    Some((periods, lines))
}

/// A picture centred at its printed width, kept on the page with its caption below.
fn figure(picture: Picture, caption: String) -> [Paragraph; 2] {
    let (w, h) = (picture.width * EMU_PER_PIXEL, picture.height * EMU_PER_PIXEL);
    let pic = Pic::new_with_dimensions(picture.png, picture.width, picture.height).size(w, h);
    [
        centered_run(Run::new().add_image(pic))
            .keep_next(true)
            .line_spacing(spacing(120, 0)),
        centered_run(Run::new().add_text(caption).italic().size(26)).line_spacing(spacing(60, 120)),
    ]
}
