//! The `[mail]` table of `baocao.toml`: [`MailConfig`] as written, [`MailSettings`] as used.
//!
//! Like the rest of the configuration, the table is only parsed here (no I/O) and then resolved
//! once by [`MailSettings::resolve`]: addresses are parsed, the SMTP password is looked up in the
//! environment through the function the caller passes, an extra CA certificate is read. The
//! whole table may be omitted: mail is then written as `.eml` files to `<data_dir>/outbox/`.

use lettre::message::Mailbox;
use lettre::transport::smtp::client::Certificate;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Sender used when `mail.from` is omitted with the file transport: nothing leaves the machine.
const DEFAULT_FROM: &str = "Hội LHPN tỉnh Khánh Hòa <baocao@localhost>";

/// The `[mail]` table as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// Sender of every message, `Name <address>`; required with `transport = "smtp"`.
    #[serde(default)]
    pub from: Option<String>,
    /// Provincial staff address for notices about files baocao cannot place.
    #[serde(default)]
    pub staff: Option<String>,
    /// Where replies go (receipts say "reply if a value is wrong"); default: `staff`.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// Where messages go.
    #[serde(default)]
    pub transport: TransportKind,
    /// The `[mail.smtp]` table, used with `transport = "smtp"`.
    #[serde(default)]
    pub smtp: SmtpConfig,
}

/// `mail.transport`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransportKind {
    /// Each message as `<data_dir>/outbox/<message_id>.eml` (nothing is sent).
    #[default]
    File,
    /// Through the SMTP server of `[mail.smtp]`.
    Smtp,
}

/// `mail.smtp.security`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which the server must offer (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte, "SMTPS" (port 465).
    Tls,
    /// No encryption (port 25); only for a relay on the same machine or network.
    None,
}

/// The `[mail.smtp]` table as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// Server host name (also the name its certificate must carry).
    #[serde(default)]
    pub host: Option<String>,
    /// Server port; defaults to 587, 465 or 25 by `security`.
    #[serde(default)]
    pub port: Option<u16>,
    /// How the connection is encrypted.
    #[serde(default)]
    pub security: Security,
    /// Login name, if the server requires authentication.
    #[serde(default)]
    pub username: Option<String>,
    /// Name of the environment variable holding the password (never the password itself).
    #[serde(default)]
    pub password_env: Option<String>,
    /// Connect/read/write timeout.
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// Absolute path of an extra CA certificate (PEM) to trust, for a server with an internal CA.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
}

fn default_timeout() -> u64 {
    30
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            host: None,
            port: None,
            security: Security::default(),
            username: None,
            password_env: None,
            timeout_seconds: default_timeout(),
            ca_file: None,
        }
    }
}

/// Checked mail settings.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// Sender of every message.
    pub from: Mailbox,
    /// Provincial staff address, if configured.
    pub staff: Option<Mailbox>,
    /// Where replies to every message go (`reply_to`, else `staff`): a person, not the robot.
    pub reply_to: Option<Mailbox>,
    /// Where messages go.
    pub transport: Transport,
}

/// Resolved transport.
#[derive(Debug, Clone)]
pub enum Transport {
    /// Write `.eml` files to this folder (created when the first message is written).
    File {
        /// `<data_dir>/outbox`.
        outbox: PathBuf,
    },
    /// Send through an SMTP server.
    Smtp(SmtpSettings),
}

/// Resolved SMTP server settings.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// Server host name.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Connection encryption.
    pub security: Security,
    /// Login, when a username is configured.
    pub credentials: Option<Credentials>,
    /// Connect/read/write timeout.
    pub timeout: Duration,
    /// Extra CA certificate(s) to trust, PEM, already checked to parse.
    pub ca_pem: Option<Vec<u8>>,
}

/// SMTP login.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Login name.
    pub username: String,
    /// Password read from the environment.
    pub password: Secret,
}

