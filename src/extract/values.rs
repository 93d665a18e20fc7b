//! Parsers for the values chapters type: Vietnamese numbers, dates and report periods.
//!
//! Each parser takes the cell text as written and returns `None` when the text is not a value
//! of that type, so the matcher can tell "absent" from "present but unreadable".

use crate::model::Period;
use crate::text::fold;
use jiff::civil::Date;

/// Outcome of reading an integer cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntegerRead {
    /// A whole number, possibly followed by a unit word (`05 cuộc`).
    Value(i64),
    /// Text that starts like a number but is not a whole one (`1,5`, `3-4`).
    Invalid,
    /// No number at all (a unit column, an empty-ish cell).
    NotANumber,
}

/// Reads a Vietnamese whole number: `1.250` = 1250, `05` = 5, `05 cuộc` = 5, `1 250` = 1250.
/// Dots and spaces group thousands; a comma is a decimal mark and makes the value invalid.
pub fn parse_integer(text: &str) -> IntegerRead {
    let t = text.trim();
    if is_zero_word(t) {
        return IntegerRead::Value(0);
    }
    let digits_end = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ',' || c == ' ' || c == '\u{a0}'))
        .map_or(t.len(), |(i, _)| i);
    let (number, rest) = t.split_at(digits_end);
    let number = number.trim();
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        // Words around digits ("khoảng 3-4", "gần 10") mean a figure was written but not as
        // a number; unit words ("cuộc", "tổ/CLB") never contain digits.
        return if t.chars().any(|c| c.is_ascii_digit()) {
            IntegerRead::Invalid
        } else {
            IntegerRead::NotANumber
        };
    }
    if !rest.is_empty() && !is_unit_suffix(rest) {
        return IntegerRead::Invalid;
    }
    if number.contains(',') || !thousands_grouping_ok(number) {
        return IntegerRead::Invalid;
    }
    let plain: String = number.chars().filter(char::is_ascii_digit).collect();
    plain.parse().map_or(IntegerRead::Invalid, IntegerRead::Value)
}

/// `-`, `–`, `không`, `Không có`: the statistical convention for zero in a figures cell (a
/// blank cell, by contrast, means not reported and is never read as a value).
fn is_zero_word(t: &str) -> bool {
    matches!(t, "-" | "–" | "—" | "--") || (t.len() <= 12 && matches!(fold(t).as_str(), "khong" | "khong co"))
}

/// True when `rest` is a unit word or two (`cuộc`, `lượt người`, `(tin, bài)`), no digits.
fn is_unit_suffix(rest: &str) -> bool {
    let rest = rest.trim();
    rest.chars().next().is_some_and(|c| c.is_alphabetic() || c == '(')
        && !rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().count() <= 20
}

/// Dots or spaces may only group digits in threes (`1.250`, `12 000`), never `1.25`.
fn thousands_grouping_ok(number: &str) -> bool {
    let groups: Vec<&str> = number.split(['.', ' ', '\u{a0}']).filter(|g| !g.is_empty()).collect();
    groups.len() == 1 || groups[1..].iter().all(|g| g.len() == 3) && groups[0].len() <= 3
}

/// Reads a whole number from a spreadsheet's numeric cell (10.0 → 10; 1.5 → none).
pub fn integer_from_float(value: f64) -> Option<i64> {
    (value.fract() == 0.0 && value.abs() < 1e15).then_some(value as i64)
}

/// Reads a date written `09/06/2021`, `9-6-2021`, `09.06.2021`, `2021-06-09` or
/// `..., ngày 9 tháng 6 năm 2021`.
pub fn parse_date(text: &str) -> Option<Date> {
    find_date_phrase(text).or_else(|| numeric_date(text.trim()))
}

fn numeric_date(t: &str) -> Option<Date> {
    let parts: Vec<&str> = t.split(['/', '-', '.']).map(str::trim).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let nums: Vec<i32> = [a, b, c].iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (y, m, d) = if a.len() == 4 {
        (nums[0], nums[1], nums[2])
    } else {
        (nums[2], nums[1], nums[0])
    };
    make_date(y, m, d)
}

fn make_date(y: i32, m: i32, d: i32) -> Option<Date> {
    if !(1900..=2200).contains(&y) {
        return None;
    }
    Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// Finds `ngày d tháng m năm yyyy` anywhere in a text (the place-and-date line of a letter).
pub fn find_date_phrase(text: &str) -> Option<Date> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').collect();
    words.windows(6).find_map(|w| match w {
        ["ngay", d, "thang", m, "nam", y] => make_date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
        _ => None,
    })
}

/// The date of a place-and-date line written with figures: `Khánh Hòa, ngày 9/6/2022`,
/// `Ninh Hòa, 09-12-2022`. The place must be words only and the line short, so a sentence that
/// mentions a date is not taken for the letter's date line.
pub fn place_date(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.len() > 70 {
        return None;
    }
    let (place, date) = t.rsplit_once(',')?;
    let words = place.split_whitespace().count();
    if !(1..=5).contains(&words) || place.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let date = date.trim();
    let date = ["ngày", "Ngày", "ngay", "Ngay"]
        .iter()
        .find_map(|w| date.strip_prefix(w))
        .unwrap_or(date)
        .trim();
    numeric_date(date)
}

/// Converts an Excel serial date (days since 1899-12-30) to a date.
pub fn date_from_excel_serial(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = Date::new(1899, 12, 30).ok()?;
    base.checked_add(jiff::Span::new().days(serial.floor() as i64)).ok()
}

