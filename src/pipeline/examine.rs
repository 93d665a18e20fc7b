//! Looking at a path before anything is read: what it is (a file, a link, a folder), whether it
//! lies inside the inbox, how it may be filed, its size, and its SHA-256 (streamed, so a huge
//! file costs time but never memory).
//!
//! The rules that keep everything outside the inbox safe are all here: only a regular file
//! reached without passing through a symbolic link is moved; a link to a file is taken as a
//! copy of its target's bytes and only the link is removed; a link to a folder, or a path that
//! passes through one, is never followed.

use crate::store::Mode;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// A file about to be taken.
#[derive(Debug, Clone)]
pub struct Examined {
    /// The path as given (absolute).
    pub path: PathBuf,
    /// The path's bytes, as the intake keys it.
    pub raw: Vec<u8>,
    /// The path, readable (a non-UTF-8 name shown lossily).
    pub shown: String,
    /// The file name, readable and safe to use as a name in the archive.
    pub file_name: String,
    /// How it is filed once recorded.
    pub mode: Mode,
    /// Size in bytes (of the link's target for a link).
    pub size: u64,
    /// Last modification (of the target for a link).
    pub modified: Option<std::time::SystemTime>,
}

/// Why a path is not taken at all (logged, never a rejection).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotAFile {
    #[error("gone before it could be taken")]
    Gone,
    #[error("a folder, or a link to a folder: not followed")]
    Folder,
    #[error("inside a linked folder: not followed")]
    ThroughLink,
    #[error("a link whose target is missing")]
    DanglingLink,
    #[error("not a regular file (device, socket or pipe)")]
    Special,
}

/// Examines `path`; `inbox` decides whether it may be moved. `external` files are copied.
pub fn examine(path: &Path, inbox: &Path) -> Result<Examined, NotAFile> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let link = std::fs::symlink_metadata(&path).map_err(|_| NotAFile::Gone)?;
    // `absolute` keeps `..`, and `inbox/../x` would still "start with" the inbox.
    let climbs = path.components().any(|c| c == std::path::Component::ParentDir);
    let in_inbox = path.starts_with(inbox) && !climbs;
    if in_inbox && passes_through_link(&path, inbox) {
        return Err(NotAFile::ThroughLink);
    }
    let meta = if link.file_type().is_symlink() {
        std::fs::metadata(&path).map_err(|_| NotAFile::DanglingLink)?
    } else {
        link.clone()
    };
    if meta.is_dir() {
        return Err(NotAFile::Folder);
    }
    if !meta.is_file() {
        return Err(NotAFile::Special);
    }
    let mode = match (in_inbox, link.file_type().is_symlink()) {
        (true, false) => Mode::Move,
        (true, true) => Mode::Unlink,
        (false, _) => Mode::Copy,
    };
    Ok(Examined {
        raw: path.as_os_str().as_bytes().to_vec(),
        shown: path.to_string_lossy().into_owned(),
        file_name: safe_name(&path),
        mode,
        size: meta.len(),
        modified: meta.modified().ok(),
        path,
    })
}

/// Whether a folder between `inbox` and `path` is a symbolic link (a linked folder's files
/// belong to somebody else and must never be moved).
fn passes_through_link(path: &Path, inbox: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(inbox) else {
        return false;
    };
    let mut at = inbox.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return true;
        }
    }
    false
}

/// The file name, readable: undecodable bytes and control characters become `_`, so the name
/// can go into an archive folder, a log line and an e-mail header.
pub fn safe_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| "tep".into(), |n| n.to_string_lossy().into_owned());
    let clean: String = name
        .chars()
        .map(|c| if c.is_control() || c == '\u{FFFD}' { '_' } else { c })
        .collect();
    if clean.trim().is_empty() { "tep".into() } else { clean }
}

/// The SHA-256 of the file at `path` (following a link), read in blocks.
pub fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether the file's last bytes say it was cut short: an Office file (zip) without its end
/// record, a PDF without `%%EOF`. A copy still being written looks like this.
pub fn looks_cut_short(path: &Path) -> bool {
    use std::io::{Seek, SeekFrom};
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = [0u8; 5];
    if file.read_exact(&mut head).is_err() {
        // Fewer than five bytes: an empty or nearly empty file, very likely still arriving.
        return true;
    }
    let len = file.seek(SeekFrom::End(0)).unwrap_or(0);
    let tail_len = len.min(66 * 1024);
    let mut tail = vec![0u8; tail_len as usize];
    if file.seek(SeekFrom::Start(len - tail_len)).is_err() || file.read_exact(&mut tail).is_err() {
        return false;
    }
    if head.starts_with(b"PK\x03\x04") {
        return !tail.windows(4).any(|w| w == b"PK\x05\x06");
    }
    if &head == b"%PDF-" {
        return !tail[tail.len().saturating_sub(2048)..]
            .windows(5)
            .any(|w| w == b"%%EOF");
    }
    false
}
