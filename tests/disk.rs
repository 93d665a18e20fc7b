//! A full disk, for real: a small tmpfs mounted under the test's folder (so these tests need
//! root; `.ci/run` runs them with `--include-ignored`). The archive filling up after the
//! commit, and the database's disk filling up while files wait.

mod common;

use baocao::model::Status;
use baocao::pipeline::{self, Origin, Taken};
use common::daemon::{Daemon, config, reports};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// A tmpfs of `kb` kB mounted at `at`, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, kb: u64) -> Tmpfs {
        std::fs::create_dir_all(at).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kb}k"), "tmpfs"])
            .arg(at)
            .status()
            .expect("mount(8)");
        assert!(
            status.success(),
            "mounting a tmpfs needs root (run as root, as CI does)"
        );
        Tmpfs(at.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system of `dir` to the last byte; returns the filler to delete later.
fn fill(dir: &Path) -> PathBuf {
    let filler = dir.join(".filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = vec![0xAAu8; 4096];
    while std::io::Write::write_all(&mut f, &block).is_ok() {}
    while std::io::Write::write_all(&mut f, &[0]).is_ok() {}
    filler
}

#[test]
#[ignore = "mounts a tmpfs: needs root (CI runs it with --include-ignored)"]
fn an_archive_that_runs_out_of_space_keeps_the_file_and_files_it_once_space_is_back() {
    let dir = common::tempdir();
    let settings = common::daemon_settings(dir.path(), 0.0);
    std::fs::create_dir_all(&settings.inbox).unwrap();
    let _archive = Tmpfs::mount(&settings.data_dir.join("archive"), 64);
    let filler = fill(&settings.data_dir.join("archive"));
    let mut store = baocao::store::Store::open(&settings.database()).unwrap();
    let path = settings.inbox.join("bao-cao.docx");
    let staged = reports(&dir.path().join("staged"), 1).remove(0);
    std::fs::copy(&staged, &path).unwrap();
    let now = jiff::Timestamp::now();
    let stop = AtomicBool::new(false);
    let taken = pipeline::take(&settings, &mut store, &path, Origin::Inbox, now, &stop).unwrap();
    assert!(matches!(taken, Taken::FilingWaits { .. }), "{taken:?}");
    let left = common::sample_files_left(&settings.data_dir.join("archive"));
    assert_eq!(left, [".filler"], "no half copy left in the archive");
    assert!(path.is_file(), "the file stays in the inbox");
    std::fs::remove_file(filler).unwrap();
    let later = now + jiff::SignedDuration::from_hours(1);
    assert_eq!(pipeline::recover(&settings, &mut store, later).unwrap(), 1);
    let rows = store.all().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, Status::Accepted);
    assert_eq!(
        std::fs::read(&rows[0].stored_path).unwrap(),
        std::fs::read(&staged).unwrap()
    );
    assert!(!path.exists());
}

#[test]
#[ignore = "mounts a tmpfs: needs root (CI runs it with --include-ignored)"]
fn a_database_on_a_full_disk_costs_one_error_line_per_file_and_loses_nothing() {
    let dir = common::tempdir();
    let data = dir.path().join("data");
    // Room for the fifty reports, their receipts and the database, once the filler is gone.
    let _disk = Tmpfs::mount(&data, 32 * 1024);
    let inbox = dir.path().join("inbox");
    let cfg = config(dir.path(), &inbox, None, 5);
    let settings = baocao::config::Settings::load(Some(&cfg)).unwrap();
    let log = dir.path().join("daemon.log");
    // The daemon running with its database open, then the disk filled: every write fails.
    std::fs::create_dir_all(&inbox).unwrap();
    let daemon = Daemon::start(&cfg, &log);
    assert!(common::wait_until(30, || std::fs::read_to_string(&log)
        .unwrap_or_default()
        .contains("watching the inbox")));
    let filler = fill(&data);
    let files = 50;
    let staged = reports(&dir.path().join("staged"), files);
    for f in &staged {
        std::fs::rename(f, inbox.join(f.file_name().unwrap())).unwrap();
    }
    std::thread::sleep(Duration::from_secs(20));
    let text = std::fs::read_to_string(&log).unwrap();
    let errors = text.matches("could not take the file").count();
    let tries = errors + text.matches("still cannot take the file").count();
    assert!(errors <= files, "{errors} error lines for {files} files");
    assert!(
        tries <= files * 8,
        "{tries} tries in 20 s for {files} files: no back-off"
    );
    std::fs::remove_file(filler).unwrap();
    // Watched from outside the database (the inbox emptying), so this test's own connection
    // is not one more writer on the full disk.
    let done = common::wait_until(120, || common::sample_files_left(&inbox).is_empty());
    let (status, _) = daemon.term_group();
    let text = std::fs::read_to_string(&log).unwrap();
    let tail: Vec<&str> = text.lines().rev().take(15).collect();
    assert!(
        done,
        "every file taken once the disk has room; log ends:\n{}",
        tail.join("\n")
    );
    assert!(status.success());
    let rows = common::submissions(&settings);
    assert_eq!(rows.len(), files);
    assert!(
        rows.iter().all(|r| r.status != Status::Rejected),
        "never blamed on the file"
    );
    eprintln!("full disk for 20 s, {files} files: {errors} error lines, {tries} tries; then all {files} taken");
}
