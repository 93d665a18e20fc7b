//! Filing a recorded file away into `archive/` or `rejected/`, idempotent by construction.
//!
//! The stored name is reserved in the database when the submission is recorded; filing never
//! decides anything on `exists()` and never overwrites: a same-file-system move is a rename
//! that refuses to replace (`RENAME_NOREPLACE`, else `link` + `unlink`), a cross-device move or
//! a copy goes through a temporary name unique to the intake row in the target folder, then a
//! `link` that refuses to replace. Run again after a crash at any step, it finishes the job:
//! a target that already holds the file's bytes is the earlier run's work, and the source is
//! removed only while it still holds those same bytes.

use super::examine::hash_file;
use crate::store::Mode;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The longest name a stored file may have: 255 bytes, less room for `.reason.txt`.
const MAX_NAME: usize = 255 - ".reason.txt".len();

/// One filing to do.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    /// The intake row (names the temporary copy).
    pub intake_id: i64,
    pub from: &'a Path,
    pub to: &'a Path,
    pub mode: Mode,
    /// The bytes' SHA-256, to recognise an earlier run's work.
    pub sha256: &'a str,
    /// The refusal reason, written beside a rejected file.
    pub reason: Option<&'a str>,
}

/// Files the job away; safe to run again after any failure or crash.
pub fn file_away(job: &Job) -> std::io::Result<()> {
    if let Some(dir) = job.to.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if holds(job.to, job.sha256)? {
        // An earlier run linked the copy into place and was killed before removing its
        // temporary name: that name is this row's alone, so it goes now.
        remove_if_there(&temporary(job))?;
    } else {
        match job.mode {
            Mode::Move => move_noclobber(job)?,
            Mode::Copy | Mode::Unlink => copy_noclobber(job)?,
        }
    }
    remove_source(job)?;
    if let Some(reason) = job.reason {
        write_reason(job.to, reason)?;
    }
    sync_dir(job.to);
    Ok(())
}

/// Whether `to` exists and holds the bytes `sha256`; a different file there is an error (its
/// name was reserved for us, so somebody else put it there).
fn holds(to: &Path, sha256: &str) -> std::io::Result<bool> {
    match hash_file(to) {
        Ok(h) if h == sha256 => Ok(true),
        Ok(_) => Err(std::io::Error::new(
            ErrorKind::AlreadyExists,
            format!("{} holds another file", to.display()),
        )),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

fn move_noclobber(job: &Job) -> std::io::Result<()> {
    match rename_noreplace(job.from, job.to) {
        Ok(()) => Ok(()),
        Err(e) if e.raw_os_error() == Some(libc::EXDEV) => copy_noclobber(job),
        // The source gone and the target ours: an earlier run moved it (checked by `holds`).
        Err(e) => Err(e),
    }
}

/// Copies through `.baocao-<intake id>.partial` in the target folder, then links it into
/// place, which fails rather than replace a file.
fn copy_noclobber(job: &Job) -> std::io::Result<()> {
    let temp = temporary(job);
    let copied = std::fs::copy(job.from, &temp)
        .and_then(|_| std::fs::File::open(&temp)?.sync_all())
        .and_then(|()| {
            std::fs::hard_link(&temp, job.to).or_else(|e| match e.kind() {
                ErrorKind::AlreadyExists => Err(e),
                // A file system without hard links: a rename that refuses to replace does the same.
                _ => rename_noreplace(&temp, job.to),
            })
        });
    // Whatever happened, no half copy is left behind (a full disk stays no fuller).
    let _ = std::fs::remove_file(&temp);
    copied
}

/// The temporary name of the job's copy, in the target folder: unique to the intake row.
fn temporary(job: &Job) -> PathBuf {
    let dir = job.to.parent().unwrap_or(Path::new("."));
    dir.join(format!(".baocao-{}.partial", job.intake_id))
}

fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Removes what a move or a link leaves in the inbox: a moved file's original while it
/// still holds the stored bytes (a new file under the same name is left alone), a link itself.
fn remove_source(job: &Job) -> std::io::Result<()> {
    let gone = |r: std::io::Result<()>| match r {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => other,
    };
    match job.mode {
        Mode::Copy => Ok(()),
        Mode::Unlink => {
            let is_link = std::fs::symlink_metadata(job.from).is_ok_and(|m| m.file_type().is_symlink());
            if is_link {
                gone(std::fs::remove_file(job.from))
            } else {
                Ok(())
            }
        }
        Mode::Move => match hash_file(job.from) {
            Ok(h) if h == job.sha256 => gone(std::fs::remove_file(job.from)),
            Ok(_) => Ok(()),
            Err(e) => gone(Err(e)),
        },
    }
}

/// `rename(2)` that fails with `AlreadyExists` instead of replacing the target.
fn rename_noreplace(from: &Path, to: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c =
        |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|e| std::io::Error::new(ErrorKind::InvalidInput, e));
    let (f, t) = (c(from)?, c(to)?);
    // SAFETY: two valid NUL-terminated paths; the call shares no memory with us.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            f.as_ptr(),
            libc::AT_FDCWD,
            t.as_ptr(),
            libc::RENAME_NOREPLACE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        // Not supported by this file system: link then unlink also never replaces.
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => {
            std::fs::hard_link(from, to)?;
            std::fs::remove_file(from)
        }
        _ => Err(e),
    }
}

