//! The "Kết quả" sheet: one row per product with what the approval decision
//! needs. Each member's total is on the next sheet, so this one fits one A4
//! landscape page's width with its text at ≥ 9 pt.

use rust_xlsxwriter::Worksheet;

use super::cells::{SheetResult, SheetWriter};
use super::{Book, RESULTS_SHEET};
use crate::domain::model::ProductOutcome;

/// The columns: header and width in digits. Their sum (149) keeps the fitted
/// page at about 9.4 pt as LibreOffice prints it, 10 pt in Excel (see
/// `layout::fitted_font_pt` and the test below).
const COLUMNS: [(&str, f64); 13] = [
    ("Mã SP", 5.0),
    ("Tên sản phẩm", 18.0),
    ("Chủ thể", 16.0),
    ("Xã", 12.0),
    ("Bộ sản phẩm", 14.0),
    ("Điểm trung bình", 9.0),
    ("Hạng theo điểm", 7.0),
    ("Số sao", 6.0),
    ("Giới hạn sao / bị loại / chủ trì", 19.0),
    ("Trạng thái", 12.0),
    ("Đủ điều kiện cấp GCN", 8.0),
    ("Số giấy chứng nhận", 12.0),
    ("Ngày cấp", 11.0),
];

/// The row of the column headers (above it: title, round, export date).
pub const HEADER_ROW: u32 = 3;

pub(super) fn write(sheet: &mut Worksheet, book: &Book<'_>) -> SheetResult {
    let f = &book.formats;
    let mut w = SheetWriter::new(sheet, RESULTS_SHEET)?;
    w.text(0, 0, "KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP", &f.title)?;
    w.text(1, 0, &book.heading_left, &f.subtitle)?;
    w.text(
        2,
        0,
        "Điểm trung bình: cắt (không làm tròn) ở 2 chữ số thập phân; hạng sao so với ngưỡng bằng giá trị chính xác.",
        &f.subtitle,
    )?;
    for (col, (title, width)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        w.column(col, *width)?;
        w.text(HEADER_ROW, col, title, &f.header)?;
    }
    for (i, outcome) in book.results.products.iter().enumerate() {
        product_row(&mut w, HEADER_ROW + 1 + i as u32, outcome, book)?;
    }
    if !book.results.products.is_empty() {
        let last_row = HEADER_ROW + book.results.products.len() as u32;
        let last_col = COLUMNS.len() as u16 - 1;
        w.apply(|s| s.autofilter(HEADER_ROW, 0, last_row, last_col).map(|_| ()))?;
    }
    w.finish((HEADER_ROW, HEADER_ROW), (0, 2), &book.heading())
}

fn product_row(
    w: &mut SheetWriter<'_>,
    row: u32,
    o: &ProductOutcome,
    book: &Book<'_>,
) -> SheetResult {
    let f = &book.formats;
    let (p, r) = (&o.product, &o.result);
    w.number(row, 0, p.id.0 as f64, &f.int)?;
    w.text(row, 1, &p.name, &f.text)?;
    w.text(row, 2, &p.producer.name, &f.text)?;
    w.text(row, 3, p.producer.commune.as_deref().unwrap_or(""), &f.text)?;
    let set = format!("{} · {}", p.product_set, o.sheet.product_set.name_vi);
    w.text(row, 4, &set, &f.text)?;
    match r.mean {
        // The truncated 2-decimal value, so a spreadsheet never shows a band the
        // exact mean does not reach.
        Some(mean) => w.number(row, 5, mean.as_f64_2dp(), &f.mean)?,
        None => w.blank(row, 5, &f.mean)?,
    }
    match &r.outcome {
        Some(stars) => w.number(row, 6, f64::from(stars.band), &f.int)?,
        None => w.blank(row, 6, &f.int)?,
    }
    w.number(row, 7, f64::from(r.stars), &f.int)?;
    let mut notes: Vec<String> = r
        .outcome
        .as_ref()
        .and_then(|s| s.explain_vi())
        .into_iter()
        .collect();
    if let Some(d) = &r.disqualified {
        notes.push(format!("Bị loại — {}: {}", d.reason.label_vi(), d.note));
    }
    notes.extend(presiding_note(o, book));
    w.text(row, 8, &notes.join("\n"), &f.text)?;
    w.text(row, 9, r.state.label_vi(), &f.text)?;
    w.text(
        row,
        10,
        if r.certifiable { "có" } else { "không" },
        &f.center,
    )?;
    match book.extras.certificates.get(&p.id) {
        Some(certificate) => {
            w.text(row, 11, &certificate.number, &f.text)?;
            w.date(row, 12, certificate.issued_on, &f.date)?;
        }
        None => {
            w.blank(row, 11, &f.text)?;
            w.blank(row, 12, &f.date)?;
        }
    }
    Ok(())
}

/// "Chủ trì thay Chủ tịch: Trần Thị B (ghi nhận: Lê Văn C (secretary), 28/11/2026)"
/// for a product whose recused chair a member the council named stood in for.
fn presiding_note(o: &ProductOutcome, book: &Book<'_>) -> Option<String> {
    let p = o.presided_by()?;
    let name = book
        .results
        .members
        .iter()
        .find(|m| m.id == p.member)
        .map_or_else(|| format!("thành viên {}", p.member), |m| m.name.clone());
    let on = chrono::DateTime::parse_from_rfc3339(&p.recorded_at)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format(", %d/%m/%Y")
                .to_string()
        })
        .unwrap_or_default();
    Some(format!(
        "Chủ trì thay Chủ tịch: {name} (ghi nhận: {}{on})",
        p.recorded_by
    ))
}

#[cfg(test)]
mod tests {
    use super::super::layout::{FIT_MARGIN_PT, MIN_PRINTED_FONT_PT, fitted_font_pt};
    use super::*;

    #[test]
    fn the_results_sheet_fits_one_page_width_at_nine_points_or_more() {
        let widths: Vec<f64> = COLUMNS.iter().map(|(_, w)| *w).collect();
        let font = fitted_font_pt(&widths);
        assert!(font >= MIN_PRINTED_FONT_PT + FIT_MARGIN_PT, "{font} pt");
    }
}
