//! A value typed by a person, checked by its field's type and turned into the JSON the store
//! keeps (the same shape extraction stores: a number, `"YYYY-MM-DD"`, or text).

use crate::form::FieldKind;

/// The JSON of `text` as a value of `kind`, or why it is not one (Vietnamese, for the desk).
pub fn parse(kind: FieldKind, text: &str) -> Result<serde_json::Value, String> {
    let text = text.trim();
    match kind {
        FieldKind::Integer => integer(text).map(serde_json::Value::from),
        FieldKind::Date => date(text).map(|d| serde_json::Value::from(d.to_string())),
        FieldKind::Text | FieldKind::Section if text.is_empty() => Err("Chưa nhập nội dung.".into()),
        FieldKind::Text | FieldKind::Section => Ok(serde_json::Value::from(nfc(text))),
        // The unit is chosen among the units owing the period (`review::unit`), not typed.
        FieldKind::Chapter => Err("Đơn vị được chọn trong danh sách đơn vị phải báo cáo kỳ này.".into()),
        FieldKind::Period => Err("Kỳ báo cáo không sửa được ở đây: đề nghị đơn vị gửi lại báo cáo.".into()),
    }
}

/// A count as people write it: `1234`, `1.234`, `1 234` (Vietnamese groups thousands with
/// dots). A decimal or negative figure is refused: the form's figures are counts.
fn integer(text: &str) -> Result<i64, String> {
    let refused = || {
        Err(format!(
            "“{text}” không phải là số nguyên không âm (ví dụ: 12 hoặc 1.234)."
        ))
    };
    if text.is_empty() {
        return Err("Chưa nhập số.".into());
    }
    let digits: String = text.chars().filter(|c| !matches!(c, '.' | ' ' | '\u{a0}')).collect();
    let grouped = text.contains(['.', ' ', '\u{a0}']);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || (grouped && !well_grouped(text)) {
        return refused();
    }
    digits.parse().or_else(|_| refused())
}

/// Whether every group after the first has exactly three digits (`1.234.567`), so that a
/// decimal written with a dot (`1.5`) is not read as 15.
fn well_grouped(text: &str) -> bool {
    let mut groups = text.split(['.', ' ', '\u{a0}']);
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// `dd/mm/yyyy` (also with `-` or `.`) or `yyyy-mm-dd`.
fn date(text: &str) -> Result<jiff::civil::Date, String> {
    let refused = || format!("“{text}” không phải là ngày (viết theo dạng ngày/tháng/năm, ví dụ 15/6/2026).");
    if let Ok(d) = text.parse::<jiff::civil::Date>() {
        return Ok(d);
    }
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(refused());
    };
    let n = |s: &str| s.trim().parse::<i16>().ok();
    let (Some(d), Some(m), Some(y)) = (n(d), n(m), n(y)) else {
        return Err(refused());
    };
    let d8 = i8::try_from(d).map_err(|_| refused())?;
    let m8 = i8::try_from(m).map_err(|_| refused())?;
    jiff::civil::Date::new(y, m8, d8)
        .ok()
        .filter(|_| y >= 1900)
        .ok_or_else(refused)
}

fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_as_people_write_them() {
        assert_eq!(parse(FieldKind::Integer, " 12 "), Ok(json!(12)));
        assert_eq!(parse(FieldKind::Integer, "1.234"), Ok(json!(1234)));
        assert_eq!(parse(FieldKind::Integer, "1 234 567"), Ok(json!(1_234_567)));
        for bad in ["abc", "1.5", "-3", "12,5", "", "1.2345", "１２"] {
            assert!(parse(FieldKind::Integer, bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse(FieldKind::Integer, "abc"),
            Err("“abc” không phải là số nguyên không âm (ví dụ: 12 hoặc 1.234).".into())
        );
    }

    #[test]
    fn dates_day_first_or_iso() {
        assert_eq!(parse(FieldKind::Date, "15/6/2026"), Ok(json!("2026-06-15")));
        assert_eq!(parse(FieldKind::Date, "2026-06-15"), Ok(json!("2026-06-15")));
        assert_eq!(parse(FieldKind::Date, "05.01.2022"), Ok(json!("2022-01-05")));
        for bad in ["31/2/2026", "6/2026", "hôm qua", "15/6/26"] {
            assert!(parse(FieldKind::Date, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_is_normalised_and_chapter_is_not_corrected_here() {
        let decomposed = "Ho\u{0302}\u{0323}i";
        assert_eq!(parse(FieldKind::Text, decomposed), Ok(json!("Hội")));
        assert!(parse(FieldKind::Text, "  ").is_err());
        assert!(parse(FieldKind::Chapter, "CL").is_err());
    }
}
