//! The font runs of an .xls's shared strings (SST): a cell typed in `.VnTime` with one word
//! in `.VnTimeH` (a toned capital TCVN3 cannot type otherwise) holds a rich string whose
//! runs name their fonts. calamine gives the text; this gives the runs.
//!
//! The SST record continues in CONTINUE records; where a string's characters cross into
//! one, the continuation starts with a new options byte (their width may change there).

/// Most shared strings read: a report workbook has hundreds.
const MAX_STRINGS: usize = 1 << 20;

/// For each shared string with font runs, its runs: (first character, font index).
pub(super) type Runs = Vec<Option<Vec<(usize, u16)>>>;

/// The SST data and where each of its CONTINUE records starts in it.
#[derive(Default)]
pub(super) struct Table {
    data: Vec<u8>,
    breaks: Vec<usize>,
}

impl Table {
    /// Takes the SST record.
    pub(super) fn start(&mut self, data: &[u8]) {
        self.data = data.to_vec();
        self.breaks.clear();
    }

    /// Takes a CONTINUE record that follows the SST.
    pub(super) fn continued(&mut self, data: &[u8]) {
        self.breaks.push(self.data.len());
        self.data.extend_from_slice(data);
    }

    /// The font runs of every string, or what could be read of them before the data ends.
    pub(super) fn runs(&self) -> Runs {
        let mut reader = Reader { table: self, pos: 8 };
        let count = self
            .data
            .get(4..8)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let mut out = Vec::new();
        for _ in 0..(count as usize).min(MAX_STRINGS) {
            match reader.string() {
                Some(runs) => out.push(runs),
                None => break,
            }
        }
        out
    }
}

struct Reader<'t> {
    table: &'t Table,
    pos: usize,
}

impl Reader<'_> {
    fn u8(&mut self) -> Option<u8> {
        let b = *self.table.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.u8()?, self.u8()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([self.u8()?, self.u8()?, self.u8()?, self.u8()?]))
    }

    /// One XLUnicodeRichExtendedString; gives its runs when it has some.
    fn string(&mut self) -> Option<Option<Vec<(usize, u16)>>> {
        let chars = usize::from(self.u16()?);
        let mut options = self.u8()?;
        let runs = if options & 0x08 != 0 {
            usize::from(self.u16()?)
        } else {
            0
        };
        let ext = if options & 0x04 != 0 { self.u32()? as usize } else { 0 };
        for _ in 0..chars {
            if self.table.breaks.contains(&self.pos) {
                options = self.u8()?;
            }
            self.pos += if options & 0x01 != 0 { 2 } else { 1 };
        }
        let mut list = Vec::with_capacity(runs.min(1024));
        for _ in 0..runs {
            list.push((usize::from(self.u16()?), self.u16()?));
        }
        self.pos = self.pos.checked_add(ext)?;
        (self.pos <= self.table.data.len()).then_some((!list.is_empty()).then_some(list))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_read_across_a_continue_record() {
        let mut sst = vec![2, 0, 0, 0, 2, 0, 0, 0];
        // "ab", no runs; then "xyz" with two runs, its characters cut by a CONTINUE record
        // after "x", which goes on two bytes a character.
        sst.extend([2, 0, 0, b'a', b'b']);
        sst.extend([3, 0, 0x08, 2, 0, b'x']);
        let mut table = Table::default();
        table.start(&sst);
        table.continued(&[1, b'y', 0, b'z', 0, 0, 0, 1, 0, 1, 0, 5, 0]);
        assert_eq!(table.runs(), [None, Some(vec![(0, 1), (1, 5)])]);
    }
}
