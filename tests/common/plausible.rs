//! The cross-period rule of issue 11 applied to values a test wrote (its own oracle, never the
//! library's code): which reports the pipeline must store as "needs review" for being out of
//! line with the chapter's earlier reports. Thresholds: the embedded form's (5×, floor 10).
#![allow(dead_code)]

use std::collections::BTreeMap;

/// Integer figures by field key.
pub type Figures = BTreeMap<String, i64>;

/// The reports that count so far, by (chapter, period code).
#[derive(Default)]
pub struct Counting(BTreeMap<(String, String), Figures>);

impl Counting {
    /// Whether a report arriving now is out of line; it then counts for its period.
    pub fn arrives(&mut self, chapter: &str, period: &str, figures: Figures) -> bool {
        let (year, kind) = period.split_once('-').unwrap();
        let year: i32 = year.parse().unwrap();
        let get = |p: String| self.0.get(&(chapter.to_string(), p));
        let mut out = false;
        if let Some(before) = get(format!("{}-{kind}", year - 1)) {
            out |= figures.iter().any(|(k, &now)| {
                before
                    .get(k)
                    .is_some_and(|&then| now.min(then) >= 10 && (now >= 5 * then || 5 * now <= then))
            });
        }
        let other = if kind == "H1" { "Y" } else { "H1" };
        if let Some(pair) = get(format!("{year}-{other}")) {
            let (half, annual) = if kind == "H1" {
                (&figures, pair)
            } else {
                (pair, &figures)
            };
            out |= half.iter().any(|(k, &h)| annual.get(k).is_some_and(|&y| h > y));
        }
        self.0.insert((chapter.to_string(), period.to_string()), figures);
        out
    }
}
