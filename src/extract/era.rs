//! The reporting unit against the units of the report's period. A name is read first among
//! every unit ever listed; when that names no unit, or one that did not exist on the period's
//! deadline (a regular period's, or an ad-hoc request's), it is read again among the units of
//! that day (`Cam Ranh` was a city, is now a ward). A unit taken from a report that names one
//! not existing then is a doubt for a person, never a silent attribution.

use super::matcher::Matched;
use super::record::{Review, Value};
use crate::form::{FieldKind, Form};
use crate::model::Period;
use crate::registry::Registry;
use jiff::civil::Date;

/// The best reading with `read` (a form and its fields, names resolved by the registry given),
/// and the doubt about its unit, if any. `due` gives a period's deadline (an ad-hoc request's
/// is known to the caller only).
pub fn of_the_day<'a>(
    registry: &Registry,
    due: impl Fn(&Period) -> Option<Date>,
    read: impl Fn(&Registry) -> (&'a Form, Matched),
) -> (&'a Form, Matched, Option<Review>) {
    let (form, matched) = read(registry);
    let Some(day) = day_of(form, &matched, due).filter(|_| registry.has_history()) else {
        return (form, matched, None);
    };
    let first = unit(form, &matched).and_then(|c| registry.get(c)).cloned();
    if first.as_ref().is_some_and(|u| u.active_on(day)) {
        return (form, matched, None);
    }
    let of_the_day = registry.as_of(day);
    let (again, rematched) = read(&of_the_day);
    let found = unit(again, &rematched).and_then(|c| of_the_day.get(c)).cloned();
    let Some(first) = first else {
        // No unit, or a name shared by several: the one unit of that name that existed then.
        return match found {
            Some(_) => (again, rematched, None),
            None => (form, matched, None),
        };
    };
    let period = period_words(form, &matched);
    let doubt = match &found {
        Some(now) => format!(
            "Báo cáo ghi \"{}\", đơn vị không còn (hoặc chưa) báo cáo vào hạn nộp {period} ({}); đã ghi nhận cho {} — cần kiểm tra lại đơn vị gửi báo cáo",
            first.name,
            day.strftime("%d/%m/%Y"),
            now.name
        ),
        None => format!(
            "\"{}\" không còn (hoặc chưa) là đơn vị báo cáo vào hạn nộp {period} ({}) — cần xác định đơn vị gửi báo cáo",
            first.name,
            day.strftime("%d/%m/%Y")
        ),
    };
    let key = form
        .fields
        .iter()
        .find(|f| f.kind == FieldKind::Chapter)
        .map(|f| f.key.clone());
    let review = Review {
        field: key,
        reason: doubt,
    };
    match found {
        Some(_) => (again, rematched, Some(review)),
        None => (form, matched, Some(review)),
    }
}

/// The deadline of the period read.
fn day_of(form: &Form, matched: &Matched, due: impl Fn(&Period) -> Option<Date>) -> Option<Date> {
    match period(form, matched)? {
        Value::Period(p) => due(p),
        _ => None,
    }
}

fn period<'m>(form: &Form, matched: &'m Matched) -> Option<&'m Value> {
    let field = form.fields.iter().find(|f| f.kind == FieldKind::Period)?;
    matched.fields.get(&field.key)
}

fn period_words(form: &Form, matched: &Matched) -> String {
    match period(form, matched) {
        Some(Value::Period(p)) => p.label_vi(),
        _ => String::new(),
    }
}

/// The unit's code read, if any.
fn unit<'m>(form: &Form, matched: &'m Matched) -> Option<&'m str> {
    let field = form.fields.iter().find(|f| f.kind == FieldKind::Chapter)?;
    match matched.fields.get(&field.key)? {
        Value::Chapter(code) => Some(code),
        _ => None,
    }
}
