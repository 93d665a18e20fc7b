//! The Word report of a compilation (docx-rs), laid out as a Vietnamese administrative report
//! (Decree 30/2020): letterhead and national motto side by side, number and date, `BÁO CÁO`
//! with its subject, the body in numbered parts, `Nơi nhận` beside the signature, and the
//! figures by chapter as a landscape appendix. Times New Roman on A4. Wording comes from the
//! report texts ([`ReportTexts`]); layout and numbers from here and [`super::tables`].

use super::config::ReportConfig;
use super::gather::Compilation;
use super::tables;
use super::texts::{ReportTexts, TextContext};
use crate::model::Status;
use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, PageNum, PageOrientationType, PageSize, Paragraph, Run, RunFonts,
    SectionProperty, SpecialIndentType, Style, StyleType, Table, TableCell, TableRow, WidthType,
};
use std::path::Path;

use crate::paper::{A4, MARGIN};
/// How far the letterhead reaches into the left margin (5 mm).
const LETTERHEAD_OUTDENT: i32 = 284;
/// Width of the text on a portrait page.
pub(super) const TEXT_WIDTH: usize = (A4.0 as i32 - MARGIN.left - MARGIN.right) as usize;
/// Width of the text on a landscape page.
pub(super) const WIDE_TEXT_WIDTH: usize = (A4.1 as i32 - MARGIN.left - MARGIN.right) as usize;

/// The texts of one report: the loaded templates with this compilation's variables.
pub(super) struct Words<'a> {
    pub texts: &'a ReportTexts,
    pub context: TextContext,
}

impl Words<'_> {
    pub fn get(&self, key: &str) -> Result<String, String> {
        self.texts.render(key, &self.context)
    }
}

/// Writes the report to `path`.
pub fn write(
    c: &Compilation,
    texts: &ReportTexts,
    config: &ReportConfig,
    context: TextContext,
    path: &Path,
) -> Result<(), super::CompileError> {
    let words = Words { texts, context };
    // Built on this thread only: docx-rs numbers paragraphs with a thread-local counter, and
    // paragraphs made on two threads collide and are renumbered by a quadratic scan.
    let docx = build(c, &words, config).map_err(super::CompileError::Texts)?;
    let failed = |message: String| super::CompileError::Write {
        path: path.to_path_buf(),
        message,
    };
    let mut stored = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut stored).map_err(|e| failed(e.to_string()))?;
    let file = std::fs::File::create(path).map_err(|source| super::CompileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    deflate(stored.get_ref(), std::io::BufWriter::new(file)).map_err(|e| failed(e.to_string()))
}

/// docx-rs stores its parts uncompressed (86 MB for 11,000 chapters); the same parts deflated
/// at the fastest level are a small fraction of that, which matters for an e-mail attachment.
fn deflate(stored: &[u8], out: impl std::io::Write + std::io::Seek) -> zip::result::ZipResult<()> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut writer = zip::ZipWriter::new(out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i)?;
        let name = part.name()?.into_owned();
        if part.is_dir() {
            writer.add_directory(name, options)?;
        } else {
            writer.start_file(name, options)?;
            std::io::copy(&mut part, &mut writer)?;
        }
    }
    writer.finish()?.flush()?;
    Ok(())
}

fn build(c: &Compilation, w: &Words, config: &ReportConfig) -> Result<Docx, String> {
    let font = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .east_asia("Times New Roman")
        .cs("Times New Roman");
    let mut docx = tables::styles()
        .into_iter()
        .fold(Docx::new(), Docx::add_style)
        .default_fonts(font)
        .default_size(28)
        .add_style(body_style())
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .add_page_num(PageNum::new())
                    .align(AlignmentType::Center),
            ),
        )
        .add_table(letterhead(w)?)
        .add_paragraph(centered(&w.get("title")?, true).line_spacing(spacing(360, 0)))
        .add_paragraph(centered(&w.get("subject")?, true));
    if w.context.version > 1 {
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(w.get("version_note")?).italic())
                .align(AlignmentType::Center),
        );
    }
    docx = docx.add_paragraph(centered("", false).add_run(Run::new().add_text("———")));
    for p in std::iter::once(body(&w.get("intro")?)).chain(reporting(w)?) {
        docx = docx.add_paragraph(p);
    }
    docx = docx
        .add_paragraph(heading(&w.get("heading_figures")?))
        .add_paragraph(body(&w.get("figures_note")?));
    if c.indicators.iter().all(|i| i.previous.is_none()) {
        docx = docx.add_paragraph(body(&w.get("no_previous")?));
    }
    docx = docx
        .add_table(tables::indicators(c, w)?)
        .add_paragraph(heading(&w.get("heading_narratives")?));
    for p in narratives(c, w)? {
        docx = docx.add_paragraph(p);
    }
    // The portrait part ends here; the appendix that follows is landscape (the body's last
    // section properties, set on the document).
    let portrait = SectionProperty::new()
        .page_size(PageSize::new().size(A4.0, A4.1))
        .page_margin(MARGIN);
    let appendix = tables::appendix(c, w)?;
    docx = docx
        .add_table(signature(w, config)?)
        .add_paragraph(Paragraph::new().section_property(portrait));
    for p in appendix.heading {
        docx = docx.add_paragraph(p);
    }
    Ok(docx
        .add_table(appendix.table)
        .add_paragraph(appendix.legend)
        .page_size(A4.1, A4.0)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(MARGIN))
}

