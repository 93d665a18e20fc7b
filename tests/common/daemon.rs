//! The real `baocao` binary as a daemon in its own process group (as systemd runs it), with
//! its log kept in a file, and the helpers to stop it every way a machine stops it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `baocao run`.
pub struct Daemon {
    child: Child,
    pub log: PathBuf,
}

impl Daemon {
    /// Starts `baocao --config CONFIG run`, logging to `LOG` (appended across restarts).
    pub fn start(config: &Path, log: &Path) -> Daemon {
        Daemon::start_with(config, log, &[])
    }

    /// [`Daemon::start`] with these environment variables set (a mailbox password).
    pub fn start_with(config: &Path, log: &Path, env: &[(&str, &str)]) -> Daemon {
        use std::os::unix::process::CommandExt;
        let file = std::fs::OpenOptions::new().create(true).append(true).open(log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_baocao"))
            .arg("--config")
            .arg(config)
            .arg("-v")
            .arg("run")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(file)
            .process_group(0)
            .spawn()
            .unwrap();
        Daemon {
            child,
            log: log.to_path_buf(),
        }
    }

    /// The process id (also its process group's).
    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// `kill -9`: no chance to finish anything.
    pub fn kill9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM to the whole process group, as systemd's stop and Ctrl-C do; returns the exit
    /// status and how long the daemon took to end.
    pub fn term_group(mut self) -> (std::process::ExitStatus, Duration) {
        let started = Instant::now();
        // SAFETY: killpg on the group this test created for its own child.
        unsafe { libc::killpg(self.pid(), libc::SIGTERM) };
        let status = self.child.wait().unwrap();
        (status, started.elapsed())
    }

    /// The log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        // A failed test must not leave a daemon behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A configuration in `dir` with the inbox at `inbox`, mail to a loopback SMTP server on
/// `smtp_port` (or the file transport), a short settle time and frequent rescans.
pub fn config(dir: &Path, inbox: &Path, smtp_port: Option<u16>, smtp_timeout: u64) -> PathBuf {
    let mut text = super::embedded_config().replace(
        "inbox = \"inbox\"",
        &format!(
            "inbox = \"{}\"\nsettle_seconds = 0.2\nrescan_minutes = 0.05",
            inbox.display()
        ),
    );
    if let Some(port) = smtp_port {
        let smtp = format!(
            "transport = \"smtp\"\n\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout_seconds = {smtp_timeout}"
        );
        text = text.replace("\ntransport = \"file\"\n", &format!("\n{smtp}\n"));
    }
    let path = dir.join("baocao.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Report forms of eight chapters with distinct figures: `n` files named `bao-cao-NNN.docx`
/// in `dir`; returns their paths.
pub fn reports(dir: &Path, n: usize) -> Vec<PathBuf> {
    let units = [
        "Nha Trang",
        "Cam Ranh",
        "Ninh Hòa",
        "Vạn Ninh",
        "Diên Khánh",
        "Cam Lâm",
        "Khánh Vĩnh",
        "Khánh Sơn",
    ];
    std::fs::create_dir_all(dir).unwrap();
    (0..n)
        .map(|i| {
            let path = dir.join(format!("bao-cao-{i:03}.docx"));
            let led = (i + 1).to_string();
            let period = if i % 2 == 0 {
                "6 tháng đầu năm 2021"
            } else {
                "năm 2021"
            };
            super::forms::standard(
                &format!("Hội LHPN {}", units[i % units.len()]),
                period,
                &[
                    ("supervisions_led", &led),
                    ("supervisions_joint", "1"),
                    ("critiques_led", "2"),
                ],
            )
            .write_docx(&path);
            path
        })
        .collect()
}

/// The Message-ID header of a received message.
pub fn message_id(data: &[u8]) -> String {
    let parsed = mail_parser::MessageParser::default().parse(data).expect("a message");
    parsed.message_id().expect("a Message-ID").to_string()
}

/// The daemon in this process, on its own runtime thread: the stop trigger and the handle.
pub fn start_in_process(
    settings: baocao::config::Settings,
) -> (tokio::sync::oneshot::Sender<()>, std::thread::JoinHandle<()>) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let handle = std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(baocao::daemon::run(settings, async {
            let _ = stopped.await;
        }))
        .unwrap();
    });
    (stop, handle)
}

/// How many submissions the database at `db` holds (0 while it cannot be read).
pub fn submissions(db: &Path) -> usize {
    baocao::store::Store::open(db)
        .ok()
        .and_then(|s| s.all().ok())
        .map_or(0, |rows| rows.len())
}
