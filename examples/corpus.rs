//! Writes a corpus of distinct filled-in forms for throughput measurements:
//! `cargo run --release --example corpus -- DIR COUNT` copies the 18 samples and adds
//! generated .docx and .xlsx forms (each with different figures) up to COUNT files.

use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
use std::path::{Path, PathBuf};

const CHAPTERS: [&str; 9] = [
    "Nha Trang",
    "Cam Ranh",
    "Ninh Hòa",
    "Vạn Ninh",
    "Diên Khánh",
    "Cam Lâm",
    "Khánh Vĩnh",
    "Khánh Sơn",
    "Trường Sa",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dir, count) = match args.as_slice() {
        [_, dir, count] => (PathBuf::from(dir), count.parse::<usize>().expect("COUNT is a number")),
        _ => panic!("usage: corpus DIR COUNT"),
    };
    std::fs::create_dir_all(&dir).unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples");
    let mut written = 0;
    for entry in std::fs::read_dir(&samples).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("bao-cao-") && written < count {
            std::fs::copy(entry.path(), dir.join(&name)).unwrap();
            written += 1;
        }
    }
    let form = baocao::form::Form::embedded();
    for i in written..count {
        let unit = format!("Hội LHPN {}", CHAPTERS[i % CHAPTERS.len()]);
        let period = format!(
            "{} {}",
            if i % 2 == 0 { "6 tháng đầu năm" } else { "năm" },
            2000 + (i / 18) % 90
        );
        let rows: Vec<(String, String)> = form
            .fields
            .iter()
            .filter(|f| f.kind == baocao::form::FieldKind::Integer)
            .enumerate()
            .map(|(n, f)| (f.label.clone(), ((i * 7 + n * 3) % 50).to_string()))
            .collect();
        if i % 2 == 0 {
            write_docx(&dir.join(format!("gen-{i:05}.docx")), &unit, &period, &rows);
        } else {
            write_xlsx(&dir.join(format!("gen-{i:05}.xlsx")), &unit, &period, &rows);
        }
    }
}

fn cell(t: &str) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(t)))
}

fn write_docx(path: &Path, unit: &str, period: &str, rows: &[(String, String)]) {
    let header = Table::new(vec![
        TableRow::new(vec![cell("Đơn vị báo cáo"), cell(unit)]),
        TableRow::new(vec![cell("Kỳ báo cáo"), cell(period)]),
    ]);
    let mut table = vec![TableRow::new(vec![cell("STT"), cell("Chỉ tiêu"), cell("Số lượng")])];
    for (n, (label, value)) in rows.iter().enumerate() {
        table.push(TableRow::new(vec![
            cell(&(n + 1).to_string()),
            cell(label),
            cell(value),
        ]));
    }
    let docx = Docx::new().add_table(header).add_table(Table::new(table));
    docx.build().pack(std::fs::File::create(path).unwrap()).unwrap();
}

fn write_xlsx(path: &Path, unit: &str, period: &str, rows: &[(String, String)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "Đơn vị báo cáo").unwrap();
    sheet.write(0, 1, unit).unwrap();
    sheet.write(1, 0, "Kỳ báo cáo").unwrap();
    sheet.write(1, 1, period).unwrap();
    for (n, (label, value)) in rows.iter().enumerate() {
        sheet.write(3 + n as u32, 0, label.as_str()).unwrap();
        sheet.write(3 + n as u32, 1, value.parse::<f64>().unwrap()).unwrap();
    }
    book.save(path).unwrap();
}
