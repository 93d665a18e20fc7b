//! The IMAP conversation, each command under the configured time limit: connect (TLS,
//! STARTTLS, or plain on loopback), log in, select a folder, list UIDs from a point on, fetch
//! bodies in batches, create the done folder and move messages there, wait in IDLE for new
//! mail. Only ASCII ever goes
//! into a command: folder names in modified UTF-7, no SEARCH by text (servers refuse
//! non-ASCII criteria; baocao filters in Rust).

use super::config::{MailboxSettings, Security};
use super::utf7;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};

/// What a connection is: plain TCP or TLS over it.
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug> Io for T {}

/// A logged-in IMAP session.
pub type Session = async_imap::Session<Box<dyn Io>>;

/// Why talking to the mailbox failed: never the chapter's fault, always retried.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("mailbox {host}: cannot connect: {source}")]
    Connect { host: String, source: std::io::Error },
    #[error("mailbox: TLS: {0}")]
    Tls(String),
    #[error("mailbox: login refused for {0}")]
    Login(String),
    #[error("mailbox: no answer to {0} within the time limit")]
    Timeout(&'static str),
    #[error("mailbox: {0}")]
    Protocol(String),
}

/// `f` within `limit`, its IMAP error as ours.
async fn timed<T, E: std::fmt::Display>(
    limit: Duration,
    what: &'static str,
    f: impl Future<Output = Result<T, E>>,
) -> Result<T, ImapError> {
    match tokio::time::timeout(limit, f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(ImapError::Protocol(format!("{what}: {e}"))),
        Err(_) => Err(ImapError::Timeout(what)),
    }
}

/// Connects and logs in.
pub async fn connect(m: &MailboxSettings) -> Result<Session, ImapError> {
    let limit = m.timeout;
    let tcp = tokio::time::timeout(limit, tokio::net::TcpStream::connect((m.host.as_str(), m.port)))
        .await
        .map_err(|_| ImapError::Timeout("connect"))?
        .map_err(|source| ImapError::Connect {
            host: m.host.clone(),
            source,
        })?;
    let stream: Box<dyn Io> = match m.security {
        Security::None => Box::new(tcp),
        Security::Tls => Box::new(tls(&m.host, tcp, limit).await?),
        Security::Starttls => {
            let mut plain = async_imap::Client::new(tcp);
            greeting(&mut plain, limit).await?;
            timed(limit, "STARTTLS", plain.run_command_and_check_ok("STARTTLS", None)).await?;
            Box::new(tls(&m.host, plain.into_inner(), limit).await?)
        }
    };
    let mut client = async_imap::Client::new(stream);
    if m.security != Security::Starttls {
        greeting(&mut client, limit).await?;
    }
    match tokio::time::timeout(limit, client.login(&m.username, &m.password)).await {
        Ok(Ok(session)) => Ok(session),
        Ok(Err(_)) => Err(ImapError::Login(m.username.clone())),
        Err(_) => Err(ImapError::Timeout("LOGIN")),
    }
}

async fn greeting<T: Io>(client: &mut async_imap::Client<T>, limit: Duration) -> Result<(), ImapError> {
    match tokio::time::timeout(limit, client.read_response()).await {
        Ok(Ok(Some(_))) => Ok(()),
        Ok(Ok(None)) => Err(ImapError::Protocol(
            "the server closed the connection before greeting".into(),
        )),
        Ok(Err(e)) => Err(ImapError::Protocol(format!("greeting: {e}"))),
        Err(_) => Err(ImapError::Timeout("greeting")),
    }
}

async fn tls(
    host: &str,
    tcp: tokio::net::TcpStream,
    limit: Duration,
) -> Result<tokio_rustls::client::TlsStream<tokio::net::TcpStream>, ImapError> {
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| ImapError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(host.to_string()).map_err(|e| ImapError::Tls(e.to_string()))?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    timed(limit, "TLS handshake", connector.connect(name, tcp)).await
}

/// A selected folder: the UIDVALIDITY its UIDs belong to, and the next UID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selected {
    pub uid_validity: u32,
    pub uid_next: Option<u32>,
    pub exists: u32,
}

/// Selects `folder` (read-write: messages are moved out of it).
pub async fn select(session: &mut Session, folder: &str, limit: Duration) -> Result<Selected, ImapError> {
    let mailbox = timed(limit, "SELECT", session.select(utf7::encode(folder))).await?;
    let uid_validity = mailbox
        .uid_validity
        .ok_or_else(|| ImapError::Protocol(format!("{folder}: the server gives no UIDVALIDITY")))?;
    Ok(Selected {
        uid_validity,
        uid_next: mailbox.uid_next,
        exists: mailbox.exists,
    })
}

/// UIDs of the folder's messages from `first` on, ascending: no bodies, no text criteria.
pub async fn uids_from(session: &mut Session, first: u32, limit: Duration) -> Result<Vec<u32>, ImapError> {
    let found = timed(
        limit,
        "UID SEARCH",
        session.uid_search(format!("UID {}:*", first.max(1))),
    )
    .await?;
    // `n:*` always matches the last message, even when its UID is below n.
    let mut uids: Vec<u32> = found.into_iter().filter(|&u| u >= first).collect();
    uids.sort_unstable();
    Ok(uids)
}

