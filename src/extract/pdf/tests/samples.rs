//! The sample PDFs (LibreOffice exports of the province's form and of official letters)
//! against the values in `shared/samples/truth.json`.

use std::time::Instant;

use unicode_normalization::is_nfc;

use super::render;
use crate::extract::document::{Document, Line, Location};
use crate::extract::limits::Limits;
use crate::extract::pdf::read;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/samples/");

const FORMS: [&str; 3] = ["bao-cao-7d445032.pdf", "bao-cao-31ec80e4.pdf", "bao-cao-35896264.pdf"];
const OFFICIAL: [&str; 3] = ["bao-cao-bfb46e11.pdf", "bao-cao-2dced6be.pdf", "bao-cao-ec2dabd9.pdf"];

/// The 17 indicators of each sample in table order (STT 1–17), from truth.json.
const INDICATORS: [(&str, [u32; 17]); 6] = [
    (
        "bao-cao-7d445032.pdf",
        [0, 2040, 24, 4, 15, 12, 15, 8, 4, 24, 6, 15, 80, 0, 0, 5, 2],
    ),
    (
        "bao-cao-31ec80e4.pdf",
        [15, 120, 1, 24, 6, 6, 6, 6, 1, 24, 2, 2, 3400, 0, 0, 12, 8],
    ),
    (
        "bao-cao-35896264.pdf",
        [3, 120, 4, 1, 8, 0, 5, 5, 6, 4, 12, 2, 1120, 10, 10, 3, 1],
    ),
    (
        "bao-cao-bfb46e11.pdf",
        [8, 120, 12, 10, 6, 6, 2, 2, 2, 10, 10, 0, 150, 2, 2, 0, 2],
    ),
    (
        "bao-cao-2dced6be.pdf",
        [15, 120, 6, 15, 8, 8, 6, 6, 4, 24, 3, 3, 3400, 3, 3, 24, 15],
    ),
    (
        "bao-cao-ec2dabd9.pdf",
        [2, 2040, 3, 15, 3, 0, 8, 8, 2, 4, 4, 0, 1120, 6, 6, 5, 12],
    ),
];

/// The narrative paragraphs (highlights) of each sample, each written over two lines.
const HIGHLIGHTS: [(&str, &str); 6] = [
    (
        "bao-cao-7d445032.pdf",
        "Góp ý dự thảo Nghị quyết của HĐND về chính sách hỗ trợ phụ nữ khởi nghiệp; 04/05 ý kiến được tiếp thu.",
    ),
    (
        "bao-cao-31ec80e4.pdf",
        "Chủ trì giám sát việc thực hiện Luật Phòng, chống bạo lực gia đình tại 03 xã, thị trấn.",
    ),
    (
        "bao-cao-35896264.pdf",
        "Tổ chức thành công hội nghị đối thoại giữa Chủ tịch UBND huyện với hội viên, phụ nữ về vấn đề việc làm cho lao động nữ.",
    ),
    (
        "bao-cao-bfb46e11.pdf",
        "Góp ý dự thảo Nghị quyết của HĐND về chính sách hỗ trợ phụ nữ khởi nghiệp; 04/05 ý kiến được tiếp thu.",
    ),
    (
        "bao-cao-2dced6be.pdf",
        "Chủ trì giám sát việc thực hiện Luật Phòng, chống bạo lực gia đình tại 03 xã, thị trấn.",
    ),
    (
        "bao-cao-ec2dabd9.pdf",
        "Phối hợp với UB MTTQ huyện giám sát việc thực hiện chính sách hỗ trợ phụ nữ nghèo, hộ nghèo do phụ nữ làm chủ.",
    ),
];

fn sample(name: &str) -> Document {
    let bytes = std::fs::read(format!("{SAMPLES}{name}")).expect("sample file");
    read(&bytes, &Limits::default()).unwrap_or_else(|r| panic!("{name}: {r:?}"))
}

fn texts(line: &Line) -> Vec<&str> {
    line.cells.iter().map(|c| c.text.as_str()).collect()
}

fn find<'d>(doc: &'d Document, cells: &[&str]) -> Option<&'d Line> {
    doc.lines.iter().find(|line| texts(line) == cells)
}

