//! The OCR worker: reads the scans the intake defers, one at a time, on the blocking pool
//! (see [`crate::pipeline::ocr`]). A long scan keeps only this worker busy; the intake goes on
//! with the other files and takes the scan again when its answer is kept.

use super::Shared;
use crate::pipeline::ocr::{self, Job};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// Runs until cancelled: each job read, then its path handed back to the intake.
pub async fn run(shared: Shared, mut jobs: UnboundedReceiver<Job>, done: UnboundedSender<PathBuf>) {
    loop {
        let job = tokio::select! {
            biased;
            () = shared.cancel.cancelled() => return,
            job = jobs.recv() => match job {
                Some(job) => job,
                None => return,
            },
        };
        let started = std::time::Instant::now();
        tracing::info!(file = %job.path.display(), pages = job.pages, "reading a scan by OCR");
        let stop = Arc::new(AtomicBool::new(false));
        let work = tokio::task::spawn_blocking({
            let (settings, job, stop) = (shared.settings.clone(), job.clone(), stop.clone());
            move || ocr::read(&settings, &job, &stop)
        });
        tokio::pin!(work);
        let result = tokio::select! {
            r = &mut work => r,
            () = shared.cancel.cancelled() => {
                stop.store(true, Ordering::Relaxed);
                let _ = work.await;
                return;
            }
        };
        let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
        match result {
            Ok(Ok(())) => tracing::info!(file = %job.path.display(), pages = job.pages, seconds, "scan read"),
            // The answer could not be kept (a full disk): the intake will defer the file again.
            Ok(Err(e)) => tracing::error!(file = %job.path.display(), error = %e, "cannot keep the OCR answer"),
            Err(e) => tracing::error!(file = %job.path.display(), error = %e, "OCR read failed"),
        }
        if done.send(job.path).is_err() {
            return;
        }
    }
}
