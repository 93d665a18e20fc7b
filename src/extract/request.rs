//! Ad-hoc requests: recognising that a document answers one of the province's open requests
//! (periods `YYYY-Rn`). Chapters write the request's subject in the title or the `Kỳ báo cáo`
//! line, seldom its code, so a document answers a request when one of its lines contains the
//! request's code, `đột xuất số n năm yyyy`, or nearly every word of the request's title.

use super::document::{Document, Location};
use crate::model::{Period, PeriodKind};
use crate::text::fold;
use std::collections::HashSet;

/// Lines looked at: the head of a document, where the title and the header fields are.
const HEAD_LINES: usize = 60;
/// Share of a title's words a line must contain.
const COVERAGE: f64 = 0.8;
/// Titles shorter than this (in words) are only matched by code: too few words to be sure.
const MIN_TITLE_WORDS: usize = 3;

/// An open request as the matcher needs it.
#[derive(Debug, Clone)]
pub struct OpenRequest {
    pub period: Period,
    /// Its deadline: the units that exist that day are those that answer it.
    pub due: Option<jiff::civil::Date>,
    /// Folded words of its title.
    words: Vec<String>,
}

impl OpenRequest {
    /// A request and its title.
    pub fn new(period: Period, title: &str) -> OpenRequest {
        OpenRequest {
            period,
            due: None,
            words: fold(title)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect(),
        }
    }

    /// The same request, due on `due`.
    pub fn due_on(self, due: jiff::civil::Date) -> OpenRequest {
        OpenRequest { due: Some(due), ..self }
    }
}

/// The request a document answers, with the line that says so; the best-covered title wins.
pub fn find(doc: &Document, requests: &[OpenRequest]) -> Option<(Period, Location)> {
    if requests.is_empty() {
        return None;
    }
    let mut best: Option<(f64, Period, Location)> = None;
    let cells = doc.lines.iter().take(HEAD_LINES).flat_map(|l| l.cells.iter());
    for cell in cells {
        let folded = fold(&cell.text);
        let words: HashSet<&str> = folded.split(' ').collect();
        for request in requests {
            let score = score(&folded, &words, request);
            if score >= COVERAGE && best.as_ref().is_none_or(|(b, ..)| score > *b) {
                best = Some((score, request.period, cell.at.clone()));
            }
        }
    }
    best.map(|(_, period, at)| (period, at))
}

/// 2.0 for the code or its words, else the share of the title's words found in the line.
fn score(folded: &str, words: &HashSet<&str>, request: &OpenRequest) -> f64 {
    let PeriodKind::Request(n) = request.period.kind else {
        return 0.0;
    };
    let code = fold(&request.period.to_string());
    let spelled = format!("dot xuat so {n} nam {}", request.period.year);
    if folded.contains(&code) || folded.contains(&spelled) {
        return 2.0;
    }
    if request.words.len() < MIN_TITLE_WORDS {
        return 0.0;
    }
    let found = request.words.iter().filter(|w| words.contains(w.as_str())).count();
    found as f64 / request.words.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::{Cell, Line};

    fn doc(lines: &[&str]) -> Document {
        Document {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| Line {
                    cells: vec![Cell::new(
                        t.to_string(),
                        0,
                        Location::Page {
                            page: 1,
                            line: i as u32,
                        },
                    )],
                    block: None,
                    continues: false,
                })
                .collect(),
        }
    }

    fn requests() -> Vec<OpenRequest> {
        vec![
            OpenRequest::new(
                Period::parse_code("2021-R1").unwrap(),
                "Kết quả giám sát chính sách hỗ trợ phụ nữ khởi nghiệp",
            ),
            OpenRequest::new(
                Period::parse_code("2021-R2").unwrap(),
                "Kết quả góp ý dự thảo Luật Bình đẳng giới sửa đổi",
            ),
        ]
    }

    #[test]
    fn the_title_written_without_diacritics_finds_its_request() {
        let d = doc(&[
            "HOI LHPN HUYEN VAN NINH",
            "BAO CAO",
            "ket qua giam sat chinh sach ho tro phu nu khoi nghiep",
        ]);
        assert_eq!(find(&d, &requests()).map(|r| r.0.to_string()), Some("2021-R1".into()));
    }

    #[test]
    fn the_code_or_its_words_find_the_request() {
        let d = doc(&["Kỳ báo cáo: 2021-R2"]);
        assert_eq!(find(&d, &requests()).map(|r| r.0.to_string()), Some("2021-R2".into()));
        let d = doc(&["Báo cáo đột xuất số 2 năm 2021"]);
        assert_eq!(find(&d, &requests()).map(|r| r.0.to_string()), Some("2021-R2".into()));
    }

    #[test]
    fn a_regular_report_answers_no_request() {
        let d = doc(&[
            "BÁO CÁO",
            "Kết quả công tác giám sát, phản biện xã hội 6 tháng đầu năm 2021",
            "Số cuộc giám sát do Hội chủ trì",
        ]);
        assert_eq!(find(&d, &requests()), None);
    }
}
