//! The province's blank report form, generated from the form definition as Word or Excel.
//!
//! Chapters fill this file in and send it back, so its layout is the one the extractor reads
//! best: a header block of labelled fields with an empty cell beside each label, a numbered
//! table of indicators (`STT | Chỉ tiêu | ĐVT | Số lượng`) and the narrative sections. Every
//! label comes from [`Form`], so a field added to the TOML file gets its row with no code
//! change. The reminder e-mails attach the file [`write`] produces; it reads neither the clock
//! nor the environment, so the same form always gives the same document.

mod docx;
mod xlsx;

use crate::form::{Field, FieldKind, Form};
use std::path::{Path, PathBuf};

/// The file format of a blank form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BlankFormat {
    /// Word (.docx).
    Docx,
    /// Excel (.xlsx).
    Xlsx,
}

impl BlankFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            BlankFormat::Docx => "docx",
            BlankFormat::Xlsx => "xlsx",
        }
    }
}

/// Why a blank form could not be written; every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum BlankError {
    /// The folder or the file could not be written.
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The Word or Excel library refused the document.
    #[error("{path}: could not build the form: {message}")]
    Build { path: PathBuf, message: String },
}

/// The heading of the indicator table's columns but the figures column (from the form).
const INDICATOR_COLUMNS: [&str; 3] = ["STT", "Chỉ tiêu", "ĐVT"];

/// A short guide for the chapter. It names no year and no date on purpose: the extractor
/// looks for a period or a date phrase where an official letter puts them, and an example
/// such as "6 tháng đầu năm 2021" would be read as the period of every unfilled form.
const INSTRUCTION: &str = "Hướng dẫn: Ghi vào các ô còn trống. Kỳ báo cáo ghi «6 tháng đầu năm» \
     hoặc «năm» kèm theo năm báo cáo; ngày báo cáo ghi theo dạng ngày/tháng/năm. Cột số liệu \
     ghi số nguyên, không ghi đơn vị tính; chỉ tiêu không phát sinh thì ghi 0.";

/// The name of the blank form's file: `mau-bao-cao-<form id>.<ext>`, ASCII only so that it
/// survives every mail client and file system.
pub fn file_name(form: &Form, format: BlankFormat) -> String {
    let id: String = form
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("mau-bao-cao-{id}.{}", format.extension())
}

/// Writes the blank form into `dir` (created if needed) and returns the file's path. The file
/// appears complete or not at all: it is written under a temporary name, then renamed.
pub fn write(form: &Form, format: BlankFormat, dir: &Path) -> Result<PathBuf, BlankError> {
    let path = dir.join(file_name(form, format));
    let layout = Layout::of(form);
    let bytes = match format {
        BlankFormat::Docx => docx::bytes(&layout),
        BlankFormat::Xlsx => xlsx::bytes(&layout),
    }
    .map_err(|message| BlankError::Build {
        path: path.clone(),
        message,
    })?;
    std::fs::create_dir_all(dir).map_err(|source| BlankError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    write_atomically(&path, &bytes)?;
    Ok(path)
}

/// Writes the form whole or not at all ([`crate::durable`]).
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), BlankError> {
    crate::durable::write(path, bytes).map_err(|source| BlankError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// What the form prints, in order, shared by the Word and Excel writers.
struct Layout<'f> {
    /// `BIỂU MẪU` and the form's title, in capitals as the province prints it.
    title: String,
    /// The guide under the title.
    instruction: &'static str,
    /// Fields with a value beside the label: unit, period, date, texts.
    header: Vec<&'f Field>,
    /// Heading of the indicator table: STT, Chỉ tiêu, ĐVT and the figures column.
    columns: [&'f str; 4],
    /// Integer fields, one numbered table row each.
    indicators: Vec<&'f Field>,
    /// Narrative sections, each a heading with room to write below or beside it.
    sections: Vec<&'f Field>,
}

impl<'f> Layout<'f> {
    fn of(form: &'f Form) -> Self {
        let of_kind = |keep: fn(FieldKind) -> bool| form.fields.iter().filter(|f| keep(f.kind)).collect();
        // The figures column is titled with the form's first figures heading, so the extractor
        // recognises it by the same word list it reads with.
        let figures = form.value_columns.first().map_or("Số lượng", String::as_str);
        let [stt, label, unit] = INDICATOR_COLUMNS;
        Layout {
            title: format!("BIỂU MẪU {}", form.title.to_uppercase()),
            instruction: INSTRUCTION,
            header: of_kind(|k| !matches!(k, FieldKind::Integer | FieldKind::Section)),
            columns: [stt, label, unit, figures],
            indicators: of_kind(|k| k == FieldKind::Integer),
            sections: of_kind(|k| k == FieldKind::Section),
        }
    }
}

/// The unit of an indicator, empty when the form gives none.
fn unit(field: &Field) -> &str {
    field.unit.as_deref().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_takes_every_field_once_in_form_order() {
        let form = Form::embedded();
        let layout = Layout::of(&form);
        let keys = |v: &[&Field]| v.iter().map(|f| f.key.clone()).collect::<Vec<_>>();
        assert_eq!(
            keys(&layout.header),
            ["unit", "period", "report_date", "prepared_by", "phone"]
        );
        assert_eq!(layout.indicators.len(), 17);
        assert_eq!(keys(&layout.sections), ["highlights", "difficulties", "proposals"]);
        assert_eq!(layout.columns, ["STT", "Chỉ tiêu", "ĐVT", "Số lượng"]);
    }

    #[test]
    fn a_field_added_to_the_definition_gets_its_row_in_both_formats() {
        let text = format!(
            "{}\n[[fields]]\nkey = \"mentors\"\nlabel = \"Số cán bộ Hội làm cố vấn pháp lý\"\ntype = \"integer\"\nunit = \"người\"\n",
            crate::form::EMBEDDED_FORM
        );
        let form = Form::parse(&text, Path::new("forms/x.toml")).unwrap();
        let layout = Layout::of(&form);
        for (format, bytes) in [("docx", docx::bytes(&layout)), ("xlsx", xlsx::bytes(&layout))] {
            let (_, doc) = crate::extract::read_document(&bytes.unwrap(), &Default::default()).unwrap();
            let rows: Vec<Vec<&str>> = doc
                .lines
                .iter()
                .map(|l| l.cells.iter().map(|c| c.text.as_str()).collect())
                .collect();
            // Numbered after the 17 indicators of the embedded form, its unit beside it.
            let row = ["18", "Số cán bộ Hội làm cố vấn pháp lý", "người"];
            assert!(rows.contains(&row.to_vec()), "{format}: {rows:?}");
        }
    }

    #[test]
    fn file_names_are_ascii_and_named_after_the_form() {
        let mut form = Form::embedded();
        assert_eq!(
            file_name(&form, BlankFormat::Docx),
            "mau-bao-cao-giam-sat-phan-bien.docx"
        );
        form.id = "quý/2 ý".into();
        assert_eq!(file_name(&form, BlankFormat::Xlsx), "mau-bao-cao-qu--2--.xlsx");
    }
}
