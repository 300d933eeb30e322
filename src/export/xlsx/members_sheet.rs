//! The "Điểm từng thành viên" sheet: each voting member's total per product, with
//! the mean, the spread, the re-score flag, the quorum and the recusals. With a
//! large council the member columns flow onto following pages, the product
//! columns repeated on each (`layout::print_setup`).

use rust_xlsxwriter::Worksheet;

use super::cells::{SheetResult, SheetWriter};
use super::{Book, MEMBERS_SHEET};
use crate::domain::model::ProductOutcome;

const MEMBER_WIDTH: f64 = 9.0;
const HEADER_ROW: u32 = 2;

/// The columns after the members'.
const TAIL: [(&str, f64); 5] = [
    ("Điểm trung bình", 9.0),
    ("Chênh lệch (điểm)", 8.0),
    ("Cần chấm lại", 8.0),
    ("Túc số", 10.0),
    ("Thành viên tránh", 18.0),
];

pub(super) fn write(sheet: &mut Worksheet, book: &Book<'_>) -> SheetResult {
    let f = &book.formats;
    let mut w = SheetWriter::new(sheet, MEMBERS_SHEET)?;
    w.text(0, 0, "ĐIỂM CỦA TỪNG THÀNH VIÊN HỘI ĐỒNG", &f.title)?;
    w.text(1, 0, &book.heading_left, &f.subtitle)?;
    let mut headers: Vec<(String, f64)> =
        vec![("Mã SP".into(), 5.0), ("Tên sản phẩm".into(), 21.0)];
    headers.extend(book.voters.iter().map(|m| (m.name.clone(), MEMBER_WIDTH)));
    headers.extend(TAIL.iter().map(|(h, w)| (h.to_string(), *w)));
    for (col, (title, width)) in headers.iter().enumerate() {
        let col = col as u16;
        w.column(col, *width)?;
        w.text(HEADER_ROW, col, title, &f.header)?;
    }
    for (i, outcome) in book.results.products.iter().enumerate() {
        product_row(&mut w, HEADER_ROW + 1 + i as u32, outcome, book)?;
    }
    w.finish((HEADER_ROW, HEADER_ROW), (0, 1), &book.heading())
}

fn product_row(
    w: &mut SheetWriter<'_>,
    row: u32,
    o: &ProductOutcome,
    book: &Book<'_>,
) -> SheetResult {
    let f = &book.formats;
    let r = &o.result;
    w.number(row, 0, o.product.id.0 as f64, &f.int)?;
    w.text(row, 1, &o.product.name, &f.text)?;
    let mut col = 2u16;
    for m in &book.voters {
        if o.recused.contains(&m.id) {
            w.text(row, col, "tránh", &f.center)?;
        } else if let Some(t) = r.member_totals.iter().find(|t| t.member == m.id) {
            w.number(row, col, f64::from(t.total), &f.int)?;
        } else {
            w.blank(row, col, &f.int)?;
        }
        col += 1;
    }
    match r.mean {
        Some(mean) => w.number(row, col, mean.as_f64_2dp(), &f.mean)?,
        None => w.blank(row, col, &f.mean)?,
    }
    match r.spread_points {
        Some(points) => w.number(row, col + 1, f64::from(points), &f.int)?,
        None => w.blank(row, col + 1, &f.int)?,
    }
    if r.spread_flag {
        w.text(row, col + 2, "CÓ", &f.flag)?;
    } else {
        w.text(row, col + 2, "không", &f.center)?;
    }
    let quorum = format!(
        "{}/{}{}",
        r.quorum.participants,
        r.quorum.eligible,
        if r.quorum.met { "" } else { " (chưa đủ)" }
    );
    w.text(row, col + 3, &quorum, &f.center)?;
    let recused: Vec<&str> = book
        .results
        .members
        .iter()
        .filter(|m| o.recused.contains(&m.id))
        .map(|m| m.name.as_str())
        .collect();
    w.text(row, col + 4, &recused.join(", "), &f.text)
}
