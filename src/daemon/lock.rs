//! The daemon's exclusive lock on its data folder.

use super::DaemonError;

/// An exclusive lock on `<data_dir>/daemon.lock`, held while the daemon runs: two daemons on
/// one inbox would race for the same files. The kernel releases it if the process dies.
pub(super) struct RunLock {
    // Held only to keep the lock: closing the file releases it.
    _file: std::fs::File,
}

impl RunLock {
    pub(super) fn take(data_dir: &std::path::Path) -> Result<RunLock, DaemonError> {
        use std::os::fd::AsRawFd;
        let path = data_dir.join("daemon.lock");
        let file = std::fs::File::create(&path).map_err(|source| DaemonError::Folder {
            path: path.clone(),
            source,
        })?;
        // SAFETY: flock on a descriptor we own; no memory is shared.
        let locked = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if locked {
            Ok(RunLock { _file: file })
        } else {
            Err(DaemonError::AlreadyRunning { path })
        }
    }
}

/// Whether a daemon holds the lock of `data_dir` now (for commands that change what a running
/// daemon read at its start).
pub fn held(data_dir: &std::path::Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(file) = std::fs::File::open(data_dir.join("daemon.lock")) else {
        return false;
    };
    // SAFETY: flock on a descriptor we own; closing the file releases a lock we got.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_SH | libc::LOCK_NB) != 0 }
}
