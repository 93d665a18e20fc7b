//! [`Mailer`]: sends a [`Message`] through the configured transport, blocking.
//!
//! The daemon calls [`Mailer::send`] from `tokio::task::spawn_blocking`; one SMTP connection is
//! opened per message (lettre's pool is not compiled in), which suits a few dozen messages a day
//! and means a server that went away never leaves a stale connection behind.
//!
//! The file transport does not use lettre's `FileTransport`, which names files by a random id:
//! the file is named `<message_id>.eml`, so re-sending the same message replaces the same file,
//! and it is written to a hidden temporary name and renamed, so a crash never leaves half a
//! message where a reader would take it for a whole one.

use super::config::{MailSettings, Security, SmtpSettings, Transport};
use super::{MailError, Message};
use lettre::Transport as _;
use lettre::message::Mailbox;
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use std::path::{Path, PathBuf};
use tracing::{debug, info};

/// Sends messages as configured. Cheap to share: wrap it in an `Arc` for worker threads.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    reply_to: Option<Mailbox>,
    route: Route,
}

#[derive(Clone)]
enum Route {
    File { outbox: PathBuf },
    Smtp { transport: SmtpTransport, server: String },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let route = match &self.route {
            Route::File { outbox } => format!("file {}", outbox.display()),
            Route::Smtp { server, .. } => format!("smtp {server}"),
        };
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("route", &route)
            .finish()
    }
}

impl Mailer {
    /// Prepares the transport of `settings` (TLS parameters are built here, once).
    pub fn new(settings: &MailSettings) -> Result<Mailer, String> {
        let route = match &settings.transport {
            Transport::File { outbox } => Route::File { outbox: outbox.clone() },
            Transport::Smtp(smtp) => Route::Smtp {
                transport: smtp_transport(smtp)?,
                server: format!("{}:{}", smtp.host, smtp.port),
            },
        };
        Ok(Mailer {
            from: settings.from.clone(),
            reply_to: settings.reply_to.clone(),
            route,
        })
    }

    /// Delivers `msg`: writes `<outbox>/<message_id>.eml` or hands it to the SMTP server.
    pub fn send(&self, msg: &Message) -> Result<(), MailError> {
        let email = self.with_reply_to(msg).build(&self.from)?;
        match &self.route {
            Route::File { outbox } => {
                let path = write_eml(outbox, &msg.message_id, &email.formatted()).map_err(|(path, source)| {
                    MailError::Write {
                        id: msg.message_id.clone(),
                        path,
                        source,
                    }
                })?;
                info!(id = %msg.message_id, file = %path.display(), "mail written to outbox");
            }
            Route::Smtp { transport, server } => {
                let response = transport.send(&email).map_err(|source| MailError::Smtp {
                    id: msg.message_id.clone(),
                    server: server.clone(),
                    source,
                })?;
                let reply = response.message().collect::<Vec<_>>().join(" ");
                info!(id = %msg.message_id, %server, code = %response.code(), reply, "mail sent");
            }
        }
        Ok(())
    }

    /// The message exactly as it would be sent (for `--dry-run` and inspection).
    pub fn format(&self, msg: &Message) -> Result<Vec<u8>, MailError> {
        Ok(self.with_reply_to(msg).build(&self.from)?.formatted())
    }

    /// The message with the configured Reply-To unless it names its own.
    fn with_reply_to<'m>(&self, msg: &'m Message) -> std::borrow::Cow<'m, Message> {
        match (&msg.reply_to, &self.reply_to) {
            (None, Some(reply_to)) => std::borrow::Cow::Owned(Message {
                reply_to: Some(reply_to.clone()),
                ..msg.clone()
            }),
            _ => std::borrow::Cow::Borrowed(msg),
        }
    }
}

fn smtp_transport(smtp: &SmtpSettings) -> Result<SmtpTransport, String> {
    let tls = match smtp.security {
        Security::None => Tls::None,
        Security::Starttls => Tls::Required(tls_parameters(smtp)?),
        Security::Tls => Tls::Wrapper(tls_parameters(smtp)?),
    };
    // `builder_dangerous` only means "no TLS preset": the TLS mode is set explicitly right after.
    let mut builder = SmtpTransport::builder_dangerous(smtp.host.as_str())
        .port(smtp.port)
        .tls(tls)
        .timeout(Some(smtp.timeout));
    if let Some(login) = &smtp.credentials {
        builder = builder.credentials(Credentials::new(login.username.clone(), login.password.0.clone()));
    }
    Ok(builder.build())
}

fn tls_parameters(smtp: &SmtpSettings) -> Result<TlsParameters, String> {
    let mut builder = TlsParameters::builder(smtp.host.clone());
    if let Some(pem) = &smtp.ca_pem {
        let ca = Certificate::from_pem(pem).map_err(|e| format!("mail.smtp.ca_file: {e}"))?;
        builder = builder.add_root_certificate(ca);
    }
    builder
        .build()
        .map_err(|e| format!("mail.smtp: TLS set-up for {}: {e}", smtp.host))
}

/// Writes `bytes` to `<outbox>/<id>.eml` through a temporary file; returns the final path.
fn write_eml(outbox: &Path, id: &str, bytes: &[u8]) -> Result<PathBuf, (PathBuf, std::io::Error)> {
    let path = outbox.join(format!("{id}.eml"));
    std::fs::create_dir_all(outbox).map_err(|e| (outbox.to_path_buf(), e))?;
    // The temporary file is hidden and ends in .tmp: nothing that lists the outbox takes it.
    crate::durable::write(&path, bytes).map_err(|e| (path.clone(), e))?;
    debug!(file = %path.display(), bytes = bytes.len(), "outbox file written");
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewriting_the_same_id_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = dir.path().join("outbox");
        write_eml(&outbox, "ack-1", b"first").unwrap();
        let path = write_eml(&outbox, "ack-1", b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(&outbox)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["ack-1.eml"]);
    }

    #[test]
    fn unwritable_outbox_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("outbox");
        std::fs::write(&blocker, "a file where the folder should be").unwrap();
        let (path, _) = write_eml(&blocker, "ack-1", b"x").unwrap_err();
        assert_eq!(path, blocker);
    }
}
