//! What a workbook's cell styles (`xl/styles.xml`) tell the reader: whether a number in
//! such a cell is a date serial, not a count, and whether its font is a legacy Vietnamese
//! one (TCVN3 `.VnTime`, VNI `VNI-Times`), so that its text must be decoded.

use super::each_event;
use crate::extract::error::Refusal;
use crate::text::legacy::{Legacy, font_encoding};
use quick_xml::events::Event;
use std::collections::HashMap;

/// For each cell style (`cellXfs` index): whether its number format shows a date, and the
/// legacy encoding of its font.
#[derive(Debug, Default)]
pub(super) struct CellStyles {
    dates: Vec<bool>,
    fonts: Vec<Option<Legacy>>,
}

impl CellStyles {
    /// Reads the styles part.
    pub(super) fn read(xml: &str) -> Result<CellStyles, Refusal> {
        let mut custom: HashMap<u32, bool> = HashMap::new();
        // The `<fonts>` list (not the differential `<dxfs>` fonts), then each style's font.
        let mut fonts: Vec<Option<Legacy>> = Vec::new();
        let mut styles = CellStyles::default();
        let (mut in_fonts, mut in_cell_xfs) = (false, false);
        each_event(xml, |e| match e {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    if let (Some(id), Some(code)) = (
                        super::attr(&e, "numFmtId").and_then(|v| v.parse().ok()),
                        super::attr(&e, "formatCode"),
                    ) {
                        custom.insert(id, is_date_format(&code));
                    }
                }
                "fonts" => in_fonts = true,
                "font" if in_fonts => fonts.push(None),
                "name" if in_fonts => {
                    if let (Some(last), Some(name)) = (fonts.last_mut(), super::attr(&e, "val")) {
                        *last = font_encoding(&name);
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs => {
                    let number = |name| super::attr(&e, name).and_then(|v| v.parse::<u32>().ok());
                    let id = number("numFmtId").unwrap_or(0);
                    let date = custom.get(&id).copied().unwrap_or_else(|| is_builtin_date(id));
                    styles.dates.push(date);
                    let font = number("fontId").unwrap_or(0) as usize;
                    styles.fonts.push(fonts.get(font).copied().flatten());
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "fonts" => in_fonts = false,
                "cellXfs" => in_cell_xfs = false,
                _ => {}
            },
            _ => {}
        })?;
        Ok(styles)
    }

    /// Whether a number in a cell of `style` is a date serial.
    pub(super) fn is_date(&self, style: usize) -> bool {
        self.dates.get(style).copied().unwrap_or(false)
    }

    /// The legacy encoding of the font of `style`, if it is one.
    pub(super) fn legacy(&self, style: usize) -> Option<Legacy> {
        self.fonts.get(style).copied().flatten()
    }
}

/// Excel's built-in date and date-time formats.
fn is_builtin_date(id: u32) -> bool {
    matches!(id, 14..=17 | 22 | 27..=36 | 50..=58)
}

/// A custom format shows a date when, outside quoted text and `[...]`, it has a day or year.
fn is_date_format(code: &str) -> bool {
    let mut plain = String::new();
    let (mut quoted, mut bracket) = (false, false);
    for c in code.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if !quoted && !bracket => plain.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    plain.contains('d') || plain.contains('y')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_give_dates_and_legacy_fonts() {
        let xml = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>
            <fonts><font><name val=".VnTime"/></font><font><b/><name val="Arial"/></font>
            <font><name val="VNI-Times"/></font></fonts>
            <cellXfs><xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="1"/><xf fontId="2"/></cellXfs>
            <dxfs><dxf><font><name val=".VnTimeH"/></font></dxf></dxfs></styleSheet>"#;
        let styles = CellStyles::read(xml).unwrap();
        assert!(!styles.is_date(0) && styles.is_date(1));
        assert_eq!(styles.legacy(0), Some(Legacy::Tcvn3 { capitals: false }));
        assert_eq!(
            (styles.legacy(1), styles.legacy(2), styles.legacy(3)),
            (None, Some(Legacy::Vni), None)
        );
    }

    #[test]
    fn date_formats_are_told_from_number_formats() {
        assert!(is_date_format("dd/mm/yyyy"));
        assert!(is_date_format("[$-42A]d mmmm yyyy"));
        assert!(!is_date_format("#,##0"));
        assert!(!is_date_format("0.00\" ngày\""));
        assert!(is_builtin_date(14) && !is_builtin_date(3));
    }
}
