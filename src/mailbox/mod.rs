//! The Union's mailbox as a source (issue 14): e-mails read over IMAP, each one's report files
//! handed to the same intake as the inbox's. This module holds what is known about one e-mail
//! (parts.rs: sender, thread, text, files; names.rs: attachment names; unzip.rs: zipped files),
//! how it is polled exactly once (poll.rs), and what a message without a report is (reply.rs,
//! thread.rs: receipts answered in the chapter's thread, replies attached to their report).

mod config;
pub mod digest;
pub mod imap;
pub mod names;
pub mod parts;
pub mod poll;
pub mod reply;
pub mod thread;
mod unzip;
pub mod utf7;

pub use config::{MailboxConfig, MailboxSettings, Others, Security};
pub use parts::{File, Mail, read};
