//! Hostile and broken PDFs built in code: each must end in the right refusal, quickly,
//! without a panic reaching the caller.

use std::time::{Duration, Instant};

use lopdf::{EncryptionState, EncryptionVersion, Permissions};

use crate::extract::error::Refusal;
use crate::extract::limits::Limits;
use crate::extract::pdf::read;

/// Far more than any of these cases needs, even unoptimised.
const QUICK: Duration = Duration::from_secs(5);

/// Reads `bytes`, checking that it took less than [`QUICK`].
fn read_quickly(bytes: &[u8], limits: &Limits) -> Result<Vec<Vec<String>>, Refusal> {
    let start = Instant::now();
    let result = read(bytes, limits);
    assert!(start.elapsed() < QUICK, "took {:?}", start.elapsed());
    result.map(|doc| {
        let cells = |l: &crate::extract::document::Line| l.cells.iter().map(|c| c.text.clone()).collect();
        doc.lines.iter().map(cells).collect()
    })
}

/// A PDF whose object `n` (from 1) is `bodies[n - 1]`, with object 1 as the catalog and a
/// correct cross-reference table.
fn pdf(bodies: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", bodies.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    let size = bodies.len() + 1;
    out.extend(format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes());
    out
}

fn stream(content: &str) -> Vec<u8> {
    stream_with("", content)
}

fn stream_with(entries: &str, content: &str) -> Vec<u8> {
    format!(
        "<< {entries} /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    )
    .into_bytes()
}

const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// A one-page PDF: catalog, pages, page, resources (4), font (5), then `extra` objects
/// from 6 on. `page_extra` goes into the page dictionary.
fn one_page(page_extra: &str, resources: &str, extra: Vec<Vec<u8>>) -> Vec<u8> {
    let mut bodies = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 4 0 R {page_extra} >>").into_bytes(),
        resources.as_bytes().to_vec(),
        HELVETICA.as_bytes().to_vec(),
    ];
    bodies.extend(extra);
    pdf(&bodies)
}

fn simple_page(content: &str) -> Vec<u8> {
    one_page("/Contents 6 0 R", "<< /Font << /F1 5 0 R >> >>", vec![stream(content)])
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/samples/").to_owned() + name).expect("sample")
}

fn is_damaged(result: &Result<Vec<Vec<String>>, Refusal>) -> bool {
    matches!(result, Err(Refusal::Damaged { .. }))
}

fn is_too_large(result: &Result<Vec<Vec<String>>, Refusal>) -> bool {
    matches!(result, Err(Refusal::TooLarge { .. }))
}

#[test]
fn a_minimal_page_reads() {
    let lines = read_quickly(
        &simple_page("BT /F1 12 Tf 72 700 Td (Hello world) Tj ET"),
        &Limits::default(),
    );
    assert_eq!(lines, Ok(vec![vec!["Hello world".to_string()]]));
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let deep = [vec![b'['; 100_000], vec![b']'; 100_000]].concat();
    let bytes = one_page("/Contents 6 0 R", "<< >>", vec![deep]);
    assert!(is_too_large(&read_quickly(&bytes, &Limits::default())));
}

/// Why the pre-scan is a second line of defence and not the only one: lopdf 0.47 stops at
/// 100 levels by itself (this test runs on a 2 MB test thread stack).
#[test]
fn lopdf_alone_survives_deep_nesting() {
    let deep = [vec![b'['; 100_000], vec![b']'; 100_000]].concat();
    let bytes = one_page("/Contents 6 0 R", "<< >>", vec![deep]);
    let _ = std::hint::black_box(lopdf::Document::load_mem(&bytes));
}

#[test]
fn page_tree_containing_itself_does_not_loop() {
    let bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        HELVETICA.as_bytes().to_vec(),
        stream("BT /F1 12 Tf 72 700 Td (Once) Tj ET"),
    ];
    // The page is listed again on every turn of the cycle; it is read once.
    assert_eq!(
        read_quickly(&pdf(&bodies), &Limits::default()),
        Ok(vec![vec!["Once".to_string()]])
    );
}

#[test]
fn cyclic_resources_contents_and_forms_are_read_once() {
    let resources = "<< /Font << /F1 5 0 R >> /XObject << /X 7 0 R >> /Again 4 0 R >>";
    let form_entries = "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources 4 0 R";
    let extra = vec![
        b"[6 0 R 8 0 R]".to_vec(),
        stream_with(form_entries, "BT /F1 12 Tf 72 600 Td (Form) Tj ET /X Do"),
        stream("BT /F1 12 Tf 72 700 Td (Page) Tj ET /X Do"),
    ];
    // Contents 6 0 R is an array that names itself before the real stream (8).
    let bytes = one_page("/Contents 6 0 R", resources, extra);
    let lines = read_quickly(&bytes, &Limits::default());
    assert_eq!(lines, Ok(vec![vec!["Page".to_string()], vec!["Form".to_string()]]));
}

