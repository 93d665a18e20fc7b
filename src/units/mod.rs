//! The units that report, as data with history: kept in the database, seeded once from the
//! configuration's `[[chapters]]`, changed by importing the list the staff keep in Excel.
//!
//! Every command and the daemon call [`load`] after opening the store, so that the registry
//! every stage reads ([`Settings::registry`]) is the database's list.

pub mod changes;
mod check;
pub mod reread;
pub mod table;

use crate::config::Settings;
use crate::registry::Registry;
use crate::store::{Store, StoreError};
use std::path::PathBuf;

pub use changes::{Change, Plan};

/// Why the units could not be read or stored.
#[derive(Debug, thiserror::Error)]
pub enum UnitsError {
    /// The file could not be read.
    #[error("{}: không đọc được tệp: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// The file's rows are faulty (each problem one line).
    #[error("{}: danh sách đơn vị có lỗi, chưa cập nhật gì:\n  {}", path.display(), problems.join("\n  "))]
    Table { path: PathBuf, problems: Vec<String> },
    /// The list in the database does not form a registry (written by hand, or by an older
    /// version).
    #[error("{}: the units table is not a valid list: {message}", path.display())]
    Stored { path: PathBuf, message: String },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Makes the database's units the registry of `settings`, seeding the table from the
/// configuration the first time. Returns the codes of the configured chapters that differ
/// from the stored unit of their code (once seeded, the configuration no longer decides).
pub fn load(settings: &mut Settings, store: &mut Store) -> Result<Vec<String>, UnitsError> {
    let configured = settings.registry.chapters().to_vec();
    store.seed_units(&configured)?;
    let stored = store.units()?;
    let differ = configured
        .iter()
        .filter(|c| stored.iter().find(|s| s.code == c.code) != Some(c))
        .map(|c| c.code.clone())
        .collect();
    settings.registry = Registry::new(stored).map_err(|message| UnitsError::Stored {
        path: store.path().to_path_buf(),
        message,
    })?;
    Ok(differ)
}

/// The one line the daemon logs at its start when the configuration's chapters are no
/// longer the list in use.
pub fn differ_line(codes: &[String]) -> Option<String> {
    (!codes.is_empty()).then(|| {
        format!(
            "the units table is used; {} chapter(s) of the configuration differ from it ({}); see `baocao units export`",
            codes.len(),
            codes.join(", ")
        )
    })
}

/// Reads `file` and works out what importing it would change in the store's list.
pub fn plan(store: &Store, file: &std::path::Path) -> Result<Plan, UnitsError> {
    let (rows, mut problems) = table::read(file)?;
    let plan = changes::plan(&store.units()?, rows);
    match plan {
        Ok(plan) if problems.is_empty() => Ok(plan),
        Ok(_) => Err(UnitsError::Table {
            path: file.to_path_buf(),
            problems,
        }),
        Err(more) => {
            problems.extend(more);
            Err(UnitsError::Table {
                path: file.to_path_buf(),
                problems,
            })
        }
    }
}

/// Stores a plan's list, with a line in the audit log.
pub fn apply(
    store: &mut Store,
    plan: &Plan,
    file: &std::path::Path,
    by: &str,
    now: jiff::Timestamp,
) -> Result<(), UnitsError> {
    let added = plan.changes.iter().filter(|c| matches!(c, Change::Added(_))).count();
    let note = format!(
        "{}: thêm {added}, sửa {} đơn vị",
        file.file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
        plan.changes.len() - added
    );
    store.replace_units(&plan.units, by, &note, now)?;
    Ok(())
}
