//! Roll-up by parent after the 2025 units are imported: the province's report groups the
//! communes under their former district with subtotals and each parent's completeness, and
//! `compile --unit` gives one district's report, its communes in 2025 and itself in 2024.

mod common;

use common::cli::{Site, compile, docx_text, sheet};
use std::path::Path;

const LED: &str = "supervisions_led";

/// The units of `parent` in the example import, read with the csv crate.
fn children(parent: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/units-2025.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[3] == parent)
        .map(|r| r[0].to_string())
        .collect()
}

/// The column of `label` in a sheet's heading row (the second).
fn column(rows: &[Vec<String>], label: &str) -> usize {
    rows[1]
        .iter()
        .position(|h| h == label)
        .unwrap_or_else(|| panic!("{label}: {:?}", rows[1]))
}

#[test]
fn parents_total_their_units_and_a_district_has_its_own_report() {
    let site = Site::after_the_reform();
    let (dir, config) = (&site.dir, &site.config);

    site.report("Hội LHPN thành phố Nha Trang", "năm 2024", &[(LED, 9)]);
    // Two of Nha Trang's four wards and one of Cam Ranh's five units report for 2025.
    let (bac, tay, ba_ngoi) = (3, 4, 6);
    site.report("Hội LHPN phường Bắc Nha Trang", "năm 2025", &[(LED, bac)]);
    site.report("Hội LHPN phường Tây Nha Trang", "năm 2025", &[(LED, tay)]);
    site.report("Hội LHPN phường Ba Ngòi", "năm 2025", &[(LED, ba_ngoi)]);
    let led_label = baocao::form::Form::embedded().field(LED).unwrap().label.clone();

    let (docx, xlsx) = compile(config, "2025-Y", &dir.path().join("province"), &[]);
    let rows = sheet(&xlsx, "Theo đơn vị cấp trên");
    let led = column(&rows, &led_label);
    let group = |code: &str| {
        rows.iter()
            .find(|r| r.get(1).map(String::as_str) == Some(code))
            .unwrap()
            .clone()
    };
    let (ntr, cra) = (children("NTR"), children("CRA"));
    assert_eq!(
        group("NTR")[3..6],
        [ntr.len().to_string(), "2".into(), (200 / ntr.len()).to_string()]
    );
    assert_eq!(group("NTR")[led], (bac + tay).to_string());
    assert_eq!(group("CRA")[3..5], [cra.len().to_string(), "1".into()]);
    assert_eq!(group("CRA")[led], ba_ngoi.to_string());
    // The whole: every unit owing 2025-Y once, the parents' subtotals adding up to it.
    let total = rows
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("Tổng cộng"))
        .unwrap();
    assert_eq!(total[3..5], ["66".to_string(), "3".into()]);
    assert_eq!(total[led], (bac + tay + ba_ngoi).to_string());
    let groups: Vec<&Vec<String>> = rows[2..].iter().take_while(|r| r[0] != "Tổng cộng").collect();
    let owed: usize = groups.iter().map(|r| r[3].parse::<usize>().unwrap()).sum();
    assert_eq!(owed, 66, "no unit counted twice");
    let text = docx_text(&docx);
    assert!(
        text.contains("Hội LHPN thành phố Nha Trang (2/4 đơn vị đã gửi báo cáo)"),
        "{text}"
    );
    assert!(text.contains("Các đơn vị trực thuộc (0/"), "{text}");

    // Nha Trang's own report: its wards in 2025, itself in 2024.
    let (docx, xlsx) = compile(config, "2025-Y", &dir.path().join("ntr"), &["--unit", "NTR"]);
    let figures = sheet(&xlsx, "Số liệu");
    let codes: Vec<&str> = figures[2..]
        .iter()
        .map(|r| r[1].as_str())
        .take_while(|c| !c.is_empty())
        .collect();
    assert_eq!(codes, ntr.iter().map(String::as_str).collect::<Vec<_>>());
    let sum_row = figures
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("Tổng cộng"))
        .unwrap();
    assert_eq!(sum_row[column(&figures, &led_label)], (bac + tay).to_string());
    assert!(docx_text(&docx).contains("của các đơn vị thuộc Hội LHPN thành phố Nha Trang"));
    let (_, xlsx) = compile(config, "2024-Y", &dir.path().join("ntr-2024"), &["--unit", "NTR"]);
    let figures = sheet(&xlsx, "Số liệu");
    assert_eq!(figures[2][1], "NTR");
    assert_eq!(figures[2][column(&figures, &led_label)], "9");
}

