//! Drawing the Word report's charts ([`super::canvas`] pictures): horizontal bars with their
//! values, and lines over periods with a legend below.

use super::canvas::{Area, FAMILY, Picture, WIDTH, fit, nice_top, render, text_width};
use crate::notices::group_thousands;
use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Label size in pixels (about 12 pt at [`super::canvas::DPI`]).
const FONT: u32 = 34;
/// Height of one bar's row.
const ROW: u32 = 50;
/// Most of the width a chapter's name may take beside its bar.
const NAME_SHARE: f64 = 0.42;
/// The light grey of the value grid.
const GRID: RGBColor = RGBColor(217, 217, 217);
/// Colours of the lines (and of the bars, the first), told apart in grey print by the marks.
const COLOURS: [RGBColor; 6] = [
    RGBColor(31, 78, 121),
    RGBColor(197, 90, 17),
    RGBColor(84, 130, 53),
    RGBColor(112, 48, 160),
    RGBColor(191, 144, 0),
    RGBColor(89, 89, 89),
];

/// One bar: whose, how much, and whether its figure awaits a check (drawn with `(*)`).
pub struct Bar {
    pub name: String,
    pub value: i64,
    pub flagged: bool,
}

/// One line: its name in the legend and a value per period (`None` leaves a gap).
pub struct Line {
    pub name: String,
    pub values: Vec<Option<i64>>,
}

/// Horizontal bars, one row each in the given order (top first), the value after each bar.
pub fn bars(bars: &[Bar]) -> Result<Picture, String> {
    if bars.is_empty() {
        return Err("a bar chart without bars".into());
    }
    let height = 90 + ROW * bars.len() as u32;
    render(height, |root| {
        let font = TextStyle::from((FAMILY, FONT).into_font());
        let cap = (WIDTH as f64 * NAME_SHARE) as u32;
        let names: Vec<String> = bars.iter().map(|b| fit(root, &b.name, &font, cap)).collect();
        let widest = names.iter().map(|n| text_width(root, n, &font)).max().unwrap_or(0);
        let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
        // Room after the longest bar for its figure.
        let top = nice_top(max + max / 5 + 1);
        // plotters counts a range's end as a point: `0..n - 1` has the n segments.
        let n = bars.len() as i32;
        let mut chart = ChartBuilder::on(root)
            .margin(16)
            .margin_right(24)
            .x_label_area_size(50)
            .y_label_area_size(widest + 20)
            .build_cartesian_2d(0i64..top, (0..n - 1).into_segmented())
            .map_err(|e| e.to_string())?;
        // Rows from the top: the first bar at the highest segment.
        let row = |i: usize| n - 1 - i as i32;
        let name_of = |v: &SegmentValue<i32>| match v {
            // The axis also asks for the segment past the last one.
            SegmentValue::CenterOf(y) => usize::try_from(n - 1 - y)
                .ok()
                .and_then(|k| names.get(k).cloned())
                .unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(bars.len())
            .y_label_formatter(&name_of)
            .x_labels(6)
            .x_label_formatter(&|v| group_thousands(*v))
            .label_style(font.clone())
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .draw()
            .map_err(|e| e.to_string())?;
        let fill = COLOURS[0].filled();
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                let (y0, y1) = (SegmentValue::Exact(row(i)), SegmentValue::Exact(row(i) + 1));
                let mut bar = Rectangle::new([(0, y0), (b.value, y1)], fill);
                bar.set_margin(7, 7, 0, 0);
                bar
            }))
            .map_err(|e| e.to_string())?;
        let at = font.pos(Pos::new(HPos::Left, VPos::Center));
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                let mark = if b.flagged { " (*)" } else { "" };
                let label = format!("{}{mark}", group_thousands(b.value));
                EmptyElement::at((b.value, SegmentValue::CenterOf(row(i)))) + Text::new(label, (8, 0), at.clone())
            }))
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// Lines over the periods named by `periods`, each with its marks, the legend below.
pub fn lines(periods: &[String], lines: &[Line]) -> Result<Picture, String> {
    if periods.is_empty() {
        return Err("a line chart without periods".into());
    }
    const PLOT: u32 = 620;
    let legend_row = 44;
    let height = PLOT + 20 + legend_row * lines.len() as u32;
    render(height, |root| {
        let font = TextStyle::from((FAMILY, FONT).into_font());
        let (plot, legend) = root.split_vertically(PLOT);
        let max = lines
            .iter()
            .flat_map(|l| l.values.iter().flatten())
            .max()
            .copied()
            .unwrap_or(0);
        let top = nice_top(max + max / 10 + 1);
        let longest = text_width(root, &group_thousands(top), &font);
        // As for the bars, `0..n - 1` has the n segments.
        let n = periods.len() as i32;
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .margin_top(30)
            .margin_right(30)
            .x_label_area_size(50)
            .y_label_area_size(longest + 24)
            .build_cartesian_2d((0..n - 1).into_segmented(), 0i64..top)
            .map_err(|e| e.to_string())?;
        let period_of = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(x) => periods.get(*x as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(periods.len())
            .x_label_formatter(&period_of)
            .y_labels(6)
            .y_label_formatter(&|v| group_thousands(*v))
            .label_style(font.clone())
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .draw()
            .map_err(|e| e.to_string())?;
        for (k, line) in lines.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            let style = colour.stroke_width(4);
            let points: Vec<(SegmentValue<i32>, i64)> = line
                .values
                .iter()
                .enumerate()
                .filter_map(|(x, v)| v.map(|v| (SegmentValue::CenterOf(x as i32), v)))
                .collect();
            // A period without the figure breaks the line rather than bridging it.
            for run in runs(&line.values) {
                let path: Vec<_> = run
                    .map(|x| (SegmentValue::CenterOf(x as i32), line.values[x].unwrap_or(0)))
                    .collect();
                chart
                    .draw_series(std::iter::once(PathElement::new(path, style)))
                    .map_err(|e| e.to_string())?;
            }
            // A different mark per line, for grey print.
            let (fill, pen) = (colour.filled(), colour.stroke_width(4));
            let points = points.into_iter();
            match k % 4 {
                0 => chart.draw_series(points.map(|p| Circle::new(p, 9, fill))),
                1 => chart.draw_series(points.map(|p| TriangleMarker::new(p, 11, fill))),
                2 => chart.draw_series(points.map(|p| Cross::new(p, 9, pen))),
                _ => chart.draw_series(points.map(|p| EmptyElement::at(p) + square(fill))),
            }
            .map_err(|e| e.to_string())?;
        }
        draw_legend(&legend, lines, &font, legend_row as i32)
    })
}

