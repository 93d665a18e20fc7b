//! Seeds, the in-memory corpus of interesting mutants, and the coverage proxy that decides
//! what is interesting.
//!
//! Without coverage instrumentation (stable toolchain, no libFuzzer) "new behaviour" is
//! approximated by the shape of the result: which refusal and why (digits masked, so byte
//! offsets in messages do not count as new), or how many lines, blocks and cells were read
//! (bucketed, so one paragraph more is not new). A mutant with an unseen shape is kept.

use crate::rng::Rng;
use baocao::extract::{Document, Format, Record, Refusal};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Signature of an input that panicked out of the reader.
pub const PANIC_SIGNATURE: u64 = 0xDEAD;
/// Mutants larger than this are run but not kept: they would slow every descendant.
const MAX_ENTRY_BYTES: usize = 2 << 20;
/// Most bytes kept in all; beyond it new entries replace old ones instead of adding.
const MAX_TOTAL_BYTES: usize = 256 << 20;
/// Most entries kept; beyond it a new entry replaces a random non-seed one.
const MAX_ENTRIES: usize = 2000;

/// The inputs mutations start from.
pub struct Corpus {
    entries: Vec<Arc<Vec<u8>>>,
    seeds: usize,
    seen: HashSet<u64>,
    /// Total size of the entries.
    bytes: usize,
}

/// The files of `dir` whose extension is `ext`, sorted by name (a run must be reproducible).
pub fn load_seeds(dir: &Path, ext: &str) -> std::io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case(ext)))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| std::fs::read(&p).map(|b| (p, b))).collect()
}

impl Corpus {
    /// A corpus of the seeds alone.
    pub fn new(seeds: Vec<Vec<u8>>) -> Self {
        let count = seeds.len();
        let bytes = seeds.iter().map(Vec::len).sum();
        Corpus {
            entries: seeds.into_iter().map(Arc::new).collect(),
            seeds: count,
            seen: HashSet::new(),
            bytes,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// A parent: a seed half the time (they are the most complete documents), else any entry.
    pub fn pick(&self, rng: &mut Rng) -> Arc<Vec<u8>> {
        let n = if rng.one_in(2) { self.seeds } else { self.entries.len() };
        self.entries[rng.below(n)].clone()
    }

    /// Notes a result's signature; keeps the input if the signature is new. True when kept.
    pub fn offer(&mut self, input: &Arc<Vec<u8>>, signature: u64, rng: &mut Rng) -> bool {
        if !self.seen.insert(signature) || input.len() > MAX_ENTRY_BYTES {
            return false;
        }
        if self.entries.len() < MAX_ENTRIES && self.bytes < MAX_TOTAL_BYTES {
            self.entries.push(input.clone());
        } else if self.entries.len() > self.seeds {
            let victim = self.seeds + rng.below(self.entries.len() - self.seeds);
            self.bytes -= self.entries[victim].len();
            self.entries[victim] = input.clone();
        } else {
            return false;
        }
        self.bytes += input.len();
        true
    }

    /// Writes the kept mutants (not the seeds) to `dir`, named by content hash.
    pub fn save(&self, dir: &Path) -> std::io::Result<usize> {
        std::fs::create_dir_all(dir)?;
        for entry in &self.entries[self.seeds..] {
            std::fs::write(
                dir.join(format!("{}.bin", crate::findings::short_hash(entry))),
                &entry[..],
            )?;
        }
        Ok(self.entries.len() - self.seeds)
    }
}

/// Coverage proxy of `read_document`'s result, and a line saying what it was.
pub fn signature_of_read(result: &Result<(Format, Document), Refusal>) -> (u64, String) {
    let mut h = DefaultHasher::new();
    let summary = match result {
        Ok((format, doc)) => {
            (0u8, format.to_string()).hash(&mut h);
            shape(doc).hash(&mut h);
            format!("read as {format}: {} lines", doc.lines.len())
        }
        Err(refusal) => {
            (1u8, refusal_key(refusal)).hash(&mut h);
            format!("refused: {}", refusal_key(refusal))
        }
    };
    (h.finish(), summary)
}

/// Coverage proxy of the full extractor: the matcher's view (fields found, missing, warned).
pub fn signature_of_record(result: &Result<Record, Refusal>) -> (u64, String) {
    let mut h = DefaultHasher::new();
    let summary = match result {
        Ok(record) => {
            let (fields, missing, warnings) = (record.fields.len(), record.missing.len(), record.warnings.len());
            (2u8, &record.form, record.chapter.is_some(), record.period.is_some()).hash(&mut h);
            (bucket(fields), bucket(missing), bucket(warnings)).hash(&mut h);
            format!("record: {fields} fields, {missing} missing, {warnings} warnings")
        }
        Err(refusal) => {
            (1u8, refusal_key(refusal)).hash(&mut h);
            format!("refused: {}", refusal_key(refusal))
        }
    };
    (h.finish(), summary)
}

/// Lines, distinct blocks and cells of a document, bucketed.
fn shape(doc: &Document) -> (usize, usize, usize) {
    let blocks: HashSet<Option<u32>> = doc.lines.iter().map(|l| l.block).collect();
    let cells: usize = doc.lines.iter().map(|l| l.cells.len()).sum();
    (bucket(doc.lines.len()), bucket(blocks.len()), bucket(cells))
}

/// Exact below 16, then one bucket per power of two.
fn bucket(n: usize) -> usize {
    if n < 16 { n } else { 16 + n.ilog2() as usize }
}

/// The refusal's variant and its detail with digits masked, cut to 80 characters.
fn refusal_key(refusal: &Refusal) -> String {
    let text = format!("{refusal:?}");
    text.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .take(80)
        .collect()
}
