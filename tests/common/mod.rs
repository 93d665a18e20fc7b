//! Shared helpers for integration tests: sample paths, the default settings, fresh folders.
#![allow(dead_code)]

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
