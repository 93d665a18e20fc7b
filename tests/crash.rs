//! `kill -9` of the daemon mid-batch, several times: after a restart every file is accounted
//! for exactly once — stored once, filed once, none left behind, none lost.

mod common;

use common::forms::standard;
use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn spawn_daemon(config: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("--config")
        .arg(config)
        .arg("run")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn sigkill_mid_batch_then_restart_accounts_for_every_file_once() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.2);
    let settings = baocao::config::Settings::load(Some(&config)).unwrap();
    std::fs::create_dir_all(&settings.inbox).unwrap();
    let chapters = [
        "Nha Trang",
        "Cam Ranh",
        "Ninh Hòa",
        "Vạn Ninh",
        "Diên Khánh",
        "Cam Lâm",
        "Khánh Vĩnh",
        "Khánh Sơn",
    ];
    let total = 40;
    for i in 0..total {
        let unit = format!("Hội LHPN {}", chapters[i % chapters.len()]);
        let period = if i % 2 == 0 {
            "6 tháng đầu năm 2021"
        } else {
            "năm 2021"
        };
        let led = (i + 1).to_string();
        standard(
            &unit,
            period,
            &[
                ("supervisions_led", &led),
                ("supervisions_joint", "1"),
                ("critiques_led", "2"),
            ],
        )
        .write_docx(&settings.inbox.join(format!("bao-cao-{i:02}.docx")));
    }
    // Kill the daemon hard, at different moments, three times.
    for (round, wait_for) in [5usize, 15, 25].into_iter().enumerate() {
        let mut child = spawn_daemon(&config);
        let reached = common::wait_until(60, || common::submissions(&settings).len() >= wait_for);
        std::thread::sleep(Duration::from_millis(37 * round as u64));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert!(reached, "round {round}: daemon stored fewer than {wait_for} files");
    }
    let mut child = spawn_daemon(&config);
    let done = common::wait_until(120, || {
        common::submissions(&settings).len() >= total && common::sample_files_left(&settings.inbox).is_empty()
    });
    // SAFETY: plain kill(2) of our own child with SIGTERM, to stop it gracefully.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert!(done, "not all files were taken after the restart");
    assert!(status.success(), "graceful stop on SIGTERM: {status:?}");
    let rows = common::submissions(&settings);
    assert_eq!(rows.len(), total, "each file stored exactly once");
    let hashes: HashSet<&str> = rows.iter().map(|r| r.sha256.as_str()).collect();
    assert_eq!(hashes.len(), total, "no bytes stored twice");
    assert!(
        rows.iter()
            .all(|r| r.moved && std::path::Path::new(&r.stored_path).is_file())
    );
    let names: HashSet<&str> = rows.iter().map(|r| r.file_name.as_str()).collect();
    assert_eq!(names.len(), total);
    assert_eq!(
        common::sample_files_left(&settings.data_dir.join("archive")).len(),
        total
    );
    assert!(common::sample_files_left(&settings.inbox).is_empty());
}
