//! The frame of the Word report around its body: the letterhead (organ and national motto
//! side by side, number and date) and the closing block (`Nơi nhận` beside the signature),
//! both borderless two-column tables as Decree 30/2020 lays them out.

use super::config::ReportConfig;
use super::docx::{TEXT_WIDTH, Words, cell, centered_run, spacing};
use docx_rs::{Paragraph, Run, Table, TableRow};

/// How far the letterhead reaches into the left margin (5 mm).
const LETTERHEAD_OUTDENT: i32 = 284;

/// The two-column letterhead without borders.
pub(super) fn letterhead(w: &Words) -> Result<Table, String> {
    // The organ's name on one line at 12 pt needs ~72 mm; the motto side takes the rest.
    // The letterhead reaches 5 mm into the left margin, as printed letterheads do, so that
    // the national name fits on one line at 12 pt.
    let left_width = 4100;
    let right_width = TEXT_WIDTH + LETTERHEAD_OUTDENT as usize - left_width;
    let line = |text: String, bold: bool, size: usize| {
        let run = Run::new().add_text(text).size(size);
        centered_run(if bold { run.bold() } else { run })
    };
    let top = TableRow::new(vec![
        cell(left_width)
            .add_paragraph(line(w.get("org_parent")?, false, 24))
            .add_paragraph(line(w.get("org")?, true, 26))
            .add_paragraph(line("***".into(), false, 26)),
        cell(right_width)
            .add_paragraph(line(w.get("nation")?, true, 24))
            .add_paragraph(centered_run(
                Run::new().add_text(w.get("motto")?).bold().size(26).underline("single"),
            )),
    ]);
    let dates = TableRow::new(vec![
        cell(left_width).add_paragraph(line(w.get("number")?, false, 26)),
        cell(right_width).add_paragraph(centered_run(
            Run::new().add_text(w.get("place_date")?).italic().size(26),
        )),
    ]);
    Ok(Table::without_borders(vec![top, dates])
        .set_grid(vec![left_width, right_width])
        .indent(-LETTERHEAD_OUTDENT))
}

/// `Nơi nhận` on the left, the signature block on the right, without borders.
pub(super) fn signature(w: &Words, config: &ReportConfig) -> Result<Table, String> {
    let left_width = TEXT_WIDTH / 2;
    let right_width = TEXT_WIDTH - left_width;
    let mut left = cell(left_width).add_paragraph(
        Paragraph::new()
            .add_run(
                Run::new()
                    .add_text(w.get("recipients_heading")?)
                    .bold()
                    .italic()
                    .size(24),
            )
            .line_spacing(spacing(240, 0)),
    );
    let n = config.noi_nhan.len();
    for (i, place) in config.noi_nhan.iter().enumerate() {
        let end = if i + 1 == n { "." } else { ";" };
        left = left.add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("- {place}{end}")).size(22)));
    }
    let bold = |t: &str| centered_run(Run::new().add_text(t).bold());
    let (on_behalf, title) = config.signer_lines();
    let mut right = cell(right_width)
        .add_paragraph(bold(&on_behalf).line_spacing(spacing(240, 0)))
        .add_paragraph(bold(&title));
    for _ in 0..4 {
        right = right.add_paragraph(Paragraph::new());
    }
    right = right.add_paragraph(bold(&config.signer_name));
    Ok(Table::without_borders(vec![TableRow::new(vec![left, right])]).set_grid(vec![left_width, right_width]))
}
