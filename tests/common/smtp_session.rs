//! The SMTP conversation of the test server in `smtp.rs`: one connection, greeting to QUIT.

use super::{Conn, IO_TIMEOUT, MAX_COMMANDS, MAX_LINE, MAX_MESSAGE, Received, Security, Shared, Stage};
use std::io::{self, Read, Write};
use std::net::TcpStream;

/// One client connection, from greeting to QUIT (or timeout, or the command cap).
pub(super) fn run(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let mut conn = Conn::Plain(stream);
    if let Security::Tls(config) = &shared.security {
        conn = conn.encrypt(config)?;
    }
    if let Some(code) = shared.take_failure(Stage::Greeting) {
        return reply(&mut conn, code, "service not available, closing channel");
    }
    reply(&mut conn, 220, "127.0.0.1 ESMTP baocao test server")?;
    let mut lines = Lines::default();
    let (mut from, mut to, mut login) = (None::<String>, Vec::new(), None);
    for _ in 0..MAX_COMMANDS {
        let Some(line) = lines.next(&mut conn)? else {
            return Ok(());
        };
        let line = String::from_utf8_lossy(&line).into_owned();
        let (verb, arg) = line.split_once(' ').unwrap_or((&line, ""));
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" | "HELO" => {
                (from, to) = (None, Vec::new());
                ehlo(&mut conn, &shared.security)?;
            }
            "STARTTLS" => match &shared.security {
                Security::StartTls(config) if !conn.is_encrypted() => {
                    reply(&mut conn, 220, "ready to start TLS")?;
                    conn = conn.encrypt(config)?;
                    // RFC 3207: everything learnt before the handshake is forgotten.
                    (lines, from, to, login) = (Lines::default(), None, Vec::new(), None);
                }
                _ => reply(&mut conn, 502, "STARTTLS not available")?,
            },
            "AUTH" if !conn.is_encrypted() => reply(&mut conn, 538, "encryption required")?,
            "AUTH" => match shared.take_failure(Stage::Auth) {
                Some(code) => reply(&mut conn, code, "authentication failed")?,
                None => {
                    login = Some(authenticate(&mut conn, &mut lines, arg)?);
                    reply(&mut conn, 235, "authenticated")?;
                }
            },
            "MAIL" => match shared.take_failure(Stage::Mail) {
                Some(code) => reply(&mut conn, code, "try again later")?,
                None => {
                    from = Some(path(arg));
                    reply(&mut conn, 250, "sender ok")?;
                }
            },
            "RCPT" if from.is_none() => reply(&mut conn, 503, "MAIL first")?,
            "RCPT" => match shared.take_failure(Stage::Rcpt) {
                Some(code) => reply(&mut conn, code, "mailbox unavailable")?,
                None => {
                    to.push(path(arg));
                    reply(&mut conn, 250, "recipient ok")?;
                }
            },
            "DATA" if to.is_empty() => reply(&mut conn, 503, "RCPT first")?,
            "DATA" => {
                reply(&mut conn, 354, "end data with <CRLF>.<CRLF>")?;
                let data = lines.data(&mut conn)?;
                if let Some(code) = shared.take_failure(Stage::Data) {
                    reply(&mut conn, code, "message refused")?;
                } else {
                    let message = Received {
                        mail_from: from.take().unwrap_or_default(),
                        rcpt_to: std::mem::take(&mut to),
                        data,
                        login: login.clone(),
                        encrypted: conn.is_encrypted(),
                    };
                    shared.state.lock().expect("server state").received.push(message);
                    reply(&mut conn, 250, "queued")?;
                }
            }
            "RSET" => {
                (from, to) = (None, Vec::new());
                reply(&mut conn, 250, "reset")?;
            }
            "NOOP" => reply(&mut conn, 250, "ok")?,
            "QUIT" => return reply(&mut conn, 221, "bye"),
            _ => reply(&mut conn, 502, "command not implemented")?,
        }
    }
    reply(&mut conn, 421, "too many commands")
}

fn ehlo(conn: &mut Conn, security: &Security) -> io::Result<()> {
    let mut text = String::from("250-127.0.0.1\r\n");
    if matches!(security, Security::StartTls(_)) && !conn.is_encrypted() {
        text.push_str("250-STARTTLS\r\n");
    }
    if conn.is_encrypted() {
        text.push_str("250-AUTH PLAIN LOGIN\r\n");
    }
    text.push_str("250 HELP\r\n");
    conn.write_all(text.as_bytes())?;
    conn.flush()
}

/// AUTH PLAIN (with or without initial response) or LOGIN; returns (username, password).
fn authenticate(conn: &mut Conn, lines: &mut Lines, arg: &str) -> io::Result<(String, String)> {
    let (mechanism, initial) = arg.split_once(' ').unwrap_or((arg, ""));
    let mut answer = |conn: &mut Conn, prompt: &str| -> io::Result<Vec<u8>> {
        reply(conn, 334, prompt)?;
        let line = lines
            .next(conn)?
            .ok_or_else(|| io::Error::other("closed during AUTH"))?;
        decode(&line)
    };
    if mechanism.eq_ignore_ascii_case("LOGIN") {
        let user = answer(conn, "VXNlcm5hbWU6")?;
        let password = answer(conn, "UGFzc3dvcmQ6")?;
        return Ok((text(user), text(password)));
    }
    let plain = match initial {
        "" => answer(conn, "")?,
        initial => decode(initial.as_bytes())?,
    };
    let mut parts = plain.split(|&b| b == 0).skip(1).map(|p| text(p.to_vec()));
    Ok((parts.next().unwrap_or_default(), parts.next().unwrap_or_default()))
}

fn decode(b64: &[u8]) -> io::Result<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(io::Error::other)
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `FROM:<a@b> SIZE=1` → `a@b`.
fn path(arg: &str) -> String {
    let start = arg.find('<').map_or(0, |i| i + 1);
    let end = arg[start..].find('>').map_or(arg.len(), |i| start + i);
    arg[start..end].to_string()
}

fn reply(conn: &mut Conn, code: u16, text: &str) -> io::Result<()> {
    conn.write_all(format!("{code} {text}\r\n").as_bytes())?;
    conn.flush()
}

/// CRLF-terminated lines from the connection, with the bytes read past the last one kept.
#[derive(Default)]
struct Lines {
    buf: Vec<u8>,
}

impl Lines {
    /// The next line without its CRLF; `None` when the client closed the connection.
    fn next(&mut self, conn: &mut Conn) -> io::Result<Option<Vec<u8>>> {
        // Each pass reads at least one byte and the buffer is capped, so this ends.
        loop {
            if let Some(end) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let line = self.buf[..end].to_vec();
                self.buf.drain(..end + 2);
                return Ok(Some(line));
            }
            if self.buf.len() > MAX_LINE {
                return Err(io::Error::other("line too long"));
            }
            let mut chunk = [0; 4096];
            match conn.read(&mut chunk)? {
                0 => return Ok(None),
                n => self.buf.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// The DATA section up to the lone `.`, dot-unstuffed, lines ending in CRLF.
    fn data(&mut self, conn: &mut Conn) -> io::Result<Vec<u8>> {
        let mut data = Vec::new();
        while data.len() <= MAX_MESSAGE {
            let line = self.next(conn)?.ok_or_else(|| io::Error::other("closed during DATA"))?;
            if line == b"." {
                return Ok(data);
            }
            data.extend_from_slice(line.strip_prefix(b".").unwrap_or(&line));
            data.extend_from_slice(b"\r\n");
        }
        Err(io::Error::other("message too large"))
    }
}
