//! The compile tests' scenario: the shared samples and two generated reports taken through
//! the real pipeline into SQLite, with the values each chapter's report must show.

// Shared by compile.rs and compile_workbook.rs; each test crate uses part of it.
#![allow(dead_code)]

use crate::common;
use baocao::compile::{self, Compiled};
use baocao::config::Settings;
use baocao::model::{Period, Status};
use baocao::pipeline::{self, Origin};
use baocao::store::Store;
use common::forms::standard;
use jiff::civil::date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Expected integer values per chapter code, in the form's field order.
pub type Expected = BTreeMap<String, BTreeMap<String, i64>>;

pub const H1_2021: [&str; 6] = [
    "bao-cao-c7523c70.docx",
    "bao-cao-d547dd21.docx",
    "bao-cao-cd61dd8d.xlsx",
    "bao-cao-7d445032.pdf",
    "bao-cao-ec2dabd9.pdf",
    "bao-cao-a44b2ff5.xls",
];
/// 2022-H1: NHO, VNI (superseded below), DKH, CLA, KVI on time; KSO late.
pub const H1_2022: [&str; 5] = [
    "bao-cao-0ceb7c45.docx",
    "bao-cao-8126cec1.docx",
    "bao-cao-894bda66.xlsx",
    "bao-cao-35896264.pdf",
    "bao-cao-2dced6be.pdf",
];
pub const LATE_2022: &str = "bao-cao-4a6992f1.xls";

pub struct Scenario {
    pub _dir: tempfile::TempDir,
    pub settings: Settings,
    pub store: Store,
    pub config: PathBuf,
    /// What counts so far, for the status the cross-period check gives each report.
    pub counting: common::plausible::Counting,
    /// The status each chapter's 2022-H1 report that counts must have.
    pub statuses_2022: BTreeMap<String, Status>,
}

/// The names, in registry order, of the chapters whose 2022-H1 report needs review.
pub fn review_names(s: &Scenario) -> String {
    let chapters = s.settings.registry.chapters().iter();
    let names: Vec<&str> = chapters
        .filter(|c| s.statuses_2022.get(&c.code) == Some(&Status::NeedsReview))
        .map(|c| c.name.as_str())
        .collect();
    names.join(", ")
}

/// The status a report of `chapter` for `period` with these figures must get: `base`, or
/// "needs review" when it is out of line with the chapter's earlier reports.
pub fn expect(s: &mut Scenario, chapter: &str, period: &str, values: &BTreeMap<String, i64>, base: Status) -> Status {
    let status = match s.counting.arrives(chapter, period, values.clone()) {
        true => Status::NeedsReview,
        false => base,
    };
    if period == "2022-H1" {
        s.statuses_2022.insert(chapter.to_string(), status);
    }
    status
}

pub fn integer_keys() -> Vec<String> {
    let form = baocao::form::Form::embedded();
    let fields = form
        .fields
        .iter()
        .filter(|f| f.kind == baocao::form::FieldKind::Integer);
    fields.map(|f| f.key.clone()).collect()
}

pub fn at(y: i16, m: i8, d: i8) -> jiff::Timestamp {
    date(y, m, d)
        .at(9, 30, 0, 0)
        .in_tz("Asia/Ho_Chi_Minh")
        .unwrap()
        .timestamp()
}

pub fn ingest(s: &mut Scenario, path: &Path, when: jiff::Timestamp) -> Status {
    let outcome = pipeline::process(&s.settings, &mut s.store, path, Origin::External, when).unwrap();
    outcome.submission.status
}

/// A generated form for `unit` in 2022-H1 with value `base - i` for the i-th integer field
/// (decreasing, so every "at most" check of the form holds unless `tweak` breaks one).
pub fn generated(
    dir: &Path,
    name: &str,
    unit: &str,
    base: i64,
    tweak: &[(&str, i64)],
) -> (PathBuf, BTreeMap<String, i64>) {
    let mut values: BTreeMap<String, i64> = (0..).zip(integer_keys()).map(|(i, k)| (k, base - i)).collect();
    for (k, v) in tweak {
        values.insert(k.to_string(), *v);
    }
    let figures: Vec<(String, String)> = values.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
    let borrowed: Vec<(&str, &str)> = figures.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let path = dir.join(name);
    standard(unit, "6 tháng đầu năm 2022", &borrowed).write_docx(&path);
    (path, values)
}

