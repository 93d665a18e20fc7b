//! Writing the Word report's package: docx-rs's parts deflated into the file, with the one
//! table-row flag docx-rs cannot write added on the way.

/// docx-rs stores its parts uncompressed (86 MB for 11,000 chapters); the same parts deflated
/// at the fastest level are a small fraction of that, which matters for an e-mail attachment.
pub(super) fn deflate(stored: &[u8], out: impl std::io::Write + std::io::Seek) -> zip::result::ZipResult<()> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut writer = zip::ZipWriter::new(out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i)?;
        let name = part.name()?.into_owned();
        if part.is_dir() {
            writer.add_directory(name, options)?;
        } else if name == "word/document.xml" {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut part, &mut xml)?;
            writer.start_file(name, options)?;
            std::io::Write::write_all(&mut writer, repeat_headers(&xml).as_bytes())?;
        } else {
            writer.start_file(name, options)?;
            std::io::copy(&mut part, &mut writer)?;
        }
    }
    writer.finish()?.flush()?;
    Ok(())
}

/// `w:tblHeader` beside the height docx-rs wrote for each heading row ([`super::tables::HEADER_MARK`]).
fn repeat_headers(xml: &str) -> String {
    let mark = format!(
        r#"<w:trHeight w:val="{}" w:hRule="atLeast" />"#,
        super::tables::HEADER_MARK
    );
    xml.replace(&mark, &format!("{mark}<w:tblHeader />"))
}
