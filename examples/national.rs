//! The national shape, timed: 34 provinces and 3,321 communes under them (from 1/7/2025), as
//! a units list imported like the staff's, two annual periods of generated records, then the
//! registry loaded, `status` (who owes, who sent) and the compiled report grouped by province.
//! `cargo run --release --example national`
use baocao::config::Settings;
use baocao::model::Period;
use baocao::store::Store;
use std::fmt::Write;
use std::time::Instant;

#[path = "shared/records.rs"]
mod records;

const PROVINCES: usize = 34;
const COMMUNES: usize = 3_321;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(None).unwrap();
    settings.data_dir = dir.path().join("data");
    let mut store = Store::open(&settings.database()).unwrap();
    baocao::units::load(&mut settings, &mut store).unwrap();
    let list = dir.path().join("don-vi.csv");
    std::fs::write(&list, units_csv()).unwrap();

    let t = Instant::now();
    let plan = baocao::units::plan(&store, &list).unwrap();
    let planned = t.elapsed();
    let t = Instant::now();
    baocao::units::apply(&mut store, &plan, &list, "bench", jiff::Timestamp::now()).unwrap();
    let imported = t.elapsed();
    let t = Instant::now();
    baocao::units::load(&mut settings, &mut store).unwrap();
    let loaded = t.elapsed();

    let communes: Vec<String> = (0..COMMUNES).map(commune_code).collect();
    let t = Instant::now();
    records::insert(&settings, &communes, Period::annual(2025));
    records::insert(&settings, &communes, Period::annual(2026));
    let stored = t.elapsed();

    let period = Period::annual(2026);
    let t = Instant::now();
    let standing = baocao::owed::owed(&settings, &store, &period).unwrap().standing;
    let status = t.elapsed();
    let t = Instant::now();
    let out = dir.path().join("reports");
    let today = jiff::civil::date(2026, 12, 20);
    let compiled = baocao::compile::compile(&settings, &store, period, today, jiff::Timestamp::now(), &out).unwrap();
    let compile = t.elapsed();
    let c = &compiled.compilation;
    let size = |p: &std::path::Path| std::fs::metadata(p).unwrap().len() / 1024;
    println!(
        "{} units listed ({} new): read and checked {:.2} s, stored {:.2} s, loaded {:.2} s",
        plan.units.len(),
        plan.changes.len(),
        planned.as_secs_f64(),
        imported.as_secs_f64(),
        loaded.as_secs_f64()
    );
    println!(
        "status {period}: {} owe, {} sent, {:.2} s",
        standing.len(),
        standing.iter().filter(|s| s.current.is_some()).count(),
        status.as_secs_f64()
    );
    println!(
        "compile {period}: {:.2} s, {} groups, docx {} KiB, xlsx {} KiB (setup: {:.1} s to store {} submissions)",
        compile.as_secs_f64(),
        c.groups.len(),
        size(&compiled.docx),
        size(&compiled.xlsx),
        stored.as_secs_f64(),
        2 * COMMUNES
    );
    let total = planned + imported + loaded + status + compile;
    println!("units + status + compile: {:.2} s", total.as_secs_f64());
}

fn commune_code(i: usize) -> String {
    format!("X{i:04}")
}

/// The list as the staff would keep it: the provinces, then each commune under its province.
fn units_csv() -> String {
    let mut text = String::from("code,name,level,parent,from,until,email\n");
    for p in 0..PROVINCES {
        let _ = writeln!(text, "T{p:02},Hội LHPN tỉnh số {p},tỉnh,,,,t{p}@example.vn");
    }
    for i in 0..COMMUNES {
        let _ = writeln!(
            text,
            "{},Hội LHPN xã số {i},xã,T{:02},2025-07-01,,x{i}@example.vn",
            commune_code(i),
            i % PROVINCES
        );
    }
    text
}
