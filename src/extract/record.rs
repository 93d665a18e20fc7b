//! The record extracted from one file: typed field values with their sources.

use super::sniff::Format;
use crate::model::Period;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A typed field value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A whole number.
    Integer(i64),
    /// Text as written (NFC, tidy spacing; paragraphs separated by `\n`).
    Text(String),
    /// A calendar date.
    Date(jiff::civil::Date),
    /// A report period.
    Period(Period),
    /// A chapter code from the registry.
    Chapter(String),
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Integer(i) => s.serialize_i64(*i),
            Value::Text(t) | Value::Chapter(t) => s.serialize_str(t),
            Value::Date(d) => s.collect_str(d),
            Value::Period(p) => s.collect_str(p),
        }
    }
}

impl Value {
    /// The whole number, if this is one.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }
}

/// What was read from one file. Serialises to the `baocao extract --json` contract.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// The file as given.
    pub file: PathBuf,
    /// The format detected from the bytes.
    pub format: Format,
    /// The form definition that matched best.
    pub form: String,
    /// Chapter code, when the reporting unit was recognised.
    pub chapter: Option<String>,
    /// Report period, when found.
    pub period: Option<Period>,
    /// Field values by key; a field the document does not contain is absent.
    pub fields: BTreeMap<String, Value>,
    /// Where each value was read (`Báo cáo!D11`, `table 2 row 3 col 4`, `page 1 line 12`).
    pub sources: BTreeMap<String, String>,
    /// Required fields that were not found.
    pub missing: Vec<String>,
    /// The reader's own notes (unreadable values, unknown unit, a value chosen between
    /// candidates...), in Vietnamese; each is also one of the `review` items.
    pub warnings: Vec<String>,
    /// Everything a person must look at before the values count: missing required fields,
    /// failed checks and the reader's notes, each naming its field where there is one.
    pub review: Vec<Review>,
}

/// One thing a person must look at, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The field concerned (its key), if one.
    pub field: Option<String>,
    /// What is wrong or uncertain, for the chapter and the staff.
    pub reason: String,
}

impl Review {
    /// An item about one field.
    pub fn field(key: &str, reason: String) -> Self {
        Review {
            field: Some(key.to_string()),
            reason,
        }
    }
}
