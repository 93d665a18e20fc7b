//! Ruled table lines found in the page image, so that a label wrapped onto a second line
//! stays in its table row, as the drawn rules of a PDF keep it.
//!
//! A horizontal rule is a band of dark pixels running across most of the table. The page is
//! not level, so pixels are counted on the straightened rows ([`Tilt`]): a rule a degree
//! off is then one long run again. Letters never make one: they leave gaps wider than a few
//! pixels between them.

use super::image::Gray;
use super::skew::Tilt;
use crate::extract::pdf::paths::Rule;

/// Grey level below which a pixel is ink.
const DARK: u8 = 190;
/// A run may bridge gaps this wide (a broken photocopied line).
const BRIDGE: usize = 6;
/// Share of a rule's length that is ink.
const MIN_FILL: f32 = 0.85;
/// A rule runs across at least this share of the page width.
const MIN_SHARE: f32 = 0.2;

/// The page's horizontal rules in page space (points, y upwards as the runs are), top first.
pub fn find(image: &Gray, tilt: &Tilt, scale: f32) -> Vec<Rule> {
    let (w, h) = (image.width, image.height);
    // Straightened rows can reach a little above and below the image.
    let margin = h / 8 + 1;
    let mut rows = vec![false; w * (h + 2 * margin)];
    for y in 0..h {
        for x in 0..w {
            if image.at(x, y) < DARK {
                let level = tilt.level(x as f32, y as f32).round() as isize + margin as isize;
                if let Some(row) = usize::try_from(level).ok().filter(|&r| r < h + 2 * margin) {
                    rows[row * w + x] = true;
                }
            }
        }
    }
    let min = (w as f32 * MIN_SHARE) as usize;
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for row in 0..h + 2 * margin {
        let line = &rows[row * w..(row + 1) * w];
        if let Some((x0, x1)) = longest_run(line).filter(|(a, b)| b - a >= min) {
            match found.last_mut() {
                // A thick rule covers several rows: one rule at the first.
                Some(last) if row - last.0 <= 3 && x0 < last.2 && last.1 < x1 => last.0 = row,
                _ => found.push((row, x0, x1)),
            }
        }
    }
    found
        .into_iter()
        .map(|(row, x0, x1)| Rule {
            y: -((row - margin) as f32) * scale,
            x0: x0 as f32 * scale,
            x1: x1 as f32 * scale,
        })
        .collect()
}

/// The longest stretch of ink in a row, bridging small gaps, that is nearly all ink: a
/// line of bold text also bridges, but half of it is the white between strokes.
fn longest_run(line: &[bool]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let (mut start, mut last, mut inked) = (0usize, 0usize, 0usize);
    let mut open = false;
    let consider = |s: usize, e: usize, inked: usize, best: &mut Option<(usize, usize)>| {
        let solid = inked as f32 >= MIN_FILL * (e - s + 1) as f32;
        if solid && best.is_none_or(|(a, b)| e - s > b - a) {
            *best = Some((s, e));
        }
    };
    for (x, &ink) in line.iter().enumerate() {
        if !ink {
            continue;
        }
        if open && x - last <= BRIDGE {
            inked += 1;
        } else {
            if open {
                consider(start, last, inked, &mut best);
            }
            (start, inked, open) = (x, 1, true);
        }
        last = x;
    }
    if open {
        consider(start, last, inked, &mut best);
    }
    best
}
