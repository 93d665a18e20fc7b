//! Compile time of the provincial report for a registry of N generated units, each with a
//! generated report this period and a year earlier, stored in a temporary SQLite database:
//! `cargo run --release --example compile_timing -- 10 11000`
use baocao::compile;
use baocao::config::{Config, EMBEDDED_CONFIG, Settings};
use baocao::model::Period;
use baocao::store::Store;
use std::fmt::Write;
use std::time::Instant;

#[path = "shared/records.rs"]
mod records;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number of units"))
        .collect();
    for n in if sizes.is_empty() { vec![10, 11_000] } else { sizes } {
        run(n);
    }
}

fn run(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let settings = settings(n, dir.path());
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    let store = Store::open(&settings.database()).unwrap();
    let t = Instant::now();
    let codes: Vec<String> = (1..=n).map(|i| format!("U{i:05}")).collect();
    records::insert(&settings, &codes, Period::half_year(2020));
    records::insert(&settings, &codes, Period::half_year(2021));
    let inserted = t.elapsed();
    let (today, now) = (jiff::civil::date(2021, 6, 20), jiff::Timestamp::now());
    let t = Instant::now();
    let gathered = compile::gather(&settings, &store, Period::half_year(2021)).unwrap();
    let gather = t.elapsed();
    let t = Instant::now();
    let out = dir.path().join("reports");
    let compiled = compile::compile(&settings, &store, Period::half_year(2021), today, now, &out).unwrap();
    let total = t.elapsed();
    let size = |p: &std::path::Path| std::fs::metadata(p).unwrap().len() / 1024;
    println!(
        "{n} units: compile {:.2} s (gather {:.2} s), docx {} KiB, xlsx {} KiB; {} chapters received; \
         setup: {:.1} s to store {} submissions",
        total.as_secs_f64(),
        gather.as_secs_f64(),
        size(&compiled.docx),
        size(&compiled.xlsx),
        gathered.received().count(),
        inserted.as_secs_f64(),
        2 * n,
    );
}

/// The embedded configuration with `n` generated units instead of the ten chapters.
fn settings(n: usize, dir: &std::path::Path) -> Settings {
    let head = &EMBEDDED_CONFIG[..EMBEDDED_CONFIG.find("[[chapters]]").unwrap()];
    let mut text = head.replace("data_dir = \"data\"", &format!("data_dir = {:?}", dir.join("data")));
    for i in 1..=n {
        let _ = write!(
            text,
            "[[chapters]]\ncode = \"U{i:05}\"\nname = \"Hội LHPN đơn vị số {i}\"\nemail = \"u{i}@example.vn\"\n"
        );
    }
    let config = Config::parse(&text, "generated.toml".as_ref()).unwrap();
    Settings::resolve(
        config,
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        "generated.toml".as_ref(),
        |_| None,
    )
    .unwrap()
}
