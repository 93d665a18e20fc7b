//! The values of the staff's mails about the mailbox: a chapter's reply to a receipt
//! ([`StaffChapterReply`]) and the daily list of messages that were neither a report nor a
//! reply ([`StaffMailDigest`]).

use serde::Serialize;

/// `staff_chapter_reply`: a chapter answered its receipt without sending a new file.
#[derive(Debug, Clone, Serialize)]
pub struct StaffChapterReply {
    /// The chapter's full name (or the code when it is not in the registry).
    pub chapter: String,
    /// The report's file name.
    pub file_name: String,
    /// Period code of the report.
    pub period: String,
    /// Who wrote the reply.
    pub sender: String,
    /// When the reply was read, ISO 8601 in the configured time zone.
    pub received: String,
    /// What the chapter wrote, quoted text removed.
    pub comment: String,
}

/// One message of the digest.
#[derive(Debug, Clone, Serialize)]
pub struct DigestEntry {
    /// The sender's address, or empty.
    pub sender: String,
    pub subject: String,
    /// When it was read, ISO 8601 in the configured time zone.
    pub received: String,
    /// Files it carried that could not be taken, each "name: reason".
    pub refused: Vec<String>,
}

/// `staff_mail_digest`: once a day, the messages of the mailbox that were neither a report
/// nor a reply, each listed once.
#[derive(Debug, Clone, Serialize)]
pub struct StaffMailDigest {
    /// The local date of the digest, `2021-06-15`.
    pub date: String,
    /// The folder the messages were read from.
    pub folder: String,
    /// Whether they were left in the folder (otherwise moved to the done folder).
    pub left: bool,
    pub entries: Vec<DigestEntry>,
}

impl StaffChapterReply {
    /// A chapter saying one figure is wrong.
    pub fn example() -> StaffChapterReply {
        StaffChapterReply {
            chapter: "Hội LHPN huyện Cam Lâm".into(),
            file_name: "BC 6 thang 2021.docx".into(),
            period: "2021-H1".into(),
            sender: "camlam@example.vn".into(),
            received: "2021-06-15T08:05:00+07:00[Asia/Ho_Chi_Minh]".into(),
            comment: "Số liệu mục 3 chưa đúng, đơn vị sẽ gửi lại báo cáo.".into(),
        }
    }
}

impl StaffMailDigest {
    /// Two messages, one carrying a winmail.dat.
    pub fn example() -> StaffMailDigest {
        StaffMailDigest {
            date: "2021-06-15".into(),
            folder: "INBOX".into(),
            left: true,
            entries: vec![
                DigestEntry {
                    sender: "quangcao@example.com".into(),
                    subject: "Khuyến mãi tháng 6".into(),
                    received: "2021-06-14T16:20:00+07:00[Asia/Ho_Chi_Minh]".into(),
                    refused: vec![],
                },
                DigestEntry {
                    sender: "nguoi.la@example.com".into(),
                    subject: "Gửi báo cáo".into(),
                    received: "2021-06-15T07:45:00+07:00[Asia/Ho_Chi_Minh]".into(),
                    refused: vec!["winmail.dat: thư được gửi từ Outlook ở dạng winmail.dat".into()],
                },
            ],
        }
    }
}
