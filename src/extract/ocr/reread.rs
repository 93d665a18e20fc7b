//! The second reading of every figure: table cells that hold (or should hold) a number are
//! cut out of the page, stacked into one image and read again by Tesseract allowed only
//! digits and the thousands dot. Where the two readings agree the figure stands; where they
//! differ the surer one is kept and the other travels with it, so the value goes to a
//! person ([`super::doubts`]).
//!
//! One Tesseract run per page for all its figures: a run per cell would cost a model load
//! (a quarter of a second) each.

use super::image::Gray;
use super::words;
use crate::extract::document::{Cell, Document, Location};
use crate::extract::error::Refusal;
use std::path::Path;

/// White around each cut-out and between them, in pixels.
const PAD: usize = 24;
/// A cut-out reaches this far beyond the ink Tesseract saw (a digit it missed half of).
const REACH: u32 = 10;

/// Reads the figures of `page` (1-based, its image `image`) again and settles each cell.
pub fn figures(
    doc: &mut Document,
    page: u32,
    image: &Gray,
    dir: &Path,
    read: impl Fn(&Path) -> Result<String, Refusal>,
) -> Result<(), Refusal> {
    let cells: Vec<&mut Cell> = doc
        .lines
        .iter_mut()
        .filter(|l| l.block.is_some())
        .flat_map(|l| l.cells.iter_mut())
        .filter(|c| matches!(c.at, Location::Scan { page: p, .. } if p == page) && is_figure_like(&c.text))
        .collect();
    if cells.is_empty() {
        return Ok(());
    }
    let boxes: Vec<(usize, usize, usize, usize)> = cells.iter().map(|c| cut(&c.at, image)).collect();
    let (stack, slots) = stacked(image, &boxes);
    let file = dir.join(format!("figures-{page}.png"));
    std::fs::write(&file, stack.png()).map_err(|e| Refusal::Io(e.to_string()))?;
    let found = words::parse(&read(&file)?);
    for (cell, slot) in cells.into_iter().zip(slots) {
        let mut inside: Vec<&words::Word> = found
            .iter()
            .filter(|w| (slot.0..slot.1).contains(&(((w.top + w.bottom) / 2.0) as usize)))
            .collect();
        inside.sort_by(|a, b| a.left.total_cmp(&b.left));
        let text: String = inside.iter().map(|w| w.text.as_str()).collect();
        let confidence = inside.iter().map(|w| w.confidence).fold(100.0f32, f32::min);
        settle(cell, &text, if inside.is_empty() { 0.0 } else { confidence });
    }
    Ok(())
}

/// A cell that is a figure, or junk where a figure should be: short, and with a digit or
/// without a letter run of three (a unit like `cuộc`, a label, is not).
fn is_figure_like(text: &str) -> bool {
    let short = text.chars().count() <= 8;
    let digit = text.chars().any(|c| c.is_ascii_digit());
    let wordy = text.split(|c: char| !c.is_alphabetic()).any(|w| w.chars().count() >= 3);
    short && (digit || !wordy)
}

/// The pixel box of a cell, a little larger than its ink, inside the image.
fn cut(at: &Location, image: &Gray) -> (usize, usize, usize, usize) {
    let Location::Scan {
        left,
        top,
        width,
        height,
        ..
    } = *at
    else {
        return (0, 0, 0, 0);
    };
    cut_box((left, top, left + width, top + height), REACH, image)
}

/// The pixel box (left, top, right, bottom) `reach` larger, inside the image (empty where
/// it lies beyond it).
pub(super) fn cut_box(
    (left, top, right, bottom): (u32, u32, u32, u32),
    reach: u32,
    image: &Gray,
) -> (usize, usize, usize, usize) {
    let x1 = ((right + reach) as usize).min(image.width);
    let y1 = ((bottom + reach) as usize).min(image.height);
    let x0 = (left.saturating_sub(reach) as usize).min(x1);
    let y0 = (top.saturating_sub(reach) as usize).min(y1);
    (x0, y0, x1, y1)
}

/// The cut-outs one under the other on white; each one's rows in the stack.
pub(super) fn stacked(image: &Gray, boxes: &[(usize, usize, usize, usize)]) -> (Gray, Vec<(usize, usize)>) {
    let width = boxes.iter().map(|b| b.2 - b.0).max().unwrap_or(0) + 2 * PAD;
    let height = boxes.iter().map(|b| b.3 - b.1 + PAD).sum::<usize>() + PAD;
    let mut pixels = vec![255u8; width * height];
    let mut slots = Vec::with_capacity(boxes.len());
    let mut y = PAD;
    for &(x0, y0, x1, y1) in boxes {
        for row in y0..y1 {
            let from = &image.pixels[row * image.width + x0..row * image.width + x1];
            let at = (y + row - y0) * width + PAD;
            pixels[at..at + from.len()].copy_from_slice(from);
        }
        slots.push((y, y + (y1 - y0)));
        y += y1 - y0 + PAD;
    }
    (Gray { width, height, pixels }, slots)
}

/// Keeps the surer of the two readings; notes the other when they differ.
fn settle(cell: &mut Cell, digits: &str, digits_confidence: f32) {
    let Location::Scan {
        confidence,
        ref mut disputed,
        ..
    } = cell.at
    else {
        return;
    };
    let page_digits: String = cell.text.chars().filter(|c| !c.is_whitespace()).collect();
    if page_digits == digits {
        return;
    }
    let page_is_figure = crate::text::is_bare_figure(&page_digits);
    let digits_win = !digits.is_empty() && (!page_is_figure || digits_confidence > f32::from(confidence));
    if digits_win {
        *disputed = Some(std::mem::replace(&mut cell.text, digits.to_string()));
        if let Location::Scan { confidence, .. } = &mut cell.at {
            *confidence = digits_confidence.round() as u8;
        }
    } else {
        *disputed = Some(if digits.is_empty() { "?".into() } else { digits.into() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, confidence: u8) -> Cell {
        let at = Location::Scan {
            page: 1,
            line: 1,
            left: 0,
            top: 0,
            width: 10,
            height: 10,
            confidence,
            disputed: None,
        };
        Cell::new(text.into(), 3, at)
    }

    fn disputed(c: &Cell) -> Option<&str> {
        match &c.at {
            Location::Scan { disputed, .. } => disputed.as_deref(),
            _ => None,
        }
    }

    #[test]
    fn agreeing_readings_stand_and_junk_gives_way_to_digits() {
        let mut same = cell("1.250", 96);
        settle(&mut same, "1.250", 90.0);
        assert_eq!((same.text.as_str(), disputed(&same)), ("1.250", None));
        let mut junk = cell("g.", 30);
        settle(&mut junk, "9", 88.0);
        assert_eq!((junk.text.as_str(), disputed(&junk)), ("9", Some("g.")));
    }

    #[test]
    fn two_figures_that_differ_keep_the_surer_and_note_the_other() {
        let mut c = cell("17", 89);
        settle(&mut c, "12", 95.0);
        assert_eq!((c.text.as_str(), disputed(&c)), ("12", Some("17")));
        let mut d = cell("12", 96);
        settle(&mut d, "17", 60.0);
        assert_eq!((d.text.as_str(), disputed(&d)), ("12", Some("17")));
    }

    #[test]
    fn units_and_labels_are_not_figures() {
        assert!(is_figure_like("12") && is_figure_like("Ì.250") && is_figure_like("g.") && is_figure_like("1U..."));
        assert!(!is_figure_like("cuộc") && !is_figure_like("kiến nghị") && !is_figure_like("Số cuộc giám sát"));
    }
}
