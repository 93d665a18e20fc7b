//! The desk in a real browser: Debian's Chromium driven through chromedriver (WebDriver, from
//! Rust with fantoccini) against the desk served on a loopback socket. Log in → the grid →
//! open the report that needs review → correct a value → see the audit entry → compile and
//! download the workbook, whose total carries the correction. A screenshot of each page is
//! kept in `target/tmp/desk-screenshots/` to look at.

mod common;

use common::desk::{PASSWORD, World};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// chromedriver on a free port, killed when dropped.
struct Driver {
    child: std::process::Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver() -> Driver {
    let port = free_port();
    let child = std::process::Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("chromedriver (Debian package chromium-driver) must be installed: .ci/run installs it");
    let driver = Driver { child, port };
    let up = common::wait_until(20, || std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
    assert!(up, "chromedriver did not start");
    driver
}

async fn browser(driver: &Driver, downloads: &Path) -> Client {
    let options = serde_json::json!({
        // Root in a container has no user namespaces for Chromium's sandbox.
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1400,1000", "--lang=vi"],
        "prefs": {"download.default_directory": downloads, "download.prompt_for_download": false},
    });
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session through chromedriver")
}

async fn shot(client: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("desk-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

async fn text(client: &Client) -> String {
    client.find(Locator::Css("body")).await.unwrap().text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run installs them and runs it"]
async fn log_in_correct_a_value_see_the_audit_and_download_the_workbook() {
    let w = World::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let cancel = tokio_util::sync::CancellationToken::new();
    let server = tokio::spawn(baocao::desk::serve(w.desk.clone(), listener, cancel.clone()));
    let driver = start_driver();
    let downloads = w.dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let c = browser(&driver, &downloads).await;

    c.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/login",
        "sent to the login page"
    );
    shot(&c, "1-login").await;
    c.find(Locator::Id("login"))
        .await
        .unwrap()
        .send_keys("lan")
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form.login button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Css("table.grid")).await.unwrap();
    let grid = text(&c).await;
    assert!(
        grid.contains("Nguyễn Thị Lan") && grid.contains("cần xem lại"),
        "{grid}"
    );
    shot(&c, "2-grid").await;

    c.find(Locator::Css("td.cell.review a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Id("f-critiques_led")).await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), format!("/submissions/{}", w.b.1));
    shot(&c, "3-submission").await;
    // The place a value was read from opens the document with that cell marked.
    let source = c.find(Locator::Css("#f-supervisions_led td.source a")).await.unwrap();
    source.click().await.unwrap();
    let marked = c.wait().for_element(Locator::Css("td.hit.focus")).await.unwrap();
    let led = w.figures_b["supervisions_led"].to_string();
    assert!(
        marked.text().await.unwrap().starts_with(&led),
        "the focused cell holds the value"
    );
    shot(&c, "3b-document").await;
    c.back().await.unwrap();
    c.wait().for_element(Locator::Id("f-critiques_led")).await.unwrap();
    let row = c.find(Locator::Id("f-critiques_led")).await.unwrap();
    // A flagged field's form is open; the others fold under "Sửa giá trị".
    row.find(Locator::Css("input[name=value]"))
        .await
        .unwrap()
        .send_keys("6")
        .await
        .unwrap();
    let reason = row.find(Locator::Css("input[name=reason]")).await.unwrap();
    reason.send_keys("Theo công văn gốc của đơn vị").await.unwrap();
    row.find(Locator::Css("button")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("p.flash.ok")).await.unwrap();
    let page = text(&c).await;
    assert!(page.contains("không còn mục nào cần xem lại"), "{page}");
    let audit = c.find(Locator::Id("audit")).await.unwrap().text().await.unwrap();
    assert!(
        audit.contains("Nguyễn Thị Lan") && audit.contains("sửa giá trị"),
        "{audit}"
    );
    assert!(
        audit.contains("không có → 6") && audit.contains("Theo công văn gốc của đơn vị"),
        "{audit}"
    );
    shot(&c, "4-corrected").await;

    c.goto(&format!("{base}/reports")).await.unwrap();
    let compile = c
        .find(Locator::XPath("//input[@name='period' and @value='2022-H1']/.."))
        .await
        .unwrap();
    compile
        .find(Locator::Css("button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Css("p.flash.ok")).await.unwrap();
    shot(&c, "5-reports").await;
    c.find(Locator::Css("a[href='/reports/2022-H1/1/xlsx']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let downloaded = || {
        std::fs::read_dir(&downloads)
            .unwrap()
            .filter_map(|e| Some(e.ok()?.path()))
            .find(|p| p.extension().is_some_and(|x| x == "xlsx"))
    };
    assert!(
        common::wait_until(20, || downloaded().is_some()),
        "the workbook was downloaded"
    );
    let totals = common::desk::workbook_totals(&w.settings, &downloaded().unwrap());
    assert_eq!(totals["critiques_led"], w.figures_a["critiques_led"] + 6);

    c.close().await.unwrap();
    cancel.cancel();
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}
