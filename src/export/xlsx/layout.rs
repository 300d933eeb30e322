//! How the workbook looks on screen and on paper: the cell formats, the height a
//! row needs for its wrapped text, and the printed page (A4 landscape, body text
//! at least 9 pt, header rows and key columns repeated, "Trang x/y").
//!
//! rust_xlsxwriter does not autofit row heights, and neither Excel nor LibreOffice
//! does it when opening a file that states none, so a wrapped cell in a row of
//! default height spills over the rows below. We estimate the lines a text takes
//! in its column from Calibri's character widths (LibreOffice prints with Carlito,
//! which has the same metrics) and set every row's height; the estimate errs
//! wide, so a row may have a little air but text does not overlap.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;
/// A4 landscape is 297 mm wide = 841.9 pt.
const A4_LANDSCAPE_WIDTH_PT: f64 = 841.9;
/// Left and right margins, inches (12.7 mm: room for a hole punch, more text).
const SIDE_MARGIN_IN: f64 = 0.5;
/// The body font: Excel's default Calibri 11 pt.
pub const BODY_FONT_PT: f64 = 11.0;
/// The smallest body text we accept on paper.
pub const MIN_PRINTED_FONT_PT: f64 = 9.0;
/// LibreOffice lays the same columns out about 7% wider than Excel's pixel rule
/// (tools/xlsx-print-check.sh: a sheet fitted at 9.88 pt by Excel's rule printed
/// at 9.19 pt); we plan with the wider of the two.
const LIBREOFFICE_WIDTH_FACTOR: f64 = 1.08;
/// A fitted sheet must reach 9 pt with this to spare.
pub const FIT_MARGIN_PT: f64 = 0.2;
/// When a sheet is too wide to fit one page at ≥ 9 pt, it prints at this scale
/// (11 pt × 90% ≈ 9.9 pt) with its key columns repeated on every page.
pub const FLOW_SCALE_PERCENT: u16 = 90;
/// A row of one line of Calibri 11 (Excel's default row height), points.
pub const LINE_HEIGHT_PT: f64 = 15.0;
/// Excel's largest row height, points.
pub const MAX_ROW_HEIGHT_PT: f64 = 409.0;

/// The cell formats, made once per workbook.
pub struct Formats {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    /// Wrapped text, top-aligned.
    pub text: Format,
    /// Short centred text (flags, "tránh").
    pub center: Format,
    /// Whole numbers: points, totals, stars, ids.
    pub int: Format,
    /// Means: two decimals (the value written is already truncated, see README).
    /// Excel and LibreOffice show the locale's decimal mark, "69,99" in Vietnamese.
    pub mean: Format,
    pub date: Format,
    pub flag: Format,
}

impl Formats {
    pub fn new() -> Self {
        let cell = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Top)
        };
        let centred = || cell().set_align(FormatAlign::Center);
        Self {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic(),
            header: Format::new()
                .set_border(FormatBorder::Thin)
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color("DDE7F3"),
            text: cell().set_text_wrap(),
            center: centred().set_text_wrap(),
            int: centred().set_num_format("0"),
            mean: centred().set_num_format("0.00"),
            date: centred().set_num_format("dd/mm/yyyy"),
            flag: centred().set_font_color("B01E1E").set_bold(),
        }
    }
}

/// A character's width in Calibri 11 relative to a digit (Excel's column width
/// unit is one digit). Rounded up; unknown characters count as wide.
fn char_width_digits(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.55,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.7,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 1.6,
        '0'..='9' => 1.0,
        c if c.is_uppercase() => 1.2,
        c if c.is_lowercase() => 0.92,
        // Combining marks (a decomposed Vietnamese accent) take no room.
        '\u{300}'..='\u{36f}' => 0.0,
        _ => 1.3,
    }
}

/// The lines `text` takes in a column `width` digits wide, wrapped at spaces as
/// Excel and LibreOffice do (a word longer than the line is broken).
pub fn wrapped_lines(text: &str, width_digits: f64) -> u32 {
    // The cell's padding takes about one digit.
    let room = (width_digits - 1.0).max(1.0);
    let mut lines = 0u32;
    for paragraph in text.split('\n') {
        lines += 1;
        let mut used = 0.0;
        for word in paragraph.split(' ') {
            let mut word_width: f64 = word.chars().map(char_width_digits).sum();
            if used > 0.0 {
                let with_space = used + char_width_digits(' ') + word_width;
                if with_space <= room {
                    used = with_space;
                    continue;
                }
                lines += 1;
            }
            // The word starts a line; one wider than the line breaks over several.
            while word_width > room {
                lines += 1;
                word_width -= room;
            }
            used = word_width;
        }
    }
    lines.max(1)
}

/// The height a row needs for `lines` lines of body text.
pub fn row_height_pt(lines: u32) -> f64 {
    (f64::from(lines) * LINE_HEIGHT_PT + 3.0).min(MAX_ROW_HEIGHT_PT)
}

/// The printed width of columns `widths` (in digits) at 100%, points: Excel makes
/// a column `7 × width + 5` pixels for Calibri 11, at 96 pixels per inch.
pub fn columns_width_pt(widths: &[f64]) -> f64 {
    widths.iter().map(|w| (w * 7.0 + 5.0).round() * 0.75).sum()
}

