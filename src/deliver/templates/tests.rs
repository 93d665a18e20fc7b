use super::*;
use crate::deliver::Row;

fn embedded() -> Templates {
    Templates::load(None).unwrap()
}

/// The column of " : " in each line that has one, for alignment checks (in characters).
fn colon_columns(body: &str, lines_starting: &[&str]) -> Vec<usize> {
    body.lines()
        .filter(|l| lines_starting.iter().any(|s| l.trim_start().starts_with(s)))
        .map(|l| l[..l.find(" : ").unwrap()].chars().count())
        .collect()
}

fn assert_tidy(body: &str) {
    assert!(!body.contains("\n\n\n"), "runs of blank lines:\n{body}");
    assert!(body.lines().all(|l| l == l.trim_end()), "trailing spaces:\n{body}");
    assert!(body.ends_with('\n') && !body.ends_with("\n\n"), "{body}");
}

#[test]
fn ack_accepted_lists_values_aligned_and_the_problems() {
    let (subject, body) = embedded()
        .render(MailKind::AckAccepted, &AckAccepted::example())
        .unwrap();
    // The example misses a field and fails a check: the subject says it needs completing.
    assert_eq!(
        subject,
        "Cần bổ sung: Đã nhận báo cáo 6 tháng đầu năm 2021 của Hội LHPN thành phố Nha Trang"
    );
    for expected in [
        "Kính gửi: Hội LHPN thành phố Nha Trang\n",
        "đã nhận được báo cáo 6 tháng đầu năm 2021 của đơn vị:",
        "  Tệp báo cáo    : Báo cáo 6 tháng đầu năm 2021.docx\n",
        "  Thời gian nhận : 09 giờ 30 phút ngày 14/06/2021\n",
        "  Số ý kiến góp ý xây dựng Đảng, chính quyền : 1.245\n",
        "Báo cáo còn thiếu các nội dung sau:\n  - Số kiến nghị sau giám sát\n",
        "  - Số cuộc giám sát phối hợp (5) lớn hơn tổng số cuộc giám sát (4).\n",
        "Nếu có số liệu nào chưa đúng, đề nghị đơn vị trả lời thư này",
        "\nTrân trọng.\n",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in:\n{body}");
    }
    let columns = colon_columns(&body, &["Số "]);
    assert_eq!(columns.len(), 4, "{body}");
    assert!(columns.iter().all(|&c| c == columns[0]), "{columns:?}\n{body}");
    assert_tidy(&body);
}

#[test]
fn ack_accepted_without_problems_has_no_problem_sections() {
    let context = AckAccepted {
        resent_of: None,
        period: "2021-Y".into(),
        missing: vec![],
        problems: vec![],
        ..AckAccepted::example()
    };
    let (subject, body) = embedded().render(MailKind::AckAccepted, &context).unwrap();
    assert_eq!(subject, "Đã nhận báo cáo năm 2021 của Hội LHPN thành phố Nha Trang");
    assert!(!body.contains("còn thiếu") && !body.contains("chưa hợp lệ") && !body.contains("bổ sung"));
    assert_tidy(&body);
}

#[test]
fn a_receipt_of_a_scan_asks_the_chapter_to_check_every_value() {
    let scan = AckAccepted {
        from_scan: true,
        ..AckAccepted::example()
    };
    let (_, body) = embedded().render(MailKind::AckAccepted, &scan).unwrap();
    assert!(body.contains("bản scan hoặc ảnh chụp"), "{body}");
    assert!(body.contains("kiểm tra kỹ từng số liệu"));
    let (_, typed) = embedded()
        .render(MailKind::AckAccepted, &AckAccepted::example())
        .unwrap();
    assert!(!typed.contains("bản scan"));
    assert_tidy(&body);
}

#[test]
fn a_rejection_nobody_can_be_told_of_is_written_to_the_staff() {
    let context = AckRejected {
        chapter: None,
        to_staff: true,
        ..AckRejected::example()
    };
    let (subject, body) = embedded().render(MailKind::AckRejected, &context).unwrap();
    assert_eq!(
        subject,
        "Tệp \"BC giám sát năm 2021.xlsx\" không đọc được và không rõ đơn vị gửi"
    );
    assert!(body.starts_with("Kính gửi: Ban Tuyên giáo Hội LHPN tỉnh\n"), "{body}");
    assert!(
        body.contains("thư mục \"rejected\"") && !body.contains("Quý đơn vị"),
        "{body}"
    );
    assert_tidy(&body);
}

#[test]
fn ack_rejected_without_chapter_addresses_the_unit_politely() {
    let context = AckRejected {
        chapter: None,
        advice: None,
        ..AckRejected::example()
    };
    let (subject, body) = embedded().render(MailKind::AckRejected, &context).unwrap();
    assert_eq!(subject, "Chưa tiếp nhận được tệp báo cáo \"BC giám sát năm 2021.xlsx\"");
    assert!(body.starts_with("Kính gửi: Quý đơn vị\n"), "{body}");
    assert!(
        body.contains("lúc 16 giờ 05 phút ngày 10/12/2021, nhưng chưa thể tiếp nhận"),
        "{body}"
    );
    assert!(
        body.contains("\n  Tệp được bảo vệ bằng mật khẩu nên hệ thống không mở được.\n"),
        "{body}"
    );
    assert!(body.contains("Đề nghị đơn vị kiểm tra và gửi lại báo cáo"), "{body}");
    assert_tidy(&body);
}

