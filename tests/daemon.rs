//! The inbox daemon run in-process on a temporary folder: files arriving in every way a
//! chapter's file arrives, each ending stored, archived and acknowledged.

mod common;

use baocao::model::Status;
use common::forms::standard;
use std::io::Write;
use std::time::Duration;

#[test]
fn files_dropped_copied_slowly_or_renamed_in_are_all_stored_once() {
    let dir = common::tempdir();
    let settings = common::daemon_settings(dir.path(), 1.0);
    let inbox = settings.inbox.clone();
    let truth = common::fixture_truth();
    std::fs::create_dir_all(&inbox).unwrap();
    let (stop, handle) = common::daemon::start_in_process(common::daemon_settings(dir.path(), 1.0));
    // The typed Office and PDF reports, which must all be accepted. Scans are flagged for a
    // person by design (tests/scans.rs), and the .doc/.odt and legacy-font fixtures would be
    // compared with the same chapters' earlier figures and some flagged (their values are
    // checked by tests/samples.rs).
    let samples: Vec<_> = common::fixture_files()
        .into_iter()
        .filter(|p| ["docx", "xlsx", "xls", "pdf"].contains(&p.extension().unwrap().to_str().unwrap()))
        .filter(|p| {
            let layout = truth[p.file_name().unwrap().to_str().unwrap()]["layout"]
                .as_str()
                .unwrap();
            !common::is_scan_layout(layout) && !layout.starts_with("tcvn3_") && !layout.starts_with("vni_")
        })
        .collect();
    for (i, sample) in samples.iter().enumerate() {
        let name = sample.file_name().unwrap().to_str().unwrap();
        let bytes = std::fs::read(sample).unwrap();
        match i % 3 {
            // Written slowly in pieces, as over a network share.
            0 => {
                let mut f = std::fs::File::create(inbox.join(name)).unwrap();
                for chunk in bytes.chunks(bytes.len() / 4 + 1) {
                    f.write_all(chunk).unwrap();
                    f.flush().unwrap();
                    std::thread::sleep(Duration::from_millis(300));
                }
            }
            // Saved under a temporary name, then renamed, as editors and browsers do.
            1 => {
                let tmp = inbox.join(format!("{name}.part"));
                std::fs::write(&tmp, &bytes).unwrap();
                std::thread::sleep(Duration::from_millis(200));
                std::fs::rename(&tmp, inbox.join(name)).unwrap();
            }
            // Dropped into a subfolder.
            // Dropped into its chapter's subfolder (a folder of another chapter needs review).
            _ => {
                let folder = inbox.join(truth[name]["chapter"].as_str().unwrap());
                std::fs::create_dir_all(&folder).unwrap();
                std::fs::write(folder.join(name), &bytes).unwrap()
            }
        }
    }
    std::fs::write(inbox.join("~$lock.docx"), b"lock file").unwrap();
    let all_stored = common::wait_until(90, || common::submissions(&settings).len() >= samples.len());
    let outbox = settings.data_dir.join("outbox");
    let all_acknowledged = common::wait_until(30, || {
        outbox.is_dir() && common::sample_files_left(&outbox).len() >= samples.len()
    });
    stop.send(()).unwrap();
    handle.join().unwrap();
    let rows = common::submissions(&settings);
    assert!(all_stored, "only {} of {} stored", rows.len(), samples.len());
    assert_eq!(rows.len(), samples.len(), "each file stored exactly once");
    let truth = common::fixture_truth();
    for row in &rows {
        let expected = &truth[&row.file_name];
        assert_eq!(row.status, Status::Accepted, "{}: {:?}", row.file_name, row.reason);
        assert_eq!(
            row.chapter.as_deref(),
            expected["chapter"].as_str(),
            "{}",
            row.file_name
        );
        assert_eq!(row.period.as_deref(), expected["period"].as_str(), "{}", row.file_name);
        assert!(
            row.moved && std::path::Path::new(&row.stored_path).is_file(),
            "{} archived",
            row.file_name
        );
    }
    let archived = std::fs::read_dir(settings.data_dir.join("archive")).unwrap().count();
    assert_eq!(archived, samples.len());
    assert_eq!(
        common::sample_files_left(&inbox),
        ["~$lock.docx"],
        "only the lock file stays in the inbox"
    );
    assert!(all_acknowledged, "one receipt per file in the outbox");
    let receipts = common::sample_files_left(&outbox);
    assert_eq!(receipts.len(), samples.len());
    assert!(
        receipts
            .iter()
            .all(|n| n.starts_with("ack-accepted-") && n.ends_with(".eml")),
        "{receipts:?}"
    );
}

