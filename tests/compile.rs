//! The compiled provincial report, end to end: samples through the real pipeline into SQLite
//! (with a correction that supersedes a sample, a report that needs review, a late one and
//! chapters missing), compiled, then both files read back — the .xlsx with calamine, the
//! .docx with baocao's own reader — and every total and every chapter's row checked against
//! the expected values of truth.json.

mod common;

use baocao::compile::{self, Compiled};
use baocao::config::Settings;
use baocao::model::{Period, Status};
use baocao::pipeline::{self, Origin};
use baocao::store::Store;
use calamine::{Data, Reader};
use common::forms::standard;
use jiff::civil::date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Expected integer values per chapter code, in the form's field order.
type Expected = BTreeMap<String, BTreeMap<String, i64>>;

const H1_2021: [&str; 6] = [
    "bao-cao-c7523c70.docx",
    "bao-cao-d547dd21.docx",
    "bao-cao-cd61dd8d.xlsx",
    "bao-cao-7d445032.pdf",
    "bao-cao-ec2dabd9.pdf",
    "bao-cao-a44b2ff5.xls",
];
/// 2022-H1: NHO, VNI (superseded below), DKH, CLA, KVI on time; KSO late.
const H1_2022: [&str; 5] = [
    "bao-cao-0ceb7c45.docx",
    "bao-cao-8126cec1.docx",
    "bao-cao-894bda66.xlsx",
    "bao-cao-35896264.pdf",
    "bao-cao-2dced6be.pdf",
];
const LATE_2022: &str = "bao-cao-4a6992f1.xls";

struct Scenario {
    _dir: tempfile::TempDir,
    settings: Settings,
    store: Store,
    config: PathBuf,
    /// What counts so far, for the status the cross-period check gives each report.
    counting: common::plausible::Counting,
    /// The status each chapter's 2022-H1 report that counts must have.
    statuses_2022: BTreeMap<String, Status>,
}

/// The names, in registry order, of the chapters whose 2022-H1 report needs review.
fn review_names(s: &Scenario) -> String {
    let chapters = s.settings.registry.chapters().iter();
    let names: Vec<&str> = chapters
        .filter(|c| s.statuses_2022.get(&c.code) == Some(&Status::NeedsReview))
        .map(|c| c.name.as_str())
        .collect();
    names.join(", ")
}

/// The status a report of `chapter` for `period` with these figures must get: `base`, or
/// "needs review" when it is out of line with the chapter's earlier reports.
fn expect(s: &mut Scenario, chapter: &str, period: &str, values: &BTreeMap<String, i64>, base: Status) -> Status {
    let status = match s.counting.arrives(chapter, period, values.clone()) {
        true => Status::NeedsReview,
        false => base,
    };
    if period == "2022-H1" {
        s.statuses_2022.insert(chapter.to_string(), status);
    }
    status
}

fn integer_keys() -> Vec<String> {
    let form = baocao::form::Form::embedded();
    let fields = form
        .fields
        .iter()
        .filter(|f| f.kind == baocao::form::FieldKind::Integer);
    fields.map(|f| f.key.clone()).collect()
}

fn at(y: i16, m: i8, d: i8) -> jiff::Timestamp {
    date(y, m, d)
        .at(9, 30, 0, 0)
        .in_tz("Asia/Ho_Chi_Minh")
        .unwrap()
        .timestamp()
}

fn ingest(s: &mut Scenario, path: &Path, when: jiff::Timestamp) -> Status {
    let outcome = pipeline::process(&s.settings, &mut s.store, path, Origin::External, when).unwrap();
    outcome.submission.status
}

