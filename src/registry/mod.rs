//! The chapter registry: which chapters report, and how their names are recognised.
//!
//! Documents name a chapter in many ways (`Hội LHPN huyện Vạn Ninh`, `HỘI LHPN HUYỆN VẠN NINH`,
//! `Van Ninh`). A name matches a chapter when the chapter's folded name or one of its aliases
//! appears in it as whole words; and a text naming two different chapters is no match
//! at all rather than a guess.

use crate::text::fold;
use jiff::civil::Date;
use serde::Deserialize;

mod level;

pub use level::Level;

/// A chapter (a reporting unit) with its place and its dates.
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
    /// Where the unit stands (`huyện` unless said).
    #[serde(default)]
    pub level: Level,
    /// The code of the unit it reports through (a former district for its communes, a
    /// cluster); none for a unit reporting to the province directly.
    #[serde(default)]
    pub parent: Option<String>,
    /// The first day it exists (none: always has).
    #[serde(default, with = "day")]
    pub from: Option<Date>,
    /// The last day it exists (none: still does).
    #[serde(default, with = "day")]
    pub until: Option<Date>,
    /// The units that took over from a unit merged or split away, for comparisons across.
    #[serde(default)]
    pub successors: Vec<String>,
}

impl Chapter {
    /// Whether the unit exists on `day`.
    pub fn active_on(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day <= u)
    }
}