pub fn truth_values(file: &str) -> (String, BTreeMap<String, i64>) {
    let truth = common::truth();
    let entry = &truth[file];
    let values = integer_keys()
        .into_iter()
        .filter_map(|k| Some((k.clone(), entry["fields"][&k].as_i64()?)))
        .collect();
    (entry["chapter"].as_str().unwrap().to_string(), values)
}

/// Ingests the samples and the generated files; returns the expected values of 2022-H1 and
/// 2021-H1 by chapter.
pub fn scenario() -> (Scenario, Expected, Expected) {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.1);
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text
        .replace(
            "recipients = []",
            "recipients = [\"Ban CSLP TW Hội <bancslp@example.vn>\"]",
        )
        .replace("signer_name = \"\"", "signer_name = \"Nguyễn Thị Hoa\"");
    std::fs::write(&config, text).unwrap();
    let settings = Settings::load(Some(&config)).unwrap();
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    let store = Store::open(&settings.database()).unwrap();
    let mut s = Scenario {
        _dir: dir,
        settings,
        store,
        config,
        counting: Default::default(),
        statuses_2022: BTreeMap::new(),
    };
    let (mut now, mut before) = (Expected::new(), Expected::new());
    for file in H1_2021 {
        let (chapter, values) = truth_values(file);
        let want = expect(&mut s, &chapter, "2021-H1", &values, Status::Accepted);
        assert_eq!(ingest(&mut s, &common::samples_dir().join(file), at(2021, 6, 10)), want);
        before.insert(chapter, values);
    }
    for file in H1_2022 {
        let (chapter, values) = truth_values(file);
        let want = expect(&mut s, &chapter, "2022-H1", &values, Status::Accepted);
        assert_eq!(ingest(&mut s, &common::samples_dir().join(file), at(2022, 6, 10)), want);
        now.insert(chapter, values);
    }
    let (chapter, values) = truth_values(LATE_2022);
    let want = expect(&mut s, &chapter, "2022-H1", &values, Status::Accepted);
    assert_eq!(
        ingest(&mut s, &common::samples_dir().join(LATE_2022), at(2022, 6, 17)),
        want
    );
    now.insert(chapter, values);
    // Vạn Ninh corrects its report: the sample's figures no longer count.
    let work = s._dir.path().join("generated");
    std::fs::create_dir_all(&work).unwrap();
    let (path, values) = generated(&work, "vni-sua.docx", "Hội LHPN huyện Vạn Ninh", 100, &[]);
    let want = expect(&mut s, "VNI", "2022-H1", &values, Status::Accepted);
    assert_eq!(ingest(&mut s, &path, at(2022, 6, 12)), want);
    now.insert("VNI".into(), values);
    // Nha Trang resolves more petitions than it received: stored, counted, needs review.
    let bad = [("petitions_received", 2), ("petitions_resolved", 5)];
    let (path, values) = generated(&work, "ntr.docx", "Hội LHPN thành phố Nha Trang", 40, &bad);
    expect(&mut s, "NTR", "2022-H1", &values, Status::NeedsReview);
    assert_eq!(ingest(&mut s, &path, at(2022, 6, 14)), Status::NeedsReview);
    now.insert("NTR".into(), values);
    (s, now, before)
}

pub fn compile_2022(s: &Scenario, out: &Path) -> Compiled {
    compile::compile(
        &s.settings,
        &s.store,
        Period::half_year(2022),
        date(2022, 6, 20),
        at(2022, 6, 20),
        out,
    )
    .unwrap()
}

pub fn sum(expected: &Expected, key: &str) -> i64 {
    expected.values().filter_map(|v| v.get(key)).sum()
}

pub fn lines(docx: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(docx).unwrap();
    let (_, doc) = baocao::extract::read_document(&bytes, &baocao::extract::Limits::default()).unwrap();
    doc.lines
        .iter()
        .map(|l| l.cells.iter().map(|c| c.text.clone()).collect())
        .collect()
}

pub fn zip_part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    std::io::read_to_string(zip.by_name(name).unwrap()).unwrap()
}

pub fn number(text: &str) -> i64 {
    text.replace('.', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}
