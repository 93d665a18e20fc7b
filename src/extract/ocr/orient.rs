//! Pages that are not upright: a phone held sideways, a sheet fed upside down. Tesseract's
//! orientation detection (`--psm 0`, its `osd` model) says by how much to turn the page; the
//! page is then turned by whole quarters and read again. Only a page whose first reading
//! found little it was sure of is asked: an upright page (nearly all of them) costs nothing
//! more.

use super::image::{self, Gray};
use super::words::Word;
use super::{TESSERACT, failed};
use crate::extract::error::Refusal;
use crate::extract::limits::Programs;
use crate::extract::run::{Outcome, run_confined};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A page with fewer words read this surely is asked for its orientation.
const SURE_WORDS: usize = 30;
const SURE_CONFIDENCE: f32 = 70.0;
/// Tesseract's orientation confidence below which the page is left as it is.
const MIN_ORIENTATION_CONFIDENCE: f32 = 2.0;

/// Whether the first reading of a page suggests it is not upright: few words read surely, or
/// fewer than half (a sideways page still gives some: measured 121 of 394, against 374 of
/// 403 for the same form upright).
pub(super) fn doubtful(words: &[Word]) -> bool {
    let sure = sure_words(words);
    sure < SURE_WORDS || sure * 2 < words.len()
}

/// How many words of a reading Tesseract was sure of.
pub(super) fn sure_words(words: &[Word]) -> usize {
    words.iter().filter(|w| w.confidence >= SURE_CONFIDENCE).count()
}

/// The page turned upright as a new image file next to it, or None when Tesseract finds it
/// upright (or cannot tell).
pub(super) fn upright(page: &Path, programs: &Programs) -> Result<Option<PathBuf>, Refusal> {
    let base = page.with_extension("orientation");
    let mut command = Command::new(&programs.tesseract);
    command
        .arg(page)
        .arg(&base)
        .args(["--psm", "0"])
        .env("OMP_THREAD_LIMIT", "1");
    // No orientation model, or a page too empty to tell: read as it is.
    if !matches!(run_confined(command, programs.timeout), Outcome::Finished(Some(0))) {
        return Ok(None);
    }
    let Some(turns) = std::fs::read_to_string(page.with_extension("orientation.osd"))
        .ok()
        .and_then(|t| quarter_turns(&t))
    else {
        return Ok(None);
    };
    let bytes = std::fs::read(page).map_err(|e| failed(TESSERACT, e.to_string()))?;
    let turned = turn(&image::decode(&bytes)?, turns);
    // One dot only: the reader names Tesseract's output by replacing the extension.
    let stem = page
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = page.with_file_name(format!("{stem}-upright.png"));
    std::fs::write(&file, turned.png()).map_err(|e| failed(TESSERACT, format!("ghi tệp tạm: {e}")))?;
    Ok(Some(file))
}

/// Clockwise quarter turns from Tesseract's OSD report (`Rotate: 90`), when it is sure.
fn quarter_turns(report: &str) -> Option<u8> {
    let value = |key: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().parse::<f32>().ok())
    };
    let rotate = value("Rotate:")?;
    let sure = value("Orientation confidence:")? >= MIN_ORIENTATION_CONFIDENCE;
    let turns = (rotate / 90.0).round() as i32;
    (sure && (1..=3).contains(&turns)).then_some(turns as u8)
}

/// The image turned clockwise by `turns` quarters.
fn turn(src: &Gray, turns: u8) -> Gray {
    let (w, h) = (src.width, src.height);
    let (width, height) = if turns % 2 == 1 { (h, w) } else { (w, h) };
    let mut pixels = vec![255u8; width * height];
    for y in 0..h {
        for x in 0..w {
            let (nx, ny) = match turns % 4 {
                1 => (h - 1 - y, x),
                2 => (w - 1 - x, h - 1 - y),
                3 => (y, w - 1 - x),
                _ => (x, y),
            };
            pixels[ny * width + nx] = src.pixels[y * w + x];
        }
    }
    Gray { width, height, pixels }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_gives_quarter_turns_when_sure() {
        let report = "Page number: 0\nOrientation in degrees: 270\nRotate: 90\nOrientation confidence: 12.5\n";
        assert_eq!(quarter_turns(report), Some(1));
        assert_eq!(quarter_turns(&report.replace("12.5", "0.4")), None);
        assert_eq!(quarter_turns(&report.replace("Rotate: 90", "Rotate: 0")), None);
    }

    #[test]
    fn a_quarter_turn_clockwise_moves_the_top_left_to_the_top_right() {
        // 3 wide, 2 high: a b c / d e f → turned: d a / e b / f c.
        let src = Gray {
            width: 3,
            height: 2,
            pixels: vec![1, 2, 3, 4, 5, 6],
        };
        let once = turn(&src, 1);
        assert_eq!(
            (once.width, once.height, once.pixels.clone()),
            (2, 3, vec![4, 1, 5, 2, 6, 3])
        );
        assert_eq!(turn(&turn(&once, 2), 1).pixels, src.pixels);
    }
}
