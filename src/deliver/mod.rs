//! Stage 7, mail: render a message from a template and deliver it.
//!
//! - [`MailConfig`] is the `[mail]` table of `baocao.toml`; [`MailSettings::resolve`] checks it
//!   once (addresses, SMTP host, the password from the environment).
//! - [`Templates`] renders a [`MailKind`] with its context ([`AckAccepted`], [`AckRejected`],
//!   [`StaffUnknownChapter`]) into a subject and a plain-text body, from the province's
//!   `templates/mail/*.txt` or the built-in copies.
//! - [`Message`] is what to send, with a stable id from the caller; [`Mailer::send`] delivers it,
//!   blocking, as an `.eml` file in the outbox or through SMTP, and its [`MailError`] says
//!   whether retrying later can help ([`MailError::is_transient`]).
//!
//! Queueing and retrying are the outbox's job (in the store); this module sends one message
//! when asked and never retries by itself.

mod config;
mod context;
mod disposition;
mod error;
mod filters;
mod mailer;
mod message;
mod reminders;
mod replies;
mod templates;
pub mod worker;

pub use config::{
    Credentials, MailConfig, MailSettings, Secret, Security, SmtpConfig, SmtpSettings, Transport, TransportKind,
};
pub use context::{AckAccepted, AckRejected, DeskReview, ReportMail, Row, StaffStuck, StaffUnknownChapter};
pub use error::MailError;
pub use filters::{datetime_words, period_words};
pub use mailer::Mailer;
pub use message::{Attachment, Message};
pub use reminders::{LateRow, Reminder, StaffOverdue, StaffStatus, StatusLine};
pub use replies::{DigestEntry, StaffChapterReply, StaffMailDigest};
pub use templates::{MailKind, TemplateError, Templates};

/// An address with an optional display name; parse one with `"Tên <ten@example.vn>".parse()`.
pub use lettre::message::Mailbox;
