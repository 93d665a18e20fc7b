//! Why a file could not be read, worded for the chapter that sent it.
//!
//! The `Display` text of [`Refusal`] is Vietnamese because it goes, unchanged, into the
//! rejection notice a chapter receives; a library's own (English) words stay in the variant's
//! `detail`, for the log only (`{:?}`), never in the notice.

use std::path::PathBuf;

/// The reason a document was refused. Each message says what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    /// A format baocao does not read (legacy .doc, .odt, RTF, images...).
    #[error("định dạng {0} chưa được hỗ trợ; xin lưu lại thành .docx, .xlsx hoặc .pdf rồi gửi lại")]
    Unsupported(String),
    /// The bytes are not any known document format.
    #[error("không nhận dạng được định dạng tệp (không phải Word, Excel hay PDF); xin kiểm tra lại tệp")]
    NotRecognised,
    /// The file is protected by a password.
    #[error("tệp {0} được đặt mật khẩu nên không đọc được; xin gỡ mật khẩu rồi gửi lại")]
    Encrypted(String),
    /// The file is truncated or internally inconsistent; `detail` is technical, for the log.
    #[error(
        "tệp {}bị hỏng, không mở được; xin mở tệp, lưu lại (hoặc xuất lại) rồi gửi lại",
        spaced(format)
    )]
    Damaged { format: String, detail: String },
    /// The file has no bytes at all.
    #[error("tệp rỗng (0 byte); xin gửi lại đúng tệp báo cáo")]
    Empty,
    /// The file exceeds a safety limit (size, cells, pages, nesting).
    #[error("tệp {format} vượt giới hạn an toàn ({detail}); xin chỉ gửi biểu mẫu báo cáo")]
    TooLarge { format: String, detail: String },
    /// A PDF without a text layer (a scan), nothing to read.
    #[error("tệp PDF không có lớp chữ (có thể là bản scan); xin gửi bản Word, Excel hoặc PDF xuất từ Word")]
    NoText,
    /// The file could not be read from disk at all (the system's words, for the log).
    #[error("{}", io_words(.0))]
    Io(String),
    /// A program this format needs is not installed: the server's to fix, never the
    /// chapter's; the file waits until it is.
    #[error("cần cài {program} để đọc tệp {format}; xin báo người quản trị kỹ thuật")]
    NeedsProgram { program: String, format: String },
    /// A program that reads this format failed for a reason that is not the document's (it
    /// could not start, or outran its time on a busy machine); the file is read again later.
    #[error("{program} chưa đọc được tệp {format} ({detail}); tệp sẽ được đọc lại sau")]
    ProgramFailed {
        program: String,
        format: String,
        detail: String,
    },
    /// A scan or photo of `pages` pages, not read yet: the daemon reads scans by OCR one at
    /// a time, apart from the other files, and this file waits its turn.
    #[error("bản scan {pages} trang đang chờ đọc bằng OCR")]
    NeedsOcr { pages: usize },
}

/// `Word ` for `Word`, nothing for an unknown format: "tệp Word bị hỏng", "tệp bị hỏng".
fn spaced(format: &str) -> String {
    if format.is_empty() {
        String::new()
    } else {
        format!("{format} ")
    }
}

/// What a person is told when the file cannot be read from the disk.
fn io_words(detail: &str) -> &'static str {
    if detail.contains("os error 2)") {
        "không tìm thấy tệp; xin kiểm tra lại tên và đường dẫn của tệp"
    } else if detail.contains("os error 13)") {
        "không có quyền đọc tệp; xin kiểm tra quyền truy cập của tệp"
    } else if detail.contains("os error 21)") {
        "đây là một thư mục, không phải tệp"
    } else {
        "không đọc được tệp từ ổ đĩa; xin thử lại hoặc báo người quản trị kỹ thuật"
    }
}

impl Refusal {
    /// Whether the failure is the server's, not the document's: the file waits and is read
    /// again, and the chapter is not told its file was refused.
    pub fn is_ours(&self) -> bool {
        matches!(
            self,
            Refusal::Io(_) | Refusal::NeedsProgram { .. } | Refusal::ProgramFailed { .. } | Refusal::NeedsOcr { .. }
        )
    }

    /// A damaged-file refusal for `format` with a technical `detail`.
    pub fn damaged(format: &str, detail: impl ToString) -> Self {
        Refusal::Damaged {
            format: format.to_string(),
            detail: detail.to_string(),
        }
    }

    /// A limit refusal for `format` with what was exceeded.
    pub fn too_large(format: &str, detail: impl ToString) -> Self {
        Refusal::TooLarge {
            format: format.to_string(),
            detail: detail.to_string(),
        }
    }
}

/// A refused file: the path and the reason, displayed as `FILE: reason`.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct ExtractError {
    /// The file that was refused.
    pub path: PathBuf,
    /// Why it was refused.
    #[source]
    pub reason: Refusal,
}
