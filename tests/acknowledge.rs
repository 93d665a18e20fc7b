//! Acknowledgements end to end: files through the pipeline, mail through a real SMTP server on
//! loopback, what arrived parsed back — recipients, Vietnamese subject, values in the body.

mod common;
#[path = "common/smtp.rs"]
mod test_smtp;

use baocao::deliver::{Mailer, worker};
use baocao::store::Store;
use mail_parser::MessageParser;
use test_smtp::{Security, SmtpServer, Stage};

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn a_receipt_and_a_rejection_arrive_over_smtp_in_vietnamese() {
    let server = SmtpServer::start(Security::None);
    let dir = common::tempdir();
    let settings = common::smtp_settings(dir.path(), server.port());
    std::fs::create_dir_all(settings.inbox.join("VNI")).unwrap();
    let report = settings.inbox.join("bao-cao.pdf");
    std::fs::copy(common::samples_dir().join("bao-cao-7d445032.pdf"), &report).unwrap();
    std::fs::write(
        settings.inbox.join("VNI/bao-cao-cu.doc"),
        [&[0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0; 1024]].concat(),
    )
    .unwrap();
    let summary =
        baocao::commands::ingest::run(&settings, std::slice::from_ref(&settings.inbox), &mut std::io::sink()).unwrap();
    assert_eq!(summary.mail.sent, 2, "{}", summary.line());
    let received = server.received();
    assert_eq!(received.len(), 2);
    let receipt = received
        .iter()
        .find(|r| String::from_utf8_lossy(&r.data).contains("ack-accepted"))
        .unwrap();
    assert_eq!(receipt.rcpt_to, ["vanninh@example.vn"]);
    let parsed = MessageParser::default().parse(&receipt.data).unwrap();
    assert_eq!(
        parsed.subject(),
        Some("Đã nhận báo cáo 6 tháng đầu năm 2021 của Hội LHPN huyện Vạn Ninh")
    );
    assert_eq!(
        parsed.to().unwrap().first().unwrap().name(),
        Some("Hội LHPN huyện Vạn Ninh")
    );
    let body = parsed.body_text(0).unwrap();
    assert!(
        body.contains("Số lượt cán bộ Hội được tập huấn") && body.contains("2.040"),
        "{body}"
    );
    assert!(
        body.contains("bao-cao.pdf") && body.contains("trả lời thư này"),
        "{body}"
    );
    let rejection = received
        .iter()
        .find(|r| String::from_utf8_lossy(&r.data).contains("ack-rejected"))
        .unwrap();
    assert_eq!(
        rejection.rcpt_to,
        ["vanninh@example.vn"],
        "the inbox subfolder names the chapter"
    );
    let body = MessageParser::default()
        .parse(&rejection.data)
        .unwrap()
        .body_text(0)
        .unwrap()
        .into_owned();
    assert!(body.contains("bao-cao-cu.doc") && body.contains(".docx"), "{body}");
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn an_smtp_outage_delays_mail_without_losing_or_repeating_it() {
    let server = SmtpServer::start(Security::None);
    server.fail(Stage::Greeting, 421, 3);
    let dir = common::tempdir();
    let settings = common::smtp_settings(dir.path(), server.port());
    std::fs::create_dir_all(&settings.inbox).unwrap();
    std::fs::copy(
        common::samples_dir().join("bao-cao-894bda66.xlsx"),
        settings.inbox.join("dkh.xlsx"),
    )
    .unwrap();
    let summary =
        baocao::commands::ingest::run(&settings, std::slice::from_ref(&settings.inbox), &mut std::io::sink()).unwrap();
    assert_eq!((summary.mail.sent, summary.mail.retrying), (0, 1));
    let store = Store::open(&settings.database()).unwrap();
    let mailer = Mailer::new(&settings.mail).unwrap();
    let mut now = jiff::Timestamp::now();
    let mut passes = Vec::new();
    for _ in 0..6 {
        now = now.checked_add(jiff::SignedDuration::from_hours(7)).unwrap();
        passes.push(worker::send_due(&store, &mailer, || now, || false).unwrap());
    }
    let sent: usize = passes.iter().map(|p| p.sent).sum();
    assert_eq!(sent, 1, "{passes:?}");
    assert_eq!(server.received().len(), 1, "delivered exactly once");
    let row = &store.outbox().unwrap()[0];
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 4));
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn a_report_from_an_unknown_unit_is_sent_to_the_provincial_staff() {
    let server = SmtpServer::start(Security::None);
    let dir = common::tempdir();
    let settings = common::smtp_settings(dir.path(), server.port());
    std::fs::create_dir_all(&settings.inbox).unwrap();
    common::forms::standard(
        "Hội LHPN xã Vĩnh Lương",
        "năm 2021",
        &[
            ("supervisions_led", "1"),
            ("supervisions_joint", "1"),
            ("critiques_led", "1"),
        ],
    )
    .write_docx(&settings.inbox.join("vinh-luong.docx"));
    let summary =
        baocao::commands::ingest::run(&settings, std::slice::from_ref(&settings.inbox), &mut std::io::sink()).unwrap();
    assert_eq!(summary.by_status.get("needs_review"), Some(&1));
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_to, ["bantuyengiao@example.vn"]);
    let body = MessageParser::default()
        .parse(&received[0].data)
        .unwrap()
        .body_text(0)
        .unwrap()
        .into_owned();
    assert!(body.contains("vinh-luong.docx"), "{body}");
}
