//! Turns the glyphs of one text-showing operation into glyph runs placed on the page.
//!
//! A run is text the producer wrote as one flow: words joined by single spaces, with its
//! extent on the page. Word spaces are kept inside a run whatever their width (justified
//! text stretches them), but a wide jump of the pen without a space glyph (a tab stop, a
//! table column written in one `TJ`) or a long stretch of spaces ends the run, so the layout
//! step can judge it as a possible column gap.

use lopdf::Object;

use super::fonts::{Font, Glyph};
use crate::text::legacy::{self, Legacy};

/// A gap wider than this (in em) without any space glyph ends the run.
const BREAK_WITHOUT_SPACE_EM: f32 = 0.35;
/// A gap wider than this (in em) ends the run even when it is made of space glyphs.
const BREAK_WITH_SPACE_EM: f32 = 1.5;
/// A gap of at least this (in em) without a space glyph reads as a word space; narrower
/// moves are kerning.
const WORD_GAP_EM: f32 = 0.15;

/// A piece of text on one baseline, in page space (points, y upwards).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text, single-spaced, without leading or trailing spaces.
    pub text: String,
    /// Left edge of the first glyph.
    pub x0: f32,
    /// Right edge of the last glyph (its advance, not its ink).
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Font size on the page.
    pub size: f32,
    /// Where OCR saw the text, for text read from a scan; `None` for a text layer.
    pub ink: Option<Ink>,
}

/// Where OCR saw a piece of text: its box on the page image (pixels, y downwards) and the
/// recogniser's confidence (0–100); cells joined from several pieces take the union of the
/// boxes and the lowest confidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub confidence: f32,
}

impl Ink {
    /// Both pieces' box and the lower confidence.
    pub fn union(self, other: Ink) -> Ink {
        Ink {
            left: self.left.min(other.left),
            top: self.top.min(other.top),
            right: self.right.max(other.right),
            bottom: self.bottom.max(other.bottom),
            confidence: self.confidence.min(other.confidence),
        }
    }

    /// The union of two optional inks.
    pub fn join(a: Option<Ink>, b: Option<Ink>) -> Option<Ink> {
        match (a, b) {
            (Some(a), Some(b)) => Some(a.union(b)),
            (a, b) => a.or(b),
        }
    }
}

/// An affine transformation `[a b c d e f]`, applied to row vectors as PDF does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Matrix([f32; 6]);

impl Matrix {
    /// The identity.
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// The area the unit square covers under the matrix: an image's size on the page.
    pub fn area(&self) -> f32 {
        let [a, b, c, d, ..] = self.0;
        (a * d - b * c).abs()
    }

    /// A matrix from the operands of `cm` or `Tm` (or a `/Matrix` array): six finite
    /// numbers, or `None`.
    pub fn from_operands(operands: &[Object]) -> Option<Self> {
        let mut m = [0.0f32; 6];
        if operands.len() < 6 {
            return None;
        }
        for (slot, operand) in m.iter_mut().zip(operands) {
            *slot = operand.as_float().ok().filter(|v| v.is_finite())?;
        }
        Some(Matrix(m))
    }

    /// `self` followed by `then` (PDF's `self × then`).
    pub fn then(self, then: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    /// A translation by `(tx, ty)` followed by `self`.
    pub fn translated(self, tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty]).then(self)
    }

    /// Where the point `(x, y)` goes.
    pub fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    /// Length of the image of a unit vertical vector: how much the matrix scales font size.
    fn vertical_scale(self) -> f32 {
        self.0[2].hypot(self.0[3])
    }
}

/// The text state parameters that affect glyph placement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TextParams {
    /// `Tf` size.
    pub size: f32,
    /// `Tc`.
    pub char_space: f32,
    /// `Tw`.
    pub word_space: f32,
    /// `Tz` / 100.
    pub hscale: f32,
    /// `Ts`.
    pub rise: f32,
}

impl Default for TextParams {
    /// The state at the start of a page: no font size yet, no extra spacing, 100 % scale.
    fn default() -> Self {
        TextParams {
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            hscale: 1.0,
            rise: 0.0,
        }
    }
}

/// One element of a `TJ` array (or the single string of `Tj`).
pub(super) enum Piece<'o> {
    /// Encoded string bytes.
    Text(&'o [u8]),
    /// A position adjustment in thousandths of an em (positive moves left).
    Adjust(f32),
}

/// Where shown text goes: the runs, and how many more bytes of text they may take.
pub(super) struct Sink<'r> {
    /// Runs of the page so far.
    pub runs: &'r mut Vec<Run>,
    /// Bytes of text still allowed; text beyond it is dropped and the caller refuses.
    pub room: &'r mut usize,
}

