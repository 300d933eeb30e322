//! The round's results as an Excel workbook (rust_xlsxwriter): a results sheet
//! (one row per product, each member's total, mean, stars, caps, spread, recusals,
//! certificate number) and one sheet per product with every criterion's points per
//! member and the comments. Vietnamese headers, frozen header rows, column widths,
//! landscape A4 fitted to the page width, header rows repeated on every page.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::domain::criteria::CriterionId;
use crate::domain::ids::{MemberId, ProductId};
use crate::store::{MemberRow, ProductOutcome, RoundAnswer, RoundResults, SheetStatus};

/// Extra facts per product that the results do not carry (filled by the caller).
#[derive(Debug, Clone, Default)]
pub struct ExportExtras {
    /// Certificate number per product, once certificates are issued.
    pub certificate_numbers: BTreeMap<ProductId, String>,
}

const A4: u8 = 9;

struct Formats {
    title: Format,
    header: Format,
    cell: Format,
    number: Format,
    mean: Format,
    flag: Format,
}

impl Formats {
    fn new() -> Self {
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        Self {
            title: Format::new().set_bold().set_font_size(14),
            header: border(
                Format::new()
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter)
                    .set_background_color("DDE7F3"),
            ),
            cell: border(Format::new().set_text_wrap().set_align(FormatAlign::Top)),
            number: border(
                Format::new()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::Top),
            ),
            mean: border(
                Format::new()
                    .set_num_format("0.00")
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::Top),
            ),
            flag: border(
                Format::new()
                    .set_font_color("B01E1E")
                    .set_bold()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::Top),
            ),
        }
    }
}

