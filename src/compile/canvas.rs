//! The canvas the report's charts are drawn on: a white RGB buffer of a fixed width at
//! [`DPI`], encoded as PNG, with the built-in font registered with plotters and text measured
//! in it. The font is Liberation Serif, shipped in `assets/fonts` and built into the program:
//! it has the metrics of Times New Roman (the report's font) and every Vietnamese letter, so a
//! picture reads the same whatever fonts the machine has.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// The family the charts' text is drawn in.
pub const FAMILY: &str = "Liberation Serif";
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf");

/// Pixels per inch: sharp on paper at the printed width.
pub const DPI: u32 = 200;
/// Width in pixels: 16 cm, the text width of a portrait page less a little.
pub const WIDTH: u32 = 1260;

/// A PNG picture and its size in pixels.
pub struct Picture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A drawing area of the canvas.
pub type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// The smallest round number (1, 2 or 5 times a power of ten, times up to 10) at least `n`.
pub fn nice_top(n: i64) -> i64 {
    let n = n.max(1);
    let mut step = 1;
    while step * 10 < n {
        step *= 10;
    }
    [1, 2, 5, 10]
        .iter()
        .map(|k| k * step)
        .find(|&t| t >= n)
        .unwrap_or(10 * step)
}

/// `text` shortened with `…` until it fits in `cap` pixels.
pub fn fit(area: &Area, text: &str, font: &TextStyle, cap: u32) -> String {
    if text_width(area, text, font) <= cap {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    (1..chars.len())
        .rev()
        .map(|k| format!("{}…", chars[..k].iter().collect::<String>().trim_end()))
        .find(|t| text_width(area, t, font) <= cap)
        .unwrap_or_else(|| "…".into())
}

pub fn text_width(area: &Area, text: &str, font: &TextStyle) -> u32 {
    area.estimate_text_size(text, font).map_or(0, |(w, _)| w)
}

/// Draws on a white `WIDTH × height` canvas and encodes it as PNG.
pub fn render(height: u32, paint: impl FnOnce(&Area) -> Result<(), String>) -> Result<Picture, String> {
    fonts()?;
    let mut rgb = vec![255u8; (WIDTH * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, height)).into_drawing_area();
        paint(&root)?;
        root.present().map_err(|e| e.to_string())?;
    }
    encode(&rgb, height).map(|png| Picture {
        png,
        width: WIDTH,
        height,
    })
}

/// Registers the built-in fonts with plotters, once.
pub fn fonts() -> Result<(), String> {
    static FONTS: OnceLock<bool> = OnceLock::new();
    let registered = FONTS.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, REGULAR).is_ok()
            && register_font(FAMILY, FontStyle::Bold, BOLD).is_ok()
    });
    match registered {
        true => Ok(()),
        false => Err(format!("the built-in font {FAMILY} cannot be read")),
    }
}

fn encode(rgb: &[u8], height: u32) -> Result<Vec<u8>, String> {
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, WIDTH, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let per_metre = (DPI as f64 / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_tops() {
        assert_eq!(nice_top(0), 1);
        assert_eq!(nice_top(7), 10);
        assert_eq!(nice_top(11), 20);
        assert_eq!(nice_top(130), 200);
        assert_eq!(nice_top(4_100), 5_000);
        assert_eq!(nice_top(11_780), 20_000);
    }

    #[test]
    fn a_long_name_is_cut_with_an_ellipsis_and_a_short_one_kept() {
        fonts().unwrap();
        let mut rgb = vec![255u8; 400 * 100 * 3];
        let area = BitMapBackend::with_buffer(&mut rgb, (400, 100)).into_drawing_area();
        let font = TextStyle::from((FAMILY, 34).into_font());
        let long = "Hội Liên hiệp Phụ nữ phường Bắc Nha Trang và các đơn vị trực thuộc";
        let cut = fit(&area, long, &font, 300);
        assert!(
            cut.ends_with('…') && long.starts_with(cut.trim_end_matches('…')),
            "{cut}"
        );
        assert!(text_width(&area, &cut, &font) <= 300);
        assert_eq!(fit(&area, "Đặc khu Trường Sa", &font, 300), "Đặc khu Trường Sa");
    }
}
