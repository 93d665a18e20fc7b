//! Ad-hoc requests from the command line: opened with `request add`, answered by a chapter's
//! document that names the request's subject, chased by `remind`, listed by `outbox`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn baocao(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env_remove("BAOCAO_CONFIG")
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const TITLE: &str = "Kết quả giám sát chính sách hỗ trợ phụ nữ khởi nghiệp";

/// A month from today: files are ingested at the real time, and a request takes answers only
/// until a while after its deadline.
fn in_a_month() -> jiff::civil::Date {
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Ho_Chi_Minh").unwrap())
        .date();
    today.checked_add(jiff::ToSpan::days(30)).unwrap()
}

/// `request add` of [`TITLE`] due on `due` to `chapters` (codes separated by commas).
fn add(config: &Path, due: jiff::civil::Date, chapters: &str) -> Output {
    let due = due.to_string();
    baocao(
        config,
        &[
            "request",
            "add",
            "--title",
            TITLE,
            "--due",
            &due,
            "--chapters",
            chapters,
        ],
    )
}

#[test]
fn a_request_is_answered_chased_and_its_mail_listed() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.0);
    // The request is due next month: its chapters must exist then, so here the shipped
    // districts have not ended (their end on 30/6/2025 is tested in tests/units.rs).
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("until = \"2025-06-30\"\n", "");
    std::fs::write(&config, text).unwrap();
    let due = in_a_month();
    let week_before = due.checked_add(jiff::ToSpan::days(-7)).unwrap().to_string();
    let code = format!("{}-R1", due.year());
    let added = add(&config, due, "VNI,DKH");
    assert!(added.status.success(), "{added:?}");
    assert!(
        stdout(&added).starts_with(&format!("{code}  due {due}")),
        "{}",
        stdout(&added)
    );
    let unknown = baocao(
        &config,
        &[
            "request",
            "add",
            "--title",
            "X y z",
            "--due",
            "2031-10-01",
            "--chapters",
            "XYZ",
        ],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("`XYZ` is not a chapter that exists on"));
    let list: serde_json::Value =
        serde_json::from_str(&stdout(&baocao(&config, &["request", "list", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["chapters"], serde_json::json!(["VNI", "DKH"]));

    // Vạn Ninh answers, writing the subject without diacritics; Nha Trang, not asked, too.
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let figures = [
        ("supervisions_led", "2"),
        ("supervisions_joint", "1"),
        ("critiques_led", "1"),
    ];
    let period_text = "Bao cao dot xuat: ket qua giam sat chinh sach ho tro phu nu khoi nghiep";
    common::forms::standard("Hội LHPN huyện Vạn Ninh", period_text, &figures).write_docx(&inbox.join("vni.docx"));
    common::forms::standard("Hội LHPN thành phố Nha Trang", period_text, &figures).write_docx(&inbox.join("ntr.docx"));
    let ingested = baocao(&config, &["ingest", inbox.to_str().unwrap()]);
    assert!(ingested.status.success(), "{ingested:?}");
    let settings = baocao::config::Settings::load(Some(&config)).unwrap();
    let rows = common::submissions(&settings);
    let by_file = |name: &str| rows.iter().find(|r| r.file_name == name).unwrap();
    let vni = by_file("vni.docx");
    assert_eq!(
        (vni.period.as_deref(), vni.status.as_str()),
        (Some(code.as_str()), "accepted")
    );
    let ntr = by_file("ntr.docx");
    assert_eq!(
        (ntr.period.as_deref(), ntr.status.as_str()),
        (Some(code.as_str()), "needs_review")
    );
    let store = baocao::store::Store::open(&settings.database()).unwrap();
    let items = store.review_items(ntr.id).unwrap();
    assert!(
        items
            .iter()
            .any(|(_, m)| m.contains("không có trong danh sách được yêu cầu")),
        "{items:?}"
    );

    // A week before the deadline only Diên Khánh is still to report (the regular periods may
    // be chased that day too, depending on the date the test runs).
    let dry = baocao(&config, &["remind", "--today", &week_before, "--dry-run"]);
    assert!(dry.status.success(), "{dry:?}");
    let lines: Vec<String> = stdout(&dry)
        .lines()
        .filter(|l| l.starts_with("would send") && l.contains(&code))
        .map(String::from)
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("DKH") && lines[0].contains("before-7"), "{lines:?}");
    assert!(store.ledger().unwrap().is_empty(), "a dry run records nothing");
    let sent = baocao(&config, &["remind", "--today", &week_before]);
    assert!(sent.status.success(), "{sent:?}");
    let outbox: serde_json::Value = serde_json::from_str(&stdout(&baocao(&config, &["outbox", "--json"]))).unwrap();
    let reminder = outbox
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "reminder")
        .expect("the reminder is listed");
    assert_eq!(reminder["status"], "sent");
    assert_eq!(
        reminder["subject"],
        format!(
            "Nhắc nộp báo cáo đột xuất “{TITLE}” (hạn {}/{}/{})",
            due.day(),
            due.month(),
            due.year()
        )
    );
    assert_eq!(
        reminder["attachments"].as_array().unwrap().len(),
        2,
        "Word and Excel forms"
    );
    let eml = settings
        .data_dir
        .join("outbox")
        .join(format!("reminder-before-7.{code}.DKH.eml"));
    assert!(eml.is_file(), "{} written", eml.display());
    let again = baocao(&config, &["remind", "--today", &week_before]);
    assert!(stdout(&again).starts_with("0 reminders"), "{}", stdout(&again));

    // The compiled report of the request covers the chapters asked, under its subject.
    let compiled =
        baocao::compile::gather(&settings, &store, baocao::model::Period::parse_code(&code).unwrap()).unwrap();
    let codes: Vec<&str> = compiled.chapters.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["VNI", "DKH"]);
    let out_dir = dir.path().join("reports");
    let made = baocao(
        &config,
        &["compile", "--period", &code, "--out", out_dir.to_str().unwrap()],
    );
    assert!(made.status.success(), "{made:?}");
    // This configuration names no signer: the IT person is told, the report still made.
    let warned = String::from_utf8_lossy(&made.stderr);
    assert!(warned.contains("warning: [report] signer_name is empty"), "{warned}");
    let docx = std::fs::read(out_dir.join(format!("bao-cao-{code}.docx"))).unwrap();
    let (_, doc) = baocao::extract::read_document(&docx, &baocao::extract::Limits::default()).unwrap();
    let text: String = doc.lines.iter().map(|l| l.text()).collect::<Vec<_>>().join("\n");
    // The title is the request's subject, one phrase; the opening sentence says it answers it.
    let lines: Vec<&str> = text.lines().collect();
    let title = lines.iter().position(|l| *l == "BÁO CÁO").expect("the title");
    assert_eq!(lines[title + 1], TITLE, "{text}");
    let intro = format!(
        "Thực hiện yêu cầu báo cáo đột xuất số 1 năm {} ({TITLE}), Ban Thường vụ",
        due.year()
    );
    assert!(text.contains(&intro), "{text}");
    // Vạn Ninh answered, Diên Khánh did not (the reminders above went to it).
    assert!(text.contains("Đã có 1/2 đơn vị gửi báo cáo"), "{text}");
    // The figures' column does not repeat the request's long name: the title said it.
    let heading = doc
        .lines
        .iter()
        .find(|l| l.cells.first().is_some_and(|c| c.text == "STT"))
        .unwrap();
    let heads: Vec<&str> = heading.cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(heads, ["STT", "Chỉ tiêu", "Kết quả"]);
}

