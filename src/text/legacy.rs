//! Vietnamese typed in the pre-Unicode 8-bit encodings TCVN3 (ABC, the `.Vn` fonts) and VNI
//! (VNI-Windows, the `VNI-` fonts), turned into Unicode.
//!
//! Offices still type in these fonts. Word, Excel and PDF then hold the font's byte values as
//! if they were Windows-1252 text ("Céng hoµ" for "Cộng hoà", "Coäng hoøa" for "Cộng hòa"),
//! so the text is only readable through the font. [`font_encoding`] names the encoding a font
//! implies, [`decode`] and [`decode_bytes`] recover the Unicode text, and [`detect`] guesses
//! the encoding, cautiously, for text that comes without its font.

mod detect;
mod syllable;
mod tables;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use tables::{CP1252_HIGH, Shape, VOWELS};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A legacy Vietnamese 8-bit encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Legacy {
    /// TCVN3 (ABC). `capitals` for the "H" fonts (`.VnTimeH`), which draw every letter as a
    /// capital: TCVN3 has no toned capitals, so capitals are typed as lowercase in such a font.
    Tcvn3 {
        /// The text is in a capitals-only font and decodes upper-cased.
        capitals: bool,
    },
    /// VNI-Windows: a base letter followed by modifier bytes for the diacritic and tone.
    Vni,
}

/// The legacy encoding a font name implies: `.VnTime` → `Tcvn3 { capitals: false }`,
/// `.VnTimeH` → `Tcvn3 { capitals: true }`, `VNI-Times` / `VNI Times` / `VNI-Helve-Condense`
/// → `Vni`. Case does not matter; a PDF subset prefix (`ABCDEF+.VnTime`) and a PostScript
/// style suffix (`,Bold`, `-Bold`, `-Italic`, `-BoldItalic` …) are ignored.
///
/// The published naming convention is followed: every ABC (TCVN3) font is named `.Vn…` with
/// the dot, capital fonts end in `H`, and every VNI font starts with `VNI-` (`VNI Times` in
/// some menus, `VNITimes` in some PDFs). `VnTime` without the dot is None on purpose: `Vn`
/// without a dot is the prefix of the BKHCM (ĐHBK) fonts, another encoding. Anything else
/// (Times New Roman, Arial …) is None.
pub fn font_encoding(font: &str) -> Option<Legacy> {
    let name = without_style(without_subset(font.trim()));
    let lower = name.to_ascii_lowercase();
    if lower.len() > 3 && lower.starts_with(".vn") {
        return Some(Legacy::Tcvn3 {
            capitals: lower.ends_with('h'),
        });
    }
    let vni_rest = name.get(3..).filter(|_| lower.starts_with("vni"));
    let vni = vni_rest.is_some_and(|rest| {
        let mut chars = rest.chars();
        match chars.next() {
            Some('-' | ' ' | '_') => chars.next().is_some_and(|c| c.is_ascii_alphabetic()),
            // "VNITimes": a PostScript name with the separator dropped.
            Some(c) => c.is_ascii_uppercase() && name.starts_with("VNI"),
            None => false,
        }
    });
    vni.then_some(Legacy::Vni)
}

/// The name without a PDF subset tag: six capital letters and a plus sign.
fn without_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

/// Style words PDF writers append to a font name, after `,` `-` or a space.
const STYLES: &[&str] = &[
    "bold",
    "italic",
    "bolditalic",
    "oblique",
    "boldoblique",
    "regular",
    "normal",
    "roman",
    "semibold",
];

/// The name without a style suffix (`.VnTime,Bold`, `.VnTimeH-BoldItalic`, `VNI-Times Bold`).
/// A part after a hyphen that is no style word stays: `.VnBook-Antiqua` is a family name.
fn without_style(name: &str) -> &str {
    let mut name = name.split(',').next().unwrap_or(name).trim_end();
    while let Some(cut) = name.rfind(['-', ' ']) {
        if !STYLES.contains(&name[cut + 1..].to_ascii_lowercase().as_str()) {
            break;
        }
        name = name[..cut].trim_end();
    }
    name
}

