//! Pre-check of legacy .xls workbooks before calamine parses them.
//!
//! calamine parses every sheet of an .xls when it opens the file and allocates each sheet's
//! used area densely, so a two-cell sheet spanning IV65536 costs hundreds of MB. This module
//! walks the BIFF8 records of the `Workbook` stream once, measuring each sheet's used area
//! from the cell records calamine keeps, and spots password protection (`FILEPASS`). On the
//! way it notes the cells drawn in legacy Vietnamese fonts ([`fonts`]).

mod fonts;
mod sst;

use super::error::Refusal;
use super::limits::Limits;
use fonts::Formats;
pub use fonts::{LegacyCells, Pieces};
use std::io::{Cursor, Read};

const FORMAT: &str = "Excel 97-2003";

/// Most sheets a report workbook may list.
const MAX_SHEETS: usize = 256;

/// Refuses an .xls whose sheets are too large for a dense grid, or that is encrypted; else
/// gives the cells drawn in a legacy Vietnamese font.
///
/// Each sheet is measured where calamine reads it: from the offset its `BOUNDSHEET` record
/// gives, not by one walk from the start (a record whose length does not line up would let
/// that walk miss the cells calamine then reads). A sheet listed twice, or more sheets than a
/// report has, is refused too: calamine parses every listing in full.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<LegacyCells, Refusal> {
    let stream = workbook_stream(bytes, limits)?;
    let mut offsets = Vec::new();
    let mut formats = Formats::default();
    let mut strings = sst::Table::default();
    let mut last = 0;
    for (kind, data) in records(&stream, 0) {
        match kind {
            0x002F => return Err(Refusal::Encrypted("Excel".into())),
            0x0031 => formats.font(data),
            0x00E0 => formats.xf(data),
            0x00FC => strings.start(data),
            0x003C if last == 0x00FC => strings.continued(data),
            // BOUNDSHEET: the substream's offset, then state and type, then the name.
            0x0085 if data.len() >= 4 => {
                let name = data.get(6..).and_then(fonts::short_string).unwrap_or_default();
                offsets.push((u32_at(data, 0) as usize, name));
            }
            0x000A => break,
            _ => {}
        }
        // CONTINUE records after the SST all belong to it.
        if kind != 0x003C {
            last = kind;
        }
    }
    if offsets.len() > MAX_SHEETS {
        return Err(Refusal::too_large(FORMAT, format!("hơn {MAX_SHEETS} trang tính")));
    }
    let mut seen = std::collections::HashSet::new();
    let mut legacy = LegacyCells::new();
    let runs = if formats.any_legacy() {
        strings.runs()
    } else {
        Vec::new()
    };
    let formats = formats.any_legacy().then_some((&formats, &runs));
    for (offset, name) in offsets {
        if !seen.insert(offset) {
            return Err(Refusal::damaged(FORMAT, "a sheet is listed twice"));
        }
        let cells = sheet(&stream, offset, limits, formats)?;
        if !cells.is_empty() {
            legacy.insert(name, cells);
        }
    }
    Ok(legacy)
}

/// Measures the sheet whose substream starts at `offset`: its declared dimensions and the
/// cells calamine keeps; gives its text cells in a legacy font when `formats` has one.
fn sheet(
    stream: &[u8],
    offset: usize,
    limits: &Limits,
    formats: Option<(&Formats, &sst::Runs)>,
) -> Result<std::collections::HashMap<(u32, u32), fonts::Pieces>, Refusal> {
    let mut area = Area::default();
    let mut legacy = std::collections::HashMap::new();
    // Nested substreams (an embedded chart: BOF … EOF) do not end the sheet, as for calamine.
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (kind, data) in records(stream, offset) {
        if depth > 0 {
            match kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match kind {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            // DIMENSIONS: calamine reserves rows × columns from it before reading a cell.
            0x0200 => {
                let cells = reserved_cells(data).ok_or_else(bad_dimensions)?;
                if cells > limits.max_sheet_cells {
                    return Err(Refusal::too_large(FORMAT, format!("vùng dữ liệu {cells} ô")));
                }
            }
            0x0006 | 0x00FD | 0x0203 | 0x0204 | 0x0205 | 0x00D6 | 0x027E if data.len() >= 4 => {
                area.add(u16_at(data, 0), u16_at(data, 2), u16_at(data, 2));
                if matches!(kind, 0x00FD | 0x0204 | 0x00D6)
                    && let Some((at, pieces)) = formats.and_then(|(f, runs)| f.cell(kind, data, runs))
                {
                    legacy.insert(at, pieces);
                }
            }
            0x00BD if data.len() >= 6 => {
                area.add(u16_at(data, 0), u16_at(data, 2), u16_at(data, data.len() - 2));
            }
            0x000A => break,
            _ => {}
        }
    }
    area.check_and_reset(limits)?;
    Ok(legacy)
}

/// The cells calamine 0.38 reserves for a DIMENSIONS record (`xls.rs` `parse_dimensions`,
/// the BIFF5 10-byte and the BIFF8 14/16-byte forms), or None where its u32 arithmetic would
/// wrap round. A record of another length calamine refuses itself.
fn reserved_cells(data: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return Some(0),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (end_r, end_c) = if rl >= 1 && cl >= 1 { (rl - 1, cl - 1) } else { (rf, cf) };
    let rows = u64::from(end_r.checked_sub(rf)?) + 1;
    let cols = u64::from(end_c.checked_sub(cf)?) + 1;
    Some(rows * cols)
}

fn bad_dimensions() -> Refusal {
    Refusal::damaged(FORMAT, "DIMENSIONS ends before it starts")
}

/// The records (type, data) of the stream from `offset` on; a record cut short ends them.
fn records(stream: &[u8], offset: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = offset;
    std::iter::from_fn(move || {
        let head = stream.get(pos..pos + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = stream
            .get(pos + 4..pos + 4 + len)
            .unwrap_or(&stream[(pos + 4).min(stream.len())..]);
        pos += 4 + len;
        Some((kind, data))
    })
}

/// The BIFF stream of the compound file, size-capped.
fn workbook_stream(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, Refusal> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| Refusal::damaged(FORMAT, e))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| cfb.is_stream(n))
        .ok_or_else(|| Refusal::damaged(FORMAT, "không có luồng Workbook"))?;
    let stream = cfb.open_stream(name).map_err(|e| Refusal::damaged(FORMAT, e))?;
    let mut out = Vec::new();
    stream
        .take(limits.max_part_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| Refusal::damaged(FORMAT, e))?;
    if out.len() as u64 > limits.max_part_bytes {
        return Err(Refusal::too_large(FORMAT, "luồng Workbook quá lớn"));
    }
    Ok(out)
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

/// The bounding box of one sheet's value cells.
#[derive(Default)]
struct Area {
    bounds: Option<(u16, u16, u16, u16)>,
}

impl Area {
    fn add(&mut self, row: u16, first_col: u16, last_col: u16) {
        let (r0, r1, c0, c1) = self.bounds.unwrap_or((row, row, first_col, last_col));
        self.bounds = Some((r0.min(row), r1.max(row), c0.min(first_col), c1.max(last_col)));
    }

    fn check_and_reset(&mut self, limits: &Limits) -> Result<(), Refusal> {
        if let Some((r0, r1, c0, c1)) = self.bounds.take() {
            let cells = (u64::from(r1 - r0) + 1) * (u64::from(c1.saturating_sub(c0)) + 1);
            if cells > limits.max_sheet_cells {
                return Err(Refusal::too_large(FORMAT, format!("vùng dữ liệu {cells} ô")));
            }
        }
        Ok(())
    }
}
