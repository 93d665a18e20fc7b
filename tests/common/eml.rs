//! Real-shaped e-mails as chapters' mail clients write them (Outlook, Gmail, Apple Mail,
//! Thunderbird, Vietnamese webmail), built byte by byte with the file names each one carries,
//! so the tests expect what the generator wrote.
#![allow(dead_code)]

use base64::Engine;

/// A generated e-mail with the names of the report files it carries, in order.
pub struct Eml {
    pub what: &'static str,
    pub bytes: Vec<u8>,
    /// (name, bytes) of every report file expected out of it.
    pub files: Vec<(String, Vec<u8>)>,
    /// Names of parts expected to be refused with a reason.
    pub refused: Vec<String>,
}

pub fn b64(bytes: &[u8]) -> String {
    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
    let lines: Vec<&str> = text
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    lines.join("\r\n")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

pub fn docx() -> Vec<u8> {
    fixture("fixture-01.docx")
}

pub fn xlsx() -> Vec<u8> {
    fixture("fixture-04.xlsx")
}

pub fn pdf() -> Vec<u8> {
    fixture("fixture-12.pdf")
}

/// A 1×1 PNG: a signature image or a logo.
pub fn png() -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
        .unwrap()
}

/// A zip holding `files`, stored (as Windows' "Send to compressed folder" does for small files).
pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, bytes) in files {
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// Headers of a chapter's mail to the province.
pub fn head(from: &str, subject: &str, id: &str, content_type: &str) -> String {
    format!(
        "From: {from}\r\nTo: hoilhpn@khanhhoa.example.vn\r\nSubject: {subject}\r\n\
         Date: Wed, 10 Jun 2026 09:15:00 +0700\r\nMessage-ID: <{id}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: {content_type}\r\n\r\n"
    )
}

/// A text part.
pub fn text_part(text: &str) -> Vec<u8> {
    format!(
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        b64(text.as_bytes())
    )
    .into_bytes()
}

/// A base64 part under `headers` (Content-Type, Content-Disposition... as the client wrote them).
pub fn part(headers: &[u8], bytes: &[u8]) -> Vec<u8> {
    let mut out = headers.to_vec();
    out.extend_from_slice(b"Content-Transfer-Encoding: base64\r\n\r\n");
    out.extend_from_slice(b64(bytes).as_bytes());
    out.extend_from_slice(b"\r\n");
    out
}

/// `parts` as one multipart body with `boundary`.
pub fn multipart(boundary: &str, parts: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        out.extend_from_slice(p);
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    out
}

/// A whole message: `head` then the multipart body.
pub fn mail(from: &str, subject: &str, id: &str, parts: &[Vec<u8>]) -> Vec<u8> {
    let boundary = format!("=_b{}", id.len() * 7919);
    let mut out = head(from, subject, id, &format!("multipart/mixed; boundary=\"{boundary}\"")).into_bytes();
    out.extend(multipart(&boundary, parts));
    out
}

fn one(what: &'static str, bytes: Vec<u8>, files: Vec<(&str, Vec<u8>)>, refused: &[&str]) -> Eml {
    Eml {
        what,
        bytes,
        files: files.into_iter().map(|(n, b)| (n.to_string(), b)).collect(),
        refused: refused.iter().map(|s| s.to_string()).collect(),
    }
}

fn hdr(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n").into_bytes()
}

/// The fixture set: each way a chapter's mail client names and places a report.
pub fn fixtures() -> Vec<Eml> {
    let from = "Hội LHPN Vạn Ninh <vanninh@example.vn>";
    let greeting = text_part("Kính gửi Ban Tuyên giáo, đơn vị gửi báo cáo 6 tháng.");
    let mut all = Vec::new();
    // Thunderbird: RFC 2231 continuations, percent-encoded UTF-8.
    let h = hdr(
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\nContent-Disposition: attachment;\n filename*0*=utf-8''B%C3%A1o%20c%C3%A1o%20;\n filename*1*=6%20th%C3%A1ng.docx\n",
    );
    all.push(one(
        "rfc2231",
        mail(from, "Bao cao", "m1@vn", &[greeting.clone(), part(&h, &docx())]),
        vec![("Báo cáo 6 tháng.docx", docx())],
        &[],
    ));
    // Outlook: RFC 2047 inside a quoted name.
    let h = hdr(
        "Content-Type: application/pdf; name=\"=?utf-8?B?QsOhbyBjw6FvIFbhuqFuIE5pbmgucGRm?=\"\nContent-Disposition: attachment; filename=\"=?utf-8?B?QsOhbyBjw6FvIFbhuqFuIE5pbmgucGRm?=\"\n",
    );
    all.push(one(
        "rfc2047-quoted",
        mail(
            from,
            "=?utf-8?Q?B=C3=A1o_c=C3=A1o?=",
            "m2@vn",
            &[greeting.clone(), part(&h, &pdf())],
        ),
        vec![("Báo cáo Vạn Ninh.pdf", pdf())],
        &[],
    ));
    // Webmail: raw UTF-8 in the header.
    let h = hdr(
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"Báo cáo Vạn Ninh.xlsx\"\nContent-Disposition: attachment; filename=\"Báo cáo Vạn Ninh.xlsx\"\n",
    );
    all.push(one(
        "raw-utf8",
        mail(from, "Bao cao", "m3@vn", &[greeting.clone(), part(&h, &xlsx())]),
        vec![("Báo cáo Vạn Ninh.xlsx", xlsx())],
        &[],
    ));
    // An old Vietnamese Outlook: raw CP1258, a tone mark as a combining byte (ạ = a + 0xF2).
    let mut h = b"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\nContent-Disposition: attachment; filename=\"".to_vec();
    h.extend_from_slice(&encoding_rs::WINDOWS_1258.encode("Báo cáo V").0);
    h.extend_from_slice(&[b'a', 0xF2]);
    h.extend_from_slice(b"n Ninh.docx\"\r\n");
    all.push(one(
        "cp1258",
        mail(from, "Bao cao", "m4@vn", &[greeting.clone(), part(&h, &docx())]),
        vec![("Báo cáo Vạn Ninh.docx", docx())],
        &[],
    ));
    // Apple Mail on a Mac: names in NFD.
    let nfd = "Ba\u{301}o ca\u{301}o Va\u{323}n Ninh.pdf";
    let h = hdr(&format!(
        "Content-Type: application/pdf;\n name=\"{nfd}\"\nContent-Disposition: inline;\n filename=\"{nfd}\"\n"
    ));
    all.push(one(
        "nfd",
        mail(from, "Bao cao", "m5@vn", &[greeting.clone(), part(&h, &pdf())]),
        vec![("Báo cáo Vạn Ninh.pdf", pdf())],
        &[],
    ));
    // An inline PDF, shown in the body by the client: still a report.
    let h = hdr(
        "Content-Type: application/pdf; name=\"bao-cao.pdf\"\nContent-Disposition: inline; filename=\"bao-cao.pdf\"\n",
    );
    all.push(one(
        "inline-pdf",
        mail(from, "Bao cao", "m6@vn", &[part(&h, &pdf()), greeting.clone()]),
        vec![("bao-cao.pdf", pdf())],
        &[],
    ));
    // Outlook HTML with a signature image by Content-ID: the image is not a report.
    let related = multipart(
        "=_rel",
        &[
            hdr(
                "Content-Type: text/html; charset=utf-8\n\n<p>K\u{ED}nh g\u{1EED}i</p><img src=\"cid:image001.png@01DA\">\n",
            ),
            part(
                &hdr(
                    "Content-Type: image/png; name=\"image001.png\"\nContent-ID: <image001.png@01DA>\nContent-Disposition: inline; filename=\"image001.png\"\n",
                ),
                &png(),
            ),
        ],
    );
    let mut rel = hdr("Content-Type: multipart/related; boundary=\"=_rel\"\n\n");
    rel.extend(related);
    let h = hdr(
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=\"bc.docx\"\nContent-Disposition: attachment; filename=\"bc.docx\"\n",
    );
    all.push(one(
        "cid-signature",
        mail(from, "Bao cao", "m7@vn", &[rel, part(&h, &docx())]),
        vec![("bc.docx", docx())],
        &[],
    ));
    // A nameless part.
    let h = hdr("Content-Type: application/pdf\n");
    all.push(one(
        "nameless",
        mail(from, "Bao cao", "m8@vn", &[greeting.clone(), part(&h, &pdf())]),
        vec![("tep-dinh-kem-1.pdf", pdf())],
        &[],
    ));
    // A zip (made on a Mac) with the report inside.
    let zipped = zip_of(&[
        ("Báo cáo.docx", &docx()),
        ("__MACOSX/._Báo cáo.docx", b"junk"),
        ("logo.png", &png()),
    ]);
    let h = hdr(
        "Content-Type: application/zip; name=\"bao-cao.zip\"\nContent-Disposition: attachment; filename=\"bao-cao.zip\"\n",
    );
    all.push(one(
        "zip",
        mail(from, "Bao cao", "m9@vn", &[greeting.clone(), part(&h, &zipped)]),
        vec![("Báo cáo.docx", docx())],
        &[],
    ));
    // A forwarded message: the files of the mail inside count.
    let inner_h = hdr(
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"so-lieu.xlsx\"\nContent-Disposition: attachment; filename=\"so-lieu.xlsx\"\n",
    );
    let inner = mail(
        "Chi hội Ninh Hải <ninhhai@example.vn>",
        "Bao cao",
        "inner@vn",
        &[text_part("Gửi chị"), part(&inner_h, &xlsx())],
    );
    let mut fwd = hdr("Content-Type: message/rfc822\nContent-Disposition: inline\n\n");
    fwd.extend(inner);
    fwd.extend_from_slice(b"\r\n");
    all.push(one(
        "forwarded",
        mail(
            from,
            "Fwd: Bao cao",
            "m10@vn",
            &[text_part("Chuyển tiếp báo cáo."), fwd],
        ),
        vec![("so-lieu.xlsx", xlsx())],
        &[],
    ));
    // Apple Mail: text, the file inline between two pieces of text.
    let h = hdr(
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\n x-unix-mode=0644;\n name=\"BC 6 thang.docx\"\nContent-Disposition: inline;\n filename=\"BC 6 thang.docx\"\n",
    );
    all.push(one(
        "apple-inline",
        mail(
            from,
            "Bao cao",
            "m11@vn",
            &[text_part("Kính gửi,"), part(&h, &docx()), text_part("Trân trọng.")],
        ),
        vec![("BC 6 thang.docx", docx())],
        &[],
    ));
    // Outlook's rich text: the files are inside winmail.dat, which is refused with a reason.
    let h = hdr(
        "Content-Type: application/ms-tnef; name=\"winmail.dat\"\nContent-Disposition: attachment; filename=\"winmail.dat\"\n",
    );
    all.push(one(
        "winmail",
        mail(
            from,
            "Bao cao",
            "m12@vn",
            &[greeting.clone(), part(&h, b"\x78\x9f\x3e\x22junk")],
        ),
        vec![],
        &["winmail.dat"],
    ));
    // Gmail: text and HTML alternatives, then two files.
    let alt = {
        let mut a = hdr("Content-Type: multipart/alternative; boundary=\"=_alt\"\n\n");
        a.extend(multipart(
            "=_alt",
            &[
                text_part("Kính gửi"),
                hdr("Content-Type: text/html; charset=utf-8\n\n<div>Kính gửi</div>\n"),
            ],
        ));
        a
    };
    let h1 = hdr(
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=\"a.docx\"\nContent-Disposition: attachment; filename=\"a.docx\"\n",
    );
    let h2 =
        hdr("Content-Type: application/pdf; name=\"b.pdf\"\nContent-Disposition: attachment; filename=\"b.pdf\"\n");
    all.push(one(
        "gmail",
        mail(from, "Bao cao", "m13@vn", &[alt, part(&h1, &docx()), part(&h2, &pdf())]),
        vec![("a.docx", docx()), ("b.pdf", pdf())],
        &[],
    ));
    all
}
