//! The values the reminder and digest templates receive (see [`super::context`] for the
//! conventions: values are already text as the reader should see them, except `period`).

use serde::Serialize;

/// `reminder`: sent to a chapter that has no accepted report for a period.
#[derive(Debug, Clone, Serialize)]
pub struct Reminder {
    /// The chapter's full name.
    pub chapter: String,
    /// The report's name (the form's title).
    pub report: String,
    /// Period code: `2021-H1`, `2021-Y`, `2021-R1`.
    pub period: String,
    /// The subject of an ad-hoc request, as the province wrote it.
    pub request_title: Option<String>,
    /// The deadline, written `15/6/2021`.
    pub deadline: String,
    /// Days until the deadline: positive before it, 0 on the day, negative when late.
    pub days_left: i64,
    /// What has arrived: `missing` (nothing), `review` (received, needs completing) or
    /// `rejected` (a file came but could not be read).
    pub state: String,
    /// The file concerned, when something arrived.
    pub file_name: Option<String>,
    /// Labels of the required fields not found (state `review`).
    pub missing: Vec<String>,
    /// Checks that failed, each a sentence (state `review`).
    pub problems: Vec<String>,
    /// Why the file was refused (state `rejected`).
    pub reason: Option<String>,
    /// File names of the blank forms attached (Word and Excel), if any.
    pub attachments: Vec<String>,
}

/// One late chapter in the staff's daily overdue digest.
#[derive(Debug, Clone, Serialize)]
pub struct LateRow {
    /// The chapter's full name.
    pub chapter: String,
    /// Period code.
    pub period: String,
    /// The deadline, `15/6/2021`.
    pub deadline: String,
    /// Days since the deadline.
    pub days_late: i64,
    /// What has arrived, in words (`chưa nhận được báo cáo`...).
    pub state: String,
}

/// `staff_overdue`: one digest a day to the provincial staff while chapters are late.
#[derive(Debug, Clone, Serialize)]
pub struct StaffOverdue {
    /// The day, `16/6/2021`.
    pub day: String,
    /// The late chapters, by period then chapter.
    pub late: Vec<LateRow>,
}

/// One chapter in the deadline-day status digest.
#[derive(Debug, Clone, Serialize)]
pub struct StatusLine {
    /// The chapter's full name.
    pub chapter: String,
    /// When its report arrived (ISO 8601, local), if it did.
    pub received: Option<String>,
    /// A short note: the review items, or why a file was refused.
    pub note: Option<String>,
}

/// `staff_status`: the state of a period, sent to the staff on its deadline day.
#[derive(Debug, Clone, Serialize)]
pub struct StaffStatus {
    /// Period code.
    pub period: String,
    /// The subject of an ad-hoc request.
    pub request_title: Option<String>,
    /// The deadline, `15/6/2021`.
    pub deadline: String,
    /// How many chapters were asked to report.
    pub total: usize,
    /// Reports received and accepted.
    pub accepted: Vec<StatusLine>,
    /// Reports received that need review.
    pub review: Vec<StatusLine>,
    /// Chapters with nothing usable yet.
    pub missing: Vec<StatusLine>,
}

// Examples fill every optional part so that `Templates::load` exercises each branch.

impl Reminder {
    /// A reminder to a chapter whose report needs completing.
    pub fn example() -> Reminder {
        Reminder {
            chapter: "Hội LHPN huyện Vạn Ninh".into(),
            report: "Báo cáo kết quả công tác giám sát, phản biện xã hội, tham mưu đề xuất chính sách".into(),
            period: "2021-H1".into(),
            request_title: Some("Báo cáo kết quả giám sát việc thực hiện chính sách hỗ trợ phụ nữ".into()),
            deadline: "15/6/2021".into(),
            days_left: 2,
            state: "review".into(),
            file_name: Some("BC 6 thang 2021.docx".into()),
            missing: vec!["Số cuộc giám sát do Hội chủ trì".into()],
            problems: vec!["Số đơn thư đã được giải quyết (5) lớn hơn số đơn thư tiếp nhận (3).".into()],
            reason: Some("Tệp được bảo vệ bằng mật khẩu.".into()),
            attachments: vec![
                "mau-bao-cao-giam-sat-phan-bien.docx".into(),
                "mau-bao-cao-giam-sat-phan-bien.xlsx".into(),
            ],
        }
    }
}

impl StaffOverdue {
    /// A digest with two late chapters.
    pub fn example() -> StaffOverdue {
        let row = |chapter: &str, state: &str| LateRow {
            chapter: chapter.into(),
            period: "2021-H1".into(),
            deadline: "15/6/2021".into(),
            days_late: 1,
            state: state.into(),
        };
        StaffOverdue {
            day: "16/6/2021".into(),
            late: vec![
                row("Hội LHPN huyện Khánh Sơn", "chưa nhận được báo cáo"),
                row("Hội LHPN huyện Trường Sa", "báo cáo cần bổ sung"),
            ],
        }
    }
}

impl StaffStatus {
    /// A deadline-day digest with one chapter in each state.
    pub fn example() -> StaffStatus {
        let line = |chapter: &str, received: Option<&str>, note: Option<&str>| StatusLine {
            chapter: chapter.into(),
            received: received.map(Into::into),
            note: note.map(Into::into),
        };
        StaffStatus {
            period: "2021-H1".into(),
            request_title: Some("Báo cáo đột xuất".into()),
            deadline: "15/6/2021".into(),
            total: 10,
            accepted: vec![line(
                "Hội LHPN thành phố Nha Trang",
                Some("2021-06-09T10:15:00+07:00"),
                None,
            )],
            review: vec![line(
                "Hội LHPN huyện Vạn Ninh",
                Some("2021-06-14T16:40:00+07:00"),
                Some("thiếu Số cuộc giám sát do Hội chủ trì"),
            )],
            missing: vec![line("Hội LHPN huyện Khánh Sơn", None, Some("tệp không đọc được"))],
        }
    }
}
