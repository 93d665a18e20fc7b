//! The values each mail template receives, one struct per [`MailKind`](super::MailKind).
//!
//! [`Templates::render`](super::Templates::render) takes any `Serialize` value, but these
//! structs are the contract with the template files: their field names are the variables the
//! templates use (each template's header comment lists them). Values are already text, written
//! as the chapter should read them (numbers with their separators, labels as on the form),
//! except `period` (a code like `2021-H1`) and `received` (an ISO date-time), which the
//! templates write out with the `period_words` and `datetime_words` filters.

use serde::Serialize;

/// One value read from a report: the form's label and the value as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The field's label as printed on the form.
    pub label: String,
    /// The value as read, formatted for reading.
    pub value: String,
}

impl Row {
    /// A row from anything text-like.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Row {
        Row {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// `ack_accepted`: receipt sent to a chapter whose report was read and stored.
#[derive(Debug, Clone, Serialize)]
pub struct AckAccepted {
    /// The chapter's full name, e.g. `Hội LHPN thành phố Nha Trang`.
    pub chapter: String,
    /// Name of the file as received.
    pub file_name: String,
    /// Period code: `2021-H1`, `2021-Y`, `2021-R3`.
    pub period: String,
    /// When the file was received, ISO 8601 in the configured time zone.
    pub received: String,
    /// The values read, in form order.
    pub values: Vec<Row>,
    /// Labels of required fields that were not found.
    pub missing: Vec<String>,
    /// Checks that failed, each a sentence in Vietnamese.
    pub problems: Vec<String>,
    /// When the same file was first received, if this is a resend of an earlier version
    /// that now counts again (ISO 8601 in the configured time zone).
    pub resent_of: Option<String>,
    /// The report was read by OCR from a scan or photo: the chapter is asked to check every
    /// value.
    pub from_scan: bool,
}

/// `ack_rejected`: sent when a file could not be accepted at all.
#[derive(Debug, Clone, Serialize)]
pub struct AckRejected {
    /// The chapter's full name, when it is known (from the sender or the file).
    pub chapter: Option<String>,
    /// Name of the file as received.
    pub file_name: String,
    /// When the file was received, ISO 8601 in the configured time zone.
    pub received: String,
    /// Why it was refused, one sentence in Vietnamese (e.g. "Tệp được bảo vệ bằng mật khẩu.").
    pub reason: String,
    /// What to do about this particular reason, if there is specific advice
    /// (e.g. "Đề nghị mở tệp bằng Word và lưu lại dưới dạng .docx.").
    pub advice: Option<String>,
    /// True when no chapter is known and the notice goes to the provincial staff instead.
    pub to_staff: bool,
}

/// `desk_review`: the provincial staff ask a chapter to send its report again, or refuse it
/// by hand, from the desk (or `baocao` on the command line).
#[derive(Debug, Clone, Serialize)]
pub struct DeskReview {
    /// The chapter's full name.
    pub chapter: String,
    /// Name of the file as received.
    pub file_name: String,
    /// Period code: `2021-H1`, `2021-Y`, `2021-R3`.
    pub period: String,
    /// When the file was received, ISO 8601 in the configured time zone.
    pub received: String,
    /// True when the report was refused (it no longer counts); false for a request to resend.
    pub rejected: bool,
    /// What the staff wrote: the reason or what to fix.
    pub note: String,
    /// The review items still open, each a sentence in Vietnamese.
    pub problems: Vec<String>,
}

/// `staff_unknown_chapter`: sent to the provincial staff when no chapter matches a report.
#[derive(Debug, Clone, Serialize)]
pub struct StaffUnknownChapter {
    /// Name of the file as received.
    pub file_name: String,
    /// When the file was received, ISO 8601 in the configured time zone.
    pub received: String,
    /// The sender's address, when the file came by e-mail.
    pub sender: Option<String>,
    /// The reporting unit's name as written in the file, if any was found.
    pub unit_written: Option<String>,
    /// Period code, if recognised.
    pub period: Option<String>,
    /// The values read, in form order.
    pub values: Vec<Row>,
}

/// `staff_stuck`: sent once to the provincial staff when a file could not be taken for many
/// tries or a day, for reasons that are not the file's fault.
#[derive(Debug, Clone, Serialize)]
pub struct StaffStuck {
    /// Name of the file.
    pub file_name: String,
    /// Where the file is (it is left there).
    pub path: String,
    /// When it was first seen, ISO 8601 in the configured time zone.
    pub first_seen: String,
    /// How many times it was tried.
    pub attempts: i64,
}

impl StaffStuck {
    /// A file stuck after twelve tries.
    pub fn example() -> StaffStuck {
        StaffStuck {
            file_name: "BC 6 thang.docx".into(),
            path: "/srv/baocao/inbox/BC 6 thang.docx".into(),
            first_seen: "2021-06-14T09:30:00+07:00[Asia/Ho_Chi_Minh]".into(),
            attempts: 12,
        }
    }
}

/// `report`: the compiled provincial report, sent with its Word and Excel files attached.
#[derive(Debug, Clone, Serialize)]
pub struct ReportMail {
    /// Period code: `2021-H1`, `2021-Y`, `2021-R3`.
    pub period: String,
    /// 1 for the first compilation, 2 after a correction, ...
    pub version: u32,
    /// Chapters that must report.
    pub registered: usize,
    /// Chapters whose report counts.
    pub received: usize,
    /// Chapters that reported after the deadline.
    pub late: usize,
    /// Names of the chapters that have not reported.
    pub missing: Vec<String>,
    /// Names of the chapters whose figures need review (included, marked).
    pub needs_review: Vec<String>,
    /// Names of the attached files.
    pub files: Vec<String>,
}

// Example values: realistic, and filling every optional part, so that `Templates::load` exercises
// every branch of a template and a preview shows the whole message.

impl AckAccepted {
    /// A realistic receipt with one missing field and one failed check.
    pub fn example() -> AckAccepted {
        AckAccepted {
            chapter: "Hội LHPN thành phố Nha Trang".into(),
            file_name: "Báo cáo 6 tháng đầu năm 2021.docx".into(),
            period: "2021-H1".into(),
            received: "2021-06-14T09:30:00+07:00[Asia/Ho_Chi_Minh]".into(),
            values: vec![
                Row::new("Số cuộc giám sát do Hội chủ trì", "12"),
                Row::new("Số cuộc giám sát phối hợp", "5"),
                Row::new("Số hội nghị phản biện xã hội", "3"),
                Row::new("Số ý kiến góp ý xây dựng Đảng, chính quyền", "1.245"),
            ],
            missing: vec!["Số kiến nghị sau giám sát".into()],
            problems: vec!["Số cuộc giám sát phối hợp (5) lớn hơn tổng số cuộc giám sát (4).".into()],
            resent_of: Some("2021-06-10T08:15:00+07:00[Asia/Ho_Chi_Minh]".into()),
            from_scan: false,
        }
    }
}

impl AckRejected {
    /// A realistic refusal of a password-protected file.
    pub fn example() -> AckRejected {
        AckRejected {
            chapter: Some("Hội LHPN huyện Vạn Ninh".into()),
            file_name: "BC giám sát năm 2021.xlsx".into(),
            received: "2021-12-10T16:05:00+07:00[Asia/Ho_Chi_Minh]".into(),
            reason: "Tệp được bảo vệ bằng mật khẩu nên hệ thống không mở được.".into(),
            advice: Some("Đề nghị đơn vị gỡ bỏ mật khẩu của tệp rồi gửi lại.".into()),
            to_staff: false,
        }
    }
}

impl DeskReview {
    /// A realistic request to resend with one open check.
    pub fn example() -> DeskReview {
        DeskReview {
            chapter: "Hội LHPN huyện Cam Lâm".into(),
            file_name: "BC 6 thang 2021.docx".into(),
            period: "2021-H1".into(),
            received: "2021-06-14T09:30:00+07:00[Asia/Ho_Chi_Minh]".into(),
            rejected: false,
            note: "Số kiến nghị đã được giải quyết lớn hơn số kiến nghị đã gửi; đề nghị kiểm tra lại dòng 7.".into(),
            problems: vec!["Số kiến nghị được giải quyết (9) lớn hơn số kiến nghị (7).".into()],
        }
    }
}

impl StaffUnknownChapter {
    /// A realistic report from an unrecognised unit.
    pub fn example() -> StaffUnknownChapter {
        StaffUnknownChapter {
            file_name: "bao cao 6 thang.docx".into(),
            received: "2021-06-15T10:12:00+07:00[Asia/Ho_Chi_Minh]".into(),
            sender: Some("hoiphunu.xaphuoc@example.vn".into()),
            unit_written: Some("Hội LHPN xã Phước Đồng".into()),
            period: Some("2021-H1".into()),
            values: vec![
                Row::new("Số cuộc giám sát do Hội chủ trì", "2"),
                Row::new("Số hội nghị phản biện xã hội", "0"),
            ],
        }
    }
}

impl ReportMail {
    /// A second version with a late, a missing and a flagged chapter.
    pub fn example() -> ReportMail {
        ReportMail {
            period: "2021-H1".into(),
            version: 2,
            registered: 10,
            received: 9,
            late: 1,
            missing: vec!["Hội LHPN huyện Trường Sa".into()],
            needs_review: vec!["Hội LHPN huyện Cam Lâm".into()],
            files: vec!["bao-cao-2021-H1-lan-2.docx".into(), "bao-cao-2021-H1-lan-2.xlsx".into()],
        }
    }
}
