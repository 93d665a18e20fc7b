//! Shared helpers for integration tests: sample paths, the default settings, fresh folders.
#![allow(dead_code)]

pub mod daemon;
pub mod forms;

use baocao::config::Settings;
use std::path::PathBuf;

/// The chapters' sample documents shipped beside the repository (`../shared/samples`).
pub fn samples_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/samples");
    assert!(
        dir.join("truth.json").is_file(),
        "sample documents not found at {}",
        dir.display()
    );
    dir
}

/// `truth.json`: file name → {chapter, period, fields, layout...}.
pub fn truth() -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read_to_string(samples_dir().join("truth.json")).expect("truth.json readable");
    serde_json::from_str(&text).expect("truth.json is JSON")
}

/// The embedded default settings.
pub fn settings() -> Settings {
    Settings::load(None).expect("embedded settings load")
}

/// A fresh temporary folder for one test.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The embedded configuration, its templates folder pointing at this repository's, so that a
/// copy written into a temporary folder finds them.
pub fn embedded_config() -> String {
    let templates = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
    baocao::config::EMBEDDED_CONFIG.replace("templates = \"templates\"", &format!("templates = \"{templates}\""))
}

/// A configuration in `dir` (inbox and data inside it) with a short settle time.
pub fn config_in(dir: &std::path::Path, settle_seconds: f64) -> PathBuf {
    let text = embedded_config().replace(
        "inbox = \"inbox\"",
        &format!("inbox = \"inbox\"\nsettle_seconds = {settle_seconds}\nrescan_minutes = 0.05"),
    );
    let path = dir.join("baocao.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Settings from [`config_in`], reading files in a supervised child of the built binary.
pub fn daemon_settings(dir: &std::path::Path, settle_seconds: f64) -> Settings {
    let mut settings = Settings::load(Some(&config_in(dir, settle_seconds))).unwrap();
    settings.isolate_with(PathBuf::from(env!("CARGO_BIN_EXE_baocao")));
    // These daemons run on the real clock: reminders would depend on the day the tests run.
    // The reminder tests set their own clock (tests/reminders.rs).
    settings.reminders.enabled = false;
    settings
}

/// Polls `check` every 100 ms until it is true or `seconds` pass; false on time-out.
pub fn wait_until(seconds: u64, mut check: impl FnMut() -> bool) -> bool {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while std::time::Instant::now() < end {
        if check() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    check()
}

/// Number of stored submissions (0 before the database exists).
pub fn submissions(settings: &Settings) -> Vec<baocao::store::SubmissionRow> {
    if !settings.database().exists() {
        return vec![];
    }
    baocao::store::Store::open(&settings.database())
        .and_then(|s| s.all())
        .unwrap_or_default()
}

/// The sample files (not README or truth.json).
pub fn sample_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = truth().keys().map(|k| samples_dir().join(k)).collect();
    v.sort();
    v
}

/// Names of the files left under a folder (recursively), sorted.
pub fn sample_files_left(dir: &std::path::Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                names.push(e.file_name().to_string_lossy().into_owned());
            }
        }
    }
    names.sort();
    names
}

/// Settings for a folder whose mail goes to a loopback SMTP server on `port`.
pub fn smtp_settings(dir: &std::path::Path, port: u16) -> Settings {
    let smtp = format!(
        "transport = \"smtp\"\n\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout_seconds = 5"
    );
    let text = embedded_config().replace("\ntransport = \"file\"\n", &format!("\n{smtp}\n"));
    let path = dir.join("baocao.toml");
    std::fs::write(&path, text).unwrap();
    Settings::load_with_env(Some(&path), |_| None).unwrap()
}

/// `day` at `hour`:00 in Asia/Ho_Chi_Minh, the instant reminders and arrivals are dated.
pub fn local(day: jiff::civil::Date, hour: i8) -> jiff::Timestamp {
    day.at(hour, 0, 0, 0)
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Ho_Chi_Minh").unwrap())
        .unwrap()
        .timestamp()
}
