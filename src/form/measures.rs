//! What the form says about its figures beyond reading them: how a figure adds up over time
//! (`aggregate`), and which pairs of figures measure the follow-up of recommendations
//! (`[[follow_up]]`, programme §3: "theo dõi kết quả thực hiện kiến nghị, đề xuất").

use serde::Deserialize;

/// How a figure of several periods makes one (a year of half-years, a term of years).
/// Across units at one date both add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    /// A count of things done in the period: the periods' values add up.
    #[default]
    Sum,
    /// A stock that exists at a date (groups, clubs): the latest period's value.
    Last,
}

/// A pair of figures whose ratio is a follow-up rate: recommendations made after supervision
/// against those accepted or resolved, petitions received against resolved, proposals made
/// against accepted.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// What the rate measures, as the report prints it.
    pub label: String,
    /// The field counting what was made or received.
    pub made: String,
    /// The field counting what of it was accepted or resolved.
    pub done: String,
}

/// A rate in whole per cent of `done` over `made`, rounded half up; none when nothing was made.
pub fn percent(done: i64, made: i64) -> Option<i64> {
    (made > 0).then(|| (done * 200 + made) / (made * 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_rounded_and_none_without_anything_made() {
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 8), Some(13), "12.5 rounds up");
        assert_eq!(percent(0, 5), Some(0));
        assert_eq!(percent(3, 0), None);
    }
}
