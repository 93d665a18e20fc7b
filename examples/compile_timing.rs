//! Compile time of the provincial report for a registry of N generated units, each with a
//! generated report this period and a year earlier, stored in a temporary SQLite database:
//! `cargo run --release --example compile_timing -- 10 11000`
use baocao::compile;
use baocao::config::{Config, EMBEDDED_CONFIG, Settings};
use baocao::form::FieldKind;
use baocao::model::Period;
use baocao::store::Store;
use std::fmt::Write;
use std::time::Instant;

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
    insert(&settings, n, Period::half_year(2020));
    insert(&settings, n, Period::half_year(2021));
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

/// One accepted submission per unit with every field of the form, in one transaction.
fn insert(settings: &Settings, n: usize, period: Period) {
    let mut conn = rusqlite::Connection::open(settings.database()).unwrap();
    let tx = conn.transaction().unwrap();
    let form = &settings.forms[0];
    let received = format!("{}-06-10T02:30:00Z", period.year);
    for i in 1..=n {
        tx.execute(
            "INSERT INTO submissions (sha256, file_name, source_path, stored_path, moved, received_at, format, form, \
             chapter, period, status) VALUES (?1, ?2, '', '', 1, ?3, 'docx', ?4, ?5, ?6, 'accepted')",
            rusqlite::params![
                format!("{period}-{i}"),
                format!("bao-cao-{i}.docx"),
                received,
                form.id,
                format!("U{i:05}"),
                period.to_string()
            ],
        )
        .unwrap();
        let id = tx.last_insert_rowid();
        for (k, field) in form.fields.iter().enumerate() {
            let value = match field.kind {
                FieldKind::Integer => ((i * 7 + k * 13) % 50).to_string(),
                FieldKind::Section => format!("\"Nội dung {} của đơn vị số {i}.\"", field.label),
                _ => continue,
            };
            tx.execute(
                "INSERT INTO field_values (submission_id, key, value_json) VALUES (?1, ?2, ?3)",
                rusqlite::params![id, field.key, value],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
}
