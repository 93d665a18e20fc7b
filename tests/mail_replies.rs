//! The "reply if a value is wrong" loop through a real mailbox (Dovecot) and the daemon: a
//! chapter mails its report from a staff member's own address, the receipt answers that mail
//! in its thread (registry address in copy), the chapter replies "số liệu mục 3 chưa đúng"
//! without a file and the reply becomes a comment on the report, which is held for review
//! while the staff are told. A stranger's readable report is stored as the document says and
//! held; a stranger's ordinary mail is left in the folder, answered by nobody, and listed once
//! in the staff's digest.

mod common;

use baocao::mailbox::imap;
use baocao::model::Status;
use baocao::store::Store;
use common::imap::Dovecot;

const PERSONAL: &str = "canbo.nt@gmail.com";
const STRANGER: &str = "nguoi.la@gmail.com";

fn report_mail(dir: &std::path::Path, unit: &str, from: &str, id: &str) -> Vec<u8> {
    let path = dir.join(format!("{id}.docx"));
    common::forms::standard(
        unit,
        "6 tháng đầu năm 2021",
        &[
            ("supervisions_led", "4"),
            ("supervisions_joint", "2"),
            ("critiques_led", "1"),
        ],
    )
    .write_docx(&path);
    let h = "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; \
             name=\"bao-cao.docx\"\r\nContent-Disposition: attachment; filename=\"bao-cao.docx\"\r\n";
    let parts = [
        common::eml::text_part("Kính gửi Ban Tuyên giáo, đơn vị gửi báo cáo."),
        common::eml::part(h.as_bytes(), &std::fs::read(&path).unwrap()),
    ];
    common::eml::mail(from, "Bao cao 6 thang", id, &parts)
}

/// A plain-text mail, answering `answers` when given.
fn text_mail(from: &str, id: &str, answers: Option<&str>, text: &str) -> Vec<u8> {
    let thread = answers.map_or(String::new(), |a| {
        format!("In-Reply-To: <{a}>\r\nReferences: <{a}>\r\n")
    });
    let head = common::eml::head(from, "Re: Bao cao 6 thang", id, "text/plain; charset=utf-8");
    let (fields, blank) = head.split_at(head.len() - 2);
    format!("{fields}{thread}Content-Transfer-Encoding: 8bit\r\n{blank}{text}\r\n").into_bytes()
}

fn append(m: &baocao::mailbox::MailboxSettings, raws: &[Vec<u8>]) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut session = imap::connect(m).await.unwrap();
        for raw in raws {
            session.append("INBOX", None, None, raw).await.unwrap();
        }
        session.logout().await.unwrap();
    });
}

fn counts(m: &baocao::mailbox::MailboxSettings) -> (u32, u32) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut session = imap::connect(m).await.unwrap();
        let inbox = imap::select(&mut session, "INBOX", m.timeout).await.unwrap().exists;
        let done = imap::select(&mut session, &m.done_folder, m.timeout)
            .await
            .unwrap()
            .exists;
        (inbox, done)
    })
}

fn sent(db: &std::path::Path, kind: &str) -> Vec<baocao::store::OutboxRow> {
    let rows = Store::open(db).and_then(|s| s.outbox()).unwrap_or_default();
    rows.into_iter()
        .filter(|r| r.mail.kind == kind && r.status == "sent")
        .collect()
}

