//! The subcommands' implementations; only these and the daemon chain pipeline stages.

pub mod compile;
pub mod extract;
pub mod ingest;
pub mod init;
pub mod outbox;
pub mod read_document;
pub mod remind;
pub mod request;
pub mod review;
pub mod status;
pub mod template;
pub mod units;
pub mod user;
