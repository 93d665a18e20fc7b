//! Threads between baocao and a chapter: the e-mail a report file came in (its files sit in
//! `inbox/<CHAPTER>/thư-<n>/`, `n` the ledger row), so that the receipt answers it in the same
//! thread, to the person who sent it, with the registry address in copy when that differs;
//! and the text of a chapter's reply with the quoted receipt taken off.

use crate::store::{MailThread, QueuedMail, Store, StoreError};
use std::path::Path;

/// The prefix of a message's folder in the inbox (see `poll::target`).
pub const FOLDER_PREFIX: &str = "thư-";

/// The ledger row of the e-mail a file in the inbox came in, from its folder's name.
pub fn message_of(inbox: &Path, path: &Path) -> Option<i64> {
    let rel = path.strip_prefix(inbox).ok()?;
    let parent = rel.parent()?;
    // `thư-n/file` or `CHAPTER/thư-n/file`: the folders poll writes, nothing deeper.
    if parent.components().count() > 2 {
        return None;
    }
    let name = parent.file_name()?.to_str()?;
    let n = name.strip_prefix(FOLDER_PREFIX)?;
    n.parse().ok().filter(|&n: &i64| n > 0)
}

/// The e-mail `path` came in, if it came by mail.
pub fn of_file(inbox: &Path, store: &Store, path: &Path) -> Result<Option<MailThread>, StoreError> {
    match message_of(inbox, path) {
        Some(id) => store.mail_thread(id),
        None => Ok(None),
    }
}

/// Turns `mail` (a notice to `registered`, the chapter's address in the registry) into an
/// answer to the chapter's e-mail `thread`: to the sender, the registry address in copy when
/// it differs, in the same thread. A sender nobody registered is not answered: the notice goes
/// to the registry address only (a stranger is never sent a chapter's figures).
pub fn answer(mail: &mut QueuedMail, thread: &MailThread, registered: &str) {
    let (Some(sender), Some(_)) = (thread.sender.as_deref(), thread.chapter.as_deref()) else {
        return;
    };
    let registered_address = address_in(registered);
    mail.recipients = vec![sender.to_string()];
    mail.cc = if registered_address.eq_ignore_ascii_case(sender) {
        vec![]
    } else {
        vec![registered.to_string()]
    };
    mail.in_reply_to = thread.message_id.clone();
    mail.subject = re(&thread.subject, &mail.subject);
}

/// `Re: <the chapter's subject>` (once), or the notice's own subject when the mail had none.
fn re(subject: &str, own: &str) -> String {
    let subject = subject.trim();
    if subject.is_empty() {
        return own.to_string();
    }
    let lower = subject.to_lowercase();
    if ["re:", "tl:", "trả lời:"].iter().any(|p| lower.starts_with(p)) {
        subject.to_string()
    } else {
        format!("Re: {subject}")
    }
}

/// `a@b` from `Name <a@b>` (or the text itself).
fn address_in(mailbox: &str) -> &str {
    match (mailbox.rfind('<'), mailbox.rfind('>')) {
        (Some(a), Some(b)) if a < b => &mailbox[a + 1..b],
        _ => mailbox.trim(),
    }
}

/// What a reply says in its own words: the quoted message (lines starting with `>`, and all
/// after an "On … wrote:", "Vào … đã viết:", Outlook's "From:"/"Từ:" header block or its
/// rule) and the signature (after `-- `) removed.
pub fn own_words(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let lower = t.to_lowercase();
        let attribution = lower.ends_with("wrote:") || lower.ends_with("đã viết:") || lower.ends_with("viết:");
        let outlook = lower.starts_with("-----original message")
            || lower.starts_with("-----thư gốc")
            || (t.len() >= 20 && t.chars().all(|c| c == '_'))
            || (i > 0 && lines[i - 1].trim().is_empty() && header_block(&lower, lines.get(i + 1)));
        if attribution || outlook || *line == "-- " {
            end = i;
            // "On Tue, … <baocao@" + "example.vn> wrote:" wrapped over two lines.
            let before = lines[..i].iter().rposition(|l| !l.trim().is_empty());
            if let Some(b) = before.filter(|_| attribution) {
                let prev = lines[b].trim().to_lowercase();
                if prev.starts_with("on ") || prev.starts_with("vào ") {
                    end = b;
                }
            }
            break;
        }
    }
    let kept: Vec<&str> = lines[..end]
        .iter()
        .filter(|l| !l.trim_start().starts_with('>'))
        .copied()
        .collect();
    kept.join("\n").trim().to_string()
}