/// Decodes text stored as described in the module header into NFC Unicode: each character
/// is taken as the byte it stands for (its cp1252 byte, or its own number up to U+00FF, so a
/// C1 control U+0080–U+009F counts as the cp1252 byte too) and the byte as the letter of
/// `encoding`. ASCII stays as it is, except that an H font upper-cases it; bytes that are no
/// letter of the encoding come out as cp1252 text; characters that are no byte (above U+00FF
/// and not cp1252) are kept unchanged. A VNI modifier that follows no vowel it fits is kept
/// as the Latin-1 character it reads as.
pub fn decode(text: &str, encoding: Legacy) -> String {
    let out = match encoding {
        Legacy::Tcvn3 { capitals } => decode_tcvn3(text, capitals),
        Legacy::Vni => decode_vni(text),
    };
    match is_nfc_quick(out.chars()) {
        IsNormalized::Yes => out,
        _ => out.nfc().collect(),
    }
}

/// [`decode`] of text a document draws in a font of `encoding`, unless the text is Unicode
/// Vietnamese already: a typist with a Unicode keyboard in a paragraph styled `.VnTime` sees
/// the right letters (Word draws them in a fallback font), and decoding them would spoil them.
/// ASCII in a font that is no H font reads the same in every encoding and is borrowed too.
pub fn decode_drawn(text: &str, encoding: Legacy) -> Cow<'_, str> {
    let capitals = encoding == Legacy::Tcvn3 { capitals: true };
    if (text.is_ascii() && !capitals) || detect::is_unicode_vietnamese(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(decode(text, encoding))
}

/// [`decode`] of one piece of a text [`detect`] found to be in `encoding`, when that makes
/// more of its words Vietnamese syllables: the pieces of a document are not all typed alike,
/// and a cell that is Unicode already (or a name, or a number) stays as it is.
pub fn decode_if_better(text: &str, encoding: Legacy) -> Cow<'_, str> {
    match detect::decode_if_better(text, encoding) {
        Some(decoded) => Cow::Owned(decoded),
        None => Cow::Borrowed(text),
    }
}

/// True when the text holds a letter only Unicode Vietnamese has (ă đ ĩ ũ ơ ư, U+1EA0–U+1EF9)
/// or a combining mark: no legacy text does.
pub fn is_unicode_vietnamese(text: &str) -> bool {
    detect::is_unicode_vietnamese(text)
}

/// [`decode`] of raw bytes: an .xls or PDF string that was never turned into Unicode.
pub fn decode_bytes(bytes: &[u8], encoding: Legacy) -> String {
    // Each byte as the character of its own number, which decode takes back as that byte.
    let latin1: String = bytes.iter().map(|&b| char::from(b)).collect();
    decode(&latin1, encoding)
}

/// The byte a character stands for in legacy text read as cp1252 (or as Latin-1).
fn byte_of(c: char) -> Option<u8> {
    u8::try_from(u32::from(c))
        .ok()
        .or_else(|| CP1252_HIGH.iter().position(|&h| h == c).map(|i| 0x80 + i as u8))
}

