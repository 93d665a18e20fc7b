//! How far each glyph of a font moves the pen: `/Widths` of simple fonts, `/W` and `/DW`
//! of the descendant font of a Type0 font, and a Type3 font's `/FontMatrix` scale.
//!
//! Gaps between pieces of text decide between a word space and a table column, so widths
//! matter; when a font gives none, an average glyph of half an em (a quarter for spaces) is
//! the best guess.

use lopdf::{Dictionary, Document, Object};

/// Pen advance, in thousandths of an em, used when a font gives no width for a code.
const FALLBACK_WIDTH: f32 = 500.0;
/// Pen advance used for a space when the font gives no width; spaces are narrower than the
/// average glyph, and word gaps are judged against this.
const FALLBACK_SPACE_WIDTH: f32 = 250.0;
/// Most `/W` entries read from a CID font; real fonts have a few hundred.
const MAX_CID_WIDTH_RANGES: usize = 65_536;
/// Most `/Widths` entries read from a simple font (which has at most 256 codes).
const MAX_SIMPLE_WIDTHS: usize = 256;

/// The glyph widths of one font.
pub(super) struct Widths {
    table: Table,
    /// Width to text-space factor: 1/1000, or a Type3 font's own `/FontMatrix` scale.
    scale: f32,
}

/// Widths of a font's codes, in thousandths of an em.
enum Table {
    /// `/FirstChar` + `/Widths` of a simple font.
    Simple { first: u32, widths: Vec<f32> },
    /// `/W` ranges `(first, last, width)`, sorted, and `/DW` of a CID font.
    Cid { ranges: Vec<(u32, u32, f32)>, default: f32 },
    /// No usable widths.
    Missing,
}

impl Widths {
    /// Reads the widths of font `dict`; `two_byte` for Type0 fonts.
    pub(super) fn load(doc: &Document, dict: &Dictionary, two_byte: bool) -> Self {
        let table = if two_byte {
            cid_widths(doc, dict)
        } else {
            simple_widths(doc, dict)
        };
        let scale = type3_scale(doc, dict).unwrap_or(0.001);
        Widths { table, scale }
    }

    /// Advance of `code` in text space units per unit of font size.
    pub(super) fn advance(&self, code: u32, is_space: bool) -> f32 {
        let found = match &self.table {
            Table::Simple { first, widths } => code.checked_sub(*first).and_then(|i| widths.get(i as usize).copied()),
            Table::Cid { ranges, default } => Some(cid_width(ranges, code).unwrap_or(*default)),
            Table::Missing => None,
        };
        let width = match found {
            Some(w) if w.is_finite() && w >= 0.0 => w,
            _ if is_space => FALLBACK_SPACE_WIDTH,
            _ => FALLBACK_WIDTH,
        };
        width * self.scale
    }
}

/// Follows a reference to the object it names (lopdf bounds reference chains).
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, object)| object)
}

fn number(doc: &Document, object: &Object) -> Option<f32> {
    resolve(doc, object)?.as_float().ok()
}

fn array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    let object = resolve(doc, dict.get(key).ok()?)?;
    object.as_array().ok().map(Vec::as_slice)
}

fn simple_widths(doc: &Document, dict: &Dictionary) -> Table {
    let first = dict.get(b"FirstChar").and_then(Object::as_i64).ok();
    let widths = array(doc, dict, b"Widths");
    match (first.and_then(|f| u32::try_from(f).ok()), widths) {
        (Some(first), Some(widths)) => Table::Simple {
            first,
            widths: widths
                .iter()
                .take(MAX_SIMPLE_WIDTHS)
                .map(|w| number(doc, w).unwrap_or(FALLBACK_WIDTH))
                .collect(),
        },
        _ => Table::Missing,
    }
}

/// `/W` and `/DW` of the descendant CID font of a Type0 font.
fn cid_widths(doc: &Document, dict: &Dictionary) -> Table {
    let descendant = array(doc, dict, b"DescendantFonts")
        .and_then(|fonts| fonts.first())
        .and_then(|font| resolve(doc, font))
        .and_then(|font| font.as_dict().ok());
    let Some(cid_font) = descendant else {
        return Table::Missing;
    };
    let default = cid_font
        .get(b"DW")
        .ok()
        .and_then(|dw| number(doc, dw))
        .unwrap_or(1000.0);
    let mut ranges = array(doc, cid_font, b"W")
        .map(|w| cid_ranges(doc, w))
        .unwrap_or_default();
    ranges.sort_by_key(|&(first, _, _)| first);
    Table::Cid { ranges, default }
}

/// Reads a `/W` array: `c [w1 w2 …]` gives consecutive codes from `c`, `c1 c2 w` a range.
fn cid_ranges(doc: &Document, w: &[Object]) -> Vec<(u32, u32, f32)> {
    let mut ranges = Vec::new();
    let mut i = 0;
    while i + 1 < w.len() && ranges.len() < MAX_CID_WIDTH_RANGES {
        let first = number(doc, &w[i]).unwrap_or(-1.0);
        if first < 0.0 {
            break;
        }
        let first = first as u32;
        if let Some(list) = resolve(doc, &w[i + 1]).and_then(|o| o.as_array().ok()) {
            for (k, width) in list.iter().take(MAX_CID_WIDTH_RANGES).enumerate() {
                let code = first.saturating_add(k as u32);
                ranges.push((code, code, number(doc, width).unwrap_or(FALLBACK_WIDTH)));
            }
            i += 2;
        } else {
            let last = number(doc, &w[i + 1]).unwrap_or(0.0) as u32;
            let width = w.get(i + 2).and_then(|o| number(doc, o));
            ranges.push((first, last, width.unwrap_or(FALLBACK_WIDTH)));
            i += 3;
        }
    }
    ranges
}

fn cid_width(ranges: &[(u32, u32, f32)], code: u32) -> Option<f32> {
    let after = ranges.partition_point(|&(first, _, _)| first <= code);
    // Ranges may overlap; the nearest one starting at or before `code` is checked.
    let (_, last, width) = *ranges.get(after.checked_sub(1)?)?;
    (code <= last).then_some(width)
}

/// A Type3 font measures glyphs in its own `/FontMatrix` units instead of 1/1000 em.
fn type3_scale(doc: &Document, dict: &Dictionary) -> Option<f32> {
    if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type3") {
        return None;
    }
    let scale = number(doc, array(doc, dict, b"FontMatrix")?.first()?)?;
    (scale.is_finite() && scale > 0.0 && scale < 1.0).then_some(scale)
}