/// Outlook's quoted header: a `From:` (`Từ:`) line followed by `Sent:` (`Đã gửi:`) or `Date:`.
fn header_block(lower: &str, next: Option<&&str>) -> bool {
    let next = next.map(|l| l.trim().to_lowercase()).unwrap_or_default();
    ["from:", "từ:"].iter().any(|h| lower.starts_with(h))
        && ["sent:", "đã gửi:", "date:", "ngày:"]
            .iter()
            .any(|h| next.starts_with(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_tied_to_the_mail_they_came_in_by_their_folder() {
        let inbox = Path::new("/srv/inbox");
        assert_eq!(message_of(inbox, Path::new("/srv/inbox/NTR/thư-12/a.docx")), Some(12));
        assert_eq!(message_of(inbox, Path::new("/srv/inbox/thư-3/a.docx")), Some(3));
        assert_eq!(message_of(inbox, Path::new("/srv/inbox/NTR/a.docx")), None);
        assert_eq!(message_of(inbox, Path::new("/srv/inbox/a/b/thư-3/a.docx")), None);
        assert_eq!(message_of(inbox, Path::new("/srv/inbox/NTR/thư-x/a.docx")), None);
    }

    #[test]
    fn quoted_text_and_signatures_are_taken_off() {
        let gmail = "Số liệu mục 3 chưa đúng.\r\nĐơn vị sẽ gửi lại.\r\n\r\nOn Tue, 15 Jun 2021 at 08:00 Hội LHPN <\r\nbaocao@example.vn> wrote:\r\n> Đã nhận báo cáo\r\n> 12\r\n";
        assert_eq!(own_words(gmail), "Số liệu mục 3 chưa đúng.\nĐơn vị sẽ gửi lại.");
        let vietnamese = "số liệu mục 3 chưa đúng\n\nVào Th 3, 15 thg 6, 2021 vào lúc 08:00 Hội LHPN <baocao@example.vn> đã viết:\n> Kính gửi";
        assert_eq!(own_words(vietnamese), "số liệu mục 3 chưa đúng");
        let outlook =
            "Sai mục 3.\n\nFrom: Hội LHPN tỉnh <baocao@example.vn>\nSent: Tuesday\nSubject: Đã nhận\n\nKính gửi";
        assert_eq!(own_words(outlook), "Sai mục 3.");
        let signed = "Đúng rồi.\n-- \nNguyễn Thị A\nHội LHPN xã";
        assert_eq!(own_words(signed), "Đúng rồi.");
        assert_eq!(own_words("> chỉ trích dẫn\n"), "");
    }

    #[test]
    fn an_answer_goes_to_the_sender_with_the_registry_in_copy() {
        let mut mail = QueuedMail {
            message_id: "ack-accepted-1".into(),
            kind: "ack_accepted".into(),
            recipients: vec!["Hội LHPN phường Nha Trang <nhatrang@example.vn>".into()],
            subject: "Đã nhận báo cáo".into(),
            body: String::new(),
            attachments: vec![],
            cc: vec![],
            in_reply_to: None,
        };
        let thread = MailThread {
            message_id: Some("abc@mail.gmail.com".into()),
            sender: Some("canbo.nt@gmail.com".into()),
            subject: "Báo cáo 6 tháng".into(),
            chapter: Some("NTR".into()),
        };
        let registered = mail.recipients[0].clone();
        answer(&mut mail, &thread, &registered);
        assert_eq!(mail.recipients, ["canbo.nt@gmail.com"]);
        assert_eq!(mail.cc, std::slice::from_ref(&registered));
        assert_eq!(mail.in_reply_to.as_deref(), Some("abc@mail.gmail.com"));
        assert_eq!(mail.subject, "Re: Báo cáo 6 tháng");
        let stranger = MailThread {
            chapter: None,
            ..thread
        };
        let mut other = QueuedMail {
            recipients: vec![registered.clone()],
            cc: vec![],
            in_reply_to: None,
            ..mail
        };
        answer(&mut other, &stranger, &registered);
        assert_eq!(
            (other.recipients, other.cc, other.in_reply_to),
            (vec![registered], vec![], None)
        );
    }
}
