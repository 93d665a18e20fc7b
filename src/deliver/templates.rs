//! Mail texts: one minijinja template file per [`MailKind`], editable by the province.
//!
//! A template's rendered output starts with the line `Subject: ...`; everything after it is the
//! plain-text body. Keeping both in one file means the person editing the wording sees the whole
//! message at once. Files are read from the configured `templates/mail/` folder; a kind whose
//! file is absent there uses the copy built into the binary, so an installation may override
//! only the texts it wants to change.
//!
//! [`Templates::load`] compiles every template and renders it once with the example context
//! of its kind, so a syntax error, a misspelt variable or a missing `Subject:` line is reported
//! at start-up, naming the file, rather than when a chapter's acknowledgement is due.

use super::context::{AckAccepted, AckRejected, DeskReview, ReportMail, StaffStuck, StaffUnknownChapter};
use super::filters;
use super::reminders::{Reminder, StaffOverdue, StaffStatus};
use super::replies::{StaffChapterReply, StaffMailDigest};
use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior, syntax::SyntaxConfig};
use serde::Serialize;
use std::path::Path;

/// The kinds of message baocao writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    /// Receipt for a report that was read ([`AckAccepted`]).
    AckAccepted,
    /// Notice that a file could not be accepted ([`AckRejected`]).
    AckRejected,
    /// Notice to the provincial staff that a report's chapter is unknown ([`StaffUnknownChapter`]).
    StaffUnknownChapter,
    /// Reminder or overdue notice to a chapter that has not reported ([`Reminder`]).
    Reminder,
    /// The staff's daily digest of late chapters ([`StaffOverdue`]).
    StaffOverdue,
    /// The staff's deadline-day state of a period ([`StaffStatus`]).
    StaffStatus,
    /// The compiled provincial report, with its files attached ([`ReportMail`]).
    Report,
    /// Notice to the staff that a file could not be taken for a long time ([`StaffStuck`]).
    StaffStuck,
    /// The staff's request to resend, or their refusal by hand, from the desk ([`DeskReview`]).
    DeskReview,
    /// Notice to the staff that a chapter answered its receipt ([`StaffChapterReply`]).
    StaffChapterReply,
    /// The staff's daily list of mailbox messages that were not reports ([`StaffMailDigest`]).
    StaffMailDigest,
}

impl MailKind {
    /// Every kind, in a fixed order.
    pub const ALL: [MailKind; 11] = [
        MailKind::AckAccepted,
        MailKind::AckRejected,
        MailKind::StaffUnknownChapter,
        MailKind::Reminder,
        MailKind::StaffOverdue,
        MailKind::StaffStatus,
        MailKind::Report,
        MailKind::StaffStuck,
        MailKind::DeskReview,
        MailKind::StaffChapterReply,
        MailKind::StaffMailDigest,
    ];

    /// The kind's name, as stored in the outbox's `kind` column: `ack_accepted`...
    pub fn name(self) -> &'static str {
        match self {
            MailKind::AckAccepted => "ack_accepted",
            MailKind::AckRejected => "ack_rejected",
            MailKind::StaffUnknownChapter => "staff_unknown_chapter",
            MailKind::Reminder => "reminder",
            MailKind::StaffOverdue => "staff_overdue",
            MailKind::StaffStatus => "staff_status",
            MailKind::Report => "report",
            MailKind::StaffStuck => "staff_stuck",
            MailKind::DeskReview => "desk_review",
            MailKind::StaffChapterReply => "staff_chapter_reply",
            MailKind::StaffMailDigest => "staff_mail_digest",
        }
    }

    /// The kind called `name` (see [`MailKind::name`]).
    pub fn from_name(name: &str) -> Option<MailKind> {
        MailKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The template's file name inside `templates/mail/`.
    pub fn file_name(self) -> &'static str {
        match self {
            MailKind::AckAccepted => "ack_accepted.txt",
            MailKind::AckRejected => "ack_rejected.txt",
            MailKind::StaffUnknownChapter => "staff_unknown_chapter.txt",
            MailKind::Reminder => "reminder.txt",
            MailKind::StaffOverdue => "staff_overdue.txt",
            MailKind::StaffStatus => "staff_status.txt",
            MailKind::Report => "report.txt",
            MailKind::StaffStuck => "staff_stuck.txt",
            MailKind::DeskReview => "desk_review.txt",
            MailKind::StaffChapterReply => "staff_chapter_reply.txt",
            MailKind::StaffMailDigest => "staff_mail_digest.txt",
        }
    }

    /// The built-in text of this kind's template.
    pub fn embedded(self) -> &'static str {
        match self {
            MailKind::AckAccepted => include_str!("../../templates/mail/ack_accepted.txt"),
            MailKind::AckRejected => include_str!("../../templates/mail/ack_rejected.txt"),
            MailKind::StaffUnknownChapter => include_str!("../../templates/mail/staff_unknown_chapter.txt"),
            MailKind::Reminder => include_str!("../../templates/mail/reminder.txt"),
            MailKind::StaffOverdue => include_str!("../../templates/mail/staff_overdue.txt"),
            MailKind::StaffStatus => include_str!("../../templates/mail/staff_status.txt"),
            MailKind::Report => include_str!("../../templates/mail/report.txt"),
            MailKind::StaffStuck => include_str!("../../templates/mail/staff_stuck.txt"),
            MailKind::DeskReview => include_str!("../../templates/mail/desk_review.txt"),
            MailKind::StaffChapterReply => include_str!("../../templates/mail/staff_chapter_reply.txt"),
            MailKind::StaffMailDigest => include_str!("../../templates/mail/staff_mail_digest.txt"),
        }
    }

    fn example(self) -> Value {
        match self {
            MailKind::AckAccepted => Value::from(Serde(AckAccepted::example())),
            MailKind::AckRejected => Value::from(Serde(AckRejected::example())),
            MailKind::StaffUnknownChapter => Value::from(Serde(StaffUnknownChapter::example())),
            MailKind::Reminder => Value::from(Serde(Reminder::example())),
            MailKind::StaffOverdue => Value::from(Serde(StaffOverdue::example())),
            MailKind::StaffStatus => Value::from(Serde(StaffStatus::example())),
            MailKind::Report => Value::from(Serde(ReportMail::example())),
            MailKind::StaffStuck => Value::from(Serde(StaffStuck::example())),
            MailKind::DeskReview => Value::from(Serde(DeskReview::example())),
            MailKind::StaffChapterReply => Value::from(Serde(StaffChapterReply::example())),
            MailKind::StaffMailDigest => Value::from(Serde(StaffMailDigest::example())),
        }
    }
}

