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

/// The configuration shipped with baocao and used when no `--config` is given.
pub const EMBEDDED_CONFIG: &str = include_str!("../baocao.toml");

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
    /// The chapters that report.
    pub chapters: Vec<Chapter>,
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
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: cannot read configuration: {source}")]
    Read { path: PathBuf, source: std::io::Error },
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
        toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })
    }
}

impl Settings {
    /// Reads and resolves the configuration at `path`, or the embedded default (paths
    /// relative to the current directory) when `path` is `None`.
    pub fn load(path: Option<&Path>) -> Result<Settings, ConfigError> {
        match path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
                let base = path.parent().unwrap_or(Path::new("."));
                Settings::resolve(Config::parse(&text, path)?, base, path)
            }
            None => {
                let name = Path::new("baocao.toml (embedded)");
                Settings::resolve(Config::parse(EMBEDDED_CONFIG, name)?, Path::new("."), name)
            }
        }
    }

    /// Checks a parsed configuration and resolves its paths against `base`.
    pub fn resolve(config: Config, base: &Path, path: &Path) -> Result<Settings, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let base = std::path::absolute(base).map_err(|e| invalid(e.to_string()))?;
        let timezone = jiff::tz::TimeZone::get(&config.timezone)
            .map_err(|e| invalid(format!("timezone `{}`: {e}", config.timezone)))?;
        let registry = Registry::new(config.chapters).map_err(invalid)?;
        let templates = config.templates.map(|t| base.join(t)).filter(|t| t.is_dir());
        let forms = match templates.as_ref().map(|t| t.join("forms")).filter(|f| f.is_dir()) {
            Some(dir) => Form::load_dir(&dir)?,
            None => vec![Form::embedded()],
        };
        if forms.is_empty() {
            return Err(invalid("no form definition found in templates/forms".into()));
        }
        Ok(Settings {
            inbox: base.join(config.inbox),
            data_dir: base.join(config.data_dir),
            timezone,
            templates,
            forms,
            registry,
        })
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
    fn unknown_timezone_is_refused() {
        let text = EMBEDDED_CONFIG.replace("Asia/Ho_Chi_Minh", "Asia/Atlantis");
        let config = Config::parse(&text, Path::new("c.toml")).unwrap();
        let err = Settings::resolve(config, Path::new("."), Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("Asia/Atlantis"), "{err}");
    }
}
