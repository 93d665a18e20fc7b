//! The other shapes of issue 11: zeros as words, hidden sheets, abbreviations, grouped rows,
//! signature blocks, two fields on a line, numeric place-date lines, section headings in
//! other words, placeholders. Values decided and recorded here, as in `cases.rs`.

use super::cases::{BOTH, Case, Format, INDICATORS, base, figure, header, sheet};
use super::write::{Block, Row, row};
use serde_json::json;

const WORD_ONLY: &[Format] = &[Format::Docx];

/// A plain figures table with these (label, value text) rows.
fn figures(rows: &[(&str, String)]) -> Block {
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

fn indicator_rows(seed: usize) -> Vec<(&'static str, String)> {
    INDICATORS
        .iter()
        .enumerate()
        .map(|(k, (_, l))| (*l, figure(seed, k).to_string()))
        .collect()
}

fn indicator_expect(code: &str, seed: usize) -> Vec<(&'static str, serde_json::Value)> {
    let mut expect = base(code);
    expect.extend(
        INDICATORS
            .iter()
            .enumerate()
            .map(|(k, (key, _))| (*key, json!(figure(seed, k)))),
    );
    expect
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

const PREPARERS: [&str; 3] = ["Võ Thị Lan", "Trần Thị Mai", "Lê Thị Hồng Nhung"];
const CHAIRS: [&str; 3] = ["Nguyễn Thị Hoa", "Phạm Thị Thu", "Đặng Thị Bích"];

/// `NGƯỜI LẬP BIỂU` with the name below, beside `TM. BAN THƯỜNG VỤ` / `CHỦ TỊCH`.
pub fn signature(seed: usize, (code, name): &(String, String)) -> Case {
    let preparer = PREPARERS[seed % 3];
    let chair = CHAIRS[seed % 3];
    let titles = if seed.is_multiple_of(2) {
        ("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH")
    } else {
        ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    };
    let block = Block::Table(vec![
        row(&["NGƯỜI LẬP BIỂU", titles.0]),
        row(&["(Ký, ghi rõ họ tên)", titles.1]),
        row(&["", ""]),
        row(&[preparer, chair]),
    ]);
    let mut expect = indicator_expect(code, seed);
    expect.push(("prepared_by", json!(preparer)));
    Case {
        shape: "signature blocks",
        name: format!("signature-{seed}"),
        formats: BOTH,
        sheets: vec![sheet(
            "Báo cáo",
            vec![header(name), figures(&indicator_rows(seed)), block],
        )],
        expect,
        doubt: vec![],
    }
}

/// `Người lập biểu: Võ Thị Lan    Số điện thoại liên hệ: 0912…` in one paragraph.
pub fn two_labels(seed: usize, (code, name): &(String, String)) -> Case {
    let preparer = PREPARERS[seed % 3];
    let phone = format!("0912{:06}", seed * 7919 % 1_000_000);
    let line = format!("Người lập biểu: {preparer}      Số điện thoại liên hệ: {phone}");
    let mut expect = indicator_expect(code, seed);
    expect.extend([("prepared_by", json!(preparer)), ("phone", json!(phone))]);
    Case {
        shape: "two fields on one line",
        name: format!("two-labels-{seed}"),
        formats: WORD_ONLY,
        sheets: vec![sheet(
            "Báo cáo",
            vec![header(name), figures(&indicator_rows(seed)), Block::Para(line)],
        )],
        expect,
        doubt: vec![],
    }
}

/// A letter's place-date line written with figures: `Khánh Hòa, ngày 9/6/2022`.
pub fn place_date(seed: usize, (code, name): &(String, String)) -> Case {
    let (d, m) = (1 + seed % 28, 1 + seed % 12);
    let line = match seed % 3 {
        0 => format!("Khánh Hòa, ngày {d}/{m}/2022"),
        1 => format!("Ninh Hòa, {d:02}-{m:02}-2022"),
        _ => format!("Nha Trang, ngày {d:02} tháng {m:02} năm 2022"),
    };
    let mut expect = indicator_expect(code, seed);
    expect.push(("report_date", json!(format!("2022-{m:02}-{d:02}"))));
    Case {
        shape: "place-date lines",
        name: format!("place-date-{seed}"),
        formats: WORD_ONLY,
        sheets: vec![sheet(
            "Báo cáo",
            vec![Block::Para(line), header(name), figures(&indicator_rows(seed))],
        )],
        expect,
        doubt: vec![],
    }
}

/// Sections under headings in other words; an unknown heading ends the one above.
pub fn sections(seed: usize, (code, name): &(String, String)) -> Case {
    let hard = format!("Kinh phí hoạt động giám sát còn hạn chế ở {} xã.", 2 + seed % 5);
    let ask = format!("Đề nghị Hội LHPN tỉnh mở thêm {} lớp tập huấn.", 1 + seed % 4);
    let (hard_head, ask_head) = match seed % 2 {
        0 => ("II. TỒN TẠI, HẠN CHẾ", "III. KIẾN NGHỊ, ĐỀ XUẤT"),
        _ => ("2. Khó khăn, vướng mắc", "3. Đề xuất, kiến nghị"),
    };
    let blocks = vec![
        header(name),
        figures(&indicator_rows(seed)),
        Block::Para(hard_head.into()),
        Block::Para(hard.clone()),
        Block::Para(ask_head.into()),
        Block::Para(ask.clone()),
        Block::Para("IV. PHƯƠNG HƯỚNG NHIỆM VỤ 6 THÁNG CUỐI NĂM".into()),
        Block::Para("Tiếp tục triển khai giám sát theo kế hoạch.".into()),
    ];
    let mut expect = indicator_expect(code, seed);
    expect.extend([("difficulties", json!(hard)), ("proposals", json!(ask))]);
    Case {
        shape: "section headings",
        name: format!("sections-{seed}"),
        formats: WORD_ONLY,
        sheets: vec![sheet("Báo cáo", blocks)],
        expect,
        doubt: vec![],
    }
}

/// A content control's prompt and dotted fill-in lines left where values should be.
pub fn placeholders(seed: usize, (code, name): &(String, String)) -> Case {
    let prompt = if seed.is_multiple_of(2) {
        "Bấm hoặc gõ nhẹ vào đây để nhập văn bản."
    } else {
        "Click or tap here to enter text."
    };
    let head = Block::Table(vec![
        row(&["Đơn vị báo cáo", name]),
        row(&["Kỳ báo cáo", "6 tháng đầu năm 2022"]),
        row(&["Người lập biểu", prompt]),
        row(&["Số điện thoại liên hệ", "……………………"]),
    ]);
    let mut rows = indicator_rows(seed);
    rows.push(("Số tin, bài tuyên truyền", "....".into()));
    Case {
        shape: "placeholders",
        name: format!("placeholders-{seed}"),
        formats: BOTH,
        sheets: vec![sheet(
            "Báo cáo",
            vec![head, figures(&rows), Block::Para("Ngày báo cáo: ____".into())],
        )],
        expect: indicator_expect(code, seed),
        doubt: vec![],
    }
}

/// A letter giving its figures in sentences only: each read from its clause, each flagged.
pub fn sentences(seed: usize, (code, name): &(String, String)) -> Case {
    let [led, joint, critiques, received] = [0, 1, 2, 3].map(|k| 1 + (figure(seed, k) % 20));
    let resolved = received - 1;
    let blocks = vec![
        header(name),
        Block::Para("I. KẾT QUẢ THỰC HIỆN".into()),
        Block::Para(format!(
            "Trong 6 tháng đầu năm, Hội đã chủ trì {led:02} cuộc giám sát, phối hợp tham gia {joint:02} cuộc tại các xã, thị trấn."
        )),
        Block::Para(format!(
            "Hội tổ chức {critiques:02} cuộc phản biện xã hội đối với dự thảo đề án của UBND."
        )),
        Block::Para(format!(
            "Tiếp nhận {received:02} đơn thư, đã giải quyết {resolved:02} đơn."
        )),
    ];
    let mut expect = base(code);
    expect.extend([
        ("supervisions_led", json!(led)),
        ("supervisions_joint", json!(joint)),
        ("critiques_led", json!(critiques)),
        ("petitions_received", json!(received)),
        ("petitions_resolved", json!(resolved)),
    ]);
    Case {
        shape: "figures in sentences",
        name: format!("sentences-{seed}"),
        formats: WORD_ONLY,
        sheets: vec![sheet("Báo cáo", blocks)],
        expect,
        doubt: vec![
            "supervisions_led",
            "supervisions_joint",
            "critiques_led",
            "petitions_received",
            "petitions_resolved",
        ],
    }
}

/// The figures table and, in the narrative, a sentence giving a part of one figure: the table
/// counts and the sentence raises no doubt.
pub fn table_and_sentence(seed: usize, (code, name): &(String, String)) -> Case {
    let part = figure(seed, 0) / 2;
    let blocks = vec![
        header(name),
        figures(&indicator_rows(seed)),
        Block::Para("1. Kết quả nổi bật".into()),
        Block::Para(format!(
            "Trong đó, Hội chủ trì {part} cuộc giám sát chuyên đề về trẻ em."
        )),
    ];
    let mut expect = indicator_expect(code, seed);
    expect.push((
        "highlights",
        json!(format!(
            "Trong đó, Hội chủ trì {part} cuộc giám sát chuyên đề về trẻ em."
        )),
    ));
    Case {
        shape: "figures in sentences",
        name: format!("table-and-sentence-{seed}"),
        formats: WORD_ONLY,
        sheets: vec![sheet("Báo cáo", blocks)],
        expect,
        doubt: vec![],
    }
}
