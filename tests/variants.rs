//! Forms filled in the ways real chapters vary them: capitals, no diacritics, decomposed
//! Unicode, numbering in front of labels, colons and units behind, units typed into the number
//! cell, formulas, date cells, an instructions sheet first.

mod common;

use baocao::extract::{Extractor, Record};
use common::forms::{Filled, standard, xlsx_with_formula_and_date};
use serde_json::{Value as Json, json};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

const FIGURES: &[(&str, &str)] = &[
    ("training_courses", "05"),
    ("trainees", "1.250"),
    ("supervisions_led", "24"),
    ("supervisions_joint", "3"),
    ("critiques_led", "6"),
    ("policy_proposals", "2"),
    ("proposals_accepted", "1"),
];

fn expected_fields() -> Json {
    json!({
        "training_courses": 5, "trainees": 1250, "supervisions_led": 24, "supervisions_joint": 3,
        "critiques_led": 6, "policy_proposals": 2, "proposals_accepted": 1,
        "report_date": "2021-06-09", "prepared_by": "Trần Thị Mai", "phone": "0905123456",
        "highlights": "Tổ chức 5 cuộc giám sát tại các xã.", "difficulties": "Kinh phí còn hạn chế.",
        "proposals": "Đề nghị tăng kinh phí.",
    })
}

fn extract(path: &std::path::Path) -> Record {
    let settings = common::settings();
    Extractor::new(&settings.forms, &settings.registry).file(path).unwrap()
}

/// Writes the form as .docx and .xlsx, extracts both and checks every value.
fn check_variant(name: &str, filled: Filled) {
    let dir = common::tempdir();
    let docx = dir.path().join(format!("{name}.docx"));
    let xlsx = dir.path().join(format!("{name}.xlsx"));
    filled.write_docx(&docx);
    filled.write_xlsx(&xlsx, false);
    for path in [docx, xlsx] {
        let record = extract(&path);
        let got = serde_json::to_value(&record).unwrap();
        assert_eq!(got["chapter"], "VNI", "{name} {}", path.display());
        assert_eq!(got["period"], "2021-H1", "{name} {}", path.display());
        for (key, want) in expected_fields().as_object().unwrap() {
            assert_eq!(&got["fields"][key], want, "{name}: {key} in {}", path.display());
        }
        assert!(record.missing.is_empty(), "{name}: missing {:?}", record.missing);
    }
}

fn plain() -> Filled {
    standard("Hội LHPN huyện Vạn Ninh", "6 tháng đầu năm 2021", FIGURES)
}

fn strip_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| {
            if c == 'đ' {
                'd'
            } else if c == 'Đ' {
                'D'
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn labels_in_capitals() {
    check_variant("capitals", plain().map_labels(|_, l| l.to_uppercase()));
}

#[test]
fn labels_without_diacritics() {
    check_variant("no-diacritics", plain().map_labels(|_, l| strip_diacritics(l)));
}

#[test]
fn labels_and_values_in_decomposed_unicode() {
    let mut filled = plain().map_labels(|_, l| l.nfd().collect());
    for (_, v) in &mut filled.header {
        *v = v.nfd().collect();
    }
    check_variant("nfd", filled);
}

#[test]
fn labels_with_numbering_colons_and_units() {
    let styles = ["1. ", "a) ", "- ", "I. ", "+ "];
    check_variant(
        "numbered",
        plain().map_labels(|i, l| {
            format!(
                "{}{l}{}",
                styles[i % styles.len()],
                if i % 2 == 0 { ":" } else { " (ĐVT)" }
            )
        }),
    );
}

#[test]
fn labels_with_non_breaking_spaces() {
    check_variant("nbsp", plain().map_labels(|_, l| l.replace(' ', "\u{a0}")));
}

#[test]
fn units_typed_into_the_number_cell() {
    let mut filled = plain();
    for (_, unit, value) in &mut filled.rows {
        *value = format!("{value} {unit}");
        unit.clear();
    }
    check_variant("units-in-cells", filled);
}

#[test]
fn an_instructions_sheet_first_does_not_win() {
    let dir = common::tempdir();
    let path = dir.path().join("instructions.xlsx");
    plain().write_xlsx(&path, true);
    let got = serde_json::to_value(extract(&path)).unwrap();
    assert_eq!(got["chapter"], "VNI");
    assert_eq!(got["period"], "2021-H1");
    assert_eq!(got["fields"]["supervisions_led"], 24);
    assert_eq!(got["sources"]["supervisions_led"], "Báo cáo!D12");
}

#[test]
fn formula_cells_give_their_cached_value_and_date_cells_their_date() {
    let dir = common::tempdir();
    let path = dir.path().join("formula.xlsx");
    xlsx_with_formula_and_date(&path);
    let got = serde_json::to_value(extract(&path)).unwrap();
    assert_eq!(got["fields"]["critiques_led"], 7);
    assert_eq!(got["fields"]["report_date"], "2021-06-09");
}

#[test]
fn an_unreadable_number_is_absent_with_a_warning() {
    let mut filled = plain();
    filled.rows[2].2 = "khoảng 3-4".into();
    let dir = common::tempdir();
    let path = dir.path().join("bad-number.docx");
    filled.write_docx(&path);
    let record = extract(&path);
    assert!(!record.fields.contains_key("supervisions_led"));
    assert_eq!(record.missing, ["supervisions_led"]);
    assert!(
        record
            .warnings
            .iter()
            .any(|w| w.contains("Số cuộc giám sát do Hội chủ trì") && w.contains("khoảng 3-4")),
        "{:?}",
        record.warnings
    );
}

#[test]
fn an_unknown_unit_leaves_the_chapter_empty_and_says_so() {
    let dir = common::tempdir();
    let path = dir.path().join("unknown.docx");
    standard("Hội LHPN xã Vĩnh Lương", "năm 2021", FIGURES).write_docx(&path);
    let record = extract(&path);
    assert_eq!(record.chapter, None);
    assert_eq!(record.period.map(|p| p.to_string()).as_deref(), Some("2021-Y"));
    assert!(record.missing.contains(&"unit".to_string()));
    assert!(
        record.warnings.iter().any(|w| w.contains("Vĩnh Lương")),
        "{:?}",
        record.warnings
    );
}
