//! A real IMAP server for the mailbox tests: Debian's Dovecot started with a throwaway
//! configuration (one user, Maildir in a temporary folder, plain login on a loopback port),
//! stopped when dropped. Dovecot's own log says how many message bodies it sent.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command};

pub const USER: &str = "hoilhpn";
pub const PASSWORD: &str = "mat-khau-hop-thu";

pub struct Dovecot {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
}

fn binary() -> PathBuf {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("dovecot"))
            .find(|p| p.is_file())
    });
    on_path.unwrap_or_else(|| PathBuf::from("/usr/sbin/dovecot"))
}

fn id(args: &[&str]) -> String {
    let out = Command::new("id").args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

impl Dovecot {
    pub fn start() -> Dovecot {
        let bin = binary();
        assert!(
            bin.is_file(),
            "Dovecot is not installed (apt-get install dovecot-imapd; .ci/run does)"
        );
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
        let home = root.join("home");
        std::fs::create_dir_all(&home).unwrap();
        // Dovecot will not run its login and mail processes as root: as root they run as its
        // own users, otherwise as whoever runs the tests.
        let (uid, gid, login, internal, group) = if id(&["-u"]) == "0" {
            let (uid, gid) = (id(&["-u", "dovecot"]), id(&["-g", "dovecot"]));
            std::os::unix::fs::chown(&home, Some(uid.parse().unwrap()), Some(gid.parse().unwrap())).unwrap();
            (
                uid,
                gid,
                "dovenull".to_string(),
                "dovecot".to_string(),
                "dovecot".to_string(),
            )
        } else {
            let me = id(&["-un"]);
            (id(&["-u"]), id(&["-g"]), me.clone(), me, id(&["-gn"]))
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        std::fs::write(root.join("passwd"), format!("{USER}:{{PLAIN}}{PASSWORD}::::::\n")).unwrap();
        let r = root.display();
        let conf = format!(
            "base_dir = {r}/run\nstate_dir = {r}/state\nlog_path = {r}/dovecot.log\nprotocols = imap\n\
             listen = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n\
             first_valid_uid = 0\nmail_location = maildir:{r}/home/%u/Maildir\n\
             passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {r}/passwd\n}}\n\
             userdb {{\n  driver = static\n  args = uid={uid} gid={gid} home={r}/home/%u\n}}\n\
             service imap-login {{\n  chroot =\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n\
             inet_listener imaps {{\n    port = 0\n  }}\n}}\nservice anvil {{\n  chroot =\n}}\n\
             default_internal_user = {internal}\ndefault_login_user = {login}\ndefault_internal_group = {group}\n"
        );
        std::fs::write(root.join("dovecot.conf"), conf).unwrap();
        let child = Command::new(&bin)
            .arg("-F")
            .arg("-c")
            .arg(root.join("dovecot.conf"))
            .spawn()
            .unwrap();
        let server = Dovecot { dir, port, child };
        server.wait_ready();
        server
    }

    fn wait_ready(&self) {
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("Dovecot did not start: {}", self.log());
    }

    /// Dovecot's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// Message bodies Dovecot reports having sent, summed over the finished sessions.
    pub fn bodies_sent(&self) -> u64 {
        self.log()
            .lines()
            .filter_map(|l| l.split("body_count=").nth(1))
            .filter_map(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            .sum()
    }

    /// Sessions Dovecot has logged as ended (it writes the line a moment after the logout).
    pub fn sessions_ended(&self) -> usize {
        self.log().matches("Disconnected: Logged out").count()
    }

    /// Waits until `n` sessions have ended, then the bodies they were sent.
    pub fn bodies_after(&self, n: usize) -> u64 {
        assert!(super::wait_until(5, || self.sessions_ended() >= n), "{}", self.log());
        self.bodies_sent()
    }

    /// The `[mailbox]` settings for this server.
    pub fn settings(&self) -> baocao::mailbox::MailboxSettings {
        let config = baocao::mailbox::MailboxConfig {
            host: "127.0.0.1".into(),
            port: Some(self.port),
            security: baocao::mailbox::Security::None,
            username: USER.into(),
            password_env: "HOP_THU".into(),
            folder: "INBOX".into(),
            done_folder: "Đã xử lý".into(),
            poll_seconds: 10,
            timeout_seconds: 10,
            others: baocao::mailbox::Others::Leave,
        };
        config.resolve(|_| Some(PASSWORD.to_string())).unwrap()
    }

    pub fn maildir(&self) -> PathBuf {
        self.dir.path().join("home").join(USER).join("Maildir")
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        terminate(self.child.id());
        let _ = self.child.wait();
    }
}

/// SIGTERM to Dovecot's master, which stops its children.
fn terminate(pid: u32) {
    let _ = Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
}
