use super::*;

/// The `[mail]` table of the brief, as it would appear in `baocao.toml`.
const EXAMPLE: &str = r#"
[mail]
from = "Hội LHPN tỉnh Khánh Hòa <baocao@example.vn>"
staff = "Ban Tuyên giáo <bantuyengiao@example.vn>"
transport = "smtp"
[mail.smtp]
host = "smtp.example.vn"
port = 587
security = "starttls"
username = "baocao@example.vn"
password_env = "BAOCAO_SMTP_PASSWORD"
timeout_seconds = 30
"#;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    mail: MailConfig,
}

fn parse(text: &str) -> MailConfig {
    toml::from_str::<File>(text).unwrap().mail
}

fn env_with_password(key: &str) -> Option<String> {
    (key == "BAOCAO_SMTP_PASSWORD").then(|| "mật-khẩu".to_string())
}

fn resolve(text: &str) -> Result<MailSettings, String> {
    MailSettings::resolve(parse(text), Path::new("/srv/baocao/data"), env_with_password)
}

#[test]
fn omitted_table_writes_files_to_the_outbox() {
    let settings = resolve("").unwrap();
    match settings.transport {
        Transport::File { outbox } => assert_eq!(outbox, Path::new("/srv/baocao/data/outbox")),
        other => panic!("{other:?}"),
    }
    assert_eq!(settings.from.name.as_deref(), Some("Hội LHPN tỉnh Khánh Hòa"));
    assert!(settings.staff.is_none());
}

#[test]
fn example_table_resolves_with_password_from_env() {
    let settings = resolve(EXAMPLE).unwrap();
    assert_eq!(settings.from.email.to_string(), "baocao@example.vn");
    assert_eq!(settings.staff.unwrap().name.as_deref(), Some("Ban Tuyên giáo"));
    let Transport::Smtp(smtp) = settings.transport else {
        panic!("smtp expected")
    };
    assert_eq!(
        (smtp.host.as_str(), smtp.port, smtp.security),
        ("smtp.example.vn", 587, Security::Starttls)
    );
    let credentials = smtp.credentials.unwrap();
    assert_eq!(credentials.username, "baocao@example.vn");
    assert_eq!(credentials.password.0, "mật-khẩu");
    assert_eq!(smtp.timeout, Duration::from_secs(30));
}

#[test]
fn debug_output_hides_the_password() {
    let text = format!("{:?}", resolve(EXAMPLE).unwrap());
    assert!(!text.contains("mật-khẩu") && text.contains("Secret(***)"), "{text}");
}

#[test]
fn smtp_without_host_is_refused() {
    let err = resolve("[mail]\nfrom = \"a@example.vn\"\ntransport = \"smtp\"").unwrap_err();
    assert!(err.contains("mail.smtp.host"), "{err}");
}

#[test]
fn smtp_without_from_is_refused() {
    let err = resolve("[mail]\ntransport = \"smtp\"\n[mail.smtp]\nhost = \"smtp.example.vn\"").unwrap_err();
    assert!(err.contains("mail.from"), "{err}");
}

#[test]
fn unset_password_variable_is_named() {
    let text = EXAMPLE.replace("BAOCAO_SMTP_PASSWORD", "MAIL_PASS_UNSET");
    let err = resolve(&text).unwrap_err();
    assert!(
        err.contains("MAIL_PASS_UNSET") && err.contains("mail.smtp.password_env"),
        "{err}"
    );
}

#[test]
fn username_without_password_env_is_refused() {
    let text = EXAMPLE.replace("password_env = \"BAOCAO_SMTP_PASSWORD\"", "");
    let err = resolve(&text).unwrap_err();
    assert!(err.contains("mail.smtp.password_env"), "{err}");
}

#[test]
fn bad_address_names_the_key() {
    let text = EXAMPLE.replace("Ban Tuyên giáo <bantuyengiao@example.vn>", "bantuyengiao at example.vn");
    let err = resolve(&text).unwrap_err();
    assert!(
        err.starts_with("mail.staff:") && err.contains("bantuyengiao at example.vn"),
        "{err}"
    );
}

#[test]
fn unknown_key_is_refused_by_name() {
    let err = toml::from_str::<File>("[mail]\ntransprot = \"smtp\"")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("transprot"), "{err}");
    let err = toml::from_str::<File>("[mail.smtp]\npassword = \"x\"")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("password"), "{err}");
}

#[test]
fn port_defaults_follow_security() {
    for (security, port) in [("starttls", 587), ("tls", 465), ("none", 25)] {
        let text = format!(
            "[mail]\nfrom = \"a@example.vn\"\ntransport = \"smtp\"\n\
             [mail.smtp]\nhost = \"h\"\nsecurity = \"{security}\""
        );
        let Transport::Smtp(smtp) = resolve(&text).unwrap().transport else {
            panic!("smtp expected")
        };
        assert_eq!(smtp.port, port, "{security}");
    }
}

#[test]
fn password_in_clear_is_only_allowed_to_this_machine() {
    let remote = EXAMPLE.replace("\"starttls\"", "\"none\"");
    assert!(resolve(&remote).unwrap_err().contains("unencrypted"));
    let local = remote.replace("smtp.example.vn", "127.0.0.1");
    assert!(resolve(&local).is_ok());
}

#[test]
fn ca_file_must_be_absolute_and_a_certificate() {
    let relative = format!("{EXAMPLE}ca_file = \"ca.pem\"\n");
    assert!(resolve(&relative).unwrap_err().contains("absolute"));
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("ca.pem");
    std::fs::write(&garbage, "not a certificate").unwrap();
    let text = format!("{EXAMPLE}ca_file = {:?}\n", garbage.display().to_string());
    let err = resolve(&text).unwrap_err();
    assert!(err.contains("not a PEM certificate"), "{err}");
}
