//! Full field extraction per format on the sample documents (bytes in memory → record).
//!
//! Goal (issue 2): at least 20× faster per file than the Python peer that only reads text
//! (python-docx 8.5 ms/docx, openpyxl 4.4 ms/xlsx, pdfplumber 44 ms/pdf on this machine).
//! Throughput is reported in files per second; per-file time is its inverse.

use baocao::config::Settings;
use baocao::extract::Extractor;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::{Path, PathBuf};

fn samples(ext: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("../shared/samples present")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect()
}

fn extraction(c: &mut Criterion) {
    let settings = Settings::load(None).unwrap();
    let extractor = Extractor::new(&settings.forms, &settings.registry);
    let mut group = c.benchmark_group("extract");
    for ext in ["docx", "xlsx", "xls", "pdf"] {
        let files = samples(ext);
        group.throughput(Throughput::Elements(files.len() as u64));
        group.bench_function(ext, |b| {
            b.iter(|| {
                for (path, bytes) in &files {
                    let record = extractor.bytes(path, bytes).expect("sample extracts");
                    std::hint::black_box(record);
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
