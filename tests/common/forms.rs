//! Writes filled-in report forms the way chapters vary them, for extraction tests.
#![allow(dead_code)]

use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::path::Path;

/// One filled-in form: header values, indicator rows (label, unit, value text), sections.
pub struct Filled {
    pub header: Vec<(String, String)>,
    pub rows: Vec<(String, String, String)>,
    pub sections: Vec<(String, String)>,
}

/// The form of the province with these figures (labels as printed).
pub fn standard(unit: &str, period: &str, figures: &[(&str, &str)]) -> Filled {
    let form = baocao::form::Form::embedded();
    let label = |k: &str| form.field(k).unwrap().label.clone();
    Filled {
        header: vec![
            (label("unit"), unit.into()),
            (label("period"), period.into()),
            (label("report_date"), "09/06/2021".into()),
            (label("prepared_by"), "Trần Thị Mai".into()),
            (label("phone"), "0905123456".into()),
        ],
        rows: figures
            .iter()
            .map(|(k, v)| (label(k), "cuộc".to_string(), v.to_string()))
            .collect(),
        sections: vec![
            (label("highlights"), "Tổ chức 5 cuộc giám sát tại các xã.".into()),
            (label("difficulties"), "Kinh phí còn hạn chế.".into()),
            (label("proposals"), "Đề nghị tăng kinh phí.".into()),
        ],
    }
}

impl Filled {
    /// Rewrites every label (header, indicator, section) with `f`.
    pub fn map_labels(mut self, f: impl Fn(usize, &str) -> String) -> Self {
        for (i, (l, _)) in self.header.iter_mut().enumerate() {
            *l = f(i, l);
        }
        for (i, (l, _, _)) in self.rows.iter_mut().enumerate() {
            *l = f(i, l);
        }
        for (i, (l, _)) in self.sections.iter_mut().enumerate() {
            *l = f(i, l);
        }
        self
    }

    /// A Word file like the `docx_form` samples: header table, numbered indicator table,
    /// headed sections.
    pub fn write_docx(&self, path: &Path) {
        let cell = |t: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(t)));
        let para = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
        let header = Table::new(
            self.header
                .iter()
                .map(|(l, v)| TableRow::new(vec![cell(l), cell(v)]))
                .collect(),
        );
        let mut rows = vec![TableRow::new(vec![
            cell("STT"),
            cell("Chỉ tiêu"),
            cell("ĐVT"),
            cell("Số lượng"),
        ])];
        for (i, (l, u, v)) in self.rows.iter().enumerate() {
            rows.push(TableRow::new(vec![
                cell(&(i + 1).to_string()),
                cell(l),
                cell(u),
                cell(v),
            ]));
        }
        let mut docx = Docx::new()
            .add_paragraph(para("BIỂU MẪU BÁO CÁO KẾT QUẢ CÔNG TÁC GIÁM SÁT, PHẢN BIỆN XÃ HỘI"))
            .add_table(header)
            .add_paragraph(para("I. SỐ LIỆU"))
            .add_table(Table::new(rows))
            .add_paragraph(para("II. NỘI DUNG"));
        for (l, t) in &self.sections {
            docx = docx.add_paragraph(para(l)).add_paragraph(para(t));
        }
        let file = std::fs::File::create(path).unwrap();
        docx.build().pack(file).unwrap();
    }

    /// An Excel file like the `xlsx_form` samples; `instructions_first` puts a sheet of
    /// instructions (mentioning the labels) before the form.
    pub fn write_xlsx(&self, path: &Path, instructions_first: bool) {
        let mut book = Workbook::new();
        if instructions_first {
            let help = book.add_worksheet().set_name("Hướng dẫn").unwrap();
            help.write(0, 0, "Hướng dẫn điền biểu mẫu").unwrap();
            help.write(1, 0, "Đơn vị báo cáo: ghi tên đơn vị").unwrap();
            help.write(2, 0, "Kỳ báo cáo").unwrap();
            help.write(2, 1, "ghi 6 tháng đầu năm hoặc cả năm").unwrap();
            help.write(3, 0, "Số cuộc giám sát do Hội chủ trì").unwrap();
            help.write(3, 1, "ví dụ: 5").unwrap();
        }
        let sheet = book.add_worksheet().set_name("Báo cáo").unwrap();
        for (i, (l, v)) in self.header.iter().enumerate() {
            let r = 2 + i as u32;
            sheet.write(r, 1, l.as_str()).unwrap();
            sheet.write(r, 2, v.as_str()).unwrap();
        }
        for (c, h) in ["STT", "Chỉ tiêu", "ĐVT", "Số lượng", "Ghi chú"].iter().enumerate() {
            sheet.write(8, c as u16, *h).unwrap();
        }
        for (i, (l, u, v)) in self.rows.iter().enumerate() {
            let r = 9 + i as u32;
            sheet.write(r, 0, (i + 1) as f64).unwrap();
            sheet.write(r, 1, l.as_str()).unwrap();
            sheet.write(r, 2, u.as_str()).unwrap();
            // A figure typed as a plain number is a number cell; "1.250" stays text, as
            // Excel keeps it when the chapter types the Vietnamese thousands dot.
            match v.parse::<i32>() {
                Ok(n) => sheet.write(r, 3, n).unwrap(),
                Err(_) => sheet.write(r, 3, v.as_str()).unwrap(),
            };
        }
        let r = 10 + self.rows.len() as u32;
        for (i, (l, t)) in self.sections.iter().enumerate() {
            sheet.write(r + i as u32, 1, l.as_str()).unwrap();
            sheet.write(r + i as u32, 2, t.as_str()).unwrap();
        }
        book.save(path).unwrap();
    }
}

/// Writes a formula with its cached result into an existing workbook cell (for tests of
/// formula cells), and a real Excel date.
pub fn xlsx_with_formula_and_date(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Báo cáo").unwrap();
    sheet.write(0, 0, "Đơn vị báo cáo").unwrap();
    sheet.write(0, 1, "Hội LHPN huyện Vạn Ninh").unwrap();
    sheet.write(1, 0, "Kỳ báo cáo").unwrap();
    sheet.write(1, 1, "6 tháng đầu năm 2021").unwrap();
    sheet.write(2, 0, "Ngày báo cáo").unwrap();
    let date = ExcelDateTime::from_ymd(2021, 6, 9).unwrap();
    sheet
        .write_with_format(2, 1, &date, &Format::new().set_num_format("dd/mm/yyyy"))
        .unwrap();
    sheet.write(3, 0, "Số cuộc giám sát do Hội chủ trì").unwrap();
    sheet.write(3, 1, 3.0).unwrap();
    sheet.write(4, 0, "Số cuộc giám sát Hội phối hợp tham gia").unwrap();
    sheet.write(4, 1, 4.0).unwrap();
    sheet.write(5, 0, "Số cuộc phản biện xã hội do Hội chủ trì").unwrap();
    sheet
        .write_formula(5, 1, Formula::new("=B4+B5").set_result("7"))
        .unwrap();
    book.save(path).unwrap();
}
