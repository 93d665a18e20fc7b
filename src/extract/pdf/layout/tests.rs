//! Unit tests of grouping glyph runs into lines and cells.

use super::*;

fn run(text: &str, x0: f32, x1: f32, y: f32) -> Run {
    Run {
        text: text.into(),
        x0,
        x1,
        y,
        size: 12.0,
        ink: None,
    }
}

fn texts(line: &RawLine) -> Vec<&str> {
    line.cells.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn groups_by_baseline_and_orders_top_down() {
    let runs = vec![run("dưới", 50.0, 80.0, 100.0), run("trên", 50.0, 80.0, 120.0)];
    let lines = page_lines(1, runs, &[]);
    assert_eq!(lines.len(), 2);
    assert_eq!(texts(&lines[0]), ["trên"]);
    assert_eq!((lines[1].line, lines[1].page), (2, 1));
}

#[test]
fn wide_gap_splits_cells_and_small_gaps_join() {
    // Space is 3 pt at 12 pt: 1 pt touches, 3 pt is a space, 20 pt is a column.
    let runs = vec![
        run("Đơn", 10.0, 30.0, 100.0),
        run("vị", 33.0, 40.0, 100.5),
        run("n", 41.0, 45.0, 100.0),
        run("Hội LHPN", 65.0, 120.0, 100.0),
    ];
    let lines = page_lines(1, runs, &[]);
    assert_eq!(texts(&lines[0]), ["Đơn vịn", "Hội LHPN"]);
}

#[test]
fn a_right_aligned_figure_is_split_from_the_next_columns_text() {
    // Geometry of a sheet printed by LibreOffice Calc without borders (9 pt): `31` ends
    // 1.7 pt before the note column, where `Ghi chú` starts on the header line.
    let runs = vec![
        run("Chỉ tiêu", 51.2, 86.2, 120.0),
        run("Ghi chú", 574.9, 609.7, 120.0),
        run("Số cuộc", 51.2, 86.9, 100.0),
        run("31", 561.6, 573.2, 100.0),
        run("Trong đó 2", 574.9, 624.3, 100.0),
        run("cuộc", 627.2, 648.6, 100.0),
    ];
    let lines = page_lines(1, runs, &[]);
    assert_eq!(texts(&lines[1]), ["Số cuộc", "31", "Trong đó 2 cuộc"]);
    assert_eq!((lines[1].cells[1].x1, lines[1].cells[2].x0), (573.2, 574.9));
}

#[test]
fn words_at_a_column_edge_stay_joined_unless_a_figure_stands_before_them() {
    let runs = vec![
        run("Chỉ tiêu", 51.2, 86.2, 120.0),
        run("Ghi chú", 120.0, 150.0, 120.0),
        run("Năm 2022", 51.2, 117.5, 100.0),
        run("Hội", 120.0, 135.0, 100.0),
    ];
    let lines = page_lines(1, runs, &[]);
    assert_eq!(texts(&lines[1]), ["Năm 2022 Hội"]);
}

#[test]
fn text_drawn_twice_for_bold_is_kept_once() {
    let runs = vec![run("BÁO CÁO", 10.0, 60.0, 100.0), run("BÁO CÁO", 10.3, 60.3, 100.0)];
    assert_eq!(texts(&page_lines(1, runs, &[])[0]), ["BÁO CÁO"]);
}
