//! Word 97 (.doc) and RTF through LibreOffice, against the real `soffice`: what the
//! conversion gives, what happens when LibreOffice is missing or fails, and that no
//! `soffice` process is ever left behind.

mod common;

use baocao::extract::isolate::{self, ReadFailure};
use baocao::extract::limits::Programs;
use baocao::extract::{Format, Limits, Refusal, read_document};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    common::fixtures_dir().join(name)
}

fn limits_in(work: &Path) -> Limits {
    Limits {
        programs: Programs {
            work_dir: work.to_path_buf(),
            ..Programs::default()
        },
        ..Limits::default()
    }
}

/// LibreOffice processes whose command line names `work` (their profile is in it).
fn offices_using(work: &Path) -> usize {
    let needle = work.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|cmd| {
            let cmd = String::from_utf8_lossy(cmd);
            cmd.contains("soffice") && cmd.contains(&needle)
        })
        .count()
}

#[test]
#[cfg_attr(
    not(libreoffice),
    ignore = "needs LibreOffice (libreoffice-writer-nogui); .ci/run installs it"
)]
fn doc_and_rtf_are_read_through_libreoffice_and_leave_nothing_running() {
    let work = common::tempdir();
    let limits = limits_in(work.path());
    for (name, format) in [("fixture-16.doc", Format::Doc), ("fixture-24.rtf", Format::Rtf)] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let (got, doc) = read_document(&bytes, &limits).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got, format);
        assert!(
            doc.lines
                .iter()
                .any(|l| l.text().contains("Số cuộc giám sát do Hội chủ trì"))
        );
    }
    assert_eq!(offices_using(work.path()), 0);
    // Every conversion's folder is gone; only the template profile stays.
    let left: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["office-profile"]);
}

#[test]
fn missing_libreoffice_is_the_servers_problem_in_vietnamese() {
    let work = common::tempdir();
    let mut limits = limits_in(work.path());
    limits.programs.soffice = "/nonexistent/libreoffice/soffice".into();
    let bytes = std::fs::read(fixture("fixture-16.doc")).unwrap();
    let refusal = read_document(&bytes, &limits).unwrap_err();
    assert!(refusal.is_ours(), "{refusal:?}");
    assert_eq!(
        refusal.to_string(),
        "cần cài LibreOffice để đọc tệp .doc; xin báo người quản trị kỹ thuật"
    );
}

#[test]
#[cfg_attr(
    not(libreoffice),
    ignore = "needs LibreOffice (libreoffice-writer-nogui); .ci/run installs it"
)]
fn a_conversion_out_of_time_is_killed_and_not_blamed_on_the_file() {
    let work = common::tempdir();
    let mut limits = limits_in(work.path());
    // Make the template first, so the limit falls on the conversion itself.
    let bytes = std::fs::read(fixture("fixture-16.doc")).unwrap();
    read_document(&bytes, &limits).unwrap();
    limits.programs.timeout = Duration::from_millis(150);
    let refusal = read_document(&bytes, &limits).unwrap_err();
    assert!(matches!(refusal, Refusal::ProgramFailed { .. }), "{refusal:?}");
    assert!(refusal.is_ours());
    assert!(common::wait_until(5, || offices_using(work.path()) == 0));
}

#[test]
#[cfg_attr(
    not(libreoffice),
    ignore = "needs LibreOffice (libreoffice-writer-nogui); .ci/run installs it"
)]
fn bytes_libreoffice_cannot_convert_are_a_damaged_file() {
    let work = common::tempdir();
    // An OLE file with a Word 97 header and nothing of a document behind it.
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    let mut fib = vec![0u8; 2048];
    fib[..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
    std::io::Write::write_all(&mut cfb.create_stream("/WordDocument").unwrap(), &fib).unwrap();
    let bytes = cfb.into_inner().into_inner();
    let refusal = read_document(&bytes, &limits_in(work.path())).unwrap_err();
    assert!(matches!(refusal, Refusal::Damaged { .. }), "{refusal:?}");
    assert!(!refusal.is_ours());
    assert_eq!(offices_using(work.path()), 0);
}

#[test]
#[cfg_attr(
    not(libreoffice),
    ignore = "needs LibreOffice (libreoffice-writer-nogui); .ci/run installs it"
)]
fn killing_the_supervised_reader_kills_libreoffice_with_it() {
    let work = common::tempdir();
    let isolation = isolate::Isolation {
        exe: PathBuf::from(env!("CARGO_BIN_EXE_baocao")),
        timeout: Duration::from_secs(30),
        memory_bytes: 1 << 30,
        max_file_bytes: 50 << 20,
        programs: limits_in(work.path()).programs,
    };
    let stop = AtomicBool::new(false);
    let path = fixture("fixture-17.doc");
    std::thread::scope(|s| {
        s.spawn(|| {
            // Stop once LibreOffice is running inside the child.
            let end = Instant::now() + Duration::from_secs(20);
            while offices_using(work.path()) == 0 && Instant::now() < end {
                std::thread::sleep(Duration::from_millis(5));
            }
            stop.store(true, Ordering::Relaxed);
        });
        assert_eq!(
            isolate::read_document(&path, &isolation, isolate::Scans::Defer, &stop).unwrap_err(),
            ReadFailure::Abandoned
        );
    });
    assert!(
        common::wait_until(5, || offices_using(work.path()) == 0),
        "soffice outlived its reader"
    );
}

#[test]
fn a_doc_waits_for_libreoffice_in_the_daemon_pipeline_and_no_chapter_is_told() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.0);
    let text = std::fs::read_to_string(&config).unwrap() + "\n[extract]\nsoffice = \"/nonexistent/soffice\"\n";
    std::fs::write(&config, text).unwrap();
    let settings = baocao::config::Settings::load(Some(&config)).unwrap();
    let mut store = baocao::store::Store::open(&settings.database()).unwrap();
    std::fs::create_dir_all(&settings.inbox).unwrap();
    let file = settings.inbox.join("bao-cao.doc");
    std::fs::copy(fixture("fixture-16.doc"), &file).unwrap();
    let now = jiff::Timestamp::now();
    let err =
        baocao::pipeline::process(&settings, &mut store, &file, baocao::pipeline::Origin::Inbox, now).unwrap_err();
    assert!(err.to_string().contains("cần cài LibreOffice để đọc tệp .doc"), "{err}");
    assert!(store.all().unwrap().is_empty(), "nothing recorded, nothing refused");
    assert!(file.is_file(), "the file stays in the inbox");
    assert!(store.outbox().unwrap().is_empty(), "no notice to anyone yet");
}
