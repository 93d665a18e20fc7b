//! What an import changes: the file's units merged into the list, checked, and each change
//! written out for the person who runs it to read before `--apply`.

use crate::registry::Chapter;
use crate::text::fold;
use std::collections::HashMap;

/// One change of the list.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A unit new to the list.
    Added(Chapter),
    /// A unit whose columns change: (column, before, after).
    Changed {
        code: String,
        name: String,
        columns: Vec<(&'static str, String, String)>,
    },
}

/// The list after an import, and how it got there.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The whole list to store.
    pub units: Vec<Chapter>,
    /// What the file changes, in the file's order.
    pub changes: Vec<Change>,
    /// Units of the list the file does not name: kept as they are (a unit ends with `until`,
    /// never by leaving the file, so that no past report loses its unit).
    pub kept: Vec<String>,
}

/// Merges `file` into `current`: the file's rows replace the units of the same code, new ones
/// come after. When the file holds every unit, its order becomes the list's order.
pub fn plan(current: &[Chapter], file: Vec<Chapter>) -> Result<Plan, Vec<String>> {
    let mut problems = duplicates(&file);
    // Looked up by code: a national list has thousands of units.
    let in_file: HashMap<&str, &Chapter> = file.iter().map(|u| (u.code.as_str(), u)).collect();
    let stored: HashMap<&str, &Chapter> = current.iter().map(|u| (u.code.as_str(), u)).collect();
    let kept: Vec<String> = current
        .iter()
        .filter(|c| !in_file.contains_key(c.code.as_str()))
        .map(|c| c.code.clone())
        .collect();
    let mut changes = Vec::new();
    for unit in &file {
        match stored.get(unit.code.as_str()) {
            None => changes.push(Change::Added(unit.clone())),
            Some(before) => {
                let columns = differences(before, unit);
                if !columns.is_empty() {
                    changes.push(Change::Changed {
                        code: unit.code.clone(),
                        name: unit.name.clone(),
                        columns,
                    });
                }
            }
        }
    }
    let units: Vec<Chapter> = match kept.is_empty() {
        true => file.clone(),
        false => {
            let mut merged: Vec<Chapter> = current
                .iter()
                .map(|c| (*in_file.get(c.code.as_str()).unwrap_or(&c)).clone())
                .collect();
            merged.extend(file.iter().filter(|u| !stored.contains_key(u.code.as_str())).cloned());
            merged
        }
    };
    problems.extend(super::check::links(&units));
    match problems.is_empty() {
        true => Ok(Plan { units, changes, kept }),
        false => Err(problems),
    }
}

fn duplicates(file: &[Chapter]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    file.iter()
        .filter(|u| !seen.insert(fold(&u.code)))
        .map(|u| format!("mã {} có hai lần trong tệp", u.code))
        .collect()
}

fn differences(before: &Chapter, after: &Chapter) -> Vec<(&'static str, String, String)> {
    let (old, new) = (super::table::fields(before), super::table::fields(after));
    super::table::COLUMNS
        .into_iter()
        .zip(old.into_iter().zip(new))
        .filter(|(_, (o, n))| o != n)
        .map(|(c, (o, n))| (c, o, n))
        .collect()
}

/// The changes as lines to read: `+ code  name (level, parent, from … until)`, `~ code  column: before → after`.
pub fn describe(plan: &Plan) -> Vec<String> {
    let shown = |s: &str| {
        if s.is_empty() {
            "(trống)".to_string()
        } else {
            s.to_string()
        }
    };
    let mut lines = Vec::new();
    for change in &plan.changes {
        match change {
            Change::Added(u) => {
                let f = super::table::fields(u);
                let mut about = vec![f[2].clone()];
                about.extend(u.parent.as_ref().map(|p| format!("trực thuộc {p}")));
                about.extend(u.from.map(|d| format!("từ {}", d.strftime("%d/%m/%Y"))));
                about.extend(u.until.map(|d| format!("đến {}", d.strftime("%d/%m/%Y"))));
                lines.push(format!("+ {}  {} ({})", u.code, u.name, about.join(", ")));
            }
            Change::Changed { code, name, columns } => {
                lines.push(format!("~ {code}  {name}"));
                for (column, before, after) in columns {
                    lines.push(format!("      {column}: {} → {}", shown(before), shown(after)));
                }
            }
        }
    }
    lines
}
