//! The oracle: runs each input on a worker thread, sees every panic, and times each input.
//!
//! The readers catch some panics themselves (calamine and lopdf are wrapped), so a caught
//! panic still has to be seen: a process-wide panic hook records, for the worker thread,
//! every panic's message and location (with a backtrace the first time a location is seen).
//! The main thread waits for each result with a timeout; an input that overstays is a hang.

use crate::{corpus, known};
use baocao::extract::{Extractor, Limits, read_document};
use std::backtrace::Backtrace;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One panic seen on the worker thread, caught or not.
#[derive(Clone, Debug)]
pub struct PanicRecord {
    pub message: String,
    /// `file:line:column` of the panic, the key findings are deduplicated by.
    pub location: String,
    /// Captured only the first time a location panics (capturing is slow).
    pub backtrace: Option<String>,
}

/// What one input did.
pub struct Outcome {
    /// Coverage proxy of the result (see [`corpus::signature_of_read`]).
    pub signature: u64,
    /// What the result was, in a few words.
    pub summary: String,
    pub panics: Vec<PanicRecord>,
    pub elapsed: Duration,
    /// Not run: it would trigger a known abort (`--skip`).
    pub skipped: bool,
}

thread_local! {
    static PANICS: RefCell<Vec<PanicRecord>> = const { RefCell::new(Vec::new()) };
    static IS_WORKER: Cell<bool> = const { Cell::new(false) };
}

/// Locations whose backtrace has been captured (or that are known from earlier runs).
static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// Installs the recording hook; `known` locations get no backtrace (already reported).
pub fn install_hook(known: impl IntoIterator<Item = String>) {
    *SEEN.lock().unwrap() = Some(known.into_iter().collect());
    panic::set_hook(Box::new(|info| {
        if !IS_WORKER.get() {
            // The harness's own code, or lopdf/cfb inside a mutator: not the reader under test.
            eprintln!("harness panic (not a finding): {info}");
            return;
        }
        let location = info.location().map_or_else(
            || "unknown".into(),
            |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
        );
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "non-string panic payload".into());
        let first = SEEN
            .lock()
            .is_ok_and(|mut s| s.get_or_insert_default().insert(location.clone()));
        let backtrace = first.then(|| Backtrace::force_capture().to_string());
        PANICS.with(|p| {
            p.borrow_mut().push(PanicRecord {
                message,
                location,
                backtrace,
            })
        });
    }));
}

/// One input to run: the bytes and whether to go through the whole extractor (matcher too).
struct Job {
    input: Arc<Vec<u8>>,
    full: bool,
}

/// The worker thread and its channels.
pub struct Worker {
    jobs: Sender<Job>,
    results: Receiver<Outcome>,
}

impl Worker {
    /// Starts the worker and waits until it has loaded the settings; inputs matching one of
    /// the `skip` filters ([`known`]) are not run.
    pub fn spawn(skip: Vec<String>) -> Worker {
        let (jobs, job_rx) = channel::<Job>();
        let (result_tx, results) = channel::<Outcome>();
        std::thread::Builder::new()
            .name("fuzz-worker".into())
            // The size of a main thread, as in the `read-document` child the daemon runs.
            .stack_size(8 << 20)
            .spawn(move || work(job_rx, result_tx, skip))
            .expect("spawn worker");
        results.recv().expect("worker starts");
        Worker { jobs, results }
    }

    /// Runs one input; `None` when it takes longer than `timeout` (a hang).
    pub fn run(&self, input: Arc<Vec<u8>>, full: bool, timeout: Duration) -> Option<Outcome> {
        self.jobs.send(Job { input, full }).expect("worker alive");
        self.results.recv_timeout(timeout).ok()
    }
}

fn work(jobs: Receiver<Job>, results: Sender<Outcome>, skip: Vec<String>) {
    IS_WORKER.set(true);
    let settings = baocao::config::Settings::load(None).expect("embedded settings load (run from /work/main)");
    let extractor = Extractor::new(&settings.forms, &settings.registry);
    let limits = Limits::default();
    let ready = Outcome {
        signature: 0,
        summary: "ready".into(),
        panics: Vec::new(),
        elapsed: Duration::ZERO,
        skipped: false,
    };
    results.send(ready).expect("main thread alive");
    for job in jobs {
        let start = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| run(&job, &extractor, &limits, &skip)));
        let elapsed = start.elapsed();
        let panics = PANICS.with(|p| std::mem::take(&mut *p.borrow_mut()));
        let skipped = matches!(result, Ok(None));
        let (signature, summary) = match result {
            Ok(Some(result)) => result,
            Ok(None) => (0, "skipped (known finding)".into()),
            Err(_) => (corpus::PANIC_SIGNATURE, "panicked".into()),
        };
        let outcome = Outcome {
            signature,
            summary,
            panics,
            elapsed,
            skipped,
        };
        if results.send(outcome).is_err() {
            return;
        }
    }
}

/// Runs one job; `None` when a `--skip` filter says it would trigger a known abort or hang.
/// The filters run here, under the watchdog, because they parse the input too.
fn run(job: &Job, extractor: &Extractor, limits: &Limits, skip: &[String]) -> Option<(u64, String)> {
    if skip.iter().any(|name| known::matches(name, &job.input)) {
        return None;
    }
    if !job.full {
        return Some(corpus::signature_of_read(&read_document(&job.input, limits)));
    }
    // The matcher's known blow-up is a property of the document, so read it first (the
    // extractor then reads it again: the full path is one input in sixteen).
    if skip.iter().any(|name| name == known::MATCHER_SECTIONS)
        && let Ok((_, doc)) = read_document(&job.input, limits)
        && known::quadratic_sections(&doc)
    {
        return None;
    }
    Some(corpus::signature_of_record(
        &extractor.bytes(Path::new("fuzz-input"), &job.input),
    ))
}
