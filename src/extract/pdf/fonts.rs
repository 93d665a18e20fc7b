//! What the content walker needs from a font: the text of each character code and how far
//! it moves the pen.
//!
//! A font is read once per document (cached by object id) and each code is decoded once per
//! font: the decoded text lives in one string arena per font, so showing a glyph allocates
//! nothing. A font that cannot be read still advances the pen, so the text of other fonts
//! on the page keeps its place.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

use super::widths::Widths;
use crate::text::legacy::{Legacy, font_encoding};

/// Most characters one code may decode to; ligatures need 3, a hostile CMap could give
/// thousands to every glyph.
const MAX_CODE_CHARS: usize = 8;
/// Marks a 1-byte code not decoded yet.
const NOT_DECODED: (u32, u32) = (u32::MAX, u32::MAX);

/// One glyph as the walker sees it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Glyph<'f> {
    /// The decoded text (empty for an unmapped code).
    pub text: &'f str,
    /// Advance in text space units per unit of font size (width / 1000).
    pub advance: f32,
    /// True for a single-byte code 32, the only code word spacing (`Tw`) applies to.
    pub is_code_32: bool,
}

/// A font ready for text extraction.
pub(super) struct Font<'a> {
    /// `None` when the font's text cannot be decoded; its glyphs then only move the pen.
    encoding: Option<Encoding<'a>>,
    /// Type0 fonts use 2-byte codes (Identity-H and the other horizontal 2-byte CMaps).
    two_byte: bool,
    /// The legacy Vietnamese encoding the font's name (`/BaseFont`) implies, if any.
    pub(super) legacy: Option<Legacy>,
    widths: Widths,
    /// Decoded text of every code seen so far, as `(start, end)` in `arena`: a table for
    /// 1-byte codes (looked up for every glyph, so no hashing), a map for 2-byte codes.
    dense: Vec<(u32, u32)>,
    sparse: HashMap<u32, (u32, u32)>,
    arena: String,
}

impl<'a> Font<'a> {
    /// Reads `dict` as a font; `limit` bounds the decompression of its `/ToUnicode` CMap.
    pub(super) fn load(doc: &'a Document, dict: &'a Dictionary, limit: usize) -> Self {
        let two_byte = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        Font {
            encoding: encoding(doc, dict, two_byte, limit),
            two_byte,
            legacy: dict
                .get(b"BaseFont")
                .and_then(Object::as_name)
                .ok()
                .and_then(|name| font_encoding(&String::from_utf8_lossy(name))),
            widths: Widths::load(doc, dict, two_byte),
            dense: if two_byte { Vec::new() } else { vec![NOT_DECODED; 256] },
            sparse: HashMap::new(),
            arena: String::new(),
        }
    }

    /// Bytes per character code in strings shown with this font.
    pub(super) fn code_len(&self) -> usize {
        if self.two_byte { 2 } else { 1 }
    }

    /// The glyph for `code`, decoding it on first use.
    pub(super) fn glyph(&mut self, code: u32) -> Glyph<'_> {
        let known = match self.dense.get(code as usize) {
            Some(&span) => Some(span).filter(|&span| span != NOT_DECODED),
            None => self.sparse.get(&code).copied(),
        };
        let (start, end) = known.unwrap_or_else(|| self.decode(code));
        let text = self.arena.get(start as usize..end as usize).unwrap_or("");
        Glyph {
            text,
            advance: self.widths.advance(code, text == " "),
            is_code_32: !self.two_byte && code == 32,
        }
    }

    /// Decodes one code into the arena and remembers where it went.
    fn decode(&mut self, code: u32) -> (u32, u32) {
        let start = self.arena.len() as u32;
        if let Some(encoding) = &self.encoding {
            let bytes = code.to_be_bytes();
            let bytes = &bytes[4 - self.code_len()..];
            if let Ok(text) = Document::decode_text(encoding, bytes) {
                // A replacement character means the CMap has no entry: not text.
                let chars = text.chars().filter(|&c| c != '\u{FFFD}');
                self.arena.extend(chars.take(MAX_CODE_CHARS));
            }
        }
        let span = (start, self.arena.len() as u32);
        match self.dense.get_mut(code as usize) {
            Some(slot) => *slot = span,
            None => {
                self.sparse.insert(code, span);
            }
        }
        span
    }
}

/// The font's encoding, preferring `/ToUnicode`: lopdf consults `/Encoding` first, but for
/// subset TrueType fonts (what Word and LibreOffice embed) only the CMap gives the real
/// Vietnamese characters.
fn encoding<'a>(doc: &'a Document, dict: &'a Dictionary, two_byte: bool, limit: usize) -> Option<Encoding<'a>> {
    if let Ok(to_unicode) = dict.get(b"ToUnicode") {
        let mut only_cmap = Dictionary::new();
        only_cmap.set("Type", Object::Name(b"Font".to_vec()));
        only_cmap.set("ToUnicode", to_unicode.clone());
        // The CMap is owned, so it can leave the temporary dictionary it was read through.
        if let Ok(Encoding::UnicodeMapEncoding(cmap)) = only_cmap.get_font_encoding_with_limit(doc, limit) {
            return Some(Encoding::UnicodeMapEncoding(cmap));
        }
    }
    // Without a CMap, 2-byte codes are glyph ids, which carry no text.
    if two_byte {
        return None;
    }
    dict.get_font_encoding_with_limit(doc, limit).ok()
}

/// Fonts of a document by object id, loaded on first use.
#[derive(Default)]
pub(super) struct FontCache<'a> {
    fonts: Vec<Font<'a>>,
    by_key: HashMap<FontKey, usize>,
}

/// What identifies a font dictionary within one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Id(ObjectId),
    Address(usize),
}

impl<'a> FontCache<'a> {
    /// Index of the font `object` (a font dictionary or a reference to one).
    pub(super) fn index(&mut self, doc: &'a Document, object: &'a Object, limit: usize) -> Option<usize> {
        let (id, resolved) = doc.dereference(object).ok()?;
        let dict = resolved.as_dict().ok()?;
        // A font written directly into a resource dictionary has no id; its address in the
        // loaded document identifies it as well, since the document is not changed.
        let key = match id {
            Some(id) => FontKey::Id(id),
            None => FontKey::Address(std::ptr::from_ref(dict) as usize),
        };
        if let Some(&index) = self.by_key.get(&key) {
            return Some(index);
        }
        self.fonts.push(Font::load(doc, dict, limit));
        let index = self.fonts.len() - 1;
        self.by_key.insert(key, index);
        Some(index)
    }

    /// The font at `index`, as given by [`FontCache::index`].
    pub(super) fn get_mut(&mut self, index: usize) -> Option<&mut Font<'a>> {
        self.fonts.get_mut(index)
    }
}
