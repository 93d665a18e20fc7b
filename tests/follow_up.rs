//! The follow-up of recommendations after supervision in the compiled report: each unit's and
//! the province's rates from the figures the generated reports carry, the rate over the units
//! that gave both figures, the earlier years' rates, and the units below the threshold named.

mod common;

use common::cli::{Site, compile, docx_text, sheet};

/// Whole per cent, rounded half up, as a person computes it by hand.
fn percent(done: i64, made: i64) -> i64 {
    ((done as f64 / made as f64) * 100.0 + 0.5).floor() as i64
}

#[test]
fn rates_per_unit_and_for_the_province_name_the_units_behind() {
    let site = Site::new();
    let (dir, config) = (&site.dir, &site.config);
    let recs = "supervision_recommendations";
    let resolved = "recommendations_resolved";
    site.report("Hội LHPN huyện Vạn Ninh", "năm 2023", &[(recs, 10), (resolved, 5)]);
    let (vni, dkh, cla) = ((10, 8), (10, 3), (4, 1));
    let proposals = [("policy_proposals", 4), ("proposals_accepted", 4)];
    let vni_figures = [(recs, vni.0), (resolved, vni.1), proposals[0], proposals[1]];
    site.report("Hội LHPN huyện Vạn Ninh", "năm 2024", &vni_figures);
    site.report(
        "Hội LHPN huyện Diên Khánh",
        "năm 2024",
        &[(recs, dkh.0), (resolved, dkh.1)],
    );
    // Nha Trang gives the recommendations made only: not a rate of 0, no rate at all.
    site.report("Hội LHPN thành phố Nha Trang", "năm 2024", &[(recs, 7)]);
    let petitions = [("petitions_received", cla.0), ("petitions_resolved", cla.1)];
    site.report("Hội LHPN huyện Cam Lâm", "năm 2024", &petitions);

    let (docx, xlsx) = compile(config, "2024-Y", &dir.path().join("out"), &[]);
    let rows = sheet(&xlsx, "Theo dõi kiến nghị");
    let row = |code: &str| {
        rows.iter()
            .find(|r| r.get(1).map(String::as_str) == Some(code))
            .unwrap()
            .clone()
    };
    let n = |v: i64| v.to_string();
    assert_eq!(row("VNI")[3..6], [n(vni.0), n(vni.1), n(percent(vni.1, vni.0))]);
    assert_eq!(row("VNI")[9..12], [n(4), n(4), n(100)]);
    assert_eq!(row("DKH")[3..6], [n(dkh.0), n(dkh.1), n(percent(dkh.1, dkh.0))]);
    assert_eq!(row("NTR")[3..6], ["", "", ""]);
    assert_eq!(row("CLA")[6..9], [n(cla.0), n(cla.1), n(percent(cla.1, cla.0))]);
    let province = rows
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("Toàn tỉnh"))
        .unwrap();
    let (made, done) = (vni.0 + dkh.0, vni.1 + dkh.1);
    assert_eq!(province[3..6], [n(made), n(done), n(percent(done, made))]);

    let text = docx_text(&docx);
    let line = format!(
        "- Kiến nghị sau giám sát được tiếp thu, giải quyết: {done}/{made}, đạt {}% (năm 2023: {}%).",
        percent(done, made),
        percent(5, 10)
    );
    assert!(text.contains(&line), "{line}\n{text}");
    assert!(
        text.contains("Các đơn vị có tỷ lệ dưới 50%: Hội LHPN huyện Diên Khánh, Hội LHPN huyện Cam Lâm."),
        "{text}"
    );

    // The threshold is the province's: at 25% nobody is behind (30% and 25% are not below it).
    let strict = std::fs::read_to_string(config)
        .unwrap()
        .replace("follow_up_below_percent = 50", "follow_up_below_percent = 25");
    std::fs::write(config, strict).unwrap();
    let (docx, _) = compile(config, "2024-Y", &dir.path().join("out25"), &[]);
    assert!(docx_text(&docx).contains("Không có đơn vị nào có tỷ lệ dưới 25%."));
}