/// Days written `2025-06-30` in the configuration file (a quoted string).
mod day {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        text.map(|t| t.trim().parse::<Date>().map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// All chapters, with their names folded once for matching.
#[derive(Debug, Clone)]
pub struct Registry {
    chapters: Vec<Chapter>,
    /// (folded name or alias, index into `chapters`).
    keys: Vec<(String, usize)>,
    /// Index into `chapters` by upper-case code: a national list is looked up thousands of times.
    codes: std::collections::HashMap<String, usize>,
}

impl Registry {
    /// Builds the registry, refusing duplicate codes and empty names.
    pub fn new(chapters: Vec<Chapter>) -> Result<Registry, String> {
        for c in &chapters {
            check_links(c, &chapters)?;
        }
        Registry::unlinked(chapters)
    }

    /// [`Registry::new`] without the check of parents and successors (a day's part of a
    /// checked list names units outside it).
    fn unlinked(chapters: Vec<Chapter>) -> Result<Registry, String> {
        let mut keys = Vec::new();
        let mut codes = std::collections::HashMap::new();
        for (i, c) in chapters.iter().enumerate() {
            if c.code.trim().is_empty() || c.name.trim().is_empty() {
                return Err(format!("chapter #{} needs a code and a name", i + 1));
            }
            // Codes are looked up without regard to case (`vni` is VNI): two that differ only
            // in case are one code.
            if codes.insert(c.code.to_uppercase(), i).is_some() {
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
        Ok(Registry { chapters, keys, codes })
    }

    /// All chapters in configuration order, past ones included.
    pub fn chapters(&self) -> &[Chapter] {
        &self.chapters
    }

    /// The chapters that exist on `day`, in order.
    pub fn active_on(&self, day: Date) -> impl Iterator<Item = &Chapter> {
        self.chapters.iter().filter(move |c| c.active_on(day))
    }

    /// Whether any unit has dates (a registry without history needs no second look).
    pub fn has_history(&self) -> bool {
        self.chapters.iter().any(|c| c.from.is_some() || c.until.is_some())
    }

    /// The registry of the units that exist on `day`: a name shared by a former district and
    /// today's ward (`Cam Ranh`) is then one unit again.
    pub fn as_of(&self, day: Date) -> Registry {
        let chapters = self.active_on(day).cloned().collect();
        Registry::unlinked(chapters).expect("a part of a checked registry is checked")
    }

    /// The units whose parent is `code`, in order.
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Chapter> {
        self.chapters.iter().filter(move |c| c.parent.as_deref() == Some(code))
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
        self.codes.get(&code.to_uppercase()).map(|&i| &self.chapters[i])
    }

    /// The chapter named in `text`, if exactly one matches best.
    pub fn find(&self, text: &str) -> Option<&Chapter> {
        let folded = format!(" {} ", fold(text));
        if let Some(c) = self.get(text.trim()) {
            return Some(c);
        }
        let hits: Vec<&(String, usize)> = self.keys.iter().filter(|(k, _)| folded.contains(k.as_str())).collect();
        // A name inside another unit's longer name found in the same text is not that unit:
        // `Hội LHPN phường Bắc Nha Trang` holds `Nha Trang`, yet names the ward only.
        let inside_another = |(k, i): &&(String, usize)| {
            hits.iter()
                .any(|(o, j)| j != i && o.len() > k.len() && o.contains(k.as_str()))
        };
        let mut named = hits.iter().filter(|h| !inside_another(h)).map(|(_, i)| *i);
        let first = named.next()?;
        // Two different chapters named in one text is ambiguous: better no answer than a guess.
        let ambiguous = named.any(|i| i != first);
        (!ambiguous).then(|| &self.chapters[first])
    }
}

/// A parent or successor must be a unit of the list, and a unit cannot end before it begins.
fn check_links(c: &Chapter, all: &[Chapter]) -> Result<(), String> {
    let known = |code: &String| all.iter().any(|o| &o.code == code);
    if let Some(p) = c.parent.as_ref().filter(|p| !known(p)) {
        return Err(format!("chapter `{}`: parent `{p}` is not in the list", c.code));
    }
    if let Some(s) = c.successors.iter().find(|s| !known(s)) {
        return Err(format!("chapter `{}`: successor `{s}` is not in the list", c.code));
    }
    if let (Some(f), Some(u)) = (c.from, c.until)
        && u < f
    {
        return Err(format!("chapter `{}`: until {u} is before from {f}", c.code));
    }
    Ok(())
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

    fn unit(code: &str, name: &str, alias: &str, from: Option<&str>, until: Option<&str>) -> Chapter {
        let day = |d: Option<&str>| d.map(|d| d.parse().unwrap());
        Chapter {
            code: code.into(),
            name: name.into(),
            aliases: vec![alias.into()],
            email: format!("{}@example.vn", code.to_lowercase()),
            senders: vec![],
            level: Level::District,
            parent: None,
            from: day(from),
            until: day(until),
            successors: vec![],
        }
    }

    fn reformed() -> Registry {
        Registry::new(vec![
            unit(
                "CRA",
                "Hội LHPN thành phố Cam Ranh",
                "Cam Ranh",
                None,
                Some("2025-06-30"),
            ),
            unit("P-CR", "Hội LHPN phường Cam Ranh", "Cam Ranh", Some("2025-07-01"), None),
            unit(
                "P-BCR",
                "Hội LHPN phường Bắc Cam Ranh",
                "Bắc Cam Ranh",
                Some("2025-07-01"),
                None,
            ),
        ])
        .unwrap()
    }

    #[test]
    fn a_name_inside_a_longer_name_found_is_the_longer_ones() {
        let r = reformed();
        assert_eq!(r.find("Hội LHPN phường Bắc Cam Ranh").unwrap().code, "P-BCR");
        assert_eq!(r.find("HỘI LHPN THÀNH PHỐ CAM RANH").unwrap().code, "CRA");
        assert_eq!(r.find("Hội LHPN phường Cam Ranh").unwrap().code, "P-CR");
        assert_eq!(r.find("Cam Ranh"), None, "the city or the ward: not a guess");
    }

    #[test]
    fn the_units_of_a_day_name_a_shared_name_once() {
        let r = reformed();
        let before = r.as_of("2025-06-15".parse().unwrap());
        assert_eq!(before.find("Cam Ranh").unwrap().code, "CRA");
        let after = r.as_of("2025-12-15".parse().unwrap());
        assert_eq!(after.find("Cam Ranh").unwrap().code, "P-CR");
        assert_eq!(after.chapters().len(), 2);
        assert!(r.has_history() && !registry().as_of("2020-01-01".parse().unwrap()).chapters().is_empty());
    }

    #[test]
    fn links_to_units_not_listed_and_ends_before_beginnings_are_refused() {
        let mut orphan = unit("X", "Hội LHPN xã X", "X", None, None);
        orphan.parent = Some("NOWHERE".into());
        assert!(Registry::new(vec![orphan]).unwrap_err().contains("NOWHERE"));
        let backwards = unit("Y", "Hội LHPN xã Y", "Y", Some("2025-07-01"), Some("2025-01-01"));
        assert!(Registry::new(vec![backwards]).unwrap_err().contains("before"));
    }

    #[test]
    fn duplicate_codes_are_refused() {
        let c = registry().chapters()[0].clone();
        assert!(Registry::new(vec![c.clone(), c]).is_err());
    }
}
