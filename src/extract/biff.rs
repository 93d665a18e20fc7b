//! Pre-check of legacy .xls workbooks before calamine parses them.
//!
//! calamine parses every sheet of an .xls when it opens the file and allocates each sheet's
//! used area densely, so a two-cell sheet spanning IV65536 costs hundreds of MB. This module
//! walks the BIFF8 records of the `Workbook` stream once, measuring each sheet's used area
//! from the cell records calamine keeps, and spots password protection (`FILEPASS`).

use super::error::Refusal;
use super::limits::Limits;
use std::io::{Cursor, Read};

const FORMAT: &str = "Excel 97-2003";

/// Refuses an .xls whose sheets are too large for a dense grid, or that is encrypted.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let stream = workbook_stream(bytes, limits)?;
    let mut area = Area::default();
    let mut pos = 0usize;
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        let data = stream.get(pos + 4..pos + 4 + len).unwrap_or(&[]);
        pos += 4 + len;
        match kind {
            0x002F => return Err(Refusal::Encrypted("Excel".into())),
            0x0809 => area.check_and_reset(limits)?,
            0x0006 | 0x00FD | 0x0203 | 0x0204 | 0x0205 | 0x00D6 | 0x027E if data.len() >= 4 => {
                area.add(u16_at(data, 0), u16_at(data, 2), u16_at(data, 2));
            }
            0x00BD if data.len() >= 6 => {
                area.add(u16_at(data, 0), u16_at(data, 2), u16_at(data, data.len() - 2));
            }
            _ => {}
        }
    }
    area.check_and_reset(limits)
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
