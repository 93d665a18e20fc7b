//! The hash a compiled version is known by. It covers what the report is built from — the
//! units asked and their parents, each counted report (its id, status, timeliness, figures and
//! texts), the form's figures and sections, the year-earlier and trend totals, a request's
//! subject, the follow-up threshold, a term's years — and never how this version of baocao
//! lays the report out: an upgrade that adds a table must not make a `lần 2` whose e-mail says
//! figures were corrected.

use super::Compilation;
use crate::model::Status;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One unit asked, and its counted report if any.
#[derive(Serialize)]
struct Unit<'a> {
    code: &'a str,
    name: &'a str,
    report: Option<Report<'a>>,
}

#[derive(Serialize)]
struct Report<'a> {
    id: i64,
    status: Status,
    on_time: Option<bool>,
    values: &'a [Option<i64>],
    texts: &'a [Option<String>],
}

/// The projection hashed: plain tuples and slices of the compilation, so that a field added
/// to [`Compilation`] for a new table changes nothing here.
#[derive(Serialize)]
struct Inputs<'a> {
    period: String,
    deadline: Option<String>,
    scope: Option<&'a str>,
    request_title: Option<&'a str>,
    indicators: Vec<Figure<'a>>,
    sections: &'a [(String, String)],
    units: Vec<Unit<'a>>,
    /// Each parent's code and its units' codes.
    groups: Vec<(Option<&'a str>, Vec<&'a str>)>,
    /// (period, units counted, totals) of each trend point.
    trend: Vec<(String, usize, &'a [Option<i64>])>,
    follow_up_below: i64,
    /// (year, each unit's figures) of a term review.
    term_years: Vec<(String, &'a [UnitFigures])>,
}

/// A unit's figures in one year of a term, none where it sent no annual report.
type UnitFigures = Option<Vec<Option<i64>>>;

/// One figure of the form with its totals.
#[derive(Serialize)]
struct Figure<'a> {
    key: &'a str,
    label: &'a str,
    total: i64,
    previous: Option<i64>,
    /// The sums now and a year earlier over the units that gave both, and how many.
    compared: Option<(i64, i64, usize)>,
}

/// SHA-256 (hex) of what `c` is built from, not of its date or layout.
pub fn hash(c: &Compilation) -> String {
    let inputs = Inputs {
        period: c.period.to_string(),
        deadline: c.deadline.map(|d| d.to_string()),
        scope: c.scope.as_ref().map(|(code, _)| code.as_str()),
        request_title: c.request_title.as_deref(),
        indicators: c
            .indicators
            .iter()
            .map(|i| Figure {
                key: &i.key,
                label: &i.label,
                total: i.total,
                previous: i.previous,
                compared: i.compared.map(|x| (x.now, x.then, x.chapters)),
            })
            .collect(),
        sections: &c.sections,
        units: c
            .chapters
            .iter()
            .map(|e| Unit {
                code: &e.code,
                name: &e.name,
                report: e.report.as_ref().map(|r| Report {
                    id: r.id,
                    status: r.status,
                    on_time: r.on_time,
                    values: &r.values,
                    texts: &r.texts,
                }),
            })
            .collect(),
        groups: c
            .groups
            .iter()
            .map(|g| {
                let codes = g
                    .members
                    .iter()
                    .filter_map(|&m| c.chapters.get(m))
                    .map(|e| e.code.as_str());
                (g.code.as_deref(), codes.collect())
            })
            .collect(),
        trend: c
            .trend
            .iter()
            .map(|t| (t.period.to_string(), t.chapters, t.totals.as_slice()))
            .collect(),
        follow_up_below: c.follow_up_below,
        term_years: c
            .term_years
            .iter()
            .map(|y| (y.period.to_string(), y.values.as_slice()))
            .collect(),
    };
    let bytes = serde_json::to_vec(&inputs).unwrap_or_default();
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash the versions before this projection were recorded with: the whole compilation
/// as serialised (of this shape). A version recorded that way is still recognised as
/// unchanged — once: recompiled, it takes [`hash`].
pub fn legacy(c: &Compilation) -> String {
    let bytes = serde_json::to_vec(c).unwrap_or_default();
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{ChapterEntry, Indicator, Received, groups::Group};
    use crate::model::Period;

    fn compilation() -> Compilation {
        let unit = |code: &str, value: i64| ChapterEntry {
            code: code.into(),
            name: format!("Hội LHPN {code}"),
            report: Some(Received {
                id: value,
                status: Status::Accepted,
                received_at: jiff::Timestamp::UNIX_EPOCH,
                on_time: Some(true),
                file_name: format!("{code}.docx"),
                values: vec![Some(value)],
                texts: vec![None],
            }),
        };
        Compilation {
            period: Period::annual(2025),
            deadline: Period::annual(2025).deadline(),
            indicators: vec![Indicator {
                key: "supervisions_led".into(),
                label: "Số cuộc giám sát".into(),
                total: 7,
                previous: None,
                compared: None,
                main: true,
            }],
            sections: vec![("highlights".into(), "Kết quả nổi bật".into())],
            chapters: vec![unit("A", 3), unit("B", 4)],
            request_title: None,
            previous_period: None,
            overlap: None,
            trend: vec![],
            follow_up: vec![],
            follow_up_below: 50,
            groups: vec![Group {
                code: Some("D".into()),
                name: "Hội LHPN D".into(),
                members: vec![0, 1],
                received: 2,
                totals: vec![Some(7)],
            }],
            scope: None,
            term_years: vec![],
        }
    }

    #[test]
    fn the_layout_changes_nothing_and_a_figure_or_a_parent_changes_the_hash() {
        let first = hash(&compilation());
        // What a later version may draw differently: the words, the derived sums, the flags.
        let mut laid_out = compilation();
        laid_out.indicators[0].main = false;
        laid_out.groups[0].name = "Hội LHPN huyện D".into();
        laid_out.chapters[0].report.as_mut().unwrap().file_name = "khac.docx".into();
        laid_out.overlap = Some(crate::compile::Overlap {
            now: 2,
            then: 0,
            both: 0,
            successors: 0,
        });
        assert_eq!(hash(&laid_out), first);
        let mut corrected = compilation();
        corrected.chapters[1].report.as_mut().unwrap().values[0] = Some(5);
        assert_ne!(hash(&corrected), first);
        let mut moved = compilation();
        moved.groups[0].code = Some("E".into());
        assert_ne!(hash(&moved), first);
        let mut late = compilation();
        late.chapters[0].report.as_mut().unwrap().on_time = Some(false);
        assert_ne!(hash(&late), first);
    }
}
