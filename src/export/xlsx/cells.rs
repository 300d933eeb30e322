//! Writing cells safely: text is always a string cell (never a formula), text a
//! spreadsheet would take for a formula gets the "quote prefix" style, text over
//! Excel's 32,767-character limit is cut with a visible marker and a note, every
//! wrapped cell's lines are counted so its row gets the height it needs, and
//! every error names the sheet.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Note, Worksheet, XlsxError};

use super::layout::{self, PageHeading};
use crate::export::formula_guard::looks_like_formula;

/// Excel's limit on the characters of one cell (counted in UTF-16 units).
pub const MAX_CELL_UTF16: usize = 32_767;

/// Appended to a text cut at Excel's limit.
pub const TRUNCATION_MARKER: &str =
    " … [ĐÃ CẮT BỚT: vượt giới hạn 32.767 ký tự của một ô Excel — xem ghi chú của ô]";

const TRUNCATION_NOTE: &str = "Nội dung dài hơn giới hạn 32.767 ký tự của một ô Excel nên đã được \
cắt bớt. Bản đầy đủ xem trong ứng dụng (phiếu của thành viên, màn hình theo tiêu chí).";

/// A workbook that could not be built, naming the sheet at fault.
#[derive(Debug)]
pub struct WorkbookError {
    pub sheet: String,
    pub source: XlsxError,
}

impl fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sheet.is_empty() {
            write!(f, "{}", self.source)
        } else {
            write!(f, "sheet \"{}\": {}", self.sheet, self.source)
        }
    }
}

impl std::error::Error for WorkbookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

pub type SheetResult<T = ()> = Result<T, WorkbookError>;

/// Cuts `text` to Excel's cell limit, with the marker; `None` when it fits.
pub fn truncated_to_cell(text: &str) -> Option<String> {
    if text.encode_utf16().count() <= MAX_CELL_UTF16 {
        return None;
    }
    let budget = MAX_CELL_UTF16 - TRUNCATION_MARKER.encode_utf16().count();
    let mut used = 0;
    let mut cut = String::new();
    for c in text.chars() {
        used += c.len_utf16();
        if used > budget {
            break;
        }
        cut.push(c);
    }
    cut.push_str(TRUNCATION_MARKER);
    Some(cut)
}

/// One worksheet being written: tracks the column widths and, per row, the most
/// lines any wrapped cell needs; `finish` sets the row heights and the page.
pub struct SheetWriter<'a> {
    sheet: &'a mut Worksheet,
    name: String,
    widths: BTreeMap<u16, f64>,
    row_lines: BTreeMap<u32, u32>,
}

impl<'a> SheetWriter<'a> {
    pub fn new(sheet: &'a mut Worksheet, name: &str) -> SheetResult<Self> {
        let writer = Self {
            sheet,
            name: name.to_string(),
            widths: BTreeMap::new(),
            row_lines: BTreeMap::new(),
        };
        let result = writer.sheet.set_name(name).map(|_| ());
        writer.check(result)?;
        Ok(writer)
    }

    fn check<T>(&self, result: Result<T, XlsxError>) -> SheetResult<T> {
        result.map_err(|source| WorkbookError {
            sheet: self.name.clone(),
            source,
        })
    }

    /// Any other worksheet call, its error naming the sheet.
    pub fn apply<T>(
        &mut self,
        call: impl FnOnce(&mut Worksheet) -> Result<T, XlsxError>,
    ) -> SheetResult<T> {
        let result = call(self.sheet);
        self.check(result)
    }

    pub fn column(&mut self, col: u16, width_digits: f64) -> SheetResult {
        self.widths.insert(col, width_digits);
        let result = self.sheet.set_column_width(col, width_digits).map(|_| ());
        self.check(result)
    }

    fn width(&self, col: u16) -> f64 {
        self.widths.get(&col).copied().unwrap_or(8.43)
    }