#[test]
#[cfg_attr(not(dovecot), ignore = "needs Dovecot (dovecot-imapd); .ci/run installs it")]
fn a_chapter_replying_to_its_receipt_comments_on_its_report_and_the_staff_are_told() {
    let server = Dovecot::start();
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.2);
    let text = std::fs::read_to_string(&config).unwrap();
    let registered = "email = \"nhatrang@example.vn\"";
    assert!(text.contains(registered));
    let text = text.replace(registered, &format!("{registered}\nsenders = [\"{PERSONAL}\"]"));
    std::fs::write(&config, text).unwrap();
    let mut settings = baocao::config::Settings::load(Some(&config)).unwrap();
    settings.isolate_with(std::path::PathBuf::from(env!("CARGO_BIN_EXE_baocao")));
    settings.reminders.enabled = false;
    settings.web.enabled = false;
    let m = server.settings();
    settings.mailbox = Some(m.clone());
    std::fs::create_dir_all(&settings.inbox).unwrap();
    let (db, outbox) = (settings.database(), settings.data_dir.join("outbox"));
    append(
        &m,
        &[
            report_mail(dir.path(), "Hội LHPN thành phố Nha Trang", PERSONAL, "bc-ntr@gmail.com"),
            report_mail(dir.path(), "Hội LHPN thành phố Cam Ranh", STRANGER, "bc-la@gmail.com"),
            text_mail(STRANGER, "quangcao@gmail.com", None, "Khuyến mãi lớn tháng 6!"),
        ],
    );
    let kept = settings.clone();
    let (stop, daemon) = common::daemon::start_in_process(settings);
    assert!(common::wait_until(60, || sent(&db, "ack_accepted").len() == 2));
    let rows = Store::open(&db).unwrap().all().unwrap();
    let ntr = rows.iter().find(|r| r.chapter.as_deref() == Some("NTR")).unwrap();
    let cra = rows.iter().find(|r| r.chapter.as_deref() == Some("CRA")).unwrap();
    let items = Store::open(&db).unwrap().review_items(ntr.id).unwrap();
    assert_eq!(ntr.status, Status::Accepted, "{items:?}");
    // The stranger's report: stored as the document says, held for a person to confirm.
    assert_eq!(cra.status, Status::NeedsReview);
    let held = Store::open(&db).unwrap().review_items(cra.id).unwrap();
    assert!(held.iter().any(|(_, m)| m.contains(STRANGER)), "{held:?}");

    let receipts = sent(&db, "ack_accepted");
    let to_ntr = receipts.iter().find(|r| r.mail.recipients == [PERSONAL]).unwrap();
    assert_eq!(to_ntr.mail.in_reply_to.as_deref(), Some("bc-ntr@gmail.com"));
    assert_eq!(to_ntr.mail.subject, "Re: Bao cao 6 thang");
    assert!(
        to_ntr.mail.cc.iter().any(|c| c.contains("nhatrang@example.vn")),
        "{:?}",
        to_ntr.mail.cc
    );
    let eml = std::fs::read_to_string(outbox.join(format!("{}.eml", to_ntr.mail.message_id))).unwrap();
    assert!(eml.contains("In-Reply-To: <bc-ntr@gmail.com>\r\n"), "{eml}");
    assert!(eml.contains("References: <bc-ntr@gmail.com>\r\n"), "{eml}");
    // Nothing goes to the stranger: the Cam Ranh receipt goes to Cam Ranh's own address.
    let all = Store::open(&db).unwrap().outbox().unwrap();
    assert!(
        all.iter()
            .all(|r| !r.mail.recipients.iter().chain(&r.mail.cc).any(|a| a.contains(STRANGER))),
        "{all:?}"
    );
    assert!(
        receipts
            .iter()
            .any(|r| r.mail.recipients.iter().any(|a| a.contains("camranh@example.vn")))
    );

    // An out-of-office answer to the receipt first: a machine's words, never a comment.
    let answered = format!("{}@example.vn", to_ntr.mail.message_id);
    let away = text_mail(
        PERSONAL,
        "vang-mat@gmail.com",
        Some(&answered),
        "Tôi đang nghỉ phép đến hết ngày 20/6, xin liên hệ đồng chí Hoa.",
    );
    let away = String::from_utf8(away)
        .unwrap()
        .replacen("\r\n", "\r\nAuto-Submitted: auto-replied\r\n", 1);
    append(&m, &[away.into_bytes()]);
    let handled = || {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row(
            "SELECT kind FROM mail_messages WHERE message_id = 'vang-mat@gmail.com'",
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .ok()
        .flatten()
    };
    assert!(common::wait_until(30, || handled().is_some()));
    assert_eq!(handled().as_deref(), Some("other"));
    let store = Store::open(&db).unwrap();
    assert_eq!(store.comments(ntr.id).unwrap(), vec![]);
    assert_eq!(store.by_id(ntr.id).unwrap().unwrap().status, Status::Accepted);
    drop(store);

    // The chapter answers its receipt, quoting it, without a file.
    let reply = "Số liệu mục 3 chưa đúng, đơn vị sẽ gửi lại.\r\n\r\nOn Wed, 10 Jun 2026 at 09:20, Hội LHPN tỉnh <\r\nbaocao@example.vn> wrote:\r\n> Kính gửi: Hội LHPN thành phố Nha Trang\r\n> Số cuộc giám sát: 4";
    append(&m, &[text_mail(PERSONAL, "tl-ntr@gmail.com", Some(&answered), reply)]);
    let ledger = || {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mut q = c
            .prepare("SELECT id, kind, state, sender, message_id FROM mail_messages")
            .unwrap();
        let rows: Vec<String> = q
            .query_map([], |r| {
                Ok(format!(
                    "{:?} {:?} {:?} {:?} {:?}",
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?
                ))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let mut q = c.prepare("SELECT message_id, submission_id FROM outbox").unwrap();
        let out: Vec<String> = q
            .query_map([], |r| {
                Ok(format!("{} {:?}", r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        format!("{rows:#?}\n{out:#?}\nanswered {answered}")
    };
    assert!(
        common::wait_until(30, || !sent(&db, "staff_chapter_reply").is_empty()),
        "{}",
        ledger()
    );
    let store = Store::open(&db).unwrap();
    let comments = store.comments(ntr.id).unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, "Số liệu mục 3 chưa đúng, đơn vị sẽ gửi lại.");
    assert_eq!(comments[0].sender.as_deref(), Some(PERSONAL));
    assert_eq!(store.by_id(ntr.id).unwrap().unwrap().status, Status::NeedsReview);
    let notice = &sent(&db, "staff_chapter_reply")[0];
    assert!(notice.mail.recipients[0].contains("bantuyengiao@example.vn"));
    assert!(
        notice.mail.body.contains("Số liệu mục 3 chưa đúng"),
        "{}",
        notice.mail.body
    );
    assert!(
        !notice.mail.body.contains("Số cuộc giám sát: 4"),
        "quoted text kept: {}",
        notice.mail.body
    );
    assert_eq!(store.all().unwrap().len(), 2, "a reply is not a submission");
    std::thread::sleep(std::time::Duration::from_secs(1));
    stop.send(()).unwrap();
    daemon.join().unwrap();

    // `show` prints the comment.
    let mut out = Vec::new();
    baocao::commands::status::print_show(&kept, "NTR", "2021-H1", false, &mut out).unwrap();
    let shown = String::from_utf8(out).unwrap();
    assert!(shown.contains("ý kiến của đơn vị (canbo.nt@gmail.com"), "{shown}");
    assert!(
        shown.contains("    Số liệu mục 3 chưa đúng, đơn vị sẽ gửi lại."),
        "{shown}"
    );
    // The advertisement and the out-of-office answer stay in the folder; the reports and the
    // reply are moved.
    assert_eq!(counts(&m), (2, 3));
    // Both listed once in the staff's digest, never again.
    let mut store = Store::open(&db).unwrap();
    let today = jiff::civil::date(2026, 6, 10);
    let now = jiff::Timestamp::now();
    assert_eq!(
        baocao::mailbox::digest::queue(&kept, &mut store, today, now).unwrap(),
        2
    );
    assert_eq!(
        baocao::mailbox::digest::queue(&kept, &mut store, today, now).unwrap(),
        0
    );
    let digest: Vec<_> = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|r| r.mail.kind == "staff_mail_digest")
        .collect();
    assert_eq!(digest.len(), 1);
    assert!(digest[0].mail.body.contains(STRANGER), "{}", digest[0].mail.body);
    assert!(
        digest[0].mail.body.contains(PERSONAL),
        "the out-of-office answer listed: {}",
        digest[0].mail.body
    );
    assert!(digest[0].mail.recipients[0].contains("bantuyengiao@example.vn"));
}
