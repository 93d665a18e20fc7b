//! The wording of the Word report, from `templates/report/texts.toml`, editable by the province.
//!
//! Each key is a minijinja template rendered with one [`TextContext`]. A key absent from the
//! province's file keeps the built-in wording; an unknown key is an error naming the file. Every
//! text is rendered once with an example context at load, so a typo in a variable is reported at
//! start-up rather than when the report is due.

use super::gather::{ChapterEntry, Compilation};
use crate::model::Status;
use jiff::civil::Date;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use std::path::Path;

/// The built-in report texts (`templates/report/texts.toml`).
pub const EMBEDDED: &str = include_str!("../../templates/report/texts.toml");
const FILE_NAME: &str = "texts.toml";

/// The variables every report text may use.
#[derive(Debug, Clone, Serialize)]
pub struct TextContext {
    /// `6 tháng đầu năm 2021`.
    pub period_words: String,
    /// `6 tháng đầu năm 2020`.
    pub previous_period_words: String,
    /// The subject of an ad-hoc request (`Báo cáo kết quả giám sát việc thực hiện chính sách
    /// đối với phụ nữ`), empty for a regular period; its period is in `period_words`
    /// (`báo cáo đột xuất số 1 năm 2021`).
    pub request_title: String,
    /// Day, month and year of the report, as an official document writes them (`05`, `07`, `2021`).
    pub day: String,
    pub month: String,
    pub year: String,
    /// The report's date, `dd/mm/yyyy`.
    pub date: String,
    /// The deadline, `dd/mm/yyyy`, or empty.
    pub deadline: String,
    /// 1, 2, ...
    pub version: u32,
    pub registered: usize,
    pub received: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub needs_review: usize,
    /// Chapters that reported this period, a year earlier, and in both (0 without a year
    /// earlier).
    pub compare_now: usize,
    pub compare_then: usize,
    pub compare_both: usize,
    /// Of `compare_both`, former units compared with the sum of their successors.
    pub compare_successors: usize,
    /// Chapter names joined with `, `.
    pub late_names: String,
    pub missing_names: String,
    pub review_names: String,
    /// The unit whose roll-up this is (`Hội LHPN thành phố Nha Trang`), empty for the
    /// province's report.
    pub scope_name: String,
    /// A term review (sơ kết, tổng kết) compiled from the annual reports of several years.
    pub term: bool,
}

impl TextContext {
    /// Values filling every variable, for checking the templates.
    pub fn example() -> TextContext {
        TextContext {
            period_words: "6 tháng đầu năm 2021".into(),
            previous_period_words: "6 tháng đầu năm 2020".into(),
            request_title: "Báo cáo kết quả giám sát việc thực hiện chính sách đối với phụ nữ".into(),
            day: "16".into(),
            month: "6".into(),
            year: "2021".into(),
            date: "16/06/2021".into(),
            deadline: "15/06/2021".into(),
            version: 2,
            registered: 10,
            received: 8,
            on_time: 7,
            late: 1,
            missing: 2,
            needs_review: 1,
            compare_now: 8,
            compare_then: 6,
            compare_both: 4,
            compare_successors: 2,
            late_names: "Hội LHPN huyện Vạn Ninh".into(),
            missing_names: "Hội LHPN huyện Khánh Sơn, Hội LHPN huyện Trường Sa".into(),
            review_names: "Hội LHPN huyện Cam Lâm".into(),
            scope_name: "Hội LHPN thành phố Nha Trang".into(),
            term: false,
        }
    }
}

impl TextContext {
    /// The variables for a compilation dated `today`, version `version`.
    pub fn new(c: &Compilation, today: Date, version: u32) -> TextContext {
        let names =
            |it: &mut dyn Iterator<Item = &ChapterEntry>| it.map(|e| e.name.as_str()).collect::<Vec<_>>().join(", ");
        let late = |on_time: bool| c.received().filter(move |(_, r)| r.on_time == Some(on_time));
        let review = || c.received().filter(|(_, r)| r.status == Status::NeedsReview);
        // Decree 30/2020: a day below 10 and the months 1 and 2 are written with a leading zero.
        let day = format!("{:02}", today.day());
        let month = if today.month() <= 2 {
            format!("{:02}", today.month())
        } else {
            today.month().to_string()
        };
        TextContext {
            period_words: c.period.label_vi(),
            request_title: c.request_title.clone().unwrap_or_default(),
            previous_period_words: c.previous_period.map_or_else(String::new, |p| p.label_vi()),
            day,
            month,
            year: today.year().to_string(),
            date: today.strftime("%d/%m/%Y").to_string(),
            deadline: c
                .deadline
                .map_or_else(String::new, |d| d.strftime("%d/%m/%Y").to_string()),
            version,
            registered: c.chapters.len(),
            received: c.received().count(),
            on_time: late(true).count(),
            late: late(false).count(),
            missing: c.missing().count(),
            needs_review: review().count(),
            compare_now: c.overlap.map_or(0, |o| o.now),
            compare_then: c.overlap.map_or(0, |o| o.then),
            compare_both: c.overlap.map_or(0, |o| o.both),
            compare_successors: c.overlap.map_or(0, |o| o.successors),
            late_names: names(&mut late(false).map(|(e, _)| e)),
            missing_names: names(&mut c.missing()),
            review_names: names(&mut review().map(|(e, _)| e)),
            scope_name: c.scope.as_ref().map_or_else(String::new, |(_, name)| name.clone()),
            term: matches!(c.period.kind, crate::model::PeriodKind::Term(_)),
        }
    }
}

