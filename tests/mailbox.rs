//! The mailbox against a real IMAP server (Dovecot, tests/common/imap.rs): the fixture mails
//! appended, listed by UID, fetched in one batch byte for byte, their files taken out, and
//! moved to the done folder (created, its name in modified UTF-7).

mod common;

use baocao::extract::limits::Limits;
use baocao::mailbox::imap;
use common::imap::Dovecot;
use std::time::Duration;

#[tokio::test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
async fn fixture_mails_are_listed_fetched_read_and_moved_to_the_done_folder() {
    let server = Dovecot::start();
    let m = server.settings();
    let fixtures = common::eml::fixtures();
    let mut session = imap::connect(&m).await.unwrap();
    for eml in &fixtures {
        session.append("INBOX", None, None, &eml.bytes).await.unwrap();
    }
    let selected = imap::select(&mut session, "INBOX", m.timeout).await.unwrap();
    assert_eq!(selected.exists as usize, fixtures.len());
    let uids = imap::uids_from(&mut session, 1, m.timeout).await.unwrap();
    assert_eq!(uids.len(), fixtures.len());
    // Past the last UID: nothing, although `n:*` matches the last message on the wire.
    let after = imap::uids_from(&mut session, uids[uids.len() - 1] + 1, m.timeout)
        .await
        .unwrap();
    assert!(after.is_empty(), "{after:?}");
    let fetched = imap::fetch(&mut session, &uids, m.timeout).await.unwrap();
    assert_eq!(fetched.len(), fixtures.len());
    for ((uid, bytes), eml) in fetched.iter().zip(&fixtures) {
        assert!(uids.contains(uid));
        assert!(*bytes == eml.bytes, "{} came back changed", eml.what);
        let mail = baocao::mailbox::read(bytes, &Limits::default());
        let names: Vec<&str> = mail.files.iter().map(|f| f.name.as_str()).collect();
        let want: Vec<&str> = eml.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, want, "{}", eml.what);
    }
    imap::ensure_folder(&mut session, &m.done_folder, m.timeout)
        .await
        .unwrap();
    imap::ensure_folder(&mut session, &m.done_folder, m.timeout)
        .await
        .unwrap();
    imap::move_to(&mut session, &uids, &m.done_folder, m.timeout)
        .await
        .unwrap();
    let inbox = imap::select(&mut session, "INBOX", m.timeout).await.unwrap();
    assert_eq!(inbox.exists, 0);
    let done = imap::select(&mut session, &m.done_folder, m.timeout).await.unwrap();
    assert_eq!(done.exists as usize, fixtures.len());
    session.logout().await.unwrap();
    // Dovecot keeps the folder under its modified UTF-7 name.
    assert!(
        server.maildir().join(".&ARAA4w- x&Hu0- l&AP0-").is_dir(),
        "{}",
        server.log()
    );
}

