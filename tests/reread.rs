//! Reports that count for no unit are never out of sight: one naming a unit the list does not
//! know is read again by the import that adds it, with the time it first arrived; one of a
//! unit that owes nothing that period is listed by `status` — through the real binary and
//! SQLite file.

mod common;

use baocao::model::Status;
use baocao::store::Store;
use common::cli::{Site, baocao, status, stdout};
use std::path::Path;

fn store(config: &Path) -> Store {
    let settings = baocao::config::Settings::load(Some(config)).unwrap();
    Store::open(&settings.database()).unwrap()
}

#[test]
fn an_import_that_adds_the_unit_reads_its_report_again_as_first_received() {
    let site = Site::new();
    let config = &site.config;
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/units-2025.csv");
    // Suối Dầu is a commune of the 2025 list, unknown to the shipped one; the other is no unit.
    site.report("Hội LHPN xã Suối Dầu", "năm 2025", &[("supervisions_led", 5)]);
    site.report("Hội LHPN xã Không Có Tên", "năm 2025", &[("supervisions_led", 2)]);
    let first = store(config).all().unwrap();
    assert_eq!(first.len(), 2);
    assert!(
        first
            .iter()
            .all(|s| s.chapter.is_none() && s.status == Status::NeedsReview)
    );
    let outbox = stdout(&baocao(config, &["outbox", "--json"]));
    assert_eq!(outbox.matches("staff_unknown_chapter").count(), 2, "{outbox}");
    assert!(!status(config, "2025-Y").iter().any(|(c, _)| c == "X-SUOI-DAU"));

    // The plan alone reads nothing again; --apply does, for the unit the list now knows.
    let shown = stdout(&baocao(config, &["units", "import", list.to_str().unwrap()]));
    assert!(!shown.contains("Đọc lại"), "{shown}");
    let applied = stdout(&baocao(config, &["units", "import", "--apply", list.to_str().unwrap()]));
    assert!(
        applied.contains("Đọc lại 1 báo cáo trước đây chưa xác định được đơn vị:"),
        "{applied}"
    );
    assert!(
        applied.contains(&format!(
            "(số {}, ghi \"Hội LHPN xã Suối Dầu\"): ghi nhận cho Hội LHPN xã Suối Dầu (số 3, ",
            first[0].id
        )),
        "{applied}"
    );
    let after = store(config).all().unwrap();
    assert_eq!(after.len(), 3, "{after:?}");
    let again = &after[2];
    assert_eq!(again.chapter.as_deref(), Some("X-SUOI-DAU"));
    assert_eq!(again.sha256, first[0].sha256);
    assert_eq!(again.received_at, first[0].received_at, "the time it first arrived");
    assert_eq!(again.period.as_deref(), Some("2025-Y"));
    assert!(
        matches!(again.status, Status::Accepted | Status::NeedsReview),
        "{again:?}"
    );
    let values = store(config).values(again.id).unwrap();
    assert!(
        values.iter().any(|(k, v, _)| k == "supervisions_led" && v == "5"),
        "{values:?}"
    );
    let owed = status(config, "2025-Y");
    let suoi_dau = owed.iter().find(|(c, _)| c == "X-SUOI-DAU").unwrap();
    assert_ne!(suoi_dau.1, "missing", "{owed:?}");
    // The chapter is told its report is recorded (the acknowledgement of the reading).
    let outbox = stdout(&baocao(config, &["outbox", "--json"]));
    assert!(outbox.contains("suoi-dau@example.vn"), "{outbox}");

    // Nothing is read twice: the report read again is no longer among those to read.
    let mut settings = baocao::config::Settings::load(Some(config)).unwrap();
    let mut store = store(config);
    baocao::units::load(&mut settings, &mut store).unwrap();
    let left = baocao::units::reread::now_known(&settings, &settings.registry, &store).unwrap();
    assert_eq!(left, vec![]);
    assert_eq!(store.unattributed().unwrap().len(), 1, "the unit no list knows stays");
}

