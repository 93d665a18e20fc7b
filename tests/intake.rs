//! The intake's faults of issue #9, one test each, on real files, real child processes and a
//! real SQLite file: a file that cannot be filed, failures that are not the file's fault,
//! links, names, resubmissions.

mod common;

use baocao::config::Settings;
use baocao::model::Status;
use baocao::pipeline::{self, Origin, Taken};
use baocao::store::Store;
use common::forms::standard;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Settings in `dir` reading through the real binary's supervised child.
fn setup(dir: &Path) -> (Settings, Store) {
    let settings = common::daemon_settings(dir, 0.0);
    std::fs::create_dir_all(&settings.inbox).unwrap();
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    let store = Store::open(&settings.database()).unwrap();
    (settings, store)
}

/// A filled form of `unit` with `led` supervisions, written at `path`.
fn report(path: &Path, unit: &str, led: &str) {
    standard(
        unit,
        "6 tháng đầu năm 2021",
        &[
            ("supervisions_led", led),
            ("supervisions_joint", "1"),
            ("critiques_led", "2"),
        ],
    )
    .write_docx(path);
}

fn take(settings: &Settings, store: &mut Store, path: &Path, now: jiff::Timestamp) -> Taken {
    pipeline::take(settings, store, path, Origin::Inbox, now, &AtomicBool::new(false)).unwrap()
}

/// Sends the outbox (file transport) and returns each message with the bytes written.
fn send_all(settings: &Settings, store: &Store) -> Vec<(baocao::store::OutboxRow, Vec<u8>)> {
    let mailer = baocao::deliver::Mailer::new(&settings.mail).unwrap();
    let pass = baocao::deliver::worker::send_due(store, &mailer, jiff::Timestamp::now, || false).unwrap();
    assert_eq!(pass.failed, 0);
    let outbox = settings.data_dir.join("outbox");
    store
        .outbox()
        .unwrap()
        .into_iter()
        .map(|row| {
            let eml = std::fs::read(outbox.join(format!("{}.eml", row.mail.message_id))).unwrap();
            (row, eml)
        })
        .collect()
}

fn hours(n: i64) -> jiff::SignedDuration {
    jiff::SignedDuration::from_hours(n)
}

fn outbox_kinds(store: &Store) -> Vec<String> {
    store.outbox().unwrap().into_iter().map(|r| r.mail.kind).collect()
}

#[test]
fn a_long_name_clashing_with_an_archived_one_is_filed_under_a_name_that_fits() {
    let dir = common::tempdir();
    let (settings, mut store) = setup(dir.path());
    // 246 bytes + ".docx": the old `-2` suffix made it 257 bytes, which no file system takes.
    let name = format!("{}.docx", "á".repeat(123));
    assert_eq!(name.len(), 251);
    let now = jiff::Timestamp::now();
    for (i, unit) in ["Hội LHPN Vạn Ninh", "Hội LHPN Cam Lâm"].iter().enumerate() {
        report(&settings.inbox.join(&name), unit, &(i + 3).to_string());
        let Taken::Stored(outcome) = take(&settings, &mut store, &settings.inbox.join(&name), now) else {
            panic!("file {i} not stored");
        };
        let stored = PathBuf::from(&outcome.submission.stored_path);
        assert!(stored.is_file(), "{}", stored.display());
        assert!(stored.file_name().unwrap().len() <= 255 - ".reason.txt".len());
    }
    assert_eq!(store.all().unwrap().len(), 2);
    assert_eq!(common::sample_files_left(&settings.data_dir.join("archive")).len(), 2);
    assert!(common::sample_files_left(&settings.inbox).is_empty());
}

