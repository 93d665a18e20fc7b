//! Delivery end to end: through a real SMTP server on 127.0.0.1 (plain, STARTTLS, TLS), and into
//! the outbox folder; what arrives is parsed back and compared with what was sent, exactly.

#[path = "common/smtp.rs"]
mod test_smtp;

use baocao::deliver::{
    AckAccepted, Attachment, MailConfig, MailError, MailKind, MailSettings, Mailer, Message, Security, SmtpConfig,
    Templates, TransportKind,
};
use mail_parser::{MessageParser, MimeHeaders};
use std::path::Path;
use std::time::{Duration, Instant};
use test_smtp::{SmtpServer, Stage};

const FROM: &str = "Hội LHPN tỉnh Khánh Hòa <baocao@example.vn>";
const PASSWORD_VAR: &str = "BAOCAO_TEST_SMTP_PASSWORD";
const PASSWORD: &str = "mật khẩu thử";
const ATTACHMENT_NAME: &str = "Báo cáo 6 tháng đầu năm 2021.docx";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// SMTP settings for 127.0.0.1:`port`; `login` adds a username and the password variable.
fn smtp_mailer(port: u16, security: Security, login: bool, ca_file: Option<&Path>) -> Result<Mailer, String> {
    let config = MailConfig {
        from: Some(FROM.into()),
        staff: None,
        reply_to: None,
        transport: TransportKind::Smtp,
        smtp: SmtpConfig {
            host: Some("127.0.0.1".into()),
            port: Some(port),
            security,
            username: login.then(|| "baocao@example.vn".to_string()),
            password_env: login.then(|| PASSWORD_VAR.to_string()),
            timeout_seconds: 2,
            ca_file: ca_file.map(Path::to_path_buf),
        },
    };
    let env = |key: &str| (key == PASSWORD_VAR).then(|| PASSWORD.to_string());
    Mailer::new(&MailSettings::resolve(config, Path::new("/nonexistent"), env)?)
}

/// A receipt rendered from the real template, with an attachment whose bytes include every
/// byte value, bare line feeds and an SMTP end-of-data sequence.
fn receipt(id: &str) -> Message {
    let templates = Templates::load(None).unwrap();
    let (subject, mut text) = templates
        .render(MailKind::AckAccepted, &AckAccepted::example())
        .unwrap();
    text.push_str(".\n.. hai dấu chấm đầu dòng\n");
    let mut bytes: Vec<u8> = (0..=255).collect();
    bytes.extend_from_slice(b"\r\n.\r\n\n.\nPK\x03\x04");
    Message {
        message_id: id.into(),
        to: vec!["Hội LHPN thành phố Nha Trang <nhatrang@example.vn>".parse().unwrap()],
        subject,
        text,
        attachments: vec![Attachment {
            filename: ATTACHMENT_NAME.into(),
            content_type: DOCX.into(),
            bytes,
        }],
        ..Message::default()
    }
}

/// Parses `raw` and checks that every header, the body and the attachment decode to what was sent.
fn assert_arrived_intact(raw: &[u8], sent: &Message) {
    let header_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header/body separator");
    assert!(raw[..header_end].is_ascii(), "headers must be 7-bit");
    let parsed = MessageParser::default().parse(raw).expect("parsable message");
    assert_eq!(parsed.subject(), Some(sent.subject.as_str()));
    let from = parsed.from().and_then(|a| a.first()).expect("From");
    assert_eq!(
        (from.name(), from.address()),
        (Some("Hội LHPN tỉnh Khánh Hòa"), Some("baocao@example.vn"))
    );
    let to = parsed.to().and_then(|a| a.first()).expect("To");
    assert_eq!(to.name(), Some("Hội LHPN thành phố Nha Trang"));
    assert_eq!(
        parsed.message_id(),
        Some(format!("{}@example.vn", sent.message_id).as_str())
    );
    assert_eq!(
        parsed.header_raw("Auto-Submitted").map(str::trim),
        Some("auto-generated")
    );
    let text = parsed.body_text(0).expect("text body").replace("\r\n", "\n");
    assert_eq!(text, sent.text);
    let attachments: Vec<_> = parsed.attachments().collect();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0].attachment_name(), Some(ATTACHMENT_NAME));
    // Older clients read only the plain parameter: it carries an ASCII spelling of the name.
    let head = String::from_utf8_lossy(raw);
    assert!(
        head.contains("filename=\"") && head.contains("filename*=utf-8''"),
        "both name forms"
    );
    assert_eq!(attachments[0].contents(), sent.attachments[0].bytes.as_slice());
    let content_type = attachments[0].content_type().expect("attachment content type");
    assert_eq!(
        format!("{}/{}", content_type.ctype(), content_type.subtype().unwrap_or("")),
        DOCX
    );
}

#[test]
fn plain_smtp_delivers_vietnamese_subject_body_and_attachment_intact() {
    let server = SmtpServer::start(test_smtp::Security::None);
    let mailer = smtp_mailer(server.port(), Security::None, false, None).unwrap();
    let sent = receipt("ack-NTR-2021-H1-7");
    mailer.send(&sent).unwrap();
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].mail_from, "baocao@example.vn");
    assert_eq!(received[0].rcpt_to, ["nhatrang@example.vn"]);
    assert!(!received[0].encrypted && received[0].login.is_none());
    assert_arrived_intact(&received[0].data, &sent);
}

/// Writes the test CA where `ca_file` can point to.
fn ca_file(dir: &Path, pem: &str) -> std::path::PathBuf {
    let path = dir.join("ca.pem");
    std::fs::write(&path, pem).unwrap();
    path
}

