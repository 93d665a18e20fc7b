//! Ink and paper: a page made black and white before Tesseract reads it.
//!
//! Tesseract's own threshold (Otsu over the whole page) cuts a grey, speckled 200 dpi scan
//! badly: the thin strokes of small letters break and whole words are lost. Here each pixel
//! is weighed against the paper around it — the bright level of its neighbourhood — so a
//! shadow across a photo or a grey scan keeps its letters whole, and a faint speck stays
//! paper.

use super::image::Gray;
use super::orient::sure_words;
use super::words::Word;
use super::{TESSERACT, failed};
use crate::extract::error::Refusal;
use std::path::{Path, PathBuf};

/// Side of the square tiles whose paper level is measured (about 1/5 inch at 300 dpi).
const TILE: usize = 64;

/// Pages whose first reading has more unsure words than this share are read again in
/// black and white. A clean page, scanned or photographed, reads 92–95% of its words
/// surely (measured on the fixtures); a grey, speckled 200 dpi scan 84%.
const UNSURE_SHARE: f32 = 0.1;
/// A pixel darker than this share of the paper around it is ink. Measured over the scan
/// fixtures: from 0.65 to 0.82 the noisy 200 dpi scan reads 23–25 of its 25 values.
const RATIO: f32 = 0.74;
/// Blots of ink of at most this many pixels are dust: 2–5 pixels at 300 dpi, against some
/// twenty for the dot of ạ, the smallest mark of a letter.
const SPECK: usize = 10;

/// Whether a page's reading is poor enough to read the page again in black and white.
pub(super) fn worth_a_try(words: &[Word]) -> bool {
    let unsure = words.len() - sure_words(words);
    !words.is_empty() && unsure as f32 > words.len() as f32 * UNSURE_SHARE
}

/// `image`, the page in `file`, in black and white, and as a file next to it of the same kind: PGM for a rendered
/// page (read at 300 dpi), PNG for a photo (whose resolution Tesseract finds itself).
pub(super) fn page(file: &Path, image: &Gray) -> Result<(PathBuf, Gray), Refusal> {
    let ink = binarise(image, RATIO);
    let rendered = file.extension().is_some_and(|e| e == "pgm");
    let (ext, bytes) = if rendered {
        ("pgm", ink.pgm())
    } else {
        ("png", ink.png())
    };
    let stem = file.file_stem().map_or_else(Default::default, |s| s.to_string_lossy());
    // One dot only: Tesseract names its output after the file less its extension.
    let out = file.with_file_name(format!("{stem}-ink.{ext}"));
    std::fs::write(&out, bytes).map_err(|e| failed(TESSERACT, format!("ghi tệp tạm: {e}")))?;
    Ok((out, ink))
}

/// The page in black and white: ink where a pixel is darker than `ratio` of the paper
/// around it.
fn binarise(image: &Gray, ratio: f32) -> Gray {
    let paper = Paper::measure(image);
    let mut pixels = Vec::with_capacity(image.pixels.len());
    for y in 0..image.height {
        for x in 0..image.width {
            let limit = paper.at(x, y) * ratio;
            pixels.push(if f32::from(image.at(x, y)) < limit { 0 } else { 255 });
        }
    }
    let mut page = Gray {
        width: image.width,
        height: image.height,
        pixels,
    };
    clear_specks(&mut page, SPECK);
    page
}

/// Turns to paper every blot of ink of at most `most` pixels (8-connected): left, Tesseract
/// reads dust as commas and dots that split words and cells.
fn clear_specks(page: &mut Gray, most: usize) {
    let (w, h) = (page.width, page.height);
    let mut seen = vec![false; w * h];
    let mut stack = Vec::new();
    let mut blot = Vec::new();
    for start in 0..w * h {
        if seen[start] || page.pixels[start] != 0 {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        blot.clear();
        while let Some(i) = stack.pop() {
            blot.push(i);
            let (x, y) = (i % w, i / w);
            for ny in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                    let n = ny * w + nx;
                    if !seen[n] && page.pixels[n] == 0 {
                        seen[n] = true;
                        stack.push(n);
                    }
                }
            }
        }
        if blot.len() <= most {
            for &i in &blot {
                page.pixels[i] = 255;
            }
        }
    }
}

