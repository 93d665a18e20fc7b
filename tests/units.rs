//! Units that change on 1/7/2025: the nine districts of the shipped configuration end, the
//! communes and wards of `contrib/units-2025.csv` begin. Through the real binary and SQLite
//! file: who owes 2025-H1 and 2025-Y in `status`, `remind` and `compile`, names read among
//! the units of the report's period, and a 2024 report that compiles the same after the import.

mod common;

use calamine::Reader;
use common::cli::{Site, baocao, status, stdout};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn contrib() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/units-2025.csv")
}

/// The rows of the example import, read here with the csv crate: (code, parent, from, until).
fn example_units() -> Vec<(String, String, String, String)> {
    let mut reader = csv::Reader::from_path(contrib()).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[3].to_string(), r[4].to_string(), r[5].to_string())
        })
        .collect()
}

/// Units reminded on `today` (dry run), from the lines `would send: CODE PERIOD step ...`.
fn reminded(config: &Path, today: &str, period: &str) -> BTreeSet<String> {
    let out = stdout(&baocao(config, &["remind", "--dry-run", "--today", today]));
    out.lines()
        .filter_map(|l| l.strip_prefix("would send: "))
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let code = words.next()?;
            (words.next()? == period).then(|| code.to_string())
        })
        .collect()
}

/// The "Số liệu" sheet of a compiled workbook: (code, figures) per unit row.
fn figures(xlsx: &Path) -> Vec<(String, Vec<String>)> {
    common::cli::sheet(xlsx, "Số liệu")
        .into_iter()
        .skip(2)
        .take_while(|r| r.get(1).is_some_and(|c| !c.is_empty()))
        .map(|r| (r[1].clone(), r[4..].to_vec()))
        .collect()
}

fn compile(config: &Path, period: &str, out: &Path) -> PathBuf {
    common::cli::compile(config, period, out, &[]).1
}

/// A report of `unit` for `period` with this figure of supervisions led (and seven groups).
fn report(site: &Site, unit: &str, period: &str, supervisions: i64) -> PathBuf {
    site.report(unit, period, &[("supervisions_led", supervisions), ("legal_groups", 7)])
}

