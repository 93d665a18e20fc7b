//! The `[report]` section of `baocao.toml`: who receives the compiled report, when the daemon
//! sends it, the `Nơi nhận` list and the signature block. Every key has a default, so a
//! configuration written before the section existed keeps working; unknown keys are errors.

use super::texts::ReportTexts;
use serde::Deserialize;
use std::path::Path;

/// `[report]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// Addresses that receive the compiled report (`compile --send` and the daemon).
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Days after a period's deadline on which the daemon sends the report by itself.
    #[serde(default = "default_send_after_days")]
    pub send_after_days: u32,
    /// The `Nơi nhận` list printed at the foot of the report.
    #[serde(default = "default_noi_nhan")]
    pub noi_nhan: Vec<String>,
    /// How the report is signed (Decree 30/2020): `TM` on behalf of the Standing Committee
    /// (`TM. BAN THƯỜNG VỤ` / `CHỦ TỊCH`), `KT` by a deputy for the chair (`KT. CHỦ TỊCH` /
    /// `PHÓ CHỦ TỊCH`).
    #[serde(default)]
    pub signer_mode: SignerMode,
    /// The line above the signer's title, when not the mode's own.
    #[serde(default)]
    pub signer_on_behalf: Option<String>,
    /// The signer's title, when not the mode's own.
    #[serde(default)]
    pub signer_title: Option<String>,
    /// The signer's name (empty: the space is left for a hand-written name).
    #[serde(default)]
    pub signer_name: String,
    /// A unit whose follow-up rate (recommendations resolved, petitions resolved, proposals
    /// accepted, in per cent) is below this is named in the report.
    #[serde(default = "default_follow_up_below")]
    pub follow_up_below_percent: i64,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            recipients: vec![],
            send_after_days: default_send_after_days(),
            noi_nhan: default_noi_nhan(),
            signer_mode: SignerMode::default(),
            signer_on_behalf: None,
            signer_title: None,
            signer_name: String::new(),
            follow_up_below_percent: default_follow_up_below(),
        }
    }
}

/// `TM.` (thay mặt) or `KT.` (ký thay).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum SignerMode {
    #[default]
    #[serde(rename = "TM", alias = "tm", alias = "TM.")]
    OnBehalf,
    #[serde(rename = "KT", alias = "kt", alias = "KT.")]
    Deputy,
}

impl ReportConfig {
    /// The two lines above the signature: `TM. BAN THƯỜNG VỤ` and `CHỦ TỊCH`, or
    /// `KT. CHỦ TỊCH` and `PHÓ CHỦ TỊCH`, each replaced where configured.
    pub fn signer_lines(&self) -> (String, String) {
        let (on_behalf, title) = match self.signer_mode {
            SignerMode::OnBehalf => ("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"),
            SignerMode::Deputy => ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        };
        (
            self.signer_on_behalf.clone().unwrap_or_else(|| on_behalf.into()),
            self.signer_title.clone().unwrap_or_else(|| title.into()),
        )
    }

    /// What the IT person should know at start-up: settings that work but leave the report
    /// short of what the province signs.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.signer_name.trim().is_empty() {
            out.push(
                "[report] signer_name is empty: the compiled report leaves the space under the signer's title blank"
                    .into(),
            );
        }
        out
    }
}

fn default_follow_up_below() -> i64 {
    50
}
fn default_send_after_days() -> u32 {
    1
}
fn default_noi_nhan() -> Vec<String> {
    ["Ban CSLP TW Hội", "Ban Dân vận Tỉnh ủy", "UB MTTQ tỉnh", "Lưu VT"]
        .map(String::from)
        .to_vec()
}

/// `[report]` checked, with the report texts loaded.
#[derive(Debug, Clone)]
pub struct ReportSettings {
    /// The section as configured (recipients checked as addresses).
    pub config: ReportConfig,
    /// Headings and sentences of the Word report.
    pub texts: ReportTexts,
}

impl ReportSettings {
    /// Checks the recipients and loads the texts from `templates/report/` (`templates` is the
    /// configured templates folder), else the built-in copy.
    pub fn resolve(config: ReportConfig, templates: Option<&Path>) -> Result<ReportSettings, String> {
        for address in &config.recipients {
            address
                .parse::<crate::deliver::Mailbox>()
                .map_err(|e| format!("[report] recipients: `{address}`: {e}"))?;
        }
        let dir = templates.map(|t| t.join("report")).filter(|d| d.is_dir());
        let texts = ReportTexts::load(dir.as_deref())?;
        Ok(ReportSettings { config, texts })
    }
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings::resolve(ReportConfig::default(), None)
            .expect("the built-in report texts are valid (checked by a unit test)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_section_takes_every_default() {
        let config: ReportConfig = toml::from_str("").unwrap();
        assert_eq!(config.send_after_days, 1);
        assert_eq!(config.noi_nhan.last().map(String::as_str), Some("Lưu VT"));
        assert_eq!(config.signer_lines(), ("TM. BAN THƯỜNG VỤ".into(), "CHỦ TỊCH".into()));
        assert_eq!(config.warnings().len(), 1, "no signer name");
        assert!(ReportSettings::resolve(config, None).is_ok());
    }

    #[test]
    fn a_deputy_signs_for_the_chair() {
        let config: ReportConfig = toml::from_str("signer_mode = \"KT\"\nsigner_name = \"Lê Thị Mai\"").unwrap();
        assert_eq!(config.signer_lines(), ("KT. CHỦ TỊCH".into(), "PHÓ CHỦ TỊCH".into()));
        assert!(config.warnings().is_empty());
        let custom: ReportConfig = toml::from_str("signer_title = \"PHÓ CHỦ TỊCH THƯỜNG TRỰC\"").unwrap();
        assert_eq!(custom.signer_lines().1, "PHÓ CHỦ TỊCH THƯỜNG TRỰC");
        assert!(toml::from_str::<ReportConfig>("signer_mode = \"thay\"").is_err());
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let err = toml::from_str::<ReportConfig>("recipient = []")
            .unwrap_err()
            .to_string();
        assert!(err.contains("recipient"), "{err}");
    }

    #[test]
    fn a_bad_recipient_is_named() {
        let config = ReportConfig {
            recipients: vec!["not an address".into()],
            ..ReportConfig::default()
        };
        let err = ReportSettings::resolve(config, None).unwrap_err();
        assert!(err.contains("not an address"), "{err}");
    }
}
