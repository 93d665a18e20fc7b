//! Per-file best-of-N time of what `baocao extract --json` does for one file (read it from
//! disk, detect, read the document, match the form, write the JSON line), for
//! `benches/compare_peer_min.sh`. Prints `ext total_ms files` per extension.
//! `cargo run --release --example best_of -- N FILE...`
use baocao::config::Settings;
use baocao::extract::Extractor;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn main() {
    let settings = Settings::load(None).expect("embedded settings");
    let extractor = Extractor::new(&settings.forms, &settings.registry);
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).expect("N first");
    let mut totals: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for path in args {
        let mut best = Duration::MAX;
        for _ in 0..n {
            let start = Instant::now();
            let record = extractor.file(path.as_ref()).expect("sample readable");
            std::hint::black_box(serde_json::to_string(&record).expect("record serialises"));
            best = best.min(start.elapsed());
        }
        let ext = path.rsplit('.').next().unwrap_or("").to_string();
        let entry = totals.entry(ext).or_default();
        entry.0 += best.as_secs_f64() * 1000.0;
        entry.1 += 1;
    }
    for (ext, (total, count)) in totals {
        println!("{ext} {total:.4} {count}");
    }
}
