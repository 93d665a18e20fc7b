//! Which cell styles of a workbook show dates (`xl/styles.xml`): a number in such a cell is
//! a date serial, not a count.

use super::each_event;
use crate::extract::error::Refusal;
use quick_xml::events::Event;
use std::collections::HashMap;

/// For each cell style (`cellXfs` index), whether its number format shows a date.
pub(super) fn date_styles(xml: &str) -> Result<Vec<bool>, Refusal> {
    let mut custom: HashMap<u32, bool> = HashMap::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    each_event(xml, |e| match e {
        Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
            "numFmt" => {
                if let (Some(id), Some(code)) = (
                    super::attr(&e, "numFmtId").and_then(|v| v.parse().ok()),
                    super::attr(&e, "formatCode"),
                ) {
                    custom.insert(id, is_date_format(&code));
                }
            }
            "cellXfs" => in_cell_xfs = true,
            "xf" if in_cell_xfs => {
                let id: u32 = super::attr(&e, "numFmtId").and_then(|v| v.parse().ok()).unwrap_or(0);
                styles.push(custom.get(&id).copied().unwrap_or_else(|| is_builtin_date(id)));
            }
            _ => {}
        },
        Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
        _ => {}
    })?;
    Ok(styles)
}

/// Excel's built-in date and date-time formats.
fn is_builtin_date(id: u32) -> bool {
    matches!(id, 14..=17 | 22 | 27..=36 | 50..=58)
}

/// A custom format shows a date when, outside quoted text and `[...]`, it has a day or year.
fn is_date_format(code: &str) -> bool {
    let mut plain = String::new();
    let (mut quoted, mut bracket) = (false, false);
    for c in code.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if !quoted && !bracket => plain.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    plain.contains('d') || plain.contains('y')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_are_told_from_number_formats() {
        assert!(is_date_format("dd/mm/yyyy"));
        assert!(is_date_format("[$-42A]d mmmm yyyy"));
        assert!(!is_date_format("#,##0"));
        assert!(!is_date_format("0.00\" ngày\""));
        assert!(is_builtin_date(14) && !is_builtin_date(3));
    }
}
