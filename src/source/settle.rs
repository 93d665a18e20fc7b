//! Settling: a file is ready when its size and modification time have not changed for the
//! settle time. Pure bookkeeping over observations; the caller supplies `now`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// What was last seen of a candidate file.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seen {
    size: u64,
    modified: Option<SystemTime>,
    since: Instant,
}

/// Candidate files and when each last changed.
#[derive(Debug, Default)]
pub struct Settler {
    settle: Duration,
    seen: HashMap<PathBuf, Seen>,
}

impl Settler {
    /// A settler that waits `settle` of stillness.
    pub fn new(settle: Duration) -> Self {
        Settler {
            settle,
            seen: HashMap::new(),
        }
    }

    /// Notes a file as a candidate (a watcher event or a scan found it).
    pub fn candidate(&mut self, path: PathBuf, now: Instant) {
        self.seen.entry(path).or_insert(Seen {
            size: u64::MAX,
            modified: None,
            since: now,
        });
    }

    /// Re-examines every candidate and returns those that have been still long enough,
    /// removing them (and files that vanished) from the candidates.
    pub fn ready(&mut self, now: Instant) -> Vec<PathBuf> {
        let mut ready = Vec::new();
        let settle = self.settle;
        self.seen.retain(|path, seen| {
            let Ok(meta) = std::fs::metadata(path) else {
                return false;
            };
            if !meta.is_file() {
                return false;
            }
            let current = (meta.len(), meta.modified().ok());
            if current != (seen.size, seen.modified) {
                *seen = Seen {
                    size: current.0,
                    modified: current.1,
                    since: now,
                };
                return true;
            }
            if now.duration_since(seen.since) >= settle {
                ready.push(path.clone());
                return false;
            }
            true
        });
        ready.sort();
        ready
    }

    /// Whether a path is waiting to settle.
    pub fn is_candidate(&self, path: &Path) -> bool {
        self.seen.contains_key(path)
    }

    /// True when no file is waiting.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_file_is_ready_only_after_staying_still() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.docx");
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(b"part one").unwrap();
        let t0 = Instant::now();
        let mut s = Settler::new(Duration::from_secs(3));
        s.candidate(path.clone(), t0);
        assert!(s.ready(t0).is_empty(), "first look only records the size");
        assert!(s.ready(t0 + Duration::from_secs(2)).is_empty());
        f.write_all(b" and part two").unwrap();
        assert!(
            s.ready(t0 + Duration::from_secs(4)).is_empty(),
            "it grew: the clock restarts"
        );
        assert!(s.ready(t0 + Duration::from_secs(6)).is_empty());
        assert_eq!(s.ready(t0 + Duration::from_secs(7)), [path]);
        assert!(s.is_empty());
    }

    #[test]
    fn a_vanished_file_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.tmp");
        std::fs::write(&path, b"x").unwrap();
        let mut s = Settler::new(Duration::from_secs(1));
        s.candidate(path.clone(), Instant::now());
        std::fs::remove_file(&path).unwrap();
        assert!(s.ready(Instant::now()).is_empty());
        assert!(!s.is_candidate(&path));
    }
}
