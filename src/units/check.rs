//! The checks a units list must pass before it is stored: every parent and successor is a unit
//! of the list, no unit ends before it begins, and no unit is its own ancestor.

use crate::registry::Chapter;
use std::collections::HashMap;

/// Every fault of the list, one sentence each (empty: the list is sound).
pub fn links(units: &[Chapter]) -> Vec<String> {
    let parents: HashMap<&str, Option<&str>> = units.iter().map(|u| (u.code.as_str(), u.parent.as_deref())).collect();
    let known = |code: &str| parents.contains_key(code);
    let mut problems = Vec::new();
    for u in units {
        if let Some(p) = u.parent.as_deref().filter(|p| !known(p)) {
            problems.push(format!(
                "{}: đơn vị trực thuộc \"{p}\" không có trong danh sách",
                u.code
            ));
        }
        for s in u.successors.iter().filter(|s| !known(s)) {
            problems.push(format!("{}: đơn vị kế tục \"{s}\" không có trong danh sách", u.code));
        }
        if let (Some(f), Some(t)) = (u.from, u.until)
            && t < f
        {
            problems.push(format!("{}: đến ngày {t} trước từ ngày {f}", u.code));
        }
        if loops(u, &parents) {
            problems.push(format!(
                "{}: vòng lặp đơn vị trực thuộc (đơn vị thuộc chính nó)",
                u.code
            ));
        }
    }
    problems
}

/// Whether following `parent` from `unit` comes back to it.
fn loops(unit: &Chapter, parents: &HashMap<&str, Option<&str>>) -> bool {
    let mut at = unit.parent.as_deref();
    for _ in 0..parents.len() {
        match at {
            None => return false,
            Some(code) if code == unit.code => return true,
            Some(code) => at = parents.get(code).copied().flatten(),
        }
    }
    true
}
