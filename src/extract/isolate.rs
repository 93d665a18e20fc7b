//! Reading a file in a supervised child process, for the daemon.
//!
//! Some library failures cannot be caught in-process: an abort on a huge allocation, a loop
//! that never ends, a stack overflow. The daemon therefore has the risky step — bytes to
//! [`Document`] — done by `baocao read-document FILE` under a memory limit (`RLIMIT_AS`) and a
//! time limit, and matches the fields itself. A child that dies or overstays costs one refused
//! file, never the daemon.

use super::document::Document;
use super::error::Refusal;
use super::sniff::Format;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How to run the child.
#[derive(Debug, Clone)]
pub struct Isolation {
    /// The `baocao` binary (the daemon passes its own executable).
    pub exe: PathBuf,
    /// Wall-clock limit for one file.
    pub timeout: Duration,
    /// Address-space limit of the child, in bytes.
    pub memory_bytes: u64,
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

/// Reads `path` in a child process under the limits of `isolation`.
pub fn read_document(path: &Path, isolation: &Isolation) -> Result<(Format, Document), Refusal> {
    let mut cmd = Command::new(&isolation.exe);
    cmd.arg("read-document").arg(path);
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
    limit_memory(&mut cmd, isolation.memory_bytes);
    let mut child = cmd
        .spawn()
        .map_err(|e| Refusal::Io(format!("không chạy được tiến trình đọc tệp: {e}")))?;
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| Refusal::Io("không có stdout".into()))?;
    // Read stdout on a thread so a large document cannot fill the pipe and stall the child.
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let deadline = Instant::now() + isolation.timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                let secs = isolation.timeout.as_secs();
                return Err(Refusal::too_large("", format!("đọc tệp quá {secs} giây")));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(Refusal::Io(e.to_string())),
        }
    };
    let out = reader.join().ok().and_then(Result::ok).unwrap_or_default();
    if !status.success() && out.is_empty() {
        return Err(Refusal::damaged("", died(status)));
    }
    match serde_json::from_slice(&out) {
        Ok(ChildOutput::Read { format, document }) => Ok((format, document)),
        Ok(ChildOutput::Refused(refusal)) => Err(refusal),
        Err(_) => Err(Refusal::damaged("", died(status))),
    }
}

fn died(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(sig) => format!("chương trình đọc tệp bị dừng bởi tín hiệu {sig}, có thể do tệp quá lớn hoặc hỏng"),
        None => format!(
            "chương trình đọc tệp kết thúc bất thường (mã {})",
            status.code().unwrap_or(-1)
        ),
    }
}

/// Caps the child's address space so a runaway allocation fails in the child.
fn limit_memory(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs between fork and exec and only calls setrlimit, which is
    // async-signal-safe; it touches no memory shared with the parent.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}