/// The loaded report texts.
#[derive(Debug, Clone)]
pub struct ReportTexts {
    env: Environment<'static>,
    origin: String,
}

impl ReportTexts {
    /// Loads `dir/texts.toml` over the built-in texts (`dir` is `templates/report`).
    pub fn load(dir: Option<&Path>) -> Result<ReportTexts, String> {
        let builtin = "templates/report/texts.toml (embedded)";
        let mut table = parse(EMBEDDED, builtin)?;
        let mut origin = builtin.to_string();
        if let Some(path) = dir.map(|d| d.join(FILE_NAME)).filter(|p| p.is_file()) {
            origin = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{origin}: cannot read: {e}"))?;
            for (key, value) in parse(&text, &origin)? {
                if !table.contains_key(&key) {
                    return Err(format!("{origin}: unknown text `{key}`"));
                }
                table.insert(key, value);
            }
        }
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        for (key, value) in table {
            let template = value
                .as_str()
                .ok_or_else(|| format!("{origin}: `{key}` must be a string"))?
                .to_string();
            env.add_template_owned(key.clone(), template)
                .map_err(|e| format!("{origin}: `{key}`: {e}"))?;
        }
        let texts = ReportTexts { env, origin };
        let example = TextContext::example();
        for (key, _) in texts.env.templates() {
            // `n` and `label` are there for the texts about a count and the charts' captions,
            // the rate's values for the follow-up; the others ignore them.
            let base = minijinja::Value::from(minijinja::value::Serde(&example));
            let extra = minijinja::context! {
                n => 3, label => "Kiến nghị sau giám sát được tiếp thu, giải quyết", made => 60, done => 45,
                percent => 75, trend_words => "năm 2024: 70%", below => 50, names => "Hội LHPN xã Vạn Ninh", owed => 5, ..base
            };
            texts
                .render_value(key, extra)
                .map_err(|e| format!("{e} (checked with the example values)"))?;
        }
        Ok(texts)
    }

    /// Renders the text `key` with `context`.
    pub fn render(&self, key: &str, context: &TextContext) -> Result<String, String> {
        self.render_value(key, minijinja::Value::from(minijinja::value::Serde(context)))
    }

    /// Renders text `key` with `n` (a count the text is about, such as a table row's number
    /// of chapters) beside the context's variables.
    pub fn render_count(&self, key: &str, context: &TextContext, n: usize) -> Result<String, String> {
        let base = minijinja::Value::from(minijinja::value::Serde(context));
        self.render_value(key, minijinja::context! { n => n, ..base })
    }

    /// Renders the caption `key` of chart number `n` about `label`.
    pub fn render_caption(&self, key: &str, context: &TextContext, n: usize, label: &str) -> Result<String, String> {
        let base = minijinja::Value::from(minijinja::value::Serde(context));
        self.render_value(key, minijinja::context! { n => n, label => label, ..base })
    }

    /// Renders text `key` with the variables of `extra` (an object) beside the context's.
    pub fn render_with(&self, key: &str, context: &TextContext, extra: impl Serialize) -> Result<String, String> {
        let mut all = serde_json::to_value(context).map_err(|e| e.to_string())?;
        if let (Some(all), serde_json::Value::Object(more)) = (
            all.as_object_mut(),
            serde_json::to_value(extra).map_err(|e| e.to_string())?,
        ) {
            all.extend(more);
        }
        self.render_value(key, minijinja::Value::from(minijinja::value::Serde(all)))
    }

    fn render_value(&self, key: &str, value: minijinja::Value) -> Result<String, String> {
        self.env
            .get_template(key)
            .and_then(|t| t.render(value))
            .map(|s| s.trim().to_string())
            .map_err(|e| format!("{}: `{key}`: {e}", self.origin))
    }
}

fn parse(text: &str, origin: &str) -> Result<toml::Table, String> {
    text.parse::<toml::Table>().map_err(|e| format!("{origin}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_texts_render_with_the_example() {
        let texts = ReportTexts::load(None).unwrap();
        let line = texts.render("place_date", &TextContext::example()).unwrap();
        assert_eq!(line, "Khánh Hòa, ngày 16 tháng 6 năm 2021");
        let note = texts.render("version_note", &TextContext::example()).unwrap();
        assert!(note.contains("lần 2") && note.contains("lần 1"), "{note}");
    }

    #[test]
    fn a_province_file_overrides_one_key_and_refuses_unknown_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "org = \"BAN CHẤP HÀNH\"\n").unwrap();
        let texts = ReportTexts::load(Some(dir.path())).unwrap();
        assert_eq!(texts.render("org", &TextContext::example()).unwrap(), "BAN CHẤP HÀNH");
        assert_eq!(texts.render("title", &TextContext::example()).unwrap(), "BÁO CÁO");
        std::fs::write(dir.path().join(FILE_NAME), "orgg = \"X\"\n").unwrap();
        let err = ReportTexts::load(Some(dir.path())).unwrap_err();
        assert!(err.contains("orgg") && err.contains(FILE_NAME), "{err}");
    }

    #[test]
    fn a_misspelt_variable_is_reported_at_load() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "subject = \"Báo cáo {{ period_word }}\"\n").unwrap();
        let err = ReportTexts::load(Some(dir.path())).unwrap_err();
        assert!(err.contains("subject"), "{err}");
    }
}
