//! Configuration: `baocao.toml` read once, checked, and resolved into [`Settings`].
//!
//! [`Config`] mirrors the file (unknown keys are errors naming the key and the file);
//! [`Settings::resolve`] turns it into what the stages need: absolute paths, the time zone,
//! the loaded form definitions and the chapter registry. Stages receive `Settings` and never
//! read files or the environment for configuration themselves.

use crate::form::{Form, FormError};
use crate::registry::{Chapter, Registry};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The configuration shipped with baocao: the starter `baocao init` writes, and what is used
/// when no configuration file is found.
pub const EMBEDDED_CONFIG: &str = include_str!("../baocao.toml");

/// Where an installed baocao looks last for its configuration.
pub const SYSTEM_CONFIG: &str = "/etc/baocao/baocao.toml";

/// The configuration file to read: the one given (`--config`, or `BAOCAO_CONFIG`), else
/// `baocao.toml` in `cwd`, else [`SYSTEM_CONFIG`]; `None` means none exists (the built-in
/// copy is used). A given path is returned even when missing, so its absence is an error.
pub fn locate(given: Option<&Path>, cwd: &Path) -> Option<PathBuf> {
    if let Some(path) = given {
        return Some(path.to_path_buf());
    }
    [cwd.join("baocao.toml"), PathBuf::from(SYSTEM_CONFIG)]
        .into_iter()
        .find(|p| p.is_file())
}

/// Top-level keys a configuration file must have.
const REQUIRED: [&str; 4] = ["inbox", "data_dir", "timezone", "chapters"];

/// The configuration file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Folder watched for incoming files.
    pub inbox: PathBuf,
    /// Folder for the database, archive, rejected files and outgoing mail.
    pub data_dir: PathBuf,
    /// IANA time zone of deadlines and reminder hours.
    pub timezone: String,
    /// Folder of editable templates (`forms/*.toml`, mail and report texts).
    #[serde(default)]
    pub templates: Option<PathBuf>,
    /// Seconds a file's size and time must stay unchanged before it is taken.
    #[serde(default = "default_settle")]
    pub settle_seconds: f64,
    /// Poll the inbox instead of relying on file-system events (for CIFS/NFS mounts).
    #[serde(default)]
    pub poll: bool,
    /// Minutes between full rescans of the inbox (catching events a watcher missed).
    #[serde(default = "default_rescan")]
    pub rescan_minutes: f64,
    /// Limits of the supervised child that reads each file.
    #[serde(default)]
    pub extract: ExtractConfig,
    /// `[mail]`: sender, staff address, transport.
    #[serde(default)]
    pub mail: crate::deliver::MailConfig,
    /// `[reminders]`: when late chapters are reminded.
    #[serde(default)]
    pub reminders: crate::track::Schedule,
    /// The chapters that report.
    pub chapters: Vec<Chapter>,
    /// `[report]`: recipients, sending day, `Nơi nhận` and signature of the compiled report.
    #[serde(default)]
    pub report: crate::compile::ReportConfig,
    /// `[web]`: the review desk's address, TLS and sessions.
    #[serde(default)]
    pub web: crate::desk::WebConfig,
    /// `[mailbox]`: the IMAP mailbox the chapters' e-mails are read from (none: not read).
    pub mailbox: Option<crate::mailbox::MailboxConfig>,
}

/// `[extract]`: limits of the child process that reads one file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractConfig {
    /// Wall-clock limit per file.
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// Memory (address space) limit per file, in MB.
    #[serde(default = "default_memory")]
    pub memory_mb: u64,
    /// Files larger than this (in MB) are refused unread.
    #[serde(default = "default_max_file")]
    pub max_file_mb: u64,
    /// LibreOffice, for .doc and .rtf (a name in `PATH` or a path).
    #[serde(default = "default_soffice")]
    pub soffice: PathBuf,
    /// Tesseract, for scans and photos.
    #[serde(default = "default_tesseract")]
    pub tesseract: PathBuf,
    /// poppler's `pdftoppm`, which renders scanned PDF pages for Tesseract.
    #[serde(default = "default_pdftoppm")]
    pub pdftoppm: PathBuf,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig {
            timeout_seconds: default_timeout(),
            memory_mb: default_memory(),
            max_file_mb: default_max_file(),
            soffice: default_soffice(),
            tesseract: default_tesseract(),
            pdftoppm: default_pdftoppm(),
        }
    }
}

// Network copies (a shared folder over CIFS, a slow VPN) pause for seconds between pieces;
// a file cut short that changed recently also waits (see `pipeline::decide`).
fn default_settle() -> f64 {
    10.0
}
fn default_rescan() -> f64 {
    5.0
}
fn default_timeout() -> u64 {
    30
}
fn default_memory() -> u64 {
    1024
}
fn default_max_file() -> u64 {
    50
}
fn default_soffice() -> PathBuf {
    "soffice".into()
}
fn default_tesseract() -> PathBuf {
    "tesseract".into()
}
fn default_pdftoppm() -> PathBuf {
    "pdftoppm".into()
}

