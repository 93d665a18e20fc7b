//! The byte tables of the legacy encodings, as facts; the decoders in the parent module use them.
//!
//! Sources, cross-checked letter by letter (all agree on every Vietnamese letter):
//! - Unikey's VnConv (`ukengine/data.cpp`, Pham Kim Long; as carried in ibus-unikey): the TCVN3
//!   and VNI-WIN rows, from which these tables were written;
//! - VBKey (`Modules/mdlCodeTable.bas`, khiemdoan/VBKey): `TCVN3_TABLE` and
//!   `VNI_WINDOWS_TABLE`, stored there as Mac Roman mojibake of the cp1252 bytes (one entry,
//!   0xCA for ấ, shows as a no-break space, which is 0xCA in Mac Roman: no disagreement);
//! - vietnamese-conversion (`src/charsets.ts`, duydev): the VNI and TCVN3 columns. Its TCVN3
//!   writes toned capitals as an ASCII capital followed by the lowercase byte ("A¸" for Á), a
//!   display trick rather than a table entry; the lowercase bytes agree.
//!
//! The tests encode with the VBKey and vietnamese-conversion tables, so they check these.
//!
//! TCVN3 here is the ABC encoding (TCVN 5712:1993 VN3) of the `.Vn` fonts, as Unikey and
//! vietunicode mean it: 67 lowercase letters, 7 toneless capitals (Ă Â Ê Ô Ơ Ư Đ) and nothing
//! below 0xA1, so 0x80–0x9F keep their Windows meaning (…, “, ”, –). libiconv's and glibc's
//! `TCVN` is VN1 instead, which also puts toned capitals into C0 controls (0x01 Ú, 0x02 Ụ …)
//! and into 0x80–0x9F (0x80 À, 0x81 Ả …): decoding `.VnTime` text with it turns Word's
//! ellipsis and smart quotes into capitals.

/// A tone, as an index into a row of [`VOWELS`].
pub(super) const GRAVE: u8 = 1;
pub(super) const HOOK: u8 = 2;
pub(super) const TILDE: u8 = 3;
pub(super) const ACUTE: u8 = 4;
pub(super) const DOT: u8 = 5;

/// The twelve vowel letters, each row: without tone, grave, hook, tilde, acute, dot below.
pub(super) const VOWELS: [[char; 6]; 12] = [
    ['a', 'à', 'ả', 'ã', 'á', 'ạ'],
    ['ă', 'ằ', 'ẳ', 'ẵ', 'ắ', 'ặ'],
    ['â', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ'],
    ['e', 'è', 'ẻ', 'ẽ', 'é', 'ẹ'],
    ['ê', 'ề', 'ể', 'ễ', 'ế', 'ệ'],
    ['i', 'ì', 'ỉ', 'ĩ', 'í', 'ị'],
    ['o', 'ò', 'ỏ', 'õ', 'ó', 'ọ'],
    ['ô', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ'],
    ['ơ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ'],
    ['u', 'ù', 'ủ', 'ũ', 'ú', 'ụ'],
    ['ư', 'ừ', 'ử', 'ữ', 'ứ', 'ự'],
    ['y', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ'],
];

/// Rows of [`VOWELS`] that the VNI circumflex and breve modifiers turn into one another.
pub(super) const ROW_A: usize = 0;
pub(super) const ROW_A_BREVE: usize = 1;
pub(super) const ROW_A_CIRCUMFLEX: usize = 2;
pub(super) const ROW_E: usize = 3;
pub(super) const ROW_E_CIRCUMFLEX: usize = 4;
pub(super) const ROW_O: usize = 6;
pub(super) const ROW_O_CIRCUMFLEX: usize = 7;

/// The row and tone of a lowercase vowel letter.
pub(super) fn vowel(c: char) -> Option<(usize, u8)> {
    VOWELS
        .iter()
        .enumerate()
        .find_map(|(row, forms)| forms.iter().position(|&f| f == c).map(|tone| (row, tone as u8)))
}

/// Windows-1252 at 0x80–0x9F. The five bytes it leaves undefined stand for the C1 control of
/// the same number, as the WHATWG decoder (and so a browser or encoding_rs) reads them.
#[rustfmt::skip]
pub(super) const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', // 0x80
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}', // 0x88
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', // 0x90
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}', // 0x98
];

