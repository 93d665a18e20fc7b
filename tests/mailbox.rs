//! The mailbox against a real IMAP server (Dovecot, tests/common/imap.rs): the fixture mails
//! appended, listed by UID, fetched in one batch byte for byte, their files taken out, and
//! moved to the done folder (created, its name in modified UTF-7).

mod common;

use baocao::extract::limits::Limits;
use baocao::mailbox::imap;
use common::imap::Dovecot;

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