    /// Text in a cell: a string cell always; quote-prefixed when it looks like a
    /// formula; cut with a marker and a note over Excel's limit. When `format`
    /// wraps, the row is made tall enough for it.
    pub fn text(&mut self, row: u32, col: u16, text: &str, format: &Format) -> SheetResult {
        let cut = truncated_to_cell(text);
        let text = cut.as_deref().unwrap_or(text);
        let result = if looks_like_formula(text) {
            let quoted = format.clone().set_quote_prefix();
            self.sheet
                .write_string_with_format(row, col, text, &quoted)
                .map(|_| ())
        } else {
            self.sheet
                .write_string_with_format(row, col, text, format)
                .map(|_| ())
        };
        self.check(result)?;
        if cut.is_some() {
            let result = self
                .sheet
                .insert_note(
                    row,
                    col,
                    &Note::new(TRUNCATION_NOTE).set_author("OCOP Council"),
                )
                .map(|_| ());
            self.check(result)?;
        }
        if format_wraps(format) {
            let lines = layout::wrapped_lines(text, self.width(col));
            self.need_lines(row, lines);
        }
        Ok(())
    }

    pub fn number(&mut self, row: u32, col: u16, value: f64, format: &Format) -> SheetResult {
        let result = self
            .sheet
            .write_number_with_format(row, col, value, format)
            .map(|_| ());
        self.check(result)
    }

    /// An empty cell that still has its borders.
    pub fn blank(&mut self, row: u32, col: u16, format: &Format) -> SheetResult {
        let result = self.sheet.write_blank(row, col, format).map(|_| ());
        self.check(result)
    }

    /// A date cell (a serial number with a date format, so it sorts and filters).
    pub fn date(&mut self, row: u32, col: u16, date: NaiveDate, format: &Format) -> SheetResult {
        let value = ExcelDateTime::from_ymd(
            u16::try_from(date.year()).unwrap_or(1900),
            date.month() as u8,
            date.day() as u8,
        );
        let result = value.and_then(|v| {
            self.sheet
                .write_datetime_with_format(row, col, &v, format)
                .map(|_| ())
        });
        self.check(result)
    }

    /// Makes `row` at least `lines` lines tall.
    pub fn need_lines(&mut self, row: u32, lines: u32) {
        let entry = self.row_lines.entry(row).or_insert(1);
        *entry = (*entry).max(lines);
    }

    /// Sets every counted row's height and the printed page.
    pub fn finish(
        self,
        header_rows: (u32, u32),
        key_columns: (u16, u16),
        heading: &PageHeading<'_>,
    ) -> SheetResult {
        let rows: Vec<(u32, u32)> = self.row_lines.iter().map(|(r, l)| (*r, *l)).collect();
        for (row, lines) in rows {
            let result = self
                .sheet
                .set_row_height(row, layout::row_height_pt(lines))
                .map(|_| ());
            self.check(result)?;
        }
        let last = self.widths.keys().next_back().copied().unwrap_or(0);
        let widths: Vec<f64> = (0..=last).map(|c| self.width(c)).collect();
        let result = layout::print_setup(self.sheet, &widths, header_rows, key_columns, heading);
        self.check(result)
    }
}

/// rust_xlsxwriter's `Format` does not say whether it wraps; our formats that
/// wrap are told apart by comparing with a wrapping copy.
fn format_wraps(format: &Format) -> bool {
    *format == format.clone().set_text_wrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_over_the_limit_is_cut_with_the_marker_and_fits_exactly() {
        assert_eq!(truncated_to_cell("ngắn"), None);
        let long = "ắ".repeat(40_000);
        let cut = truncated_to_cell(&long).unwrap();
        assert!(cut.ends_with(TRUNCATION_MARKER));
        assert!(cut.encode_utf16().count() <= MAX_CELL_UTF16);
        assert!(cut.encode_utf16().count() > MAX_CELL_UTF16 - 2);
        // Characters outside the BMP count twice and are never split.
        let emoji = "😀".repeat(20_000);
        let cut = truncated_to_cell(&emoji).unwrap();
        assert!(cut.encode_utf16().count() <= MAX_CELL_UTF16);
    }

    #[test]
    fn wrapping_formats_are_recognised() {
        let f = super::super::layout::Formats::new();
        assert!(format_wraps(&f.text));
        assert!(format_wraps(&f.header));
        assert!(!format_wraps(&f.int));
        assert!(!format_wraps(&f.title));
    }
}
