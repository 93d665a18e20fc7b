//! A TCP relay between baocao and a real server, for faults the server itself will not make:
//! hold every command once the client has sent a given one (a crash point: the daemon is
//! killed while it waits), go silent once a command is seen (a server that stops answering
//! mid-poll), or slow every answer down (a long poll). Everything else passes byte for byte.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the relay does to the traffic now.
#[derive(Debug, Clone, Default)]
struct Mode {
    /// Once the client sends a command containing this, nothing more reaches the server.
    hold_on: Option<String>,
    /// Once the client sends a command containing this, nothing more reaches the client.
    silent_on: Option<String>,
    /// Each answer waits this long.
    delay: Duration,
    /// Set when a `hold_on` or `silent_on` command was seen.
    tripped: bool,
}

/// The relay; traffic stops with it.
pub struct Proxy {
    pub port: u16,
    mode: Arc<Mutex<Mode>>,
}

impl Proxy {
    /// Relays 127.0.0.1:<port> to 127.0.0.1:`target`.
    pub fn start(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mode = Arc::new(Mutex::new(Mode::default()));
        let shared = mode.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                relay(client, server, shared.clone());
            }
        });
        Proxy { port, mode }
    }

    /// From the next command containing `command` on, the server hears nothing more.
    pub fn hold_on(&self, command: &str) {
        self.set(|m| m.hold_on = Some(command.to_string()));
    }

    /// From the next command containing `command` on, the client hears nothing more.
    pub fn silent_on(&self, command: &str) {
        self.set(|m| m.silent_on = Some(command.to_string()));
    }

    /// Every answer from the server waits `delay`.
    pub fn slow(&self, delay: Duration) {
        self.set(|m| m.delay = delay);
    }

    /// Back to a plain relay (for new connections and old ones alike).
    pub fn pass(&self) {
        self.set(|m| *m = Mode::default());
    }

    /// Whether a `hold_on` or `silent_on` command has been seen.
    pub fn tripped(&self) -> bool {
        self.mode.lock().unwrap().tripped
    }

    fn set(&self, f: impl FnOnce(&mut Mode)) {
        f(&mut self.mode.lock().unwrap());
    }
}

/// Two threads per connection; a tripped connection stays stopped even after `pass`.
fn relay(client: TcpStream, server: TcpStream, mode: Arc<Mutex<Mode>>) {
    let (mut c_read, mut c_write) = (client.try_clone().unwrap(), client);
    let (mut s_read, mut s_write) = (server.try_clone().unwrap(), server);
    let stopped = Arc::new(Mutex::new((false, false)));
    let (up_mode, up_stopped) = (mode.clone(), stopped.clone());
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n @ 1..) = c_read.read(&mut buf) {
            let text = String::from_utf8_lossy(&buf[..n]).to_uppercase();
            let mut m = up_mode.lock().unwrap();
            let mut s = up_stopped.lock().unwrap();
            if m.hold_on.as_ref().is_some_and(|h| text.contains(&h.to_uppercase())) {
                (m.tripped, s.0) = (true, true);
            }
            if m.silent_on.as_ref().is_some_and(|h| text.contains(&h.to_uppercase())) {
                (m.tripped, s.1) = (true, true);
            }
            let held = s.0;
            drop((m, s));
            if !held && s_write.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = s_write.shutdown(std::net::Shutdown::Both);
    });
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n @ 1..) = s_read.read(&mut buf) {
            let delay = mode.lock().unwrap().delay;
            std::thread::sleep(delay);
            let silent = stopped.lock().unwrap().1;
            if !silent && c_write.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = c_write.shutdown(std::net::Shutdown::Both);
    });
}
