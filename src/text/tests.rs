//! Unit tests of the text folding, matching and tidying helpers.

use super::*;

#[test]
fn word_prefixes_and_runs_keep_word_boundaries() {
    assert!(starts_with_words("cung ky nam truoc", "cung ky"));
    assert!(starts_with_words("cung ky", "cung ky"));
    assert!(!starts_with_words("cung kyx", "cung ky"));
    assert!(holds_words("thuc hien cung ky", "cung ky"));
    assert!(!holds_words("thuc hien", "uc hien"));
    assert!(holds_words("ke hoach", "ke hoach"));
}

#[test]
fn prompts_and_fill_in_lines_are_placeholders() {
    for t in [
        "Bấm hoặc gõ nhẹ vào đây để nhập văn bản.",
        "Click or tap here to enter text.",
        "……",
        "....",
        "____",
        ". . .",
    ] {
        assert!(is_placeholder(t), "{t}");
    }
    for t in ["-", "0", "Võ Thị Lan", "5 cuộc", "."] {
        assert!(!is_placeholder(t), "{t}");
    }
}

#[test]
fn fold_removes_diacritics_case_and_punctuation() {
    assert_eq!(
        fold("Số cuộc GIÁM SÁT, do Hội chủ trì"),
        "so cuoc giam sat do hoi chu tri"
    );
    assert_eq!(fold("Đơn vị báo cáo"), "don vi bao cao");
}

#[test]
fn fold_treats_nfd_and_nfc_alike() {
    let nfd: String = "Kỳ báo cáo".nfd().collect();
    assert_ne!(nfd, "Kỳ báo cáo");
    assert_eq!(fold(&nfd), fold("Kỳ báo cáo"));
}

#[test]
fn fold_treats_nbsp_as_space() {
    assert_eq!(fold("Người\u{a0}lập\u{a0} biểu"), "nguoi lap bieu");
}

#[test]
fn fold_label_strips_numbering() {
    for s in [
        "1. Kết quả nổi bật",
        "a) Kết quả nổi bật",
        "- Kết quả nổi bật",
        "I. KẾT QUẢ NỔI BẬT",
        "IV - Kết quả nổi bật",
        "1.2. Kết quả nổi bật",
        "2) Kết quả nổi bật",
        "+ Kết quả nổi bật",
        "II KẾT QUẢ NỔI BẬT",
    ] {
        assert_eq!(fold_label(s), "ket qua noi bat", "{s}");
    }
}

#[test]
fn fold_label_strips_colon_and_unit() {
    assert_eq!(fold_label("Số tin, bài tuyên truyền (ĐVT):"), "so tin bai tuyen truyen");
    assert_eq!(fold_label("Kỳ báo cáo:"), "ky bao cao");
    assert_eq!(fold_label("Số cuộc giám sát (cuộc)"), "so cuoc giam sat");
}

#[test]
fn fold_label_keeps_leading_words_that_look_like_numbering() {
    assert_eq!(fold_label("Số lớp bồi dưỡng"), "so lop boi duong");
    assert_eq!(fold_label("Xã hội"), "xa hoi");
    assert_eq!(fold_label("2021 là năm"), "2021 la nam");
    assert_eq!(fold_label("XV Hội viên"), "xv hoi vien");
}

#[test]
fn tidy_collapses_whitespace_and_composes() {
    let nfd: String = "Trần  Thị\u{a0}Mai ".nfd().collect();
    assert_eq!(tidy(&nfd), "Trần Thị Mai");
}

#[test]
fn word_distance_counts_word_edits() {
    assert_eq!(word_distance("so cuoc giam sat", "so cuoc giam sat", 2), 0);
    assert_eq!(
        word_distance(
            "so cuoc giam sat do hoi chu tri",
            "so cuoc giam sat do hoi lhpn chu tri",
            2
        ),
        1
    );
    assert!(
        word_distance(
            "so cuoc giam sat do hoi chu tri",
            "so cuoc phan bien xa hoi do hoi chu tri",
            2
        ) > 2
    );
}
