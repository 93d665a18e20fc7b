//! Exactly once under faults, with `baocao run` as a real process reading a real Dovecot
//! through a relay that makes the faults (tests/common/proxy.rs): killed with SIGKILL after
//! the commit and before the move; a second daemon started beside the first while a slow
//! poll goes on; the server falling silent in the middle of a fetch. Each ends with every
//! report stored exactly once and every message moved.

mod common;

use baocao::mailbox::imap;
use baocao::model::Status;
use common::daemon::Daemon;
use common::imap::{Dovecot, PASSWORD, USER};
use common::proxy::Proxy;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PASSWORD_ENV: &str = "BAOCAO_TEST_HOP_THU";

/// `n` mails from the chapters' registered addresses, one report each (distinct figures).
fn mails(dir: &Path, n: usize) -> Vec<Vec<u8>> {
    let settings = baocao::config::Settings::load(None).unwrap();
    let chapters = settings.registry.chapters().to_vec();
    let files = common::daemon::reports(&dir.join("made"), n);
    let h = "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; \
             name=\"bao-cao.docx\"\r\n";
    files
        .iter()
        .enumerate()
        .map(|(i, path)| {
            // reports() cycles through eight units in the registry's order.
            let from = &chapters[i % 8].email;
            let part = common::eml::part(h.as_bytes(), &std::fs::read(path).unwrap());
            common::eml::mail(from, "Bao cao", &format!("r{i}@vn"), &[part])
        })
        .collect()
}

fn append(server: &Dovecot, raws: &[Vec<u8>]) {
    let m = server.settings();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut session = imap::connect(&m).await.unwrap();
        for raw in raws {
            session.append("INBOX", None, None, raw).await.unwrap();
        }
        session.logout().await.unwrap();
    });
}

/// (messages in INBOX, in the done folder), asked of Dovecot directly.
fn folders(server: &Dovecot) -> (u32, u32) {
    let m = server.settings();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut session = imap::connect(&m).await.unwrap();
        let inbox = imap::select(&mut session, "INBOX", m.timeout).await.unwrap().exists;
        imap::ensure_folder(&mut session, &m.done_folder, m.timeout)
            .await
            .unwrap();
        let done = imap::select(&mut session, &m.done_folder, m.timeout)
            .await
            .unwrap()
            .exists;
        (inbox, done)
    })
}

/// A configuration reading the mailbox through `port`, each IMAP command limited to `timeout`.
fn config(dir: &Path, port: u16, timeout: u64) -> (PathBuf, baocao::config::Settings) {
    let path = common::daemon::config(dir, &dir.join("inbox"), None, 5);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!(
        "\n[mailbox]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nusername = \"{USER}\"\n\
         password_env = \"{PASSWORD_ENV}\"\npoll_seconds = 10\ntimeout_seconds = {timeout}\n"
    ));
    std::fs::write(&path, text).unwrap();
    std::fs::create_dir_all(dir.join("inbox")).unwrap();
    let settings =
        baocao::config::Settings::load_with_env(Some(&path), |k| (k == PASSWORD_ENV).then(|| PASSWORD.to_string()))
            .unwrap();
    (path, settings)
}

fn start(config: &Path, dir: &Path) -> Daemon {
    Daemon::start_with(config, &dir.join("daemon.log"), &[(PASSWORD_ENV, PASSWORD)])
}

