//! The grid's rows under their parents, as the appendix of the compiled report groups them: a
//! former district's communes together under a heading row that says, per period, how many of
//! them have sent; the parent's own row (the district before the reform) first in its group.
//! A list where no unit has a parent is left as it is, without headings.

use super::grid::Row;
use crate::owed::State;
use crate::registry::Registry;
use serde::Serialize;

/// The row above a group.
#[derive(Debug, Serialize)]
pub struct Heading {
    /// The parent's name, or the words for the units without one.
    pub name: String,
    /// Per period: `đã nộp 2/4`, none where no unit of the group was asked.
    pub counts: Vec<Option<String>>,
}

/// `rows` (in registry order) grouped by parent, each group's first row carrying its heading.
pub fn group(registry: &Registry, mut rows: Vec<Row>) -> Vec<Row> {
    let parent = |code: &str| registry.get(code).and_then(|c| c.parent.clone());
    if rows.iter().all(|r| parent(&r.code).is_none()) {
        return rows;
    }
    let parents: std::collections::HashSet<String> = rows.iter().filter_map(|r| parent(&r.code)).collect();
    // A unit others report through heads its own group; one with neither is a direct unit.
    let key = |code: &str| parent(code).or_else(|| parents.contains(code).then(|| code.to_string()));
    let mut order: Vec<Option<String>> = Vec::new();
    for r in &rows {
        let k = key(&r.code);
        if !order.contains(&k) {
            order.push(k);
        }
    }
    // Direct units last; the parent's own row first within its group.
    let rank = |code: &str| {
        let k = key(code);
        let at = order.iter().position(|o| *o == k).unwrap_or(0);
        (k.is_none(), at, k.as_deref() != Some(code))
    };
    rows.sort_by_cached_key(|r| rank(&r.code));
    let mut start = 0;
    while start < rows.len() {
        let k = key(&rows[start].code);
        let end = start + rows[start..].iter().take_while(|r| key(&r.code) == k).count();
        let name = k
            .as_deref()
            .and_then(|c| registry.get(c))
            .map_or(crate::compile::groups::DIRECT.to_string(), |c| c.name.clone());
        let counts = counts(&rows[start..end]);
        rows[start].heading = Some(Heading { name, counts });
        start = end;
    }
    rows
}

/// Per period, `đã nộp SENT/ASKED` over the rows asked.
fn counts(rows: &[Row]) -> Vec<Option<String>> {
    let periods = rows.first().map_or(0, |r| r.cells.len());
    (0..periods)
        .map(|p| {
            let asked: Vec<State> = rows
                .iter()
                .filter_map(|r| r.cells[p].as_ref().map(|c| c.state))
                .collect();
            let sent = asked
                .iter()
                .filter(|s| matches!(s, State::OnTime | State::Late | State::Review))
                .count();
            (!asked.is_empty()).then(|| format!("đã nộp {sent}/{}", asked.len()))
        })
        .collect()
}
