//! Filing a taken file away: moved (or copied) into `archive/` or `rejected/` under a free
//! name, never half written, with the refusal reason beside it, and the row marked moved.

use super::{Origin, PipelineError, io};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Moves (or copies) the file to its stored path, writes the rejection reason beside it,
/// and marks the row moved. Also used by [`recover`].
pub(super) fn file_away(
    store: &Store,
    id: i64,
    from: &Path,
    to: &Path,
    origin: Origin,
    reason: Option<&str>,
) -> Result<(), PipelineError> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    if !to.exists() {
        match origin {
            Origin::Inbox => move_file(from, to)?,
            Origin::External => copy_durably(from, to)?,
        }
    }
    if let Some(reason) = reason {
        let note = reason_path(to);
        let text = format!("Tệp: {}\nLý do không tiếp nhận: {reason}\n", file_name(to));
        std::fs::write(&note, text).map_err(io(&note))?;
    }
    store.finish_move(id)?;
    Ok(())
}

/// Whether `path` lies inside `dir`, compared as absolute paths.
pub(super) fn inside(path: &Path, dir: &Path) -> bool {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    absolute(path).starts_with(absolute(dir))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `rejected/x.pdf` → `rejected/x.pdf.reason.txt`.
pub fn reason_path(stored: &Path) -> PathBuf {
    let mut name = stored.as_os_str().to_owned();
    name.push(".reason.txt");
    PathBuf::from(name)
}

/// Rename when possible; across file systems copy, sync, then remove.
fn move_file(from: &Path, to: &Path) -> Result<(), PipelineError> {
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    copy_durably(from, to)?;
    std::fs::remove_file(from).map_err(io(from))
}

/// Copies through a temporary name and renames, so the target is never half written.
fn copy_durably(from: &Path, to: &Path) -> Result<(), PipelineError> {
    let tmp = to.with_extension("partial-copy");
    std::fs::copy(from, &tmp).map_err(io(from))?;
    std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(io(&tmp))?;
    std::fs::rename(&tmp, to).map_err(io(to))
}

/// `dir/name`, or `dir/stem-2.ext`, `dir/stem-3.ext`... whichever does not exist yet.
pub(super) fn free_name(dir: &Path, name: &str) -> PathBuf {
    let candidate = dir.join(name);
    if !candidate.exists() {
        return candidate;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}{ext}")))
        .find(|p| !p.exists())
        .expect("some suffix is free")
}