#[tokio::test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
async fn a_wrong_password_and_a_silent_server_fail_within_the_time_limit() {
    let server = Dovecot::start();
    let mut m = server.settings();
    m.password = "sai-mat-khau".into();
    let err = imap::connect(&m).await.err().unwrap();
    assert!(matches!(err, imap::ImapError::Login(_)), "{err}");
    // A server that accepts the connection and never says a word.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    m.port = silent.local_addr().unwrap().port();
    m.timeout = std::time::Duration::from_millis(500);
    let started = std::time::Instant::now();
    let err = imap::connect(&m).await.err().unwrap();
    assert!(matches!(err, imap::ImapError::Timeout("greeting")), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    drop(silent);
}

/// Every report file under the inbox (hidden staging excluded), as (path below the inbox, bytes).
fn inbox_files(inbox: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![inbox.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path.strip_prefix(inbox).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn world() -> (
    tempfile::TempDir,
    std::sync::Arc<baocao::config::Settings>,
    baocao::desk::Db,
) {
    let dir = common::tempdir();
    let settings = baocao::config::Settings::load(Some(&common::config_in(dir.path(), 0.1))).unwrap();
    std::fs::create_dir_all(&settings.inbox).unwrap();
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    let db = baocao::desk::Db::new(baocao::store::Store::open(&settings.database()).unwrap());
    (dir, std::sync::Arc::new(settings), db)
}

#[tokio::test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
async fn a_poll_hands_each_report_file_to_the_inbox_once_and_the_next_poll_fetches_no_old_body() {
    let server = Dovecot::start();
    let m = server.settings();
    let (_dir, settings, db) = world();
    let fixtures = common::eml::fixtures();
    let mut session = imap::connect(&m).await.unwrap();
    for eml in &fixtures {
        session.append("INBOX", None, None, &eml.bytes).await.unwrap();
    }
    session.logout().await.unwrap();
    let now = jiff::Timestamp::now;
    let polled = baocao::mailbox::poll::poll(&settings, &m, &db, now).await.unwrap();
    let expected: usize = fixtures.iter().map(|e| e.files.len()).sum();
    assert_eq!(
        (polled.read, polled.files, polled.moved, polled.known),
        (fixtures.len(), expected, fixtures.len(), 0)
    );
    // Every file, under the sender's chapter folder (vanninh@example.vn is VNI's address).
    let files = inbox_files(&settings.inbox);
    assert_eq!(files.len(), expected);
    let mut want: Vec<(String, usize)> = fixtures
        .iter()
        .flat_map(|e| e.files.iter().map(|(n, b)| (n.clone(), b.len())))
        .collect();
    let mut got: Vec<(String, usize)> = files
        .iter()
        .map(|(rel, b)| {
            assert!(rel.starts_with("VNI/thư-"), "{rel}");
            (rel.rsplit('/').next().unwrap().to_string(), b.len())
        })
        .collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    // One folder per mail that carried a report: the winmail.dat one leaves none.
    let folders = std::fs::read_dir(settings.inbox.join("VNI")).unwrap().count();
    assert_eq!(folders, fixtures.iter().filter(|e| !e.files.is_empty()).count());
    // Each raw message archived beside.
    assert_eq!(
        std::fs::read_dir(settings.data_dir.join("mail")).unwrap().count(),
        fixtures.len()
    );
    // The winmail.dat: its chapter is told why, in the thread of its mail.
    let notices = db.run(|s| s.outbox()).await.unwrap();
    let winmail: Vec<_> = notices.iter().filter(|r| r.mail.kind == "ack_rejected").collect();
    assert_eq!(winmail.len(), 1, "{notices:?}");
    assert!(winmail[0].mail.body.contains("winmail.dat"), "{}", winmail[0].mail.body);
    assert_eq!(winmail[0].mail.recipients, ["vanninh@example.vn"]);
    assert!(winmail[0].mail.in_reply_to.is_some());
    // Sessions so far: the appending one and the poll's.
    let bodies = server.bodies_after(2);
    assert_eq!(
        bodies as usize,
        fixtures.len(),
        "one body per message: {}",
        server.log()
    );
    // One more mail: the next poll reads it alone.
    let mut session = imap::connect(&m).await.unwrap();
    session.append("INBOX", None, None, &fixtures[0].bytes).await.unwrap();
    session.logout().await.unwrap();
    let again = baocao::mailbox::poll::poll(&settings, &m, &db, now).await.unwrap();
    // The same bytes as a message stored before: recognised, nothing stored twice.
    assert_eq!((again.read, again.files, again.moved, again.known), (1, 0, 1, 1));
    assert_eq!(inbox_files(&settings.inbox).len(), expected);
    assert_eq!(server.bodies_after(4) as usize, fixtures.len() + 1, "{}", server.log());
    // Nothing new: no body at all.
    let idle = baocao::mailbox::poll::poll(&settings, &m, &db, now).await.unwrap();
    assert!(!idle.did_something(), "{idle:?}");
    assert_eq!(server.bodies_after(5) as usize, fixtures.len() + 1);
}

#[tokio::test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
async fn a_new_uidvalidity_stores_nothing_twice_and_misses_nothing() {
    let server = Dovecot::start();
    let mut m = server.settings();
    m.folder = "Báo cáo".into();
    let (_dir, settings, db) = world();
    let fixtures = common::eml::fixtures();
    let append_all = |extra: bool| {
        let (m, fixtures) = (m.clone(), &fixtures);
        async move {
            let mut session = imap::connect(&m).await.unwrap();
            imap::ensure_folder(&mut session, &m.folder, m.timeout).await.unwrap();
            let folder = baocao::mailbox::utf7::encode(&m.folder);
            for eml in fixtures.iter() {
                session.append(&folder, None, None, &eml.bytes).await.unwrap();
            }
            if extra {
                let fresh = common::eml::mail(
                    "vanninh@example.vn",
                    "Bao cao moi",
                    "new@vn",
                    &[common::eml::part(
                        b"Content-Type: application/pdf; name=\"moi.pdf\"\r\n",
                        &common::eml::pdf(),
                    )],
                );
                session.append(&folder, None, None, &fresh).await.unwrap();
            }
            session.logout().await.unwrap();
        }
    };
    append_all(false).await;
    let first = baocao::mailbox::poll::poll(&settings, &m, &db, jiff::Timestamp::now)
        .await
        .unwrap();
    let stored = inbox_files(&settings.inbox).len();
    // The folder deleted and made again: a new UIDVALIDITY, the same messages plus one new.
    let mut session = imap::connect(&m).await.unwrap();
    session.delete(baocao::mailbox::utf7::encode(&m.folder)).await.unwrap();
    session.logout().await.unwrap();
    append_all(true).await;
    let second = baocao::mailbox::poll::poll(&settings, &m, &db, jiff::Timestamp::now)
        .await
        .unwrap();
    assert_eq!(first.read, fixtures.len());
    assert_eq!(
        (second.read, second.known, second.files),
        (fixtures.len() + 1, fixtures.len(), 1)
    );
    assert_eq!(
        inbox_files(&settings.inbox).len(),
        stored + 1,
        "only the new mail's file"
    );
}

#[test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
fn fifty_mails_with_three_reports_each_become_exactly_150_submissions_through_the_daemon() {
    let server = Dovecot::start();
    let dir = common::tempdir();
    let mut settings = common::daemon_settings(dir.path(), 0.2);
    settings.mailbox = Some(server.settings());
    settings.web.enabled = false;
    std::fs::create_dir_all(&settings.inbox).unwrap();
    let chapters = settings.registry.chapters().to_vec();
    let periods = ["6 tháng đầu năm 2021", "năm 2021", "6 tháng đầu năm 2022"];
    let rt = tokio::runtime::Runtime::new().unwrap();
    let m = server.settings();
    let started = std::time::Instant::now();
    rt.block_on(async {
        let mut session = imap::connect(&m).await.unwrap();
        for i in 0..50 {
            let chapter = &chapters[i % chapters.len()];
            let mut parts = vec![common::eml::text_part("Kính gửi Ban Tuyên giáo.")];
            for (p, period) in periods.iter().enumerate() {
                let figure = (i * 3 + p).to_string();
                let path = dir.path().join(format!("r{i}-{p}.docx"));
                common::forms::standard(&chapter.name, period, &[("supervisions_led", &figure)]).write_docx(&path);
                let h = format!(
                    "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=\"bc-{p}.docx\"\r\n\
                     Content-Disposition: attachment; filename=\"bc-{p}.docx\"\r\n"
                );
                parts.push(common::eml::part(h.as_bytes(), &std::fs::read(&path).unwrap()));
            }
            let raw = common::eml::mail(&chapter.email, "Bao cao", &format!("m{i}@vn"), &parts);
            session.append("INBOX", None, None, &raw).await.unwrap();
        }
        session.logout().await.unwrap();
    });
    let db = settings.database();
    let (stop, daemon) = common::daemon::start_in_process(settings);
    let count = || common::daemon::submissions(&db);
    assert!(common::wait_until(240, || count() >= 150), "{} stored", count());
    let drained = started.elapsed();
    // A little longer: nothing more may come.
    std::thread::sleep(Duration::from_secs(2));
    stop.send(()).unwrap();
    daemon.join().unwrap();
    let rows = baocao::store::Store::open(&db).unwrap().all().unwrap();
    assert_eq!(rows.len(), 150);
    assert!(
        rows.iter()
            .all(|r| r.status != baocao::model::Status::Duplicate && r.status != baocao::model::Status::Rejected)
    );
    rt.block_on(async {
        let mut session = imap::connect(&m).await.unwrap();
        assert_eq!(imap::select(&mut session, "INBOX", m.timeout).await.unwrap().exists, 0);
        assert_eq!(
            imap::select(&mut session, &m.done_folder, m.timeout)
                .await
                .unwrap()
                .exists,
            50
        );
    });
    eprintln!(
        "50 mails × 3 reports: 150 submissions in {:.1} s",
        drained.as_secs_f64()
    );
}

#[test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
fn new_mail_is_read_at_once_through_idle_not_at_the_next_interval() {
    let server = Dovecot::start();
    let dir = common::tempdir();
    let mut settings = common::daemon_settings(dir.path(), 0.2);
    let mut m = server.settings();
    // Ten minutes between polls: only IDLE can bring the mail in within the test's minute.
    m.poll = Duration::from_secs(600);
    settings.mailbox = Some(m.clone());
    settings.web.enabled = false;
    std::fs::create_dir_all(&settings.inbox).unwrap();
    let db = settings.database();
    let (stop, daemon) = common::daemon::start_in_process(settings);
    // The first poll (of an empty folder) has ended once Dovecot logged its session out.
    assert!(
        common::wait_until(20, || server.sessions_ended() >= 1),
        "{}",
        server.log()
    );
    let report = dir.path().join("r.docx");
    common::forms::standard("Hội LHPN thành phố Nha Trang", "năm 2021", &[("supervisions_led", "3")])
        .write_docx(&report);
    let part = common::eml::part(
        b"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=\"r.docx\"\r\n",
        &std::fs::read(&report).unwrap(),
    );
    let raw = common::eml::mail("nhatrang@example.vn", "Bao cao nam", "idle@vn", &[part]);
    let started = std::time::Instant::now();
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut session = imap::connect(&m).await.unwrap();
        session.append("INBOX", None, None, &raw).await.unwrap();
        session.logout().await.unwrap();
    });
    let read = common::wait_until(60, || common::daemon::submissions(&db) == 1);
    let took = started.elapsed();
    stop.send(()).unwrap();
    daemon.join().unwrap();
    assert!(read, "not read within a minute: {}", server.log());
    eprintln!(
        "IDLE: a new mail stored {:.1} s after it arrived (poll interval 600 s)",
        took.as_secs_f64()
    );
}

#[test]
fn a_mailbox_that_never_answers_is_retried_while_the_inbox_is_taken_as_usual() {
    // A server that accepts connections and never says a word; it counts the attempts.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let attempts = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = attempts.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in silent.incoming() {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            held.push(conn);
        }
    });
    let dir = common::tempdir();
    let mut settings = common::daemon_settings(dir.path(), 0.2);
    let config = baocao::mailbox::MailboxConfig {
        host: "127.0.0.1".into(),
        port: Some(port),
        security: baocao::mailbox::Security::None,
        username: "hoilhpn".into(),
        password_env: "PW".into(),
        folder: "INBOX".into(),
        done_folder: "Đã xử lý".into(),
        poll_seconds: 10,
        timeout_seconds: 1,
        others: baocao::mailbox::Others::Leave,
    };
    settings.mailbox = Some(config.resolve(|_| Some("x".into())).unwrap());
    settings.web.enabled = false;
    let (inbox, db) = (settings.inbox.clone(), settings.database());
    std::fs::create_dir_all(&inbox).unwrap();
    let (stop, daemon) = common::daemon::start_in_process(settings);
    assert!(common::wait_until(5, || attempts
        .load(std::sync::atomic::Ordering::SeqCst)
        >= 1));
    // The mailbox is stuck in its greeting; a file dropped in the inbox is taken all the same.
    let path = dir.path().join("bc.docx");
    common::forms::standard(
        "Hội LHPN huyện Vạn Ninh",
        "6 tháng đầu năm 2022",
        &[("supervisions_led", "4")],
    )
    .write_docx(&path);
    std::fs::copy(&path, inbox.join("bc.docx")).unwrap();
    let stored = || common::daemon::submissions(&db);
    assert!(common::wait_until(20, || stored() == 1), "the inbox file was not taken");
    // The poll failed within its 1 s limit and is tried again after the 10 s pause.
    assert!(
        common::wait_until(20, || attempts.load(std::sync::atomic::Ordering::SeqCst) >= 2),
        "the mailbox was not retried"
    );
    stop.send(()).unwrap();
    daemon.join().unwrap();
}
