//! The review desk's routes, in-process (the axum router, no network): login and sessions,
//! CSRF on every POST, viewers read only, and what each page shows and does — against a real
//! SQLite store holding two generated reports taken through the pipeline.

mod common;

use axum::http::StatusCode;
use baocao::pipeline::Origin;
use common::desk::{PASSWORD, World, integer_keys};

/// Every page but `/login`, as (path) for GETs — ids filled in by the world.
fn pages(w: &World) -> Vec<String> {
    let b = w.b.1;
    vec![
        "/".into(),
        format!("/submissions/{b}"),
        format!("/submissions/{b}/file"),
        format!("/submissions/{b}/document"),
        "/requests".into(),
        "/reports".into(),
        "/reports/2022-H1/1/docx".into(),
        format!("/reports/units/{}/2022-H1/docx", w.a.0),
        "/outbox".into(),
        "/audit".into(),
        "/chapters".into(),
    ]
}

/// Every POST route with fields that would be accepted from staff.
fn posts(w: &World) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    let (a, b) = (w.a.1, w.b.1);
    vec![
        (
            format!("/submissions/{b}/fields/critiques_led"),
            vec![("value", "6"), ("reason", "theo bản gốc")],
        ),
        (format!("/submissions/{b}/accept"), vec![("note", "đã xác minh")]),
        (format!("/submissions/{b}/resend"), vec![("note", "bổ sung")]),
        (format!("/submissions/{a}/reject"), vec![("note", "gửi nhầm")]),
        (
            "/requests".into(),
            vec![("title", "Tình hình tháng 7"), ("due", "30/7/2022"), ("all", "on")],
        ),
        ("/reports".into(), vec![("period", "2022-H1")]),
        ("/outbox/1/retry".into(), vec![]),
        ("/logout".into(), vec![]),
    ]
}

#[tokio::test]
async fn without_a_session_every_page_redirects_to_login_and_every_post_is_refused() {
    let w = World::new();
    for path in pages(&w) {
        let r = w.client().get(&path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
        assert_eq!(r.location(), format!("/login?next={next}"), "{path}");
    }
    for (path, fields) in posts(&w) {
        let mut c = w.client();
        let token = c.get("/login").await.csrf();
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend(fields);
        let r = c.post_raw(&path, &all).await;
        // A valid token of a session that is not logged in: still to the login page.
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location().starts_with("/login"), "{path}");
    }
    assert!(w.store().audit_log(10, 0).unwrap().is_empty(), "nothing changed");
    let login = w.client().get("/login").await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login.body.contains("Tên đăng nhập") && login.body.contains("name=\"csrf_token\""));
}

