//! The text shapes of issue 11: signature blocks, two fields on a line, numeric place-date
//! lines, section headings in other words, placeholders, figures in sentences. Values decided
//! and recorded here, as in `cases.rs`.

use super::cases::{BOTH, Case, Format, base, figure, header, sheet};
use super::more::{figures, indicator_expect, indicator_rows};
use super::write::{Block, row};
use serde_json::json;

const WORD_ONLY: &[Format] = &[Format::Docx];

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