/// The body font size on paper when `widths` are fitted to one page's width
/// (the smaller of Excel's and LibreOffice's).
pub fn fitted_font_pt(widths: &[f64]) -> f64 {
    let printable = A4_LANDSCAPE_WIDTH_PT - 2.0 * SIDE_MARGIN_IN * 72.0;
    let widest = columns_width_pt(widths) * LIBREOFFICE_WIDTH_FACTOR;
    let scale = (printable / widest).min(1.0);
    BODY_FONT_PT * scale
}

/// What to print at the top of every page.
pub struct PageHeading<'a> {
    /// Left: the round's name.
    pub left: &'a str,
    /// Right: a date ("Ngày 28/11/2026").
    pub right: &'a str,
}

/// A4 landscape; the header rows (`header_rows`) repeat on every page; the
/// columns fit one page's width when the text stays ≥ 9 pt, otherwise the sheet
/// prints at 90% with `key_columns` repeated on every page and the rest flowing
/// onto the following pages (across, then down). Footer "Trang x/y".
pub fn print_setup(
    sheet: &mut Worksheet,
    widths: &[f64],
    header_rows: (u32, u32),
    key_columns: (u16, u16),
    heading: &PageHeading<'_>,
) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(PAPER_A4);
    sheet.set_margins(SIDE_MARGIN_IN, SIDE_MARGIN_IN, 0.75, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(header_rows.0, header_rows.1)?;
    sheet.set_freeze_panes(header_rows.1 + 1, 0)?;
    if fitted_font_pt(widths) >= MIN_PRINTED_FONT_PT + FIT_MARGIN_PT {
        sheet.set_print_fit_to_pages(1, 0);
    } else {
        sheet.set_print_scale(FLOW_SCALE_PERCENT);
        sheet.set_repeat_columns(key_columns.0, key_columns.1)?;
        sheet.set_page_order(false);
    }
    // Header and footer keep their size whatever the scale in Excel; LibreOffice
    // scales them with the page anyway, so they are 11 pt like the body.
    sheet.set_header_footer_scale_with_doc(false);
    sheet.set_header(page_header(heading));
    sheet.set_footer("&C&11Trang &P/&N");
    Ok(())
}

/// Excel's header codes: `&L` left, `&R` right; a literal `&` is written `&&`.
/// Excel refuses headers over 255 characters, so the name is shortened.
fn page_header(heading: &PageHeading<'_>) -> String {
    let escape = |s: &str| s.replace('&', "&&");
    let right = escape(heading.right);
    let mut left = escape(heading.left);
    let budget = 230usize.saturating_sub(right.chars().count());
    if left.chars().count() > budget {
        left = left.chars().take(budget.saturating_sub(1)).collect();
        // Never leave half of an "&&" pair.
        if left.ends_with('&') && !left.ends_with("&&") {
            left.pop();
        }
        left.push('…');
    }
    format!("&L&11&\"-,Bold\"{left}&R&11{right}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_line_and_long_text_wraps_at_words() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("Gạo ST25", 10.0), 1);
        assert_eq!(wrapped_lines("Bánh pía sầu riêng Vũng Thơm", 12.0), 3);
        assert_eq!(wrapped_lines("một\nhai\nba", 40.0), 3);
        // A word longer than the column breaks over lines.
        assert_eq!(wrapped_lines(&"x".repeat(45), 10.0), 5);
    }

    #[test]
    fn the_estimate_errs_wide_for_vietnamese_text() {
        // Calibri 11 sets this line in about 300 px; a 48-digit column is 341 px.
        let line = "nguồn nguyên liệu tại chỗ, có hợp đồng bao tiêu 80%";
        assert_eq!(wrapped_lines(line, 48.0), 1);
        // Twice the text (about 600 px) needs two lines; we may say three, never one.
        let twice = format!("{line} {line}");
        assert!((2..=3).contains(&wrapped_lines(&twice, 48.0)));
        // Capitals are wider than digits: 30 of them do not fit 30 digits.
        assert_eq!(wrapped_lines(&"Ắ".repeat(30), 31.0), 2);
    }

    #[test]
    fn rows_are_never_taller_than_excel_allows() {
        assert_eq!(row_height_pt(1), 18.0);
        assert_eq!(row_height_pt(1_000), MAX_ROW_HEIGHT_PT);
    }

    #[test]
    fn a_narrow_sheet_fits_at_full_size_and_a_wide_one_does_not() {
        assert_eq!(fitted_font_pt(&[10.0; 5]), BODY_FONT_PT);
        // The measured case: 154 digits printed at 9.19 pt in LibreOffice.
        let font = fitted_font_pt(&[154.0 / 13.0; 13]);
        assert!((9.0..9.3).contains(&font), "{font}");
        assert!(fitted_font_pt(&[11.0; 30]) < MIN_PRINTED_FONT_PT);
    }

    #[test]
    fn the_page_header_escapes_ampersands_and_stays_within_excel_limits() {
        let h = page_header(&PageHeading {
            left: "Đợt 1 & 2",
            right: "Ngày 28/11/2026",
        });
        assert!(h.contains("Đợt 1 && 2"), "{h}");
        let long = "&".repeat(400);
        let h = page_header(&PageHeading {
            left: &long,
            right: "x",
        });
        assert!(h.chars().count() <= 255, "{}", h.chars().count());
        let name = h.split("&R").next().unwrap().rsplit('"').next().unwrap();
        assert_eq!(name.trim_end_matches('…').len() % 2, 0, "{name}");
    }
}