#[test]
fn after_the_reform_an_answer_naming_a_district_is_read_for_the_commune_of_its_due_day() {
    let site = common::cli::Site::after_the_reform();
    let config = &site.config;
    let due = in_a_month();
    assert!(add(config, due, "X-VAN-NINH,X-DAI-LANH").status.success());
    // An old letterhead: the district of Vạn Ninh ended on 30/6/2025; on the request's due day
    // the unit of that name is the commune.
    let period_text = "Bao cao dot xuat: ket qua giam sat chinh sach ho tro phu nu khoi nghiep";
    site.report("Hội LHPN huyện Vạn Ninh", period_text, &[("supervisions_led", 2)]);
    let settings = baocao::config::Settings::load(Some(config)).unwrap();
    let rows = common::submissions(&settings);
    let row = rows.last().unwrap();
    assert_eq!(row.chapter.as_deref(), Some("X-VAN-NINH"), "{row:?}");
    assert_eq!(row.period.as_deref(), Some(format!("{}-R1", due.year()).as_str()));
    assert_eq!(row.status.as_str(), "needs_review");
    let store = baocao::store::Store::open(&settings.database()).unwrap();
    let items = store.review_items(row.id).unwrap();
    assert!(
        items.iter().any(|(_, m)| m
            .starts_with("Báo cáo ghi \"Hội LHPN huyện Vạn Ninh\", đơn vị không còn (hoặc chưa) báo cáo vào hạn nộp")
            && m.contains(&due.strftime("(%d/%m/%Y)").to_string())
            && m.ends_with("đã ghi nhận cho Hội LHPN xã Vạn Ninh — cần kiểm tra lại đơn vị gửi báo cáo")),
        "{items:?}"
    );
}
