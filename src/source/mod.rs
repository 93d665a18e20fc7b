//! Stage 1: where files come from — the inbox folder, scanned and watched.
//!
//! A file is taken only once its size and modification time have stayed the same for the
//! settle time: copies over a network share arrive in pieces, and editors write a temporary
//! file and rename it. Temporary and hidden files are never taken.

pub mod settle;
pub mod watch;

use std::path::{Path, PathBuf};

/// True for names that are never reports: Office lock files (`~$x.docx`, `.~lock.x#`),
/// hidden files, partial downloads and temporary files. A name that is not UTF-8 is judged
/// by its readable form: it may well be a report, saved by an old system.
pub fn is_ignored(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.starts_with('~')
        || [
            ".tmp",
            ".part",
            ".partial",
            ".crdownload",
            ".download",
            ".swp",
            "~",
            ".reason.txt",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Every regular file and symbolic link (to be examined by the pipeline) under `dir`,
/// subfolders included, never following a link to a folder; hidden folders and ignored names
/// are skipped.
pub fn scan(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if is_ignored(&path) {
                continue;
            }
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() || kind.is_symlink() {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_and_hidden_files_are_ignored() {
        for name in [
            "~$bao-cao.docx",
            ".~lock.bao-cao.docx#",
            ".hidden.docx",
            "x.docx.tmp",
            "x.pdf.part",
            "x.crdownload",
        ] {
            assert!(is_ignored(Path::new(name)), "{name}");
        }
        for name in ["bao-cao.docx", "Báo cáo 6 tháng.xlsx", "x.pdf"] {
            assert!(!is_ignored(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn scan_finds_files_in_subfolders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("VNI/2021")).unwrap();
        std::fs::write(dir.path().join("a.docx"), b"x").unwrap();
        std::fs::write(dir.path().join("VNI/2021/b.xlsx"), b"x").unwrap();
        std::fs::write(dir.path().join("VNI/~$b.xlsx"), b"x").unwrap();
        let found = scan(dir.path());
        assert_eq!(found, [dir.path().join("VNI/2021/b.xlsx"), dir.path().join("a.docx")]);
    }
}