#[test]
fn a_file_that_cannot_be_filed_waits_recorded_once_and_is_filed_when_the_cause_is_gone() {
    let dir = common::tempdir();
    let (settings, mut store) = setup(dir.path());
    // `archive` is a file, not a folder: filing after the commit fails, as a full or
    // unwritable archive would.
    std::fs::write(settings.data_dir.join("archive"), b"in the way").unwrap();
    let path = settings.inbox.join("bao-cao.docx");
    report(&path, "Hội LHPN Vạn Ninh", "4");
    let now = jiff::Timestamp::now();
    assert!(matches!(
        take(&settings, &mut store, &path, now),
        Taken::FilingWaits { .. }
    ));
    // Seen again (a rescan, an event): never a second row, never a duplicate.
    for later in 1..4 {
        let again = take(&settings, &mut store, &path, now + hours(later));
        assert!(matches!(again, Taken::FilingWaits { .. }), "{again:?}");
    }
    assert_eq!(store.all().unwrap().len(), 1);
    assert!(path.is_file(), "the file stays in the inbox meanwhile");
    // Start-up is never refused because of it.
    assert_eq!(pipeline::recover(&settings, &mut store, now + hours(5)).unwrap(), 0);
    std::fs::remove_file(settings.data_dir.join("archive")).unwrap();
    assert_eq!(pipeline::recover(&settings, &mut store, now + hours(6)).unwrap(), 1);
    let rows = store.all().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, Status::Accepted);
    assert!(rows[0].moved && Path::new(&rows[0].stored_path).is_file());
    assert!(!path.exists());
    assert_eq!(outbox_kinds(&store), ["ack_accepted"], "one receipt, nothing else");
}

