//! What calamine 0.38 will allocate for an .xls, computed from the BIFF records the way its
//! `Xls::parse_workbook` reads them, next to what the reader's guard (`src/extract/biff.rs`)
//! measures: calamine locates each sheet through its BOUNDSHEET offset, skips nested
//! substreams, swallows CONTINUE records, places a STRING record at the last formula's cell and
//! reserves cells for DIMENSIONS; the guard walks the stream once from the start and resets its
//! area at every BOF. Where the views differ, a small file can ask for a huge grid.
//!
//! Used by the `--skip` filters of [`crate::known`] and printed by `--replay`.

use crate::biffmut;

/// calamine's allocations for one sheet, in cells.
#[derive(Default)]
pub struct SheetView {
    pub offset: usize,
    /// `cells.reserve(rows * cols)` from DIMENSIONS records.
    pub reserved: usize,
    /// Dense grid of values: rows × cols of the cells' bounding box.
    pub grid: usize,
    /// Dense grid of formulas (a `Range<String>`).
    pub formula_grid: usize,
}

/// The BIFF `Workbook` stream of an .xls, if the container opens.
pub fn workbook(input: &[u8]) -> Option<Vec<u8>> {
    let mut streams = biffmut::read(input)?;
    let book = biffmut::workbook_index(&streams)?;
    Some(std::mem::take(&mut streams[book].1))
}

/// Records as calamine's `RecordIter` yields them: CONTINUE records after a record are
/// consumed with it, and a record running past the end stops everything (an error).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let kind = u16::from_le_bytes([rest[0], rest[1]]);
        let len = u16::from_le_bytes([rest[2], rest[3]]) as usize;
        let (record, next) = rest.split_at_checked(len + 4)?;
        rest = next;
        while rest.len() > 4 && u16::from_le_bytes([rest[0], rest[1]]) == 0x003C {
            let len = u16::from_le_bytes([rest[2], rest[3]]) as usize;
            rest = rest.get(len + 4..)?;
        }
        Some((kind, &record[4..]))
    })
}

fn u16_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(d.get(at..at + 2)?.try_into().ok()?)))
}

/// Bounding box of cell positions, as `Range::from_sparse` computes it.
#[derive(Default)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, (r, c): (u32, u32)) {
        let (r0, r1, c0, c1) = self.0.unwrap_or((r, r, c, c));
        self.0 = Some((r0.min(r), r1.max(r), c0.min(c), c1.max(c)));
    }

    fn cells(&self) -> usize {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            ((r1 - r0 + 1) as usize).saturating_mul((c1 - c0 + 1) as usize)
        })
    }
}

/// calamine's view of every sheet of the workbook stream.
/// `None` when calamine would walk more than `budget` bytes of substreams (each BOUNDSHEET
/// is parsed in full, so one sheet listed thousands of times is parsed thousands of times):
/// too slow for calamine and for this model alike.
pub fn calamine_view(stream: &[u8], budget: u64) -> Option<Vec<SheetView>> {
    let mut offsets = Vec::new();
    for (kind, data) in records(stream) {
        match kind {
            0x0085 if data.len() >= 4 => offsets.push(u32::from_le_bytes(data[..4].try_into().unwrap()) as usize),
            0x000A => break,
            _ => {}
        }
    }
    if (offsets.len() as u64).saturating_mul(stream.len() as u64) > budget {
        return None;
    }
    let sheets = offsets
        .into_iter()
        .filter_map(|at| Some(sheet_view(stream.get(at..)?, at)));
    Some(sheets.collect())
}

fn sheet_view(sheet: &[u8], offset: usize) -> SheetView {
    let mut view = SheetView {
        offset,
        ..SheetView::default()
    };
    let (mut cells, mut formulas) = (Bounds::default(), Bounds::default());
    let (mut seen_bof, mut depth, mut formula_at) = (false, 0usize, (0, 0));
    for (kind, d) in records(sheet) {
        if depth > 0 {
            depth = match kind {
                0x0809 => depth + 1,
                0x000A => depth - 1,
                _ => depth,
            };
            continue;
        }
        let at = u16_at(d, 0).zip(u16_at(d, 2));
        match kind {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => view.reserved = view.reserved.saturating_add(dimension_cells(d).unwrap_or(0)),
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => at.into_iter().for_each(|p| cells.add(p)),
            0x0207 => cells.add(formula_at),
            0x00BD => mul_rk(d, &mut cells),
            0x0006 if d.len() >= 20 => {
                formula_at = at.unwrap_or_default();
                cells.add(formula_at);
                formulas.add(formula_at);
            }
            0x000A => break,
            _ => {}
        }
    }
    view.grid = cells.cells();
    view.formula_grid = formulas.cells();
    view
}

/// MULRK: calamine checks the length against the column span (u16 arithmetic, wrapping in a
/// release build), then numbers the values from the first column on (as u32).
fn mul_rk(d: &[u8], cells: &mut Bounds) {
    let (Some(row), Some(first), Some(last)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, d.len().saturating_sub(2)))
    else {
        return;
    };
    let span = (last as u16).wrapping_sub(first as u16).wrapping_add(1) as usize;
    if d.len() < 6 || d.len() != 6 + 6 * span {
        return;
    }
    let count = (d.len() - 6).div_ceil(6);
    cells.add((row, first));
    cells.add((row, first + count as u32 - 1));
}

/// The cells `parse_dimensions` and `reserve` ask for (u32 arithmetic wrapping).
fn dimension_cells(r: &[u8]) -> Option<usize> {
    let u32_at = |at: usize| u32::from_le_bytes([r[at], r[at + 1], r[at + 2], r[at + 3]]);
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u16_at(r, 0)?, u16_at(r, 2)?, u16_at(r, 4)?, u16_at(r, 6)?),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(r, 8)?, u16_at(r, 10)?),
        _ => return None,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let end = if rl >= 1 && cl >= 1 { (rl - 1, cl - 1) } else { (rf, cf) };
    let rows = end.0.wrapping_sub(rf).wrapping_add(1) as usize;
    let cols = end.1.wrapping_sub(cf).wrapping_add(1) as usize;
    Some(rows.saturating_mul(cols))
}

/// The guard's view: areas measured by a single walk from the start, reset at each BOF.
pub fn guard_view(stream: &[u8]) -> Vec<usize> {
    let (mut areas, mut bounds, mut pos) = (Vec::new(), Bounds::default(), 0);
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        let d = stream.get(pos + 4..pos + 4 + len).unwrap_or(&[]);
        pos += 4 + len;
        match kind {
            0x0809 => areas.push(std::mem::take(&mut bounds).cells()),
            0x0006 | 0x00FD | 0x0203 | 0x0204 | 0x0205 | 0x00D6 | 0x027E if d.len() >= 4 => {
                bounds.add((u16_at(d, 0).unwrap(), u16_at(d, 2).unwrap()))
            }
            0x00BD if d.len() >= 6 => {
                bounds.add((u16_at(d, 0).unwrap(), u16_at(d, 2).unwrap()));
                bounds.add((u16_at(d, 0).unwrap(), u16_at(d, d.len() - 2).unwrap()));
            }
            _ => {}
        }
    }
    areas.push(bounds.cells());
    areas.retain(|&a| a > 0);
    areas
}
