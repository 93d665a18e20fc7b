//! The chapter registry: which chapters report, and how their names are recognised.
//!
//! Documents name a chapter in many ways (`Hội LHPN huyện Vạn Ninh`, `HỘI LHPN HUYỆN VẠN NINH`,
//! `Van Ninh`). A name matches a chapter when the chapter's folded name or one of its aliases
//! appears in it as whole words; and a text naming two different chapters is no match
//! at all rather than a guess.

use crate::text::fold;
use serde::Deserialize;

/// A chapter as configured.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    /// Short code used everywhere (`VNI`).
    pub code: String,
    /// Official name (`Hội LHPN huyện Vạn Ninh`).
    pub name: String,
    /// Other ways the name is written.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where acknowledgements and reminders go.
    pub email: String,
    /// Other addresses the chapter's reports are mailed from (a staff member's own mailbox).
    #[serde(default)]
    pub senders: Vec<String>,
}

/// All chapters, with their names folded once for matching.
#[derive(Debug, Clone)]
pub struct Registry {
    chapters: Vec<Chapter>,
    /// (folded name or alias, index into `chapters`).
    keys: Vec<(String, usize)>,
}

impl Registry {
    /// Builds the registry, refusing duplicate codes and empty names.
    pub fn new(chapters: Vec<Chapter>) -> Result<Registry, String> {
        let mut keys = Vec::new();
        for (i, c) in chapters.iter().enumerate() {
            if c.code.trim().is_empty() || c.name.trim().is_empty() {
                return Err(format!("chapter #{} needs a code and a name", i + 1));
            }
            if chapters[..i].iter().any(|o| o.code == c.code) {
                return Err(format!("chapter code `{}` is listed twice", c.code));
            }
            // Checked here, once, so a typo fails at start-up rather than when a reminder is due.
            if let Err(e) = c.email.parse::<lettre::Address>() {
                return Err(format!(
                    "chapter `{}`: email `{}` is not an e-mail address like `ten@example.vn`: {e}",
                    c.code, c.email
                ));
            }
            for name in std::iter::once(&c.name).chain(&c.aliases) {
                // Spaces around the key make `contains` match whole words only.
                keys.push((format!(" {} ", fold(name)), i));
            }
        }
        Ok(Registry { chapters, keys })
    }

    /// All chapters in configuration order.
    pub fn chapters(&self) -> &[Chapter] {
        &self.chapters
    }

    /// The chapter whose `email` or `senders` is this address (any case).
    pub fn by_sender(&self, address: &str) -> Option<&Chapter> {
        let same = |a: &String| a.trim().eq_ignore_ascii_case(address.trim());
        self.chapters
            .iter()
            .find(|c| same(&c.email) || c.senders.iter().any(same))
    }

    /// The chapter with this code.
    pub fn get(&self, code: &str) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.code.eq_ignore_ascii_case(code))
    }

    /// The chapter named in `text`, if exactly one matches best.
    pub fn find(&self, text: &str) -> Option<&Chapter> {
        let folded = format!(" {} ", fold(text));
        if let Some(c) = self.get(text.trim()) {
            return Some(c);
        }
        let mut hits = self.keys.iter().filter(|(k, _)| folded.contains(k.as_str()));
        let (_, first) = hits.next()?;
        // Two different chapters named in one text is ambiguous: better no answer than a guess.
        let ambiguous = hits.any(|(_, i)| i != first);
        (!ambiguous).then(|| &self.chapters[*first])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn registry() -> Registry {
        Settings::load(None).unwrap().registry
    }

    #[test]
    fn official_names_and_variants_match() {
        let r = registry();
        assert_eq!(r.find("Hội LHPN huyện Vạn Ninh").unwrap().code, "VNI");
        assert_eq!(r.find("HỘI LHPN HUYỆN VẠN NINH").unwrap().code, "VNI");
        assert_eq!(r.find("hoi lhpn huyen van ninh").unwrap().code, "VNI");
        assert_eq!(r.find("Hội LHPN thị xã Ninh Hòa").unwrap().code, "NHO");
        assert_eq!(r.find("Hội Phụ nữ Công an tỉnh").unwrap().code, "CAT");
        assert_eq!(r.find("dkh").unwrap().code, "DKH");
    }

    #[test]
    fn the_province_itself_is_no_chapter() {
        assert_eq!(registry().find("HỘI LHPN TỈNH KHÁNH HÒA"), None);
    }

    #[test]
    fn a_name_naming_two_chapters_is_no_match() {
        assert_eq!(registry().find("Hội LHPN Cam Ranh và Cam Lâm"), None);
    }

    #[test]
    fn duplicate_codes_are_refused() {
        let c = registry().chapters()[0].clone();
        assert!(Registry::new(vec![c.clone(), c]).is_err());
    }
}