/// A stand-in for the reader binary: a shell script doing `body`.
fn fake_reader(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn failures_that_are_not_the_files_fault_wait_and_are_never_rejections() {
    let dir = common::tempdir();
    let (mut settings, mut store) = setup(dir.path());
    let real = settings.isolation.as_ref().unwrap().exe.clone();
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let readers = [
        ("missing binary (an upgrade in progress)", bin.join("no-such-baocao")),
        (
            "killed by SIGKILL from outside",
            fake_reader(&bin, "killed", "kill -KILL $$"),
        ),
        (
            "killed by SIGTERM (a group stop)",
            fake_reader(&bin, "termed", "kill -TERM $$"),
        ),
        (
            "an answer nobody can read",
            fake_reader(&bin, "garbage", "echo '{not json'"),
        ),
        (
            "a busy machine: wall-clock time-out",
            fake_reader(&bin, "slow", "sleep 30"),
        ),
    ];
    if let Some(i) = settings.isolation.as_mut() {
        i.timeout = std::time::Duration::from_secs(1);
    }
    let path = settings.inbox.join("VNI").join("bao-cao.docx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    report(&path, "Hội LHPN Vạn Ninh", "4");
    let mut now = jiff::Timestamp::now();
    for (what, exe) in &readers {
        settings.isolation.as_mut().unwrap().exe = exe.clone();
        now += hours(1);
        let taken = take(&settings, &mut store, &path, now);
        assert!(
            matches!(taken, Taken::Waiting { stuck: false, .. }),
            "{what}: {taken:?}"
        );
        assert!(store.all().unwrap().is_empty(), "{what}: nothing recorded");
        assert!(
            store.outbox().unwrap().is_empty(),
            "{what}: nobody told the file is bad"
        );
        assert!(path.is_file(), "{what}: the file stays");
    }
    // The cause gone, the same bytes are read as they should have been.
    settings.isolation.as_mut().unwrap().exe = real;
    settings.isolation.as_mut().unwrap().timeout = std::time::Duration::from_secs(30);
    let Taken::Stored(outcome) = take(&settings, &mut store, &path, now + hours(1)) else {
        panic!("not stored once the reader works");
    };
    assert_eq!(outcome.submission.status, Status::Accepted);
    assert_eq!(outbox_kinds(&store), ["ack_accepted"]);
}

#[test]
fn a_file_failing_for_our_reasons_twenty_times_is_stuck_left_in_place_and_the_staff_told_once() {
    let dir = common::tempdir();
    let (mut settings, mut store) = setup(dir.path());
    settings.isolation.as_mut().unwrap().exe = dir.path().join("no-such-baocao");
    let path = settings.inbox.join("bao-cao.docx");
    report(&path, "Hội LHPN Vạn Ninh", "4");
    let mut now = jiff::Timestamp::now();
    let mut stuck_at = None;
    for attempt in 1..=25 {
        now += hours(1) / 2;
        if let Taken::Waiting { stuck: true, .. } = take(&settings, &mut store, &path, now) {
            stuck_at.get_or_insert(attempt);
        }
    }
    // Twenty tries half an hour apart: stuck after the twentieth, before the 24 h limit.
    assert_eq!(stuck_at, Some(pipeline::retry::MAX_TRIES));
    assert!(path.is_file());
    assert_eq!(
        outbox_kinds(&store),
        ["staff_stuck"],
        "one notice to the staff, none to the chapter"
    );
    let unfinished = store.unfinished_files().unwrap();
    assert_eq!(unfinished.len(), 1);
    assert_eq!(unfinished[0].state, "stuck");
}

#[test]
fn links_in_the_inbox_never_move_anything_outside_it() {
    let dir = common::tempdir();
    let (settings, mut store) = setup(dir.path());
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    for (name, unit) in [
        ("a.docx", "Hội LHPN Cam Lâm"),
        ("b.docx", "Hội LHPN Diên Khánh"),
        ("c.docx", "Hội LHPN Vạn Ninh"),
    ] {
        report(&outside.join(name), unit, "2");
    }
    let before: Vec<Vec<u8>> = ["a.docx", "b.docx", "c.docx"]
        .iter()
        .map(|n| std::fs::read(outside.join(n)).unwrap())
        .collect();
    std::os::unix::fs::symlink(&outside, settings.inbox.join("linked-folder")).unwrap();
    std::os::unix::fs::symlink(outside.join("c.docx"), settings.inbox.join("linked.docx")).unwrap();
    let now = jiff::Timestamp::now();
    // What a rescan and the watcher would hand over: every path, the linked folder's files too.
    let mut stored = vec![];
    for path in [
        settings.inbox.join("linked-folder"),
        settings.inbox.join("linked-folder/a.docx"),
        settings.inbox.join("linked-folder/b.docx"),
        settings.inbox.join("linked.docx"),
    ] {
        if let Taken::Stored(o) = take(&settings, &mut store, &path, now) {
            stored.push(o.submission);
        }
    }
    let after: Vec<Vec<u8>> = ["a.docx", "b.docx", "c.docx"]
        .iter()
        .map(|n| std::fs::read(outside.join(n)).unwrap())
        .collect();
    assert_eq!(before, after, "the outside folder is untouched");
    assert_eq!(stored.len(), 1, "only the link to a file is taken");
    let archived = Path::new(&stored[0].stored_path);
    let meta = std::fs::symlink_metadata(archived).unwrap();
    assert!(meta.file_type().is_file(), "the archive keeps the bytes, not a link");
    assert_eq!(std::fs::read(archived).unwrap(), before[2]);
    assert!(
        std::fs::symlink_metadata(settings.inbox.join("linked.docx")).is_err(),
        "the link itself is removed"
    );
    assert!(
        std::fs::symlink_metadata(settings.inbox.join("linked-folder")).is_ok(),
        "a folder link stays"
    );
    assert_eq!(common::sample_files_left(&settings.data_dir.join("archive")).len(), 1);
}

#[test]
fn names_that_are_not_utf8_or_hold_line_breaks_are_taken_and_their_notices_sent() {
    let dir = common::tempdir();
    let (settings, mut store) = setup(dir.path());
    // "báo cáo.docx" in Latin-1, as an old Windows share may write it.
    let latin1 = settings.inbox.join(std::ffi::OsStr::from_bytes(b"b\xe1o c\xe1o.docx"));
    report(&latin1, "Hội LHPN Vạn Ninh", "4");
    // A refused file whose name carries CR/LF: its notice names it in the subject.
    let broken = settings.inbox.join("xấu\r\nBcc: attacker@example.com.docx");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let now = jiff::Timestamp::now() - hours(1);
    let Taken::Stored(a) = take(&settings, &mut store, &latin1, now) else {
        panic!("latin-1 name not taken")
    };
    assert_eq!(a.submission.status, Status::Accepted);
    assert_eq!(a.submission.file_name, "b_o c_o.docx");
    let Taken::Stored(b) = take(&settings, &mut store, &broken, now) else {
        panic!("CR/LF name not taken")
    };
    assert_eq!(b.submission.status, Status::Rejected);
    let sent = send_all(&settings, &store);
    assert_eq!(sent.len(), 2, "both notices go out");
    for (_, eml) in &sent {
        let parsed = mail_parser::MessageParser::default().parse(eml).unwrap();
        assert!(parsed.bcc().is_none(), "no header injected");
        assert!(!parsed.subject().unwrap_or_default().contains(['\r', '\n']));
    }
}

#[test]
fn a_resent_earlier_version_counts_again_and_a_resent_refused_file_is_refused_again() {
    let dir = common::tempdir();
    let (settings, mut store) = setup(dir.path());
    let (a, b) = (dir.path().join("a.docx"), dir.path().join("b.docx"));
    report(&a, "Hội LHPN Vạn Ninh", "4");
    report(&b, "Hội LHPN Vạn Ninh", "7");
    let bad = dir.path().join("hong.docx");
    std::fs::write(&bad, b"PK\x03\x04 cut short").unwrap();
    let t0 = jiff::Timestamp::now() - hours(10);
    let mut n = 0;
    let mut arrive = |from: &Path, name: &str, store: &mut Store| {
        n += 1;
        let to = settings.inbox.join(name);
        std::fs::copy(from, &to).unwrap();
        let Taken::Stored(o) = take(&settings, store, &to, t0 + hours(n)) else {
            panic!("{name}")
        };
        o.submission
    };
    let first = arrive(&a, "a.docx", &mut store);
    arrive(&b, "b.docx", &mut store);
    let again = arrive(&a, "a lan 3.docx", &mut store);
    assert_eq!(again.status, Status::Accepted, "the earlier version counts again");
    let current = store
        .current("VNI", &baocao::model::Period::half_year(2021))
        .unwrap()
        .unwrap();
    assert_eq!(current.id, again.id);
    assert_eq!(current.sha256, first.sha256);
    let receipts: Vec<_> = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|r| r.mail.kind == "ack_accepted")
        .collect();
    assert_eq!(receipts.len(), 3);
    assert!(
        receipts[0].mail.body.contains("giống hệt tệp đơn vị đã gửi"),
        "{}",
        receipts[0].mail.body
    );
    // The same current bytes once more: a duplicate, as before.
    assert_eq!(arrive(&a, "a lan 4.docx", &mut store).status, Status::Duplicate);
    let r1 = arrive(&bad, "hong.docx", &mut store);
    let r2 = arrive(&bad, "hong lan 2.docx", &mut store);
    assert_eq!((r1.status, r2.status), (Status::Rejected, Status::Rejected));
    assert!(Path::new(&r2.stored_path).starts_with(settings.data_dir.join("rejected")));
    let refusals = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|r| r.mail.kind == "ack_rejected")
        .count();
    assert_eq!(refusals, 2, "told again that the file is unreadable");
}