/// A generated form for `unit` in 2022-H1 with value `base - i` for the i-th integer field
/// (decreasing, so every "at most" check of the form holds unless `tweak` breaks one).
fn generated(dir: &Path, name: &str, unit: &str, base: i64, tweak: &[(&str, i64)]) -> (PathBuf, BTreeMap<String, i64>) {
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

fn truth_values(file: &str) -> (String, BTreeMap<String, i64>) {
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
fn scenario() -> (Scenario, Expected, Expected) {
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

fn compile_2022(s: &Scenario, out: &Path) -> Compiled {
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

fn sum(expected: &Expected, key: &str) -> i64 {
    expected.values().filter_map(|v| v.get(key)).sum()
}

fn lines(docx: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(docx).unwrap();
    let (_, doc) = baocao::extract::read_document(&bytes, &baocao::extract::Limits::default()).unwrap();
    doc.lines
        .iter()
        .map(|l| l.cells.iter().map(|c| c.text.clone()).collect())
        .collect()
}

fn zip_part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    std::io::read_to_string(zip.by_name(name).unwrap()).unwrap()
}

fn number(text: &str) -> i64 {
    text.replace('.', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn the_workbook_holds_every_chapter_row_and_real_sum_formulas() {
    let (s, expected, _) = scenario();
    let compiled = compile_2022(&s, &s._dir.path().join("out"));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&compiled.xlsx).unwrap();
    let figures = book.worksheet_range("Số liệu").unwrap();
    let formulas = book.worksheet_formula("Số liệu").unwrap();
    let keys = integer_keys();
    let chapters = s.settings.registry.chapters();
    // Each sheet's title row names the subject, the period and what the sheet holds; the
    // column headings below it; the chapters from the third row.
    let subject = "Kết quả công tác giám sát, phản biện xã hội, tham mưu đề xuất chính sách 6 tháng đầu năm 2022";
    for (sheet, what) in [
        ("Số liệu", "số liệu theo đơn vị"),
        ("Tiếp nhận", "tình hình gửi báo cáo"),
        ("Nội dung", "nội dung báo cáo của các đơn vị"),
    ] {
        let range = book.worksheet_range(sheet).unwrap();
        assert_eq!(
            range.get_value((0, 0)),
            Some(&Data::String(format!("{subject}: {what}")))
        );
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("STT".into())), "{sheet}");
    }
    for (row, chapter) in (2u32..).zip(chapters) {
        assert_eq!(figures.get_value((row, 1)), Some(&Data::String(chapter.code.clone())));
        for (col, key) in (4u32..).zip(&keys) {
            let want = expected.get(&chapter.code).and_then(|v| v.get(key));
            let got = match figures.get_value((row, col)) {
                Some(Data::Float(f)) => Some(*f as i64),
                Some(Data::Int(i)) => Some(*i),
                None | Some(Data::Empty) => None,
                other => panic!("{}/{key}: {other:?}", chapter.code),
            };
            assert_eq!(got, want.copied(), "{} {key}", chapter.code);
        }
    }
    // 0-based, the totals row; 1-based, the last chapter's row.
    let total_row = chapters.len() as u32 + 2;
    for (col, key) in (4u32..).zip(&keys) {
        let letter = char::from(b'A' + col as u8);
        let formula = formulas.get_value((total_row, col)).unwrap();
        assert_eq!(formula, &format!("SUM({letter}3:{letter}{total_row})"), "{key}");
        assert_eq!(
            figures.get_value((total_row, col)),
            Some(&Data::Float(sum(&expected, key) as f64)),
            "{key}"
        );
    }
    let submissions = book.worksheet_range("Tiếp nhận").unwrap();
    let status = |code: &str| {
        let row = chapters.iter().position(|c| c.code == code).unwrap() as u32 + 2;
        (
            submissions.get_value((row, 3)).cloned(),
            submissions.get_value((row, 5)).cloned(),
        )
    };
    assert_eq!(status("NTR").0, Some(Data::String("Cần kiểm tra lại".into())));
    assert_eq!(status("KSO").1, Some(Data::String("Trễ hạn".into())));
    let vni = match s.statuses_2022["VNI"] {
        Status::NeedsReview => "Cần kiểm tra lại",
        _ => "Đã tiếp nhận",
    };
    assert_eq!(
        status("VNI"),
        (Some(Data::String(vni.into())), Some(Data::String("Đúng hạn".into())))
    );
    assert_eq!(status("CAT").0, Some(Data::String("Chưa gửi báo cáo".into())));
    let texts = book.worksheet_range("Nội dung").unwrap();
    assert_eq!(
        texts.get_value((5, 3)),
        Some(&Data::String("Tổ chức 5 cuộc giám sát tại các xã.".into()))
    );
    // A narrative longer than its column (60 characters) gets a row tall enough for two lines
    // or more, so that printed it does not run over the rows below; a row of short texts
    // keeps Excel's height.
    let xml = zip_part(&compiled.xlsx, "xl/worksheets/sheet3.xml");
    let mut tall = 0;
    for (row, chapter) in (2u32..).zip(chapters) {
        let longest = (3..3 + 8)
            .filter_map(|col| match texts.get_value((row, col)) {
                Some(Data::String(t)) => t.lines().map(|l| l.chars().count()).max(),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let height = row_height(&xml, row + 1);
        if longest > 60 {
            tall += 1;
            assert!(
                height.is_some_and(|h| h >= 30.0),
                "{}: {longest} characters, height {height:?}",
                chapter.code
            );
        } else {
            assert_eq!(height, None, "{}", chapter.code);
        }
    }
    assert!(tall > 0, "the samples hold long narratives");
    // One native chart per indicator, by chapter, drawn from the figures sheet's cells.
    let form = baocao::form::Form::embedded();
    let last = chapters.len() + 2;
    for (n, key) in (1..).zip(&keys) {
        let chart = zip_part(&compiled.xlsx, &format!("xl/charts/chart{n}.xml"));
        let label = &form.field(key).unwrap().label;
        assert!(
            chart.contains(&format!("<a:t>{label} — 6 tháng đầu năm 2022</a:t>")),
            "{key}"
        );
        let column = char::from(b'A' + 3 + n as u8);
        assert!(chart.contains(&format!("<c:f>'Số liệu'!$C$3:$C${last}</c:f>")), "{key}");
        assert!(
            chart.contains(&format!("<c:f>'Số liệu'!${column}$3:${column}${last}</c:f>")),
            "{key}"
        );
    }
    assert_eq!(book.sheet_names(), ["Số liệu", "Tiếp nhận", "Nội dung", "Biểu đồ"]);
}

/// The custom height of 1-based row `r` in a worksheet's XML.
fn row_height(xml: &str, r: u32) -> Option<f64> {
    let start = xml.find(&format!("<row r=\"{r}\""))?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let ht = tag.split(" ht=\"").nth(1)?;
    ht[..ht.find('"')?].parse().ok()
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn the_word_report_states_totals_changes_and_every_chapter() {
    let (s, expected, before) = scenario();
    let compiled = compile_2022(&s, &s._dir.path().join("out"));
    assert_eq!(compiled.docx.file_name().unwrap(), "bao-cao-2022-H1.docx");
    let lines = lines(&compiled.docx);
    let text: Vec<String> = lines.iter().map(|l| l.join(" | ")).collect();
    let has = |needle: &str| text.iter().any(|l| l.contains(needle));
    for needle in [
        "HỘI LHPN TỈNH KHÁNH HÒA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Khánh Hòa, ngày 20 tháng 6 năm 2022",
        "6 tháng đầu năm 2022",
        "Đã có 7/10 đơn vị gửi báo cáo, trong đó 6 đơn vị gửi đúng hạn (đến hết ngày 15/06/2022) và 1 đơn vị gửi trễ hạn; còn 3 đơn vị chưa gửi báo cáo.",
        "Các đơn vị gửi báo cáo trễ hạn: Hội LHPN huyện Khánh Sơn.",
        "Các đơn vị chưa gửi báo cáo: Hội LHPN thành phố Cam Ranh, Hội LHPN huyện Trường Sa, Hội Phụ nữ Công an tỉnh.",
        &format!("cần kiểm tra lại ({})", review_names(&s)),
        "- Hội LHPN thành phố Nha Trang (*): Tổ chức 5 cuộc giám sát tại các xã.",
        "Ban CSLP TW Hội;",
        "Nguyễn Thị Hoa",
        "Số: /BC-HPN",
        "(Kèm theo Báo cáo số /BC-HPN ngày 20/06/2022 của Ban Thường vụ Hội LHPN tỉnh Khánh Hòa)",
    ] {
        assert!(has(needle), "missing {needle:?} in:\n{}", text.join("\n"));
    }
    assert!(!has("lần 2"), "a first version says nothing of versions");
    // Both tables (part II and the appendix) repeat their heading row on every page, and no
    // other row does.
    let xml = zip_part(&compiled.docx, "word/document.xml");
    assert_eq!(
        xml.matches("<w:tblHeader />").count(),
        2,
        "heading rows marked to repeat"
    );
    // Year on year like with like: 2021-H1 and 2022-H1 were reported by different chapters,
    // so the change is over those in both (worked out here from the expected values).
    let common: Vec<&String> = expected.keys().filter(|c| before.contains_key(*c)).collect();
    assert!(
        common.len() < expected.len() && common.len() >= 2,
        "the scenario mixes chapter sets"
    );
    assert!(
        common.len() * 2 >= expected.len().max(before.len()),
        "and overlaps enough to compare"
    );
    let note = format!(
        "được tính trên {} đơn vị báo cáo cả hai kỳ (kỳ này có {} đơn vị, 6 tháng đầu năm 2021 có {} đơn vị gửi báo cáo)",
        common.len(),
        expected.len(),
        before.len()
    );
    assert!(
        has(&note),
        "missing {note:?} in:
{}",
        text.join("\n")
    );
    assert!(has(&format!("Kỳ này ({} đơn vị)", common.len())));
    let form = baocao::form::Form::embedded();
    for key in integer_keys() {
        let pairs: Vec<(i64, i64)> = common
            .iter()
            .filter_map(|c| Some((*expected[*c].get(&key)?, *before[*c].get(&key)?)))
            .collect();
        let mut label = form.field(&key).unwrap().label.clone();
        if pairs.len() < common.len() {
            label = format!("{label} (so sánh trên {} đơn vị có số liệu cả hai kỳ)", pairs.len());
        }
        let row = lines
            .iter()
            .find(|l| l.len() == 7 && l[1] == label)
            .unwrap_or_else(|| panic!("no row {label}"));
        let now: i64 = pairs.iter().map(|p| p.0).sum();
        let then: i64 = pairs.iter().map(|p| p.1).sum();
        assert_eq!(number(&row[2]), sum(&expected, &key), "{key}");
        assert_eq!((number(&row[3]), number(&row[4])), (now, then), "{key}");
        assert_eq!(number(&row[5].replace('+', "")), now - then, "{key}");
        assert_eq!((row[5].clone(), row[6].clone()), compile::change(now, then), "{key}");
    }
    let keys = integer_keys();
    for chapter in s.settings.registry.chapters() {
        let flagged = s.statuses_2022.get(&chapter.code) == Some(&Status::NeedsReview);
        let mark = if flagged { " (*)" } else { "" };
        let name = format!("{}{mark}", chapter.name);
        let row = lines
            .iter()
            .find(|l| l.len() >= 2 && l[1] == name)
            .unwrap_or_else(|| panic!("no row {name}"));
        let want: Vec<i64> = match expected.get(&chapter.code) {
            Some(values) => keys.iter().map(|k| values[k]).collect(),
            None => vec![],
        };
        let got: Vec<i64> = row[2..].iter().map(|t| number(t)).collect();
        assert_eq!(got, want, "{}", chapter.code);
    }
    let totals = lines
        .iter()
        .find(|l| l.first().map(String::as_str) == Some("Tổng cộng"))
        .unwrap();
    let want: Vec<i64> = keys.iter().map(|k| sum(&expected, k)).collect();
    assert_eq!(totals[1..].iter().map(|t| number(t)).collect::<Vec<_>>(), want);
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn a_correction_makes_version_two_and_unchanged_inputs_keep_it() {
    let (mut s, _, _) = scenario();
    let out = s._dir.path().join("out");
    let first = compile_2022(&s, &out);
    assert_eq!((first.version, compile_2022(&s, &out).version), (1, 1));
    let work = s._dir.path().join("generated");
    let (path, values) = generated(&work, "dkh-sua.docx", "Hội LHPN huyện Diên Khánh", 40, &[]);
    let want = expect(&mut s, "DKH", "2022-H1", &values, Status::Accepted);
    assert_eq!(ingest(&mut s, &path, at(2022, 6, 21)), want);
    let second = compile_2022(&s, &out);
    assert_eq!((second.version, second.new_version), (2, true));
    assert_eq!(second.docx.file_name().unwrap(), "bao-cao-2022-H1-lan-2.docx");
    assert!(first.docx.is_file(), "version 1 keeps its files");
    let text = lines(&second.docx).concat().join("\n");
    assert!(text.contains("Báo cáo lần 2, thay thế báo cáo lần 1"), "{text}");
    let again = compile_2022(&s, &out);
    assert_eq!((again.version, again.new_version), (2, false));
    let versions: Vec<u32> = s
        .store
        .reports(&Period::half_year(2022))
        .unwrap()
        .iter()
        .map(|r| r.version)
        .collect();
    assert_eq!(versions, [1, 2]);
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn send_queues_one_mail_with_both_files_once_per_version() {
    let (s, _, _) = scenario();
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_baocao"))
            .args(["--config".as_ref(), s.config.as_os_str()])
            .args(["compile", "--period", "2022-H1", "--today", "2022-06-20", "--send"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let printed = run();
    let paths: Vec<&str> = printed.lines().collect();
    assert_eq!(paths.len(), 2, "{printed}");
    assert!(paths[0].ends_with("reports/bao-cao-2022-H1.docx") && paths[1].ends_with("reports/bao-cao-2022-H1.xlsx"));
    run();
    let reports: Vec<_> = s
        .store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|r| r.mail.kind == "report")
        .collect();
    assert_eq!(reports.len(), 1, "the same version is mailed once");
    let mail = &reports[0].mail;
    assert_eq!(mail.recipients, ["Ban CSLP TW Hội <bancslp@example.vn>"]);
    assert!(mail.subject.contains("6 tháng đầu năm 2022"), "{}", mail.subject);
    let attached: Vec<&str> = mail.attachments.iter().map(|(name, _, _)| name.as_str()).collect();
    assert_eq!(attached, ["bao-cao-2022-H1.docx", "bao-cao-2022-H1.xlsx"]);
    assert!(mail.attachments.iter().all(|(_, _, path)| Path::new(path).is_file()));
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn the_daemon_sends_each_period_once_after_its_deadline() {
    let (mut s, _, _) = scenario();
    let sent = |s: &mut Scenario, day| compile::auto_send(&s.settings, &mut s.store, day, at(2022, 6, 16)).unwrap();
    assert!(
        sent(&mut s, date(2022, 6, 15)).is_empty(),
        "not before deadline + 1 day"
    );
    let first = sent(&mut s, date(2022, 6, 16));
    assert_eq!(
        first.iter().map(|c| c.period.to_string()).collect::<Vec<_>>(),
        ["2022-H1"]
    );
    assert!(sent(&mut s, date(2022, 6, 17)).is_empty(), "once per period");
    let mails = s
        .store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|r| r.mail.kind == "report")
        .count();
    assert_eq!(mails, 1);
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
#[cfg_attr(not(libreoffice), ignore = "needs LibreOffice (soffice); .ci/run installs it")]
fn libreoffice_opens_both_files() {
    let probe = Command::new("soffice")
        .arg("--version")
        .output()
        .expect("soffice (LibreOffice) runs");
    assert!(probe.status.success());
    let (s, _, _) = scenario();
    let out = s._dir.path().join("out");
    let compiled = compile_2022(&s, &out);
    for file in [&compiled.docx, &compiled.xlsx] {
        // One folder per file: both are named after the period and would become one PDF.
        let pdf = s._dir.path().join("pdf").join(file.extension().unwrap());
        let status = Command::new("soffice")
            .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
            .arg(&pdf)
            .arg(file)
            .env("HOME", s._dir.path())
            .output()
            .unwrap();
        let stem = file.file_stem().unwrap().to_string_lossy();
        let converted = pdf.join(format!("{stem}.pdf"));
        assert!(
            status.status.success() && converted.is_file(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&status.stderr)
        );
        assert!(std::fs::metadata(&converted).unwrap().len() > 1000);
        if file.extension().is_some_and(|e| e == "docx") {
            page_numbers_from_page_two(&converted);
        }
    }
}

/// Decree 30/2020: no number on page 1, then each page's number as its first line (the
/// header, top centre), the landscape appendix included.
fn page_numbers_from_page_two(pdf: &Path) {
    let bytes = std::fs::read(pdf).unwrap();
    let (_, doc) = baocao::extract::read_document(&bytes, &baocao::extract::Limits::default()).unwrap();
    let mut first_lines: BTreeMap<u32, String> = BTreeMap::new();
    for line in &doc.lines {
        if let baocao::extract::document::Location::Page { page, .. } = &line.cells[0].at {
            first_lines.entry(*page).or_insert_with(|| line.text());
        }
    }
    assert!(first_lines.len() >= 3, "body and appendix: {first_lines:?}");
    assert!(
        first_lines[&1].starts_with("HỘI LHPN TỈNH KHÁNH HÒA"),
        "page 1 starts with the letterhead: {first_lines:?}"
    );
    for (page, first) in first_lines.iter().skip(1) {
        assert_eq!(first, &page.to_string(), "page {page} starts with its number");
    }
}
