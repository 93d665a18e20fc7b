//! Word 97–2003 (.doc) and RTF through LibreOffice: the file is converted to .docx by
//! `soffice --headless --convert-to` and read by the .docx reader.
//!
//! No maintained Rust crate reads Word 97 text *and* tables, and LibreOffice's own filters
//! are the best there are. Each conversion is a separate `soffice` run in a folder of its
//! own, with its own user profile: two conversions never share a profile (LibreOffice would
//! hand the second to the first and return at once with no output), and a crash leaves
//! nothing behind that the next run trips over. A profile is copied from a template made
//! once, because a fresh profile costs LibreOffice a restart (exit code 81) and seconds.
//!
//! The run is confined: its own process group, killed as a whole at the time limit, and a
//! parent-death signal so that killing the reader (the daemon's supervised child) kills
//! LibreOffice too — no `soffice` is left running. Success is the output file, never the
//! exit code alone: LibreOffice exits 0 after a conversion it could not do.

use super::error::Refusal;
use super::limits::Programs;
use super::run::{Outcome, Scratch, run_confined};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What LibreOffice is asked to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Word 97–2003.
    Doc,
    /// Rich Text Format.
    Rtf,
}

impl Source {
    fn extension(self) -> &'static str {
        match self {
            Source::Doc => "doc",
            Source::Rtf => "rtf",
        }
    }

    /// The format as the refusals name it.
    fn shown(self) -> &'static str {
        match self {
            Source::Doc => ".doc",
            Source::Rtf => ".rtf",
        }
    }
}

const PROGRAM: &str = "LibreOffice";
/// Exit code of a LibreOffice that set up a new profile and wants to be started again.
const RESTART: i32 = 81;

/// The .docx LibreOffice makes of `bytes`.
pub fn to_docx(bytes: &[u8], source: Source, programs: &Programs) -> Result<Vec<u8>, Refusal> {
    let binary = office_binary(&programs.soffice).ok_or_else(|| Refusal::NeedsProgram {
        program: PROGRAM.into(),
        format: source.shown().into(),
    })?;
    let failed = |detail: String| Refusal::ProgramFailed {
        program: PROGRAM.into(),
        format: source.shown().into(),
        detail,
    };
    let folder = Scratch::new(&programs.work_dir, "office").map_err(|e| failed(format!("thư mục tạm: {e}")))?;
    let template = template(&binary, &programs.work_dir, programs).map_err(failed)?;
    copy_tree(&template, &folder.path.join("profile")).map_err(|e| failed(format!("hồ sơ LibreOffice: {e}")))?;
    let input = folder.path.join(format!("report.{}", source.extension()));
    std::fs::write(&input, bytes).map_err(|e| failed(format!("ghi tệp tạm: {e}")))?;
    let out_dir = folder.path.join("out");
    let mut command = Command::new(&binary);
    command
        .arg(profile_arg(&folder.path.join("profile")))
        .args(["--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck"])
        .args(["--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&out_dir)
        .arg(&input)
        .env("HOME", &folder.path);
    match run_confined(command, programs.timeout) {
        Outcome::Finished(_) => {}
        Outcome::TimedOut => return Err(failed(format!("quá {} giây", programs.timeout.as_secs()))),
        Outcome::CpuLimit => {
            return Err(Refusal::too_large("Word", "LibreOffice đọc tệp quá lâu"));
        }
        Outcome::NotStarted(e) => return Err(failed(format!("không chạy được: {e}"))),
    }
    match std::fs::read(out_dir.join("report.docx")) {
        Ok(docx) if !docx.is_empty() => Ok(docx),
        // LibreOffice ran and made nothing of the file: the file is at fault.
        _ => Err(Refusal::damaged(
            if source == Source::Doc { "Word 97-2003" } else { "RTF" },
            "LibreOffice không chuyển đổi được tệp",
        )),
    }
}

/// LibreOffice's real binary: `soffice` on Debian is a script that starts `soffice.bin`
/// through a launcher, which would put a process between us and the one to confine.
fn office_binary(soffice: &Path) -> Option<PathBuf> {
    let found = if soffice.components().count() > 1 {
        soffice.to_path_buf()
    } else {
        std::env::split_paths(&std::env::var_os("PATH")?)
            .map(|dir| dir.join(soffice))
            .find(|p| p.is_file())?
    };
    let real = std::fs::canonicalize(&found).ok()?;
    let beside = real.with_file_name("soffice.bin");
    Some(if beside.is_file() { beside } else { real })
}

/// The template profile, made once per work folder; concurrent readers race harmlessly (each
/// makes its own and the first rename wins).
fn template(binary: &Path, work: &Path, programs: &Programs) -> Result<PathBuf, String> {
    let done = work.join("office-profile");
    if done.join("user").is_dir() {
        return Ok(done);
    }
    let fresh = work.join(format!("office-profile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    for _ in 0..2 {
        let mut command = Command::new(binary);
        command
            .arg(profile_arg(&fresh))
            .args(["--headless", "--norestore", "--terminate_after_init"])
            .env("HOME", &fresh);
        match run_confined(command, programs.timeout) {
            Outcome::Finished(Some(RESTART)) => continue,
            Outcome::Finished(_) => break,
            Outcome::NotStarted(e) => return Err(format!("không chạy được: {e}")),
            Outcome::TimedOut | Outcome::CpuLimit => return Err("không khởi động được".into()),
        }
    }
    if !fresh.join("user").is_dir() {
        let _ = std::fs::remove_dir_all(&fresh);
        return Err("không tạo được hồ sơ người dùng".into());
    }
    if std::fs::rename(&fresh, &done).is_err() {
        // Another reader's template won the race.
        let _ = std::fs::remove_dir_all(&fresh);
    }
    Ok(done)
}

/// `-env:UserInstallation=file:///…`, the path percent-encoded as a URL requires.
fn profile_arg(dir: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut url = String::from("-env:UserInstallation=file://");
    for &b in dir.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Copies a folder tree (a profile: a few dozen small files).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