fn printable(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

/// Builds the workbook in memory.
pub fn workbook(
    results: &RoundResults,
    answers: &[RoundAnswer],
    extras: &ExportExtras,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    let voters: Vec<&MemberRow> = results.members.iter().filter(|m| m.voting).collect();
    results_sheet(book.add_worksheet(), results, &voters, extras, &f)?;
    let mut used_names = BTreeSet::new();
    for outcome in &results.products {
        let name = sheet_name(outcome, &mut used_names);
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        product_sheet(sheet, outcome, &voters, answers, &f)?;
    }
    book.save_to_buffer()
}

fn results_sheet(
    sheet: &mut Worksheet,
    results: &RoundResults,
    voters: &[&MemberRow],
    extras: &ExportExtras,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Kết quả")?;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP — {}",
            results.round.name
        ),
        &f.title,
    )?;
    let header_row = 2;
    let mut headers: Vec<(String, f64)> = vec![
        ("Mã".into(), 6.0),
        ("Tên sản phẩm".into(), 30.0),
        ("Bộ sản phẩm".into(), 22.0),
        ("Chủ thể".into(), 26.0),
        ("Xã".into(), 16.0),
    ];
    headers.extend(voters.iter().map(|m| (m.name.clone(), 11.0)));
    headers.extend(
        [
            ("Điểm trung bình", 10.0),
            ("Hạng theo điểm", 9.0),
            ("Số sao", 7.0),
            ("Giới hạn sao (dấu sao tối thiểu)", 40.0),
            ("Chênh lệch", 9.0),
            ("Cần chấm lại", 9.0),
            ("Túc số", 10.0),
            ("Thành viên tránh", 20.0),
            ("Bị loại", 24.0),
            ("Trạng thái", 16.0),
            ("Đủ điều kiện cấp GCN", 11.0),
            ("Số giấy chứng nhận", 18.0),
        ]
        .map(|(h, w)| (h.to_string(), w)),
    );
    for (col, (title, width)) in headers.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(header_row, col, title, &f.header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_row_height(header_row, 45)?;
    for (i, o) in results.products.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        let r = &o.result;
        let p = &o.product;
        let mut col = 0u16;
        let mut next = || {
            let c = col;
            col += 1;
            c
        };
        sheet.write_number_with_format(row, next(), p.id.0 as f64, &f.number)?;
        sheet.write_string_with_format(row, next(), &p.name, &f.cell)?;
        sheet.write_string_with_format(
            row,
            next(),
            format!("{} · {}", p.product_set, o.sheet.product_set.name_vi),
            &f.cell,
        )?;
        sheet.write_string_with_format(row, next(), &p.producer.name, &f.cell)?;
        sheet.write_string_with_format(
            row,
            next(),
            p.producer.commune.as_deref().unwrap_or(""),
            &f.cell,
        )?;
        for m in voters {
            let c = next();
            if o.recused.contains(&m.id) {
                sheet.write_string_with_format(row, c, "tránh", &f.number)?;
            } else if let Some(t) = r.member_totals.iter().find(|t| t.member == m.id) {
                sheet.write_number_with_format(row, c, f64::from(t.total), &f.number)?;
            } else {
                sheet.write_string_with_format(row, c, "", &f.number)?;
            }
        }
        let c = next();
        match r.mean {
            // The truncated 2-decimal value, so Excel never shows a rounded-up band.
            Some(mean) => sheet.write_number_with_format(row, c, mean.as_f64_2dp(), &f.mean)?,
            None => sheet.write_string_with_format(row, c, "", &f.mean)?,
        };
        let band = r
            .outcome
            .as_ref()
            .map(|s| s.band.to_string())
            .unwrap_or_default();
        sheet.write_string_with_format(row, next(), band, &f.number)?;
        sheet.write_number_with_format(row, next(), f64::from(r.stars), &f.number)?;
        let caps = r
            .outcome
            .as_ref()
            .and_then(|s| s.explain_vi())
            .unwrap_or_default();
        sheet.write_string_with_format(row, next(), caps, &f.cell)?;
        let spread = r.spread_points.map(|s| s.to_string()).unwrap_or_default();
        sheet.write_string_with_format(row, next(), spread, &f.number)?;
        if r.spread_flag {
            sheet.write_string_with_format(row, next(), "CÓ", &f.flag)?;
        } else {
            sheet.write_string_with_format(row, next(), "không", &f.number)?;
        }
        let quorum = format!(
            "{}/{}{}",
            r.quorum.participants,
            r.quorum.eligible,
            if r.quorum.met { "" } else { " (chưa đủ)" }
        );
        sheet.write_string_with_format(row, next(), quorum, &f.number)?;
        let recused: Vec<&str> = results
            .members
            .iter()
            .filter(|m| o.recused.contains(&m.id))
            .map(|m| m.name.as_str())
            .collect();
        sheet.write_string_with_format(row, next(), recused.join(", "), &f.cell)?;
        let disqualified = r
            .disqualified
            .as_ref()
            .map(|d| format!("{}: {}", d.reason.label_vi(), d.note))
            .unwrap_or_default();
        sheet.write_string_with_format(row, next(), disqualified, &f.cell)?;
        sheet.write_string_with_format(row, next(), r.state.label_vi(), &f.cell)?;
        sheet.write_string_with_format(
            row,
            next(),
            if r.certifiable { "có" } else { "không" },
            &f.number,
        )?;
        let number = extras
            .certificate_numbers
            .get(&p.id)
            .cloned()
            .unwrap_or_default();
        sheet.write_string_with_format(row, next(), number, &f.cell)?;
    }
    let last_col = headers.len().saturating_sub(1) as u16;
    let last_row = header_row + results.products.len() as u32;
    if !results.products.is_empty() {
        sheet.autofilter(header_row, 0, last_row, last_col)?;
    }
    printable(sheet, header_row)
}

/// A unique sheet name of at most 31 characters without `[]:*?/\`.
fn sheet_name(o: &ProductOutcome, used: &mut BTreeSet<String>) -> String {
    let clean: String = o
        .product
        .name
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
        .collect();
    let base: String = format!("{} {}", o.product.id, clean.trim())
        .chars()
        .take(31)
        .collect();
    let mut name = base.trim().to_string();
    let mut n = 2;
    while !used.insert(name.to_lowercase()) {
        let suffix = format!("~{n}");
        name = format!(
            "{}{suffix}",
            base.chars()
                .take(31 - suffix.chars().count())
                .collect::<String>()
        );
        n += 1;
    }
    name
}

