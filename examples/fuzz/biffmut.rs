//! Structure-aware mutation of legacy .xls files: BIFF8 records of the `Workbook` stream.
//!
//! The stream is split into records (type, length, data); records are edited where the
//! readers trust them (DIMENSIONS, cell row/column indices, SST counts and string lengths,
//! BOUNDSHEET offsets, record types and length fields), the stream is re-serialised with
//! the sheet offsets recomputed (unless the mutation is a wrong offset) and the compound file
//! rebuilt around it.

use crate::bytes;
use crate::rng::Rng;
use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// One BIFF record.
#[derive(Clone)]
struct Record {
    kind: u16,
    data: Vec<u8>,
}

const BOF: u16 = 0x0809;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const SST: u16 = 0x00FC;
const LABELSST: u16 = 0x00FD;
/// Records whose data starts with a row and a column index.
const CELLS: &[u16] = &[
    0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x0201, 0x027E, 0x00BD, 0x00BE, 0x0208,
];
/// Record types to plant or convert to: FILEPASS, CONTINUE, EOF, BOF, FORMAT, CODEPAGE, XF...
const KINDS: &[u16] = &[
    0x002F, 0x003C, 0x000A, BOF, 0x041E, 0x0042, 0x00E0, 0x0022, SST, LABELSST, 0x0203, 0x00BD, 0x0208, 0x0031, 0x0099,
];

/// What a round of edits asks of serialisation.
#[derive(Default)]
struct Plan {
    /// Keep BOUNDSHEET offsets as edited instead of pointing them at the sheets.
    wrong_offsets: bool,
    /// Write this length into the header of record `.0` instead of the real one.
    length_lie: Option<(usize, u16)>,
}

/// Mutates an .xls; falls back to byte mutations when the container cannot be opened.
pub fn mutate(input: &[u8], donor: &[u8], rng: &mut Rng) -> Vec<u8> {
    if rng.one_in(8) {
        return bytes::mutate(input, donor, rng);
    }
    let Some(mut streams) = read(input) else {
        return bytes::mutate(input, donor, rng);
    };
    let Some(book) = workbook_index(&streams) else {
        return bytes::mutate(input, donor, rng);
    };
    let mut records = parse(&streams[book].1);
    let mut plan = Plan::default();
    for _ in 0..1 + rng.below(3) {
        edit(&mut records, &mut plan, rng);
    }
    if !plan.wrong_offsets {
        fix_offsets(&mut records);
    }
    streams[book].1 = serialize(&records, plan.length_lie);
    let Some(mut out) = write(&streams) else {
        return bytes::mutate(input, donor, rng);
    };
    if rng.one_in(10) {
        out = bytes::mutate(&out, donor, rng);
    }
    out
}

/// Splits a stream into records; a cut-off last record keeps what data there is.
fn parse(stream: &[u8]) -> Vec<Record> {
    let mut records = Vec::new();
    let mut pos = 0;
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        let end = (pos + 4 + len).min(stream.len());
        records.push(Record {
            kind,
            data: stream[pos + 4..end].to_vec(),
        });
        pos = end;
    }
    records
}