#[test]
fn the_reform_of_1_july_2025_changes_who_owes_each_period() {
    let site = Site::new();
    let (dir, config) = (&site.dir, site.config.clone());

    // Before the import: the shipped districts and the police's union.
    report(&site, "Hội LHPN huyện Vạn Ninh", "năm 2024", 4);
    let before_2024 = figures(&compile(&config, "2024-Y", &dir.path().join("before")));
    assert_eq!(before_2024.len(), 10, "{before_2024:?}");

    let shown = stdout(&baocao(&config, &["units", "import", contrib().to_str().unwrap()]));
    let units = example_units();
    let communes: Vec<&String> = units.iter().filter(|u| u.2 == "2025-07-01").map(|u| &u.0).collect();
    let districts: Vec<&String> = units.iter().filter(|u| u.3 == "2025-06-30").map(|u| &u.0).collect();
    assert_eq!((communes.len(), districts.len()), (65, 9));
    assert!(
        shown.contains(&format!("thêm {}, sửa {}", communes.len(), districts.len())),
        "{shown}"
    );
    assert!(shown.contains("Chưa ghi gì"), "{shown}");
    assert_eq!(status(&config, "2025-Y").len(), 1, "nothing is stored without --apply");
    baocao(&config, &["units", "import", "--apply", contrib().to_str().unwrap()]);
    let again = stdout(&baocao(&config, &["units", "import", contrib().to_str().unwrap()]));
    assert!(again.contains("không có gì thay đổi"), "{again}");

    // The same words name the district in a report of 2025-H1 and the commune after.
    report(&site, "Vạn Ninh", "6 tháng đầu năm 2025", 5);
    report(&site, "Vạn Ninh", "năm 2025", 6);
    report(&site, "Hội LHPN phường Cam Ranh", "năm 2025", 3);

    let h1 = status(&config, "2025-H1");
    let mut owing_h1: Vec<&str> = districts.iter().map(|c| c.as_str()).collect();
    owing_h1.push("CAT");
    assert_eq!(
        h1.iter().map(|(c, _)| c.as_str()).collect::<BTreeSet<_>>(),
        owing_h1.iter().copied().collect()
    );
    let sent = |rows: &[(String, String)]| -> BTreeSet<String> {
        rows.iter()
            .filter(|(_, s)| s != "missing")
            .map(|(c, _)| c.clone())
            .collect()
    };
    assert_eq!(sent(&h1), BTreeSet::from(["VNI".to_string()]));

    let y = status(&config, "2025-Y");
    let mut owing_y: BTreeSet<String> = communes.iter().map(|c| c.to_string()).collect();
    owing_y.insert("CAT".into());
    assert_eq!(y.iter().map(|(c, _)| c.clone()).collect::<BTreeSet<_>>(), owing_y);
    assert_eq!(
        sent(&y),
        BTreeSet::from(["P-CAM-RANH".to_string(), "X-VAN-NINH".to_string()])
    );

    // Reminders two days before each deadline go to those who owe it and have not reported
    // (a report that counts, accepted, stops them).
    let accepted = |rows: &[(String, String)]| -> BTreeSet<String> {
        rows.iter()
            .filter(|(_, s)| s == "accepted")
            .map(|(c, _)| c.clone())
            .collect()
    };
    let expect_h1: BTreeSet<String> = owing_h1
        .iter()
        .map(|c| c.to_string())
        .filter(|c| !accepted(&h1).contains(c))
        .collect();
    assert_eq!(reminded(&config, "2025-06-13", "2025-H1"), expect_h1);
    let expect_y: BTreeSet<String> = owing_y.iter().filter(|c| !accepted(&y).contains(*c)).cloned().collect();
    assert_eq!(reminded(&config, "2025-12-13", "2025-Y"), expect_y);

    // The compiled 2025-Y report: one row per commune and the police's union, the figures read.
    let y_rows = figures(&compile(&config, "2025-Y", &dir.path().join("y")));
    assert_eq!(y_rows.iter().map(|(c, _)| c.clone()).collect::<BTreeSet<_>>(), owing_y);
    let led = |rows: &[(String, Vec<String>)], code: &str| rows.iter().find(|(c, _)| c == code).unwrap().1[2].clone();
    assert_eq!(led(&y_rows, "X-VAN-NINH"), "6");
    assert_eq!(led(&y_rows, "P-CAM-RANH"), "3");
    let h1_rows = figures(&compile(&config, "2025-H1", &dir.path().join("h1")));
    assert_eq!(h1_rows.len(), 10);
    assert_eq!(led(&h1_rows, "VNI"), "5");

    // 2024 is compiled as before: the same units, the same figures.
    let after_2024 = figures(&compile(&config, "2024-Y", &dir.path().join("after")));
    assert_eq!(after_2024, before_2024);
    assert_eq!(led(&after_2024, "VNI"), "4");
}

#[test]
fn a_faulty_list_is_refused_whole_with_every_row_named() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.0);
    let list = dir.path().join("don-vi.csv");
    std::fs::write(
        &list,
        "code;name;level;parent;from;until;email\n\
         X-A;Hội LHPN xã A;xã;NTR;01/07/2025;;a@example.vn\n\
         X-B;Hội LHPN xã B;thôn;NTR;2025-07-01;;b@example.vn\n\
         X-C;Hội LHPN xã C;xã;KHONG-CO;2025-07-01;;c@example.vn\n\
         X-D;Hội LHPN xã D;xã;;2025-07-01;2025-01-01;khong-phai-thu\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env_remove("BAOCAO_CONFIG")
        .args([
            "--config",
            config.to_str().unwrap(),
            "units",
            "import",
            "--apply",
            list.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("don-vi.csv"), "{err}");
    assert!(err.contains("dòng 3: X-B: cấp \"thôn\" không rõ"), "{err}");
    assert!(err.contains("dòng 5: X-D: thư điện tử \"khong-phai-thu\""), "{err}");
    assert!(err.contains("X-C: đơn vị trực thuộc \"KHONG-CO\""), "{err}");
    let list = stdout(&baocao(&config, &["units", "list"]));
    assert!(list.ends_with("10 units\n") && !list.contains("X-A"), "{list}");
}

#[test]
fn an_export_imports_back_unchanged_as_a_workbook() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.0);
    baocao(&config, &["units", "import", "--apply", contrib().to_str().unwrap()]);
    let book = dir.path().join("don-vi.xlsx");
    baocao(&config, &["units", "export", book.to_str().unwrap()]);
    let mut read: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let range = read.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.height(), 1 + 75, "a heading and every unit");
    let again = stdout(&baocao(&config, &["units", "import", book.to_str().unwrap()]));
    assert!(again.contains("không có gì thay đổi"), "{again}");
    let on = stdout(&baocao(&config, &["units", "list", "--on", "2025-07-01"]));
    assert!(on.ends_with("66 units\n"), "{on}");
}