/// Reads a report period: `6 tháng đầu năm 2021`, `sáu tháng đầu năm 2021`, `06 tháng đầu năm
/// 2021` → `2021-H1`; `năm 2021`, `cả năm 2021` → `2021-Y`; also the codes themselves.
/// A date phrase (`ngày 9 tháng 6 năm 2021`) is never read as a period.
pub fn parse_period(text: &str) -> Option<Period> {
    let folded = fold(text);
    // A span of years (`2021-2026`, a term) is no period a chapter reports for.
    if let Some(p) = Period::parse_code(text.trim()).filter(|p| !matches!(p.kind, crate::model::PeriodKind::Term(_))) {
        return Some(p);
    }
    let words: Vec<&str> = folded.split(' ').collect();
    let half = find_half_year(&words);
    if half.is_some() {
        return half;
    }
    find_year(&words)
}

/// `(6|06|sau) thang (dau)? nam YYYY` → the six-month period of that year.
fn find_half_year(words: &[&str]) -> Option<Period> {
    for (i, w) in words.iter().enumerate() {
        if !matches!(*w, "6" | "06" | "sau") || words.get(i + 1) != Some(&"thang") {
            continue;
        }
        let mut j = i + 2;
        if words.get(j) == Some(&"dau") {
            j += 1;
        }
        if words.get(j) == Some(&"nam")
            && let Some(year) = words.get(j + 1).and_then(|y| year_of(y))
        {
            return Some(Period::half_year(year));
        }
    }
    None
}

/// `nam YYYY` not inside a date phrase (`thang 6 nam 2021`) → the annual period.
fn find_year(words: &[&str]) -> Option<Period> {
    words.iter().enumerate().find_map(|(i, w)| {
        let year = (*w == "nam").then(|| words.get(i + 1).and_then(|y| year_of(y)))??;
        let in_date = i >= 2 && words[i - 2] == "thang";
        (!in_date).then(|| Period::annual(year))
    })
}

fn year_of(word: &str) -> Option<i16> {
    let y: i16 = word.parse().ok()?;
    (word.len() == 4 && (2000..=2100).contains(&y)).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_as_chapters_write_them() {
        assert_eq!(parse_integer("1.250"), IntegerRead::Value(1250));
        assert_eq!(parse_integer("05"), IntegerRead::Value(5));
        assert_eq!(parse_integer("05 cuộc"), IntegerRead::Value(5));
        assert_eq!(parse_integer(" 12 000 "), IntegerRead::Value(12000));
        assert_eq!(parse_integer("1.250.000"), IntegerRead::Value(1_250_000));
        assert_eq!(parse_integer("0"), IntegerRead::Value(0));
    }

    #[test]
    fn integers_reject_decimals_and_ranges() {
        assert_eq!(parse_integer("1,5"), IntegerRead::Invalid);
        assert_eq!(parse_integer("1.25"), IntegerRead::Invalid);
        assert_eq!(parse_integer("3-4"), IntegerRead::Invalid);
        assert_eq!(parse_integer("5 cuộc, 2 lượt"), IntegerRead::Invalid);
        assert_eq!(parse_integer("khoảng 3-4"), IntegerRead::Invalid);
    }

    #[test]
    fn unit_words_are_not_numbers() {
        assert_eq!(parse_integer("cuộc"), IntegerRead::NotANumber);
        assert_eq!(parse_integer(""), IntegerRead::NotANumber);
        assert_eq!(parse_integer("tin, bài"), IntegerRead::NotANumber);
    }

    #[test]
    fn float_cells_must_be_whole() {
        assert_eq!(integer_from_float(10.0), Some(10));
        assert_eq!(integer_from_float(1.5), None);
    }

    #[test]
    fn dates_in_all_written_forms() {
        let d = Date::new(2021, 6, 9).unwrap();
        for s in [
            "09/06/2021",
            "9/6/2021",
            "09-06-2021",
            "09.06.2021",
            "2021-06-09",
            "Vạn Ninh, ngày 9 tháng 6 năm 2021",
            "ngày 09 tháng 06 năm 2021",
        ] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
    }

    #[test]
    fn impossible_or_unfilled_dates_are_none() {
        assert_eq!(parse_date("31/02/2021"), None);
        assert_eq!(parse_date("ngày ... tháng ... năm 2021"), None);
        assert_eq!(parse_date("Trần Thị Mai"), None);
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(date_from_excel_serial(44356.0), Date::new(2021, 6, 9).ok());
    }

    #[test]
    fn six_month_periods() {
        for s in [
            "6 tháng đầu năm 2021",
            "sáu tháng đầu năm 2021",
            "06 tháng đầu năm 2021",
            "SÁU THÁNG ĐẦU NĂM 2021",
            "6 thang dau nam 2021",
            "Báo cáo kết quả 6 tháng đầu năm 2021",
            "2021-H1",
        ] {
            assert_eq!(parse_period(s), Some(Period::half_year(2021)), "{s}");
        }
    }

    #[test]
    fn annual_periods() {
        for s in ["năm 2021", "cả năm 2021", "Báo cáo tổng kết năm 2021", "2021-Y"] {
            assert_eq!(parse_period(s), Some(Period::annual(2021)), "{s}");
        }
    }

    #[test]
    fn a_date_is_not_a_period() {
        assert_eq!(parse_period("Vạn Ninh, ngày 9 tháng 6 năm 2021"), None);
        assert_eq!(parse_period("Trần Thị Mai"), None);
    }
}