/// The legend: one row per line, its colour and mark, then its name.
fn draw_legend(area: &Area, lines: &[Line], font: &TextStyle, row: i32) -> Result<(), String> {
    let at = font.pos(Pos::new(HPos::Left, VPos::Center));
    for (k, line) in lines.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let y = 10 + row * k as i32 + row / 2;
        let (fill, pen) = (colour.filled(), colour.stroke_width(4));
        area.draw(&PathElement::new(vec![(40, y), (110, y)], pen))
            .and_then(|_| match k % 4 {
                0 => area.draw(&Circle::new((75, y), 9, fill)),
                1 => area.draw(&TriangleMarker::new((75, y), 11, fill)),
                2 => area.draw(&Cross::new((75, y), 9, pen)),
                _ => area.draw(&(EmptyElement::at((75, y)) + square(fill))),
            })
            .and_then(|_| area.draw(&Text::new(line.name.as_str(), (130, y), at.clone())))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A filled square mark, centred where it is put.
fn square(fill: ShapeStyle) -> Rectangle<(i32, i32)> {
    Rectangle::new([(-8, -8), (8, 8)], fill)
}

/// The runs of consecutive periods that have a value.
fn runs(values: &[Option<i64>]) -> Vec<std::ops::Range<usize>> {
    let mut out = vec![];
    let mut start = None;
    for (i, v) in values.iter().chain(std::iter::once(&None)).enumerate() {
        match (v, start) {
            (Some(_), None) => start = Some(i),
            (None, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The picture decoded: its width and height and its RGB pixels.
    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut rgb).unwrap();
        (info.width, info.height, rgb)
    }

    #[test]
    fn bars_are_as_long_as_their_values_beside_their_names() {
        let bar = |name: &str, value| Bar {
            name: name.into(),
            value,
            flagged: false,
        };
        let picture = bars(&[bar("Hội LHPN thị xã Ninh Hòa", 24), bar("Hội LHPN huyện Khánh Sơn", 6)]).unwrap();
        let (w, h, rgb) = decode(&picture.png);
        assert_eq!((w, h), (WIDTH, 90 + 2 * ROW));
        let pixel = |x: u32, y: u32| {
            let i = ((y * w + x) * 3) as usize;
            (rgb[i], rgb[i + 1], rgb[i + 2])
        };
        let bar_colour = (COLOURS[0].0, COLOURS[0].1, COLOURS[0].2);
        // Each row: ink of its name on the left, then a bar whose length follows its value.
        let lengths: Vec<u32> = [0, 1]
            .iter()
            .map(|row| {
                let y = 16 + ROW * row + ROW / 2;
                let ink = (0..WIDTH / 3).filter(|&x| pixel(x, y).0 < 128).count();
                assert!(ink > 20, "no name drawn on row {row}");
                (0..WIDTH).filter(|&x| pixel(x, y) == bar_colour).count() as u32
            })
            .collect();
        let ratio = lengths[0] as f64 / lengths[1] as f64;
        assert!((ratio - 4.0).abs() < 0.1, "bars {lengths:?}");
    }

    #[test]
    fn nothing_to_draw_is_an_error_and_one_of_a_kind_is_drawn() {
        assert!(bars(&[]).is_err(), "nothing to draw is an error, not a panic");
        let one = Bar {
            name: "Đặc khu Trường Sa".into(),
            value: 0,
            flagged: false,
        };
        assert!(bars(&[one]).is_ok(), "a single bar of 0");
        let gap = Line {
            name: "x".into(),
            values: vec![None],
        };
        assert!(
            lines(&["2022".into()], &[gap]).is_ok(),
            "a single period without its figure"
        );
    }

    #[test]
    fn gaps_break_the_line() {
        assert_eq!(runs(&[Some(1), Some(2), None, Some(3)]), vec![0..2, 3..4]);
        assert_eq!(runs(&[None, None]), Vec::<std::ops::Range<usize>>::new());
    }
}
