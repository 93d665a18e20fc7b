//! Reminders over a whole half-year with an injected clock: who got which reminder on which
//! day, nothing twice across restarts and double runs, catch-up after a gap, reports arriving
//! mid-way stopping the reminders, and the daemon's daily run on tokio's paused time with an
//! SMTP server that refuses for a while.

mod common;
#[path = "common/smtp.rs"]
mod test_smtp;

use baocao::config::Settings;
use baocao::pipeline::{self, Origin};
use baocao::remind;
use baocao::store::{LedgerRow, Store};
use jiff::ToSpan;
use jiff::civil::{Date, date};
use std::collections::{BTreeMap, BTreeSet};
use test_smtp::{Security, SmtpServer, Stage};

const NOT_REPORTING: [&str; 6] = ["CRA", "DKH", "KVI", "KSO", "TSA", "CAT"];
const FULL: [(&str, &str); 7] = [
    ("before-7", "2021-06-08"),
    ("before-2", "2021-06-13"),
    ("due", "2021-06-15"),
    ("overdue-1", "2021-06-16"),
    ("overdue-2", "2021-06-23"),
    ("overdue-3", "2021-06-30"),
    ("overdue-4", "2021-07-07"),
];

fn settings_in(dir: &std::path::Path) -> Settings {
    let settings = Settings::load(Some(&common::config_in(dir, 0.0))).unwrap();
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    settings
}

/// Files a chapter's document through the pipeline at `day` 10:00, as the daemon would.
fn arrive(settings: &Settings, store: &mut Store, path: &std::path::Path, day: Date) {
    pipeline::process(settings, store, path, Origin::Inbox, common::local(day, 10)).unwrap();
}

/// (recipient, step) → day, for one period.
fn steps_of(ledger: &[LedgerRow], period: &str) -> BTreeMap<(String, String), String> {
    ledger
        .iter()
        .filter(|r| r.period == period || r.period == "*")
        .map(|r| ((r.recipient.clone(), r.step.clone()), r.sent_on.clone()))
        .collect()
}

/// Runs the daemon from `start` for `days` of tokio's paused time (seconds of real time).
fn run_daemon(settings: Settings, start: jiff::Timestamp, days: u64) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap();
    runtime
        .block_on(async {
            let clock = baocao::daemon::Clock::starting_at(start);
            let stop = tokio::time::sleep(std::time::Duration::from_secs(days * 86_400));
            baocao::daemon::run_with_clock(settings, clock, stop).await
        })
        .unwrap();
}

fn body_of(store: &Store, message_id: &str) -> String {
    let row = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|r| r.mail.message_id == message_id);
    row.map(|r| r.mail.body).unwrap_or_default()
}

