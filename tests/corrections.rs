//! Corrections and review decisions from the command line (`baocao correct | accept | resend |
//! reject`): the extracted value is kept, the correction is audited, and the corrected value
//! counts everywhere — `show`, `status`, the reminders' view and the compiled totals. Reports
//! are generated here with known figures and taken through the real pipeline into SQLite.

mod common;

use baocao::model::Period;
use baocao::store::Store;
use common::desk::integer_keys;
use jiff::civil::date;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;

/// The chapters' reports ([`common::desk::reported`]) with each chapter's name, for the mails.
struct Setup {
    dir: tempfile::TempDir,
    config: PathBuf,
    settings: baocao::config::Settings,
    /// (code, name) of the two chapters that report.
    a: (String, String),
    b: (String, String),
    /// The figures written into each report.
    figures_a: BTreeMap<String, i64>,
    figures_b: BTreeMap<String, i64>,
}

fn setup() -> Setup {
    let r = common::desk::reported();
    let name = |code: &str| r.settings.registry.get(code).unwrap().name.clone();
    Setup {
        a: (r.a.0.clone(), name(&r.a.0)),
        b: (r.b.0.clone(), name(&r.b.0)),
        dir: r.dir,
        config: r.config,
        settings: r.settings,
        figures_a: r.figures_a,
        figures_b: r.figures_b,
    }
}

fn baocao(s: &Setup, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("--config")
        .arg(&s.config)
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    text
}

fn show(s: &Setup, code: &str) -> serde_json::Value {
    serde_json::from_str(&ok(baocao(s, &["show", code, "2022-H1", "--json"]))).unwrap()
}

fn status_of(s: &Setup, code: &str) -> String {
    let rows: serde_json::Value =
        serde_json::from_str(&ok(baocao(s, &["status", "--period", "2022-H1", "--json"]))).unwrap();
    let row = rows.as_array().unwrap().iter().find(|r| r["chapter"] == code).unwrap();
    row["status"].as_str().unwrap().to_string()
}

/// The compiled workbook's totals row, by field key.
fn compiled_totals(s: &Setup, out: &str) -> BTreeMap<String, i64> {
    let store = Store::open(&s.settings.database()).unwrap();
    let out = s.dir.path().join(out);
    let compiled = baocao::compile::compile(
        &s.settings,
        &store,
        Period::half_year(2022),
        date(2022, 6, 20),
        common::desk::at(6, 20, 9),
        &out,
    )
    .unwrap();
    common::desk::workbook_totals(&s.settings, &compiled.xlsx)
}

#[test]
fn a_correction_counts_in_show_status_and_the_compiled_totals_and_is_audited() {
    let s = setup();
    let (a, b) = (s.a.0.as_str(), s.b.0.as_str());
    assert_eq!(status_of(&s, a), "accepted");
    assert_eq!(status_of(&s, b), "needs_review");
    let before = compiled_totals(&s, "v1");
    let led = |m: &BTreeMap<String, i64>| m["supervisions_led"];
    assert_eq!(before["supervisions_led"], led(&s.figures_a) + led(&s.figures_b));

    // A value that is not a count is refused, naming the field; nothing is recorded.
    let refused = baocao(
        &s,
        &[
            "correct",
            a,
            "2022-H1",
            "supervisions_led",
            "abc",
            "--reason",
            "gõ nhầm",
            "--by",
            "lan",
        ],
    );
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("“abc” không phải là số nguyên"), "{err}");
    assert_eq!(show(&s, a)["corrections"], serde_json::json!([]));

    let line = ok(baocao(
        &s,
        &[
            "correct",
            a,
            "2022-H1",
            "supervisions_led",
            "1.234",
            "--reason",
            "đơn vị báo lại qua điện thoại",
            "--by",
            "lan",
        ],
    ));
    assert!(line.contains(&format!("{} → 1234", led(&s.figures_a))), "{line}");
    let shown = show(&s, a);
    assert_eq!(shown["fields"]["supervisions_led"], 1234);
    let corrections = shown["corrections"].as_array().unwrap();
    assert_eq!(corrections.len(), 1);
    let c = &corrections[0];
    assert_eq!(c["field"], "supervisions_led");
    assert_eq!(c["old"], led(&s.figures_a));
    assert_eq!(c["new"], 1234);
    assert_eq!(c["by"], "lan");
    assert_eq!(c["reason"], "đơn vị báo lại qua điện thoại");
    assert!(c["at"].as_str().unwrap().starts_with("20"), "{c}");
    // The extracted value is kept beside the correction.
    let store = Store::open(&s.settings.database()).unwrap();
    let id = shown["current"]["id"].as_i64().unwrap();
    assert_eq!(
        store.audit_of(id).unwrap()[0].old.as_deref(),
        Some(led(&s.figures_a).to_string().as_str())
    );

    // Giving B's missing required figure closes its last review item: B is accepted.
    assert_eq!(show(&s, b)["review"].as_array().unwrap().len(), 1);
    ok(baocao(
        &s,
        &[
            "correct",
            b,
            "2022-H1",
            "critiques_led",
            "6",
            "--reason",
            "theo công văn gốc",
            "--by",
            "lan",
        ],
    ));
    assert_eq!(status_of(&s, b), "accepted");
    assert_eq!(show(&s, b)["review"], serde_json::json!([]));
    assert_eq!(show(&s, b)["corrections"][0]["old"], serde_json::Value::Null);

    let after = compiled_totals(&s, "v2");
    assert_eq!(after["supervisions_led"], 1234 + led(&s.figures_b));
    assert_eq!(after["critiques_led"], s.figures_a["critiques_led"] + 6);
    for key in integer_keys()
        .iter()
        .filter(|k| !["supervisions_led", "critiques_led"].contains(&k.as_str()))
    {
        assert_eq!(after.get(key), before.get(key), "{key} unchanged");
    }
}

