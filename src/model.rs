//! The domain's small value types shared by every stage.

use serde::{Serialize, Serializer};
use std::fmt;

/// A reporting period: the six-month report, the annual report, or an ad-hoc request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// Calendar year the period belongs to.
    pub year: i16,
    /// Which report of that year.
    pub kind: PeriodKind,
}

/// The kind of report within a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodKind {
    /// Six-month report (`H1`), due 15 June.
    HalfYear,
    /// Annual report (`Y`), due 15 December.
    Annual,
    /// Ad-hoc request number n (`R1`, `R2`...), with its own deadline.
    Request(u16),
    /// A term of several years, from the period's year to this one (`2017-2022`): the sơ kết
    /// or tổng kết, compiled from the annual reports; nothing is submitted for it.
    Term(i16),
}

impl Period {
    /// The six-month period of `year`.
    pub fn half_year(year: i16) -> Self {
        Period {
            year,
            kind: PeriodKind::HalfYear,
        }
    }

    /// The annual period of `year`.
    pub fn annual(year: i16) -> Self {
        Period {
            year,
            kind: PeriodKind::Annual,
        }
    }

    /// The term of the years `from` to `to`.
    pub fn term(from: i16, to: i16) -> Self {
        Period {
            year: from,
            kind: PeriodKind::Term(to),
        }
    }

    /// Parses a period code: `2021-H1`, `2021-Y`, `2021-R3`, `2017-2022` (a term).
    pub fn parse_code(code: &str) -> Option<Self> {
        let (year, kind) = code.split_once('-')?;
        if year.len() != 4 {
            return None;
        }
        let year: i16 = year.parse().ok()?;
        if kind.len() == 4 {
            return kind
                .parse()
                .ok()
                .filter(|&to| to > year)
                .map(|to| Period::term(year, to));
        }
        let kind = match kind.to_ascii_uppercase().as_str() {
            "H1" => PeriodKind::HalfYear,
            "Y" => PeriodKind::Annual,
            r => PeriodKind::Request(r.strip_prefix('R')?.parse().ok().filter(|&n| n > 0)?),
        };
        Some(Period { year, kind })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::HalfYear => write!(f, "{}-H1", self.year),
            PeriodKind::Annual => write!(f, "{}-Y", self.year),
            PeriodKind::Request(n) => write!(f, "{}-R{n}", self.year),
            PeriodKind::Term(to) => write!(f, "{}-{to}", self.year),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What became of a submitted file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Read completely; counts for its chapter and period.
    Accepted,
    /// Read, but required fields are missing, a check failed, or chapter or period is unknown.
    NeedsReview,
    /// Unreadable; the reason is kept.
    Rejected,
    /// The same bytes as an earlier submission.
    Duplicate,
    /// An earlier submission of the same chapter and period after a newer one arrived.
    Superseded,
}

impl Status {
    /// The name stored in the database and printed by the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::NeedsReview => "needs_review",
            Status::Rejected => "rejected",
            Status::Duplicate => "duplicate",
            Status::Superseded => "superseded",
        }
    }

    /// Parses a stored status name.
    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Accepted,
            Status::NeedsReview,
            Status::Rejected,
            Status::Duplicate,
            Status::Superseded,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    /// Vietnamese name for e-mails and reports.
    pub fn label_vi(self) -> &'static str {
        match self {
            Status::Accepted => "đã tiếp nhận",
            Status::NeedsReview => "cần kiểm tra lại",
            Status::Rejected => "không đọc được",
            Status::Duplicate => "gửi trùng",
            Status::Superseded => "đã được thay thế",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Period {
    /// The deadline of a six-month or annual period: 15 June or 15 December of its year.
    /// Ad-hoc requests carry their own deadline elsewhere.
    pub fn deadline(&self) -> Option<jiff::civil::Date> {
        match self.kind {
            PeriodKind::HalfYear => jiff::civil::Date::new(self.year, 6, 15).ok(),
            PeriodKind::Annual => jiff::civil::Date::new(self.year, 12, 15).ok(),
            PeriodKind::Request(_) | PeriodKind::Term(_) => None,
        }
    }

    /// The regular period that a date belongs to: the next one whose deadline has not passed.
    pub fn current(today: jiff::civil::Date) -> Period {
        let h1 = Period::half_year(today.year());
        if today <= h1.deadline().unwrap_or(today) {
            return h1;
        }
        let y = Period::annual(today.year());
        if today <= y.deadline().unwrap_or(today) {
            return y;
        }
        Period::half_year(today.year() + 1)
    }

    /// The period written out in Vietnamese: `6 tháng đầu năm 2021`, `năm 2021`.
    pub fn label_vi(&self) -> String {
        match self.kind {
            PeriodKind::HalfYear => format!("6 tháng đầu năm {}", self.year),
            PeriodKind::Annual => format!("năm {}", self.year),
            PeriodKind::Request(n) => format!("báo cáo đột xuất số {n} năm {}", self.year),
            PeriodKind::Term(to) => format!("giai đoạn {} - {to}", self.year),
        }
    }

    /// The report of the period, in words: `báo cáo năm 2022`, `báo cáo đột xuất số 1 năm
    /// 2022` (never "báo cáo báo cáo đột xuất").
    pub fn report_words(&self) -> String {
        match self.kind {
            PeriodKind::Request(_) => self.label_vi(),
            _ => format!("báo cáo {}", self.label_vi()),
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    #[test]
    fn current_period_is_the_next_deadline_not_passed() {
        assert_eq!(Period::current(date(2021, 1, 10)), Period::half_year(2021));
        assert_eq!(Period::current(date(2021, 6, 15)), Period::half_year(2021));
        assert_eq!(Period::current(date(2021, 6, 16)), Period::annual(2021));
        assert_eq!(Period::current(date(2021, 12, 16)), Period::half_year(2022));
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in ["accepted", "needs_review", "rejected", "duplicate", "superseded"] {
            assert_eq!(Status::parse(s).unwrap().as_str(), s);
        }
    }

    use super::*;

    #[test]
    fn period_codes_round_trip() {
        for code in ["2021-H1", "2021-Y", "2022-R3"] {
            assert_eq!(Period::parse_code(code).unwrap().to_string(), code);
        }
    }

    #[test]
    fn malformed_period_codes_are_refused() {
        for code in ["2021", "21-H1", "2021-H2", "2021-R0", "2021-Rx", "abcd-Y"] {
            assert_eq!(Period::parse_code(code), None, "{code}");
        }
    }

    #[test]
    fn periods_order_by_year_then_kind() {
        assert!(Period::half_year(2021) < Period::annual(2021));
        assert!(Period::annual(2021) < Period::half_year(2022));
    }
}