/// Drops the documents that arrive mid-way into the inbox: NHO accepted before the deadline,
/// NTR accepted late, CLA incomplete (needs review), VNI unreadable (in its own subfolder).
fn arrivals(settings: &Settings) -> Vec<(Date, std::path::PathBuf)> {
    let inbox = &settings.inbox;
    std::fs::create_dir_all(inbox.join("VNI")).unwrap();
    let copy = |sample: &str, name: &str| {
        let to = inbox.join(name);
        std::fs::copy(common::samples_dir().join(sample), &to).unwrap();
        to
    };
    let nho = copy("bao-cao-cd61dd8d.xlsx", "nho.xlsx");
    let ntr = copy("bao-cao-c7523c70.docx", "ntr.docx");
    let cla = inbox.join("cla.docx");
    common::forms::standard(
        "Hội LHPN huyện Cam Lâm",
        "6 tháng đầu năm 2021",
        &[("supervisions_led", "3"), ("supervisions_joint", "2")],
    )
    .write_docx(&cla);
    let vni = inbox.join("VNI/bao-cao.docx");
    std::fs::write(&vni, b"PK\x03\x04 this is not really a Word file").unwrap();
    vec![
        (date(2021, 6, 10), nho),
        (date(2021, 6, 11), cla),
        (date(2021, 6, 12), vni),
        (date(2021, 6, 20), ntr),
    ]
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn a_half_year_reminds_exactly_the_late_chapters_once_per_step() {
    let dir = common::tempdir();
    let settings = settings_in(dir.path());
    let arrivals = arrivals(&settings);
    let mut store = Store::open(&settings.database()).unwrap();
    let mut day = date(2021, 2, 1);
    while day <= date(2021, 8, 31) {
        for (_, path) in arrivals.iter().filter(|(d, _)| *d == day) {
            arrive(&settings, &mut store, path, day);
        }
        if day == date(2021, 6, 14) || day == date(2021, 6, 23) {
            // A restart: a fresh connection, nothing kept in memory.
            store = Store::open(&settings.database()).unwrap();
        }
        remind::run(&settings, &mut store, day, common::local(day, 8)).unwrap();
        // A second run the same day (a double start, `remind` beside `run`) adds nothing.
        let again = remind::run(&settings, &mut store, day, common::local(day, 9)).unwrap();
        assert!(again.is_empty(), "{day}: {again:?}");
        day = day.checked_add(1.day()).unwrap();
    }
    let ledger = store.ledger().unwrap();
    let steps = steps_of(&ledger, "2021-H1");
    let mut expected: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut expect = |who: &str, list: &[(&str, &str)]| {
        for (step, day) in list {
            expected.insert((who.to_string(), step.to_string()), day.to_string());
        }
    };
    for code in NOT_REPORTING.iter().chain(&["VNI", "CLA"]) {
        expect(code, &FULL);
    }
    expect("NHO", &FULL[..1]);
    expect("NTR", &FULL[..4]);
    expect("staff", &[("status", "2021-06-15")]);
    for d in ["2021-06-16", "2021-06-23", "2021-06-30", "2021-07-07"] {
        expected.insert(("staff".into(), format!("overdue-digest-{d}")), d.into());
    }
    assert_eq!(steps, expected);
    assert_eq!(ledger.len(), expected.len(), "no other period was chased");
    let ids: BTreeSet<&str> = ledger.iter().map(|r| r.message_id.as_str()).collect();
    assert_eq!(ids.len(), ledger.len(), "one e-mail per ledger entry");
    assert_eq!(store.outbox().unwrap().len(), ledger.len() + arrivals.len());

    let attached: Vec<(String, String, String)> = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|r| r.mail.message_id == "reminder-before-7.2021-H1.KSO")
        .map(|r| r.mail.attachments)
        .unwrap_or_default();
    let names: Vec<&str> = attached.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "mau-bao-cao-giam-sat-phan-bien.docx",
            "mau-bao-cao-giam-sat-phan-bien.xlsx"
        ]
    );
    assert!(
        attached.iter().all(|a| std::path::Path::new(&a.2).is_file()),
        "{attached:?}"
    );
    let before = body_of(&store, "reminder-before-7.2021-H1.KSO");
    assert!(before.contains("Kính gửi: Hội LHPN huyện Khánh Sơn"), "{before}");
    assert!(before.contains("là ngày 15/6/2021, còn 7 ngày nữa"), "{before}");
    assert!(
        before.contains("chưa nhận được báo cáo") && before.contains("bỏ qua thư này"),
        "{before}"
    );
    let late = body_of(&store, "reminder-overdue-2.2021-H1.KSO");
    assert!(late.contains("đã quá hạn 8 ngày"), "{late}");
    let review = body_of(&store, "reminder-before-2.2021-H1.CLA");
    assert!(
        !review.contains("bỏ qua thư này"),
        "the chapter did send something: {review}"
    );
    assert!(
        review.contains("chưa đầy đủ") && review.contains("Còn thiếu: Số cuộc phản biện xã hội do Hội chủ trì"),
        "{review}"
    );
    let rejected = body_of(&store, "reminder-due.2021-H1.VNI");
    assert!(
        rejected.contains("không đọc được") && rejected.contains("bao-cao.docx"),
        "{rejected}"
    );
    let status = body_of(&store, "staff-status-status.2021-H1.staff");
    assert!(
        status.contains("Đã nhận, số liệu đầy đủ: 1 đơn vị") && status.contains("Hội LHPN thị xã Ninh Hòa"),
        "{status}"
    );
    assert!(
        status.contains("cần kiểm tra, bổ sung: 1 đơn vị")
            && status.contains("Chưa có báo cáo được tiếp nhận: 8 đơn vị"),
        "{status}"
    );
    let digest = body_of(&store, "staff-overdue-overdue-digest-2021-06-23.all");
    assert!(
        digest.contains("8 đơn vị") && digest.contains("Hội LHPN huyện Trường Sa"),
        "{digest}"
    );
    assert!(!digest.contains("Nha Trang"), "NTR reported on 20/6: {digest}");
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn after_a_gap_only_the_latest_missed_step_is_sent_and_a_clock_set_back_sends_nothing() {
    let dir = common::tempdir();
    let settings = settings_in(dir.path());
    let mut store = Store::open(&settings.database()).unwrap();
    let run = |store: &mut Store, day: Date| remind::run(&settings, store, day, common::local(day, 8)).unwrap();
    assert_eq!(run(&mut store, date(2021, 6, 8)).len(), 10);
    // Down from 9/6 to 16/6: before-2 and the deadline-day reminder were missed.
    let caught_up = run(&mut store, date(2021, 6, 17));
    let mut steps: Vec<String> = caught_up
        .iter()
        .map(|e| format!("{} {}", e.recipient, e.step))
        .collect();
    steps.sort();
    let mut expected: Vec<String> = settings
        .registry
        .chapters()
        .iter()
        .map(|c| format!("{} overdue-1", c.code))
        .collect();
    expected.extend([
        "staff overdue-digest-2021-06-17".to_string(),
        "staff status".to_string(),
    ]);
    expected.sort();
    assert_eq!(steps, expected);
    assert!(run(&mut store, date(2021, 6, 17)).is_empty());
    assert!(run(&mut store, date(2021, 6, 13)).is_empty(), "clock set back");
    assert!(run(&mut store, date(2021, 6, 22)).is_empty(), "overdue-2 is on 23/6");
    assert_eq!(run(&mut store, date(2021, 6, 23)).len(), 11);
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn the_daemon_reminds_each_day_and_an_smtp_outage_delivers_everything_exactly_once() {
    let server = SmtpServer::start(Security::None);
    // The first eight connections are turned away, as by a mail server in maintenance.
    server.fail(Stage::Greeting, 421, 8);
    let dir = common::tempdir();
    let mut settings = common::smtp_settings(dir.path(), server.port());
    settings.isolate_with(std::path::PathBuf::from(env!("CARGO_BIN_EXE_baocao")));
    let db = settings.database();
    // From 7/6 20:00 to 17/6 20:00.
    run_daemon(settings, common::local(date(2021, 6, 7), 20), 10);
    let store = Store::open(&db).unwrap();
    let ledger = store.ledger().unwrap();
    let days: BTreeMap<String, usize> = ledger.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(format!("{} {}", r.sent_on, r.step)).or_default() += 1;
        m
    });
    let expected: BTreeMap<String, usize> = [
        ("2021-06-08 before-7", 10),
        ("2021-06-13 before-2", 10),
        ("2021-06-15 due", 10),
        ("2021-06-15 status", 1),
        ("2021-06-16 overdue-1", 10),
        ("2021-06-16 overdue-digest-2021-06-16", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(days, expected);
    let outbox = store.outbox().unwrap();
    assert!(outbox.iter().all(|r| r.status == "sent"), "{outbox:?}");
    assert!(outbox.iter().any(|r| r.attempts > 1), "the outage delayed some mail");
    let received = server.received();
    let ids: Vec<String> = received
        .iter()
        .map(|r| {
            let parsed = mail_parser::MessageParser::default().parse(&r.data).unwrap();
            parsed.message_id().unwrap().to_string()
        })
        .collect();
    let distinct: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), ledger.len(), "every reminder delivered");
    assert_eq!(distinct.len(), ids.len(), "none delivered twice");
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn the_daemon_sends_the_compiled_report_once_the_day_after_the_deadline() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.0);
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "recipients = []",
        "recipients = [\"Ban CSLP TW Hội <bancslp@example.vn>\"]",
    );
    std::fs::write(&config, text).unwrap();
    let settings = Settings::load(Some(&config)).unwrap();
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    let mut store = Store::open(&settings.database()).unwrap();
    std::fs::create_dir_all(&settings.inbox).unwrap();
    let report = settings.inbox.join("ntr.docx");
    std::fs::copy(common::samples_dir().join("bao-cao-c7523c70.docx"), &report).unwrap();
    arrive(&settings, &mut store, &report, date(2021, 6, 10));
    drop(store);
    let db = settings.database();
    // From the deadline evening to three days later.
    run_daemon(settings, common::local(date(2021, 6, 15), 20), 3);
    let store = Store::open(&db).unwrap();
    let reports: Vec<_> = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|r| r.mail.kind == "report")
        .collect();
    assert_eq!(reports.len(), 1, "one report, sent by itself once");
    let mail = &reports[0];
    assert_eq!(mail.status, "sent");
    assert_eq!(mail.mail.recipients, ["Ban CSLP TW Hội <bancslp@example.vn>"]);
    let names: Vec<&str> = mail.mail.attachments.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(names, ["bao-cao-2021-H1.docx", "bao-cao-2021-H1.xlsx"]);
    for (_, _, path) in &mail.mail.attachments {
        assert!(std::path::Path::new(path).is_file(), "{path}");
    }
    assert!(
        mail.sent_at.as_deref().unwrap_or("").starts_with("2021-06-16T"),
        "{:?}",
        mail.sent_at
    );
}
