//! What is taken out of an e-mail: the fixture set of real-shaped mails (tests/common/eml.rs)
//! and the files, names and refusals each one was generated with.

mod common;

use baocao::extract::limits::Limits;

#[test]
fn every_fixture_mail_yields_exactly_its_report_files_with_their_names() {
    let limits = Limits::default();
    let fixtures = common::eml::fixtures();
    assert!(fixtures.len() >= 12);
    for eml in fixtures {
        let mail = baocao::mailbox::read(&eml.bytes, &limits);
        let got: Vec<(&str, usize)> = mail.files.iter().map(|f| (f.name.as_str(), f.bytes.len())).collect();
        let want: Vec<(&str, usize)> = eml.files.iter().map(|(n, b)| (n.as_str(), b.len())).collect();
        assert_eq!(got, want, "{}", eml.what);
        for (file, (_, bytes)) in mail.files.iter().zip(&eml.files) {
            assert!(file.bytes == *bytes, "{}: {} changed", eml.what, file.name);
        }
        let refused: Vec<&str> = mail.refused.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(refused, eml.refused, "{}", eml.what);
        assert_eq!(mail.from.as_deref(), Some("vanninh@example.vn"), "{}", eml.what);
        assert!(
            mail.message_id.as_deref().is_some_and(|id| id.ends_with("@vn")),
            "{}",
            eml.what
        );
    }
}

#[test]
fn a_reply_carries_the_thread_and_its_text() {
    let raw = "From: vanninh@example.vn\r\nTo: hoilhpn@khanhhoa.example.vn\r\nSubject: Re: =?utf-8?Q?=C4=90=C3=A3_nh=E1=BA=ADn?=\r\n\
               Message-ID: <r1@vn>\r\nIn-Reply-To: <receipt-7@baocao>\r\nReferences: <m1@vn> <receipt-7@baocao>\r\n\
               Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
               Số liệu mục 3 chưa đúng.\r\n\r\n> Đã nhận báo cáo\r\n";
    let mail = baocao::mailbox::read(raw.as_bytes(), &Limits::default());
    assert!(mail.files.is_empty());
    assert_eq!(mail.answers, ["m1@vn", "receipt-7@baocao"]);
    assert!(mail.text.starts_with("Số liệu mục 3 chưa đúng."), "{}", mail.text);
    assert_eq!(mail.subject, "Re: Đã nhận");
}

#[test]
fn a_zip_bomb_is_refused_with_a_reason_and_nothing_taken() {
    let limits = Limits::default();
    let zeros = vec![0u8; (limits.max_part_bytes + 1) as usize];
    let bomb = common::eml::zip_of(&[("bao-cao.docx", &zeros)]);
    let h =
        b"Content-Type: application/zip; name=\"bc.zip\"\r\nContent-Disposition: attachment; filename=\"bc.zip\"\r\n";
    let raw = common::eml::mail("a@example.vn", "x", "z@vn", &[common::eml::part(h, &bomb)]);
    let mail = baocao::mailbox::read(&raw, &limits);
    assert!(mail.files.is_empty());
    assert_eq!(mail.refused.len(), 1);
    assert!(
        mail.refused[0].1.contains("vượt giới hạn an toàn"),
        "{:?}",
        mail.refused
    );
}

#[test]
fn a_machines_answer_is_told_from_a_persons() {
    let limits = Limits::default();
    let with = |extra: &str, from: &str, content_type: &str| {
        let head = common::eml::head(from, "Re: Bao cao 6 thang", "m@vn", content_type);
        let (fields, blank) = head.split_at(head.len() - 2);
        let raw = format!("{fields}{extra}{blank}Toi dang nghi phep.\r\n");
        baocao::mailbox::read(raw.as_bytes(), &limits).automatic
    };
    let (person, text) = ("canbo.nt@gmail.com", "text/plain; charset=utf-8");
    assert!(!with("", person, text), "a person's reply");
    assert!(
        !with("Auto-Submitted: no\r\n", person, text),
        "RFC 3834: no is a person"
    );
    for (extra, why) in [
        ("Auto-Submitted: auto-replied\r\n", "out of office (RFC 3834)"),
        ("Auto-Submitted: auto-generated\r\n", "generated"),
        ("X-Autoreply: yes\r\n", "vacation programs"),
        ("X-Autorespond: yes\r\n", "vacation programs"),
        ("Precedence: bulk\r\n", "bulk"),
        ("Precedence: auto_reply\r\n", "auto_reply"),
    ] {
        assert!(with(extra, person, text), "{why}");
    }
    assert!(with("", "MAILER-DAEMON@mail.example.vn", text), "a bounce's sender");
    let report = "multipart/report; report-type=delivery-status; boundary=\"b\"";
    assert!(with("", "postmaster@example.vn", report), "a delivery report");
    assert!(with("", person, report), "a delivery report from anyone");
}

#[test]
fn a_bounce_carrying_back_a_report_gives_no_file() {
    let limits = Limits::default();
    let docx = std::fs::read(common::fixtures_dir().join(first_docx())).unwrap();
    let h = "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; \
             name=\"bao-cao-2026-Y.docx\"\r\nContent-Disposition: attachment; filename=\"bao-cao-2026-Y.docx\"\r\n";
    let parts = [
        common::eml::text_part("Delivery to the following recipient failed permanently: sai@example.vn"),
        common::eml::part(h.as_bytes(), &docx),
    ];
    // The same parts from a person are a report; from the mail system, a bounce.
    let person = common::eml::mail("vanninh@example.vn", "Bao cao", "p@vn", &parts);
    assert_eq!(baocao::mailbox::read(&person, &limits).files.len(), 1);
    let bounced = common::eml::mail(
        "MAILER-DAEMON@mail.example.vn",
        "Undelivered Mail Returned to Sender",
        "b@vn",
        &parts,
    );
    let mail = baocao::mailbox::read(&bounced, &limits);
    assert!(mail.automatic);
    assert_eq!(mail.files.len(), 0);
}

/// A Word fixture of the repository's own set.
fn first_docx() -> String {
    let truth = common::fixture_truth();
    truth.keys().find(|k| k.ends_with(".docx")).unwrap().clone()
}
