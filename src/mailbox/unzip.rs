//! A `.zip` attached to an e-mail: its documents are taken one by one, under the same limits
//! as an Office file's parts (entries, bytes per entry, bytes in all), so a zip bomb costs a
//! refusal, not the machine. Folders, macOS resource forks and nested archives are skipped.

use super::names;
use super::parts::{File, Mail, is_report};
use crate::extract::limits::Limits;
use std::io::{Cursor, Read};

/// Adds the documents inside `bytes` (the attachment `name`) to `mail`, or a refusal.
pub fn unpack(name: &str, bytes: &[u8], limits: &Limits, mail: &mut Mail) {
    match entries(bytes, limits) {
        Ok(files) if files.is_empty() => mail.refused.push((
            name.to_string(),
            "tệp nén không chứa tệp Word, Excel hay PDF nào".to_string(),
        )),
        Ok(files) => mail.files.extend(files),
        Err(reason) => mail.refused.push((name.to_string(), reason)),
    }
}

fn entries(bytes: &[u8], limits: &Limits) -> Result<Vec<File>, String> {
    let damaged = |e: zip::result::ZipError| format!("tệp nén bị hỏng, không mở được ({e})");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if archive.len() > limits.max_zip_entries {
        return Err(format!("tệp nén có quá nhiều tệp ({})", archive.len()));
    }
    let mut files = Vec::new();
    let mut inflated = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(damaged)?;
        let path = entry.name().map_err(damaged)?.into_owned();
        if entry.is_dir()
            || path.starts_with("__MACOSX/")
            || path.rsplit('/').next().is_some_and(|n| n.starts_with("._"))
        {
            continue;
        }
        if entry.encrypted() {
            return Err("tệp nén được đặt mật khẩu; xin gửi lại không đặt mật khẩu".into());
        }
        let mut out = Vec::new();
        entry
            .take(limits.max_part_bytes + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("tệp nén bị hỏng, không mở được ({e})"))?;
        inflated += out.len() as u64;
        if out.len() as u64 > limits.max_part_bytes || inflated > limits.max_inflated_bytes {
            return Err(format!(
                "tệp nén giải nén quá {} MB, vượt giới hạn an toàn",
                limits.max_inflated_bytes >> 20
            ));
        }
        let Some(name) = names::clean(&path) else { continue };
        let extension = names::extension(&name);
        if extension != "zip" && is_report(&out, &extension, limits) {
            files.push(File { name, bytes: out });
        }
    }
    Ok(files)
}
