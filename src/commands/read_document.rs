//! `baocao read-document FILE` (hidden): the supervised child's side of
//! [`crate::extract::isolate`]. Reads one file into a document and returns it for printing.

use crate::extract::isolate::ChildOutput;
use crate::extract::{Limits, Refusal, read_document};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Reads the file; every failure becomes a refusal in the output.
pub fn run(file: &Path) -> ChildOutput {
    let limits = Limits::default();
    let bytes = match std::fs::metadata(file) {
        Ok(m) if m.len() > limits.max_file_bytes => {
            return ChildOutput::Refused(Refusal::too_large(
                "",
                format!("tệp lớn hơn {} MB", limits.max_file_bytes >> 20),
            ));
        }
        Ok(_) => std::fs::read(file),
        Err(e) => Err(e),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return ChildOutput::Refused(Refusal::Io(e.to_string())),
    };
    match catch_unwind(AssertUnwindSafe(|| read_document(&bytes, &limits))) {
        Ok(Ok((format, document))) => ChildOutput::Read { format, document },
        Ok(Err(refusal)) => ChildOutput::Refused(refusal),
        Err(_) => ChildOutput::Refused(Refusal::damaged("", "lỗi không mong đợi khi đọc tệp")),
    }
}
