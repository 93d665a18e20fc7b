//! What to send ([`Message`]) and how it becomes an RFC 5322 message.
//!
//! lettre does the encoding: a non-ASCII Subject and display names become RFC 2047 encoded
//! words, attachment file names RFC 2231 parameters (`filename*=utf-8''...`), and text bodies
//! quoted-printable or base64 as their content requires, so Vietnamese arrives intact through
//! servers that only pass 7-bit mail. The tests check this by decoding what a server received.

use super::MailError;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};

/// `text` with every control character (a carriage return or line feed from a file name, say)
/// replaced by a space: a header value is one line, and a name must never add a header.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// The longest message id accepted; it becomes a file name and a header.
const MAX_ID_LEN: usize = 200;

/// One e-mail to send.
#[derive(Debug, Clone, Default)]
pub struct Message {
    /// Stable id chosen by the caller (letters, digits, `.`, `_`, `-`). Sending the same id twice
    /// produces the same `Message-ID` header and, with the file transport, the same file, so a
    /// retry after a crash does not make a second distinct message.
    pub message_id: String,
    /// Recipients (at least one).
    pub to: Vec<Mailbox>,
    /// Recipients in copy.
    pub cc: Vec<Mailbox>,
    /// The Message-ID (without brackets) this message answers: it goes into `In-Reply-To`
    /// and `References`, so that mail programs show it in the same thread.
    pub in_reply_to: Option<String>,
    /// Where replies should go, when not to the sender.
    pub reply_to: Option<Mailbox>,
    /// Subject line, one line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// Optional HTML alternative of the body.
    pub html: Option<String>,
    /// Files attached after the body.
    pub attachments: Vec<Attachment>,
}

/// A file attached to a [`Message`].
#[derive(Clone)]
pub struct Attachment {
    /// File name shown to the recipient, any Unicode.
    pub filename: String,
    /// MIME type, e.g. `application/vnd.openxmlformats-officedocument.wordprocessingml.document`.
    pub content_type: String,
    /// File content.
    pub bytes: Vec<u8>,
}

// Not derived: a message logged with `{:?}` should not print a whole report byte by byte.
impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl Message {
    /// Builds the lettre message sent as `from`.
    pub(crate) fn build(&self, from: &Mailbox) -> Result<lettre::Message, MailError> {
        check_id(&self.message_id).map_err(|reason| self.invalid(reason))?;
        if self.to.is_empty() {
            return Err(self.invalid("no recipient".into()));
        }
        let mut builder = lettre::Message::builder()
            .from(from.clone())
            .subject(one_line(&self.subject))
            .message_id(Some(format!("<{}@{}>", self.message_id, from.email.domain())))
            // RFC 3834: tells out-of-office responders not to answer an automatic message.
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".into(),
            ));
        for to in &self.to {
            builder = builder.to(to.clone());
        }
        for cc in &self.cc {
            builder = builder.cc(cc.clone());
        }
        if let Some(id) = &self.in_reply_to {
            // One line, no brackets inside: the id came from a chapter's mail.
            let id = format!("<{}>", one_line(id).replace(['<', '>', ' '], ""));
            builder = builder.in_reply_to(id.clone()).references(id);
        }
        if let Some(reply_to) = &self.reply_to {
            builder = builder.reply_to(reply_to.clone());
        }
        let built = if !self.attachments.is_empty() {
            builder.multipart(self.mixed()?)
        } else {
            match self.body() {
                Parts::Single(part) => builder.singlepart(part),
                Parts::Multi(part) => builder.multipart(part),
            }
        };
        built.map_err(|e| self.invalid(e.to_string()))
    }

    fn body(&self) -> Parts {
        match &self.html {
            None => Parts::Single(SinglePart::plain(self.text.clone())),
            Some(html) => Parts::Multi(MultiPart::alternative_plain_html(self.text.clone(), html.clone())),
        }
    }

    fn mixed(&self) -> Result<MultiPart, MailError> {
        let mut mixed = match self.body() {
            Parts::Single(part) => MultiPart::mixed().singlepart(part),
            Parts::Multi(part) => MultiPart::mixed().multipart(part),
        };
        for attachment in &self.attachments {
            let content_type = ContentType::parse(&attachment.content_type).map_err(|e| {
                self.invalid(format!(
                    "attachment {}: content type `{}`: {e}",
                    attachment.filename, attachment.content_type
                ))
            })?;
            // Always base64: lettre would send bytes that happen to be ASCII as 7bit, where a
            // relay may rewrite bare line feeds and so change the file.
            let body = Body::new_with_encoding(attachment.bytes.clone(), ContentTransferEncoding::Base64)
                .map_err(|_| self.invalid(format!("attachment {}: cannot encode", attachment.filename)))?;
            let part = SinglePart::builder()
                .header(content_type)
                .header(super::disposition::Disposition::attachment(&one_line(
                    &attachment.filename,
                )))
                .body(body);
            mixed = mixed.singlepart(part);
        }
        Ok(mixed)
    }

    fn invalid(&self, reason: String) -> MailError {
        MailError::Invalid {
            id: self.message_id.clone(),
            reason,
        }
    }
}

