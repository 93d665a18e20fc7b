//! The page image as grey levels, for finding ruled lines: pdftoppm's PNG, a photo's JPEG.

use crate::extract::error::Refusal;

/// Most pixels an image may have (a 300 dpi A3 page is 17.5 million).
const MAX_PIXELS: usize = 40_000_000;

/// A greyscale image, one byte a pixel, rows top to bottom.
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Gray {
    /// The grey level at `x`, `y` (0 black, 255 white).
    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }

    /// The image as a greyscale PNG, for Tesseract (empty if it cannot be encoded).
    pub fn png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width as u32, self.height as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        // Fast compression: the file lives for one Tesseract run.
        encoder.set_compression(png::Compression::Fast);
        let written = encoder
            .write_header()
            .and_then(|mut w| w.write_image_data(&self.pixels));
        if written.is_err() {
            out.clear();
        }
        out
    }
}

/// Decodes a PNG or JPEG file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Gray, Refusal> {
    if bytes.starts_with(b"\x89PNG") {
        png(bytes)
    } else {
        jpeg(bytes)
    }
}

fn png(bytes: &[u8]) -> Result<Gray, Refusal> {
    let bad = |e: &dyn std::fmt::Display| Refusal::damaged("PNG", e);
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| bad(&e))?;
    let (width, height) = (reader.info().width as usize, reader.info().height as usize);
    check_size(width, height)?;
    let size = reader.output_buffer_size().ok_or_else(|| bad(&"image too large"))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|e| bad(&e))?;
    let channels = frame.color_type.samples();
    let pixels = buf[..frame.buffer_size()]
        .chunks_exact(channels)
        .map(|p| luma(&p[..channels.min(3)]))
        .collect();
    Ok(Gray { width, height, pixels })
}

fn jpeg(bytes: &[u8]) -> Result<Gray, Refusal> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::Luma);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(std::io::Cursor::new(bytes), options);
    decoder.decode_headers().map_err(|e| Refusal::damaged("JPEG", e))?;
    let info = decoder.info().ok_or_else(|| Refusal::damaged("JPEG", "no header"))?;
    let (width, height) = (info.width as usize, info.height as usize);
    check_size(width, height)?;
    let pixels = decoder.decode().map_err(|e| Refusal::damaged("JPEG", e))?;
    if pixels.len() != width * height {
        return Err(Refusal::damaged("JPEG", "unexpected pixel count"));
    }
    Ok(Gray { width, height, pixels })
}

fn check_size(width: usize, height: usize) -> Result<(), Refusal> {
    if width == 0 || height == 0 {
        return Err(Refusal::damaged("", "ảnh rỗng"));
    }
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(Refusal::too_large(
            "",
            format!("ảnh lớn hơn {} triệu điểm ảnh", MAX_PIXELS / 1_000_000),
        ));
    }
    Ok(())
}

/// Grey level of a pixel of one (grey) or three (RGB) samples.
fn luma(p: &[u8]) -> u8 {
    match p {
        [r, g, b] => ((u32::from(*r) * 299 + u32::from(*g) * 587 + u32::from(*b) * 114) / 1000) as u8,
        [v, ..] => *v,
        [] => 255,
    }
}
