//! The subcommands' implementations; only these and the daemon chain pipeline stages.

pub mod extract;
pub mod read_document;
