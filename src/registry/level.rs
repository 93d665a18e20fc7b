//! The levels of the organisation a unit stands at, as the units list writes them and as the
//! staff write them in their own Excel list.

use crate::text::fold;
use serde::{Deserialize, Serialize};

/// Where a unit stands in the organisation (`level` in the units list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
pub enum Level {
    /// The province itself, or a province of a national roll-up.
    #[serde(rename = "tỉnh")]
    Province,
    /// A district, town or city union: the chapters of the province before 1/7/2025.
    #[default]
    #[serde(rename = "huyện")]
    District,
    /// A commune, ward or special-zone union: the chapters since 1/7/2025.
    #[serde(rename = "xã")]
    Commune,
    /// A unit attached to the province directly (the police's, a hospital's women's union).
    #[serde(rename = "trực thuộc")]
    Affiliated,
}

impl Level {
    /// Every level, from the top.
    pub const ALL: [Level; 4] = [Level::Province, Level::District, Level::Commune, Level::Affiliated];

    /// The word written in the units list.
    pub fn word(self) -> &'static str {
        match self {
            Level::Province => "tỉnh",
            Level::District => "huyện",
            Level::Commune => "xã",
            Level::Affiliated => "trực thuộc",
        }
    }

    /// Reads the level as the staff write it (`Huyện`, `thị xã`, `phường`, `đặc khu`,
    /// `Đơn vị trực thuộc`), capitals and diacritics aside.
    pub fn parse(text: &str) -> Option<Level> {
        let words: &[(&str, Level)] = &[
            ("tinh", Level::Province),
            ("thanh pho truc thuoc trung uong", Level::Province),
            ("huyen", Level::District),
            ("quan", Level::District),
            ("thi xa", Level::District),
            ("thanh pho", Level::District),
            ("xa", Level::Commune),
            ("phuong", Level::Commune),
            ("thi tran", Level::Commune),
            ("dac khu", Level::Commune),
            ("xa phuong dac khu", Level::Commune),
            ("truc thuoc", Level::Affiliated),
            ("don vi truc thuoc", Level::Affiliated),
        ];
        let folded = fold(text);
        words.iter().find(|(w, _)| *w == folded).map(|(_, l)| *l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_read_as_the_staff_write_them() {
        assert_eq!(Level::parse("Phường"), Some(Level::Commune));
        assert_eq!(Level::parse("ĐẶC KHU"), Some(Level::Commune));
        assert_eq!(Level::parse("thị xã"), Some(Level::District));
        assert_eq!(Level::parse("Đơn vị trực thuộc"), Some(Level::Affiliated));
        assert_eq!(Level::parse("thôn"), None);
        for level in Level::ALL {
            assert_eq!(Level::parse(level.word()), Some(level));
        }
    }
}
