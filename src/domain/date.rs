//! Dates as people type them: the one parser for every date a user enters (the
//! GUI's forms, the CLI's `--date`, the catalogue and product-list files).
//!
//! Accepted: `dd/mm/yyyy` and `d/m/yyyy` (how dates are written in Vietnam, day
//! first), and ISO `yyyy-mm-dd`; surrounding spaces are ignored. Everything else is
//! refused with the reason as data ([`DateError`]), so `30/02/2026` is "no such
//! day", not a silent guess, and `06/30/2026` (month first) is not read as June.

use chrono::NaiveDate;

/// The earliest and latest years a date of this programme can have (OCOP began in
/// 2018; certificates run 36 months): a typo like `0226` or `20266` is refused.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Why a typed date was refused (`Display` is English; ui/refusal_text says it in
/// the user's language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateError {
    #[error("no date given (dd/mm/yyyy)")]
    Empty,
    /// Not one of the accepted formats.
    #[error("\"{0}\" is not a date (dd/mm/yyyy or yyyy-mm-dd)")]
    Format(String),
    /// The format is right but the day does not exist (31/02, 29/02 of 2025, 13th month).
    #[error("\"{0}\" is not a date: no such day in the calendar")]
    NoSuchDay(String),
    /// A year outside [`YEARS`].
    #[error("\"{text}\": the year {year} is out of range ({}–{})", YEARS.start(), YEARS.end())]
    YearOutOfRange { text: String, year: i32 },
}

/// Reads a date a user typed; see the module documentation.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(DateError::Empty);
    }
    let format = || DateError::Format(trimmed.to_owned());
    let (year, month, day) = if let Some(parts) = split_numbers(trimmed, '/', [1..=2, 1..=2, 4..=4])
    {
        (parts[2], parts[1], parts[0])
    } else if let Some(parts) = split_numbers(trimmed, '-', [4..=4, 2..=2, 2..=2]) {
        (parts[0], parts[1], parts[2])
    } else {
        return Err(format());
    };
    let year = i32::try_from(year).map_err(|_| format())?;
    if !YEARS.contains(&year) {
        return Err(DateError::YearOutOfRange {
            text: trimmed.to_owned(),
            year,
        });
    }
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| DateError::NoSuchDay(trimmed.to_owned()))
}

/// Three runs of ASCII digits separated by `separator`, each with as many digits
/// as its range allows; `None` otherwise.
fn split_numbers(
    text: &str,
    separator: char,
    widths: [std::ops::RangeInclusive<usize>; 3],
) -> Option<[u32; 3]> {
    let parts: Vec<&str> = text.split(separator).collect();
    if parts.len() != 3 {
        return None;
    }
    let mut numbers = [0u32; 3];
    for ((part, width), number) in parts.iter().zip(widths).zip(&mut numbers) {
        if !width.contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *number = part.parse().ok()?;
    }
    Some(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn reads_day_first_with_or_without_leading_zeros_and_iso() {
        assert_eq!(parse_date("30/06/2026"), Ok(day(2026, 6, 30)));
        assert_eq!(parse_date("05/01/2025"), Ok(day(2025, 1, 5)));
        assert_eq!(parse_date("5/1/2025"), Ok(day(2025, 1, 5)));
        assert_eq!(parse_date("05/1/2025"), Ok(day(2025, 1, 5)));
        assert_eq!(parse_date("2026-06-30"), Ok(day(2026, 6, 30)));
    }

    #[test]
    fn ignores_surrounding_whitespace_but_not_inner_spaces() {
        assert_eq!(parse_date("  30/06/2026\t"), Ok(day(2026, 6, 30)));
        assert_eq!(parse_date("\n2026-06-30 "), Ok(day(2026, 6, 30)));
        assert!(matches!(
            parse_date("30 / 06 / 2026"),
            Err(DateError::Format(_))
        ));
        assert_eq!(parse_date("   "), Err(DateError::Empty));
        assert_eq!(parse_date(""), Err(DateError::Empty));
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        for text in [
            "31/02/2026",
            "29/02/2025",
            "31/04/2026",
            "00/01/2026",
            "15/13/2026",
            "2026-02-30",
            "2026-00-10",
        ] {
            assert_eq!(
                parse_date(text),
                Err(DateError::NoSuchDay(text.into())),
                "{text}"
            );
        }
        assert_eq!(
            parse_date("29/02/2028"),
            Ok(day(2028, 2, 29)),
            "a leap year"
        );
    }

    #[test]
    fn refuses_years_out_of_range() {
        assert_eq!(
            parse_date("01/01/1899"),
            Err(DateError::YearOutOfRange {
                text: "01/01/1899".into(),
                year: 1899
            })
        );
        assert!(matches!(
            parse_date("2101-01-01"),
            Err(DateError::YearOutOfRange { year: 2101, .. })
        ));
    }

    #[test]
    fn refuses_other_formats_clearly() {
        for text in [
            "30/06/26",
            "2026/06/30",
            "30-06-2026",
            "30.06.2026",
            "2026-6-30",
            "06/30/2026x",
            "300/6/2026",
            "30/06/20266",
            "hôm nay",
            "30/06",
            "+30/06/2026",
            "３０/０６/２０２６",
        ] {
            assert_eq!(
                parse_date(text),
                Err(DateError::Format(text.trim().into())),
                "{text}"
            );
        }
        // Month first is read day first, and 30 is no month.
        assert!(matches!(
            parse_date("06/30/2026"),
            Err(DateError::NoSuchDay(_))
        ));
        let refused = parse_date("30.06.2026").unwrap_err();
        assert!(refused.to_string().contains("dd/mm/yyyy"));
    }
}
