//! The term review (`compile --term`): several years from their annual reports, counts added
//! over the years, stocks (`aggregate = "last"`) taken from the latest year, half-year
//! reports never added to the years, and the yearly totals as the trend.

mod common;

use common::cli::{Site, compile, docx_text, sheet};

const LED: &str = "supervisions_led";
const GROUPS: &str = "legal_groups";

fn label(key: &str) -> String {
    baocao::form::Form::embedded().field(key).unwrap().label.clone()
}

fn value(rows: &[Vec<String>], code: &str, key: &str) -> String {
    let column = rows[1].iter().position(|h| *h == label(key)).unwrap();
    let row = match code {
        "" => rows
            .iter()
            .find(|r| r.first().map(String::as_str) == Some("Tổng cộng"))
            .unwrap(),
        code => rows
            .iter()
            .find(|r| r.get(1).map(String::as_str) == Some(code))
            .unwrap(),
    };
    row[column].clone()
}

#[test]
fn a_term_adds_counts_over_its_years_and_takes_stocks_from_the_last() {
    let site = Site::new();
    let (dir, config) = (&site.dir, &site.config);
    let vni: [(i16, i64, i64); 3] = [(2021, 3, 6), (2022, 4, 7), (2023, 5, 8)];
    for (year, led, groups) in vni {
        site.report(
            "Hội LHPN huyện Vạn Ninh",
            &format!("năm {year}"),
            &[(LED, led), (GROUPS, groups)],
        );
    }
    // A six-month report is inside its year's annual one: never added again.
    site.report(
        "Hội LHPN huyện Vạn Ninh",
        "6 tháng đầu năm 2022",
        &[(LED, 2), (GROUPS, 7)],
    );
    let dkh: [(i16, i64, i64); 2] = [(2021, 1, 4), (2023, 2, 5)];
    for (year, led, groups) in dkh {
        site.report(
            "Hội LHPN huyện Diên Khánh",
            &format!("năm {year}"),
            &[(LED, led), (GROUPS, groups)],
        );
    }
    let (docx, xlsx) = compile(config, "", &dir.path().join("out"), &["--term", "2021-2023"]);
    let rows = sheet(&xlsx, "Số liệu");
    let sum = |years: &[(i16, i64, i64)]| years.iter().map(|y| y.1).sum::<i64>();
    assert_eq!(value(&rows, "VNI", LED), sum(&vni).to_string());
    assert_eq!(value(&rows, "VNI", GROUPS), vni[2].2.to_string());
    assert_eq!(value(&rows, "DKH", LED), sum(&dkh).to_string());
    assert_eq!(value(&rows, "DKH", GROUPS), dkh[1].2.to_string());
    assert_eq!(value(&rows, "", LED), (sum(&vni) + sum(&dkh)).to_string());
    assert_eq!(value(&rows, "", GROUPS), (vni[2].2 + dkh[1].2).to_string());
    let trend = sheet(&xlsx, "Xu hướng");
    let years: Vec<&str> = trend[2..]
        .iter()
        .map(|r| r[0].as_str())
        .take_while(|y| !y.is_empty())
        .collect();
    assert_eq!(years, ["năm 2021", "năm 2022", "năm 2023"]);
    // Year by year, each unit's main figures; a year it sent nothing is empty.
    let by_year = sheet(&xlsx, "Theo năm");
    let led = label(LED);
    let column = |year: i16| {
        by_year[1]
            .iter()
            .position(|h| *h == format!("{led} — năm {year}"))
            .unwrap()
    };
    let vni_row = by_year
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some("VNI"))
        .unwrap();
    let dkh_row = by_year
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some("DKH"))
        .unwrap();
    for (year, led, _) in vni {
        assert_eq!(vni_row[column(year)], led.to_string());
    }
    assert_eq!(dkh_row[column(2022)], "");
    assert_eq!(dkh_row[column(2023)], dkh[1].1.to_string());
    let text = docx_text(&docx);
    assert!(text.contains("giai đoạn 2021 - 2023"), "{text}");
    assert!(text.contains("từ báo cáo năm của 2/10 đơn vị"), "{text}");
}

#[test]
fn a_term_across_the_reform_takes_the_stock_of_the_communes_only() {
    let site = Site::after_the_reform();
    let (dir, config) = (&site.dir, &site.config);
    site.report("Hội LHPN huyện Vạn Ninh", "năm 2024", &[(LED, 5), (GROUPS, 9)]);
    site.report("Hội LHPN xã Vạn Ninh", "năm 2025", &[(LED, 2), (GROUPS, 3)]);
    site.report("Hội LHPN xã Đại Lãnh", "năm 2025", &[(LED, 1), (GROUPS, 2)]);
    let (_, xlsx) = compile(
        config,
        "",
        &dir.path().join("out"),
        &["--term", "2024-2025", "--unit", "VNI"],
    );
    let rows = sheet(&xlsx, "Số liệu");
    assert_eq!(value(&rows, "VNI", LED), "5");
    assert_eq!(
        value(&rows, "VNI", GROUPS),
        "",
        "Vạn Ninh district no longer existed at the end"
    );
    assert_eq!(value(&rows, "", LED), (5 + 2 + 1).to_string());
    assert_eq!(value(&rows, "", GROUPS), (3 + 2).to_string());
}