#[test]
fn a_former_district_is_compared_with_all_its_successors_and_the_report_says_so() {
    let site = Site::after_the_reform();
    let (dir, config) = (&site.dir, &site.config);
    site.report("Hội LHPN huyện Khánh Sơn", "năm 2024", &[(LED, 10)]);
    site.report("Hội LHPN huyện Trường Sa", "năm 2024", &[(LED, 2)]);
    // Every successor of Khánh Sơn (three communes) and of Trường Sa (the special zone) reports.
    let kso = [
        ("Hội LHPN xã Khánh Sơn", 4),
        ("Hội LHPN xã Tây Khánh Sơn", 3),
        ("Hội LHPN xã Đông Khánh Sơn", 5),
    ];
    assert_eq!(children("KSO").len(), kso.len());
    for (unit, led) in kso {
        site.report(unit, "năm 2025", &[(LED, led)]);
    }
    site.report("Hội LHPN đặc khu Trường Sa", "năm 2025", &[(LED, 3)]);
    // One of Vạn Ninh's five: Vạn Ninh is not compared (a part against the whole).
    site.report("Hội LHPN xã Vạn Ninh", "năm 2025", &[(LED, 7)]);
    site.report("Hội LHPN huyện Vạn Ninh", "năm 2024", &[(LED, 20)]);

    let (docx, _) = compile(config, "2025-Y", &dir.path().join("out"), &[]);
    let text = docx_text(&docx);
    // Khánh Sơn and Trường Sa are in both years through their successors; Vạn Ninh is not.
    // Two of five are too few to speak for the province, and the report says both.
    let note = "Chỉ có 2 đơn vị báo cáo cả kỳ này và năm 2024 (kỳ này có 5 đơn vị, năm 2024 có 3 đơn vị gửi báo cáo), \
                chưa đủ để so sánh mức tăng, giảm của toàn tỉnh. Trong đó, 2 đơn vị đã sáp nhập (như cấp huyện trước \
                ngày 01/7/2025) được so sánh với tổng số liệu của tất cả các đơn vị kế tục.";
    assert!(text.contains(note), "{text}");
}

#[test]
fn two_compiles_of_one_units_report_at_once_each_leave_a_whole_file() {
    let site = Site::after_the_reform();
    site.report("Hội LHPN phường Bắc Nha Trang", "năm 2025", &[(LED, 3)]);
    let mut settings = baocao::config::Settings::load(Some(&site.config)).unwrap();
    let mut store = baocao::store::Store::open(&settings.database()).unwrap();
    baocao::units::load(&mut settings, &mut store).unwrap();
    let out = site.dir.path().join("units");
    let today = jiff::civil::date(2026, 1, 10);
    let period = baocao::model::Period::annual(2025);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let store = baocao::store::Store::open(&settings.database()).unwrap();
                baocao::compile::compile_unit(&settings, &store, period, "NTR", today, &out).unwrap();
            });
        }
    });
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["bao-cao-2025-Y-NTR.docx", "bao-cao-2025-Y-NTR.xlsx"],
        "no temporary file left"
    );
    let rows = sheet(&out.join("bao-cao-2025-Y-NTR.xlsx"), "Số liệu");
    let label = baocao::form::Form::embedded().field(LED).unwrap().label.clone();
    let bac = rows
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some("P-BAC-NHA-TRANG"))
        .unwrap();
    assert_eq!(bac[column(&rows, &label)], "3");
    assert!(docx_text(&out.join("bao-cao-2025-Y-NTR.docx")).contains("Hội LHPN thành phố Nha Trang"));
}
