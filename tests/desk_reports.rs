//! The term review (sơ kết, tổng kết) from the desk's reports page: two years typed, the
//! report compiled from the units' annual reports, listed with its Word and Excel files.

mod common;

use axum::http::StatusCode;
use baocao::pipeline::{self, Origin};
use common::desk::{World, at, reported};

#[tokio::test]
async fn the_staff_compile_a_term_review_from_the_reports_page() {
    let mut r = reported();
    // An annual report of 2021 from the first chapter (the generator's figures).
    let unit = r.settings.registry.chapters()[0].clone();
    let path = r.dir.path().join("nam-2021.docx");
    common::forms::standard(
        &unit.name,
        "năm 2021",
        &[("supervisions_led", "6"), ("critiques_led", "2")],
    )
    .write_docx(&path);
    pipeline::process(&r.settings, &mut r.store, &path, Origin::External, at(6, 12, 9)).unwrap();
    let w = World::of(r);
    let mut lan = w.logged_in("lan").await;

    // 20/6/2022: the five years ending with the last closed one are offered.
    let page = lan.get("/reports").await.body;
    assert!(
        page.contains("name=\"term_from\" value=\"2017\"") && page.contains("name=\"term_to\" value=\"2021\""),
        "{page}"
    );

    let backwards = lan
        .post("/reports", "/reports", &[("term_from", "2021"), ("term_to", "2020")])
        .await;
    assert_eq!(backwards.status, StatusCode::SEE_OTHER);
    assert!(
        lan.get("/reports")
            .await
            .body
            .contains("Năm bắt đầu phải trước năm kết thúc của giai đoạn.")
    );
    lan.post("/reports", "/reports", &[("term_from", "2018"), ("term_to", "2019")])
        .await;
    assert!(
        lan.get("/reports")
            .await
            .body
            .contains("Chưa có báo cáo năm nào trong giai đoạn 2018 - 2019 nên chưa tổng hợp.")
    );
    lan.post("/reports", "/reports", &[("term_from", "hai"), ("term_to", "2019")])
        .await;
    assert!(
        lan.get("/reports")
            .await
            .body
            .contains("không phải là hai năm của một giai đoạn")
    );

    lan.post("/reports", "/reports", &[("term_from", "2020"), ("term_to", "2021")])
        .await;
    let page = lan.get("/reports").await.body;
    assert!(
        page.contains("Đã tổng hợp báo cáo giai đoạn 2020 - 2021 lần 1."),
        "{page}"
    );
    assert!(page.contains("<th scope=\"row\">giai đoạn 2020 - 2021</th>"), "{page}");
    let docx = lan.get("/reports/2020-2021/1/docx").await;
    assert_eq!(docx.status, StatusCode::OK);
    let dir = common::tempdir();
    let file = dir.path().join("term.docx");
    std::fs::write(&file, &docx.bytes).unwrap();
    let text = common::cli::docx_text(&file);
    assert!(text.contains("giai đoạn 2020 - 2021"), "{text}");
    assert!(text.contains("từ báo cáo năm của 1/"), "{text}");
    assert_eq!(lan.get("/reports/2020-2021/1/xlsx").await.status, StatusCode::OK);
    // Compiled again with nothing changed: the same version, said so.
    lan.post("/reports", "/reports", &[("term_from", "2020"), ("term_to", "2021")])
        .await;
    assert!(
        lan.get("/reports")
            .await
            .body
            .contains("Số liệu không đổi; giữ báo cáo giai đoạn 2020 - 2021 lần 1.")
    );
    let audit: Vec<String> = w
        .store()
        .audit_log(10, 0)
        .unwrap()
        .into_iter()
        .filter_map(|r| r.note)
        .collect();
    assert!(audit.iter().any(|n| n == "giai đoạn 2020 - 2021 lần 1"), "{audit:?}");
}

#[tokio::test]
async fn a_former_districts_roll_up_is_a_link_on_the_reports_page() {
    let mut r = reported();
    let list = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/units-2025.csv");
    baocao::units::load(&mut r.settings, &mut r.store).unwrap();
    let plan = baocao::units::plan(&r.store, &list).unwrap();
    baocao::units::apply(&mut r.store, &plan, &list, "test", jiff::Timestamp::now()).unwrap();
    baocao::units::load(&mut r.settings, &mut r.store).unwrap();
    // Two of Nha Trang's wards report for 2025.
    let (bac, tay) = (3, 5);
    for (name, figure) in [
        ("Hội LHPN phường Bắc Nha Trang", bac),
        ("Hội LHPN phường Tây Nha Trang", tay),
    ] {
        let path = r.dir.path().join(format!("{figure}.docx"));
        common::forms::standard(name, "năm 2025", &[("supervisions_led", &figure.to_string())]).write_docx(&path);
        let at = common::local(jiff::civil::date(2025, 12, 10), 9);
        pipeline::process(&r.settings, &mut r.store, &path, Origin::External, at).unwrap();
    }
    let w = World::of_at(r, common::local(jiff::civil::date(2026, 1, 10), 9));
    let mut hoa = w.logged_in("hoa").await;
    let page = hoa.get("/reports").await.body;
    assert!(page.contains("Báo cáo theo đơn vị cấp trên"), "{page}");
    assert!(page.contains("<th scope=\"row\">Hội LHPN thành phố Nha Trang</th>"));
    assert!(page.contains("href=\"/reports/units/NTR/2025-Y/xlsx\""), "{page}");

    let xlsx = hoa.get("/reports/units/NTR/2025-Y/xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(
        xlsx.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("bao-cao-2025-Y-NTR.xlsx")
    );
    let dir = common::tempdir();
    let file = dir.path().join("ntr.xlsx");
    std::fs::write(&file, &xlsx.bytes).unwrap();
    let rows = common::cli::sheet(&file, "Số liệu");
    let label = baocao::form::Form::embedded()
        .field("supervisions_led")
        .unwrap()
        .label
        .clone();
    let column = rows[1].iter().position(|h| *h == label).unwrap();
    let total = rows
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("Tổng cộng"))
        .unwrap();
    assert_eq!(total[column], (bac + tay).to_string());

    // A period nothing came for: back to the page, saying so.
    let none = hoa.get("/reports/units/CRA/2025-Y/docx").await;
    assert_eq!(none.status, StatusCode::SEE_OTHER);
    let page = hoa.get("/reports").await.body;
    assert!(
        page.contains("Các đơn vị thuộc Hội LHPN thành phố Cam Ranh chưa gửi báo cáo năm 2025 nên chưa tổng hợp."),
        "{page}"
    );
    assert_eq!(
        hoa.get("/reports/units/KHONG-CO/2025-Y/docx").await.status,
        StatusCode::NOT_FOUND
    );
}
