//! A small, real SMTP server on 127.0.0.1 for integration tests.
//!
//! It speaks EHLO/HELO, STARTTLS, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT,
//! records every accepted message byte for byte, and can be told to fail a stage with a given
//! code for the next n times (`421` at the greeting, `451` at MAIL, `550` at RCPT...), which is
//! how tests build "a server that refuses for a while, then accepts".
//!
//! Everything is bounded: it binds to 127.0.0.1 only, sockets have read/write timeouts, lines,
//! messages and commands per connection are capped, and dropping the server stops the accept
//! loop and joins every connection thread.
#![allow(dead_code)]

use rustls::ServerConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

const IO_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_LINE: usize = 64 * 1024;
const MAX_MESSAGE: usize = 16 * 1024 * 1024;
const MAX_COMMANDS: usize = 100;
const MAX_CONNECTIONS: usize = 200;

/// How clients must connect.
#[derive(Clone, Default)]
pub enum Security {
    /// Plain text; AUTH is not offered.
    #[default]
    None,
    /// Plain, with STARTTLS offered (AUTH offered once encrypted).
    StartTls(Arc<ServerConfig>),
    /// TLS from the first byte.
    Tls(Arc<ServerConfig>),
}

/// Where an injected failure answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Greeting,
    Auth,
    Mail,
    Rcpt,
    Data,
}

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as sent, dot-unstuffed, with CRLF line ends.
    pub data: Vec<u8>,
    /// `(username, password)` if the client authenticated.
    pub login: Option<(String, String)>,
    /// Whether the session was encrypted when DATA ended.
    pub encrypted: bool,
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    failures: Vec<(Stage, u16, usize)>,
    connections: usize,
}

struct Shared {
    security: Security,
    stop: AtomicBool,
    // Plain std Mutex: held only for short bookkeeping, never across I/O.
    state: Mutex<State>,
}

/// A running server; stops when dropped.
pub struct SmtpServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl SmtpServer {
    /// Starts a server on 127.0.0.1 and an ephemeral port.
    pub fn start(security: Security) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            security,
            stop: AtomicBool::new(false),
            state: Mutex::new(State::default()),
        });
        let for_thread = Arc::clone(&shared);
        let accept = std::thread::spawn(move || accept_loop(listener, for_thread));
        SmtpServer {
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// The port clients connect to (host `127.0.0.1`).
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Answers `code` at `stage` for the next `times` times it is reached.
    pub fn fail(&self, stage: Stage, code: u16, times: usize) {
        self.state().failures.push((stage, code, times));
    }

    /// The messages accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.state().received.clone()
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.state().connections
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared.state.lock().expect("server state")
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

impl Shared {
    fn take_failure(&self, stage: Stage) -> Option<u16> {
        let mut state = self.state.lock().expect("server state");
        let (_, code, times) = state.failures.iter_mut().find(|(s, _, n)| *s == stage && *n > 0)?;
        *times -= 1;
        Some(*code)
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut sessions = Vec::new();
    while !shared.stop.load(Ordering::SeqCst) && sessions.len() < MAX_CONNECTIONS {
        match listener.accept() {
            Ok((stream, _)) => {
                shared.state.lock().expect("server state").connections += 1;
                let shared = Arc::clone(&shared);
                sessions.push(std::thread::spawn(move || {
                    let _ = session::run(stream, &shared);
                }));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break,
        }
    }
    for session in sessions {
        let _ = session.join();
    }
}

/// The connection, plain or encrypted.
enum Conn {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Conn {
    fn encrypt(self, config: &Arc<ServerConfig>) -> io::Result<Conn> {
        match self {
            Conn::Plain(tcp) => {
                let server = rustls::ServerConnection::new(Arc::clone(config)).map_err(io::Error::other)?;
                Ok(Conn::Tls(Box::new(rustls::StreamOwned::new(server, tcp))))
            }
            tls => Ok(tls),
        }
    }

    fn is_encrypted(&self) -> bool {
        matches!(self, Conn::Tls(_))
    }
}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(s) => s.read(buf),
            Conn::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(s) => s.write(buf),
            Conn::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Conn::Plain(s) => s.flush(),
            Conn::Tls(s) => s.flush(),
        }
    }
}

// The protocol itself; `path` is relative to this file's folder however this file is included.
#[path = "smtp_session.rs"]
mod session;

/// A CA and a server certificate for 127.0.0.1 signed by it: returns the server's TLS
/// configuration and the CA certificate (PEM) that clients must trust.
pub fn test_certificates() -> (Arc<ServerConfig>, String) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).expect("CA certificate");
    let key = KeyPair::generate().expect("server key");
    let params = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).expect("params");
    let cert = params.signed_by(&key, &ca, &ca_key).expect("server certificate");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(cert.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .expect("server TLS config");
    (Arc::new(config), ca.pem())
}
