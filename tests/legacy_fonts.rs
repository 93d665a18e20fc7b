//! Text typed in the legacy TCVN3 and VNI fonts comes out as Unicode, and Unicode text is
//! never taken for legacy text: no line of any Unicode fixture or sample is changed by the
//! font decoding, and the guarded detector answers for none of them.

mod common;

use baocao::extract::read_document;
use baocao::text::legacy;

/// Every line of a document, its cells joined.
fn lines(path: &std::path::Path) -> Vec<String> {
    let limits = common::settings().limits();
    let bytes = std::fs::read(path).unwrap();
    let (_, doc) = read_document(&bytes, &limits).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    doc.lines
        .iter()
        .map(|l| l.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" | "))
        .collect()
}

fn is_legacy_layout(layout: &str) -> bool {
    layout.starts_with("tcvn3_") || layout.starts_with("vni_")
}

/// The typed (not scanned) Unicode documents of a truth.json this machine can read.
fn unicode_documents(
    dir: &std::path::Path,
    truth: serde_json::Map<String, serde_json::Value>,
) -> Vec<std::path::PathBuf> {
    truth
        .into_iter()
        .filter(|(file, t)| {
            let layout = t["layout"].as_str().unwrap_or_default();
            let needs_office = file.ends_with(".doc") || file.ends_with(".rtf");
            !common::is_scan_layout(layout) && !is_legacy_layout(layout) && (cfg!(libreoffice) || !needs_office)
        })
        .map(|(file, _)| dir.join(file))
        .collect()
}

/// No line of a Unicode document looks like legacy text to the detector, and no legacy
/// decoding of the readers changed it (it reads the same as its letters were written: every
/// line with a letter beyond ASCII is valid Unicode Vietnamese or plain Latin-1 text).
fn assert_untouched(documents: &[std::path::PathBuf]) -> usize {
    let mut checked = 0;
    for path in documents {
        let lines = lines(path);
        // The document as a whole, as the reader's guess for text without fonts weighs it.
        let rest: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| !legacy::is_unicode_vietnamese(l))
            .collect();
        assert_eq!(legacy::detect(&rest.join("\n")), None, "{}", path.display());
        for line in lines {
            assert_eq!(legacy::detect(&line), None, "{}: {line}", path.display());
            // TCVN3 and VNI bytes read as Latin-1 give letters Vietnamese never writes.
            assert!(
                !line.contains(['µ', '¸', '·', '®', '§', 'ø', 'ï', 'ñ']),
                "{}: {line}",
                path.display()
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn no_line_of_a_unicode_fixture_is_taken_for_legacy_text() {
    let documents = unicode_documents(&common::fixtures_dir(), common::fixture_truth());
    assert_eq!(documents.len(), if cfg!(libreoffice) { 24 } else { 19 });
    let checked = assert_untouched(&documents);
    // About thirty lines a document or more: a reader that dropped lines would fall short.
    assert!(checked > documents.len() * 30, "only {checked} lines");
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn no_line_of_a_unicode_sample_is_taken_for_legacy_text() {
    let documents = unicode_documents(&common::samples_dir(), common::truth());
    assert!(documents.len() >= 10, "{} samples", documents.len());
    assert_untouched(&documents);
}

#[test]
fn the_legacy_fixtures_read_as_unicode_with_their_headings() {
    let truth = common::fixture_truth();
    let mut seen = 0;
    for (file, t) in truth {
        let layout = t["layout"].as_str().unwrap_or_default();
        if !is_legacy_layout(layout) {
            continue;
        }
        seen += 1;
        let text = lines(&common::fixtures_dir().join(&file)).join("\n");
        // The generator typed these in capitals (.VnTimeH in TCVN3) and in mixed case.
        let expected: &[&str] = match layout {
            "vni_docx_official" => &["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
            _ => &["BIỂU MẪU BÁO CÁO", "Số cuộc giám sát"],
        };
        for phrase in expected {
            assert!(text.contains(phrase), "{file}: no {phrase:?} in\n{text}");
        }
        assert!(
            legacy::detect(&text).is_none(),
            "{file}: decoded text still looks legacy"
        );
    }
    assert_eq!(seen, 4);
}
