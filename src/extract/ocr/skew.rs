//! How far a page image is turned, measured on the ink itself.
//!
//! A scan lies a degree or two crooked on the glass, and a photo more. Sheared by the right
//! slope, the page's ink falls into sharp bands — text lines and ruled lines — so the row
//! histogram of ink is most uneven (the largest sum of squares) there. The slope is searched
//! coarsely over ±5° and then finely; the top and bottom thirds are measured apart too, and
//! where they differ (a photo taken at an angle) the slope changes linearly down the page.

use super::image::Gray;

/// Grey level below which a pixel is ink.
const INK: u8 = 160;
/// Every how many ink pixels one is counted: enough for the histogram, a tenth of the work.
const SAMPLE: usize = 7;
/// The top and bottom thirds must differ by at least this slope for the page to be taken
/// as a trapezoid rather than a turned rectangle (0.1°).
const TRAPEZOID: f32 = 0.0017;

/// The slope of the page's lines (image rows per column) as a linear function of the row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tilt {
    /// Slope at the top of the page (row 0) and its change per row down.
    pub at_top: f32,
    pub per_row: f32,
    /// The column words are turned about.
    pub middle: f32,
}

impl Tilt {
    /// One slope over the whole page, turned about column `middle`.
    pub fn uniform(slope: f32, middle: f32) -> Tilt {
        Tilt {
            at_top: slope,
            per_row: 0.0,
            middle,
        }
    }

    /// The page's tilt, measured on its ink.
    pub fn measure(image: &Gray) -> Tilt {
        let ink = ink_points(image);
        let middle = image.width as f32 / 2.0;
        let all = best_slope(&ink, middle, image.height);
        let third = image.height as f32 / 3.0;
        let top: Vec<(f32, f32)> = ink.iter().copied().filter(|p| p.1 < third).collect();
        let bottom: Vec<(f32, f32)> = ink.iter().copied().filter(|p| p.1 > 2.0 * third).collect();
        let (t, b) = (
            refine(&top, all, middle, image.height),
            refine(&bottom, all, middle, image.height),
        );
        if top.len() < 1000 || bottom.len() < 1000 || (t - b).abs() < TRAPEZOID {
            return Tilt::uniform(all, middle);
        }
        // Through the middles of the two thirds, two thirds of the page apart.
        let per_row = (b - t) / (2.0 * third);
        Tilt {
            at_top: t - per_row * (third / 2.0),
            per_row,
            middle,
        }
    }

    /// The image row `y` at column `x` would be at on a level page.
    pub fn level(&self, x: f32, y: f32) -> f32 {
        y - (self.at_top + self.per_row * y) * (x - self.middle)
    }
}

/// Every `SAMPLE`th ink pixel, as (column, row).
fn ink_points(image: &Gray) -> Vec<(f32, f32)> {
    image
        .pixels
        .iter()
        .enumerate()
        .filter(|(_, p)| **p < INK)
        .step_by(SAMPLE)
        .map(|(i, _)| ((i % image.width) as f32, (i / image.width) as f32))
        .collect()
}

/// The slope over ±5° whose sheared row histogram is sharpest.
fn best_slope(ink: &[(f32, f32)], middle: f32, height: usize) -> f32 {
    let coarse = search(ink, middle, height, 0.0, 0.0044, 20);
    refine(ink, coarse, middle, height)
}

/// The sharpest slope within 0.25° of `around`.
fn refine(ink: &[(f32, f32)], around: f32, middle: f32, height: usize) -> f32 {
    search(ink, middle, height, around, 0.00035, 12)
}

/// The sharpest of the slopes `around + k·step` for k in −n..=n.
fn search(ink: &[(f32, f32)], middle: f32, height: usize, around: f32, step: f32, n: i32) -> f32 {
    (-n..=n)
        .map(|k| around + k as f32 * step)
        .map(|slope| (slope, sharpness(ink, slope, middle, height)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(0.0, |(slope, _)| slope)
}

/// Sum of squares of the row histogram of the ink sheared by `slope`.
fn sharpness(ink: &[(f32, f32)], slope: f32, middle: f32, height: usize) -> f64 {
    let margin = height / 4;
    let mut rows = vec![0u32; height + 2 * margin];
    for &(x, y) in ink {
        let level = y - slope * (x - middle);
        if let Some(r) = usize::try_from(level as isize + margin as isize)
            .ok()
            .filter(|&r| r < rows.len())
        {
            rows[r] += 1;
        }
    }
    rows.iter().map(|&c| f64::from(c) * f64::from(c)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of horizontal strokes (lines of "text") turned by `slope`.
    fn page(slope: f32) -> Gray {
        let (width, height) = (1200, 1600);
        let mut pixels = vec![255u8; width * height];
        for line in 0..25 {
            let y0 = 100.0 + 55.0 * line as f32;
            for x in 100..1100 {
                // Words: 60 px of ink, 20 px of space.
                if x % 80 < 60 {
                    for t in 0..12 {
                        let y = (y0 + t as f32 + slope * (x as f32 - 600.0)).round() as usize;
                        pixels[y * width + x] = 0;
                    }
                }
            }
        }
        Gray { width, height, pixels }
    }

    #[test]
    fn a_turned_page_is_measured_to_a_tenth_of_a_degree() {
        for degrees in [-2.0f32, -0.6, 0.0, 1.2, 3.0] {
            let slope = degrees.to_radians().tan();
            let tilt = Tilt::measure(&page(slope));
            assert!((tilt.at_top - slope).abs() < 0.0018, "{degrees}°: {tilt:?}");
            assert!(tilt.per_row.abs() < 1e-6, "{degrees}°: {tilt:?}");
        }
    }
}
