//! One sheet per product: every criterion with its most points, each voting
//! member's points, the council's mean and the members' comments, then the totals.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::Worksheet;

use super::Book;
use super::cells::{SheetResult, SheetWriter};
use crate::domain::criteria::CriterionId;
use crate::domain::ids::MemberId;
use crate::domain::mean::Mean;
use crate::domain::model::{ProductOutcome, RoundAnswer, SheetStatus};

const HEADER_ROW: u32 = 2;
const FIRST_MEMBER_COL: u16 = 3;
const MEMBER_WIDTH: f64 = 8.0;

pub(super) fn write(
    sheet: &mut Worksheet,
    name: &str,
    o: &ProductOutcome,
    answers: &[RoundAnswer],
    book: &Book<'_>,
) -> SheetResult {
    let f = &book.formats;
    let mut w = SheetWriter::new(sheet, name)?;
    let title = format!(
        "{} — {} ({})",
        o.product.name,
        o.product.producer.name,
        o.sheet.short_name_vi()
    );
    w.text(0, 0, &title, &f.title)?;
    w.text(
        1,
        0,
        "Điểm từng tiêu chí của các thành viên đã nộp phiếu; Trung bình: cắt ở 2 chữ số thập phân.",
        &f.subtitle,
    )?;
    let voters = &book.voters;
    let mean_col = FIRST_MEMBER_COL + voters.len() as u16;
    let comments_col = mean_col + 1;
    let mut headers: Vec<(u16, String, f64)> = vec![
        (0, "Mã tiêu chí".into(), 8.0),
        (1, "Tiêu chí".into(), 38.0),
        (2, "Tối đa".into(), 6.0),
        (mean_col, "Trung bình".into(), 8.0),
        (comments_col, "Nhận xét".into(), 34.0),
    ];
    for (i, m) in voters.iter().enumerate() {
        headers.push((FIRST_MEMBER_COL + i as u16, m.name.clone(), MEMBER_WIDTH));
    }
    for (col, title, width) in &headers {
        w.column(*col, *width)?;
        w.text(HEADER_ROW, *col, title, &f.header)?;
    }

    // (member, criterion) → submitted answer of this product.
    let mine: BTreeMap<(MemberId, &CriterionId), &RoundAnswer> = answers
        .iter()
        .filter(|a| a.product == o.product.id && a.status == SheetStatus::Submitted)
        .map(|a| ((a.member, &a.criterion), a))
        .collect();
    let counted: BTreeSet<MemberId> = o.result.member_totals.iter().map(|t| t.member).collect();
    let mut row = HEADER_ROW;
    for (_, section, criterion) in o.sheet.criteria() {
        row += 1;
        w.text(row, 0, &criterion.id.0, &f.text)?;
        let title = format!("{}) {}", criterion.letter, criterion.display_title(section));
        w.text(row, 1, &title, &f.text)?;
        w.number(row, 2, f64::from(criterion.best_points()), &f.int)?;
        let mut comments = Vec::new();
        for (i, m) in voters.iter().enumerate() {
            let col = FIRST_MEMBER_COL + i as u16;
            match mine.get(&(m.id, &criterion.id)) {
                Some(a) => {
                    match a.points {
                        Some(p) => w.number(row, col, f64::from(p), &f.int)?,
                        None => w.blank(row, col, &f.int)?,
                    }
                    if !a.comment.is_empty() {
                        comments.push(format!("{}: {}", m.name, a.comment));
                    }
                }
                None if o.recused.contains(&m.id) => w.text(row, col, "tránh", &f.center)?,
                None => w.blank(row, col, &f.int)?,
            }
        }
        let sum = o
            .result
            .criterion_sums
            .get(&criterion.id)
            .copied()
            .unwrap_or(0);
        match Mean::new(sum, counted.len() as u64) {
            Some(mean) => w.number(row, mean_col, mean.as_f64_2dp(), &f.mean)?,
            None => w.blank(row, mean_col, &f.mean)?,
        }
        w.text(row, comments_col, &comments.join("\n"), &f.text)?;
    }
    row += 1;
    w.text(row, 1, "TỔNG ĐIỂM", &f.header)?;
    for (i, m) in voters.iter().enumerate() {
        let col = FIRST_MEMBER_COL + i as u16;
        match o.result.member_totals.iter().find(|t| t.member == m.id) {
            Some(t) => w.number(row, col, f64::from(t.total), &f.int)?,
            None => w.blank(row, col, &f.int)?,
        }
    }
    if let Some(mean) = o.result.mean {
        w.number(row, mean_col, mean.as_f64_2dp(), &f.mean)?;
    }
    w.finish((HEADER_ROW, HEADER_ROW), (0, 2), &book.heading())
}