#[test]
fn ack_rejected_gives_the_specific_advice() {
    let (_, body) = embedded()
        .render(MailKind::AckRejected, &AckRejected::example())
        .unwrap();
    assert!(body.starts_with("Kính gửi: Hội LHPN huyện Vạn Ninh\n"), "{body}");
    assert!(
        body.contains("\nĐề nghị đơn vị gỡ bỏ mật khẩu của tệp rồi gửi lại.\n"),
        "{body}"
    );
}

#[test]
fn staff_notice_shows_what_was_read_and_asks_to_check() {
    let (subject, body) = embedded()
        .render(MailKind::StaffUnknownChapter, &StaffUnknownChapter::example())
        .unwrap();
    assert_eq!(
        subject,
        "Chưa xác định được đơn vị gửi báo cáo (tệp \"bao cao 6 thang.docx\")"
    );
    for expected in [
        "Tên đơn vị ghi trong báo cáo : Hội LHPN xã Phước Đồng\n",
        "Kỳ báo cáo                   : 6 tháng đầu năm 2021\n",
        "Địa chỉ thư của người gửi    : hoiphunu.xaphuoc@example.vn\n",
        "Số hội nghị phản biện xã hội    : 0\n",
        "Đề nghị đồng chí kiểm tra và xác định đơn vị gửi báo cáo này trong danh sách đơn vị:",
        "thêm cách viết đó vào cột \"aliases\" (tên khác) của đơn vị",
        "\"baocao units import danh-sach.xlsx --apply\"",
        "hệ thống tự đọc lại báo cáo và ghi nhận cho đúng đơn vị",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in:\n{body}");
    }
    assert_tidy(&body);
}

#[test]
fn staff_notice_with_nothing_recognised_says_so() {
    let context = StaffUnknownChapter {
        sender: None,
        unit_written: None,
        period: None,
        values: vec![],
        ..StaffUnknownChapter::example()
    };
    let (_, body) = embedded().render(MailKind::StaffUnknownChapter, &context).unwrap();
    assert!(
        body.contains(": (không tìm thấy)\n") && body.contains(": (không xác định được)\n"),
        "{body}"
    );
    assert!(!body.contains("Địa chỉ thư") && !body.contains("Các số liệu"), "{body}");
    assert_tidy(&body);
}

#[test]
fn a_file_in_the_folder_overrides_only_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let custom = "{# test #}\nSubject: Biên nhận {{ file_name }}\n\nKính gửi: {{ chapter }}\n";
    std::fs::write(dir.path().join("ack_accepted.txt"), custom).unwrap();
    let templates = Templates::load(Some(dir.path())).unwrap();
    let (subject, body) = templates
        .render(MailKind::AckAccepted, &AckAccepted::example())
        .unwrap();
    assert_eq!(subject, "Biên nhận Báo cáo 6 tháng đầu năm 2021.docx");
    assert_eq!(body, "Kính gửi: Hội LHPN thành phố Nha Trang\n");
    assert!(templates.origin(MailKind::AckAccepted).ends_with("ack_accepted.txt"));
    assert!(templates.origin(MailKind::AckRejected).ends_with("(embedded)"));
}

fn load_error(file: &str, text: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    std::fs::write(&path, text).unwrap();
    (
        Templates::load(Some(dir.path())).unwrap_err(),
        path.display().to_string(),
    )
}

#[test]
fn syntax_error_names_the_file_and_line() {
    let (err, path) = load_error("ack_rejected.txt", "Subject: x\n\n{% if reason %}\nno end\n");
    assert!(err.starts_with(&format!("{path}: line ")), "{err}");
    assert!(err.contains("syntax error"), "{err}");
}

#[test]
fn misspelt_variable_names_the_file() {
    let (err, path) = load_error("staff_unknown_chapter.txt", "Subject: {{ file_nam }}\n\nx\n");
    assert!(err.starts_with(&format!("{path}: line 1: undefined value")), "{err}");
}

#[test]
fn missing_subject_line_names_the_file() {
    let (err, path) = load_error("ack_accepted.txt", "Tiêu đề: {{ file_name }}\n\nx\n");
    assert!(err.starts_with(&path) && err.contains("Subject:"), "{err}");
}

#[test]
fn render_error_names_the_template() {
    let wrong = vec![Row::new("a", "b")];
    let err = embedded().render(MailKind::AckAccepted, &wrong).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("templates/mail/ack_accepted.txt (embedded): "),
        "{err}"
    );
}

#[test]
fn kinds_round_trip_through_their_names() {
    for kind in MailKind::ALL {
        assert_eq!(MailKind::from_name(kind.name()), Some(kind));
        assert_eq!(kind.file_name(), format!("{}.txt", kind.name()));
    }
    assert_eq!(MailKind::from_name("newsletter"), None);
}