/// Paragraph texts, wrapped lines joined as the matcher will join them.
fn paragraphs(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in &doc.lines {
        match out.last_mut() {
            Some(last) if line.continues => {
                last.push(' ');
                last.push_str(&line.text());
            }
            _ => out.push(line.text()),
        }
    }
    out
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn print() {
    for name in FORMS.iter().chain(&OFFICIAL) {
        println!("== {name}\n{}\n", render(&sample(name)));
    }
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn wrapped_label_is_merged_into_its_row() {
    let doc = sample("bao-cao-7d445032.pdf");
    let label = "Số lớp bồi dưỡng, tập huấn về giám sát, phản biện xã hội";
    let row = find(&doc, &["1", label, "lớp", "0"]).expect("row 1 merged");
    let cols: Vec<u32> = row.cells.iter().map(|c| c.col).collect();
    assert_eq!(cols, [0, 1, 2, 3]);
    assert_eq!(row.cells[1].at, Location::Page { page: 1, line: 11 });
    assert!(
        !doc.lines.iter().any(|l| texts(l) == ["hội"]),
        "continuation left behind"
    );
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn header_block_is_a_table_of_its_own() {
    let doc = sample("bao-cao-7d445032.pdf");
    let unit = find(&doc, &["Đơn vị báo cáo", "Hội LHPN huyện Vạn Ninh"]).expect("unit line");
    let date = find(&doc, &["Ngày báo cáo", "09/06/2021"]).expect("date line");
    let phone = find(&doc, &["Số điện thoại liên hệ", "0933234300"]).expect("phone line");
    let header = find(&doc, &["ST T", "Chỉ tiêu", "ĐVT", "Số lượng"]).expect("table header");
    assert_eq!(unit.block, Some(1));
    assert_eq!((date.block, phone.block), (Some(1), Some(1)));
    assert_eq!(header.block, Some(2));
    assert!(find(&doc, &["Người lập biểu", "Trần Thị Mai"]).is_some());
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn every_indicator_row_has_its_value() {
    for (name, values) in INDICATORS {
        let doc = sample(name);
        for (stt, expected) in (1..).zip(values) {
            let row = doc
                .lines
                .iter()
                .find(|l| l.block.is_some() && l.cells.first().is_some_and(|c| c.text == stt.to_string()))
                .unwrap_or_else(|| panic!("{name}: no row {stt}"));
            let value = row.cells.last().map(|c| c.text.replace('.', ""));
            assert_eq!(value, Some(expected.to_string()), "{name} row {stt}");
            assert_eq!(row.cells.len(), 4, "{name} row {stt}: {:?}", texts(row));
        }
    }
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn wrapped_paragraphs_continue_and_headings_do_not() {
    for (name, highlight) in HIGHLIGHTS {
        let paragraphs = paragraphs(&sample(name));
        assert!(paragraphs.iter().any(|p| p == highlight), "{name}: {paragraphs:#?}");
        // The heading after the highlights (on the next page in the forms) stands alone.
        let heading = |p: &String| p == "2. Khó khăn, hạn chế" || p == "II. KHÓ KHĂN, HẠN CHẾ";
        assert!(paragraphs.iter().any(heading), "{name}: {paragraphs:#?}");
    }
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn official_letters_give_letterhead_and_date_lines() {
    let expected = [
        (
            "bao-cao-bfb46e11.pdf",
            "HỘI LHPN THÀNH PHỐ NHA TRANG",
            "Nha Trang, ngày 6 tháng 12 năm 2021",
        ),
        (
            "bao-cao-2dced6be.pdf",
            "HỘI LHPN HUYỆN KHÁNH VĨNH",
            "Khánh Vĩnh, ngày 5 tháng 6 năm 2022",
        ),
        (
            "bao-cao-ec2dabd9.pdf",
            "HỘI LHPN HUYỆN DIÊN KHÁNH",
            "Diên Khánh, ngày 14 tháng 6 năm 2021",
        ),
    ];
    for (name, chapter, date) in expected {
        let doc = sample(name);
        let top = ["HỘI LHPN TỈNH KHÁNH HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"];
        assert!(find(&doc, &top).is_some(), "{name}: letterhead top");
        let letterhead = find(&doc, &[chapter, "Độc lập - Tự do - Hạnh phúc"]).expect("letterhead");
        assert_eq!(letterhead.block, Some(1), "{name}");
        let date_line = find(&doc, &[date]).unwrap_or_else(|| panic!("{name}: date line"));
        assert_eq!((date_line.block, date_line.continues), (None, false), "{name}");
    }
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn table_row_split_by_a_page_break_is_rejoined() {
    let doc = sample("bao-cao-bfb46e11.pdf");
    let label = "Số vụ việc liên quan đến phụ nữ, trẻ em được phát hiện";
    let row = find(&doc, &["9", label, "vụ", "2"]).expect("row 9 rejoined across pages");
    let next = find(&doc, &["10", "Số cuộc phản biện xã hội do Hội chủ trì", "cuộc", "10"]).expect("row 10");
    assert_eq!(row.cells[0].at, Location::Page { page: 1, line: 30 });
    assert_eq!((row.block, next.block), (Some(2), Some(2)));
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn all_text_is_nfc_and_single_spaced() {
    for name in FORMS.iter().chain(&OFFICIAL) {
        for cell in sample(name).lines.iter().flat_map(|l| &l.cells) {
            assert!(is_nfc(&cell.text), "{name}: {:?}", cell.text);
            assert!(
                !cell.text.contains("  ") && cell.text.trim() == cell.text,
                "{name}: {:?}",
                cell.text
            );
        }
    }
}

/// `cargo test --release -- --ignored --nocapture read_time` prints the time per sample.
#[test]
#[ignore = "timing; meaningful only with --release"]
fn read_time() {
    for name in FORMS.iter().chain(&OFFICIAL) {
        let bytes = std::fs::read(format!("{SAMPLES}{name}")).expect("sample file");
        let rounds = 500;
        let start = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(read(std::hint::black_box(&bytes), &Limits::default()).ok());
        }
        println!("{name}: {:?} per read", start.elapsed() / rounds);
    }
}
