//! The real daemon as a process, stopped every way a machine stops it, beside the other
//! commands: every file exactly once, no e-mail twice (Message-IDs counted at a real SMTP
//! server on loopback), never a rejection that was our fault.

mod common;
#[path = "common/smtp.rs"]
mod test_smtp;

use baocao::model::Status;
use common::daemon::{Daemon, config, message_id, reports};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};
use test_smtp::{Security, SmtpServer};

/// Every file stored once, none rejected, archived with its bytes, the inbox empty.
fn assert_each_once(settings: &baocao::config::Settings, total: usize) {
    let rows = common::submissions(settings);
    assert_eq!(rows.len(), total, "each file stored exactly once");
    let hashes: HashSet<&str> = rows.iter().map(|r| r.sha256.as_str()).collect();
    assert_eq!(hashes.len(), total, "no bytes stored twice");
    let rejected: Vec<_> = rows
        .iter()
        .filter(|r| r.status == Status::Rejected)
        .map(|r| &r.reason)
        .collect();
    assert!(
        rejected.is_empty(),
        "rejections that were not the files' fault: {rejected:?}"
    );
    for r in &rows {
        assert!(r.moved, "{} filed", r.file_name);
        let bytes = std::fs::read(&r.stored_path).unwrap();
        assert_eq!(baocao_sha(&bytes), r.sha256, "{} archived with its bytes", r.file_name);
    }
    let archived = common::sample_files_left(&settings.data_dir.join("archive"));
    assert_eq!(
        archived.len(),
        total,
        "one archived copy each, no leftovers: {archived:?}"
    );
    assert!(common::sample_files_left(&settings.inbox).is_empty());
}

fn baocao_sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Message-IDs received, with how often each arrived.
fn arrivals(server: &SmtpServer) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for m in server.received() {
        *seen.entry(message_id(&m.data)).or_default() += 1;
    }
    seen
}

#[test]
fn ingest_and_remind_beside_the_daemon_take_each_file_once_and_send_each_mail_once() {
    let dir = common::tempdir();
    let server = SmtpServer::start(Security::None);
    let inbox = dir.path().join("inbox");
    let cfg = config(dir.path(), &inbox, Some(server.port()), 5);
    let settings = baocao::config::Settings::load(Some(&cfg)).unwrap();
    let files = reports(&inbox, 60);
    let daemon = Daemon::start(&cfg, &dir.path().join("daemon.log"));
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
            .arg("--config")
            .arg(&cfg)
            .args(args)
            .output()
            .unwrap()
    };
    // The same files, the same outbox, at the same time as the daemon.
    let (ingest, remind) = std::thread::scope(|s| {
        let ingest = s.spawn(|| run(&["ingest", inbox.to_str().unwrap()]));
        let remind = s.spawn(|| run(&["remind", "--today", "2021-06-08"]));
        (ingest.join().unwrap(), remind.join().unwrap())
    });
    let done = common::wait_until(120, || {
        common::submissions(&settings).len() >= files.len()
            && common::sample_files_left(&inbox).is_empty()
            && baocao::store::Store::open(&settings.database())
                .and_then(|s| s.outbox())
                .is_ok_and(|o| o.iter().all(|r| r.status == "sent"))
    });
    let (status, _) = daemon.term_group();
    assert!(
        done,
        "not everything taken and sent; ingest: {}",
        String::from_utf8_lossy(&ingest.stderr)
    );
    assert!(status.success());
    assert!(remind.status.success(), "{}", String::from_utf8_lossy(&remind.stderr));
    assert_each_once(&settings, files.len());
    let outbox = baocao::store::Store::open(&settings.database())
        .unwrap()
        .outbox()
        .unwrap();
    let seen = arrivals(&server);
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
    assert_eq!(seen.len(), outbox.len(), "every queued message arrived");
    let receipts = outbox.iter().filter(|r| r.mail.kind == "ack_accepted").count();
    let reminders = outbox.iter().filter(|r| r.mail.kind == "reminder").count();
    assert_eq!(receipts, files.len());
    assert!(
        reminders >= 2,
        "the reminders of 8/6/2021 were queued too ({reminders})"
    );
    let by_daemon = std::fs::read_to_string(dir.path().join("daemon.log"))
        .unwrap()
        .matches(" taken ")
        .count();
    eprintln!(
        "beside: {} files ({by_daemon} taken by the daemon; ingest: {}), {} messages ({receipts} receipts, {reminders} reminders), 0 twice",
        files.len(),
        String::from_utf8_lossy(&ingest.stdout).trim(),
        seen.len()
    );
}

