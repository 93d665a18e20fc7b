//! One e-mail's bytes → what baocao needs from it: who sent it, which message it answers,
//! its text, and the files in it that may be reports. Parts are chosen by their bytes and
//! name, never by disposition: an inline PDF is a report, a signature image or a logo is not,
//! a forwarded message's files count, and a `.zip` is unpacked under the Office limits.

use super::names;
use crate::extract::error::Refusal;
use crate::extract::limits::Limits;
use crate::extract::sniff;
use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders, PartType};

/// An e-mail as the intake sees it.
#[derive(Debug, Clone, Default)]
pub struct Mail {
    /// `Message-ID` without the angle brackets.
    pub message_id: Option<String>,
    /// The sender's address, lower-case.
    pub from: Option<String>,
    pub subject: String,
    /// `In-Reply-To` and `References`, without angle brackets, oldest first.
    pub answers: Vec<String>,
    /// The first plain-text body (or the HTML one as text), for a reply without a file.
    pub text: String,
    /// Files that may be reports, in the order they appear.
    pub files: Vec<File>,
    /// Parts that carry a report baocao cannot take, each with the reason (Vietnamese).
    pub refused: Vec<(String, String)>,
    /// Sent by a machine, not a person: an out-of-office answer or a bounce (RFC 3834's
    /// `Auto-Submitted`, the vacation and bulk headers, a delivery report). Never a chapter's
    /// reply to its receipt.
    pub automatic: bool,
}

/// A file carried by an e-mail.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Its name, decoded and in NFC; a made-up one for a nameless part.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Extensions of documents a chapter may send: such a file is passed on even when its bytes
/// are not recognised, so that the chapter hears why it could not be read.
const DOCUMENTS: [&str; 9] = ["doc", "docx", "xls", "xlsx", "ods", "odt", "pdf", "rtf", "zip"];

/// Forwarded messages inside forwarded messages: deeper is not a chapter's mail.
const MAX_NESTING: usize = 5;

/// Reads `raw`; a message mail-parser cannot read at all yields an empty [`Mail`].
pub fn read(raw: &[u8], limits: &Limits) -> Mail {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Mail::default();
    };
    let mut mail = Mail {
        message_id: message.message_id().map(str::to_string),
        from: message
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_lowercase),
        subject: message.subject().unwrap_or_default().to_string(),
        answers: ids(&message),
        text: message.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        automatic: automatic(&message),
        ..Mail::default()
    };
    // A bounce carries back a message baocao sent (the compiled report sent to a wrong
    // address): its files are never a chapter's report.
    if !bounce(&message) {
        collect(&message, raw, limits, 0, &mut mail);
    }
    mail
}

/// Whether a machine sent `message` (see [`Mail::automatic`]).
fn automatic(message: &Message) -> bool {
    let header = |name: &'static str| message.header_raw(name).map(|v| v.trim().to_ascii_lowercase());
    let auto_submitted = header("Auto-Submitted").is_some_and(|v| !v.starts_with("no"));
    let vacation = header("X-Autoreply").is_some() || header("X-Autorespond").is_some();
    let bulk = header("Precedence").is_some_and(|v| matches!(v.as_str(), "bulk" | "junk" | "auto_reply"));
    auto_submitted || vacation || bulk || bounce(message)
}

/// Whether `message` is a delivery report: `multipart/report`, or from `MAILER-DAEMON` or
/// `postmaster`.
fn bounce(message: &Message) -> bool {
    let report = message.content_type().is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("multipart") && c.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    let daemon = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .is_some_and(|a| {
            let local = a.split('@').next().unwrap_or_default().to_ascii_lowercase();
            matches!(local.as_str(), "mailer-daemon" | "postmaster")
        });
    report || daemon
}

fn ids(message: &Message) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for value in [message.references(), message.in_reply_to()] {
        let list = value.as_text_list().unwrap_or_default();
        for id in list {
            let id = id.trim_matches(['<', '>', ' ']).to_string();
            if !id.is_empty() && !all.contains(&id) {
                all.push(id);
            }
        }
    }
    all
}

/// Every leaf part of `message` (and of the messages forwarded in it).
fn collect(message: &Message, raw: &[u8], limits: &Limits, depth: usize, mail: &mut Mail) {
    let bodies: Vec<u32> = message.text_body.iter().chain(&message.html_body).copied().collect();
    for (i, part) in message.parts.iter().enumerate() {
        match &part.body {
            PartType::Multipart(_) => {}
            PartType::Message(inner) if depth < MAX_NESTING => {
                collect(inner, inner.raw_message(), limits, depth + 1, mail)
            }
            PartType::Message(_) => {}
            // The message's own text is not a file, unless it was attached under a name.
            PartType::Text(_) | PartType::Html(_)
                if bodies.contains(&(i as u32)) && part.attachment_name().is_none() => {}
            _ => consider(part, raw, limits, mail),
        }
    }
}

fn consider(part: &MessagePart, raw: &[u8], limits: &Limits, mail: &mut Mail) {
    let bytes = part.contents();
    let ctype = part
        .content_type()
        .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()).to_lowercase())
        .unwrap_or_default();
    let name = names::of_part(part, raw, mail.files.len() + mail.refused.len() + 1, &ctype);
    if ctype == "application/ms-tnef" || name.eq_ignore_ascii_case("winmail.dat") {
        mail.refused.push((name, TNEF.to_string()));
        return;
    }
    let extension = names::extension(&name);
    let zip = bytes.starts_with(b"PK\x03\x04") && sniff::detect(bytes, limits).is_err();
    if zip && (extension == "zip" || ctype.contains("zip")) {
        super::unzip::unpack(&name, bytes, limits, mail);
        return;
    }
    if is_report(bytes, &extension, limits) {
        mail.files.push(File {
            name,
            bytes: bytes.to_vec(),
        });
    }
}

/// Why a winmail.dat is refused (to the chapter).
pub const TNEF: &str = "thư được gửi từ Outlook ở dạng winmail.dat nên không lấy được tệp đính kèm; \
                        đề nghị gửi lại với tệp Word, Excel hoặc PDF đính kèm thông thường";

/// The smallest picture taken for a photographed report.
const MIN_PHOTO_BYTES: usize = 200 * 1024;

/// Whether a file is taken to be a report: its bytes are a document baocao reads, or its name
/// says it is a document (so that an unreadable one is answered, not ignored). Images, cards,
/// calendars and signatures are not.
pub fn is_report(bytes: &[u8], extension: &str, limits: &Limits) -> bool {
    if bytes.is_empty() {
        return false;
    }
    match sniff::detect(bytes, limits) {
        // A photo of a report is a page-sized picture; logos, signatures and stickers in a
        // mail are a few kilobytes.
        Ok(sniff::Format::Jpeg | sniff::Format::Png) => bytes.len() >= MIN_PHOTO_BYTES,
        Ok(_) | Err(Refusal::Encrypted(_)) => true,
        // Legacy Office (Word 97 and the like) is a report baocao cannot read yet.
        Err(_) if bytes.starts_with(OLE_MAGIC) => true,
        Err(_) => DOCUMENTS.contains(&extension),
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
