//! Row heights of the workbook's wrapped texts: a file written with default heights prints
//! (and LibreOffice shows) wrapped cells over the rows below, so the heights are set.

/// Height of one line of 11 pt text, in points.
pub(super) const LINE_POINTS: f64 = 15.0;
/// Excel's highest row.
pub(super) const MAX_ROW_POINTS: f64 = 409.0;

/// Lines `text` takes in a column `width` characters wide: each paragraph wraps on its own.
pub(super) fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width - 2.0).max(1.0);
    text.lines()
        .map(|p| ((p.chars().count() as f64 * WRAP_SLACK) / per_line).ceil().max(1.0) as usize)
        .sum()
}

/// Words do not fill a line to the last character: a tenth more lines than the letters need.
const WRAP_SLACK: f64 = 1.1;

/// Points for a header whose longest label wraps in a column `width` characters wide.
pub(super) fn header_height(chars: usize, width: f64) -> f64 {
    let lines = (chars as f64 / (width - 1.0)).ceil().max(1.0);
    lines * 16.0 + 4.0
}
