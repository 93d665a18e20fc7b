//! Reading a file in a supervised child process, for the daemon.
//!
//! Some library failures cannot be caught in-process: an abort on a huge allocation, a loop
//! that never ends, a stack overflow. The daemon therefore has the risky step — bytes to
//! [`Document`] — done by `baocao read-document FILE` under a memory limit (`RLIMIT_AS`) and a
//! CPU-time limit (`RLIMIT_CPU`), and matches the fields itself.
//!
//! What ends the child decides whose fault it is. The document's fault (a refusal sent to the
//! chapter): the reader's own refusal, the CPU limit (`SIGXCPU`), an abort or crash inside
//! the reader (memory limit, stack overflow, a panic). Not the document's fault (the file
//! waits and is read again later): the binary missing or replaced mid-upgrade, a signal from
//! outside (an administrator, the OOM killer), a wall-clock time-out on a busy machine, an
//! answer that cannot be understood. The child runs in its own process group, so the
//! SIGTERM/SIGINT that systemd or Ctrl-C send to the daemon's group never reaches it.

use super::document::Document;
use super::error::Refusal;
use super::limits::Programs;
use super::sniff::Format;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The most the child may print: a document's text is a few MB; more is a runaway.
const MAX_OUTPUT: u64 = 256 << 20;
/// A busy machine may run the child slower than its CPU time: the wall-clock limit is this
/// many times the CPU limit, and reaching it is not held against the document.
const WALL_FACTOR: u32 = 4;

/// How to run the child.
#[derive(Debug, Clone)]
pub struct Isolation {
    /// The `baocao` binary (the daemon passes its own executable).
    pub exe: PathBuf,
    /// CPU-time limit for one file.
    pub timeout: Duration,
    /// Address-space limit of the child, in bytes.
    pub memory_bytes: u64,
    /// Files larger than this are refused unread.
    pub max_file_bytes: u64,
    /// The outside programs the child may run (LibreOffice, Tesseract).
    pub programs: Programs,
}

/// What the child prints on stdout: one JSON object.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildOutput {
    /// The document was read.
    Read { format: Format, document: Document },
    /// The file was refused.
    Refused(Refusal),
}

/// Why a supervised read gave no document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadFailure {
    /// The document's own fault: it is refused with this reason.
    #[error("{0}")]
    Refused(Refusal),
    /// Not the document's fault (English, for the log): read it again later.
    #[error("{0}")]
    Transient(String),
    /// The caller asked to stop; the child was killed and its result dropped.
    #[error("abandoned: the daemon is stopping")]
    Abandoned,
}

/// What the child does with a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scans {
    /// Answers [`Refusal::NeedsOcr`] with the page count, at once.
    Defer,
    /// Reads it by OCR, its CPU and wall-clock limits those of one file times its pages.
    Read { pages: usize },
}

/// Reads `path` in a child process under the limits of `isolation`; `stop` set by another
/// thread kills the child and abandons the read.
pub fn read_document(
    path: &Path,
    isolation: &Isolation,
    scans: Scans,
    stop: &AtomicBool,
) -> Result<(Format, Document), ReadFailure> {
    // A page of OCR costs about what a whole typed document may: the limits scale with pages.
    let isolation = &match scans {
        Scans::Defer => isolation.clone(),
        Scans::Read { pages } => Isolation {
            timeout: isolation.timeout * pages.clamp(1, 1000) as u32,
            ..isolation.clone()
        },
    };
    let mut cmd = Command::new(&isolation.exe);
    cmd.arg("read-document")
        .arg("--max-file-bytes")
        .arg(isolation.max_file_bytes.to_string())
        .arg("--soffice")
        .arg(&isolation.programs.soffice)
        .arg("--tesseract")
        .arg(&isolation.programs.tesseract)
        .arg("--pdftoppm")
        .arg(&isolation.programs.pdftoppm)
        .arg("--work-dir")
        .arg(&isolation.programs.work_dir)
        .arg("--program-seconds")
        .arg(isolation.programs.timeout.as_secs().to_string())
        .arg(path);
    if scans == Scans::Defer {
        cmd.arg("--defer-ocr");
    }
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
    confine(&mut cmd, isolation);
    let mut child = cmd
        .spawn()
        .map_err(|e| ReadFailure::Transient(format!("cannot start {}: {e}", isolation.exe.display())))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| ReadFailure::Transient("child has no stdout".into()))?;
    // Read stdout on a thread so a large document cannot fill the pipe and stall the child;
    // bounded, so a runaway child cannot fill the daemon's memory.
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.take(MAX_OUTPUT + 1).read_to_end(&mut out).map(|_| out)
    });
    let status = wait(&mut child, isolation, stop)?;
    let out = reader.join().ok().and_then(Result::ok).unwrap_or_default();
    if out.len() as u64 > MAX_OUTPUT {
        return Err(ReadFailure::Refused(Refusal::too_large("", "nội dung tệp quá lớn")));
    }
    match serde_json::from_slice(&out) {
        Ok(ChildOutput::Read { format, document }) => Ok((format, document)),
        Ok(ChildOutput::Refused(refusal)) => Err(ReadFailure::Refused(refusal)),
        Err(e) => Err(verdict(status, isolation, &e.to_string())),
    }
}

