//! The units of a compilation under their parents: a former district's communes, a province's
//! communes in a national roll-up. Each group carries how many of its units owe the report,
//! how many sent one, and its subtotals, so that an appendix of hundreds of units reads by
//! group; and [`within`] says which units a roll-up report of one unit covers.

use super::gather::ChapterEntry;
use crate::registry::Registry;
use serde::Serialize;

/// The units sharing one parent, in the compilation's order.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The parent's code; none for the units reporting to the report's own level directly.
    pub code: Option<String>,
    /// The parent's name (`Hội LHPN thành phố Nha Trang`), or the words for those without.
    pub name: String,
    /// Indexes of its units in the compilation's units.
    pub members: Vec<usize>,
    /// Of them, those whose report counts.
    pub received: usize,
    /// Sums over those reports, in the order of the indicators; none where nobody gave it.
    pub totals: Vec<Option<i64>>,
}

/// What the units without a parent are called in the appendix.
pub const DIRECT: &str = "Các đơn vị trực thuộc";

/// Groups `units` by parent; empty when no unit has a parent in the registry (the flat list
/// reads best then).
pub fn groups(registry: &Registry, units: &[ChapterEntry], indicators: usize) -> Vec<Group> {
    let parent = |u: &ChapterEntry| registry.get(&u.code).and_then(|c| c.parent.clone());
    if units.iter().all(|u| parent(u).is_none()) {
        return vec![];
    }
    let mut groups: Vec<Group> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        let code = parent(unit);
        let at = match groups.iter().position(|g| g.code == code) {
            Some(at) => at,
            None => {
                let name = code
                    .as_deref()
                    .and_then(|c| registry.get(c))
                    .map_or(DIRECT.to_string(), |c| c.name.clone());
                groups.push(Group {
                    code,
                    name,
                    members: vec![],
                    received: 0,
                    totals: vec![None; indicators],
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[at];
        group.members.push(i);
        if let Some(report) = &unit.report {
            group.received += 1;
            for (total, value) in group.totals.iter_mut().zip(&report.values) {
                if let Some(v) = value {
                    *total = Some(total.unwrap_or(0) + v);
                }
            }
        }
    }
    groups
}

/// Puts the units of one parent next to each other, parents in the order their first unit
/// comes, units in their order within (a stable sort: a list without parents is unchanged).
pub fn order(registry: &Registry, units: &mut [ChapterEntry]) {
    let parent = |u: &ChapterEntry| registry.get(&u.code).and_then(|c| c.parent.clone());
    let mut seen: Vec<Option<String>> = Vec::new();
    for unit in units.iter() {
        let p = parent(unit);
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    units.sort_by_cached_key(|u| {
        let p = parent(u);
        seen.iter().position(|s| *s == p)
    });
}

/// Whether unit `code` is `scope` or under it (through its parents).
pub fn within(registry: &Registry, code: &str, scope: &str) -> bool {
    let mut at = Some(code.to_string());
    for _ in 0..=registry.chapters().len() {
        match at {
            Some(c) if c == scope => return true,
            Some(c) => at = registry.get(&c).and_then(|u| u.parent.clone()),
            None => return false,
        }
    }
    false
}