#[test]
fn a_report_of_a_unit_owing_nothing_that_period_is_listed_by_status() {
    let site = Site::after_the_reform();
    let config = &site.config;
    // Khánh Sơn commune ends on 31/10/2025 in a later list (no successor): it owes no 2025-Y.
    let contrib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/units-2025.csv")).unwrap();
    let header = contrib.lines().next().unwrap();
    let row = contrib.lines().find(|l| l.starts_with("X-KHANH-SON,")).unwrap();
    let mut cells: Vec<&str> = row.split(',').collect();
    cells[5] = "2025-10-31";
    let list = site.files.join("ket-thuc.csv");
    std::fs::write(&list, format!("{header}\n{}\n", cells.join(","))).unwrap();
    baocao(config, &["units", "import", "--apply", list.to_str().unwrap()]);

    let path = site.report("Hội LHPN xã Khánh Sơn", "năm 2025", &[("supervisions_led", 2)]);
    let file = path.file_name().unwrap().to_str().unwrap();
    assert!(!status(config, "2025-Y").iter().any(|(c, _)| c == "X-KHANH-SON"));
    let text = stdout(&baocao(config, &["status", "--period", "2025-Y"]));
    let listed = text
        .split_once("Báo cáo của đơn vị không phải gửi báo cáo kỳ này (cần xác định lại đơn vị gửi):\n")
        .unwrap_or_else(|| panic!("{text}"))
        .1;
    let id = store(config).all().unwrap().last().unwrap().id;
    assert!(
        listed.starts_with(&format!("  số {id}: {file} (Hội LHPN xã Khánh Sơn), nhận lúc ")),
        "{listed}"
    );
}

#[test]
fn a_report_read_again_never_replaces_one_the_unit_sent_since() {
    let site = Site::after_the_reform();
    let config = &site.config;
    // An old name the list does not know, then the commune's own report under its name.
    let old = site.report("Hội LHPN xã Cam Tân", "năm 2025", &[("supervisions_led", 1)]);
    site.report("Hội LHPN xã Suối Dầu", "năm 2025", &[("supervisions_led", 8)]);
    let before = store(config).all().unwrap();
    assert_eq!(before[0].chapter, None);
    assert_eq!(before[1].chapter.as_deref(), Some("X-SUOI-DAU"));

    // The staff add the old name as an alias, as the notice says.
    let contrib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/units-2025.csv")).unwrap();
    let header = contrib.lines().next().unwrap();
    let row = contrib.lines().find(|l| l.starts_with("X-SUOI-DAU,")).unwrap();
    let mut cells: Vec<String> = row.split(',').map(String::from).collect();
    cells[7] = format!("{}; Cam Tân", cells[7]);
    let list = site.files.join("ten-cu.csv");
    std::fs::write(&list, format!("{header}\n{}\n", cells.join(","))).unwrap();
    let applied = stdout(&baocao(config, &["units", "import", "--apply", list.to_str().unwrap()]));
    assert!(applied.contains("Đọc lại 1 báo cáo"), "{applied}");
    assert!(
        applied
            .contains("ghi nhận cho Hội LHPN xã Suối Dầu, nhưng đơn vị đã gửi báo cáo sau nên bản này không được dùng"),
        "{applied}"
    );
    // Applied again with nothing to change: nothing more is read.
    let again = stdout(&baocao(config, &["units", "import", "--apply", list.to_str().unwrap()]));
    assert!(
        again.contains("không có gì thay đổi") && !again.contains("Đọc lại"),
        "{again}"
    );

    let after = store(config).all().unwrap();
    assert_eq!(after.len(), 3, "{after:?}");
    let again = &after[2];
    assert_eq!(again.file_name, old.file_name().unwrap().to_str().unwrap());
    assert_eq!(again.chapter.as_deref(), Some("X-SUOI-DAU"));
    assert_eq!(
        again.status,
        Status::Superseded,
        "it came before the commune's own report"
    );
    assert_eq!(after[1].status, before[1].status, "the later report still counts");
    assert_eq!(
        after[0].status,
        Status::Superseded,
        "the copy without a unit is read now"
    );
    let current = store(config)
        .current("X-SUOI-DAU", &baocao::model::Period::annual(2025))
        .unwrap()
        .unwrap();
    assert_eq!(current.id, after[1].id);
    assert_eq!(store(config).unattributed().unwrap(), vec![]);
}
