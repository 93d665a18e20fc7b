//! The table shapes of issue 11: zeros as words, hidden sheets, abbreviations, grouped rows
//! (the text shapes are in `texts.rs`). Values decided and recorded here, as in `cases.rs`.

use super::cases::{BOTH, Case, Format, INDICATORS, base, figure, header, sheet};
use super::write::{Block, Row, row};
use serde_json::json;

/// A plain figures table with these (label, value text) rows.
pub fn figures(rows: &[(&str, String)]) -> Block {
    let mut out = vec![row(&["STT", "Chỉ tiêu", "ĐVT", "Số lượng"])];
    for (i, (label, value)) in rows.iter().enumerate() {
        out.push(row(&[&(i + 1).to_string(), label, "cuộc", value]));
    }
    Block::Table(out)
}

/// `-`, `–`, `không`, `Không có`, `0` in the figures column are zero; a blank is absent.
pub fn zeros(seed: usize, (code, name): &(String, String)) -> Case {
    let words = ["-", "–", "không", "Không có", "0"];
    let keys = [
        ("supervisions_led", "Số cuộc giám sát do Hội chủ trì"),
        ("supervisions_joint", "Số cuộc giám sát Hội phối hợp tham gia"),
        ("critiques_led", "Số cuộc phản biện xã hội do Hội chủ trì"),
        ("dialogues", "Số cuộc đối thoại với người đứng đầu cấp ủy, chính quyền"),
        ("drafts_commented", "Số dự thảo văn bản được góp ý"),
    ];
    let w = seed % words.len();
    let mut rows: Vec<(&str, String)> = keys
        .iter()
        .enumerate()
        .map(|(i, (_, l))| (*l, words[(w + i) % words.len()].to_string()))
        .collect();
    // Not reported: the row is there, its figure left blank.
    rows.push(("Số tin, bài tuyên truyền", String::new()));
    let mut expect = base(code);
    expect.extend(keys.iter().map(|(k, _)| (*k, json!(0))));
    Case {
        shape: "zeros written as words",
        name: format!("zeros-{seed}"),
        formats: BOTH,
        sheets: vec![sheet("Báo cáo", vec![header(name), figures(&rows)])],
        expect,
        doubt: vec![],
    }
}

pub fn indicator_rows(seed: usize) -> Vec<(&'static str, String)> {
    INDICATORS
        .iter()
        .enumerate()
        .map(|(k, (_, l))| (*l, figure(seed, k).to_string()))
        .collect()
}

pub fn indicator_expect(code: &str, seed: usize) -> Vec<(&'static str, serde_json::Value)> {
    let mut expect = base(code);
    expect.extend(
        INDICATORS
            .iter()
            .enumerate()
            .map(|(k, (key, _))| (*key, json!(figure(seed, k)))),
    );
    expect
}

/// A narrow label column: labels wrap over two or three lines in their cell (in Excel
/// bottom-aligned, so printed to PDF their first lines stand above the row's figures).
pub fn wrapped(seed: usize, (code, name): &(String, String)) -> Case {
    let mut form = sheet("Báo cáo", vec![header(name), figures(&indicator_rows(seed))]);
    form.label_width = Some(16.0 + (seed % 3) as f64 * 4.0);
    Case {
        shape: "wrapped labels",
        name: format!("wrapped-{seed}"),
        formats: BOTH,
        sheets: vec![form],
        expect: indicator_expect(code, seed),
        doubt: vec![],
    }
}

/// A hidden sheet first in the workbook holds last year's copy; the visible one counts.
pub fn hidden_old_copy(seed: usize, (code, name): &(String, String)) -> Case {
    let old: Vec<(&str, String)> = indicator_rows(seed + 50);
    let mut old_sheet = sheet("Năm trước", vec![header(name), figures(&old)]);
    old_sheet.hidden = true;
    // A hidden row and column on the visible sheet hold a drop-down list.
    let mut rows = match figures(&indicator_rows(seed)) {
        Block::Table(rows) => rows,
        Block::Para(_) => unreachable!(),
    };
    rows.push(Row {
        hidden: true,
        ..row(&["", "Số cuộc giám sát do Hội chủ trì", "cuộc", "999"])
    });
    let mut visible = sheet("Báo cáo", vec![header(name), Block::Table(rows)]);
    visible.hidden_cols = vec![6];
    visible.blocks.push(Block::Table(vec![row(&[
        "",
        "",
        "",
        "",
        "",
        "",
        "Danh sách: xã, phường",
    ])]));
    Case {
        shape: "hidden content",
        name: format!("hidden-copy-{seed}"),
        formats: &[Format::Xlsx],
        sheets: vec![old_sheet, visible],
        expect: indicator_expect(code, seed),
        doubt: vec![],
    }
}

