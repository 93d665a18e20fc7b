//! The compiled workbook read back with calamine and as XML: every chapter's row and real
//! `SUM` formulas, the title rows, the submissions and narratives sheets, and the charts
//! (the scenario is shared with `compile.rs`).

mod common;
#[path = "compile/scenario.rs"]
mod scenario;

use baocao::model::Status;
use calamine::{Data, Reader};
use scenario::*;

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn the_workbook_holds_every_chapter_row_and_real_sum_formulas() {
    let (s, expected, before) = scenario();
    let compiled = compile_2022(&s, &s._dir.path().join("out"));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&compiled.xlsx).unwrap();
    let figures = book.worksheet_range("Số liệu").unwrap();
    let formulas = book.worksheet_formula("Số liệu").unwrap();
    let keys = integer_keys();
    let chapters = s.settings.registry.chapters();
    // Each sheet's title row names the subject, the period and what the sheet holds; the
    // column headings below it; the chapters from the third row.
    let subject = "Kết quả công tác giám sát, phản biện xã hội, tham mưu đề xuất chính sách 6 tháng đầu năm 2022";
    for (sheet, what) in [
        ("Số liệu", "số liệu theo đơn vị"),
        ("Tiếp nhận", "tình hình gửi báo cáo"),
        ("Nội dung", "nội dung báo cáo của các đơn vị"),
    ] {
        let range = book.worksheet_range(sheet).unwrap();
        assert_eq!(
            range.get_value((0, 0)),
            Some(&Data::String(format!("{subject}: {what}")))
        );
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("STT".into())), "{sheet}");
    }
    for (row, chapter) in (2u32..).zip(chapters) {
        assert_eq!(figures.get_value((row, 1)), Some(&Data::String(chapter.code.clone())));
        for (col, key) in (4u32..).zip(&keys) {
            let want = expected.get(&chapter.code).and_then(|v| v.get(key));
            let got = match figures.get_value((row, col)) {
                Some(Data::Float(f)) => Some(*f as i64),
                Some(Data::Int(i)) => Some(*i),
                None | Some(Data::Empty) => None,
                other => panic!("{}/{key}: {other:?}", chapter.code),
            };
            assert_eq!(got, want.copied(), "{} {key}", chapter.code);
        }
    }
    // 0-based, the totals row; 1-based, the last chapter's row.
    let total_row = chapters.len() as u32 + 2;
    for (col, key) in (4u32..).zip(&keys) {
        let letter = char::from(b'A' + col as u8);
        let formula = formulas.get_value((total_row, col)).unwrap();
        assert_eq!(formula, &format!("SUM({letter}3:{letter}{total_row})"), "{key}");
        assert_eq!(
            figures.get_value((total_row, col)),
            Some(&Data::Float(sum(&expected, key) as f64)),
            "{key}"
        );
    }
    let submissions = book.worksheet_range("Tiếp nhận").unwrap();
    let status = |code: &str| {
        let row = chapters.iter().position(|c| c.code == code).unwrap() as u32 + 2;
        (
            submissions.get_value((row, 3)).cloned(),
            submissions.get_value((row, 5)).cloned(),
        )
    };
    assert_eq!(status("NTR").0, Some(Data::String("Cần kiểm tra lại".into())));
    assert_eq!(status("KSO").1, Some(Data::String("Trễ hạn".into())));
    let vni = match s.statuses_2022["VNI"] {
        Status::NeedsReview => "Cần kiểm tra lại",
        _ => "Đã tiếp nhận",
    };
    assert_eq!(
        status("VNI"),
        (Some(Data::String(vni.into())), Some(Data::String("Đúng hạn".into())))
    );
    assert_eq!(status("CAT").0, Some(Data::String("Chưa gửi báo cáo".into())));
    let texts = book.worksheet_range("Nội dung").unwrap();
    assert_eq!(
        texts.get_value((5, 3)),
        Some(&Data::String("Tổ chức 5 cuộc giám sát tại các xã.".into()))
    );
    // A narrative longer than its column (60 characters) gets a row tall enough for two lines
    // or more, so that printed it does not run over the rows below; a row of short texts
    // keeps Excel's height.
    let xml = zip_part(&compiled.xlsx, "xl/worksheets/sheet3.xml");
    let mut tall = 0;
    for (row, chapter) in (2u32..).zip(chapters) {
        let longest = (3..3 + 8)
            .filter_map(|col| match texts.get_value((row, col)) {
                Some(Data::String(t)) => t.lines().map(|l| l.chars().count()).max(),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let height = row_height(&xml, row + 1);
        if longest > 60 {
            tall += 1;
            assert!(
                height.is_some_and(|h| h >= 30.0),
                "{}: {longest} characters, height {height:?}",
                chapter.code
            );
        } else {
            assert_eq!(height, None, "{}", chapter.code);
        }
    }
    assert!(tall > 0, "the samples hold long narratives");
    // One native chart per indicator, by chapter, drawn from the figures sheet's cells.
    let form = baocao::form::Form::embedded();
    let last = chapters.len() + 2;
    for (n, key) in (1..).zip(&keys) {
        let chart = zip_part(&compiled.xlsx, &format!("xl/charts/chart{n}.xml"));
        let label = &form.field(key).unwrap().label;
        assert!(
            chart.contains(&format!("<a:t>{label} — 6 tháng đầu năm 2022</a:t>")),
            "{key}"
        );
        let column = char::from(b'A' + 3 + n as u8);
        assert!(chart.contains(&format!("<c:f>'Số liệu'!$C$3:$C${last}</c:f>")), "{key}");
        assert!(
            chart.contains(&format!("<c:f>'Số liệu'!${column}$3:${column}${last}</c:f>")),
            "{key}"
        );
    }
    assert_eq!(
        book.sheet_names(),
        [
            "Số liệu",
            "Tiếp nhận",
            "Nội dung",
            "Biểu đồ",
            "Xu hướng",
            "Theo dõi kiến nghị"
        ]
    );
    // The trend: the province's totals of the form's main indicators per period of the same
    // kind that anyone reported (2021-H1 and 2022-H1 here), and one line per indicator.
    let main: Vec<&baocao::form::Field> = form.fields.iter().filter(|f| f.main).collect();
    assert!(main.len() >= 2, "the form marks its main indicators");
    let trend = book.worksheet_range("Xu hướng").unwrap();
    for (row, (words, values)) in [
        (2u32, ("6 tháng đầu năm 2021", &before)),
        (3, ("6 tháng đầu năm 2022", &expected)),
    ] {
        assert_eq!(trend.get_value((row, 0)), Some(&Data::String(words.into())));
        assert_eq!(
            trend.get_value((row, 1)),
            Some(&Data::Float(values.len() as f64)),
            "{words}"
        );
        for (col, field) in (2u32..).zip(&main) {
            let want = sum(values, &field.key) as f64;
            assert_eq!(
                trend.get_value((row, col)),
                Some(&Data::Float(want)),
                "{words} {}",
                field.key
            );
        }
    }
    assert_eq!(trend.get_value((4, 0)), None, "no other period reported");
    let line = zip_part(&compiled.xlsx, &format!("xl/charts/chart{}.xml", keys.len() + 1));
    assert_eq!(line.matches("<c:ser>").count(), main.len());
    assert!(line.contains("<c:lineChart>"));
}

/// The custom height of 1-based row `r` in a worksheet's XML.
fn row_height(xml: &str, r: u32) -> Option<f64> {
    let start = xml.find(&format!("<row r=\"{r}\""))?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let ht = tag.split(" ht=\"").nth(1)?;
    ht[..ht.find('"')?].parse().ok()
}