/// Checked, resolved settings passed to every stage.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Absolute inbox folder.
    pub inbox: PathBuf,
    /// Absolute data folder.
    pub data_dir: PathBuf,
    /// The configured time zone.
    pub timezone: jiff::tz::TimeZone,
    /// Templates folder, if configured and present.
    pub templates: Option<PathBuf>,
    /// Report forms to recognise (at least one).
    pub forms: Vec<Form>,
    /// The chapter registry.
    pub registry: Registry,
    /// How long a file must stay unchanged before it is taken.
    pub settle: std::time::Duration,
    /// Poll instead of file-system events.
    pub poll: bool,
    /// Time between full rescans of the inbox.
    pub rescan: std::time::Duration,
    /// Read files in a supervised child (`None`: in-process, as `baocao extract` does).
    /// Not from the file: the binary sets it to itself; tests point it at the built binary.
    pub isolation: Option<crate::extract::isolate::Isolation>,
    /// Child limits from `[extract]`, used when `isolation` is set.
    pub extract_limits: ExtractConfig,
    /// Mail sender, staff address and transport.
    pub mail: crate::deliver::MailSettings,
    /// E-mail texts (the province's `templates/mail/*.txt`, else the built-in ones).
    pub mail_templates: crate::deliver::Templates,
    /// The reminder schedule of the regular periods (requests may have their own).
    pub reminders: crate::track::Schedule,
    /// The compiled report: `[report]` checked, with its texts (`templates/report/`).
    pub report: crate::compile::ReportSettings,
    /// The review desk: `[web]` checked.
    pub web: crate::desk::WebSettings,
    /// The mailbox read beside the inbox: `[mailbox]` checked, its password read.
    pub mailbox: Option<crate::mailbox::MailboxSettings>,
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: cannot read the configuration file: {error}")]
    Read { path: PathBuf, error: std::io::Error },
    /// The file is not valid TOML or has unknown or missing keys.
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    /// A form definition is wrong.
    #[error(transparent)]
    Form(#[from] FormError),
}

impl Config {
    /// Parses configuration text; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        toml::from_str(text).map_err(|e| {
            let mut message = e.to_string().trim_end().to_string();
            // serde stops at the first missing key: name every one at once, not one per run.
            let table = toml::from_str::<toml::Table>(text).unwrap_or_default();
            let missing: Vec<&str> = REQUIRED.into_iter().filter(|k| !table.contains_key(*k)).collect();
            if !missing.is_empty() {
                message.push_str(&format!("\nmissing required keys: {}", missing.join(", ")));
            }
            invalid(message)
        })
    }
}

impl Settings {
    /// [`Settings::load_with_env`] with the process environment (only for secrets named in
    /// the file, such as the SMTP password variable).
    pub fn load(path: Option<&Path>) -> Result<Settings, ConfigError> {
        Settings::load_with_env(path, |k| std::env::var(k).ok())
    }

    /// Reads and resolves the configuration at `path`, or the embedded default (paths
    /// relative to the current directory) when `path` is `None`; `env` looks up the
    /// environment variables the file names.
    pub fn load_with_env(path: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        match path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
                    path: path.to_path_buf(),
                    error,
                })?;
                let base = path
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                Settings::resolve(Config::parse(&text, path)?, base, path, env)
            }
            None => {
                let name = Path::new("baocao.toml (built in)");
                let mut config = Config::parse(EMBEDDED_CONFIG, name)?;
                // The built-in copy names `templates` for a checkout; elsewhere the built-in
                // texts serve (a configuration file that names a missing folder is an error).
                if config.templates.as_ref().is_some_and(|t| !t.is_dir()) {
                    config.templates = None;
                }
                Settings::resolve(config, Path::new("."), name, env)
            }
        }
    }

    /// Checks a parsed configuration and resolves its paths against `base`.
    pub fn resolve(
        config: Config,
        base: &Path,
        path: &Path,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let base = std::path::absolute(base).map_err(|e| invalid(e.to_string()))?;
        let timezone = jiff::tz::TimeZone::get(&config.timezone)
            .map_err(|e| invalid(format!("timezone `{}`: {e}", config.timezone)))?;
        let registry = Registry::new(config.chapters).map_err(invalid)?;
        let templates = config.templates.map(|t| base.join(t));
        // A templates folder that is named must be there: a misspelt path silently replaced by
        // the built-in texts would hide the province's own wording.
        if let Some(t) = templates.as_ref().filter(|t| !t.is_dir()) {
            return Err(invalid(format!("`templates`: {} is not a folder", t.display())));
        }
        let forms = match templates.as_ref().map(|t| t.join("forms")) {
            Some(dir) if dir.is_dir() => Form::load_dir(&dir)?,
            Some(dir) => {
                return Err(invalid(format!(
                    "`templates`: {} has no forms/ folder (the report form definitions)",
                    dir.parent().unwrap_or(&dir).display()
                )));
            }
            None => vec![Form::embedded()],
        };
        let seconds = |s: f64, key: &str| {
            (s.is_finite() && s >= 0.0)
                .then(|| std::time::Duration::from_secs_f64(s))
                .ok_or_else(|| invalid(format!("`{key}` must be a number of seconds ≥ 0")))
        };
        let settle = seconds(config.settle_seconds, "settle_seconds")?;
        let rescan = seconds(config.rescan_minutes * 60.0, "rescan_minutes")?;
        let data_dir = base.join(&config.data_dir);
        let mail = crate::deliver::MailSettings::resolve(config.mail, &data_dir, &env).map_err(invalid)?;
        let mail_dir = templates.as_ref().map(|t| t.join("mail")).filter(|d| d.is_dir());
        let mail_templates = crate::deliver::Templates::load(mail_dir.as_deref()).map_err(invalid)?;
        config.reminders.check().map_err(invalid)?;
        let report = crate::compile::ReportSettings::resolve(config.report, templates.as_deref()).map_err(invalid)?;
        let web = config.web.resolve(&base).map_err(invalid)?;
        let mailbox = config.mailbox.map(|m| m.resolve(&env)).transpose().map_err(invalid)?;
        if forms.is_empty() {
            return Err(invalid("no form definition found in templates/forms".into()));
        }
        Ok(Settings {
            inbox: base.join(config.inbox),
            data_dir,
            timezone,
            templates,
            forms,
            registry,
            settle,
            poll: config.poll,
            rescan,
            isolation: None,
            extract_limits: config.extract,
            mail,
            mail_templates,
            reminders: config.reminders,
            report,
            web,
            mailbox,
        })
    }
}

