//! Generated records for the timing examples: one accepted submission per unit, every field
//! of the form filled, written straight into the SQLite file in one transaction.
// Each example uses part of it.
#![allow(dead_code)]

use baocao::config::Settings;
use baocao::form::FieldKind;
use baocao::model::Period;

/// One accepted submission per unit with every field of the form, in one transaction.
pub fn insert(settings: &Settings, codes: &[String], period: Period) {
    let mut conn = rusqlite::Connection::open(settings.database()).unwrap();
    let tx = conn.transaction().unwrap();
    let form = &settings.forms[0];
    let received = format!("{}-06-10T02:30:00Z", period.year);
    for (i, code) in (1..).zip(codes) {
        tx.execute(
            "INSERT INTO submissions (sha256, file_name, source_path, stored_path, moved, received_at, format, form, \
             chapter, period, status) VALUES (?1, ?2, '', '', 1, ?3, 'docx', ?4, ?5, ?6, 'accepted')",
            rusqlite::params![
                format!("{period}-{i}"),
                format!("bao-cao-{i}.docx"),
                received,
                form.id,
                code,
                period.to_string()
            ],
        )
        .unwrap();
        let id = tx.last_insert_rowid();
        values(&tx, form, id, i, &format!("đơn vị số {i}"));
    }
    tx.commit().unwrap();
}

/// Every integer and narrative field of submission `id`, the `i`-th unit's (`name`).
pub fn values(tx: &rusqlite::Transaction, form: &baocao::form::Form, id: i64, i: usize, name: &str) {
    for (k, field) in form.fields.iter().enumerate() {
        let value = match field.kind {
            FieldKind::Integer => ((i * 7 + k * 13) % 50).to_string(),
            FieldKind::Section => format!("\"Nội dung {} của {name}.\"", field.label),
            _ => continue,
        };
        tx.execute(
            "INSERT INTO field_values (submission_id, key, value_json) VALUES (?1, ?2, ?3)",
            rusqlite::params![id, field.key, value],
        )
        .unwrap();
    }
}