/// A template that failed to render; the message names the file.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct TemplateError {
    /// The template file (or `... (embedded)`).
    pub origin: String,
    /// What went wrong, with the line when known.
    pub message: String,
}

/// The loaded mail templates.
#[derive(Debug, Clone)]
pub struct Templates {
    env: Environment<'static>,
    origins: Vec<(MailKind, String)>,
}

impl Templates {
    /// Loads every kind from `dir` (the `templates/mail` folder) where a file exists there,
    /// else from the built-in copy, and checks each by rendering its example context.
    pub fn load(dir: Option<&Path>) -> Result<Templates, String> {
        let mut env = Environment::new();
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|e| e.to_string())?;
        env.set_syntax(syntax);
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.add_filter("period_words", |s: String| filters::period_words(&s));
        env.add_filter("datetime_words", |s: String| filters::datetime_words(&s));
        env.add_filter("table", |rows: Value| filters::table(&rows));
        let mut origins = Vec::new();
        for kind in MailKind::ALL {
            let (origin, source) = source(dir, kind)?;
            env.add_template_owned(kind.file_name(), source)
                .map_err(|e| format!("{origin}: {}", describe(&e)))?;
            origins.push((kind, origin));
        }
        let templates = Templates { env, origins };
        for kind in MailKind::ALL {
            templates
                .render_value(kind, kind.example())
                .map_err(|e| format!("{e} (checked with the example values)"))?;
        }
        Ok(templates)
    }

    /// Renders `kind` with `context` into `(subject, body)`.
    pub fn render(&self, kind: MailKind, context: &impl Serialize) -> Result<(String, String), TemplateError> {
        self.render_value(kind, Value::from(Serde(context)))
    }

    /// Where the template of `kind` was loaded from.
    pub fn origin(&self, kind: MailKind) -> &str {
        self.origins
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or("", |(_, origin)| origin.as_str())
    }

    fn render_value(&self, kind: MailKind, context: Value) -> Result<(String, String), TemplateError> {
        let error = |message: String| TemplateError {
            origin: self.origin(kind).to_string(),
            message,
        };
        let text = self
            .env
            .get_template(kind.file_name())
            .and_then(|t| t.render(context))
            .map_err(|e| error(describe(&e)))?;
        split_subject(&text).map_err(error)
    }
}

fn source(dir: Option<&Path>, kind: MailKind) -> Result<(String, String), String> {
    match dir.map(|d| d.join(kind.file_name())).filter(|p| p.is_file()) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            Ok((path.display().to_string(), text))
        }
        None => Ok((
            format!("templates/mail/{} (embedded)", kind.file_name()),
            kind.embedded().to_string(),
        )),
    }
}

/// `line N: kind: detail` — the file is named by the caller.
fn describe(e: &minijinja::Error) -> String {
    let mut text = match e.line() {
        Some(line) => format!("line {line}: {}", e.kind()),
        None => e.kind().to_string(),
    };
    if let Some(detail) = e.detail() {
        text.push_str(": ");
        text.push_str(detail);
    }
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// Splits rendered text into the `Subject:` line and the body. The body loses leading blank
/// lines, trailing spaces and runs of blank lines (left by optional sections), and ends with
/// one newline.
fn split_subject(text: &str) -> Result<(String, String), String> {
    let text = text.trim_start_matches(|c: char| c.is_whitespace());
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let subject = first
        .strip_prefix("Subject:")
        .ok_or("the first line of the output must be `Subject: ...`")?
        .trim();
    if subject.is_empty() {
        return Err("the subject is empty".into());
    }
    let mut body = String::new();
    for line in rest.lines().map(str::trim_end) {
        if !line.is_empty() || !(body.is_empty() || body.ends_with("\n\n")) {
            body.push_str(line);
            body.push('\n');
        }
    }
    let body = format!("{}\n", body.trim_end());
    Ok((subject.to_string(), body))
}

#[cfg(test)]
mod tests;