/// A server that accepts connections and never says a word.
fn silent_server() -> (std::net::TcpListener, u16) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

#[test]
fn a_silent_mail_server_delays_only_mail_and_never_the_files_or_the_shutdown() {
    let dir = common::tempdir();
    let (listener, port) = silent_server();
    // Keep every accepted connection open and silent.
    let holder = std::thread::spawn(move || {
        let mut held = vec![];
        listener.set_nonblocking(true).unwrap();
        let end = Instant::now() + Duration::from_secs(60);
        while Instant::now() < end {
            if let Ok((s, _)) = listener.accept() {
                held.push(s);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    let inbox = dir.path().join("inbox");
    // 30 s per SMTP step: a daemon waiting on mail would take that long to stop.
    let cfg = config(dir.path(), &inbox, Some(port), 30);
    let settings = baocao::config::Settings::load(Some(&cfg)).unwrap();
    // The daily run would queue reminders of its own on a day at or after 8:00.
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("enabled = true", "enabled = false");
    std::fs::write(&cfg, text).unwrap();
    let later = reports(&dir.path().join("later"), 15);
    reports(&inbox, 10);
    let daemon = Daemon::start(&cfg, &dir.path().join("daemon.log"));
    assert!(
        common::wait_until(60, || common::submissions(&settings).len() >= 10),
        "first files"
    );
    // Mail is now stuck on the silent server; files keep being taken.
    for f in later.iter().skip(10) {
        std::fs::rename(
            f,
            inbox.join(format!("later-{}", f.file_name().unwrap().to_string_lossy())),
        )
        .unwrap();
    }
    let taken = common::wait_until(20, || common::submissions(&settings).len() >= 15);
    let (status, took) = daemon.term_group();
    assert!(taken, "files taken while the mail server hangs");
    assert!(status.success(), "{status:?}");
    assert!(
        took < Duration::from_secs(10),
        "shutdown took {took:?} with a silent mail server"
    );
    let outbox = baocao::store::Store::open(&settings.database())
        .unwrap()
        .outbox()
        .unwrap();
    assert_eq!(outbox.len(), 15);
    assert!(
        outbox.iter().all(|r| r.status == "queued"),
        "nothing lost, nothing given up"
    );
    eprintln!("silent SMTP server: shutdown in {:.2} s", took.as_secs_f64());
    drop(holder);
}

#[test]
fn kill_9_five_times_during_200_files_across_devices_accounts_for_every_file_once() {
    let dir = common::tempdir();
    // The inbox on another file system (/dev/shm), as a network share would be: every
    // filing is a copy then a removal, the window a crash can hit.
    let shm = tempfile::tempdir_in("/dev/shm").expect("/dev/shm (tmpfs) is needed for a cross-device inbox");
    let inbox = shm.path().join("inbox");
    let cfg = config(dir.path(), &inbox, None, 5);
    let settings = baocao::config::Settings::load(Some(&cfg)).unwrap();
    let total = 200;
    reports(&inbox, total);
    assert_ne!(
        device(&inbox),
        device(dir.path()),
        "inbox and data on different devices"
    );
    let log = dir.path().join("daemon.log");
    for wait_for in [20, 55, 90, 130, 170] {
        let daemon = Daemon::start(&cfg, &log);
        // Generous: a loaded CI machine reads a file in a debug build far slower than this one.
        let reached = common::wait_until(300, || common::submissions(&settings).len() >= wait_for);
        let tail: Vec<String> = std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .rev()
            .take(8)
            .map(str::to_string)
            .collect();
        assert!(
            reached,
            "{} of {wait_for} stored; log ends:\n{}",
            common::submissions(&settings).len(),
            tail.join("\n")
        );
        daemon.kill9();
    }
    let daemon = Daemon::start(&cfg, &log);
    let done = common::wait_until(300, || {
        common::submissions(&settings).len() >= total && common::sample_files_left(&inbox).is_empty()
    });
    let (status, _) = daemon.term_group();
    assert!(done, "not all files taken after the restarts");
    assert!(status.success());
    assert_each_once(&settings, total);
}

fn device(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().dev()
}

#[test]
fn sigterm_to_the_process_group_mid_read_never_rejects_a_file() {
    let dir = common::tempdir();
    let inbox = dir.path().join("inbox");
    let cfg = config(dir.path(), &inbox, None, 5);
    let settings = baocao::config::Settings::load(Some(&cfg)).unwrap();
    let total = 60;
    reports(&inbox, total);
    let log = dir.path().join("daemon.log");
    for (round, wait_for) in [5usize, 12, 20, 28, 36, 44].into_iter().enumerate() {
        let daemon = Daemon::start(&cfg, &log);
        assert!(common::wait_until(60, || common::submissions(&settings).len() >= wait_for));
        // Some milliseconds into the next file's read.
        std::thread::sleep(Duration::from_millis(3 + 7 * round as u64));
        let (status, _) = daemon.term_group();
        assert!(status.success(), "round {round}: {status:?}");
    }
    let daemon = Daemon::start(&cfg, &log);
    let done = common::wait_until(120, || common::submissions(&settings).len() >= total);
    let (status, _) = daemon.term_group();
    assert!(done && status.success());
    assert_each_once(&settings, total);
    let abandoned = std::fs::read_to_string(&log).unwrap().matches("read abandoned").count();
    eprintln!("SIGTERM to the group: 6 stops, {abandoned} of them mid-read, 0 rejections");
}

#[test]
fn a_copy_that_pauses_longer_than_the_settle_time_is_read_whole_once_it_is_complete() {
    let dir = common::tempdir();
    let inbox = dir.path().join("inbox");
    let cfg = config(dir.path(), &inbox, None, 5);
    let settings = baocao::config::Settings::load(Some(&cfg)).unwrap();
    let staged = reports(&dir.path().join("staged"), 1).remove(0);
    let bytes = std::fs::read(&staged).unwrap();
    std::fs::create_dir_all(&inbox).unwrap();
    let daemon = Daemon::start(&cfg, &dir.path().join("daemon.log"));
    // The first 40 %, then a pause of 15 settle times (a network copy stalling), then the rest.
    let path = inbox.join("bao-cao.docx");
    let mut file = std::fs::File::create(&path).unwrap();
    let cut = bytes.len() * 2 / 5;
    std::io::Write::write_all(&mut file, &bytes[..cut]).unwrap();
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        common::submissions(&settings).is_empty(),
        "nothing recorded from half a file"
    );
    std::io::Write::write_all(&mut file, &bytes[cut..]).unwrap();
    drop(file);
    let stored = common::wait_until(60, || common::submissions(&settings).len() == 1);
    std::thread::sleep(Duration::from_millis(500));
    let (status, _) = daemon.term_group();
    assert!(stored && status.success());
    let rows = common::submissions(&settings);
    assert_eq!(rows.len(), 1, "one row, no rejected half copies");
    assert_eq!(rows[0].status, Status::Accepted);
    assert_eq!(rows[0].sha256, baocao_sha(&bytes));
    let outbox = baocao::store::Store::open(&settings.database())
        .unwrap()
        .outbox()
        .unwrap();
    let kinds: Vec<_> = outbox.iter().map(|r| r.mail.kind.as_str()).collect();
    assert_eq!(kinds, ["ack_accepted"], "no rejection notice for the half copy");
}
