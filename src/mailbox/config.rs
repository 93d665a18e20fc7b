//! `[mailbox]` in `baocao.toml`: which IMAP mailbox the chapters' e-mails are read from.
//! Absent: no mailbox is read. The password comes from the environment variable it names,
//! never from the file.

use serde::Deserialize;
use std::time::Duration;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// TLS from the first byte (port 993).
    Tls,
    /// Plain, then STARTTLS (port 143).
    Starttls,
    /// No protection: only for a server on this machine.
    None,
}

/// `[mailbox]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailboxConfig {
    pub host: String,
    /// Default: 993 for `tls`, 143 otherwise.
    pub port: Option<u16>,
    #[serde(default = "tls")]
    pub security: Security,
    pub username: String,
    /// The environment variable holding the password.
    pub password_env: String,
    #[serde(default = "inbox")]
    pub folder: String,
    /// Where a message goes once its files are stored; created when missing.
    #[serde(default = "done")]
    pub done_folder: String,
    #[serde(default = "sixty")]
    pub poll_seconds: u64,
    /// Every IMAP command's time limit.
    #[serde(default = "thirty")]
    pub timeout_seconds: u64,
    /// What happens to a message that is neither a report nor a reply to a receipt: `leave`
    /// it in the folder (the default: it may be someone's ordinary mail) or `move` it to the
    /// done folder too. Either way it is listed once in the staff's daily digest.
    #[serde(default)]
    pub others: Others,
}

/// See [`MailboxConfig::others`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Others {
    #[default]
    Leave,
    Move,
}

fn tls() -> Security {
    Security::Tls
}
fn inbox() -> String {
    "INBOX".into()
}
fn done() -> String {
    "Đã xử lý".into()
}
fn sixty() -> u64 {
    60
}
fn thirty() -> u64 {
    30
}

/// `[mailbox]` checked, with the password read.
#[derive(Clone)]
pub struct MailboxSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    pub password: String,
    pub folder: String,
    pub done_folder: String,
    pub poll: Duration,
    pub timeout: Duration,
    /// Whether a message that is neither a report nor a reply is moved too.
    pub others: Others,
}

impl std::fmt::Debug for MailboxSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password, not even in a debug print.
        write!(
            f,
            "MailboxSettings({}@{}:{} {:?})",
            self.username, self.host, self.port, self.security
        )
    }
}

impl MailboxConfig {
    /// Checks the table; `env` looks up environment variables (main passes the process's).
    pub fn resolve(self, env: impl Fn(&str) -> Option<String>) -> Result<MailboxSettings, String> {
        let loopback = matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "::1");
        if self.security == Security::None && !loopback {
            return Err(format!(
                "[mailbox] `security = \"none\"` would send the password to {} in clear: use \"tls\" or \"starttls\"",
                self.host
            ));
        }
        let password = env(&self.password_env).filter(|p| !p.is_empty()).ok_or_else(|| {
            format!(
                "[mailbox] the environment variable {} (password_env) is not set",
                self.password_env
            )
        })?;
        if !(10..=3600).contains(&self.poll_seconds) {
            return Err("[mailbox] `poll_seconds` must be between 10 and 3600".into());
        }
        if !(1..=600).contains(&self.timeout_seconds) {
            return Err("[mailbox] `timeout_seconds` must be between 1 and 600".into());
        }
        if self.folder.trim().is_empty() || self.done_folder.trim().is_empty() || self.folder == self.done_folder {
            return Err("[mailbox] `folder` and `done_folder` must be two different folders".into());
        }
        Ok(MailboxSettings {
            port: self
                .port
                .unwrap_or(if self.security == Security::Tls { 993 } else { 143 }),
            host: self.host,
            security: self.security,
            username: self.username,
            password,
            folder: self.folder,
            done_folder: self.done_folder,
            poll: Duration::from_secs(self.poll_seconds),
            timeout: Duration::from_secs(self.timeout_seconds),
            others: self.others,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<MailboxConfig, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn the_table_is_checked_and_the_password_comes_from_the_environment() {
        let base = "host = \"imap.gmail.com\"\nusername = \"a@gmail.com\"\npassword_env = \"PW\"\n";
        let ok = parse(base)
            .unwrap()
            .resolve(|k| (k == "PW").then(|| "bi-mat".to_string()))
            .unwrap();
        assert_eq!(
            (ok.port, ok.security, ok.folder.as_str(), ok.done_folder.as_str()),
            (993, Security::Tls, "INBOX", "Đã xử lý")
        );
        assert!(!format!("{ok:?}").contains("bi-mat"), "no password in a debug print");
        let unset = parse(base).unwrap().resolve(|_| None).unwrap_err();
        assert!(unset.contains("PW"), "{unset}");
        assert!(
            parse(&format!("{base}pasword = \"x\"\n")).is_err(),
            "unknown keys refused"
        );
        let clear = parse(&format!("{base}security = \"none\"\n")).unwrap();
        assert!(clear.resolve(|_| Some("x".into())).unwrap_err().contains("in clear"));
        let local = "host = \"127.0.0.1\"\nusername = \"a\"\npassword_env = \"PW\"\nsecurity = \"none\"\n";
        assert_eq!(parse(local).unwrap().resolve(|_| Some("x".into())).unwrap().port, 143);
        assert_eq!(ok.others, Others::Leave);
        let moving = parse(&format!("{base}others = \"move\"\n")).unwrap();
        assert_eq!(moving.resolve(|_| Some("x".into())).unwrap().others, Others::Move);
        assert!(parse(&format!("{base}others = \"delete\"\n")).is_err());
        let same = parse(&format!("{base}done_folder = \"INBOX\"\n")).unwrap();
        assert!(same.resolve(|_| Some("x".into())).is_err());
    }
}
