//! The fuzzing loop of one reader: pick a parent, mutate it, run it, judge it, keep it if it
//! showed new behaviour; progress every 30 s and a one-line summary at the end.

use crate::corpus::Corpus;
use crate::findings::Findings;
use crate::oracle::{Outcome, Worker};
use crate::rng::Rng;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often progress is printed.
const REPORT_EVERY: Duration = Duration::from_secs(30);
/// One input in this many also goes through the matcher (`Extractor::bytes`); the rest only
/// through `read_document`, which is where hostile bytes are parsed.
const FULL_PATH_ONE_IN: usize = 16;

/// A mutation function for one format: (parent, donor, rng) to child.
pub type Mutate = fn(&[u8], &[u8], &mut Rng) -> Vec<u8>;

/// State of one run.
pub struct Session {
    pub name: &'static str,
    pub mutate: Mutate,
    pub rng: Rng,
    pub corpus: Corpus,
    pub findings: Findings,
    pub worker: Worker,
    pub timeout: Duration,
    stats: Stats,
}

#[derive(Default)]
struct Stats {
    execs: u64,
    /// Inputs not run because they match a known abort (`--skip`).
    skipped: u64,
    full: u64,
    slowest: Duration,
    elapsed: Duration,
}

impl Session {
    pub fn new(
        name: &'static str,
        mutate: Mutate,
        rng: Rng,
        corpus: Corpus,
        findings: Findings,
        timeout: Duration,
        skip: Vec<String>,
    ) -> Self {
        let worker = Worker::spawn(skip);
        Session {
            name,
            mutate,
            rng,
            corpus,
            findings,
            worker,
            timeout,
            stats: Stats::default(),
        }
    }

    /// Runs every seed once (their signatures are then not "new") and mutants until `duration`.
    pub fn run(&mut self, seeds: &[Arc<Vec<u8>>], duration: Duration) -> std::io::Result<()> {
        let start = Instant::now();
        for seed in seeds {
            let outcome = self.exec(seed, false)?;
            println!("seed outcome: {}", outcome.summary);
            self.corpus.offer(seed, outcome.signature, &mut self.rng);
        }
        let mut next_report = start + REPORT_EVERY;
        while start.elapsed() < duration {
            let parent = self.corpus.pick(&mut self.rng);
            let donor = self.corpus.pick(&mut self.rng);
            let child = Arc::new((self.mutate)(&parent, &donor, &mut self.rng));
            let full = self.rng.one_in(FULL_PATH_ONE_IN);
            let outcome = self.exec(&child, full)?;
            if !outcome.skipped {
                self.corpus.offer(&child, outcome.signature, &mut self.rng);
            }
            self.stats.elapsed = start.elapsed();
            if Instant::now() >= next_report {
                self.progress();
                next_report += REPORT_EVERY;
            }
        }
        self.stats.elapsed = start.elapsed();
        Ok(())
    }

    /// Runs one input; files its panics; on a hang files it and ends the process.
    fn exec(&mut self, input: &Arc<Vec<u8>>, full: bool) -> std::io::Result<Outcome> {
        self.findings.stage(input)?;
        let Some(outcome) = self.worker.run(input.clone(), full, self.timeout) else {
            let saved = self.findings.hang(input, self.timeout, full)?;
            println!(
                "FINDING hang: no result after {:?}, saved {}; aborting the run",
                self.timeout,
                saved.display()
            );
            self.summary();
            self.findings.clear_current()?;
            std::process::exit(2);
        };
        if outcome.skipped {
            self.stats.skipped += 1;
            return Ok(outcome);
        }
        self.stats.execs += 1;
        self.stats.full += u64::from(full);
        self.stats.slowest = self.stats.slowest.max(outcome.elapsed);
        for record in &outcome.panics {
            self.findings.panic(record, input, full)?;
        }
        Ok(outcome)
    }

    fn rate(&self) -> f64 {
        self.stats.execs as f64 / self.stats.elapsed.as_secs_f64().max(1e-9)
    }

    fn progress(&self) {
        println!(
            "[{}] {:>5.0}s execs={} exec/s={:.1} findings={} panics={} corpus={} full_path={} skipped={} slowest_ms={} rss_mib={}",
            self.name,
            self.stats.elapsed.as_secs_f64(),
            self.stats.execs,
            self.rate(),
            self.findings.new,
            self.findings.panics,
            self.corpus.len(),
            self.stats.full,
            self.stats.skipped,
            self.stats.slowest.as_millis(),
            crate::max_rss_mib(),
        );
    }

    /// The final line (and a detail line) for the report.
    pub fn summary(&self) {
        println!(
            "reader={} minutes={:.1} execs={} exec_per_s={:.1} findings={} corpus={}",
            self.name,
            self.stats.elapsed.as_secs_f64() / 60.0,
            self.stats.execs,
            self.rate(),
            self.findings.new,
            self.corpus.len()
        );
        println!(
            "detail: panics_seen={} full_path_execs={} skipped_known={} slowest_ms={} max_rss_mib={}",
            self.findings.panics,
            self.stats.full,
            self.stats.skipped,
            self.stats.slowest.as_millis(),
            crate::max_rss_mib()
        );
    }
}