#[test]
fn viewers_unknown_logins_and_missing_reasons_change_nothing() {
    let s = setup();
    let a = s.a.0.as_str();
    for (by, reason, says) in [
        ("hoa", "lý do", "chỉ được xem"),
        ("ai-do", "lý do", "không có tài khoản “ai-do”"),
        ("lan", "  ", "cần ghi lý do"),
    ] {
        let out = baocao(
            &s,
            &[
                "correct",
                a,
                "2022-H1",
                "supervisions_led",
                "5",
                "--reason",
                reason,
                "--by",
                by,
            ],
        );
        assert!(!out.status.success(), "{by}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{by}: {err}");
    }
    let out = baocao(
        &s,
        &[
            "correct",
            a,
            "2022-H1",
            "unit",
            "Hội khác",
            "--reason",
            "x",
            "--by",
            "lan",
        ],
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Không có đơn vị “Hội khác” trong danh sách đơn vị."),
        "{out:?}"
    );
    let out = baocao(
        &s,
        &[
            "correct", a, "2022-H1", "period", "2022-Y", "--reason", "x", "--by", "lan",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("không sửa được ở đây"));
    let out = baocao(
        &s,
        &["correct", a, "2022-H1", "no_such", "5", "--reason", "x", "--by", "lan"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("không có chỉ tiêu “no_such”") && err.contains("supervisions_led"),
        "{err}"
    );
    assert_eq!(show(&s, a)["corrections"], serde_json::json!([]));
    assert_eq!(
        show(&s, a)["fields"]["supervisions_led"],
        s.figures_a["supervisions_led"]
    );
}

#[test]
fn accept_resend_and_reject_are_audited_and_the_chapter_is_told() {
    let s = setup();
    let (a, b) = (s.a.0.as_str(), s.b.0.as_str());
    // Accepting a report that needs no review is refused.
    let out = baocao(&s, &["accept", a, "2022-H1", "--by", "lan"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("không ở trạng thái cần xem lại"));

    ok(baocao(
        &s,
        &[
            "resend",
            b,
            "2022-H1",
            "--note",
            "Bổ sung số hội nghị phản biện.",
            "--by",
            "lan",
        ],
    ));
    assert_eq!(status_of(&s, b), "needs_review", "still counts until the new file");
    let store = Store::open(&s.settings.database()).unwrap();
    let mail = store
        .outbox()
        .unwrap()
        .into_iter()
        .map(|m| m.mail)
        .find(|m| m.kind == "desk_review")
        .expect("queued");
    assert!(
        mail.subject.starts_with("Đề nghị gửi lại báo cáo 6 tháng đầu năm 2022"),
        "{}",
        mail.subject
    );
    assert!(mail.body.contains("Bổ sung số hội nghị phản biện."), "{}", mail.body);
    assert!(
        mail.body.contains("Thiếu hoặc không đọc được mục"),
        "lists the open item: {}",
        mail.body
    );
    assert!(mail.recipients[0].contains(&s.b.1), "{:?}", mail.recipients);

    ok(baocao(
        &s,
        &[
            "accept",
            b,
            "2022-H1",
            "--by",
            "lan",
            "--note",
            "Đã xác minh qua điện thoại",
        ],
    ));
    assert_eq!(status_of(&s, b), "accepted");

    ok(baocao(
        &s,
        &[
            "reject",
            a,
            "2022-H1",
            "--reason",
            "Báo cáo của đơn vị khác gửi nhầm.",
            "--by",
            "lan",
        ],
    ));
    assert_eq!(status_of(&s, a), "missing", "a refused report no longer counts");
    let kinds: Vec<(String, String)> = store
        .audit_log(10, 0)
        .unwrap()
        .into_iter()
        .map(|r| (r.action, r.by))
        .collect();
    let lan = || "lan".to_string();
    assert_eq!(
        kinds,
        vec![
            ("reject".into(), lan()),
            ("accept".into(), lan()),
            ("resend".into(), lan())
        ]
    );
    let refused: Vec<_> = store
        .outbox()
        .unwrap()
        .into_iter()
        .map(|m| m.mail)
        .filter(|m| m.kind == "desk_review")
        .collect();
    assert_eq!(refused.len(), 2);
    assert!(
        refused.iter().any(|m| m.subject.starts_with("Không tiếp nhận báo cáo")
            && m.body.contains("Báo cáo của đơn vị khác gửi nhầm."))
    );
}