#[test]
fn a_templates_folder_that_is_misspelt_or_has_no_forms_is_a_configuration_error() {
    let dir = common::tempdir();
    let misspelt = common::embedded_config().replace("/templates\"", "/templatse\"");
    std::fs::write(dir.path().join("a.toml"), misspelt).unwrap();
    let err = Settings::load(Some(&dir.path().join("a.toml")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("`templates`") && err.contains("templatse"), "{err}");
    std::fs::create_dir_all(dir.path().join("tpl/mail")).unwrap();
    let no_forms = common::embedded_config().replace(concat!(env!("CARGO_MANIFEST_DIR"), "/templates"), "tpl");
    std::fs::write(dir.path().join("b.toml"), no_forms).unwrap();
    let err = Settings::load(Some(&dir.path().join("b.toml")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("`templates`") && err.contains("forms/"), "{err}");
}

#[test]
fn a_lost_database_beside_a_full_archive_is_refused_and_reindex_rebuilds_it() {
    let dir = common::tempdir();
    let (settings, mut store) = setup(dir.path());
    let now = jiff::Timestamp::now();
    for (i, unit) in ["Hội LHPN Vạn Ninh", "Hội LHPN Cam Lâm", "Hội LHPN Diên Khánh"]
        .iter()
        .enumerate()
    {
        let path = settings.inbox.join(format!("{i}.docx"));
        report(&path, unit, "5");
        assert!(matches!(take(&settings, &mut store, &path, now), Taken::Stored(_)));
    }
    let text = settings.inbox.join("ghi-chu.docx");
    std::fs::write(&text, b"just some text, not a report").unwrap();
    assert!(matches!(take(&settings, &mut store, &text, now), Taken::Stored(_)));
    let before: Vec<_> = store
        .all()
        .unwrap()
        .into_iter()
        .map(|r| (r.sha256, r.status.as_str(), r.chapter))
        .collect();
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", settings.database().display()));
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let refused = rt.block_on(baocao::daemon::run(settings.clone(), std::future::ready(())));
    let message = refused.unwrap_err().to_string();
    assert!(
        message.contains("baocao reindex") && message.contains("3 files"),
        "{message}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("--config")
        .arg(dir.path().join("baocao.toml"))
        .arg("reindex")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&settings.database()).unwrap();
    let after: Vec<_> = store
        .all()
        .unwrap()
        .into_iter()
        .map(|r| (r.sha256, r.status.as_str(), r.chapter))
        .collect();
    let (mut b, mut a) = (before.clone(), after);
    b.sort();
    a.sort();
    assert_eq!(a, b, "the same submissions, rebuilt from the archive");
    assert!(store.outbox().unwrap().is_empty(), "nobody is told again");
}

#[test]
fn an_unrecognised_unit_is_named_to_the_staff_and_every_reply_reaches_them() {
    let dir = common::tempdir();
    let (settings, mut store) = setup(dir.path());
    let path = settings.inbox.join("vinh-hai.docx");
    report(&path, "Hội LHPN phường Vĩnh Hải", "3");
    let Taken::Stored(o) = take(&settings, &mut store, &path, jiff::Timestamp::now()) else {
        panic!("not stored")
    };
    assert_eq!(
        (o.submission.status, o.submission.chapter.clone()),
        (Status::NeedsReview, None),
        "{:?}",
        o.record.as_ref().map(|r| &r.warnings)
    );
    let known = settings.inbox.join("van-ninh.docx");
    report(&known, "Hội LHPN Vạn Ninh", "3");
    assert!(matches!(
        take(&settings, &mut store, &known, jiff::Timestamp::now()),
        Taken::Stored(_)
    ));
    for (row, eml) in send_all(&settings, &store) {
        let parsed = mail_parser::MessageParser::default().parse(&eml).unwrap();
        let reply_to = parsed
            .reply_to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_string);
        assert_eq!(
            reply_to.as_deref(),
            Some("bantuyengiao@example.vn"),
            "{}",
            row.mail.kind
        );
        if row.mail.kind == "staff_unknown_chapter" {
            assert!(
                row.mail
                    .body
                    .contains("Tên đơn vị ghi trong báo cáo : Hội LHPN phường Vĩnh Hải"),
                "{}",
                row.mail.body
            );
        }
    }
    assert_eq!(
        outbox_kinds(&store),
        ["ack_accepted", "staff_unknown_chapter"],
        "newest first"
    );
}

#[test]
fn a_report_of_one_chapter_in_another_chapters_folder_needs_review() {
    let dir = common::tempdir();
    let (settings, mut store) = setup(dir.path());
    let path = settings.inbox.join("TSA").join("bao-cao.docx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    report(&path, "Hội Phụ nữ Công an tỉnh", "3");
    let Taken::Stored(o) = take(&settings, &mut store, &path, jiff::Timestamp::now()) else {
        panic!("not stored")
    };
    assert_eq!(o.submission.status, Status::NeedsReview, "not a silent credit");
    assert_eq!(o.submission.chapter.as_deref(), Some("CAT"));
    let items = store.review_items(o.submission.id).unwrap();
    assert!(
        items
            .iter()
            .any(|(_, m)| m.contains("Hội LHPN huyện Trường Sa") && m.contains("Hội Phụ nữ Công an tỉnh")),
        "{items:?}"
    );
}