impl Settings {
    /// Reads files in a child process of `exe` under the `[extract]` limits.
    pub fn isolate_with(&mut self, exe: PathBuf) {
        self.isolation = Some(crate::extract::isolate::Isolation {
            exe,
            timeout: std::time::Duration::from_secs(self.extract_limits.timeout_seconds),
            memory_bytes: self.extract_limits.memory_mb << 20,
            max_file_bytes: self.extract_limits.max_file_mb << 20,
            programs: self.limits().programs,
        });
    }

    /// The readers' limits and programs under this configuration.
    pub fn limits(&self) -> crate::extract::Limits {
        let x = &self.extract_limits;
        let timeout = std::time::Duration::from_secs(x.timeout_seconds);
        crate::extract::Limits {
            max_file_bytes: x.max_file_mb << 20,
            programs: crate::extract::limits::Programs {
                soffice: x.soffice.clone(),
                tesseract: x.tesseract.clone(),
                pdftoppm: x.pdftoppm.clone(),
                work_dir: self.data_dir.join("programs"),
                // Inside the supervisor's wall-clock limit (four times the CPU limit), so a
                // program that outruns its time is the program's failure, seen as such.
                timeout: timeout * 3,
                defer_ocr: false,
            },
            ..crate::extract::Limits::default()
        }
    }

    /// The SQLite database file.
    pub fn database(&self) -> PathBuf {
        self.data_dir.join("baocao.sqlite")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_config_resolves_with_ten_chapters() {
        let settings = Settings::load(None).unwrap();
        assert_eq!(settings.registry.chapters().len(), 10);
        assert_eq!(settings.timezone.iana_name(), Some("Asia/Ho_Chi_Minh"));
        assert!(settings.inbox.is_absolute());
    }

    #[test]
    fn unknown_key_is_named_with_the_file() {
        let text = format!("inbx = \"x\"\n{EMBEDDED_CONFIG}");
        let err = Config::parse(&text, Path::new("/etc/baocao.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("/etc/baocao.toml") && err.contains("inbx"), "{err}");
    }

    #[test]
    fn every_missing_required_key_is_named_at_once() {
        let err = Config::parse("[mail]\n", Path::new("c.toml")).unwrap_err().to_string();
        assert!(err.contains("inbox, data_dir, timezone, chapters"), "{err}");
    }

    #[test]
    fn a_given_path_wins_then_the_current_folder() {
        let dir = tempfile::tempdir().unwrap();
        let given = dir.path().join("x.toml");
        assert_eq!(locate(Some(&given), dir.path()), Some(given));
        assert_eq!(
            locate(None, dir.path()),
            None.or(Some(PathBuf::from(SYSTEM_CONFIG)).filter(|p| p.is_file()))
        );
        std::fs::write(dir.path().join("baocao.toml"), "").unwrap();
        assert_eq!(locate(None, dir.path()), Some(dir.path().join("baocao.toml")));
    }

    #[test]
    fn unknown_timezone_is_refused() {
        let text = EMBEDDED_CONFIG.replace("Asia/Ho_Chi_Minh", "Asia/Atlantis");
        let config = Config::parse(&text, Path::new("c.toml")).unwrap();
        let err = Settings::resolve(config, Path::new("."), Path::new("c.toml"), |_| None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("Asia/Atlantis"), "{err}");
    }
}
