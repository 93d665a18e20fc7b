//! Every expected value of every sample document in `../shared/samples/truth.json`, exactly.

mod common;

use baocao::extract::Extractor;
use serde_json::Value as Json;

#[test]
fn every_sample_yields_every_expected_value() {
    let settings = common::settings();
    let extractor = Extractor::new(&settings.forms, &settings.registry);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (file, expected) in common::truth() {
        let path = common::samples_dir().join(&file);
        let record = match extractor.file(&path) {
            Ok(r) => r,
            Err(e) => {
                wrong.push(format!("{file}: refused: {e}"));
                continue;
            }
        };
        let got = serde_json::to_value(&record).unwrap();
        for key in ["chapter", "period"] {
            checked += 1;
            if got[key] != expected[key] {
                wrong.push(format!("{file}: {key} = {} expected {}", got[key], expected[key]));
            }
        }
        for (key, want) in expected["fields"].as_object().unwrap() {
            checked += 1;
            let have = got["fields"].get(key).unwrap_or(&Json::Null);
            if have != want {
                wrong.push(format!("{file}: {key} = {have} expected {want}"));
            }
        }
        if !record.missing.is_empty() {
            wrong.push(format!("{file}: missing {:?}", record.missing));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {checked} values wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(checked > 400, "only {checked} values checked");
}
