//! The subcommands' implementations; only these and the daemon chain pipeline stages.

pub mod compile;
pub mod extract;
pub mod ingest;
pub mod read_document;
pub mod status;