/// A password that `Debug` does not print, so settings can be logged.
#[derive(Clone)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl MailSettings {
    /// Checks `config` and resolves it; `env` looks up environment variables (main passes
    /// `|k| std::env::var(k).ok()`, tests pass what they like). Errors name the offending key.
    pub fn resolve(
        config: MailConfig,
        data_dir: &Path,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<MailSettings, String> {
        let from = match (&config.from, config.transport) {
            (Some(from), _) => mailbox("mail.from", from)?,
            (None, TransportKind::File) => mailbox("mail.from", DEFAULT_FROM)?,
            (None, TransportKind::Smtp) => return Err("mail.from is required when mail.transport = \"smtp\"".into()),
        };
        let staff = config.staff.as_deref().map(|s| mailbox("mail.staff", s)).transpose()?;
        let reply_to = match config.reply_to.as_deref() {
            Some(r) => Some(mailbox("mail.reply_to", r)?),
            None => staff.clone(),
        };
        let transport = match config.transport {
            TransportKind::File => Transport::File {
                outbox: data_dir.join("outbox"),
            },
            TransportKind::Smtp => Transport::Smtp(resolve_smtp(config.smtp, &env)?),
        };
        Ok(MailSettings {
            from,
            staff,
            reply_to,
            transport,
        })
    }
}

fn mailbox(key: &str, text: &str) -> Result<Mailbox, String> {
    text.parse()
        .map_err(|e| format!("{key}: `{text}` is not an e-mail address like `Tên <ten@example.vn>`: {e}"))
}

fn resolve_smtp(smtp: SmtpConfig, env: &impl Fn(&str) -> Option<String>) -> Result<SmtpSettings, String> {
    let host = match smtp.host.as_deref().map(str::trim) {
        Some(host) if !host.is_empty() => host.to_string(),
        _ => return Err("mail.smtp.host is required when mail.transport = \"smtp\"".into()),
    };
    let port = smtp.port.unwrap_or(match smtp.security {
        Security::Starttls => 587,
        Security::Tls => 465,
        Security::None => 25,
    });
    if port == 0 {
        return Err("mail.smtp.port must not be 0".into());
    }
    if !(1..=600).contains(&smtp.timeout_seconds) {
        return Err("mail.smtp.timeout_seconds must be between 1 and 600".into());
    }
    let credentials = credentials(&smtp, env)?;
    // A password in clear text over the network is worse than no mail: allow it only to a relay
    // on this machine.
    if credentials.is_some() && smtp.security == Security::None && !is_loopback(&host) {
        return Err("mail.smtp.username: the password would be sent unencrypted; \
                    use security = \"starttls\" or \"tls\""
            .into());
    }
    Ok(SmtpSettings {
        host,
        port,
        security: smtp.security,
        credentials,
        timeout: Duration::from_secs(smtp.timeout_seconds),
        ca_pem: smtp.ca_file.as_deref().map(read_ca).transpose()?,
    })
}

fn credentials(smtp: &SmtpConfig, env: &impl Fn(&str) -> Option<String>) -> Result<Option<Credentials>, String> {
    match (&smtp.username, &smtp.password_env) {
        (None, None) => Ok(None),
        (Some(_), None) => Err("mail.smtp.username is set but mail.smtp.password_env is not".into()),
        (None, Some(_)) => Err("mail.smtp.password_env is set but mail.smtp.username is not".into()),
        (Some(username), Some(var)) => match env(var) {
            Some(password) if !password.is_empty() => Ok(Some(Credentials {
                username: username.clone(),
                password: Secret(password),
            })),
            _ => Err(format!(
                "mail.smtp.password_env: the environment variable {var} is not set (it must hold the SMTP password)"
            )),
        },
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn read_ca(path: &Path) -> Result<Vec<u8>, String> {
    // Relative paths would depend on the current directory of the daemon; refuse them.
    if !path.is_absolute() {
        return Err(format!(
            "mail.smtp.ca_file: `{}` must be an absolute path",
            path.display()
        ));
    }
    let pem = std::fs::read(path).map_err(|e| format!("mail.smtp.ca_file: cannot read {}: {e}", path.display()))?;
    let not_pem = || format!("mail.smtp.ca_file: {} is not a PEM certificate", path.display());
    // Parsing text without any certificate block succeeds with no certificate: check for one.
    if !pem.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") {
        return Err(not_pem());
    }
    Certificate::from_pem(&pem).map_err(|e| format!("{}: {e}", not_pem()))?;
    Ok(pem)
}

#[cfg(test)]
mod tests;
