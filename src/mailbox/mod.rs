//! The Union's mailbox as a source (issue 14): e-mails read over IMAP, each one's report files
//! handed to the same intake as the inbox's. This module holds what is known about one e-mail
//! (parts.rs: sender, thread, text, files; names.rs: attachment names; unzip.rs: zipped files).

mod config;
pub mod imap;
pub mod names;
pub mod parts;
pub mod poll;
mod unzip;
pub mod utf7;

pub use config::{MailboxConfig, MailboxSettings, Security};
pub use parts::{File, Mail, read};