fn product_sheet(
    sheet: &mut Worksheet,
    o: &ProductOutcome,
    voters: &[&MemberRow],
    answers: &[RoundAnswer],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "{} — {} ({})",
            o.product.name,
            o.product.producer.name,
            o.sheet.short_name_vi()
        ),
        &f.title,
    )?;
    let header_row = 2;
    sheet.write_string_with_format(header_row, 0, "Mã tiêu chí", &f.header)?;
    sheet.write_string_with_format(header_row, 1, "Tiêu chí", &f.header)?;
    sheet.write_string_with_format(header_row, 2, "Tối đa", &f.header)?;
    sheet.set_column_width(0, 10)?;
    sheet.set_column_width(1, 48)?;
    sheet.set_column_width(2, 7)?;
    let first_member_col = 3u16;
    for (i, m) in voters.iter().enumerate() {
        let col = first_member_col + i as u16;
        sheet.write_string_with_format(header_row, col, &m.name, &f.header)?;
        sheet.set_column_width(col, 11)?;
    }
    let mean_col = first_member_col + voters.len() as u16;
    let comments_col = mean_col + 1;
    sheet.write_string_with_format(header_row, mean_col, "Trung bình", &f.header)?;
    sheet.write_string_with_format(header_row, comments_col, "Nhận xét", &f.header)?;
    sheet.set_column_width(mean_col, 10)?;
    sheet.set_column_width(comments_col, 50)?;
    sheet.set_row_height(header_row, 45)?;

    // (member, criterion) → submitted answer of this product.
    let mine: BTreeMap<(MemberId, &CriterionId), &RoundAnswer> = answers
        .iter()
        .filter(|a| a.product == o.product.id && a.status == SheetStatus::Submitted)
        .map(|a| ((a.member, &a.criterion), a))
        .collect();
    let counted: BTreeSet<MemberId> = o.result.member_totals.iter().map(|t| t.member).collect();
    let mut row = header_row;
    for (_, section, criterion) in o.sheet.criteria() {
        row += 1;
        sheet.write_string_with_format(row, 0, &criterion.id.0, &f.cell)?;
        sheet.write_string_with_format(
            row,
            1,
            format!("{}) {}", criterion.letter, criterion.display_title(section)),
            &f.cell,
        )?;
        sheet.write_number_with_format(row, 2, f64::from(criterion.best_points()), &f.number)?;
        let mut comments = Vec::new();
        for (i, m) in voters.iter().enumerate() {
            let col = first_member_col + i as u16;
            match mine.get(&(m.id, &criterion.id)) {
                Some(a) => {
                    match a.points {
                        Some(p) => {
                            sheet.write_number_with_format(row, col, f64::from(p), &f.number)?
                        }
                        None => sheet.write_string_with_format(row, col, "", &f.number)?,
                    };
                    if !a.comment.is_empty() {
                        comments.push(format!("{}: {}", m.name, a.comment));
                    }
                }
                None if o.recused.contains(&m.id) => {
                    sheet.write_string_with_format(row, col, "tránh", &f.number)?;
                }
                None => {
                    sheet.write_string_with_format(row, col, "", &f.number)?;
                }
            }
        }
        let sum = o
            .result
            .criterion_sums
            .get(&criterion.id)
            .copied()
            .unwrap_or(0);
        match crate::domain::mean::Mean::new(sum, counted.len() as u64) {
            Some(mean) => {
                sheet.write_number_with_format(row, mean_col, mean.as_f64_2dp(), &f.mean)?
            }
            None => sheet.write_string_with_format(row, mean_col, "", &f.mean)?,
        };
        sheet.write_string_with_format(row, comments_col, comments.join("\n"), &f.cell)?;
    }
    row += 1;
    sheet.write_string_with_format(row, 1, "TỔNG ĐIỂM", &f.header)?;
    for (i, m) in voters.iter().enumerate() {
        let col = first_member_col + i as u16;
        if let Some(t) = o.result.member_totals.iter().find(|t| t.member == m.id) {
            sheet.write_number_with_format(row, col, f64::from(t.total), &f.number)?;
        }
    }
    if let Some(mean) = o.result.mean {
        sheet.write_number_with_format(row, mean_col, mean.as_f64_2dp(), &f.mean)?;
    }
    printable(sheet, header_row)
}
