//! Which runs of a Word document are typed in a legacy Vietnamese font (TCVN3 `.VnTime`,
//! VNI `VNI-Times`), so that their text can be decoded.
//!
//! A run's font is the first one set of: the run's own `w:rFonts`, its character style, its
//! paragraph's style (or the default paragraph style), the document defaults — each style
//! through its `w:basedOn` chain. Offices that type in TCVN3 mostly set `.VnTime` once, in
//! `Normal` or the defaults, so the run alone does not tell.

use super::super::error::Refusal;
use super::FORMAT;
use crate::extract::xlsx::attr;
use crate::text::legacy::{Legacy, font_encoding};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// Deepest `basedOn` chain followed: Word's own styles are a few levels deep; a longer chain
/// is a loop or a hostile file.
const MAX_DEPTH: usize = 16;

/// The fonts `word/styles.xml` gives.
#[derive(Debug, Default)]
pub(super) struct Styles {
    /// The font of `w:docDefaults`.
    default: Option<Font>,
    /// The paragraph style with `w:default="1"`, for paragraphs without `w:pStyle`.
    default_paragraph: Option<String>,
    styles: HashMap<String, Style>,
}

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    font: Option<Font>,
}

/// A font setting: a named font, or a theme font (which is never a legacy one).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Font {
    Named(String),
    Theme,
}

impl Font {
    /// The font `w:rFonts` sets for letters beyond ASCII (`w:hAnsi`), else for ASCII.
    pub(super) fn of(e: &BytesStart) -> Option<Font> {
        if let Some(name) = attr(e, "w:hAnsi").or_else(|| attr(e, "w:ascii")) {
            return Some(Font::Named(name.into_owned()));
        }
        (attr(e, "w:hAnsiTheme").is_some() || attr(e, "w:asciiTheme").is_some()).then_some(Font::Theme)
    }

    fn encoding(&self) -> Option<Legacy> {
        match self {
            Font::Named(name) => font_encoding(name),
            Font::Theme => None,
        }
    }
}

/// What a run says of its font.
#[derive(Debug, Default, Clone)]
pub(super) struct RunFont {
    pub(super) font: Option<Font>,
    pub(super) style: Option<String>,
}

impl Styles {
    /// The legacy encoding of a run in a paragraph of style `paragraph`, if its font is one.
    pub(super) fn encoding(&self, run: &RunFont, paragraph: Option<&str>) -> Option<Legacy> {
        let paragraph = paragraph.or(self.default_paragraph.as_deref());
        run.font
            .clone()
            .or_else(|| run.style.as_deref().and_then(|s| self.font_of(s)))
            .or_else(|| paragraph.and_then(|s| self.font_of(s)))
            .or_else(|| self.default.clone())?
            .encoding()
    }

    fn font_of(&self, id: &str) -> Option<Font> {
        let mut id = id;
        for _ in 0..MAX_DEPTH {
            let style = self.styles.get(id)?;
            if let Some(font) = &style.font {
                return Some(font.clone());
            }
            id = style.based_on.as_deref()?;
        }
        None
    }
}

/// The `w:val` of a style reference (`w:pStyle`, `w:rStyle`).
pub(super) fn value(e: &BytesStart) -> Option<String> {
    attr(e, "w:val").map(|v| v.into_owned())
}

/// Reads the styles part. Only fonts, style ids and `basedOn` are kept.
pub(super) fn styles(xml: &str) -> Result<Styles, Refusal> {
    let mut reader = Reader::from_str(xml);
    let mut styles = Styles::default();
    // The style being read (None in docDefaults), and whether we are in its run properties
    // (not in a table style's conditional parts or a tracked change's old properties).
    let (mut current, mut in_defaults, mut skip_depth): (Option<(String, Style)>, bool, usize) = (None, false, 0);
    loop {
        let event = reader.read_event().map_err(|e| Refusal::damaged(FORMAT, e))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "docDefaults" => in_defaults = true,
                "style" => current = Some(start_style(&e, &mut styles)),
                "tblStylePr" | "rPrChange" | "pPrChange" => skip_depth += 1,
                _ => {}
            },
            Event::Empty(e) if skip_depth == 0 => match e.local_name().as_ref() {
                "rFonts" if in_defaults => styles.default = Font::of(&e),
                "rFonts" => {
                    if let Some((_, style)) = current.as_mut() {
                        style.font = Font::of(&e);
                    }
                }
                "basedOn" => {
                    if let Some((_, style)) = current.as_mut() {
                        style.based_on = value(&e);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "docDefaults" => in_defaults = false,
                "style" => {
                    if let Some((id, style)) = current.take() {
                        styles.styles.insert(id, style);
                    }
                }
                "tblStylePr" | "rPrChange" | "pPrChange" => skip_depth = skip_depth.saturating_sub(1),
                _ => {}
            },
            Event::DocType(_) => return Err(Refusal::damaged(FORMAT, "khai báo DTD không hợp lệ")),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(styles)
}

/// The id of a `w:style`; notes it as the default paragraph style when it is one.
fn start_style(e: &BytesStart, styles: &mut Styles) -> (String, Style) {
    let id = attr(e, "w:styleId").map(|v| v.into_owned()).unwrap_or_default();
    let paragraph = attr(e, "w:type").is_some_and(|t| t == "paragraph");
    let default = attr(e, "w:default").is_some_and(|d| d == "1" || d == "true");
    if paragraph && default && styles.default_paragraph.is_none() {
        styles.default_paragraph = Some(id.clone());
    }
    (id, Style::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn parsed(body: &str) -> Styles {
        styles(&format!("<w:styles {W}>{body}</w:styles>")).unwrap()
    }

    fn named(name: &str) -> RunFont {
        RunFont {
            font: Some(Font::Named(name.into())),
            style: None,
        }
    }

    #[test]
    fn the_run_then_its_styles_then_the_defaults_decide() {
        let s = parsed(
            r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="Title"><w:rPr><w:rFonts w:hAnsi=".VnTimeH"/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="Vni"><w:rPr><w:rFonts w:ascii="VNI-Times"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Plain"><w:rPr><w:rFonts w:asciiTheme="minorHAnsi"/></w:rPr></w:style>"#,
        );
        let tcvn3 = Some(Legacy::Tcvn3 { capitals: false });
        let plain = RunFont::default();
        assert_eq!(s.encoding(&plain, None), tcvn3, "default paragraph style");
        assert_eq!(s.encoding(&plain, Some("Heading1")), tcvn3, "through basedOn");
        assert_eq!(
            s.encoding(&plain, Some("Title")),
            Some(Legacy::Tcvn3 { capitals: true })
        );
        assert_eq!(s.encoding(&plain, Some("Plain")), None, "a theme font");
        assert_eq!(s.encoding(&named("Arial"), None), None, "the run's own font first");
        let styled = RunFont {
            font: None,
            style: Some("Vni".into()),
        };
        assert_eq!(s.encoding(&styled, None), Some(Legacy::Vni));
    }

    #[test]
    fn a_based_on_loop_ends() {
        let s = parsed(
            r#"<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>
            <w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>"#,
        );
        assert_eq!(s.encoding(&RunFont::default(), Some("A")), None);
    }

    #[test]
    fn old_properties_of_a_tracked_change_do_not_count() {
        let s = parsed(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:rFonts w:ascii="Arial"/>
            <w:rPrChange><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr></w:rPrChange></w:rPr></w:style>"#,
        );
        assert_eq!(s.encoding(&RunFont::default(), None), None);
    }
}