fn write_reason(stored: &Path, reason: &str) -> std::io::Result<()> {
    let note = reason_path(stored);
    let name = stored
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = note.with_file_name(format!(
        ".{}.tmp",
        note.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::write(&temp, format!("Tệp: {name}\nLý do không tiếp nhận: {reason}\n"))?;
    std::fs::rename(&temp, &note)
}

fn sync_dir(file: &Path) {
    // Best effort: makes the new directory entries durable.
    if let Some(dir) = file.parent().and_then(|d| std::fs::File::open(d).ok()) {
        let _ = dir.sync_all();
    }
}

/// `rejected/x.pdf` → `rejected/x.pdf.reason.txt`.
pub fn reason_path(stored: &Path) -> PathBuf {
    let mut name = stored.as_os_str().to_owned();
    name.push(".reason.txt");
    PathBuf::from(name)
}

/// The names a file called `name` may be stored under in `dir`, in order of preference:
/// `name`, `stem-2.ext`, `stem-3.ext`..., each cut to fit a file system's 255 bytes.
pub fn candidate_names(dir: &Path, name: &str) -> impl Iterator<Item = PathBuf> {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.len() <= 16 => (s.to_string(), format!(".{e}")),
        _ => (name.to_string(), String::new()),
    };
    let dir = dir.to_path_buf();
    (1u64..).map(move |n| {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let room = MAX_NAME.saturating_sub(suffix.len() + ext.len());
        dir.join(format!("{}{suffix}{ext}", cut(&stem, room)))
    })
}

/// `s` cut to at most `bytes` bytes, at a character boundary.
fn cut(s: &str, bytes: usize) -> &str {
    let mut end = s.len().min(bytes);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Killed after linking its copy into place but before removing the temporary name, a
    /// cross-device move run again finishes the job and leaves nothing behind.
    #[test]
    fn a_copy_linked_before_a_kill_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let (inbox, archive) = (dir.path().join("inbox"), dir.path().join("archive"));
        std::fs::create_dir_all(&inbox).unwrap();
        std::fs::create_dir_all(&archive).unwrap();
        let from = inbox.join("bao-cao.docx");
        let to = archive.join("bao-cao.docx");
        std::fs::write(&from, b"report").unwrap();
        let sha256 = hash_file(&from).unwrap();
        let job = Job {
            intake_id: 7,
            from: &from,
            to: &to,
            mode: Mode::Move,
            sha256: &sha256,
            reason: None,
        };
        // What the killed run left: the copy, linked into place under both names.
        std::fs::write(temporary(&job), b"report").unwrap();
        std::fs::hard_link(temporary(&job), &to).unwrap();
        file_away(&job).unwrap();
        let left: Vec<_> = std::fs::read_dir(&archive)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["bao-cao.docx"]);
        assert!(!from.exists(), "the source is removed");
        assert_eq!(std::fs::read(&to).unwrap(), b"report");
    }
}