/// (state, count) of the mailbox ledger's rows.
fn ledger(db: &Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut q = conn
        .prepare("SELECT state, count(*) FROM mail_messages GROUP BY state ORDER BY state")
        .unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Every report recorded once: as many submissions as reports sent, none a duplicate or
/// refused (a later report of the same chapter and period supersedes the earlier).
fn assert_once(settings: &baocao::config::Settings, n: usize, log: &str) {
    let rows = common::submissions(settings);
    assert_eq!(rows.len(), n, "{log}");
    let statuses: Vec<Status> = rows.iter().map(|r| r.status).collect();
    assert!(
        statuses
            .iter()
            .all(|s| matches!(s, Status::Accepted | Status::NeedsReview | Status::Superseded)),
        "{statuses:?}"
    );
}

#[test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
fn killed_after_the_commit_and_before_the_move_the_restart_moves_and_stores_nothing_twice() {
    let server = Dovecot::start();
    let proxy = Proxy::start(server.port);
    let dir = common::tempdir();
    let (cfg, settings) = config(dir.path(), proxy.port, 3);
    append(&server, &mails(dir.path(), 6));
    proxy.hold_on("UID MOVE");
    let first = start(&cfg, dir.path());
    assert!(common::wait_until(60, || proxy.tripped()), "{}", first.log_text());
    // The commit is made: every message `stored`, none moved.
    assert_eq!(ledger(&settings.database()), [("stored".to_string(), 6)]);
    first.kill9();
    proxy.pass();
    let started = Instant::now();
    let second = start(&cfg, dir.path());
    let done = common::wait_until(90, || {
        common::submissions(&settings).len() >= 6 && folders(&server) == (0, 6)
    });
    let drained = started.elapsed();
    std::thread::sleep(Duration::from_secs(2));
    let log = second.log_text();
    let (status, _) = second.term_group();
    assert!(done && status.success(), "{log}");
    assert_once(&settings, 6, &log);
    assert_eq!(ledger(&settings.database()), [("moved".to_string(), 6)]);
    eprintln!(
        "kill -9 before the move: 6 mails, 6 submissions, 0 duplicates, drained {:.1} s after the restart",
        drained.as_secs_f64()
    );
}

#[test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
fn a_second_daemon_is_refused_and_a_poll_longer_than_its_interval_stores_nothing_twice() {
    let server = Dovecot::start();
    let proxy = Proxy::start(server.port);
    let dir = common::tempdir();
    let (cfg, settings) = config(dir.path(), proxy.port, 30);
    append(&server, &mails(dir.path(), 16));
    // Every answer late: the first poll takes longer than the 10 s between polls.
    proxy.slow(Duration::from_millis(400));
    let started = Instant::now();
    let first = start(&cfg, dir.path());
    assert!(common::wait_until(10, || settings
        .data_dir
        .join("daemon.lock")
        .exists()));
    std::thread::sleep(Duration::from_millis(500));
    let second = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("--config")
        .arg(&cfg)
        .arg("run")
        .env(PASSWORD_ENV, PASSWORD)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(
        !second.status.success() && said.contains("already using this data folder"),
        "{said}"
    );
    let done = common::wait_until(180, || {
        common::submissions(&settings).len() >= 16 && folders(&server) == (0, 16)
    });
    let drained = started.elapsed();
    std::thread::sleep(Duration::from_secs(3));
    let log = first.log_text();
    let (status, _) = first.term_group();
    assert!(done && status.success(), "{log}");
    assert!(
        drained > Duration::from_secs(10),
        "the poll was not longer than its interval: {drained:?}"
    );
    assert_once(&settings, 16, &log);
    eprintln!(
        "two daemons, slow server: 16 mails, 16 submissions, 0 duplicates, drained in {:.1} s",
        drained.as_secs_f64()
    );
}

#[test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
fn a_server_falling_silent_in_the_middle_of_a_fetch_is_retried_and_nothing_is_lost() {
    let server = Dovecot::start();
    let proxy = Proxy::start(server.port);
    let dir = common::tempdir();
    let (cfg, settings) = config(dir.path(), proxy.port, 2);
    append(&server, &mails(dir.path(), 4));
    proxy.silent_on("UID FETCH");
    let started = Instant::now();
    let daemon = start(&cfg, dir.path());
    assert!(common::wait_until(30, || proxy.tripped()));
    // The poll gives up within its limit and says it will retry; the inbox is taken meanwhile.
    assert!(
        common::wait_until(10, || daemon.log_text().contains("mailbox poll failed; will retry")),
        "{}",
        daemon.log_text()
    );
    let failed_after = started.elapsed();
    // Bytes of its own (reports() would remake mail 0's file: a duplicate, rightly).
    common::forms::standard("Hội LHPN huyện Cam Lâm", "năm 2021", &[("supervisions_led", "99")])
        .write_docx(&settings.inbox.join("cam-lam.docx"));
    assert!(common::wait_until(30, || common::submissions(&settings).len() == 1));
    proxy.pass();
    let done = common::wait_until(60, || {
        common::submissions(&settings).len() >= 5 && folders(&server) == (0, 4)
    });
    std::thread::sleep(Duration::from_secs(2));
    let log = daemon.log_text();
    let (status, _) = daemon.term_group();
    assert!(done && status.success(), "{log}");
    assert_once(&settings, 5, &log);
    eprintln!(
        "server silent mid-fetch: failed after {:.1} s (limit 2 s), retried, 4 mails + 1 dropped file stored once in {:.1} s",
        failed_after.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
