//! Formula injection: a producer's or member's text that begins with `=`, `+`, `-`,
//! `@`, a tab or a carriage return is read as a formula by Excel and LibreOffice
//! when it arrives through CSV (and when a user edits such a cell in a workbook).
//! A product named `=HYPERLINK("http://…","Bấm vào đây")` must stay text.
//!
//! - CSV: such a field gets a leading apostrophe (`'=HYPERLINK(…)`), the usual
//!   neutralisation (OWASP); spreadsheet applications show the text, the
//!   apostrophe stays visible in a plain text editor.
//! - XLSX: cells are always written as strings; such a cell also gets Excel's
//!   "quote prefix" style so that editing it in Excel keeps it text
//!   (see `xlsx::cells`).

use std::borrow::Cow;

/// Whether a spreadsheet application could take `text` for a formula.
pub fn looks_like_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// The field as it goes into a CSV file: a formula-like text gets a leading `'`.
pub fn csv_field(text: &str) -> Cow<'_, str> {
    if looks_like_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_start_is_caught_and_plain_text_is_left_alone() {
        for bad in ["=1+1", "+84 912", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(bad), "{bad:?}");
            assert_eq!(csv_field(bad), format!("'{bad}"));
        }
        for good in ["", "Gạo ST25", "HTX =", " =1", "'=1", "69.99"] {
            assert!(!looks_like_formula(good), "{good:?}");
            assert_eq!(csv_field(good), good);
        }
    }
}