/// Waits for the child, killing its group at the wall-clock limit or when asked to stop.
fn wait(child: &mut Child, isolation: &Isolation, stop: &AtomicBool) -> Result<ExitStatus, ReadFailure> {
    let deadline = Instant::now() + isolation.timeout * WALL_FACTOR;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if stop.load(Ordering::Relaxed) => {
                kill_group(child);
                return Err(ReadFailure::Abandoned);
            }
            Ok(None) if Instant::now() >= deadline => {
                kill_group(child);
                let secs = (isolation.timeout * WALL_FACTOR).as_secs();
                return Err(ReadFailure::Transient(format!(
                    "reader still running after {secs} s of wall time"
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => {
                kill_group(child);
                return Err(ReadFailure::Transient(format!("waiting for the reader: {e}")));
            }
        }
    }
}

/// Whose fault a child that printed no usable answer was.
fn verdict(status: ExitStatus, isolation: &Isolation, detail: &str) -> ReadFailure {
    use std::os::unix::process::ExitStatusExt;
    match (status.signal(), status.code()) {
        (Some(libc::SIGXCPU), _) => {
            let secs = isolation.timeout.as_secs();
            ReadFailure::Refused(Refusal::too_large("", format!("đọc tệp quá {secs} giây")))
        }
        // An abort (allocation over the memory limit, stack overflow) or a crash in the reader.
        (Some(libc::SIGABRT | libc::SIGSEGV | libc::SIGBUS | libc::SIGILL | libc::SIGFPE), _) | (None, Some(101)) => {
            ReadFailure::Refused(Refusal::damaged(
                "",
                "tệp làm chương trình đọc bị lỗi, có thể do tệp quá lớn hoặc hỏng",
            ))
        }
        (Some(sig), _) => ReadFailure::Transient(format!("reader killed by signal {sig} from outside")),
        (None, code) => ReadFailure::Transient(format!(
            "reader exited with code {} and an unreadable answer ({detail}); a binary being upgraded?",
            code.unwrap_or(-1)
        )),
    }
}

fn kill_group(child: &mut Child) {
    // SAFETY: killpg on the group the child leads (set up in `confine`); no memory is shared.
    unsafe {
        libc::killpg(child.id() as libc::pid_t, libc::SIGKILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Puts the child in its own process group and caps its memory and CPU time.
fn confine(cmd: &mut Command, isolation: &Isolation) {
    use std::os::unix::process::CommandExt;
    let bytes = isolation.memory_bytes as libc::rlim_t;
    let secs = isolation.timeout.as_secs().max(1) as libc::rlim_t;
    cmd.process_group(0);
    // SAFETY: the closure runs between fork and exec and only calls setrlimit, which is
    // async-signal-safe; it touches no memory shared with the parent.
    unsafe {
        cmd.pre_exec(move || {
            let limit = |resource, cur: libc::rlim_t, max: libc::rlim_t| {
                let l = libc::rlimit {
                    rlim_cur: cur,
                    rlim_max: max,
                };
                if libc::setrlimit(resource, &l) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            };
            limit(libc::RLIMIT_AS, bytes, bytes)?;
            // SIGXCPU at the soft limit; the hard limit a little later kills a child that ignores it.
            limit(libc::RLIMIT_CPU, secs, secs + 2)
        });
    }
}
