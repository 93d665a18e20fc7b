//! The compiled provincial report, end to end: samples through the real pipeline into SQLite
//! (with a correction that supersedes a sample, a report that needs review, a late one and
//! chapters missing), compiled, then both files read back — the .xlsx with calamine, the
//! .docx with baocao's own reader — and every total and every chapter's row checked against
//! the expected values of truth.json.

mod common;
#[path = "compile/scenario.rs"]
mod scenario;

use baocao::compile;
use baocao::model::{Period, Status};
use jiff::civil::date;
use scenario::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

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
fn part_two_shows_the_main_charts_as_pictures_with_their_captions() {
    let (s, expected, before) = scenario();
    let compiled = compile_2022(&s, &s._dir.path().join("out"));
    let form = baocao::form::Form::embedded();
    // A chart by chapter for each main indicator that two chapters or more gave, not all 0;
    // then the trend, since 2021-H1 was reported too.
    let mut captions: Vec<String> = form
        .fields
        .iter()
        .filter(|f| f.main)
        .filter(|f| {
            let given: Vec<i64> = expected.values().filter_map(|v| v.get(&f.key).copied()).collect();
            given.len() >= 2 && given.iter().any(|&v| v != 0)
        })
        .map(|f| format!("{} theo đơn vị, 6 tháng đầu năm 2022", f.label))
        .collect();
    assert!(!captions.is_empty() && !before.is_empty());
    captions.push("Các chỉ tiêu chính của toàn tỉnh từ 6 tháng đầu năm 2021 đến 6 tháng đầu năm 2022".into());
    let text: Vec<String> = lines(&compiled.docx).into_iter().map(|l| l.join(" ")).collect();
    let part_two = text.iter().position(|l| l.starts_with("II.")).unwrap();
    let part_three = text.iter().position(|l| l.starts_with("III.")).unwrap();
    for (n, caption) in (1..).zip(&captions) {
        let want = format!("Biểu đồ {n}. {caption}");
        let at = text.iter().position(|l| *l == want);
        assert!(
            at.is_some_and(|i| part_two < i && i < part_three),
            "{want:?} not in part II:\n{}",
            text.join("\n")
        );
    }
    assert!(text.iter().any(|l| l == "(*) Số liệu của báo cáo cần kiểm tra lại."));
    // One PNG per caption, each placed in the body, 16 cm wide: 1260 px at 200 dpi is
    // 6.3 in of 914 400 EMU.
    let xml = zip_part(&compiled.docx, "word/document.xml");
    assert_eq!(xml.matches("<pic:pic").count(), captions.len(), "pictures in the body");
    assert_eq!(
        xml.matches("cx=\"5760720\"").count(),
        captions.len() * 2,
        "extent and transform, 16 cm"
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&compiled.docx).unwrap()).unwrap();
    let pngs: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .filter(|n| n.starts_with("word/media/") && !n.ends_with('/'))
        .collect();
    assert_eq!(pngs.len(), captions.len(), "{pngs:?}");
    for name in pngs {
        let bytes = std::io::Read::bytes(zip.by_name(&name).unwrap())
            .map(Result::unwrap)
            .collect::<Vec<u8>>();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name}");
        assert_eq!(
            u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
            1260,
            "{name} width"
        );
    }
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
