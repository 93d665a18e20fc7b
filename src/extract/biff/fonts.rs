//! Which cells of an .xls are drawn in a legacy Vietnamese font (TCVN3 `.VnTime`, VNI
//! `VNI-Times`), from the workbook's FONT and XF records and each cell's XF index. calamine
//! gives the text of the cells but not their fonts.

use super::sst::Runs;
use super::u16_at;
use crate::text::legacy::{Legacy, font_encoding};
use std::collections::HashMap;

/// Cells drawn in a legacy font, per sheet name: (row, column) → the cell's pieces, each
/// from its first character on in its font's encoding (None: no legacy font). A cell in
/// one font is one piece; a rich string has a piece per font run.
pub type LegacyCells = HashMap<String, HashMap<(u32, u32), Pieces>>;

/// See [`LegacyCells`].
pub type Pieces = Vec<(usize, Option<Legacy>)>;

/// The fonts and cell formats of the workbook globals, read record by record.
#[derive(Default)]
pub(super) struct Formats {
    fonts: Vec<Option<Legacy>>,
    /// The legacy encoding of each XF's font.
    xfs: Vec<Option<Legacy>>,
}

impl Formats {
    /// Takes one FONT record (0x0031): the name is a short string from byte 14.
    pub(super) fn font(&mut self, data: &[u8]) {
        let name = data.get(14..).and_then(short_string);
        self.fonts.push(name.as_deref().and_then(font_encoding));
    }

    /// Takes one XF record (0x00E0): its font index comes first. Index 4 does not exist
    /// (a quirk of the format kept since BIFF2), so indexes above it count one less.
    pub(super) fn xf(&mut self, data: &[u8]) {
        if data.len() < 2 {
            self.xfs.push(None);
            return;
        }
        let font = self.font_encoding(u16_at(data, 0));
        self.xfs.push(font);
    }

    /// The encoding of font `index`, as XF records and string runs count fonts.
    fn font_encoding(&self, index: u16) -> Option<Legacy> {
        let index = usize::from(index);
        let index = if index > 4 { index - 1 } else { index };
        self.fonts.get(index).copied().flatten()
    }

    /// True when some font is a legacy one, so that cells need looking at.
    pub(super) fn any_legacy(&self) -> bool {
        self.fonts.iter().any(Option::is_some)
    }

    /// The pieces of a text cell record (LABELSST 0x00FD, LABEL 0x0204, RSTRING 0x00D6):
    /// row, column, the XF index, and for LABELSST the shared string, whose `runs` may
    /// name other fonts. None when no piece is in a legacy font.
    pub(super) fn cell(&self, kind: u16, data: &[u8], runs: &Runs) -> Option<((u32, u32), Pieces)> {
        if data.len() < 6 {
            return None;
        }
        let xf = usize::from(u16_at(data, 4));
        let mut pieces = vec![(0, self.xfs.get(xf).copied().flatten())];
        let shared = match (kind, data.get(6..10)) {
            (0x00FD, Some(b)) => runs.get(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize),
            _ => None,
        };
        if let Some(Some(list)) = shared {
            pieces.extend(list.iter().map(|&(first, font)| (first, self.font_encoding(font))));
        }
        pieces.iter().any(|(_, e)| e.is_some()).then(|| {
            let at = (u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)));
            (at, pieces)
        })
    }
}

/// A BIFF8 short string: a length byte, an options byte (bit 0: two bytes a character),
/// then the characters. None when it is cut short.
pub(super) fn short_string(data: &[u8]) -> Option<String> {
    let (&len, rest) = data.split_first()?;
    let (&options, chars) = rest.split_first()?;
    let len = usize::from(len);
    if options & 1 == 0 {
        return Some(chars.get(..len)?.iter().map(|&b| char::from(b)).collect());
    }
    let units: Vec<u16> = chars
        .get(..len * 2)?
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    Some(String::from_utf16_lossy(&units))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font_record(name: &str) -> Vec<u8> {
        let mut data = vec![0u8; 14];
        data.push(name.len() as u8);
        data.push(0);
        data.extend(name.bytes());
        data
    }

    #[test]
    fn a_cell_takes_the_font_of_its_format() {
        let mut formats = Formats::default();
        for name in ["Arial", ".VnTime", "Arial", "Arial", "VNI-Times"] {
            formats.font(&font_record(name));
        }
        // XF 0 → font 1; XF 1 → font index 5, the fifth record (index 4 is skipped).
        formats.xf(&[1, 0]);
        formats.xf(&[5, 0]);
        formats.xf(&[0, 0]);
        assert!(formats.any_legacy());
        let tcvn3 = Some(Legacy::Tcvn3 { capitals: false });
        let runs: Runs = vec![None, Some(vec![(4, 0), (6, 1)])];
        let cell = |row: u8, xf: u8, sst: u8| formats.cell(0x00FD, &[row, 0, 2, 0, xf, 0, sst, 0, 0, 0], &runs);
        assert_eq!(cell(3, 0, 0), Some(((3, 2), vec![(0, tcvn3)])));
        assert_eq!(cell(3, 1, 0), Some(((3, 2), vec![(0, Some(Legacy::Vni))])));
        assert_eq!((cell(3, 2, 0), cell(3, 9, 0)), (None, None));
        // An Arial cell whose shared string has a .VnTime run from its fifth character.
        assert_eq!(cell(3, 2, 1), Some(((3, 2), vec![(0, None), (4, None), (6, tcvn3)])));
    }

    #[test]
    fn short_strings_of_either_width() {
        assert_eq!(short_string(&[2, 0, b'A', b'b']).as_deref(), Some("Ab"));
        assert_eq!(short_string(&[1, 1, 0xA1, 0x1E]).as_deref(), Some("ạ"));
        assert_eq!(short_string(&[5, 0, b'A']), None);
    }
}