/// The raw bytes of messages `uids` (without setting \Seen), in one command.
pub async fn fetch(session: &mut Session, uids: &[u32], limit: Duration) -> Result<Vec<(u32, Vec<u8>)>, ImapError> {
    use futures::TryStreamExt;
    if uids.is_empty() {
        return Ok(Vec::new());
    }
    let set = set_of(uids);
    let fetched = async {
        let stream = session.uid_fetch(&set, "(UID BODY.PEEK[])").await?;
        stream.try_collect::<Vec<_>>().await
    };
    let fetched = timed(limit, "UID FETCH", fetched).await?;
    Ok(fetched
        .iter()
        .filter_map(|f| Some((f.uid?, f.body()?.to_vec())))
        .collect())
}

/// Creates `folder` unless it exists. (CREATE, and on a refusal STATUS: a folder that answers
/// is there. LIST patterns with spaces and `&` are read differently by different servers.)
pub async fn ensure_folder(session: &mut Session, folder: &str, limit: Duration) -> Result<(), ImapError> {
    let encoded = utf7::encode(folder);
    if timed(limit, "CREATE", session.create(&encoded)).await.is_ok() {
        return Ok(());
    }
    timed(limit, "STATUS", session.status(&encoded, "(MESSAGES)"))
        .await
        .map(|_| ())
}

/// Moves `uids` to `folder` (MOVE, or COPY + \Deleted + EXPUNGE where MOVE is missing).
pub async fn move_to(session: &mut Session, uids: &[u32], folder: &str, limit: Duration) -> Result<(), ImapError> {
    if uids.is_empty() {
        return Ok(());
    }
    let (set, encoded) = (set_of(uids), utf7::encode(folder));
    let caps = timed(limit, "CAPABILITY", session.capabilities()).await?;
    if caps.has_str("MOVE") {
        return timed(limit, "UID MOVE", session.uid_mv(&set, &encoded)).await;
    }
    timed(limit, "UID COPY", session.uid_copy(&set, &encoded)).await?;
    let flagged = async {
        use futures::TryStreamExt;
        let stream = session.uid_store(&set, "+FLAGS.SILENT (\\Deleted)").await?;
        stream.try_collect::<Vec<_>>().await
    };
    timed(limit, "UID STORE", flagged).await?;
    let expunged = async {
        use futures::TryStreamExt;
        let stream = session.uid_expunge(&set).await?;
        stream.try_collect::<Vec<_>>().await
    };
    timed(limit, "UID EXPUNGE", expunged).await.map(|_| ())
}

/// The longest IDLE: servers may drop an IDLE after 30 minutes (RFC 2177).
const MAX_IDLE: Duration = Duration::from_secs(25 * 60);

/// Waits in IDLE on `folder` until the server says something changed or `wait` passes, on a
/// session of its own; false at once when the server does not offer IDLE (then the caller
/// waits by the clock). `uid_next`: the folder's UIDNEXT the last poll saw; a higher one now
/// means mail came after that poll looked, and the wait ends at once.
pub async fn wait_for_mail(m: &MailboxSettings, wait: Duration, uid_next: Option<u32>) -> Result<bool, ImapError> {
    let mut session = connect(m).await?;
    let caps = timed(m.timeout, "CAPABILITY", session.capabilities()).await?;
    if !caps.has_str("IDLE") {
        let _ = tokio::time::timeout(m.timeout, session.logout()).await;
        return Ok(false);
    }
    let now = select(&mut session, &m.folder, m.timeout).await?;
    // (A server that gives no UIDNEXT is simply waited on: the wait is bounded anyway.)
    if now.uid_next.zip(uid_next).is_some_and(|(now, then)| now != then) {
        let _ = tokio::time::timeout(m.timeout, session.logout()).await;
        return Ok(true);
    }
    let mut idle = session.idle();
    timed(m.timeout, "IDLE", idle.init()).await?;
    let wait = wait.min(MAX_IDLE);
    let (waiting, _stop) = idle.wait_with_timeout(wait);
    // The whole wait bounded too: the server's "still here" keep-alives restart the crate's.
    let outcome = match tokio::time::timeout(wait, waiting).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(e)) => return Err(ImapError::Protocol(format!("IDLE: {e}"))),
        Err(_) => async_imap::extensions::idle::IdleResponse::Timeout,
    };
    // The connection closed under the wait: not a wait at all (the caller waits by the
    // clock rather than reconnect at once, again and again).
    if matches!(outcome, async_imap::extensions::idle::IdleResponse::ManualInterrupt) {
        return Ok(false);
    }
    let mut session = timed(m.timeout, "DONE", idle.done()).await?;
    let _ = tokio::time::timeout(m.timeout, session.logout()).await;
    Ok(true)
}

/// `1,3,5:9` for `[1, 3, 5, 6, 7, 8, 9]` (sorted input).
pub fn set_of(uids: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            i += 1;
            end = uids[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
        i += 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    #[test]
    fn uid_sets_are_compact() {
        assert_eq!(super::set_of(&[1, 3, 5, 6, 7, 8, 9, 12]), "1,3,5:9,12");
        assert_eq!(super::set_of(&[4]), "4");
    }
}