/// The text part alone, or text and HTML alternatives.
enum Parts {
    Single(SinglePart),
    Multi(MultiPart),
}

/// The id names a file in the outbox and goes into the `Message-ID` header: keep it to
/// characters that are safe in both, and never a hidden or relative name.
fn check_id(id: &str) -> Result<(), String> {
    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if id.is_empty() || id.len() > MAX_ID_LEN || id.starts_with('.') || !id.chars().all(safe) {
        return Err(format!(
            "message id `{id}` must be 1 to {MAX_ID_LEN} letters, digits, `.`, `_` or `-`, not starting with `.`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from() -> Mailbox {
        "Hội LHPN tỉnh Khánh Hòa <baocao@example.vn>".parse().unwrap()
    }

    fn message() -> Message {
        Message {
            message_id: "ack-NTR-2021-H1-1".into(),
            to: vec!["Hội LHPN thành phố Nha Trang <nhatrang@example.vn>".parse().unwrap()],
            subject: "Đã nhận báo cáo 6 tháng đầu năm 2021".into(),
            text: "Kính gửi: Hội LHPN thành phố Nha Trang\n".into(),
            ..Message::default()
        }
    }

    fn formatted(msg: &Message) -> String {
        String::from_utf8(msg.build(&from()).unwrap().formatted()).unwrap()
    }

    #[test]
    fn headers_are_ascii_with_encoded_words() {
        let text = formatted(&message());
        let headers = text.split("\r\n\r\n").next().unwrap();
        assert!(headers.is_ascii(), "{headers}");
        assert!(headers.contains("Subject: =?utf-8?b?"), "{headers}");
        assert!(
            headers.contains("Message-ID: <ack-NTR-2021-H1-1@example.vn>"),
            "{headers}"
        );
        assert!(headers.contains("Auto-Submitted: auto-generated"), "{headers}");
    }

    #[test]
    fn attachment_name_has_an_ascii_spelling_and_its_rfc_2231_form() {
        let mut msg = message();
        msg.attachments.push(Attachment {
            filename: "Báo cáo 6 tháng đầu năm 2021.docx".into(),
            content_type: "application/octet-stream".into(),
            bytes: vec![0, 1, 2],
        });
        let text = formatted(&msg);
        assert!(
            text.contains("filename=\"Bao cao 6 thang dau nam 2021.docx\""),
            "{text}"
        );
        assert!(
            text.contains("filename*=utf-8''B%C3%A1o%20c%C3%A1o%206%20th%C3%A1ng"),
            "{text}"
        );
        assert!(
            text.contains("Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"),
            "{text}"
        );
        assert!(text.is_ascii());
    }

    #[test]
    fn html_alternative_sits_beside_the_text_before_attachments() {
        let mut msg = message();
        msg.html = Some("<p>Kính gửi</p>".into());
        msg.attachments.push(Attachment {
            filename: "a.pdf".into(),
            content_type: "application/pdf".into(),
            bytes: vec![b'%'; 10],
        });
        let text = formatted(&msg);
        let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle} missing:\n{text}"));
        assert!(at("multipart/mixed") < at("multipart/alternative"));
        assert!(at("text/plain") < at("text/html") && at("text/html") < at("application/pdf"));
        assert_eq!(format!("{:?}", msg.attachments[0]).matches("10").count(), 1);
    }

    #[test]
    fn an_answer_carries_the_thread_headers_and_the_copy() {
        let mut msg = message();
        msg.cc = vec!["Hội LHPN phường Nha Trang <nhatrang@example.vn>".parse().unwrap()];
        msg.in_reply_to = Some("CAB+x7=q@mail.gmail.com".into());
        let text = formatted(&msg);
        assert!(text.contains("In-Reply-To: <CAB+x7=q@mail.gmail.com>\r\n"), "{text}");
        assert!(text.contains("References: <CAB+x7=q@mail.gmail.com>\r\n"), "{text}");
        assert!(text.contains("Cc: =?utf-8?b?"), "{text}");
        assert!(text.contains("<nhatrang@example.vn>"), "{text}");
    }

    #[test]
    fn unsafe_ids_are_refused() {
        for id in ["", "../etc/passwd", ".hidden", "a b", "ack/1", "mã-1"] {
            let msg = Message {
                message_id: id.into(),
                ..message()
            };
            let err = msg.build(&from()).unwrap_err();
            assert!(
                !err.is_transient() && err.to_string().contains("message id"),
                "{id}: {err}"
            );
        }
    }

    #[test]
    fn no_recipient_and_bad_content_type_are_permanent() {
        let empty = Message {
            to: vec![],
            ..message()
        };
        assert!(!empty.build(&from()).unwrap_err().is_transient());
        let mut bad = message();
        bad.attachments.push(Attachment {
            filename: "a.docx".into(),
            content_type: "not a type".into(),
            bytes: vec![],
        });
        let err = bad.build(&from()).unwrap_err();
        assert!(err.to_string().contains("not a type"), "{err}");
    }
}
