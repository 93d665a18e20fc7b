//! Collects the horizontal rules a page draws: table borders.
//!
//! A label that wrapped inside its table cell and the next row of the table (when that row
//! has an empty cell) sit at almost the same distance below a row; only the border drawn
//! between rows tells them apart. Word draws borders as thin filled rectangles, LibreOffice
//! as stroked lines, so both stroked segments and thin filled rectangles count.

use lopdf::Object;

use super::text::Matrix;

/// Most rules kept per page; a form has a few hundred.
const MAX_RULES: usize = 16_384;
/// Most segments kept for the path under construction.
const MAX_PENDING: usize = 4_096;
/// A filled rectangle no taller than this (points) is a rule, not a shaded area.
const THIN: f32 = 2.0;
/// A segment whose ends differ by less than this in y (points) is horizontal.
const FLAT: f32 = 0.5;
/// A rule shorter than this (points) is a tick or a glyph-like mark, not a border.
const MIN_LENGTH: f32 = 4.0;

/// A horizontal rule in page space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Height on the page.
    pub y: f32,
    /// Left end.
    pub x0: f32,
    /// Right end.
    pub x1: f32,
}

/// A straight piece of the current path, or a rectangle, in page space.
#[derive(Debug, Clone, Copy)]
enum Piece {
    Segment((f32, f32), (f32, f32)),
    Rect { x0: f32, x1: f32, y0: f32, y1: f32 },
}

/// Follows path construction and painting operators.
#[derive(Default)]
pub(super) struct Paths {
    current: (f32, f32),
    start: (f32, f32),
    pending: Vec<Piece>,
    rules: Vec<Rule>,
}

impl Paths {
    /// Handles `operator` if it builds or paints a path; `ctm` is the current matrix.
    pub(super) fn operation(&mut self, operator: &str, operands: &[Object], ctm: Matrix) {
        let n = |i: usize| {
            operands
                .get(i)
                .and_then(|o| o.as_float().ok())
                .filter(|v| v.is_finite())
        };
        let point = |i: usize| Some(ctm.apply(n(i)?, n(i + 1)?));
        match operator {
            "m" => {
                if let Some(p) = point(0) {
                    (self.current, self.start) = (p, p);
                }
            }
            "l" => {
                if let Some(p) = point(0) {
                    self.push(Piece::Segment(self.current, p));
                    self.current = p;
                }
            }
            "c" => self.current = point(4).unwrap_or(self.current),
            "v" | "y" => self.current = point(2).unwrap_or(self.current),
            "h" => self.push(Piece::Segment(self.current, self.start)),
            "re" => self.rect(&n, ctm),
            "S" | "s" | "B" | "B*" | "b" | "b*" => self.paint(true),
            "f" | "F" | "f*" => self.paint(false),
            "n" => self.pending.clear(),
            _ => {}
        }
    }

    /// The rules found, top to bottom.
    pub(super) fn into_rules(mut self) -> Vec<Rule> {
        self.rules.sort_by(|a, b| b.y.total_cmp(&a.y));
        self.rules
    }

    fn push(&mut self, piece: Piece) {
        if self.pending.len() < MAX_PENDING {
            self.pending.push(piece);
        }
    }

    fn rect(&mut self, n: &impl Fn(usize) -> Option<f32>, ctm: Matrix) {
        let (Some(x), Some(y), Some(w), Some(h)) = (n(0), n(1), n(2), n(3)) else {
            return;
        };
        let (ax, ay) = ctm.apply(x, y);
        let (bx, by) = ctm.apply(x + w, y + h);
        self.push(Piece::Rect {
            x0: ax.min(bx),
            x1: ax.max(bx),
            y0: ay.min(by),
            y1: ay.max(by),
        });
        (self.current, self.start) = ((ax, ay), (ax, ay));
    }

    /// Turns the path just painted into rules: every horizontal edge of a stroked path, and
    /// filled rectangles thin enough to be lines.
    fn paint(&mut self, stroked: bool) {
        for piece in std::mem::take(&mut self.pending) {
            match piece {
                Piece::Segment(a, b) if stroked && (a.1 - b.1).abs() < FLAT => {
                    self.rule(a.1, a.0.min(b.0), a.0.max(b.0));
                }
                Piece::Rect { x0, x1, y0, y1 } if stroked => {
                    self.rule(y0, x0, x1);
                    self.rule(y1, x0, x1);
                }
                Piece::Rect { x0, x1, y0, y1 } if y1 - y0 <= THIN => {
                    self.rule((y0 + y1) / 2.0, x0, x1);
                }
                _ => {}
            }
        }
    }

    fn rule(&mut self, y: f32, x0: f32, x1: f32) {
        if x1 - x0 >= MIN_LENGTH && self.rules.len() < MAX_RULES {
            self.rules.push(Rule { y, x0, x1 });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paths: &mut Paths, operator: &str, operands: &[f32]) {
        let operands: Vec<Object> = operands.iter().map(|&v| Object::Real(v)).collect();
        paths.operation(operator, &operands, Matrix::IDENTITY);
    }

    #[test]
    fn stroked_horizontal_lines_and_thin_fills_are_rules() {
        let mut paths = Paths::default();
        run(&mut paths, "m", &[84.0, 675.0]);
        run(&mut paths, "l", &[516.0, 675.0]);
        run(&mut paths, "m", &[84.0, 675.0]);
        run(&mut paths, "l", &[84.0, 597.0]);
        run(&mut paths, "S", &[]);
        run(&mut paths, "re", &[84.0, 500.0, 400.0, 0.5]);
        run(&mut paths, "f", &[]);
        run(&mut paths, "re", &[84.0, 300.0, 400.0, 40.0]);
        run(&mut paths, "f", &[]);
        let ys: Vec<f32> = paths.into_rules().iter().map(|r| r.y).collect();
        assert_eq!(ys, [675.0, 500.25]);
    }
}
