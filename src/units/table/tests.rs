//! The list read as the staff keep it: headings under a title, columns read past, CSV split
//! on the separator Excel used.

use super::*;

fn rows(lines: &[&str]) -> Vec<Line> {
    (1..)
        .zip(lines)
        .map(|(n, l)| (n, l.split('|').map(String::from).collect()))
        .collect()
}

#[test]
fn a_title_above_the_headings_and_a_row_number_column_are_read_past() {
    let cells = rows(&[
        "DANH SÁCH ĐƠN VỊ BÁO CÁO||||",
        "(cập nhật ngày 01/7/2025)||||",
        "|||",
        "STT|Mã|Tên|Cấp|Thư điện tử|Ghi chú",
        "1|X-A|Hội LHPN xã A|xã|a@example.vn|mới",
        "2|X-B|Hội LHPN xã B|xã|không-phải-thư|",
    ]);
    let (units, problems) = units(&cells).unwrap();
    assert_eq!(units.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(), ["X-A"]);
    assert_eq!(units[0].level, Level::Commune);
    // The faulty row is named by its row in the file (the sixth).
    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("dòng 6: X-B: thư điện tử"), "{problems:?}");
}

#[test]
fn an_unknown_column_is_still_refused_and_a_blank_file_is_empty() {
    let cells = rows(&["code|name|email|mau sac", "X-A|Hội LHPN xã A|a@example.vn|đỏ"]);
    let err = units(&cells).unwrap_err();
    assert!(err[0].starts_with("cột không rõ: mau sac"), "{err:?}");
    assert_eq!(units(&rows(&["|", ""])).unwrap_err(), ["tệp trống"]);
}

#[test]
fn a_semicolon_csv_with_a_title_line_is_split_on_semicolons() {
    let text =
        "Danh sách đơn vị\r\nMã;Tên;Thư điện tử;Tên khác\r\nX-A;Hội LHPN xã A, tỉnh K;a@example.vn;\"A; xã A\"\r\n";
    let cells = csv_cells(text.as_bytes()).unwrap();
    let (units, problems) = units(&cells).unwrap();
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(units[0].name, "Hội LHPN xã A, tỉnh K");
    assert_eq!(units[0].aliases, ["A", "xã A"]);
}

#[test]
fn a_comma_csv_with_semicolons_in_its_lists_and_blank_lines_names_rows_by_their_line() {
    let text =
        "code,name,email,aliases\n\nX-A,Hội LHPN xã A,a@example.vn,\"A; xã A; Xã A\"\n\nX-B,Hội LHPN xã B,sai,\n";
    let cells = csv_cells(text.as_bytes()).unwrap();
    let (units, problems) = units(&cells).unwrap();
    assert_eq!(units[0].aliases, ["A", "xã A", "Xã A"]);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("dòng 5: X-B:"), "{problems:?}");
}

#[test]
fn a_sheet_starting_below_empty_rows_names_rows_by_the_sheets_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("don-vi.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    // Rows 1 and 2 empty, the title on row 3, the headings on row 4.
    let rows: [&[&str]; 4] = [
        &["DANH SÁCH ĐƠN VỊ"],
        &["Mã", "Tên", "Thư điện tử"],
        &["X-A", "Hội LHPN xã A", "a@example.vn"],
        &["X-B", "Hội LHPN xã B", "sai"],
    ];
    for (r, row) in (2u32..).zip(rows) {
        for (c, text) in (0u16..).zip(row) {
            sheet.write(r, c, *text).unwrap();
        }
    }
    book.save(&path).unwrap();
    let (units, problems) = units(&sheet_cells(&path).unwrap()).unwrap();
    assert_eq!(units.len(), 1);
    assert!(problems[0].starts_with("dòng 6: X-B:"), "{problems:?}");
}