/// Only a hidden sheet holds the form: read, and flagged.
pub fn only_hidden(seed: usize, (code, name): &(String, String)) -> Case {
    let mut form = sheet("Báo cáo", vec![header(name), figures(&indicator_rows(seed))]);
    form.hidden = true;
    let cover = sheet("Bìa", vec![Block::Para("Hội Liên hiệp Phụ nữ".into())]);
    Case {
        shape: "hidden content",
        name: format!("hidden-only-{seed}"),
        formats: &[Format::Xlsx],
        sheets: vec![cover, form],
        expect: indicator_expect(code, seed),
        doubt: vec![
            "unit",
            "period",
            "supervisions_led",
            "supervisions_joint",
            "critiques_led",
        ],
    }
}

/// Labels with the abbreviations chapters use.
pub fn abbreviations(seed: usize, (code, name): &(String, String)) -> Case {
    let labels = [
        ("supervisions_led", "Số cuộc GS do Hội chủ trì"),
        ("supervisions_joint", "SL cuộc GS Hội phối hợp tham gia"),
        ("critiques_led", "Số cuộc PBXH do Hội chủ trì"),
        ("petitions_received", "Số đơn thư KNTC tiếp nhận"),
        ("trainees", "Số lượt CB Hội được tập huấn"),
        ("dialogue_participants", "Số lượt HV, PN tham gia đối thoại"),
        ("legal_groups", "Số Tổ TVPL, CLB nữ luật gia"),
        ("drafts_commented", "Số dự thảo VB được góp ý"),
        ("supervision_recommendations", "Số KN sau GS"),
    ];
    let rows: Vec<(&str, String)> = labels
        .iter()
        .enumerate()
        .map(|(k, (_, l))| (*l, figure(seed, k).to_string()))
        .collect();
    let mut expect = base(code);
    expect.extend(
        labels
            .iter()
            .enumerate()
            .map(|(k, (key, _))| (*key, json!(figure(seed, k)))),
    );
    Case {
        shape: "abbreviations",
        name: format!("abbreviations-{seed}"),
        formats: BOTH,
        sheets: vec![sheet("Báo cáo", vec![header(name), figures(&rows)])],
        expect,
        doubt: vec![],
    }
}

/// `Tổng số cuộc giám sát` with `- Do Hội chủ trì`, `- Phối hợp tham gia`; `Tập huấn` with
/// `- Số lớp`, `- Số lượt cán bộ`.
pub fn grouped(seed: usize, (code, name): &(String, String)) -> Case {
    let (led, joint, courses, trainees) = (figure(seed, 0), figure(seed, 1), figure(seed, 2), figure(seed, 3));
    let rows = vec![
        ("Tổng số cuộc giám sát", (led + joint).to_string()),
        ("- Do Hội chủ trì", led.to_string()),
        ("- Phối hợp tham gia", joint.to_string()),
        ("Tập huấn", String::new()),
        ("- Số lớp", courses.to_string()),
        ("- Số lượt cán bộ", trainees.to_string()),
        ("Số cuộc phản biện xã hội do Hội chủ trì", figure(seed, 4).to_string()),
    ];
    let mut expect = base(code);
    expect.extend([
        ("supervisions_led", json!(led)),
        ("supervisions_joint", json!(joint)),
        ("training_courses", json!(courses)),
        ("trainees", json!(trainees)),
        ("critiques_led", json!(figure(seed, 4))),
    ]);
    Case {
        shape: "grouped rows",
        name: format!("grouped-{seed}"),
        formats: BOTH,
        sheets: vec![sheet("Báo cáo", vec![header(name), figures(&rows)])],
        expect,
        doubt: vec![],
    }
}
