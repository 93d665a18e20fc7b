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

    /// Parses a period code: `2021-H1`, `2021-Y`, `2021-R3`.
    pub fn parse_code(code: &str) -> Option<Self> {
        let (year, kind) = code.split_once('-')?;
        if year.len() != 4 {
            return None;
        }
        let year: i16 = year.parse().ok()?;
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
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
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
