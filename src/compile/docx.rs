//! The Word report of a compilation (docx-rs), laid out as a Vietnamese administrative report
//! (Decree 30/2020): letterhead and national motto side by side, number and date, `BÁO CÁO`
//! with its subject, the body in numbered parts, `Nơi nhận` beside the signature, and the
//! figures by chapter as a landscape appendix. Times New Roman on A4. Wording comes from the
//! report texts ([`ReportTexts`]); layout and numbers from here and [`super::tables`].

use super::config::ReportConfig;
use super::frame;
use super::gather::Compilation;
use super::pictures;
use super::tables;
use super::texts::{ReportTexts, TextContext};
use crate::model::Status;
use docx_rs::{
    AlignmentType, Docx, Header, LineSpacing, PageNum, PageOrientationType, PageSize, Paragraph, Run, RunFonts,
    SectionProperty, SpecialIndentType, Style, StyleType, TableCell, WidthType, create_header_rid,
};
use std::path::Path;

use crate::paper::{A4, MARGIN};
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

    /// Text `key` about `n` of something (`n` in the template).
    pub fn get_with(&self, key: &str, n: usize) -> Result<String, String> {
        self.texts.render_count(key, &self.context, n)
    }

    /// The caption `key` of chart number `n` about `label`.
    pub fn caption(&self, key: &str, n: usize, label: &str) -> Result<String, String> {
        self.texts.render_caption(key, &self.context, n, label)
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
    super::package::deflate(stored.get_ref(), std::io::BufWriter::new(file)).map_err(|e| failed(e.to_string()))
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
        // Decree 30/2020: the page number at the top centre, from page 2 on. The landscape
        // appendix (the document's own, last section) and the portrait part before it share
        // one header part; only the portrait part's first page has the empty first-page one.
        .header(page_number())
        .first_header(Header::new())
        .add_table(frame::letterhead(w)?)
        .add_paragraph(centered(&w.get("title")?, true).line_spacing(spacing(360, 0)))
        .add_paragraph(centered(
            &keep_together(&w.get("subject")?, &w.context.period_words),
            true,
        ));
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
    let compare_note = match tables::Comparison::of(c) {
        tables::Comparison::None if c.previous_period.is_some() => Some("no_previous"),
        tables::Comparison::Common => Some("compare_note"),
        tables::Comparison::TooFew => Some("compare_too_few"),
        _ => None,
    };
    if let Some(key) = compare_note {
        docx = docx.add_paragraph(body(&w.get(key)?));
    }
    docx = docx.add_table(tables::indicators(c, w)?);
    for p in pictures::paragraphs(c, w)? {
        docx = docx.add_paragraph(p);
    }
    for p in super::follow_out::paragraphs(c, w)? {
        docx = docx.add_paragraph(p);
    }
    docx = docx.add_paragraph(heading(&w.get("heading_narratives")?));
    for p in narratives(c, w)? {
        docx = docx.add_paragraph(p);
    }
    // The portrait part ends here; the appendix that follows is landscape (the body's last
    // section properties, set on the document).
    let portrait = SectionProperty::new()
        .page_size(PageSize::new().size(A4.0, A4.1))
        .page_margin(MARGIN)
        .header(page_number(), &create_header_rid(1))
        .first_header(Header::new(), &create_header_rid(2));
    // The appendix numbers on from the body, its first page included.
    docx.document.section_property.title_pg = false;
    let appendix = tables::appendix(c, w)?;
    docx = docx
        .add_table(frame::signature(w, config)?)
        .add_paragraph(Paragraph::new().section_property(portrait));
    for p in appendix.heading {
        docx = docx.add_paragraph(p);
    }
    // The legend stands above the table: a reader meets (1), (2) … before the columns.
    Ok(docx
        .add_paragraph(appendix.legend)
        .add_table(appendix.table)
        .page_size(A4.1, A4.0)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(MARGIN))
}

/// The page header: the page number, centred.
fn page_number() -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .add_page_num(PageNum::new())
            .align(AlignmentType::Center),
    )
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

pub(super) fn subheading(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text).bold().italic())
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(spacing(120, 60))
        .keep_next(true)
}

/// `text` with the spaces of `phrase` made non-breaking, so that Word never ends a title line
/// on a lone `6` of `6 tháng đầu năm 2021`.
fn keep_together(text: &str, phrase: &str) -> String {
    match phrase.contains(' ') {
        true => text.replace(phrase, &phrase.replace(' ', "\u{a0}")),
        false => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::keep_together;

    #[test]
    fn the_period_in_a_title_never_breaks() {
        let title = keep_together("Kết quả công tác giám sát 6 tháng đầu năm 2021", "6 tháng đầu năm 2021");
        assert_eq!(
            title,
            "Kết quả công tác giám sát 6\u{a0}tháng\u{a0}đầu\u{a0}năm\u{a0}2021"
        );
    }
}
