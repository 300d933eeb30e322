//! Vietnamese wording shared by the documents: dates as administrative documents
//! write them, star ranks, and file names made safe for every file system.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// "ngày 05 tháng 02 năm 2026": days below 10 and the months 1 and 2 take a
/// leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục I).
pub fn date_long(date: NaiveDate) -> String {
    let month = date.month();
    let month_text = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!(
        "ngày {:02} tháng {} năm {}",
        date.day(),
        month_text,
        date.year()
    )
}

/// "15/12/2029".
pub fn date_short(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// "Sóc Trăng, ngày 15 tháng 12 năm 2026"; dotted blanks when a part is unknown,
/// to be filled in by hand.
pub fn place_and_date(place: &str, date: Option<NaiveDate>) -> String {
    let place = if place.trim().is_empty() {
        "……………"
    } else {
        place.trim()
    };
    match date {
        Some(d) => format!("{place}, {}", date_long(d)),
        None => format!("{place}, ngày …… tháng …… năm ………"),
    }
}

/// "4 sao".
pub fn stars_text(stars: u8) -> String {
    format!("{stars} sao")
}

/// A file-name-safe form of `text`: Vietnamese letters kept (NFC), path
/// separators, control and reserved characters replaced by '-', runs of spaces and
/// dashes collapsed, at most `max_chars` characters.
pub fn file_name_part(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for c in text.nfc() {
        let safe = if c.is_alphanumeric() {
            Some(c)
        } else if matches!(c, ' ' | '-' | '_' | '.' | '(' | ')') {
            Some(if c == ' ' { '-' } else { c })
        } else {
            // '/', '\\', ':', '*', '?', '"', '<', '>', '|', controls, symbols.
            Some('-')
        };
        if let Some(c) = safe {
            if c == '-' && out.ends_with('-') {
                continue;
            }
            out.push(c);
        }
    }
    let trimmed: String = out
        .trim_matches(|c| c == '-' || c == '.' || c == '_')
        .chars()
        .take(max_chars)
        .collect();
    let trimmed = trimmed.trim_end_matches(['-', '.']).to_owned();
    if trimmed.is_empty() {
        "khong-ten".into()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn administrative_dates_pad_small_days_and_january_february() {
        assert_eq!(date_long(d(2026, 2, 5)), "ngày 05 tháng 02 năm 2026");
        assert_eq!(date_long(d(2026, 12, 15)), "ngày 15 tháng 12 năm 2026");
        assert_eq!(date_long(d(2026, 3, 1)), "ngày 01 tháng 3 năm 2026");
        assert_eq!(date_short(d(2029, 3, 1)), "01/03/2029");
        assert_eq!(
            place_and_date("Sóc Trăng", Some(d(2026, 12, 15))),
            "Sóc Trăng, ngày 15 tháng 12 năm 2026"
        );
        assert!(place_and_date("", None).contains("ngày …… tháng"));
    }

    #[test]
    fn file_names_keep_vietnamese_and_drop_separators() {
        assert_eq!(file_name_part("12/2026/GCN-OCOP", 60), "12-2026-GCN-OCOP");
        assert_eq!(
            file_name_part("Gạo ST25 \"Ông Cua\": loại 1*", 60),
            "Gạo-ST25-Ông-Cua-loại-1"
        );
        assert_eq!(file_name_part("../../etc/passwd", 60), "etc-passwd");
        assert_eq!(file_name_part("///", 60), "khong-ten");
        assert_eq!(file_name_part("Nước mắm cá cơm", 9), "Nước-mắm");
    }
}