/// Writes records back; data longer than a u16 length is cut (the header could not say it).
fn serialize(records: &[Record], lie: Option<(usize, u16)>) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let data = &record.data[..record.data.len().min(u16::MAX as usize)];
        let len = match lie {
            Some((at, len)) if at == i => len,
            _ => data.len() as u16,
        };
        out.extend_from_slice(&record.kind.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// Points the k-th BOUNDSHEET at the k-th BOF after the globals, as Excel would have.
fn fix_offsets(records: &mut [Record]) {
    let mut offsets = Vec::new();
    let mut pos = 0u32;
    for (i, record) in records.iter().enumerate() {
        if record.kind == BOF && i > 0 {
            offsets.push(pos);
        }
        pos += 4 + record.data.len().min(u16::MAX as usize) as u32;
    }
    let sheets = records.iter_mut().filter(|r| r.kind == BOUNDSHEET && r.data.len() >= 4);
    for (sheet, offset) in sheets.zip(offsets) {
        sheet.data[..4].copy_from_slice(&offset.to_le_bytes());
    }
}

/// Indices of the records of the given kinds.
fn of_kind(records: &[Record], kinds: &[u16]) -> Vec<usize> {
    (0..records.len())
        .filter(|&i| kinds.contains(&records[i].kind))
        .collect()
}

fn set_u16(data: &mut [u8], at: usize, rng: &mut Rng) {
    if let Some(field) = data.get_mut(at..at + 2) {
        let value = rng.u16_value(u16::from_le_bytes([field[0], field[1]]));
        field.copy_from_slice(&value.to_le_bytes());
    }
}

fn set_u32(data: &mut [u8], at: usize, rng: &mut Rng) {
    if let Some(field) = data.get_mut(at..at + 4) {
        let value = rng.u32_value(u32::from_le_bytes([field[0], field[1], field[2], field[3]]));
        field.copy_from_slice(&value.to_le_bytes());
    }
}

/// Edits one field of the first record of `kinds`, at one of `fields` (offset, width).
fn edit_field(records: &mut [Record], kinds: &[u16], fields: &[(usize, u8)], rng: &mut Rng) -> bool {
    let targets = of_kind(records, kinds);
    let Some(&i) = targets.get(rng.below(targets.len())) else {
        return false;
    };
    let &(at, width) = rng.pick(fields);
    let data = &mut records[i].data;
    // A negative offset counts from the end (MULRK's last column).
    let at = if at == usize::MAX {
        data.len().saturating_sub(2)
    } else {
        at
    };
    if width == 2 {
        set_u16(data, at, rng)
    } else {
        set_u32(data, at, rng)
    }
    true
}

fn edit(records: &mut Vec<Record>, plan: &mut Plan, rng: &mut Rng) {
    let len = records.len();
    let i = rng.below(len);
    let done = match rng.below(14) {
        0 | 1 => edit_field(records, CELLS, &[(0, 2), (2, 2), (usize::MAX, 2)], rng),
        2 => edit_field(records, &[DIMENSIONS], &[(0, 4), (4, 4), (8, 2), (10, 2)], rng),
        3 => edit_field(records, &[SST], &[(0, 4), (4, 4), (8, 2), (10, 2)], rng),
        4 => edit_field(records, &[LABELSST], &[(6, 4)], rng),
        5 => {
            plan.wrong_offsets = true;
            edit_field(records, &[BOUNDSHEET], &[(0, 4), (4, 2), (6, 2)], rng)
        }
        6 if len > 0 => {
            records.remove(i);
            true
        }
        7 if len > 0 => {
            let copy = records[i].clone();
            let times = rng.count().min((4 << 20) / (4 + copy.data.len()));
            records.splice(i..i, std::iter::repeat_n(copy, times));
            true
        }
        8 if len > 1 => {
            records.swap(i, rng.below(len));
            true
        }
        9 if len > 0 => {
            records[i].kind = *rng.pick(KINDS);
            true
        }
        10 if len > 0 => {
            let real = records[i].data.len() as u16;
            plan.length_lie = Some((i, rng.u16_value(real)));
            true
        }
        11 if len > 0 => {
            let data = &mut records[i].data;
            if rng.one_in(2) {
                data.truncate(rng.below(data.len() + 1));
            } else {
                data.extend((0..1 + rng.below(64)).map(|_| rng.next() as u8));
            }
            true
        }
        12 if len > 0 && !records[i].data.is_empty() => {
            let at = rng.below(records[i].data.len());
            records[i].data[at] ^= 1 << rng.below(8);
            true
        }
        _ => false,
    };
    if !done {
        let data = (0..rng.below(32)).map(|_| rng.next() as u8).collect();
        records.insert(
            rng.below(len + 1),
            Record {
                kind: *rng.pick(KINDS),
                data,
            },
        );
    }
}

// The OLE compound file around the stream: every stream read with the `cfb` crate (as the
// reader's guard does) and written into a new file, so only the Workbook stream changes.

/// The streams of a compound file, by path (`/Workbook`, `/\u{5}SummaryInformation`...).
pub type Streams = Vec<(PathBuf, Vec<u8>)>;

/// Every stream of the compound file in `bytes`, or `None` when it cannot be opened (a
/// mutant whose container bytes were flipped: left to byte mutations).
pub fn read(bytes: &[u8]) -> Option<Streams> {
    // cfb is the library under test too; a panic here ends this mutation, nothing more.
    catch_unwind(AssertUnwindSafe(|| read_unguarded(bytes))).ok().flatten()
}

fn read_unguarded(bytes: &[u8]) -> Option<Streams> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let paths: Vec<PathBuf> = file
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_path_buf())
        .take(64)
        .collect();
    let mut streams = Vec::new();
    for path in paths {
        // A broken secondary stream is dropped: the readers only ever open the Workbook.
        let mut data = Vec::new();
        let Ok(stream) = file.open_stream(&path) else { continue };
        if stream.take(64 << 20).read_to_end(&mut data).is_ok() {
            streams.push((path, data));
        }
    }
    Some(streams)
}

/// A new version-3 compound file (512-byte sectors, as Excel 97 writes) holding `streams`.
pub fn write(streams: &Streams) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).ok()?;
    for (path, data) in streams {
        if let Some(parent) = path.parent().filter(|p| *p != Path::new("/")) {
            file.create_storage_all(parent).ok()?;
        }
        let mut stream = file.create_stream(path).ok()?;
        stream.write_all(data).ok()?;
        stream.flush().ok()?;
    }
    file.flush().ok()?;
    Some(file.into_inner().into_inner())
}

/// Index of the BIFF workbook stream (`/Workbook`, or `/Book` in BIFF5 files).
pub fn workbook_index(streams: &Streams) -> Option<usize> {
    streams
        .iter()
        .position(|(p, _)| p == Path::new("/Workbook") || p == Path::new("/Book"))
}