/// Part I: how many reported, on time or late, who is missing, who needs review.
fn reporting(w: &Words) -> Result<Vec<Paragraph>, String> {
    let mut out = vec![
        heading(&w.get("heading_reporting")?),
        body(&w.get("reporting_summary")?),
    ];
    let cx = &w.context;
    for (count, key) in [
        (cx.late, "late_list"),
        (cx.missing, "missing_list"),
        (cx.needs_review, "review_note"),
    ] {
        if count > 0 {
            out.push(body(&w.get(key)?));
        }
    }
    Ok(out)
}

/// Part III: each narrative section with the chapters' texts, the chapter named in bold.
fn narratives(c: &Compilation, w: &Words) -> Result<Vec<Paragraph>, String> {
    let mut out = Vec::new();
    for (i, (_, label)) in c.sections.iter().enumerate() {
        out.push(subheading(&format!("{}. {label}", i + 1)));
        let mut any = false;
        for (chapter, report) in c.received() {
            let Some(text) = report.texts[i].as_deref() else {
                continue;
            };
            any = true;
            let mark = if report.status == Status::NeedsReview {
                " (*)"
            } else {
                ""
            };
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let first = lines.next().unwrap_or_default();
            out.push(
                Paragraph::new()
                    .style(BODY_STYLE)
                    .add_run(Run::new().add_text(format!("- {}{mark}: ", chapter.name)).bold())
                    .add_run(Run::new().add_text(first)),
            );
            out.extend(lines.map(body));
        }
        if !any {
            out.push(body(&w.get("no_narrative")?));
        }
    }
    Ok(out)
}

/// The two-column letterhead without borders.
fn letterhead(w: &Words) -> Result<Table, String> {
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
fn signature(w: &Words, config: &ReportConfig) -> Result<Table, String> {
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
    let mut right = cell(right_width)
        .add_paragraph(bold(&config.signer_on_behalf).line_spacing(spacing(240, 0)))
        .add_paragraph(bold(&config.signer_title));
    for _ in 0..4 {
        right = right.add_paragraph(Paragraph::new());
    }
    right = right.add_paragraph(bold(&config.signer_name));
    Ok(Table::without_borders(vec![TableRow::new(vec![left, right])]).set_grid(vec![left_width, right_width]))
}

pub(super) fn cell(width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa)
}

pub(super) fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after)
}

pub(super) fn centered(text: &str, bold: bool) -> Paragraph {
    let run = Run::new().add_text(text);
    centered_run(if bold { run.bold() } else { run })
}

pub(super) fn centered_run(run: Run) -> Paragraph {
    Paragraph::new().add_run(run).align(AlignmentType::Center)
}

/// A body paragraph: justified, first line indented, 3 pt around ([`body_style`]).
pub(super) fn body(text: &str) -> Paragraph {
    Paragraph::new().style(BODY_STYLE).add_run(Run::new().add_text(text))
}

const BODY_STYLE: &str = "NoiDung";

/// The style of body paragraphs, so that thousands of narrative paragraphs do not each repeat it.
fn body_style() -> Style {
    Style::new(BODY_STYLE, StyleType::Paragraph)
        .name("Nội dung báo cáo")
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(spacing(60, 60))
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text).bold())
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(spacing(180, 60))
        .keep_next(true)
}

fn subheading(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text).bold().italic())
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(spacing(120, 60))
        .keep_next(true)
}
