//! Splits extraction time into reading (bytes → document) and matching (document → record):
//! `cargo run --release --example timing -- FILE...`
use baocao::config::Settings;
use baocao::extract::{Extractor, Limits, read_document};
use std::time::Instant;

fn main() {
    let settings = Settings::load(None).unwrap();
    let extractor = Extractor::new(&settings.forms, &settings.registry);
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let n = 300;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(read_document(&bytes, &Limits::default()).unwrap());
        }
        let read = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        let (format, doc) = read_document(&bytes, &Limits::default()).unwrap();
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(extractor.record(path.as_ref(), format, &doc));
        }
        let matching = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        println!(
            "{path}: read {read:.3} ms, match {matching:.3} ms, {} lines",
            doc.lines.len()
        );
    }
}
