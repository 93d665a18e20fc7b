//! The unit a person counts a report for: one of the units that owe the report's period (on
//! its deadline, or an ad-hoc request's list), named by its code as the desk's list sends it,
//! or by its name as a person types it.

use crate::config::Settings;
use crate::model::Period;
use crate::store::{Store, StoreError, SubmissionRow};

/// The code of the unit `text` names, if it owes the period of `submission`; else why not
/// (Vietnamese, for the desk and the CLI). The outer error is the database's.
pub fn owing(
    settings: &Settings,
    store: &Store,
    submission: &SubmissionRow,
    text: &str,
) -> Result<Result<String, String>, StoreError> {
    let Some(period) = submission.period.as_deref().and_then(Period::parse_code) else {
        return Ok(Err(
            "Chưa rõ kỳ báo cáo của bản này nên chưa ghi nhận được cho đơn vị nào; đề nghị đơn vị gửi lại báo cáo."
                .into(),
        ));
    };
    let text = text.trim();
    let registry = &settings.registry;
    let Some(unit) = registry.get(text).or_else(|| registry.find(text)) else {
        return Ok(Err(format!("Không có đơn vị “{text}” trong danh sách đơn vị.")));
    };
    let owing = crate::owed::asked(registry, store, &period)?;
    if !owing.iter().any(|c| c.code == unit.code) {
        return Ok(Err(format!("{} không phải gửi {}.", unit.name, period.report_words())));
    }
    Ok(Ok(unit.code.clone()))
}
