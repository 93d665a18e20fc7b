//! Cross-period plausibility: a figure far out of line with the same chapter's earlier
//! reports is a review item naming both values (pure; the caller looks the reports up).
//!
//! Two checks, thresholds from the form file (`[plausibility]`): the same kind of period a year
//! earlier (a figure `ratio` times larger or smaller, when both are at least `floor`), and the
//! six-month report against the same year's annual one (the half year cannot exceed the
//! year). "Resolved more than made" is a form check ([`crate::validate`]).

use crate::extract::{Record, Review, Value};
use crate::form::{FieldKind, Form};
use crate::model::{Period, PeriodKind};
use std::collections::BTreeMap;

/// The integer figures of a stored report, by field key.
pub type Figures = BTreeMap<String, i64>;

/// Review items for `record` against the chapter's reports that count for other periods;
/// `earlier(period)` gives those figures, or `None` when the chapter has no report for it.
pub fn review(record: &Record, form: &Form, mut earlier: impl FnMut(&Period) -> Option<Figures>) -> Vec<Review> {
    let Some(period) = record.period else {
        return Vec::new();
    };
    let mine: Figures = form
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Integer)
        .filter_map(|f| Some((f.key.clone(), record.fields.get(&f.key).and_then(Value::as_integer)?)))
        .collect();
    let label = |key: &str| form.field(key).map_or(key.to_string(), |f| f.label.clone());
    let mut items = Vec::new();
    let year_before = Period {
        year: period.year - 1,
        kind: period.kind,
    };
    if !matches!(period.kind, PeriodKind::Request(_))
        && let Some(before) = earlier(&year_before)
    {
        let rule = &form.plausibility;
        for (key, &now) in &mine {
            let Some(&then) = before.get(key) else { continue };
            if now.min(then) < rule.floor {
                continue;
            }
            let ratio = i64::from(rule.ratio);
            let words = if now >= then * ratio {
                format!("gấp {} lần", now / then)
            } else if now * ratio <= then {
                format!("chỉ bằng 1/{} so với", then / now.max(1))
            } else {
                continue;
            };
            items.push(Review::field(
                key,
                format!(
                    "\"{}\" ({now}) {words} {} ({then}); cần xác nhận",
                    label(key),
                    year_before.label_vi()
                ),
            ));
        }
    }
    let (half, year) = match period.kind {
        PeriodKind::HalfYear => (Some(mine.clone()), earlier(&Period::annual(period.year))),
        PeriodKind::Annual => (earlier(&Period::half_year(period.year)), Some(mine.clone())),
        PeriodKind::Request(_) | PeriodKind::Term(_) => (None, None),
    };
    if let (Some(half), Some(year)) = (half, year) {
        for (key, &h) in &half {
            if let Some(&y) = year.get(key)
                && h > y
            {
                items.push(Review::field(
                    key,
                    format!(
                        "\"{}\": 6 tháng đầu năm {} ({h}) lớn hơn cả năm {} ({y})",
                        label(key),
                        period.year,
                        period.year
                    ),
                ));
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Format;

    fn record(period: Period, figures: &[(&str, i64)]) -> Record {
        Record {
            file: "x.docx".into(),
            format: Format::Docx,
            form: "giam-sat-phan-bien".into(),
            chapter: Some("VNI".into()),
            period: Some(period),
            fields: figures
                .iter()
                .map(|(k, v)| (k.to_string(), Value::Integer(*v)))
                .collect(),
            sources: BTreeMap::new(),
            missing: vec![],
            warnings: vec![],
            review: vec![],
        }
    }

    fn figures(pairs: &[(&str, i64)]) -> Figures {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn five_times_or_a_fifth_of_a_year_before_needs_review_above_the_floor() {
        let form = Form::embedded();
        let now = record(
            Period::half_year(2022),
            &[("supervisions_led", 50), ("trainees", 20), ("dialogues", 40)],
        );
        let before = figures(&[("supervisions_led", 10), ("trainees", 100), ("dialogues", 9)]);
        let items = review(&now, &form, |p| (*p == Period::half_year(2021)).then(|| before.clone()));
        let keys: Vec<_> = items.iter().map(|i| i.field.as_deref().unwrap()).collect();
        // 50 = 5 × 10 and 20 = 100 / 5; 40 against 9 is below the floor of 10.
        assert_eq!(keys, ["supervisions_led", "trainees"]);
        assert!(items[0].reason.contains("gấp 5 lần"), "{}", items[0].reason);
        assert!(items[1].reason.contains("1/5"), "{}", items[1].reason);
    }

    #[test]
    fn a_half_year_larger_than_its_year_needs_review_either_way_round() {
        let form = Form::embedded();
        let half = figures(&[("media_reports", 30)]);
        let annual = record(Period::annual(2022), &[("media_reports", 25)]);
        let items = review(&annual, &form, |p| {
            (*p == Period::half_year(2022)).then(|| half.clone())
        });
        assert_eq!(items.len(), 1);
        assert!(
            items[0].reason.contains("(30) lớn hơn cả năm 2022 (25)"),
            "{}",
            items[0].reason
        );
        let nothing = review(&annual, &form, |_| None);
        assert_eq!(nothing, []);
    }
}