/// TCVN3 (ABC) letters by byte; every other byte is the cp1252 character of that number.
#[rustfmt::skip]
const TCVN3_LETTERS: &[(u8, char)] = &[
    // The toneless capitals a normal font holds, and their lowercase.
    (0xA1, 'Ă'), (0xA2, 'Â'), (0xA3, 'Ê'), (0xA4, 'Ô'), (0xA5, 'Ơ'), (0xA6, 'Ư'), (0xA7, 'Đ'),
    (0xA8, 'ă'), (0xA9, 'â'), (0xAA, 'ê'), (0xAB, 'ô'), (0xAC, 'ơ'), (0xAD, 'ư'), (0xAE, 'đ'),
    // Toned lowercase, each vowel in the order grave, hook, tilde, acute, dot.
    (0xB5, 'à'), (0xB6, 'ả'), (0xB7, 'ã'), (0xB8, 'á'), (0xB9, 'ạ'),
    (0xBB, 'ằ'), (0xBC, 'ẳ'), (0xBD, 'ẵ'), (0xBE, 'ắ'), (0xC6, 'ặ'),
    (0xC7, 'ầ'), (0xC8, 'ẩ'), (0xC9, 'ẫ'), (0xCA, 'ấ'), (0xCB, 'ậ'),
    (0xCC, 'è'), (0xCE, 'ẻ'), (0xCF, 'ẽ'), (0xD0, 'é'), (0xD1, 'ẹ'),
    (0xD2, 'ề'), (0xD3, 'ể'), (0xD4, 'ễ'), (0xD5, 'ế'), (0xD6, 'ệ'),
    (0xD7, 'ì'), (0xD8, 'ỉ'), (0xDC, 'ĩ'), (0xDD, 'í'), (0xDE, 'ị'),
    (0xDF, 'ò'), (0xE1, 'ỏ'), (0xE2, 'õ'), (0xE3, 'ó'), (0xE4, 'ọ'),
    (0xE5, 'ồ'), (0xE6, 'ổ'), (0xE7, 'ỗ'), (0xE8, 'ố'), (0xE9, 'ộ'),
    (0xEA, 'ờ'), (0xEB, 'ở'), (0xEC, 'ỡ'), (0xED, 'ớ'), (0xEE, 'ợ'),
    (0xEF, 'ù'), (0xF1, 'ủ'), (0xF2, 'ũ'), (0xF3, 'ú'), (0xF4, 'ụ'),
    (0xF5, 'ừ'), (0xF6, 'ử'), (0xF7, 'ữ'), (0xF8, 'ứ'), (0xF9, 'ự'),
    (0xFA, 'ỳ'), (0xFB, 'ỷ'), (0xFC, 'ỹ'), (0xFD, 'ý'), (0xFE, 'ỵ'),
];

/// [`TCVN3_LETTERS`] as a lookup from byte − 0x80, built at compile time; NUL where none.
const TCVN3_BY_BYTE: [char; 128] = {
    let mut table = ['\0'; 128];
    let mut i = 0;
    while i < TCVN3_LETTERS.len() {
        let (byte, letter) = TCVN3_LETTERS[i];
        table[byte as usize - 0x80] = letter;
        i += 1;
    }
    table
};

/// The letter a TCVN3 byte stands for, if it is one.
pub(super) fn tcvn3_letter(byte: u8) -> Option<char> {
    let c = *TCVN3_BY_BYTE.get(usize::from(byte).checked_sub(0x80)?)?;
    (c != '\0').then_some(c)
}

/// VNI letters that are one byte on their own (capital, lowercase). The vowels among them
/// (ơ, ư) still take a tone modifier after them.
const VNI_LETTERS: &[(u8, u8, char)] = &[
    (0xD1, 0xF1, 'đ'),
    (0xD4, 0xF4, 'ơ'),
    (0xD6, 0xF6, 'ư'),
    (0xCC, 0xEC, 'ì'),
    (0xC6, 0xE6, 'ỉ'),
    (0xD3, 0xF3, 'ĩ'),
    (0xCD, 0xED, 'í'),
    (0xD2, 0xF2, 'ị'),
    (0xCE, 0xEE, 'ỵ'),
];

/// The letter a VNI byte stands for on its own, if it is one.
pub(super) fn vni_letter(byte: u8) -> Option<char> {
    VNI_LETTERS.iter().find_map(|&(upper, lower, c)| {
        if byte == lower {
            Some(c)
        } else if byte == upper {
            c.to_uppercase().next()
        } else {
            None
        }
    })
}

/// What a VNI modifier byte adds to the vowel before it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shape {
    /// Only a tone.
    Tone,
    /// The circumflex of â ê ô (with a tone or none).
    Circumflex,
    /// The breve of ă (with a tone or none).
    Breve,
}

/// VNI modifiers (capital form, lowercase form, shape, tone). The capital forms are drawn
/// higher, above a capital; both mean the same.
const VNI_MARKS: &[(u8, u8, Shape, u8)] = &[
    (0xD8, 0xF8, Shape::Tone, GRAVE),
    (0xDB, 0xFB, Shape::Tone, HOOK),
    (0xD5, 0xF5, Shape::Tone, TILDE),
    (0xD9, 0xF9, Shape::Tone, ACUTE),
    (0xCF, 0xEF, Shape::Tone, DOT),
    (0xC2, 0xE2, Shape::Circumflex, 0),
    (0xC0, 0xE0, Shape::Circumflex, GRAVE),
    (0xC5, 0xE5, Shape::Circumflex, HOOK),
    (0xC3, 0xE3, Shape::Circumflex, TILDE),
    (0xC1, 0xE1, Shape::Circumflex, ACUTE),
    (0xC4, 0xE4, Shape::Circumflex, DOT),
    (0xCA, 0xEA, Shape::Breve, 0),
    (0xC8, 0xE8, Shape::Breve, GRAVE),
    (0xDA, 0xFA, Shape::Breve, HOOK),
    (0xDC, 0xFC, Shape::Breve, TILDE),
    (0xC9, 0xE9, Shape::Breve, ACUTE),
    (0xCB, 0xEB, Shape::Breve, DOT),
];

/// The shape and tone a VNI modifier byte adds, if it is one.
pub(super) fn vni_mark(byte: u8) -> Option<(Shape, u8)> {
    VNI_MARKS
        .iter()
        .find(|&&(upper, lower, _, _)| byte == upper || byte == lower)
        .map(|&(_, _, shape, tone)| (shape, tone))
}
