//! The e-mails a submission causes: a receipt to the chapter, a rejection notice, or a notice
//! to the provincial staff when the chapter is unknown. Rendered from editable templates and
//! queued in the same transaction as the submission.

use crate::config::Settings;
use crate::extract::Record;
use crate::store::{NewSubmission, QueuedMail};

/// The e-mails to queue for a new submission (none for duplicates).
pub fn for_submission(
    _settings: &Settings,
    _new: &NewSubmission,
    _record: Option<&Record>,
    _hint: Option<&str>,
) -> Vec<QueuedMail> {
    Vec::new()
}
