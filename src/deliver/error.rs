//! Why a message was not delivered, and whether trying again later can help.
//!
//! The outbox worker only needs one decision per failure: keep the message and retry with
//! backoff ([`MailError::is_transient`]), or give up on it and tell the staff. Everything that a
//! later attempt may cure is transient: the server being down, busy (4xx), slow, or rejecting our
//! own login or certificate (a configuration problem that the IT person will fix; dropping every
//! queued message meanwhile would lose them). Only what is wrong with the message itself is
//! permanent: a recipient or content the server refuses with 5xx, or a message that cannot be
//! built.

use std::path::PathBuf;

/// A message that could not be delivered.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The message cannot be built (no recipient, bad id, bad content type...). Permanent.
    #[error("message {id}: {reason}")]
    Invalid {
        /// The caller's message id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The file transport could not write the message. Transient (disk full, permissions).
    #[error("message {id}: cannot write {}: {source}", path.display())]
    Write {
        /// The caller's message id.
        id: String,
        /// The file being written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The SMTP server could not be reached or refused the message.
    #[error("message {id}: SMTP server {server}: {source}")]
    Smtp {
        /// The caller's message id.
        id: String,
        /// `host:port`.
        server: String,
        /// lettre's error, with the server's reply when there was one.
        source: lettre::transport::smtp::Error,
    },
}

impl MailError {
    /// Whether a later attempt may succeed, so the message should stay queued.
    pub fn is_transient(&self) -> bool {
        match self {
            MailError::Invalid { .. } => false,
            MailError::Write { .. } => true,
            MailError::Smtp { .. } => match self.smtp_code() {
                Some(code) => code < 500 || is_authentication_code(code),
                // No reply code: connection refused or reset, timeout, TLS failure.
                None => true,
            },
        }
    }

    /// Whether the server itself could not be reached or did not answer (no reply code): the
    /// next message would fail the same way, so a pass stops rather than wait on each.
    pub fn is_server_down(&self) -> bool {
        matches!(self, MailError::Smtp { .. }) && self.smtp_code().is_none() || matches!(self, MailError::Write { .. })
    }

    /// The SMTP reply code, when the server answered with an error.
    pub fn smtp_code(&self) -> Option<u16> {
        match self {
            MailError::Smtp { source, .. } => source.status().map(u16::from),
            _ => None,
        }
    }

    /// The caller's id of the message that failed.
    pub fn message_id(&self) -> &str {
        match self {
            MailError::Invalid { id, .. } | MailError::Write { id, .. } | MailError::Smtp { id, .. } => id,
        }
    }
}

/// 530 (authentication required), 534 (mechanism too weak), 535 (credentials invalid) and 538
/// (encryption required for the mechanism) say that *our login* is wrong, not the message.
fn is_authentication_code(code: u16) -> bool {
    matches!(code, 530 | 534 | 535 | 538)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_message_is_permanent_and_write_failure_transient() {
        let invalid = MailError::Invalid {
            id: "ack-1".into(),
            reason: "no recipient".into(),
        };
        assert!(!invalid.is_transient());
        let write = MailError::Write {
            id: "ack-1".into(),
            path: PathBuf::from("/data/outbox/ack-1.eml"),
            source: std::io::Error::other("disk full"),
        };
        assert!(write.is_transient());
        assert_eq!(
            write.to_string(),
            "message ack-1: cannot write /data/outbox/ack-1.eml: disk full"
        );
    }

    #[test]
    fn authentication_codes_are_configuration_problems() {
        assert!(is_authentication_code(535));
        assert!(!is_authentication_code(550));
    }
}
