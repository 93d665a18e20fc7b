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

    /// The image as a binary greyscale PGM: quick to write, and Tesseract reads it.
    pub fn pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
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
    } else if bytes.starts_with(b"P5") {
        pgm(bytes)
    } else {
        jpeg(bytes)
    }
}

/// A binary greyscale PGM (`P5`, 8 bits), as pdftoppm writes pages: `P5`, width, height and
/// the largest value as decimal numbers with white space between, one white-space byte, then
/// the pixels. Comments (`#` to the end of a line) may stand between the numbers.
fn pgm(bytes: &[u8]) -> Result<Gray, Refusal> {
    let bad = |detail: &str| Refusal::damaged("PGM", detail);
    let mut pos = 2;
    let mut number = || -> Option<usize> {
        loop {
            match bytes.get(pos)? {
                b'#' => pos += bytes[pos..].iter().position(|&b| b == b'\n')?,
                b if b.is_ascii_whitespace() => pos += 1,
                _ => break,
            }
        }
        let digits = bytes[pos..].iter().take_while(|b| b.is_ascii_digit()).count();
        let value = std::str::from_utf8(&bytes[pos..pos + digits]).ok()?.parse().ok()?;
        pos += digits;
        Some(value)
    };
    let (width, height, max) = match (number(), number(), number()) {
        (Some(w), Some(h), Some(m)) => (w, h, m),
        _ => return Err(bad("bad header")),
    };
    if max == 0 || max > 255 {
        return Err(bad("not 8-bit"));
    }
    check_size(width, height)?;
    let start = pos + 1;
    let pixels = bytes
        .get(start..start + width * height)
        .ok_or_else(|| bad("cut short"))?
        .iter()
        .map(|&v| (usize::from(v) * 255 / max) as u8)
        .collect();
    Ok(Gray { width, height, pixels })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pgm_page_decodes_with_comments_and_another_largest_value() {
        let mut bytes = b"P5\n# pdftoppm\n3 2\n100\n".to_vec();
        bytes.extend([0, 50, 100, 100, 0, 25]);
        let gray = decode(&bytes).unwrap();
        assert_eq!((gray.width, gray.height), (3, 2));
        assert_eq!(gray.pixels, [0, 127, 255, 255, 0, 63]);
        assert!(decode(b"P5 3 2 255\n\x00").is_err(), "cut short");
    }
}