/// The paper's level per tile, read between tile centres.
struct Paper {
    columns: usize,
    rows: usize,
    levels: Vec<f32>,
}

impl Paper {
    /// Each tile's bright level: the grey that nine in ten of its pixels are no brighter
    /// than, so a tile of dense text still finds the paper between its letters.
    fn measure(image: &Gray) -> Paper {
        let columns = image.width.div_ceil(TILE);
        let rows = image.height.div_ceil(TILE);
        let mut levels = Vec::with_capacity(columns * rows);
        for row in 0..rows {
            for column in 0..columns {
                let mut histogram = [0u32; 256];
                let ys = row * TILE..((row + 1) * TILE).min(image.height);
                let xs = column * TILE..((column + 1) * TILE).min(image.width);
                let mut count = 0;
                for y in ys {
                    for x in xs.clone() {
                        histogram[usize::from(image.at(x, y))] += 1;
                        count += 1;
                    }
                }
                levels.push(percentile(&histogram, count, 0.9));
            }
        }
        Paper { columns, rows, levels }
    }

    /// The paper level at a pixel, between the four nearest tile centres.
    fn at(&self, x: usize, y: usize) -> f32 {
        let fx = ((x as f32 + 0.5) / TILE as f32 - 0.5).clamp(0.0, (self.columns - 1) as f32);
        let fy = ((y as f32 + 0.5) / TILE as f32 - 0.5).clamp(0.0, (self.rows - 1) as f32);
        let (x0, y0) = (fx as usize, fy as usize);
        let (x1, y1) = ((x0 + 1).min(self.columns - 1), (y0 + 1).min(self.rows - 1));
        let (tx, ty) = (fx - x0 as f32, fy - y0 as f32);
        let level = |c: usize, r: usize| self.levels[r * self.columns + c];
        let top = level(x0, y0) * (1.0 - tx) + level(x1, y0) * tx;
        let bottom = level(x0, y1) * (1.0 - tx) + level(x1, y1) * tx;
        top * (1.0 - ty) + bottom * ty
    }
}

/// The grey level below which `share` of `count` pixels lie.
fn percentile(histogram: &[u32; 256], count: u32, share: f32) -> f32 {
    let wanted = (count as f32 * share) as u32;
    let mut seen = 0;
    for (level, n) in histogram.iter().enumerate() {
        seen += n;
        if seen > wanted {
            return level as f32;
        }
    }
    255.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page darkening from left to right (a shadow), with a bar of ink on it and specks of
    /// dust: the bar stays whole at both ends, the specks go, and the paper stays paper.
    #[test]
    fn ink_is_weighed_against_the_paper_around_it_and_dust_goes() {
        let (width, height) = (400, 200);
        let paper = |x: usize| 250 - (x * 130 / width) as u8; // 250 down to 120
        let mut pixels = Vec::new();
        for y in 0..height {
            for x in 0..width {
                let bar = (90..110).contains(&y);
                let speck = x % 37 == 5 && y % 41 == 7;
                let level = paper(x);
                pixels.push(if bar {
                    level / 3
                } else if speck {
                    level / 2
                } else {
                    level
                });
            }
        }
        let page = binarise(&Gray { width, height, pixels }, RATIO);
        let ink = |x: usize, y: usize| page.at(x, y) == 0;
        assert!((0..width).all(|x| ink(x, 100)), "the bar is ink across the shadow");
        assert!((0..width).all(|x| !ink(x, 50) && !ink(x, 150)), "the paper is paper");
        assert!(!ink(5, 7) && !ink(42, 48), "the specks are gone");
    }

    #[test]
    fn a_page_mostly_read_surely_is_not_read_again() {
        let word = |confidence: f32| Word {
            confidence,
            ..Word::default()
        };
        let mut words: Vec<Word> = (0..95).map(|_| word(96.0)).chain((0..5).map(|_| word(40.0))).collect();
        assert!(!worth_a_try(&words));
        words.extend((0..10).map(|_| word(40.0)));
        assert!(worth_a_try(&words));
        assert!(!worth_a_try(&[]));
    }
}