#[test]
fn a_report_naming_a_district_after_its_end_is_a_doubt_never_a_silent_attribution() {
    let site = Site::after_the_reform();
    let config = site.config.clone();
    // An old letterhead on the 2025 annual report: the district ended on 30/6/2025.
    report(&site, "Hội LHPN huyện Khánh Sơn", "năm 2025", 2);
    let y = status(&config, "2025-Y");
    let (_, state) = y.iter().find(|(c, _)| c == "X-KHANH-SON").unwrap();
    assert_eq!(state, "needs_review");
    let shown = stdout(&baocao(&config, &["show", "X-KHANH-SON", "2025-Y"]));
    assert!(
        shown.contains("Báo cáo ghi \"Hội LHPN huyện Khánh Sơn\", đơn vị không còn (hoặc chưa) báo cáo vào hạn nộp năm 2025 (15/12/2025); đã ghi nhận cho Hội LHPN xã Khánh Sơn"),
        "{shown}"
    );
    // The same letterhead on the 2024 report is the district itself, without that doubt (the
    // generated form leaves out two required figures: those are its review items).
    report(&site, "Hội LHPN huyện Khánh Sơn", "năm 2024", 2);
    let shown = stdout(&baocao(&config, &["show", "KSO", "2024-Y"]));
    assert!(
        shown.contains("Hội-LHPN-huyện-Khánh-Sơn-năm-2024.docx") && !shown.contains("không còn (hoặc chưa)"),
        "{shown}"
    );
}

#[test]
fn a_running_daemon_reads_the_reports_after_an_import_with_the_new_units() {
    let site = Site::new();
    let inbox = site.dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let config = common::daemon::config(site.dir.path(), &inbox, None, 5);
    let daemon = common::daemon::Daemon::start(&config, &site.dir.path().join("log.txt"));
    let codes = |period: &str| {
        let settings = baocao::config::Settings::load(Some(&config)).unwrap();
        let store = baocao::store::Store::open(&settings.database()).unwrap();
        let rows = store.all().unwrap();
        let of = rows.iter().filter(|r| r.period.as_deref() == Some(period));
        of.filter_map(|r| r.chapter.clone()).collect::<Vec<_>>()
    };
    let write = |name: &str, unit: &str, period: &str| {
        let path = site.files.join(name);
        common::forms::standard(unit, period, &[("supervisions_led", "3")]).write_docx(&path);
        std::fs::copy(&path, inbox.join(name)).unwrap();
    };
    // Before the import the only unit of 2026 is the police's: "Vạn Ninh" stays the district,
    // held for review.
    write("truoc.docx", "Vạn Ninh", "6 tháng đầu năm 2026");
    assert!(
        common::wait_until(60, || codes("2026-H1").len() == 1),
        "{}",
        daemon.log_text()
    );
    assert_eq!(codes("2026-H1"), ["VNI"]);
    baocao(&config, &["units", "import", "--apply", contrib().to_str().unwrap()]);
    write("sau.docx", "Vạn Ninh", "năm 2026");
    assert!(
        common::wait_until(60, || codes("2026-Y").len() == 1),
        "{}",
        daemon.log_text()
    );
    assert_eq!(codes("2026-Y"), ["X-VAN-NINH"], "{}", daemon.log_text());
    assert!(
        daemon.log_text().contains("the units list changed"),
        "{}",
        daemon.log_text()
    );
    let (status, _) = daemon.term_group();
    assert!(status.success() || status.code() == Some(0), "{status:?}");
}
