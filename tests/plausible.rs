//! Cross-period plausibility on a real store: reports of one chapter ingested one after the
//! other, each compared with those that count for the year before and the same year.

mod common;

use baocao::config::Settings;
use baocao::store::Store;
use common::forms::standard;
use std::path::Path;
use std::process::Command;

fn ingest(config: &Path, file: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env_remove("BAOCAO_CONFIG")
        .arg("--config")
        .arg(config)
        .arg("ingest")
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// The review items stored for the newest submission of `period`.
fn review_of(settings: &Settings, period: &str) -> Vec<(Option<String>, String)> {
    let store = Store::open(&settings.database()).unwrap();
    let row = store
        .all()
        .unwrap()
        .into_iter()
        .rev()
        .find(|r| r.period.as_deref() == Some(period))
        .unwrap();
    store.review_items(row.id).unwrap()
}

#[test]
fn figures_out_of_line_with_earlier_reports_need_review() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.0);
    let settings = Settings::load(Some(&config)).unwrap();
    let write = |name: &str, period: &str, led: &str, joint: &str| {
        let figures = [
            ("supervisions_led", led),
            ("supervisions_joint", joint),
            ("critiques_led", "4"),
        ];
        let path = dir.path().join(name);
        standard("Hội LHPN huyện Vạn Ninh", period, &figures).write_docx(&path);
        path
    };
    // 2021-H1: 12 led. 2022-H1: 70 led (≥ 5×, both ≥ 10) and 3 joint (below the floor).
    ingest(&config, &write("h1-2021.docx", "6 tháng đầu năm 2021", "12", "15"));
    assert_eq!(review_of(&settings, "2021-H1"), []);
    ingest(&config, &write("h1-2022.docx", "6 tháng đầu năm 2022", "70", "3"));
    let items = review_of(&settings, "2022-H1");
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].0.as_deref(), Some("supervisions_led"));
    assert!(
        items[0].1.contains("(70)") && items[0].1.contains("(12)") && items[0].1.contains("6 tháng đầu năm 2021"),
        "{}",
        items[0].1
    );
    // The 2022 annual report with fewer joint supervisions than its own first half.
    ingest(&config, &write("y-2022.docx", "năm 2022", "75", "2"));
    let items = review_of(&settings, "2022-Y");
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].0.as_deref(), Some("supervisions_joint"));
    assert!(
        items[0].1.contains("(3)") && items[0].1.contains("(2)"),
        "{}",
        items[0].1
    );
    let store = Store::open(&settings.database()).unwrap();
    let statuses: Vec<String> = store
        .all()
        .unwrap()
        .iter()
        .map(|r| r.status.as_str().to_string())
        .collect();
    assert_eq!(statuses, ["accepted", "needs_review", "needs_review"]);
}
