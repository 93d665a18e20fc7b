//! Stage 3: what a person must look at in an extracted record (pure, no I/O).
//!
//! Nothing here rejects a file: a readable file with problems is stored as "needs review" with
//! these items, and the chapter is told exactly what to fix.

use crate::extract::{Record, Review, Value};
use crate::form::Form;
use crate::model::Status;

/// The review items of a record: missing required fields, failed checks, then the reader's
/// `notes` (unreadable values, values chosen between candidates).
pub fn review(record: &Record, form: &Form, notes: &[Review]) -> Vec<Review> {
    let mut items: Vec<Review> = record
        .missing
        .iter()
        .map(|key| {
            let label = form.field(key).map_or(key.as_str(), |f| f.label.as_str());
            Review::field(key, format!("Thiếu hoặc không đọc được mục \"{label}\""))
        })
        .collect();
    for check in &form.checks {
        let value = |k: &str| record.fields.get(k).and_then(Value::as_integer);
        if let (Some(a), Some(b)) = (value(&check.field), value(&check.at_most))
            && a > b
        {
            let label = |k: &str| form.field(k).map_or(k.to_string(), |f| f.label.clone());
            items.push(Review::field(
                &check.field,
                format!(
                    "\"{}\" ({a}) lớn hơn \"{}\" ({b})",
                    label(&check.field),
                    label(&check.at_most)
                ),
            ));
        }
    }
    items.extend(notes.iter().cloned());
    items
}

/// `accepted` when nothing needs review, else `needs_review`.
pub fn status(items: &[Review]) -> Status {
    if items.is_empty() {
        Status::Accepted
    } else {
        Status::NeedsReview
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Format;
    use std::collections::BTreeMap;

    fn record(fields: &[(&str, i64)], missing: &[&str]) -> Record {
        Record {
            file: "x.docx".into(),
            format: Format::Docx,
            form: "giam-sat-phan-bien".into(),
            chapter: Some("VNI".into()),
            period: None,
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), Value::Integer(*v)))
                .collect::<BTreeMap<_, _>>(),
            sources: BTreeMap::new(),
            missing: missing.iter().map(|s| s.to_string()).collect(),
            warnings: vec![],
            review: vec![],
        }
    }

    #[test]
    fn a_complete_consistent_record_is_accepted() {
        let r = record(&[("petitions_received", 5), ("petitions_resolved", 5)], &[]);
        let items = review(&r, &Form::embedded(), &[]);
        assert_eq!(items, []);
        assert_eq!(status(&items), Status::Accepted);
    }

    #[test]
    fn more_resolved_than_received_needs_review() {
        let r = record(&[("petitions_received", 3), ("petitions_resolved", 5)], &[]);
        let items = review(&r, &Form::embedded(), &[]);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].field.as_deref(), Some("petitions_resolved"));
        assert!(
            items[0].reason.contains("(5) lớn hơn") && items[0].reason.contains("(3)"),
            "{}",
            items[0].reason
        );
        assert_eq!(status(&items), Status::NeedsReview);
    }

    #[test]
    fn missing_required_fields_are_named_by_label() {
        let items = review(&record(&[], &["period"]), &Form::embedded(), &[]);
        assert_eq!(items[0].reason, "Thiếu hoặc không đọc được mục \"Kỳ báo cáo\"");
    }
}