/// The character of a byte that is no letter: cp1252 at 0x80–0x9F, Latin-1 elsewhere.
fn plain(byte: u8) -> char {
    match byte {
        0x80..=0x9F => CP1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

fn decode_tcvn3(text: &str, capitals: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for c in text.chars() {
        let Some(byte) = byte_of(c) else {
            out.push(c);
            continue;
        };
        let decoded = tables::tcvn3_letter(byte).unwrap_or_else(|| plain(byte));
        if capitals {
            out.extend(decoded.to_uppercase());
        } else {
            out.push(decoded);
        }
    }
    out
}

/// A vowel being built from a VNI base letter and the modifiers after it.
#[derive(Clone, Copy)]
struct Vowel {
    row: usize,
    tone: u8,
    upper: bool,
}

impl Vowel {
    /// The vowel a letter is, if it is one.
    fn of(c: char) -> Option<Vowel> {
        let lower = c.to_lowercase().next()?;
        let (row, tone) = tables::vowel(lower)?;
        Some(Vowel {
            row,
            tone,
            upper: lower != c,
        })
    }

    /// The vowel with a modifier's shape and tone added, when the result is a letter.
    fn with(self, shape: Shape, tone: u8) -> Option<Vowel> {
        let row = match (shape, self.row) {
            (Shape::Tone, row) => row,
            (Shape::Circumflex, tables::ROW_A) => tables::ROW_A_CIRCUMFLEX,
            (Shape::Circumflex, tables::ROW_E) => tables::ROW_E_CIRCUMFLEX,
            (Shape::Circumflex, tables::ROW_O) => tables::ROW_O_CIRCUMFLEX,
            (Shape::Breve, tables::ROW_A) => tables::ROW_A_BREVE,
            _ => return None,
        };
        // Every modifier brings a tone or a diacritic that goes on before the tone: a vowel
        // that has its tone takes no more.
        (self.tone == 0).then_some(Vowel {
            row,
            tone,
            upper: self.upper,
        })
    }

    fn push_to(self, out: &mut String) {
        let c = VOWELS[self.row][usize::from(self.tone)];
        if self.upper {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
}

fn decode_vni(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut open: Option<Vowel> = None;
    for c in text.chars() {
        let byte = byte_of(c);
        let mark = byte.and_then(tables::vni_mark);
        if let (Some(vowel), Some((shape, tone))) = (open, mark)
            && let Some(marked) = vowel.with(shape, tone)
        {
            open = Some(marked);
            continue;
        }
        if let Some(vowel) = open.take() {
            vowel.push_to(&mut out);
        }
        let Some(byte) = byte else {
            out.push(c);
            continue;
        };
        // Only an ASCII vowel or a VNI letter takes modifiers; a stray modifier is no base.
        let letter = tables::vni_letter(byte).or_else(|| byte.is_ascii().then_some(c));
        match letter {
            Some(l) => match Vowel::of(l) {
                Some(vowel) => open = Some(vowel),
                None => out.push(l),
            },
            None => out.push(plain(byte)),
        }
    }
    if let Some(vowel) = open {
        vowel.push_to(&mut out);
    }
    out
}

/// Guesses the legacy encoding of text that comes without font information, and answers
/// only when it is very probably legacy Vietnamese.
///
/// A word counts for an encoding when it has non-ASCII characters, is no Vietnamese syllable
/// as it stands, and decodes to one (by a syllable checker: onset, vowel cluster, final, one
/// tone where it may sit). An encoding needs at least 2 different such words, making at
/// least 60 % of the non-ASCII words that its decoding changes (a word that decodes to itself,
/// like "ý" in TCVN3, is no evidence either way), and more of them than the other encoding;
/// for TCVN3 one of them must also hold a character of U+00A1–U+00BF, × or ÷, which TCVN3
/// text almost always has (à á ả ã ạ ă â ê ô ơ ư đ are there) and Western words never do.
///
/// Never answers when the text already holds a letter only Unicode Vietnamese has (ă đ ĩ ũ
/// ơ ư, U+1EA0–U+1EF9) or a combining mark. `â ê ô` are not such letters here, although they
/// look Vietnamese: both encodings produce them (VNI's ơ and circumflex modifier, TCVN3's õ ờ
/// ụ), and Unicode Vietnamese words written with them are syllables as they stand, so they
/// never count. Only `Tcvn3 { capitals: false }` is answered: an H font cannot be told from
/// its text.
pub fn detect(text: &str) -> Option<Legacy> {
    detect::guess(text)
}
