//! The approval decision's annex (Phụ lục) as a workbook: the same rows as the
//! decision's annex table, grouped by rank with a total per rank and a grand
//! total, the score as a number with two decimals (truncated, as everywhere).
//! One sheet, A4 portrait, the header repeated on every printed page.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::domain::decision::{ANNEX_COLUMNS, Annex};

/// Column widths in characters.
const WIDTHS: [f64; 7] = [6.0, 30.0, 30.0, 40.0, 28.0, 9.0, 9.0];

/// "78,42" (the annex's own text) → 78.42 for a number cell.
fn score_number(text: &str) -> Option<f64> {
    text.replace(',', ".").parse().ok()
}

/// The annex as .xlsx bytes.
pub fn workbook(annex: &Annex) -> Result<Vec<u8>, XlsxError> {
    let border = |f: Format| {
        f.set_border(FormatBorder::Thin)
            .set_font_name("Times New Roman")
    };
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_font_name("Times New Roman")
        .set_align(FormatAlign::Center);
    let caption = Format::new()
        .set_italic()
        .set_font_name("Times New Roman")
        .set_align(FormatAlign::Center);
    let header = border(
        Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
    );
    let cell = border(Format::new().set_text_wrap().set_align(FormatAlign::Top));
    let centred = border(
        Format::new()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::Top),
    );
    let score = border(
        Format::new()
            .set_num_format("0.00")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::Top),
    );
    let group = border(Format::new().set_bold());

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Phụ lục")?;
    let last_col = (ANNEX_COLUMNS.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last_col, &annex.label, &title)?;
    sheet.merge_range(1, 0, 1, last_col, &annex.title, &title)?;
    sheet.merge_range(2, 0, 2, last_col, &annex.caption, &caption)?;
    let header_row = 4;
    for (col, (name, width)) in ANNEX_COLUMNS.iter().zip(WIDTHS).enumerate() {
        sheet.set_column_width(col as u16, width)?;
        sheet.write_string_with_format(header_row, col as u16, *name, &header)?;
    }
    let mut row = header_row + 1;
    let spanning = |sheet: &mut rust_xlsxwriter::Worksheet, row: u32, text: &str| {
        sheet
            .merge_range(row, 0, row, last_col, text, &group)
            .map(|_| ())
    };
    for g in &annex.groups {
        spanning(sheet, row, &g.heading)?;
        row += 1;
        for r in &g.rows {
            sheet.write_number_with_format(row, 0, r.number as f64, &centred)?;
            sheet.write_string_with_format(row, 1, &r.product, &cell)?;
            sheet.write_string_with_format(row, 2, &r.producer, &cell)?;
            sheet.write_string_with_format(row, 3, &r.address, &cell)?;
            sheet.write_string_with_format(row, 4, &r.product_set, &cell)?;
            match score_number(&r.score) {
                Some(n) => sheet.write_number_with_format(row, 5, n, &score)?,
                None => sheet.write_string_with_format(row, 5, &r.score, &centred)?,
            };
            sheet.write_number_with_format(row, 6, f64::from(r.stars), &centred)?;
            row += 1;
        }
        spanning(sheet, row, &g.total_line())?;
        row += 1;
    }
    spanning(sheet, row, &annex.grand_total_line())?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    book.save_to_buffer()
}
