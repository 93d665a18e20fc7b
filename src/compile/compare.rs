//! Year-on-year comparison, like with like: the change of a figure is computed over the
//! chapters that reported in both periods, never between two totals of different chapters
//! (six chapters this year against six others a year earlier reads as a collapse or a boom
//! that is only a change of who sent a report).

use super::gather::{ChapterEntry, Received};
use serde::Serialize;
use std::collections::HashMap;

/// Who reported in each of the two periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Overlap {
    /// Chapters whose submission counts this period.
    pub now: usize,
    /// Chapters whose submission counted a year earlier.
    pub then: usize,
    /// Chapters that reported in both.
    pub both: usize,
}

impl Overlap {
    /// Whether a change over the chapters in both periods says something about the
    /// province: at least two of them, and at least half of those reporting in each period.
    /// Below that the change describes a few chapters, not the province's work.
    pub fn enough(&self) -> bool {
        self.both >= 2 && self.both * 2 >= self.now.max(self.then)
    }

    /// Whether the two periods were reported by exactly the same chapters.
    pub fn same_chapters(&self) -> bool {
        self.both == self.now && self.both == self.then
    }
}

/// One figure over the chapters that reported it in both periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Compared {
    /// Their sum this period.
    pub now: i64,
    /// Their sum a year earlier.
    pub then: i64,
    /// How many chapters that is.
    pub chapters: usize,
}

/// The reports of a year earlier by chapter code, built once: a national roll-up compares
/// thousands of chapters per indicator.
pub struct Then<'a>(HashMap<&'a str, &'a Received>);

impl<'a> Then<'a> {
    pub fn new(then: &'a [ChapterEntry]) -> Then<'a> {
        Then(
            then.iter()
                .filter_map(|c| Some((c.code.as_str(), c.report.as_ref()?)))
                .collect(),
        )
    }
}

/// The overlap of the chapters reporting `now` and a year earlier.
pub fn overlap(now: &[ChapterEntry], then: &Then) -> Overlap {
    let reported: Vec<&ChapterEntry> = now.iter().filter(|c| c.report.is_some()).collect();
    Overlap {
        now: reported.len(),
        then: then.0.len(),
        both: reported.iter().filter(|c| then.0.contains_key(c.code.as_str())).count(),
    }
}

/// Figure `i` over the chapters that have it in both periods; `None` when none has.
pub fn compared(now: &[ChapterEntry], then: &Then, i: usize) -> Option<Compared> {
    let pairs: Vec<(i64, i64)> = now
        .iter()
        .filter_map(|c| Some((c.report.as_ref()?.values[i]?, then.0.get(c.code.as_str())?.values[i]?)))
        .collect();
    (!pairs.is_empty()).then(|| Compared {
        now: pairs.iter().map(|p| p.0).sum(),
        then: pairs.iter().map(|p| p.1).sum(),
        chapters: pairs.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::Received;
    use crate::model::Status;

    fn entry(code: &str, values: Option<&[Option<i64>]>) -> ChapterEntry {
        ChapterEntry {
            code: code.into(),
            name: code.into(),
            report: values.map(|v| Received {
                id: 1,
                status: Status::Accepted,
                received_at: jiff::Timestamp::UNIX_EPOCH,
                on_time: None,
                file_name: "x.docx".into(),
                values: v.to_vec(),
                texts: vec![],
            }),
        }
    }

    #[test]
    fn the_change_is_over_the_chapters_in_both_periods() {
        // As in the issue: six chapters each year, four of them in both.
        let now: Vec<ChapterEntry> = ["A", "B", "C", "D", "E", "F"]
            .iter()
            .map(|c| entry(c, Some(&[Some(10), None])))
            .collect();
        let mut then: Vec<ChapterEntry> = ["A", "B", "C", "D", "G", "H"]
            .iter()
            .map(|c| entry(c, Some(&[Some(100), Some(1)])))
            .collect();
        then.push(entry("E", None));
        let index = Then::new(&then);
        let o = overlap(&now, &index);
        assert_eq!((o.now, o.then, o.both), (6, 6, 4));
        assert!(o.enough() && !o.same_chapters());
        assert_eq!(
            compared(&now, &index, 0),
            Some(Compared {
                now: 40,
                then: 400,
                chapters: 4
            })
        );
        assert_eq!(compared(&now, &index, 1), None, "never reported this period");
    }

    #[test]
    fn too_small_an_overlap_is_not_enough() {
        let o = |now, then, both| Overlap { now, then, both };
        assert!(!o(6, 6, 2).enough(), "two of six");
        assert!(!o(1, 1, 1).enough(), "one chapter is not the province");
        assert!(o(4, 6, 3).enough());
        assert!(o(2, 2, 2).enough() && o(2, 2, 2).same_chapters());
    }
}
