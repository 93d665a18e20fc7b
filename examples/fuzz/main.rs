//! Structure-aware fuzzer for the document readers, on the stable toolchain (no libFuzzer).
//!
//! `cargo run --release --example fuzz -- --reader docx|xlsx|xls|ods|pdf --minutes M
//! --seeds DIR [--seed N] [--out DIR] [--corpus-out DIR]` mutates the seed files of that
//! format at the level of their structure (zip parts and XML, PDF objects and content
//! streams, BIFF records), runs every mutant through `read_document` (and one in 16 through
//! the whole `Extractor`), and files each panic (even a caught one), hang (> 5 s) and abort
//! (the process runs under an address-space limit) in the findings directory. A hang or an
//! abort ends the run; `--skip NAME` then restarts it without the inputs that would trigger
//! that known finding again ([`known`]). `--replay FILE` runs one saved input and prints
//! what happened.
//! Run from the repository root: the full path loads the embedded settings from there.

mod biffmut;
mod bytes;
mod corpus;
mod findings;
mod known;
mod oracle;
mod pdfcontent;
mod pdfmut;
mod pdfobj;
mod pdftree;
mod rng;
mod session;
mod xlsmodel;
mod xml;
mod xmlmut;
mod ziparchive;
mod zipparts;

use clap::{Parser, ValueEnum};
use session::{Mutate, Session};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Parser)]
#[command(about = "Structure-aware fuzzer for baocao's document readers")]
struct Args {
    /// Which reader's format to fuzz.
    #[arg(long, value_enum)]
    reader: Reader,
    /// How long to fuzz.
    #[arg(long, default_value_t = 10.0)]
    minutes: f64,
    /// Directory of seed files (those with the reader's extension are used).
    #[arg(long)]
    seeds: PathBuf,
    /// PRNG seed: the same seed and seeds give the same mutants.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Findings directory [default: /work/fuzz-findings/<reader>].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Where to write the kept mutants at the end [default: /work/fuzz-corpus/<reader>].
    #[arg(long)]
    corpus_out: Option<PathBuf>,
    /// Seconds one input may take before it counts as a hang.
    #[arg(long, default_value_t = 5.0)]
    timeout: f64,
    /// Address-space limit of the whole process, in MiB.
    #[arg(long, default_value_t = 4096)]
    memory_mib: u64,
    /// Do not run inputs that would trigger this known abort again (repeatable).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(known::NAMES))]
    skip: Vec<String>,
    /// Run this one input (a saved finding) instead of fuzzing.
    #[arg(long)]
    replay: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Reader {
    Docx,
    Xlsx,
    Xls,
    Ods,
    Pdf,
}

impl Reader {
    fn name(self) -> &'static str {
        match self {
            Reader::Docx => "docx",
            Reader::Xlsx => "xlsx",
            Reader::Xls => "xls",
            Reader::Ods => "ods",
            Reader::Pdf => "pdf",
        }
    }

    fn mutator(self) -> Mutate {
        match self {
            Reader::Docx | Reader::Xlsx | Reader::Ods => zipparts::mutate,
            Reader::Xls => biffmut::mutate,
            Reader::Pdf => pdfmut::mutate,
        }
    }
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    limit_address_space(args.memory_mib << 20)?;
    let name = args.reader.name();
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("/work/fuzz-findings").join(name));
    let timeout = Duration::from_secs_f64(args.timeout);
    if let Some(path) = args.replay {
        // No known locations: a replay shows every backtrace.
        oracle::install_hook(Vec::new());
        return replay(&path, timeout, args.skip);
    }
    let findings = findings::Findings::open(&out)?;
    oracle::install_hook(findings.known());
    let seeds: Vec<Arc<Vec<u8>>> = corpus::load_seeds(&args.seeds, name)?
        .into_iter()
        .map(|(path, bytes)| {
            println!("seed {} ({} bytes)", path.display(), bytes.len());
            Arc::new(bytes)
        })
        .collect();
    if seeds.is_empty() {
        return Err(std::io::Error::other(format!(
            "no .{name} seeds in {}",
            args.seeds.display()
        )));
    }
    let corpus = corpus::Corpus::new(seeds.iter().map(|s| s.to_vec()).collect());
    let rng = rng::Rng::new(args.seed);
    let mut session = Session::new(name, args.reader.mutator(), rng, corpus, findings, timeout, args.skip);
    session.run(&seeds, Duration::from_secs_f64(args.minutes * 60.0))?;
    session.summary();
    let corpus_dir = args
        .corpus_out
        .unwrap_or_else(|| PathBuf::from("/work/fuzz-corpus").join(name));
    let kept = session.corpus.save(&corpus_dir)?;
    println!("corpus: {kept} kept mutants written to {}", corpus_dir.display());
    session.findings.clear_current()
}

/// Runs one input through both entry points and prints the outcome and any panic.
/// With `skip`, the input runs as the fuzzer would run it with those filters.
fn replay(path: &std::path::Path, timeout: Duration, skip: Vec<String>) -> std::io::Result<()> {
    let input = Arc::new(std::fs::read(path)?);
    let filters: Vec<&str> = known::NAMES
        .iter()
        .copied()
        .filter(|n| known::matches(n, &input))
        .collect();
    println!("input filters matching: {filters:?} (the matcher filter applies to documents)");
    if let Some(stream) = xlsmodel::workbook(&input) {
        // An .xls: what calamine will allocate next to what the reader's guard measured.
        for s in xlsmodel::calamine_view(&stream, u64::MAX).unwrap_or_default() {
            let (at, reserve, grid, formulas) = (s.offset, s.reserved, s.grid, s.formula_grid);
            println!("calamine sheet at {at}: reserve {reserve} cells, grid {grid}, formula grid {formulas}");
        }
        println!("guard areas (cells): {:?}", xlsmodel::guard_view(&stream));
    }
    let worker = oracle::Worker::spawn(skip);
    for full in [false, true] {
        match worker.run(input.clone(), full, timeout) {
            None => {
                println!("full={full}: HANG (no result after {timeout:?})");
                std::process::exit(2);
            }
            Some(outcome) => {
                println!("full={full}: {:?}, {}", outcome.elapsed, outcome.summary);
                for p in outcome.panics {
                    println!(
                        "  panic at {}: {}\n{}",
                        p.location,
                        p.message,
                        p.backtrace.unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(())
}

/// Caps the process's address space, so a runaway allocation fails (and aborts) here
/// instead of taking the machine's memory.
fn limit_address_space(bytes: u64) -> std::io::Result<()> {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit only reads the struct passed by reference.
    if unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Peak resident memory of the process so far, in MiB.
pub fn max_rss_mib() -> i64 {
    // SAFETY: getrusage writes into the zeroed struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss / 1024
}
