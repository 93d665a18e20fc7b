//! Year-on-year comparison, like with like: the change of a figure is computed over the
//! chapters that reported in both periods, never between two totals of different chapters
//! (six chapters this year against six others a year earlier reads as a collapse or a boom
//! that is only a change of who sent a report).

use super::gather::{ChapterEntry, Received};
use crate::registry::Registry;
use serde::Serialize;
use std::collections::HashMap;

/// Who reported in each of the two periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Overlap {
    /// Chapters whose submission counts this period.
    pub now: usize,
    /// Chapters whose submission counted a year earlier.
    pub then: usize,
    /// Chapters that reported in both (a former unit and all its successors count as one).
    pub both: usize,
    /// Of `both`, former units compared with the sum of their successors.
    #[serde(default)]
    pub successors: usize,
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

/// The overlap of the chapters reporting `now` and a year earlier; `now` as
/// [`through_successors`] gives it, `reported` the units whose report counts now.
pub fn overlap(now: &[ChapterEntry], then: &Then, reported: usize, successors: usize) -> Overlap {
    Overlap {
        now: reported,
        then: then.0.len(),
        both: now
            .iter()
            .filter(|c| c.report.is_some() && then.0.contains_key(c.code.as_str()))
            .count(),
        successors,
    }
}

/// The units of `now` as they compare with a year earlier: the successors of a unit that
/// reported then (a district's communes after the reform) stand together under its code when
/// every one of them reported, their figures added where every one gave it — a part of the
/// communes against the whole district would read as a collapse. Returns the units and how
/// many former units were so compared.
pub fn through_successors(registry: &Registry, now: &[ChapterEntry], then: &Then) -> (Vec<ChapterEntry>, usize) {
    let mut out: Vec<ChapterEntry> = now.to_vec();
    let mut merged = 0;
    for (code, _) in then.0.iter() {
        let Some(former) = registry.get(code).filter(|u| !u.successors.is_empty()) else {
            continue;
        };
        if out.iter().any(|c| c.code == former.code) {
            continue;
        }
        let parts: Vec<&ChapterEntry> = out.iter().filter(|c| former.successors.contains(&c.code)).collect();
        let reports: Vec<&Received> = parts.iter().filter_map(|c| c.report.as_ref()).collect();
        if parts.is_empty() || reports.len() < parts.len() {
            continue;
        }
        let values = (0..reports[0].values.len())
            .map(|i| reports.iter().map(|r| r.values[i]).sum::<Option<i64>>())
            .collect();
        let together = ChapterEntry {
            code: former.code.clone(),
            name: former.name.clone(),
            report: Some(Received {
                values,
                texts: vec![],
                ..reports[0].clone()
            }),
        };
        out.retain(|c| !former.successors.contains(&c.code));
        out.push(together);
        merged += 1;
    }
    (out, merged)
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
        let o = overlap(&now, &index, 6, 0);
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
    fn a_former_unit_stands_for_all_its_successors_or_not_at_all() {
        let unit = |code: &str, successors: &[&str]| crate::registry::Chapter {
            code: code.into(),
            name: code.into(),
            aliases: vec![],
            email: "a@example.vn".into(),
            senders: vec![],
            level: crate::registry::Level::District,
            parent: None,
            from: None,
            until: None,
            successors: successors.iter().map(|s| s.to_string()).collect(),
        };
        let registry = Registry::new(vec![
            unit("D", &["C1", "C2"]),
            unit("E", &["C3", "C4"]),
            unit("C1", &[]),
            unit("C2", &[]),
            unit("C3", &[]),
            unit("C4", &[]),
        ])
        .unwrap();
        let now = vec![
            entry("C1", Some(&[Some(3), Some(1)])),
            entry("C2", Some(&[Some(4), None])),
            entry("C3", Some(&[Some(9), Some(9)])),
            entry("C4", None),
        ];
        let then = vec![
            entry("D", Some(&[Some(5), Some(2)])),
            entry("E", Some(&[Some(8), Some(8)])),
        ];
        let index = Then::new(&then);
        let (comparable, merged) = through_successors(&registry, &now, &index);
        assert_eq!(merged, 1, "E's successor C4 has not reported");
        let d = comparable.iter().find(|c| c.code == "D").unwrap();
        assert_eq!(
            d.report.as_ref().unwrap().values,
            [Some(7), None],
            "a figure one successor lacks is not added"
        );
        assert!(comparable.iter().all(|c| c.code != "C1" && c.code != "C2"));
        assert_eq!(
            compared(&comparable, &index, 0),
            Some(Compared {
                now: 7,
                then: 5,
                chapters: 1
            })
        );
        let o = overlap(&comparable, &index, 3, merged);
        assert_eq!((o.now, o.then, o.both, o.successors), (3, 2, 1, 1));
    }

    #[test]
    fn too_small_an_overlap_is_not_enough() {
        let o = |now, then, both| Overlap {
            now,
            then,
            both,
            successors: 0,
        };
        assert!(!o(6, 6, 2).enough(), "two of six");
        assert!(!o(1, 1, 1).enough(), "one chapter is not the province");
        assert!(o(4, 6, 3).enough());
        assert!(o(2, 2, 2).enough() && o(2, 2, 2).same_chapters());
    }
}
