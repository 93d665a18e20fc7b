//! PDF reader placeholder until the positional reader lands.
use super::document::Document;
use super::error::Refusal;
use super::limits::Limits;

/// Not yet implemented.
pub fn read(_bytes: &[u8], _limits: &Limits) -> Result<Document, Refusal> {
    Err(Refusal::Unsupported("PDF".into()))
}