#[test]
fn starttls_with_login_delivers_encrypted() {
    let (tls, ca) = test_smtp::test_certificates();
    let server = SmtpServer::start(test_smtp::Security::StartTls(tls));
    let dir = tempfile::tempdir().unwrap();
    let mailer = smtp_mailer(server.port(), Security::Starttls, true, Some(&ca_file(dir.path(), &ca))).unwrap();
    let sent = receipt("ack-NTR-2021-H1-8");
    mailer.send(&sent).unwrap();
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].encrypted, "message must be sent after STARTTLS");
    assert_eq!(received[0].login, Some(("baocao@example.vn".into(), PASSWORD.into())));
    assert_arrived_intact(&received[0].data, &sent);
}

#[test]
fn implicit_tls_delivers_encrypted() {
    let (tls, ca) = test_smtp::test_certificates();
    let server = SmtpServer::start(test_smtp::Security::Tls(tls));
    let dir = tempfile::tempdir().unwrap();
    let mailer = smtp_mailer(server.port(), Security::Tls, true, Some(&ca_file(dir.path(), &ca))).unwrap();
    let sent = receipt("ack-NTR-2021-H1-9");
    mailer.send(&sent).unwrap();
    let received = server.received();
    assert!(received[0].encrypted && received[0].login.is_some());
    assert_arrived_intact(&received[0].data, &sent);
}

#[test]
fn untrusted_certificate_is_refused_and_kept_for_retry() {
    let (tls, _) = test_smtp::test_certificates();
    let server = SmtpServer::start(test_smtp::Security::StartTls(tls));
    let mailer = smtp_mailer(server.port(), Security::Starttls, true, None).unwrap();
    let err = mailer.send(&receipt("ack-1")).unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert!(server.received().is_empty());
}

#[test]
fn unreachable_server_is_transient() {
    // A port that was free a moment ago: nothing listens there now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mailer = smtp_mailer(port, Security::None, false, None).unwrap();
    let err = mailer.send(&receipt("ack-1")).unwrap_err();
    assert!(matches!(err, MailError::Smtp { .. }) && err.is_transient(), "{err}");
    assert_eq!(err.smtp_code(), None);
    assert!(err.to_string().contains(&format!("127.0.0.1:{port}")), "{err}");
}

#[test]
fn silent_server_times_out_as_transient() {
    // Listening but never accepting: the connection opens and the greeting never comes.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mailer = smtp_mailer(port, Security::None, false, None).unwrap();
    let started = Instant::now();
    let err = mailer.send(&receipt("ack-1")).unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10), "timeout not applied");
}

#[test]
fn recipient_refused_with_550_is_permanent() {
    let server = SmtpServer::start(test_smtp::Security::None);
    server.fail(Stage::Rcpt, 550, 1);
    let mailer = smtp_mailer(server.port(), Security::None, false, None).unwrap();
    let err = mailer.send(&receipt("ack-1")).unwrap_err();
    assert_eq!(err.smtp_code(), Some(550), "{err}");
    assert!(!err.is_transient(), "{err}");
    assert_eq!(err.message_id(), "ack-1");
}

#[test]
fn server_refusing_for_a_while_then_accepting() {
    let server = SmtpServer::start(test_smtp::Security::None);
    server.fail(Stage::Greeting, 421, 2);
    server.fail(Stage::Mail, 451, 1);
    let mailer = smtp_mailer(server.port(), Security::None, false, None).unwrap();
    let sent = receipt("remind-CRA-2021-Y-1");
    let codes: Vec<_> = (0..3)
        .map(|_| mailer.send(&sent).unwrap_err())
        .inspect(|err| assert!(err.is_transient(), "{err}"))
        .map(|err| err.smtp_code())
        .collect();
    assert_eq!(codes, [Some(421), Some(421), Some(451)]);
    mailer.send(&sent).unwrap();
    assert_eq!(server.received().len(), 1);
    assert_eq!(server.connections(), 4);
}

#[test]
fn rejected_login_is_transient() {
    let (tls, ca) = test_smtp::test_certificates();
    let server = SmtpServer::start(test_smtp::Security::StartTls(tls));
    server.fail(Stage::Auth, 535, 1);
    let dir = tempfile::tempdir().unwrap();
    let mailer = smtp_mailer(server.port(), Security::Starttls, true, Some(&ca_file(dir.path(), &ca))).unwrap();
    let err = mailer.send(&receipt("ack-1")).unwrap_err();
    assert_eq!(err.smtp_code(), Some(535), "{err}");
    assert!(err.is_transient(), "a wrong password must not drop queued mail: {err}");
}

#[test]
fn file_transport_writes_a_complete_eml_named_by_the_message_id() {
    let dir = tempfile::tempdir().unwrap();
    let config = MailConfig {
        from: Some(FROM.into()),
        ..MailConfig::default()
    };
    let settings = MailSettings::resolve(config, dir.path(), |_| None).unwrap();
    let mailer = Mailer::new(&settings).unwrap();
    let sent = receipt("ack-NTR-2021-H1-7");
    mailer.send(&sent).unwrap();
    mailer.send(&sent).unwrap();
    let outbox = dir.path().join("outbox");
    let names: Vec<_> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["ack-NTR-2021-H1-7.eml"], "one file per id, no temporary left");
    let raw = std::fs::read(outbox.join("ack-NTR-2021-H1-7.eml")).unwrap();
    assert_arrived_intact(&raw, &sent);
}
