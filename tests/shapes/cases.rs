//! The shapes of real chapter documents (issue 11), each as a case with the values written
//! into it. Expected values come from here, never from the reader: the generator decides a
//! figure, writes it where the shape puts it, and records it.

use super::write::{Block, Row, Sheet, row};
use serde_json::{Value as Json, json};

/// The formats a case is written in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Docx,
    Xlsx,
}

/// One generated document and what it holds.
pub struct Case {
    pub shape: &'static str,
    pub name: String,
    pub formats: &'static [Format],
    pub sheets: Vec<Sheet>,
    /// Every field the document holds, with its value as `extract --json` writes it.
    pub expect: Vec<(&'static str, Json)>,
    /// Fields the reader cannot decide: they must be in `review`.
    pub doubt: Vec<&'static str>,
}

pub const BOTH: &[Format] = &[Format::Docx, Format::Xlsx];

/// A figure for case `seed`, slot `k`: varied, never repeating within a case.
pub fn figure(seed: usize, k: usize) -> i64 {
    (3 + (seed * 37 + k * 11) % 83) as i64 + 100 * k as i64
}

/// The header every case starts with: unit and period (labelled, as the form prints them).
pub fn header(unit: &str) -> Block {
    Block::Table(vec![
        row(&["Đơn vị báo cáo", unit]),
        row(&["Kỳ báo cáo", "6 tháng đầu năm 2022"]),
    ])
}

pub fn sheet(name: &str, blocks: Vec<Block>) -> Sheet {
    Sheet {
        name: name.into(),
        hidden: false,
        hidden_cols: Vec::new(),
        label_width: None,
        blocks,
    }
}

fn spanned(cells: &[(&str, u16)]) -> Row {
    Row {
        cells: cells.iter().map(|(t, s)| (t.to_string(), *s)).collect(),
        hidden: false,
    }
}

/// Every case, for the chapters (code, name) given.
pub fn all(chapters: &[(String, String)]) -> Vec<Case> {
    let mut out = Vec::new();
    let mut seed = 0;
    let mut next = |chapters: &[(String, String)]| {
        seed += 1;
        (seed, chapters[seed % chapters.len()].clone())
    };
    for _ in 0..3 {
        let (s, ch) = next(chapters);
        out.push(columns_plan_done(s, &ch));
        let (s, ch) = next(chapters);
        out.push(columns_per_commune(s, &ch));
        let (s, ch) = next(chapters);
        out.push(columns_two_row_heading(s, &ch));
        let (s, ch) = next(chapters);
        out.push(columns_undecided(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::more::zeros(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::more::hidden_old_copy(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::more::only_hidden(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::more::abbreviations(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::more::grouped(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::more::wrapped(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::texts::signature(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::texts::two_labels(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::texts::place_date(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::texts::sections(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::texts::placeholders(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::texts::sentences(s, &ch));
        let (s, ch) = next(chapters);
        out.push(super::texts::table_and_sentence(s, &ch));
    }
    out
}

/// Base expectations: the unit's code and the period.
pub fn base(code: &str) -> Vec<(&'static str, Json)> {
    vec![("unit", json!(code)), ("period", json!("2022-H1"))]
}

pub const INDICATORS: [(&str, &str); 3] = [
    ("supervisions_led", "Số cuộc giám sát do Hội chủ trì"),
    ("supervisions_joint", "Số cuộc giám sát Hội phối hợp tham gia"),
    ("critiques_led", "Số cuộc phản biện xã hội do Hội chủ trì"),
];

/// `Kế hoạch | Thực hiện | Cùng kỳ năm trước | So sánh (%)`: the value is `Thực hiện`.
fn columns_plan_done(seed: usize, (code, name): &(String, String)) -> Case {
    let mut rows = vec![row(&[
        "STT",
        "Chỉ tiêu",
        "ĐVT",
        "Kế hoạch",
        "Thực hiện",
        "Cùng kỳ năm trước",
        "So sánh (%)",
    ])];
    let mut expect = base(code);
    for (k, (key, label)) in INDICATORS.iter().enumerate() {
        let done = figure(seed, k);
        let (plan, last) = (done + 4, done + 9);
        let ratio = format!("{}", done * 100 / last);
        let cells = [
            &(k + 1).to_string(),
            *label,
            "cuộc",
            &plan.to_string(),
            &done.to_string(),
            &last.to_string(),
            &ratio,
        ];
        rows.push(row(&cells.map(|s| s as &str)));
        expect.push((key, json!(done)));
    }
    Case {
        shape: "several number columns",
        name: format!("columns-plan-{seed}"),
        formats: BOTH,
        sheets: vec![sheet("Báo cáo", vec![header(name), Block::Table(rows)])],
        expect,
        doubt: vec![],
    }
}

/// One column per commune and `Tổng cộng`: the value is the total.
fn columns_per_commune(seed: usize, (code, name): &(String, String)) -> Case {
    let mut rows = vec![row(&[
        "Chỉ tiêu",
        "Xã Ninh Hải",
        "Xã Ninh Thọ",
        "Phường Ninh Hiệp",
        "Tổng cộng",
    ])];
    let mut expect = base(code);
    for (k, (key, label)) in INDICATORS.iter().enumerate() {
        let parts = [figure(seed, k), figure(seed + 1, k) + 1, figure(seed + 2, k) + 2];
        let total: i64 = parts.iter().sum();
        let texts = parts.map(|p| p.to_string());
        rows.push(row(&[label, &texts[0], &texts[1], &texts[2], &total.to_string()]));
        expect.push((key, json!(total)));
    }
    Case {
        shape: "several number columns",
        name: format!("columns-communes-{seed}"),
        formats: BOTH,
        sheets: vec![sheet("Báo cáo", vec![header(name), Block::Table(rows)])],
        expect,
        doubt: vec![],
    }
}

/// `Kết quả thực hiện` merged over `Cùng kỳ năm 2021 | 6 tháng đầu năm 2022`, then notes.
fn columns_two_row_heading(seed: usize, (code, name): &(String, String)) -> Case {
    let mut rows = vec![
        spanned(&[("Chỉ tiêu", 1), ("Kết quả thực hiện", 2), ("Ghi chú", 1)]),
        row(&["", "Cùng kỳ năm 2021", "6 tháng đầu năm 2022", ""]),
    ];
    let mut expect = base(code);
    for (k, (key, label)) in INDICATORS.iter().enumerate() {
        let (last, now) = (figure(seed, k) + 20, figure(seed, k));
        rows.push(row(&[
            label,
            &last.to_string(),
            &now.to_string(),
            "Trong đó 2 cuộc chuyên đề",
        ]));
        expect.push((key, json!(now)));
    }
    Case {
        shape: "several number columns",
        name: format!("columns-two-rows-{seed}"),
        formats: BOTH,
        sheets: vec![sheet("Báo cáo", vec![header(name), Block::Table(rows)])],
        expect,
        doubt: vec![],
    }
}

/// Two number columns and no heading at all: the reader cannot know, so it must ask.
fn columns_undecided(seed: usize, (code, name): &(String, String)) -> Case {
    let mut rows = Vec::new();
    let mut expect = base(code);
    let mut doubt = Vec::new();
    for (k, (key, label)) in INDICATORS.iter().enumerate() {
        let (plan, done) = (figure(seed, k) + 5, figure(seed, k));
        rows.push(row(&[label, &plan.to_string(), &done.to_string()]));
        expect.push((key, json!(done)));
        doubt.push(*key);
    }
    Case {
        shape: "several number columns",
        name: format!("columns-undecided-{seed}"),
        formats: BOTH,
        sheets: vec![sheet("Báo cáo", vec![header(name), Block::Table(rows)])],
        expect,
        doubt,
    }
}
