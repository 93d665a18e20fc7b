//! The real binary run as the IT person runs it: one command on a configuration file, its
//! output checked, and the compiled workbook read back.
#![allow(dead_code)]

use calamine::{Data, Reader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `baocao --config CONFIG ARGS…`, which must succeed.
pub fn baocao(config: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env_remove("BAOCAO_CONFIG")
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    out
}

/// What a command printed on stdout.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (code, status) of every unit `status --json` lists for `period`.
pub fn status(config: &Path, period: &str) -> Vec<(String, String)> {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&stdout(&baocao(config, &["status", "--period", period, "--json"]))).unwrap();
    let text = |r: &serde_json::Value, key: &str| r[key].as_str().unwrap().to_string();
    rows.iter().map(|r| (text(r, "chapter"), text(r, "status"))).collect()
}

/// `compile [--period PERIOD] --out OUT MORE…`, dated 10/01/2026 (an empty `period` is left out,
/// for `--term`); returns the (docx, xlsx) written.
pub fn compile(config: &Path, period: &str, out: &Path, more: &[&str]) -> (PathBuf, PathBuf) {
    let mut args = vec!["compile", "--out", out.to_str().unwrap(), "--today", "2026-01-10"];
    if !period.is_empty() {
        args.extend(["--period", period]);
    }
    args.extend(more);
    baocao(config, &args);
    let find = |ext: &str| {
        std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap()
    };
    (find("docx"), find("xlsx"))
}

/// Every row of a sheet as text (numbers as Excel shows them, empty cells as "").
pub fn sheet(xlsx: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(xlsx).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The text of a Word file, one line per paragraph or table row.
pub fn docx_text(docx: &Path) -> String {
    let bytes = std::fs::read(docx).unwrap();
    let (_, doc) = baocao::extract::read_document(&bytes, &baocao::extract::Limits::default()).unwrap();
    let lines: Vec<String> = doc
        .lines
        .iter()
        .map(|l| l.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" | "))
        .collect();
    lines.join("\n")
}

/// A fresh installation on the shipped configuration: its folder, its `baocao.toml`, and a
/// folder for the reports the tests write before ingesting them.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub files: PathBuf,
}

impl Site {
    /// The shipped units only (the ten chapters, the districts ending on 30/6/2025).
    pub fn new() -> Site {
        let dir = super::tempdir();
        let config = super::config_in(dir.path(), 0.0);
        let files = dir.path().join("files");
        std::fs::create_dir_all(&files).unwrap();
        Site { dir, config, files }
    }

    /// With the example import of the 2025 communes applied.
    pub fn after_the_reform() -> Site {
        let site = Site::new();
        let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/units-2025.csv");
        baocao(&site.config, &["units", "import", "--apply", list.to_str().unwrap()]);
        site
    }

    /// Writes the province's form filled in by `unit` for `period` with `figures` (keys of the
    /// form) as a Word file, and ingests it.
    pub fn report(&self, unit: &str, period: &str, figures: &[(&str, i64)]) -> PathBuf {
        let name = format!("{unit}-{period}.docx").replace(' ', "-");
        let path = self.files.join(name);
        let texts: Vec<(&str, String)> = figures.iter().map(|(k, v)| (*k, v.to_string())).collect();
        let figures: Vec<(&str, &str)> = texts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        super::forms::standard(unit, period, &figures).write_docx(&path);
        baocao(&self.config, &["ingest", path.to_str().unwrap()]);
        path
    }
}
