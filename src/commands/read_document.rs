//! `baocao read-document FILE` (hidden): the supervised child's side of
//! [`crate::extract::isolate`]. Reads one file into a document and returns it for printing.

use crate::extract::isolate::ChildOutput;
use crate::extract::{Limits, Refusal, read_bounded, read_document};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Reads the file; every failure becomes a refusal in the output.
pub fn run(file: &Path, limits: &Limits) -> ChildOutput {
    let bytes = match read_bounded(file, limits) {
        Ok(b) => b,
        Err(refusal) => return ChildOutput::Refused(refusal),
    };
    match catch_unwind(AssertUnwindSafe(|| read_document(&bytes, limits))) {
        Ok(Ok((format, document))) => ChildOutput::Read { format, document },
        Ok(Err(refusal)) => ChildOutput::Refused(refusal),
        Err(_) => ChildOutput::Refused(Refusal::damaged("", "lỗi không mong đợi khi đọc tệp")),
    }
}
