//! A folder of 10,000 messages that are not reports (someone's ordinary mail, left in the
//! folder as configured): the first poll reads each once; the next poll asks only for UIDs
//! above the highest recorded and fetches no body at all, however large the folder is.

mod common;

use baocao::mailbox::{imap, poll};
use common::imap::Dovecot;
use std::os::unix::fs::MetadataExt;
use std::time::Instant;

const MESSAGES: usize = 10_000;

#[tokio::test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
async fn a_second_poll_of_a_10000_message_folder_transfers_no_bodies() {
    let server = Dovecot::start();
    let m = server.settings();
    let dir = common::tempdir();
    let settings = baocao::config::Settings::load(Some(&common::config_in(dir.path(), 0.1))).unwrap();
    std::fs::create_dir_all(&settings.inbox).unwrap();
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    let db = baocao::desk::Db::new(baocao::store::Store::open(&settings.database()).unwrap());
    let settings = std::sync::Arc::new(settings);
    // The first message through IMAP makes the Maildir; the rest are written into it as a
    // delivery agent would (one file each in new/), which is quicker than 10,000 APPENDs.
    let mut session = imap::connect(&m).await.unwrap();
    session.append("INBOX", None, None, &note(0)).await.unwrap();
    session.logout().await.unwrap();
    let new = server.maildir().join("new");
    let owner = std::fs::metadata(server.maildir()).unwrap();
    for i in 1..MESSAGES {
        let path = new.join(format!("1796000000.M{i}P1.baocao-test"));
        std::fs::write(&path, note(i)).unwrap();
        std::os::unix::fs::chown(&path, Some(owner.uid()), Some(owner.gid())).unwrap();
    }
    let started = Instant::now();
    let first = poll::poll(&settings, &m, &db, jiff::Timestamp::now).await.unwrap();
    let first_took = started.elapsed();
    assert_eq!((first.read, first.files, first.moved), (MESSAGES, 0, 0));
    assert_eq!(server.bodies_after(2) as usize, MESSAGES, "{}", server.log());
    let started = Instant::now();
    let second = poll::poll(&settings, &m, &db, jiff::Timestamp::now).await.unwrap();
    let second_took = started.elapsed();
    assert!(!second.did_something(), "{second:?}");
    assert_eq!(
        server.bodies_after(3) as usize,
        MESSAGES,
        "the second poll fetched bodies"
    );
    // Left where they were, nothing copied into the inbox.
    let mut session = imap::connect(&m).await.unwrap();
    assert_eq!(
        imap::select(&mut session, "INBOX", m.timeout).await.unwrap().exists as usize,
        MESSAGES
    );
    assert_eq!(std::fs::read_dir(&settings.inbox).unwrap().count(), 0);
    eprintln!(
        "{MESSAGES} messages: first poll {:.1} s ({MESSAGES} bodies), second poll {:.2} s (0 bodies)",
        first_took.as_secs_f64(),
        second_took.as_secs_f64()
    );
}

/// A short ordinary message, distinct by `i`.
fn note(i: usize) -> Vec<u8> {
    format!(
        "From: ban{i}@example.com\r\nTo: hoilhpn@khanhhoa.example.vn\r\nSubject: Thu thuong {i}\r\n\
         Date: Wed, 10 Jun 2026 09:15:00 +0700\r\nMessage-ID: <note-{i}@example.com>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nXin chao, thu so {i}.\r\n"
    )
    .into_bytes()
}
