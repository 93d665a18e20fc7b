//! Unit tests of assembling rows, tables and wrapped lines.

use super::*;

fn cell(text: &str, x0: f32) -> RawCell {
    RawCell {
        text: text.into(),
        x0,
        x1: x0 + 6.0 * text.chars().count() as f32,
        rule_above: f32::INFINITY,
        ink: None,
        joins: Vec::new(),
    }
}

fn line(page: u32, y: f32, cells: Vec<RawCell>) -> RawLine {
    RawLine {
        page,
        line: 1,
        y,
        depth: 0.0,
        size: 13.0,
        cells,
    }
}

fn texts(row: &Row) -> Vec<&str> {
    row.cells.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn wrapped_label_joins_its_row() {
    let rows = assemble(vec![
        line(
            1,
            500.0,
            vec![cell("1", 90.0), cell("Số lớp ... xã", 124.0), cell("0", 484.0)],
        ),
        line(1, 485.0, vec![cell("hội", 124.0)]),
        line(
            1,
            470.0,
            vec![cell("2", 90.0), cell("Số lượt", 124.0), cell("5", 484.0)],
        ),
    ]);
    assert_eq!(rows.len(), 2);
    assert_eq!(texts(&rows[0]), ["1", "Số lớp ... xã hội", "0"]);
    assert_eq!((rows[0].block, rows[1].block), (Some(1), Some(1)));
}

#[test]
fn row_with_an_empty_cell_below_a_border_stays_a_row() {
    let mut next = line(
        1,
        485.0,
        vec![cell("2", 90.0), cell("Số lượt", 124.0), cell("5", 484.0)],
    );
    for cell in &mut next.cells {
        cell.rule_above = 497.0;
    }
    let rows = assemble(vec![
        line(
            1,
            500.0,
            vec![
                cell("1", 90.0),
                cell("Số lớp", 124.0),
                cell("lớp", 420.0),
                cell("0", 484.0),
            ],
        ),
        next,
    ]);
    assert_eq!(rows.len(), 2);
    assert_eq!(texts(&rows[1]), ["2", "Số lượt", "5"]);
}

#[test]
fn label_wrapped_onto_the_next_page_joins_its_row() {
    let rows = assemble(vec![
        line(
            1,
            90.0,
            vec![cell("9", 90.0), cell("được phát", 118.0), cell("2", 475.0)],
        ),
        line(2, 707.0, vec![cell("hiện", 118.0)]),
        line(
            2,
            691.0,
            vec![cell("10", 90.0), cell("Số cuộc", 118.0), cell("10", 475.0)],
        ),
    ]);
    assert_eq!(texts(&rows[0]), ["9", "được phát hiện", "2"]);
    assert_eq!(rows[1].block, Some(1));
}

#[test]
fn paragraph_after_a_gap_starts_a_new_table() {
    let rows = assemble(vec![
        line(1, 600.0, vec![cell("Đơn vị", 90.0), cell("Hội", 306.0)]),
        line(1, 558.0, vec![cell("I. SỐ LIỆU", 90.0)]),
        line(1, 530.0, vec![cell("STT", 90.0), cell("Chỉ tiêu", 124.0)]),
    ]);
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[0].block, rows[1].block, rows[2].block), (Some(1), None, Some(2)));
}

#[test]
fn wrapped_paragraph_continues_but_spaced_heading_does_not() {
    let rows = assemble(vec![
        line(1, 680.0, vec![cell("Đội ngũ cán bộ", 90.0)]),
        line(1, 663.0, vec![cell("động giám sát.", 90.0)]),
        line(1, 636.0, vec![cell("3. Đề xuất", 90.0)]),
        line(1, 619.0, vec![cell("- Lưu: VT.", 90.0)]),
    ]);
    let continues: Vec<bool> = rows.iter().map(|r| r.continues).collect();
    assert_eq!(continues, [false, true, false, false]);
}
