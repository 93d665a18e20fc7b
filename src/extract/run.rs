//! Running an outside program (LibreOffice, Tesseract, pdftoppm) so that it cannot outlive
//! or outrun the read it serves.
//!
//! The program gets its own process group, killed as a whole when the time is up and again
//! when the program ends (a helper it left behind dies with it), and a parent-death signal:
//! when the reader that started it is killed — the daemon stopping, or the supervisor's own
//! limit — the program dies too instead of running on as an orphan. It inherits the reader's
//! memory and CPU limits, so a program made to spin by a file ends like the reader would.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// How a confined run ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The program exited by itself, with this code (`None` when killed by a signal).
    Finished(Option<i32>),
    /// The wall-clock limit passed; the group was killed.
    TimedOut,
    /// The CPU limit inherited from the reader ended it: the input made it spin.
    CpuLimit,
    /// The program could not be started (not installed, not executable).
    NotStarted(String),
}

/// Runs `command` (stdin, stdout and stderr closed) for at most `timeout`.
pub fn run_confined(mut command: Command, timeout: Duration) -> Outcome {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    command.process_group(0);
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: between fork and exec only prctl and getppid run, both async-signal-safe; no
    // memory shared with the parent is touched.
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // The parent may have died before the signal was armed.
            if libc::getppid() != parent {
                return Err(std::io::Error::other("parent gone"));
            }
            Ok(())
        });
    }
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => return Outcome::NotStarted(e.to_string()),
    };
    let group = child.id() as libc::pid_t;
    let deadline = Instant::now() + timeout;
    let outcome = loop {
        match child.try_wait() {
            Ok(Some(status)) => match status.signal() {
                Some(libc::SIGXCPU) => break Outcome::CpuLimit,
                _ => break Outcome::Finished(status.code()),
            },
            Ok(None) if Instant::now() >= deadline => {
                kill_group(group);
                let _ = child.wait();
                break Outcome::TimedOut;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                kill_group(group);
                let _ = child.wait();
                break Outcome::NotStarted(e.to_string());
            }
        }
    };
    // Whatever the program left running in its group goes with it.
    kill_group(group);
    outcome
}

fn kill_group(group: libc::pid_t) {
    // SAFETY: killpg on the group the child leads; no memory is involved.
    unsafe {
        libc::killpg(group, libc::SIGKILL);
    }
}

/// A folder for one program run (a conversion, a scan's pages), removed when dropped,
/// whatever happened; folders of readers that were killed are swept by the next one.
pub struct Scratch {
    /// The folder.
    pub path: PathBuf,
}

impl Scratch {
    /// A new empty folder under `work`, named for its reader process and `tag`.
    pub fn new(work: &Path, tag: &str) -> std::io::Result<Self> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        sweep(work);
        let path = work.join(format!("run-{}-{tag}{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)?;
        Ok(Scratch { path })
    }
}

/// Removes the folders of conversions whose reader was killed (its `Drop` never ran).
fn sweep(work: &Path) {
    let Ok(entries) = std::fs::read_dir(work) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("run-")?.split('-').next()?.parse::<i32>().ok())
        else {
            continue;
        };
        // SAFETY: kill with signal 0 only asks whether the process exists.
        let alive =
            unsafe { libc::kill(pid, 0) == 0 } || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_that_outruns_its_time_is_killed_with_its_children() {
        let mut command = Command::new("sh");
        // The shell starts a grandchild that would outlive a plain kill of the shell.
        command.args(["-c", "sleep 30 & sleep 30"]);
        let started = Instant::now();
        assert_eq!(run_confined(command, Duration::from_millis(300)), Outcome::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn exit_codes_and_missing_programs_are_told_apart() {
        let mut command = Command::new("sh");
        command.args(["-c", "exit 3"]);
        assert_eq!(
            run_confined(command, Duration::from_secs(10)),
            Outcome::Finished(Some(3))
        );
        let missing = Command::new("/nonexistent/program");
        assert!(matches!(
            run_confined(missing, Duration::from_secs(1)),
            Outcome::NotStarted(_)
        ));
    }
}
