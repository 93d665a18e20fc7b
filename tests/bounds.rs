//! A file far over the size limit is refused unread: its size is checked before anything is
//! read and its hash is streamed, so the process's memory does not grow with the file.
//! (Alone in its test binary: the peak memory measured is the whole process's.)

mod common;

use baocao::model::Status;
use baocao::pipeline::{self, Origin, Taken};
use std::sync::atomic::AtomicBool;

/// The process's peak resident memory so far, in kB (`VmHWM`).
fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_file_of_1_5_gb_is_refused_without_being_read_into_memory() {
    let dir = common::tempdir();
    let settings = common::daemon_settings(dir.path(), 0.0);
    std::fs::create_dir_all(&settings.inbox).unwrap();
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    let mut store = baocao::store::Store::open(&settings.database()).unwrap();
    let path = settings.inbox.join("rat-lon.pdf");
    // Sparse: 1.5 GB to every reader, a few blocks on disk.
    let file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &file, b"%PDF-1.7\n").unwrap();
    file.set_len(1536 << 20).unwrap();
    drop(file);
    let before = peak_kb();
    let now = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1);
    let taken = pipeline::take(
        &settings,
        &mut store,
        &path,
        Origin::Inbox,
        now,
        &AtomicBool::new(false),
    )
    .unwrap();
    let grew_mb = (peak_kb() - before) / 1024;
    let Taken::Stored(outcome) = taken else {
        panic!("{taken:?}")
    };
    assert_eq!(outcome.submission.status, Status::Rejected);
    let reason = outcome.submission.reason.unwrap();
    assert!(reason.contains("50 MB"), "{reason}");
    assert!(grew_mb < 64, "peak memory grew by {grew_mb} MB for a 1.5 GB file");
    eprintln!("1.5 GB file: refused, peak memory grew by {grew_mb} MB");
}
