//! Dates and numbers in the user's language: `dd/mm/yyyy HH:MM` in local time
//! (the store keeps UTC RFC 3339 text), and a decimal comma in Vietnamese.

use chrono::{DateTime, Local, NaiveDate};

use crate::app::prefs::Lang;
use crate::domain::mean::Mean;

/// A stored timestamp (`2026-11-29T16:53:31Z`) as `29/11/2026 23:53` local
/// time (also a backup's `2026-11-29 16:53:31`, which is UTC); a date alone as
/// `29/11/2026`; anything else as it is.
pub fn when(stored: &str) -> String {
    if let Ok(t) = DateTime::parse_from_rfc3339(stored.trim()) {
        return t.with_timezone(&Local).format("%d/%m/%Y %H:%M").to_string();
    }
    // Backups name their time in UTC without a zone: `2026-11-29 16:53:31`.
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(stored.trim(), "%Y-%m-%d %H:%M:%S") {
        return t
            .and_utc()
            .with_timezone(&Local)
            .format("%d/%m/%Y %H:%M")
            .to_string();
    }
    if let Ok(d) = NaiveDate::parse_from_str(stored.trim(), "%Y-%m-%d") {
        return d.format("%d/%m/%Y").to_string();
    }
    stored.to_string()
}

/// A decimal number written with a dot, with the user's separator.
pub fn decimal(dotted: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => dotted.replace('.', ","),
        Lang::En => dotted.to_string(),
    }
}

/// A council mean, truncated to two decimals (README), in the user's language.
pub fn mean(m: Mean, lang: Lang) -> String {
    decimal(&m.display_2dp(), lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_as_day_month_year_in_local_time() {
        let shown = when("2026-11-29T16:53:31Z");
        let local = DateTime::parse_from_rfc3339("2026-11-29T16:53:31Z")
            .unwrap()
            .with_timezone(&Local);
        assert_eq!(shown, local.format("%d/%m/%Y %H:%M").to_string());
        assert_eq!(when("2026-03-05"), "05/03/2026");
        assert_eq!(when("hôm qua"), "hôm qua");
    }

    #[test]
    fn vietnamese_uses_a_decimal_comma() {
        assert_eq!(decimal("69.85", Lang::Vi), "69,85");
        assert_eq!(decimal("69.85", Lang::En), "69.85");
    }
}