#[tokio::test]
async fn every_post_without_the_sessions_csrf_token_is_403_and_changes_nothing() {
    let w = World::new();
    let mut lan = w.logged_in("lan").await;
    let mut other = w.logged_in("lan").await;
    let foreign = other.get("/").await.csrf();
    for (path, fields) in posts(&w) {
        let missing = lan.post_raw(&path, &fields).await;
        assert_eq!(missing.status, StatusCode::FORBIDDEN, "{path} without a token");
        assert!(missing.body.contains("tải lại trang"), "{}", missing.body);
        let mut wrong = vec![("csrf_token", foreign.as_str())];
        wrong.extend(fields.iter().copied());
        assert_eq!(
            lan.post_raw(&path, &wrong).await.status,
            StatusCode::FORBIDDEN,
            "{path}: another session's token"
        );
    }
    // The login form needs it too.
    let r = w
        .client()
        .post_raw("/login", &[("login", "lan"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(w.store().audit_log(10, 0).unwrap().is_empty());
    assert_eq!(lan.get("/").await.status, StatusCode::OK, "still logged in");
}

#[tokio::test]
async fn a_viewer_reads_every_page_and_every_change_is_403() {
    let w = World::new();
    let mut hoa = w.logged_in("hoa").await;
    for path in pages(&w).into_iter().filter(|p| !p.starts_with("/reports/")) {
        assert_eq!(hoa.get(&path).await.status, StatusCode::OK, "{path}");
    }
    let page = hoa.get(&format!("/submissions/{}", w.b.1)).await;
    assert!(!page.body.contains("/fields/"), "no correction forms for a viewer");
    for (path, fields) in posts(&w).into_iter().filter(|(p, _)| p != "/logout") {
        let r = hoa.post("/", &path, &fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(r.body.contains("chỉ được xem"), "{}", r.body);
    }
    assert!(w.store().audit_log(10, 0).unwrap().is_empty());
    assert_eq!(hoa.post("/", "/logout", &[]).await.location(), "/login");
}

#[tokio::test]
async fn a_chapters_reply_to_its_receipt_is_shown_on_its_report() {
    let w = World::new();
    let mut store = w.store();
    let key = baocao::store::MailKey {
        account: "hoilhpn@127.0.0.1".into(),
        folder: "INBOX".into(),
        uid_validity: 1,
        uid: 7,
    };
    let new = baocao::store::NewMail {
        message_id: Some("tl@gmail.com"),
        sha256: "ab",
        sender: Some("canbo@gmail.com"),
        subject: "Re: Bao cao",
        chapter: None,
    };
    let mail = store
        .claim_message(&key, &new, jiff::Timestamp::now())
        .unwrap()
        .unwrap();
    let comment = baocao::store::Comment {
        submission_id: w.b.1,
        sender: Some("canbo@gmail.com".into()),
        body: "Số liệu mục 3 chưa đúng <b>\nsẽ gửi lại".into(),
        received_at: "2026-06-10T02:20:00Z".into(),
    };
    assert!(
        store
            .add_comment(mail, &comment, "Đơn vị phản hồi qua thư", &[], jiff::Timestamp::now())
            .unwrap()
    );
    assert!(
        !store
            .add_comment(mail, &comment, "again", &[], jiff::Timestamp::now())
            .unwrap(),
        "once per mail"
    );
    let mut hoa = w.logged_in("hoa").await;
    let page = hoa.get(&format!("/submissions/{}", w.b.1)).await;
    assert!(page.body.contains("Ý kiến của đơn vị"), "{}", page.body);
    assert!(
        page.body.contains("canbo@gmail.com · 10/06/2026 09:20"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Số liệu mục 3 chưa đúng <b>\nsẽ gửi lại"),
        "{}",
        page.body
    );
    assert!(
        page.raw.contains("chưa đúng &lt;b&gt;"),
        "the chapter's text is escaped"
    );
}

#[tokio::test]
async fn login_rotates_the_session_id_logout_ends_it_and_cookies_are_strict() {
    let w = World::new();
    let mut c = w.client();
    let form = c.get("/login").await;
    let before = c
        .cookie
        .clone()
        .expect("the login form starts a session (for its token)");
    let set = form.headers.get("set-cookie").unwrap().to_str().unwrap().to_string();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=7200"] {
        assert!(set.contains(flag), "{flag} in {set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP on loopback");
    let token = form.csrf();
    let r = c
        .post_raw(
            "/login",
            &[
                ("csrf_token", &token),
                ("login", "lan"),
                ("password", PASSWORD),
                ("next", "/audit"),
            ],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/audit"));
    let after = c.cookie.clone().unwrap();
    assert_ne!(before, after, "a new session id at login");
    assert_ne!(c.get("/").await.csrf(), token, "and a new token");
    let mut stale = w.client();
    stale.cookie = Some(before);
    assert_eq!(
        stale.get("/").await.status,
        StatusCode::SEE_OTHER,
        "the old id is not logged in"
    );
    // A login link cannot send anyone to another site.
    let mut d = w.client();
    let t = d.get("/login").await.csrf();
    let r = d
        .post_raw(
            "/login",
            &[
                ("csrf_token", &t),
                ("login", "lan"),
                ("password", PASSWORD),
                ("next", "//evil.example"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/");
    c.post("/", "/logout", &[]).await;
    assert_eq!(c.get("/").await.status, StatusCode::SEE_OTHER, "logged out");
    let mut replay = w.client();
    replay.cookie = Some(after);
    assert_eq!(
        replay.get("/").await.status,
        StatusCode::SEE_OTHER,
        "the session is gone, not just the cookie"
    );
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_login_for_a_minute() {
    let w = World::new();
    let mut c = w.client();
    for _ in 0..5 {
        let r = c.login("lan", "sai-mat-khau-roi").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("Tên đăng nhập hoặc mật khẩu không đúng."));
    }
    let locked = c.login("lan", PASSWORD).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(locked.body.contains("tạm khóa 60 giây"), "{}", locked.body);
    assert_eq!(c.get("/").await.status, StatusCode::SEE_OTHER);
    // Another account is not locked by them.
    assert_eq!(w.client().login("hoa", PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_grid_shows_each_chapters_state_with_links_and_counts() {
    let w = World::new();
    let mut lan = w.logged_in("lan").await;
    let grid = lan.get("/").await;
    assert_eq!(grid.status, StatusCode::OK);
    let body = &grid.body;
    // 20/6/2022: the annual report of 2022 is current, then 2022-H1, 2021-Y, 2021-H1.
    let heads: Vec<usize> = ["năm 2022", "6 tháng đầu năm 2022", "năm 2021", "6 tháng đầu năm 2021"]
        .iter()
        .map(|h| {
            body.find(&format!("<span class=\"period\">{h}</span>"))
                .unwrap_or_else(|| panic!("{h}"))
        })
        .collect();
    assert!(heads.windows(2).all(|p| p[0] < p[1]), "newest first");
    assert!(body.contains("hạn nộp 15/06/2022"));
    let chapters = w.settings.registry.chapters().len();
    assert!(
        body.contains(&format!("đã nộp 2/{chapters}; 1 cần xem lại")),
        "counts per period"
    );
    let a = format!("<td class=\"cell on_time\"><a href=\"/submissions/{}\"", w.a.1);
    let b = format!("<td class=\"cell review\"><a href=\"/submissions/{}\"", w.b.1);
    assert!(body.contains(&a) && body.contains(&b), "{body}");
    let missing = body.matches("<td class=\"cell missing\">chưa nộp</td>").count();
    assert_eq!(missing, chapters * 4 - 2, "every other cell: not sent");
}

#[tokio::test]
async fn a_correction_on_the_desk_counts_in_show_status_and_compile_and_is_audited() {
    let w = World::new();
    let mut lan = w.logged_in("lan").await;
    let b = w.b.1;
    let page_path = format!("/submissions/{b}");
    let page = lan.get(&page_path).await;
    assert!(
        page.body.contains("Thiếu hoặc không đọc được mục"),
        "the review item is shown"
    );
    // A value of the wrong type: back to the page with the message and what was typed.
    let field = format!("/submissions/{b}/fields/critiques_led");
    let r = lan
        .post(&page_path, &field, &[("value", "abc"), ("reason", "theo bản gốc")])
        .await;
    assert_eq!(
        (r.status, r.location()),
        (
            StatusCode::SEE_OTHER,
            format!("/submissions/{b}#f-critiques_led").as_str()
        )
    );
    let page = lan.get(&page_path).await;
    assert!(page.body.contains("“abc” không phải là số nguyên"), "{}", page.body);
    assert!(page.body.contains("value=\"abc\""), "the typed value is kept");
    assert!(w.store().audit_of(b).unwrap().is_empty());
    // A reason is required.
    lan.post(&page_path, &field, &[("value", "6"), ("reason", " ")]).await;
    assert!(lan.get(&page_path).await.body.contains("Cần ghi lý do"));

    lan.post(&page_path, &field, &[("value", "6"), ("reason", "theo bản gốc")])
        .await;
    let page = lan.get(&page_path).await;
    assert!(page.body.contains("không còn mục nào cần xem lại"), "{}", page.body);
    assert!(page.body.contains("đã sửa; hệ thống đọc được: không có"));
    assert!(page.body.contains("Nguyễn Thị Lan"), "the audit names the person");
    // status and show, from the CLI's own functions.
    let store = w.store();
    let rows = baocao::commands::status::rows(&w.settings, &store, baocao::model::Period::half_year(2022)).unwrap();
    assert_eq!(rows.iter().find(|r| r.chapter == w.b.0).unwrap().status, "accepted");
    let mut shown = Vec::new();
    baocao::commands::status::print_show(&w.settings, &w.b.0, "2022-H1", true, &mut shown).unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&shown).unwrap();
    assert_eq!(shown["fields"]["critiques_led"], 6);
    assert_eq!(shown["corrections"][0]["by"], "lan");
    // The compiled report, from the desk's reports page.
    let r = lan.post("/reports", "/reports", &[("period", "2022-H1")]).await;
    assert_eq!(r.location(), "/reports");
    let reports = lan.get("/reports").await;
    assert!(
        reports.body.contains("Đã tổng hợp báo cáo 6 tháng đầu năm 2022 lần 1."),
        "{}",
        reports.body
    );
    let xlsx = lan.get("/reports/2022-H1/1/xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.bytes.starts_with(b"PK"));
    let path = w.dir.path().join("got.xlsx");
    std::fs::write(&path, &xlsx.bytes).unwrap();
    let totals = common::desk::workbook_totals(&w.settings, &path);
    assert_eq!(totals["critiques_led"], w.figures_a["critiques_led"] + 6);
    let audit = lan.get("/audit").await;
    for needle in ["sửa giá trị", "tiếp nhận", "tổng hợp báo cáo", "Nguyễn Thị Lan"] {
        assert!(audit.body.contains(needle), "{needle}");
    }
}

#[tokio::test]
async fn accept_resend_reject_requests_outbox_and_downloads_work_from_the_desk() {
    let w = World::new();
    let mut lan = w.logged_in("lan").await;
    let (a, b) = (w.a.1, w.b.1);
    let page_b = format!("/submissions/{b}");
    lan.post(
        &page_b,
        &format!("/submissions/{b}/resend"),
        &[("note", "Bổ sung số hội nghị phản biện.")],
    )
    .await;
    assert!(
        lan.get(&page_b)
            .await
            .body
            .contains("Đã gửi thư đề nghị đơn vị gửi lại báo cáo.")
    );
    let outbox = lan.get("/outbox").await;
    assert!(
        outbox.body.contains("Đề nghị gửi lại báo cáo 6 tháng đầu năm 2022"),
        "{}",
        outbox.body
    );
    lan.post(&page_b, &format!("/submissions/{b}/accept"), &[("note", "")])
        .await;
    assert!(
        lan.get(&page_b)
            .await
            .body
            .contains("Đã tiếp nhận bản báo cáo như đã gửi.")
    );
    // Accepting twice: the reason, not an error page.
    lan.post(&page_b, &format!("/submissions/{b}/accept"), &[("note", "")])
        .await;
    assert!(lan.get(&page_b).await.body.contains("không ở trạng thái cần xem lại"));
    // Asking an accepted report to be sent again: the reason too, and no form to decide.
    lan.post(&page_b, &format!("/submissions/{b}/resend"), &[("note", "Ghi chú thử")])
        .await;
    let again = lan.get(&page_b).await;
    assert!(again.body.contains("không ở trạng thái cần xem lại"), "{}", again.body);
    assert!(
        !again.body.contains("/resend\""),
        "no resend form on an accepted report"
    );
    // A decision that does not exist.
    let r = lan.post(&page_b, &format!("/submissions/{b}/approve"), &[]).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let page_a = format!("/submissions/{a}");
    let r = lan
        .post(
            &page_a,
            &format!("/submissions/{a}/reject"),
            &[("note", "Gửi nhầm báo cáo của đơn vị khác.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(lan.get(&page_a).await.body.contains("Không tiếp nhận"));
    let file = lan.get(&format!("/submissions/{a}/file")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.headers["content-disposition"],
        "attachment; filename=\"a.docx\"; filename*=UTF-8''a.docx"
    );
    assert!(file.bytes.starts_with(b"PK"));
    let r = lan
        .post(
            "/requests",
            "/requests",
            &[
                ("title", "Tình hình tháng 7"),
                ("due", "30/7/2022"),
                ("chapter", &w.a.0),
            ],
        )
        .await;
    assert_eq!(r.location(), "/requests");
    let requests = lan.get("/requests").await;
    assert!(
        requests
            .body
            .contains("Đã mở báo cáo đột xuất số 1 năm 2022 (mã 2022-R1), hạn nộp 30/07/2022"),
        "{}",
        requests.body
    );
    assert!(requests.body.contains("Tình hình tháng 7") && requests.body.contains("0/1"));
    let bad = lan
        .post(
            "/requests",
            "/requests",
            &[("title", "X"), ("due", "31/2/2022"), ("all", "on")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::SEE_OTHER);
    assert!(lan.get("/requests").await.body.contains("Hạn nộp chưa đúng dạng"));
    let mail = w.store().outbox().unwrap().into_iter().next().unwrap();
    lan.post("/outbox", &format!("/outbox/{}/retry", mail.id), &[]).await;
    assert!(lan.get("/outbox").await.body.contains("sẽ được gửi lại ngay"));
    let actions: Vec<String> = w
        .store()
        .audit_log(20, 0)
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(actions, ["retry", "request", "reject", "accept", "resend"]);
    assert_eq!(lan.get("/submissions/99999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(lan.get("/reports/2022-H1/7/docx").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_document_view_highlights_the_cell_each_value_came_from() {
    let w = World::new();
    let mut lan = w.logged_in("lan").await;
    let a = w.a.1;
    let page = lan.get(&format!("/submissions/{a}")).await;
    assert!(page.body.contains("bảng 2, dòng"), "places in words");
    let store = w.store();
    let values = store.values(a).unwrap();
    let (_, _, source) = values.iter().find(|(k, _, _)| k == "supervisions_led").unwrap();
    let source = source.clone().unwrap();
    let link: String = form_urlencoded::byte_serialize(source.as_bytes()).collect();
    let href = format!("/submissions/{a}/document?o={link}");
    assert!(
        page.body.contains(&href),
        "the place links to the document view: {href}"
    );
    let doc = lan.get(&href).await;
    assert_eq!(doc.status, StatusCode::OK);
    let label = baocao::form::Form::embedded()
        .field("supervisions_led")
        .unwrap()
        .label
        .clone();
    let value = w.figures_a["supervisions_led"];
    let cell = format!("class=\"hit focus\">{value}<span class=\"sub\">→ {label}</span>");
    assert!(doc.body.contains(&cell), "{cell} in {}", doc.body);
    // Every integer field read is highlighted once, with its label.
    let form = baocao::form::Form::embedded();
    for key in integer_keys() {
        let label = &form.field(&key).unwrap().label;
        assert_eq!(doc.body.matches(&format!("→ {label}</span>")).count(), 1, "{key}");
    }
    assert!(
        doc.body.contains("→ Đơn vị báo cáo") || doc.body.contains(&format!("→ {}", form.field("unit").unwrap().label))
    );
}

#[tokio::test]
async fn what_a_chapter_wrote_is_shown_as_text_never_as_markup() {
    let w = World::new();
    let mut lan = w.logged_in("lan").await;
    let page = lan.get(&format!("/submissions/{}", w.a.1)).await;
    // The section texts come from the chapter's document; none of the page's markup may.
    assert!(page.raw.contains("Tổ chức 5 cuộc giám sát tại các xã."));
    let mut settings = (*w.settings).clone();
    settings.isolation = None;
    let mut store = w.store();
    let evil = w.dir.path().join("<img src=x onerror=alert(1)>.docx");
    std::fs::copy(w.dir.path().join("a.docx"), &evil).unwrap();
    let outcome = baocao::pipeline::process(
        &settings,
        &mut store,
        &evil,
        baocao::pipeline::Origin::External,
        common::desk::at(6, 11, 9),
    )
    .unwrap();
    let page = lan.get(&format!("/submissions/{}", outcome.submission.id)).await;
    assert!(!page.raw.contains("<img src=x"), "escaped");
    assert!(page.raw.contains("&lt;img src=x onerror=alert(1)&gt;.docx"));
}

#[tokio::test]
async fn reports_that_count_for_no_unit_are_listed_above_the_grid() {
    let mut r = common::desk::reported();
    let figures = &r.figures_a.clone();
    // A unit no list knows, and a unit that ended before the deadline of 2022-H1 (the report
    // is attributed to it, with a doubt, yet it owes nothing: no cell of the grid is its).
    let mut units = r.settings.registry.chapters().to_vec();
    units[2].until = Some(jiff::civil::date(2021, 12, 31));
    let ended = units[2].clone();
    r.settings.registry = baocao::registry::Registry::new(units).unwrap();
    let mut ids = vec![];
    for (name, unit) in [
        ("la.docx", "Hội LHPN xã Không Có Tên"),
        ("cu.docx", ended.name.as_str()),
    ] {
        let path = common::desk::write_report(r.dir.path(), name, unit, figures);
        let at = common::desk::at(6, 12, 9);
        let outcome = baocao::pipeline::process(&r.settings, &mut r.store, &path, Origin::External, at).unwrap();
        ids.push(outcome.submission);
    }
    assert_eq!(ids[0].chapter, None);
    assert_eq!(ids[1].chapter.as_deref(), Some(ended.code.as_str()));
    let w = World::of(r);
    let mut lan = w.logged_in("lan").await;
    let body = lan.get("/").await.body;
    let section = &body[body.find("class=\"strays\"").expect("the list of strays")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("Báo cáo chưa tính cho đơn vị nào (2)"), "{section}");
    // Newest first, each linking to its page and saying why it has no cell.
    let (stranger, former) = (
        section
            .find(&format!("<a href=\"/submissions/{}\">la.docx</a>", ids[0].id))
            .unwrap(),
        section
            .find(&format!("<a href=\"/submissions/{}\">cu.docx</a>", ids[1].id))
            .unwrap(),
    );
    assert!(former < stranger, "{section}");
    assert!(section.contains("báo cáo ghi đơn vị “Hội LHPN xã Không Có Tên”, không có trong danh sách đơn vị"));
    assert!(
        section.contains(&format!("{} không phải gửi báo cáo 6 tháng đầu năm 2022", ended.name)),
        "{section}"
    );
    assert!(section.contains("nhận lúc 12/06/2022 09:00"), "{section}");
    // The ended unit has no cell for 2022-H1 (it owes nothing), the two chapters keep theirs.
    let status =
        baocao::commands::status::rows(&w.settings, &w.store(), baocao::model::Period::half_year(2022)).unwrap();
    assert!(!status.iter().any(|s| s.chapter == ended.code));

    // A person counts each for the unit that sent it, chosen among the units owing 2022-H1.
    let (stranger, former) = (ids[0].id, ids[1].id);
    let choices = lan.get(&format!("/submissions/{stranger}")).await.body;
    let d = &w.settings.registry.chapters()[3];
    assert!(
        choices.contains(&format!("<option value=\"{}\">{}</option>", d.code, d.name)),
        "{choices}"
    );
    assert!(
        !choices.contains(&format!("<option value=\"{}\"", ended.code)),
        "the ended unit is no choice"
    );
    let said = |body: &str, text: &str| assert!(body.contains(text), "{text}\n{body}");
    choose(&mut lan, stranger, &ended.code).await;
    let body = lan.get(&format!("/submissions/{stranger}")).await.body;
    said(
        &body,
        &format!("{} không phải gửi báo cáo 6 tháng đầu năm 2022.", ended.name),
    );
    choose(&mut lan, stranger, &d.code).await;
    let body = lan.get(&format!("/submissions/{stranger}")).await.body;
    said(
        &body,
        &format!("Đã ghi nhận báo cáo cho {}; bản báo cáo đã được tiếp nhận.", d.name),
    );
    // The former unit's report goes to the first chapter, newer than its own: it counts now.
    choose(&mut lan, former, &w.a.0).await;
    let store = w.store();
    assert_eq!(
        store.by_id(w.a.1).unwrap().unwrap().status,
        baocao::model::Status::Superseded
    );
    assert_eq!(
        store.by_id(former).unwrap().unwrap().chapter.as_deref(),
        Some(w.a.0.as_str())
    );
    let grid = lan.get("/").await.body;
    assert!(!grid.contains("class=\"strays\""), "none left without a cell");
    for id in [stranger, former] {
        assert!(grid.contains(&format!("<a href=\"/submissions/{id}\"")), "{grid}");
    }
    let audited: Vec<_> = store
        .audit_of(stranger)
        .unwrap()
        .into_iter()
        .map(|a| (a.action, a.field, a.new))
        .collect();
    let chosen = (
        "correct".to_string(),
        Some("unit".to_string()),
        Some(format!("\"{}\"", d.code)),
    );
    assert!(audited.contains(&chosen), "{audited:?}");
    // Moved on to another unit, it leaves the first chapter its own report again, held.
    choose(&mut lan, former, &w.settings.registry.chapters()[4].code).await;
    let store = w.store();
    assert_eq!(
        store.by_id(w.a.1).unwrap().unwrap().status,
        baocao::model::Status::NeedsReview
    );
    let items = store.review_items(w.a.1).unwrap();
    let why = format!(
        "Bản báo cáo số {former} gửi sau bản này đã được ghi nhận cho đơn vị khác, nên bản này được dùng lại — cần xem lại trước khi tổng hợp"
    );
    assert!(items.iter().any(|(f, m)| f.is_none() && *m == why), "{items:?}");
}

/// Counts submission `id` for unit `code` from its page, as the staff's list sends it.
async fn choose(c: &mut common::desk::Client, id: i64, code: &str) {
    let fields = [("value", code), ("reason", "Đơn vị gọi điện xác nhận")];
    let r = c
        .post(
            &format!("/submissions/{id}"),
            &format!("/submissions/{id}/fields/unit"),
            &fields,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn after_the_reform_the_grid_groups_the_communes_under_their_former_district() {
    let mut r = common::desk::reported();
    let list = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/units-2025.csv");
    baocao::units::load(&mut r.settings, &mut r.store).unwrap();
    let plan = baocao::units::plan(&r.store, &list).unwrap();
    baocao::units::apply(&mut r.store, &plan, &list, "test", jiff::Timestamp::now()).unwrap();
    baocao::units::load(&mut r.settings, &mut r.store).unwrap();
    // The list's own columns, read with the csv crate: code, name, parent.
    let units: Vec<(String, String, String)> = csv::Reader::from_path(&list)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[0].to_string(), r[1].to_string(), r[3].to_string()))
        .collect();
    let name = |code: &str| units.iter().find(|u| u.0 == code).unwrap().1.clone();
    let wards: Vec<&str> = units.iter().filter(|u| u.2 == "NTR").map(|u| u.1.as_str()).collect();
    let parents: std::collections::BTreeSet<&str> =
        units.iter().map(|u| u.2.as_str()).filter(|p| !p.is_empty()).collect();

    // 10/1/2026: 2026-H1, 2025-Y (the communes owe them), 2025-H1, 2024-Y (the districts).
    let w = World::of_at(r, common::local(jiff::civil::date(2026, 1, 10), 9));
    let mut lan = w.logged_in("lan").await;
    let body = lan.get("/").await.body;
    let heading = |n: &str| format!("<th scope=\"rowgroup\" class=\"chapter\">{n}</th>");
    let row = |n: &str| format!("<th scope=\"row\" class=\"chapter\">{n}</th>");
    assert_eq!(
        body.matches("<tr class=\"group\">").count(),
        parents.len() + 1,
        "one heading per former district and one for the direct units"
    );
    let at = |needle: String| body.find(&needle).unwrap_or_else(|| panic!("{needle}"));
    let ntr = name("NTR");
    let (h, own) = (at(heading(&ntr)), at(row(&ntr)));
    let ward_rows: Vec<usize> = wards.iter().map(|n| at(row(n))).collect();
    assert!(
        h < own && ward_rows.iter().all(|&p| p > own),
        "heading, the district, its wards"
    );
    let next = parents
        .iter()
        .filter_map(|p| body.find(&heading(&name(p))))
        .filter(|&p| p > h)
        .min();
    assert!(
        ward_rows.iter().all(|&p| next.is_none_or(|n| p < n)),
        "the wards together"
    );
    // Per period: 2026-H1 and 2025-Y owed by the wards, 2025-H1 and 2024-Y by the district.
    let group_row = &body[h..own];
    let n = wards.len();
    assert!(
        group_row.contains(&format!(
            "<td>đã nộp 0/{n}</td><td>đã nộp 0/{n}</td><td>đã nộp 0/1</td><td>đã nộp 0/1</td>"
        )),
        "{group_row}"
    );
    let direct = at(heading("Các đơn vị trực thuộc"));
    assert!(direct > ward_rows[0], "the direct units last");
    assert!(body[direct..].contains(&row("Hội Phụ nữ Công an tỉnh")));
}
