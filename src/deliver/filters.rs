//! Template filters that write values the way a Vietnamese administrative letter does.
//!
//! The contexts carry machine forms (period codes like `2021-H1`, ISO date-times) so that the
//! templates, which the province edits, decide the wording; these filters turn them into words.
//! Anything a filter does not recognise is returned unchanged, so a caller that already passes
//! words (or a template applied to the wrong value) still produces readable text.

use minijinja::value::{Value, ValueKind};

/// Labels wider than this are not padded to; longer ones push only their own value right.
const MAX_LABEL_WIDTH: usize = 48;

/// `2021-H1` → `6 tháng đầu năm 2021`, `2021-Y` → `năm 2021`, `2021-R3` → `đột xuất số 3 năm 2021`.
pub fn period_words(code: &str) -> String {
    let words = code.split_once('-').and_then(|(year, kind)| {
        let year = year.parse::<u16>().ok().filter(|_| year.len() == 4)?;
        match kind.to_ascii_uppercase().as_str() {
            "H1" => Some(format!("6 tháng đầu năm {year}")),
            "Y" => Some(format!("năm {year}")),
            other => {
                let n: u16 = other.strip_prefix('R')?.parse().ok().filter(|&n| n > 0)?;
                Some(format!("đột xuất số {n} năm {year}"))
            }
        }
    });
    words.unwrap_or_else(|| code.to_string())
}

/// `2021-07-15T14:05:33+07:00[Asia/Ho_Chi_Minh]` → `14 giờ 05 phút ngày 15/07/2021`;
/// a bare date `2021-07-15` → `ngày 15/07/2021`. The time is taken as written (the caller
/// passes it in the configured time zone); seconds and zone are dropped.
pub fn datetime_words(text: &str) -> String {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let field = |range: std::ops::Range<usize>| text.get(range).filter(|s| digits(s));
    let date = match (field(0..4), text.get(4..5), field(5..7), text.get(7..8), field(8..10)) {
        (Some(y), Some("-"), Some(m), Some("-"), Some(d)) => format!("ngày {d}/{m}/{y}"),
        _ => return text.to_string(),
    };
    match (text.get(10..11), field(11..13), text.get(13..14), field(14..16)) {
        (Some("T" | " "), Some(h), Some(":"), Some(min)) => format!("{h} giờ {min} phút {date}"),
        _ if text.len() == 10 => date,
        _ => text.to_string(),
    }
}

/// Rows of `{label, value}` maps (or `[label, value]` pairs) as aligned plain-text lines:
/// labels padded to the widest, then ` : ` and the value; the continuation lines of a
/// multi-line value are indented to the value column.
pub fn table(rows: &Value) -> Result<String, minijinja::Error> {
    let mut pairs = Vec::new();
    for row in rows.try_iter()? {
        pairs.push((cell(&row, "label", 0)?, cell(&row, "value", 1)?));
    }
    let width = pairs
        .iter()
        .map(|(label, _)| display_width(label))
        .filter(|&w| w <= MAX_LABEL_WIDTH)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (label, value) in &pairs {
        let pad = width.saturating_sub(display_width(label));
        let mut lines = value.lines();
        out.push_str(&format!("{label}{} : {}", " ".repeat(pad), lines.next().unwrap_or("")));
        for line in lines {
            out.push_str(&format!("\n{}   {line}", " ".repeat(width)));
        }
        out.push('\n');
    }
    out.pop();
    Ok(out)
}

fn cell(row: &Value, key: &str, index: usize) -> Result<String, minijinja::Error> {
    let value = match row.kind() {
        ValueKind::Map => row.get_attr(key)?,
        _ => row.get_item(&Value::from(index))?,
    };
    if value.is_undefined() || value.is_none() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("table: each row needs a `{key}` (or is a [label, value] pair)"),
        ));
    }
    Ok(value.to_string())
}

/// Columns a string takes in a fixed-width font: characters, less combining marks, so a label
/// typed in decomposed form (e + U+0301) aligns like its precomposed twin.
pub fn display_width(text: &str) -> usize {
    // The combining diacritical mark blocks (basic, extended, supplement, for symbols, half marks).
    let combining = |c: char| {
        matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}')
            || matches!(c, '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
    };
    text.chars().filter(|&c| !combining(c)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_written_out() {
        assert_eq!(period_words("2021-H1"), "6 tháng đầu năm 2021");
        assert_eq!(period_words("2021-Y"), "năm 2021");
        assert_eq!(period_words("2022-R3"), "đột xuất số 3 năm 2022");
        for unchanged in ["năm 2021", "2021", "21-H1", "2021-R0", "2021-H2"] {
            assert_eq!(period_words(unchanged), unchanged);
        }
    }

    #[test]
    fn date_times_are_written_out() {
        let zoned = "2021-07-15T14:05:33+07:00[Asia/Ho_Chi_Minh]";
        assert_eq!(datetime_words(zoned), "14 giờ 05 phút ngày 15/07/2021");
        assert_eq!(datetime_words("2021-07-15 08:30"), "08 giờ 30 phút ngày 15/07/2021");
        assert_eq!(datetime_words("2021-07-15"), "ngày 15/07/2021");
        assert_eq!(datetime_words("hôm qua"), "hôm qua");
        assert_eq!(datetime_words("2021-07-15x"), "2021-07-15x");
    }

    #[test]
    fn table_aligns_vietnamese_labels_and_multiline_values() {
        let rows = Value::from(minijinja::value::Serde(vec![
            ("Đơn vị", "Hội LHPN thị xã Ninh Hòa"),
            ("Số cuộc giám sát", "12"),
            ("Ghi chú", "dòng 1\ndòng 2"),
        ]));
        let text = table(&rows).unwrap();
        let expected = "Đơn vị           : Hội LHPN thị xã Ninh Hòa\n\
                        Số cuộc giám sát : 12\n\
                        Ghi chú          : dòng 1\n                   dòng 2";
        assert_eq!(text, expected);
    }

    #[test]
    fn decomposed_marks_take_no_column() {
        assert_eq!(display_width("Hòa"), 3);
        assert_eq!(display_width("Ho\u{0300}a"), 3);
    }

    #[test]
    fn table_rows_without_value_are_errors() {
        let rows = Value::from(minijinja::value::Serde(vec![std::collections::BTreeMap::from([(
            "label", "x",
        )])]));
        assert!(table(&rows).unwrap_err().to_string().contains("value"));
    }
}