#[test]
fn a_corrected_resubmission_supersedes_the_first_and_same_bytes_are_a_duplicate() {
    let dir = common::tempdir();
    let settings = common::daemon_settings(dir.path(), 0.3);
    let inbox = settings.inbox.clone();
    std::fs::create_dir_all(&inbox).unwrap();
    let (stop, handle) = common::daemon::start_in_process(common::daemon_settings(dir.path(), 0.3));
    let first = standard(
        "Hội LHPN huyện Vạn Ninh",
        "6 tháng đầu năm 2021",
        &[
            ("supervisions_led", "3"),
            ("supervisions_joint", "1"),
            ("critiques_led", "2"),
        ],
    );
    let fixed = standard(
        "Hội LHPN huyện Vạn Ninh",
        "6 tháng đầu năm 2021",
        &[
            ("supervisions_led", "4"),
            ("supervisions_joint", "1"),
            ("critiques_led", "2"),
        ],
    );
    first.write_docx(&dir.path().join("first.docx"));
    fixed.write_docx(&dir.path().join("fixed.docx"));
    std::fs::copy(dir.path().join("first.docx"), inbox.join("bao-cao.docx")).unwrap();
    assert!(common::wait_until(30, || common::submissions(&settings).len() == 1));
    std::fs::copy(dir.path().join("fixed.docx"), inbox.join("bao-cao.docx")).unwrap();
    assert!(common::wait_until(30, || common::submissions(&settings).len() == 2));
    std::fs::copy(dir.path().join("fixed.docx"), inbox.join("bao-cao (1).docx")).unwrap();
    assert!(common::wait_until(30, || common::submissions(&settings).len() == 3));
    stop.send(()).unwrap();
    handle.join().unwrap();
    let rows = common::submissions(&settings);
    let statuses: Vec<Status> = rows.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Status::Superseded, Status::Accepted, Status::Duplicate]);
    // Same name twice: the archive keeps both, the second with a suffix.
    let names: Vec<String> = rows
        .iter()
        .map(|r| {
            std::path::Path::new(&r.stored_path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["bao-cao.docx", "bao-cao-2.docx", "bao-cao (1).docx"]);
    let store = baocao::store::Store::open(&settings.database()).unwrap();
    let current = store
        .current("VNI", &baocao::model::Period::half_year(2021))
        .unwrap()
        .unwrap();
    assert_eq!(current.id, rows[1].id);
    let values = store.values(current.id).unwrap();
    assert!(values.iter().any(|(k, v, _)| k == "supervisions_led" && v == "4"));
}

#[test]
fn an_unreadable_file_goes_to_rejected_with_its_reason_in_vietnamese() {
    let dir = common::tempdir();
    let settings = common::daemon_settings(dir.path(), 0.3);
    std::fs::create_dir_all(&settings.inbox).unwrap();
    std::fs::write(
        settings.inbox.join("bao-cao.doc"),
        [&[0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0; 1024]].concat(),
    )
    .unwrap();
    let (stop, handle) = common::daemon::start_in_process(common::daemon_settings(dir.path(), 0.3));
    assert!(common::wait_until(30, || common::submissions(&settings).len() == 1));
    stop.send(()).unwrap();
    handle.join().unwrap();
    let row = &common::submissions(&settings)[0];
    assert_eq!(row.status, Status::Rejected);
    let reason =
        std::fs::read_to_string(baocao::pipeline::reason_path(std::path::Path::new(&row.stored_path))).unwrap();
    assert!(
        reason.contains("bao-cao.doc") && reason.contains("Lý do không tiếp nhận"),
        "{reason}"
    );
    assert!(row.stored_path.contains("/rejected/"));
}

#[test]
fn a_second_daemon_on_the_same_data_folder_refuses_to_start() {
    let dir = common::tempdir();
    let settings = common::daemon_settings(dir.path(), 0.3);
    let (stop, handle) = common::daemon::start_in_process(common::daemon_settings(dir.path(), 0.3));
    assert!(common::wait_until(10, || settings
        .data_dir
        .join("daemon.lock")
        .exists()));
    std::thread::sleep(Duration::from_millis(300));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let second = rt.block_on(baocao::daemon::run(settings, std::future::ready(())));
    assert!(
        matches!(second, Err(baocao::daemon::DaemonError::AlreadyRunning { .. })),
        "{second:?}"
    );
    stop.send(()).unwrap();
    handle.join().unwrap();
}

#[test]
fn only_files_inside_the_inbox_are_ever_moved() {
    let dir = common::tempdir();
    let settings = common::daemon_settings(dir.path(), 0.0);
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    let outside = dir.path().join("elsewhere.docx");
    std::fs::copy(common::fixtures_dir().join("fixture-01.docx"), &outside).unwrap();
    let mut store = baocao::store::Store::open(&settings.database()).unwrap();
    let now = jiff::Timestamp::now();
    // Called as if the file were in the inbox: it is copied all the same, never taken away.
    let outcome =
        baocao::pipeline::process(&settings, &mut store, &outside, baocao::pipeline::Origin::Inbox, now).unwrap();
    assert_eq!(outcome.submission.status, Status::Accepted);
    assert!(outside.is_file(), "the original stays where it was");
    assert!(std::path::Path::new(&outcome.submission.stored_path).is_file());
}