#[test]
fn random_bytes_are_damaged() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut noise = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u8
    };
    let random: Vec<u8> = (0..20_000).map(|_| noise()).collect();
    assert!(is_damaged(&read_quickly(&random, &Limits::default())));
    let with_header = [b"%PDF-1.7\n".to_vec(), random].concat();
    assert!(is_damaged(&read_quickly(&with_header, &Limits::default())));
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn truncated_sample_is_damaged() {
    let bytes = sample("bao-cao-7d445032.pdf");
    let result = read_quickly(&bytes[..bytes.len() / 2], &Limits::default());
    assert!(is_damaged(&result), "{result:?}");
}

fn encrypted_sample(user_password: &str) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(&sample("bao-cao-7d445032.pdf")).expect("sample loads");
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: "chủ tịch",
        user_password,
        key_length: 128,
        permissions: Permissions::all(),
    };
    let state = EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("encrypts");
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("saves");
    bytes
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn password_protected_pdf_is_refused_as_encrypted() {
    let result = read_quickly(&encrypted_sample("matkhau"), &Limits::default());
    assert_eq!(result, Err(Refusal::Encrypted("PDF".into())));
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn owner_password_only_pdf_is_read() {
    let lines = read_quickly(&encrypted_sample(""), &Limits::default()).expect("readable");
    assert!(lines.contains(&vec![
        "Đơn vị báo cáo".to_string(),
        "Hội LHPN huyện Vạn Ninh".to_string()
    ]));
}

#[test]
fn page_without_text_is_no_text() {
    let bytes = simple_page("0 0 1 rg 72 72 200 200 re f BT /F1 12 Tf ET");
    assert_eq!(read_quickly(&bytes, &Limits::default()), Err(Refusal::NoText));
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn limits_are_enforced() {
    let sample = sample("bao-cao-7d445032.pdf");
    let pages = Limits {
        max_pdf_pages: 1,
        ..Limits::default()
    };
    assert!(is_too_large(&read_quickly(&sample, &pages)));
    let ops = Limits {
        max_pdf_ops: 10,
        ..Limits::default()
    };
    assert!(is_too_large(&read_quickly(&sample, &ops)));
    let size = Limits {
        max_file_bytes: 1000,
        ..Limits::default()
    };
    assert!(is_too_large(&read_quickly(&sample, &size)));
}

#[test]
fn decompression_bomb_is_refused() {
    let mut doc = lopdf::Document::load_mem(&simple_page("BT ET")).expect("loads");
    let content = "BT /F1 12 Tf 72 700 Td (x) Tj ET\n".repeat(200_000);
    let mut bomb = lopdf::Stream::new(lopdf::Dictionary::new(), content.into_bytes());
    bomb.compress().expect("compresses");
    doc.objects.insert((6, 0), lopdf::Object::Stream(bomb));
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("saves");
    let limits = Limits {
        max_part_bytes: 1 << 20,
        ..Limits::default()
    };
    assert!(is_too_large(&read_quickly(&bytes, &limits)));
}

#[test]
fn unreadable_page_is_skipped_and_the_others_kept() {
    let bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources 5 0 R /Contents 99 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources 5 0 R /Contents 6 0 R >>".to_vec(),
        format!("<< /Font << /F1 {HELVETICA} >> >>").into_bytes(),
        stream("BT /F1 12 Tf 72 700 Td (Kept) Tj ET"),
    ];
    let doc = read(&pdf(&bodies), &Limits::default()).expect("second page read");
    let at = &doc.lines[0].cells[0].at;
    assert_eq!(doc.lines.len(), 1);
    assert_eq!(*at, crate::extract::document::Location::Page { page: 2, line: 1 });
}

#[test]
fn unreadable_font_loses_only_its_own_text() {
    // F2 is a Type0 font without a ToUnicode CMap: its codes are glyph ids, not text.
    let resources = "<< /Font << /F1 5 0 R /F2 << /Type /Font /Subtype /Type0 /BaseFont /X >> >> >>";
    let content = "BT /F1 12 Tf 72 700 Td (Good) Tj /F2 12 Tf <00410042> Tj ET";
    let bytes = one_page("/Contents 6 0 R", resources, vec![stream(content)]);
    assert_eq!(
        read_quickly(&bytes, &Limits::default()),
        Ok(vec![vec!["Good".to_string()]])
    );
}

/// Not hostile, but needing this module's hand-made pages: text shown in TCVN3 and VNI
/// fonts (named with a subset tag and a style) is decoded by the font's name.
#[test]
fn text_in_legacy_fonts_is_decoded_by_the_font_name() {
    let font =
        |name: &str| format!("<< /Type /Font /Subtype /TrueType /BaseFont /{name} /Encoding /WinAnsiEncoding >>");
    let resources = format!(
        "<< /Font << /F1 5 0 R /F2 {} /F3 {} >> >>",
        font("ABCDEF+.VnTimeH,Bold"),
        font("VNI-Times")
    );
    let content = "BT /F2 12 Tf 72 700 Td (c\\351ng ho\\265) Tj ET \
                   BT /F3 12 Tf 72 680 Td [(Vie) -20 (\\344t Nam)] TJ ET \
                   BT /F1 12 Tf 72 660 Td (ho\\265 Hello) Tj ET";
    let bytes = one_page("/Contents 6 0 R", &resources, vec![stream(content)]);
    let lines = read_quickly(&bytes, &Limits::default()).unwrap();
    assert_eq!(lines, [["CỘNG HOÀ"], ["Việt Nam"], ["hoµ Hello"]]);
}

/// A scanner's "searchable PDF": its OCR lies invisible (`3 Tr`) under the page image. That
/// text is not read: a page with nothing else is a scan, for baocao's own OCR.
#[test]
fn invisible_text_is_not_read() {
    let hidden = simple_page("BT /F1 12 Tf 3 Tr 72 700 Td (So cuoc 12) Tj ET");
    assert_eq!(read_quickly(&hidden, &Limits::default()), Err(Refusal::NoText));
    let mixed = simple_page(
        "BT /F1 12 Tf 72 700 Td (Hello) Tj 3 Tr ( hidden) Tj 0 Tr ( world) Tj ET \
         q BT /F1 12 Tf 7 Tr 72 650 Td (clip only) Tj ET Q BT /F1 12 Tf 72 600 Td (after Q) Tj ET",
    );
    let lines = read_quickly(&mixed, &Limits::default()).unwrap();
    // The hidden words still take their room: the visible ones stand apart, as on the page.
    assert_eq!(lines, [vec!["Hello", "world"], vec!["after Q"]]);
}

/// Typed pages with a scanned one among them: the page a picture covers, with only a
/// scanner app's stamp and a digital signature's box as text, is named for OCR; a typed page with a signature's image is not.
#[test]
fn a_page_covered_by_an_image_is_a_scan_among_typed_ones() {
    let page = |contents: u32| {
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 6 0 R /Contents {contents} 0 R >>")
            .into_bytes()
    };
    let bodies = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>".to_vec(),
        page(9),
        page(10),
        page(11),
        b"<< /Font << /F1 7 0 R >> /XObject << /Im 8 0 R >> >>".to_vec(),
        HELVETICA.as_bytes().to_vec(),
        stream_with(
            "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
            "\u{7f}",
        ),
        stream("BT /F1 12 Tf 72 700 Td (Kinh gui Ban Thuong vu Hoi LHPN tinh Khanh Hoa) Tj ET"),
        stream(
            "q 595 0 0 842 0 0 cm /Im Do Q BT /F1 8 Tf 20 40 Td (Scanned by CamScanner) Tj ET \
             BT /F1 8 Tf 380 60 Td (Nguoi ky: Hoi Lien hiep Phu nu huyen Dien Khanh) Tj ET \
             BT /F1 8 Tf 380 50 Td (Email: hoiphunu@khanhhoa.gov.vn) Tj ET \
             BT /F1 8 Tf 380 40 Td (Thoi gian ky: 06.06.2025 09:15:32 +07:00) Tj ET",
        ),
        stream("BT /F1 12 Tf 300 300 Td (CHU TICH) Tj ET q 120 0 0 60 300 200 cm /Im Do Q"),
    ];
    let layer = crate::extract::pdf::read_layer(&pdf(&bodies), &Limits::default()).unwrap();
    assert_eq!(layer.scanned, [2]);
    let texts: Vec<&str> = layer.document.lines.iter().map(|l| l.cells[0].text.as_str()).collect();
    assert_eq!(texts, ["Kinh gui Ban Thuong vu Hoi LHPN tinh Khanh Hoa", "CHU TICH"]);
}