/// Shows `pieces` with `font` under the text-to-page matrix `m`, appending the runs to
/// the sink. Returns the total horizontal advance in text space, by which `Tm` moves.
pub(super) fn show<'o>(
    font: &mut Font<'_>,
    params: &TextParams,
    m: Matrix,
    pieces: impl Iterator<Item = Piece<'o>>,
    sink: Sink<'_>,
) -> f32 {
    let mut builder = RunBuilder::new(m, params, sink);
    builder.legacy = font.legacy;
    for piece in pieces {
        match piece {
            Piece::Adjust(n) => builder.skip(-n / 1000.0 * params.size * params.hscale, false),
            Piece::Text(bytes) => {
                for code in bytes.chunks(font.code_len()) {
                    let code = code.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
                    let glyph = font.glyph(code);
                    builder.glyph(glyph, advance(&glyph, params));
                }
            }
        }
    }
    builder.finish()
}

/// The pen advance of `glyph` in text space.
fn advance(glyph: &Glyph<'_>, p: &TextParams) -> f32 {
    let word = if glyph.is_code_32 { p.word_space } else { 0.0 };
    (glyph.advance * p.size + p.char_space + word) * p.hscale
}

/// Accumulates glyphs into runs, deciding at each word boundary between a single space and
/// the end of the run.
struct RunBuilder<'r> {
    m: Matrix,
    rise: f32,
    /// One em in text space, horizontally.
    em: f32,
    size_on_page: f32,
    pen: f32,
    /// Open run: its text and where it starts and ends (text space, from the op's origin).
    text: String,
    start: f32,
    end: f32,
    /// Pen movement since the last visible glyph, and whether a space glyph was part of it.
    gap: f32,
    saw_space: bool,
    /// The font's legacy Vietnamese encoding: each run is decoded as a whole when it ends,
    /// since VNI draws a letter's marks as glyphs of their own after it.
    legacy: Option<Legacy>,
    sink: Sink<'r>,
}

impl<'r> RunBuilder<'r> {
    fn new(m: Matrix, p: &TextParams, sink: Sink<'r>) -> Self {
        RunBuilder {
            m,
            rise: p.rise,
            em: (p.size * p.hscale).abs().max(f32::EPSILON),
            size_on_page: (p.size * m.vertical_scale()).abs(),
            pen: 0.0,
            text: String::new(),
            start: 0.0,
            end: 0.0,
            gap: 0.0,
            saw_space: false,
            legacy: None,
            sink,
        }
    }

    /// Moves the pen without drawing (spaces, unmapped glyphs, `TJ` adjustments).
    fn skip(&mut self, by: f32, is_space: bool) {
        self.pen += by;
        self.gap += by;
        self.saw_space |= is_space;
    }

    fn glyph(&mut self, glyph: Glyph<'_>, advance: f32) {
        if glyph.text.chars().all(char::is_whitespace) {
            self.skip(advance, !glyph.text.is_empty());
            return;
        }
        if !self.text.is_empty() {
            self.word_boundary();
        }
        if self.text.is_empty() {
            self.start = self.pen;
        }
        if *self.sink.room >= glyph.text.len() {
            *self.sink.room -= glyph.text.len();
            self.text.push_str(glyph.text);
        } else {
            *self.sink.room = 0;
        }
        self.pen += advance;
        self.end = self.pen;
        self.gap = 0.0;
        self.saw_space = false;
    }

    /// Called before a visible glyph that follows another: adds a space or ends the run.
    fn word_boundary(&mut self) {
        let gap_em = self.gap / self.em;
        let limit = if self.saw_space {
            BREAK_WITH_SPACE_EM
        } else {
            BREAK_WITHOUT_SPACE_EM
        };
        // A backward jump (overprinting, right-to-left placement) also starts a new run.
        if gap_em > limit || gap_em < -limit {
            self.flush();
        } else if self.saw_space || gap_em >= WORD_GAP_EM {
            self.text.push(' ');
        }
    }

    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let (xa, y) = self.m.apply(self.start, self.rise);
        let (xb, _) = self.m.apply(self.end, self.rise);
        let mut text = std::mem::take(&mut self.text);
        if let Some(encoding) = self.legacy {
            text = legacy::decode_drawn(&text, encoding).into_owned();
        }
        self.sink.runs.push(Run {
            text,
            x0: xa.min(xb),
            x1: xa.max(xb),
            y,
            size: self.size_on_page,
            ink: None,
        });
    }

    fn finish(mut self) -> f32 {
        self.flush();
        self.pen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix([1.0, 0.0, 0.0, 1.0, 10.0, 5.0]);
        // Scale first, then shift: (1, 1) → (2, 2) → (12, 7).
        assert_eq!(scale.then(shift).apply(1.0, 1.0), (12.0, 7.0));
        assert_eq!(shift.translated(1.0, 0.0).apply(0.0, 0.0), (11.0, 5.0));
    }
}
