//! A compiled version is known by what it is built from, not by how a release lays it out: a
//! version recorded by an earlier release (its hash of the whole compilation) compiles again
//! as the same version after an upgrade; changed figures make the next — through the real
//! binary and SQLite file.

mod common;

use baocao::model::Period;
use common::cli::{Site, compile};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Sets the recorded hash of every version of `period`, as an older release would have.
fn record_hash(db: &Path, period: &str, hash: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let n = conn
        .execute(
            "UPDATE reports SET inputs_sha256 = ?1 WHERE period = ?2",
            [hash, period],
        )
        .unwrap();
    assert_eq!(n, 1);
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn a_version_recorded_by_an_earlier_release_is_the_same_version_after_the_upgrade() {
    let site = Site::new();
    let config = &site.config;
    site.report("Hội LHPN huyện Vạn Ninh", "năm 2024", &[("supervisions_led", 4)]);
    let (docx, _) = compile(config, "2024-Y", &site.dir.path().join("v1"), &[]);
    assert_eq!(file_name(&docx), "bao-cao-2024-Y.docx");

    // The earlier release's hash: the SHA-256 of the whole compilation as serialised.
    let mut settings = baocao::config::Settings::load(Some(config)).unwrap();
    let mut store = baocao::store::Store::open(&settings.database()).unwrap();
    baocao::units::load(&mut settings, &mut store).unwrap();
    let c = baocao::compile::gather(&settings, &store, Period::annual(2024)).unwrap();
    let legacy: String = Sha256::digest(serde_json::to_vec(&c).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let db = settings.database();
    record_hash(&db, "2024-Y", &legacy);
    let (docx, _) = compile(config, "2024-Y", &site.dir.path().join("upgraded"), &[]);
    assert_eq!(file_name(&docx), "bao-cao-2024-Y.docx", "still version 1");
    let rows = store.reports(&Period::annual(2024)).unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].inputs_sha256, legacy, "the version takes the new hash");

    // A hash of other inputs is another version.
    record_hash(&db, "2024-Y", &"0".repeat(64));
    let (docx, _) = compile(config, "2024-Y", &site.dir.path().join("changed"), &[]);
    assert_eq!(file_name(&docx), "bao-cao-2024-Y-lan-2.docx");
}
