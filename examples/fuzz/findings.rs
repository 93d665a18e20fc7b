//! The findings directory: every input that panicked, hung or killed the process is kept
//! there with a text file saying what happened.
//!
//! An abort (allocation failure under the address-space limit, stack overflow) cannot be
//! caught, so the input about to run is first written to `current.bin`; a run that finds that
//! file on start knows the previous run died on it and files it as a finding. Panics are
//! deduplicated by location, across runs too: the `.txt` files list the known locations.

use crate::oracle::PanicRecord;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs::File;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The findings directory of one reader.
pub struct Findings {
    dir: PathBuf,
    current: File,
    known: HashSet<String>,
    /// Findings of this run (new panic locations, hangs, a death of the previous run).
    pub new: usize,
    /// Panics seen in this run, at new or known locations.
    pub panics: usize,
}

/// First 16 hex digits of the SHA-256 of `bytes`, to name saved inputs.
pub fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8].iter().map(|b| format!("{b:02x}")).collect()
}

impl Findings {
    /// Opens (creating) `dir`, files an input the previous run died on, loads known locations.
    pub fn open(dir: &Path) -> std::io::Result<Findings> {
        std::fs::create_dir_all(dir)?;
        let mut new = 0;
        let current = dir.join("current.bin");
        if std::fs::metadata(&current).is_ok_and(|m| m.len() > 0) {
            let input = std::fs::read(&current)?;
            let note = "the previous run died while reading this input (abort: allocation failure under \
                        the address-space limit, stack overflow, or a signal); see that run's log";
            let filters: Vec<&str> = crate::known::NAMES
                .iter()
                .copied()
                .filter(|n| crate::known::matches(n, &input))
                .collect();
            let text = format!(
                "location: died-{}\n{note}\nmatches known filters: {filters:?}\n",
                short_hash(&input)
            );
            let saved = save(dir, "died", &input, &text)?;
            println!("FINDING previous run died on an input, saved {}", saved.display());
            new += 1;
        }
        let known = known_locations(dir)?;
        let current = File::create(current)?;
        Ok(Findings {
            dir: dir.to_path_buf(),
            current,
            known,
            new,
            panics: 0,
        })
    }

    /// Locations already filed (by this or earlier runs).
    pub fn known(&self) -> Vec<String> {
        self.known.iter().cloned().collect()
    }

    /// Writes the input about to run, so that an abort leaves it behind.
    pub fn stage(&mut self, input: &[u8]) -> std::io::Result<()> {
        self.current.rewind()?;
        self.current.set_len(0)?;
        self.current.write_all(input)
    }

    /// Files a panic if its location is new; true when it was.
    pub fn panic(&mut self, record: &PanicRecord, input: &[u8], full: bool) -> std::io::Result<bool> {
        self.panics += 1;
        if !self.known.insert(record.location.clone()) {
            return Ok(false);
        }
        let path = if full {
            "Extractor::bytes (full path)"
        } else {
            "read_document"
        };
        let text = format!(
            "location: {}\nmessage: {}\nentry point: {path}\n\nbacktrace:\n{}\n",
            record.location,
            record.message,
            record.backtrace.as_deref().unwrap_or("(not captured)")
        );
        let saved = save(&self.dir, "panic", input, &text)?;
        println!(
            "FINDING panic at {}: {} (saved {})",
            record.location,
            record.message,
            saved.display()
        );
        self.new += 1;
        Ok(true)
    }

    /// Files a hang with the stacks of all threads (gdb), then the run must stop.
    pub fn hang(&mut self, input: &[u8], timeout: Duration, full: bool) -> std::io::Result<PathBuf> {
        let stacks = gdb_stacks().unwrap_or_else(|| "(gdb backtrace unavailable)".into());
        let path = if full {
            "Extractor::bytes (full path)"
        } else {
            "read_document"
        };
        let text = format!(
            "location: hang-{}\nmessage: no result after {timeout:?}\nentry point: {path}\n\nthreads:\n{stacks}\n",
            short_hash(input)
        );
        self.new += 1;
        save(&self.dir, "hang", input, &text)
    }

    /// A clean end: nothing was left running, so `current.bin` must not be read as a death.
    pub fn clear_current(&mut self) -> std::io::Result<()> {
        std::fs::remove_file(self.dir.join("current.bin"))
    }
}

/// Saves `input` as `<kind>-<hash>.bin` with `text` beside it.
fn save(dir: &Path, kind: &str, input: &[u8], text: &str) -> std::io::Result<PathBuf> {
    let stem = format!("{kind}-{}", short_hash(input));
    std::fs::write(dir.join(format!("{stem}.txt")), text)?;
    let bin = dir.join(format!("{stem}.bin"));
    std::fs::write(&bin, input)?;
    Ok(bin)
}

/// The `location:` lines of the `.txt` files in `dir`.
fn known_locations(dir: &Path) -> std::io::Result<HashSet<String>> {
    let mut known = HashSet::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path)?;
            known.extend(
                text.lines()
                    .filter_map(|l| l.strip_prefix("location: "))
                    .map(str::to_string),
            );
        }
    }
    Ok(known)
}

/// Stacks of every thread of this process, from gdb attached to it (where a hang loops).
fn gdb_stacks() -> Option<String> {
    let pid = std::process::id().to_string();
    let out = std::process::Command::new("timeout")
        .args(["60", "gdb", "-p", &pid, "-batch", "-ex", "thread apply all bt 40"])
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}
