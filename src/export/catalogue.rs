//! The catalogue as a workbook or CSV (one row per certificate, with where it
//! stands on the day), and the programme report as a workbook with native Excel
//! charts (bars by stars, by group, by district; certifications and expiries by
//! year) drawn from the report's own cells.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Chart, ChartType, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::formula_guard::{csv_field, looks_like_formula};
use crate::domain::catalogue::report::{NamedCount, ProgrammeReport};
use crate::domain::catalogue::{CatalogueEntry, EntryStatus, group_label_vi};

/// Column headers of the list (Vietnamese; the import reads them back).
pub const LIST_COLUMNS: [&str; 22] = [
    "STT",
    "Tên sản phẩm",
    "Mã sản phẩm",
    "Chủ thể",
    "Mã chủ thể",
    "Loại hình",
    "Địa chỉ",
    "Xã",
    "Huyện",
    "Tỉnh",
    "Bộ sản phẩm",
    "Nhóm sản phẩm",
    "Hạng sao",
    "Điểm",
    "Số giấy chứng nhận",
    "Cơ quan cấp",
    "Số quyết định",
    "Ngày quyết định",
    "Ngày cấp",
    "Ngày hết hạn",
    "Loại đăng ký",
    "Đợt",
];
/// Columns after the importable ones: state and revocation.
pub const LIST_EXTRA: [&str; 3] = ["Thu hồi", "Tình trạng", "Nguồn"];

fn date_vi(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn registration_vi(e: &CatalogueEntry) -> &'static str {
    e.record.registration_type.label_vi()
}

/// One entry as its list cells (text), in [`LIST_COLUMNS`] then [`LIST_EXTRA`] order.
pub fn list_cells(number: usize, e: &CatalogueEntry, status: EntryStatus) -> Vec<String> {
    let r = &e.record;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let revoked = match (r.revoked, r.revoked_on, e.app_revoked_on) {
        (_, _, Some(d)) | (true, Some(d), _) => date_vi(d),
        (true, None, _) => "Có".into(),
        _ => String::new(),
    };
    vec![
        number.to_string(),
        r.product_name.clone(),
        opt(&r.product_code),
        r.producer_name.clone(),
        r.producer_key.clone(),
        r.legal_form.label_vi().into(),
        opt(&r.address),
        opt(&r.commune),
        opt(&r.district),
        opt(&r.province),
        opt(&r.product_set),
        r.product_group
            .map(group_label_vi)
            .unwrap_or_default()
            .into(),
        r.stars.to_string(),
        r.score.map(|s| s.to_string()).unwrap_or_default(),
        r.certificate_number.clone(),
        r.authority.clone(),
        r.decision_no.clone(),
        date_vi(r.decision_date),
        date_vi(r.issued_on),
        date_vi(r.valid_until),
        registration_vi(e).into(),
        opt(&r.round_label),
        revoked,
        status.label_vi().into(),
        e.source_detail.clone(),
    ]
}

/// The list as CSV (UTF-8 with BOM so that Excel reads the diacritics).
pub fn list_csv(entries: &[(CatalogueEntry, EntryStatus)]) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(LIST_COLUMNS.iter().chain(LIST_EXTRA.iter()))?;
        for (i, (e, s)) in entries.iter().enumerate() {
            let cells = list_cells(i + 1, e, *s);
            w.write_record(cells.iter().map(|c| csv_field(c).into_owned()))?;
        }
        w.flush()?;
    }
    Ok(out)
}

fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    f: &Format,
    quoted: &Format,
) -> Result<(), XlsxError> {
    let text: String = text.chars().take(32_000).collect();
    if looks_like_formula(&text) {
        sheet.write_string_with_format(row, col, &text, quoted)?;
    } else {
        sheet.write_string_with_format(row, col, &text, f)?;
    }
    Ok(())
}

/// The list as a workbook.
pub fn list_xlsx(entries: &[(CatalogueEntry, EntryStatus)]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh mục OCOP")?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let quoted = cell.clone().set_quote_prefix();
    let number = cell.clone().set_align(FormatAlign::Center);
    for (col, h) in LIST_COLUMNS.iter().chain(LIST_EXTRA.iter()).enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &header)?;
    }
    for (i, (e, s)) in entries.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, text) in list_cells(i + 1, e, *s).iter().enumerate() {
            let col = col as u16;
            match col {
                0 | 12 | 13 if !text.is_empty() => {
                    sheet.write_number_with_format(
                        row,
                        col,
                        text.parse::<f64>().unwrap_or(0.0),
                        &number,
                    )?;
                }
                _ => write_text(sheet, row, col, text, &cell, &quoted)?,
            }
        }
    }
    let widths = [
        5.0, 30.0, 14.0, 30.0, 24.0, 18.0, 28.0, 16.0, 16.0, 14.0, 22.0, 18.0, 8.0, 7.0, 18.0,
        22.0, 16.0, 12.0, 12.0, 12.0, 14.0, 14.0, 12.0, 14.0, 18.0,
    ];
    for (col, w) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, entries.len() as u32, (widths.len() - 1) as u16)?;
    book.save_to_buffer()
}

/// Writes a two-column table (name, count) at `row`; returns (first data row, last data row).
fn table(
    sheet: &mut Worksheet,
    row: u32,
    title: &str,
    rows: &[(String, u64)],
    f: &Formats,
) -> Result<(u32, u32), XlsxError> {
    sheet.write_string_with_format(row, 0, title, &f.section)?;
    sheet.write_string_with_format(row + 1, 0, "Nội dung", &f.header)?;
    sheet.write_string_with_format(row + 1, 1, "Số lượng", &f.header)?;
    for (i, (name, count)) in rows.iter().enumerate() {
        let r = row + 2 + i as u32;
        write_text(sheet, r, 0, name, &f.cell, &f.quoted)?;
        sheet.write_number_with_format(r, 1, *count as f64, &f.number)?;
    }
    Ok((row + 2, row + 1 + rows.len().max(1) as u32))
}

struct Formats {
    section: Format,
    header: Format,
    cell: Format,
    quoted: Format,
    number: Format,
}

fn bar_chart(name: &str, sheet_name: &str, rows: (u32, u32), kind: ChartType) -> Chart {
    let mut chart = Chart::new(kind);
    chart
        .add_series()
        .set_categories((sheet_name, rows.0, 0, rows.1, 0))
        .set_values((sheet_name, rows.0, 1, rows.1, 1))
        .set_name(name);
    chart.title().set_name(name);
    chart.legend().set_hidden();
    chart
}

fn named(rows: &[NamedCount], limit: usize) -> Vec<(String, u64)> {
    rows.iter()
        .take(limit)
        .map(|n| (n.label.clone(), n.count))
        .collect()
}

/// The report's one worksheet (the charts' series refer to it by name).
const SHEET: &str = "Báo cáo";

/// The programme report as a workbook with charts.
pub fn report_xlsx(r: &ProgrammeReport, title: &str) -> Result<Vec<u8>, XlsxError> {
    let f = report_formats();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    heading_rows(sheet, r, title)?;
    let mut row = 3;
    row = stars_section(sheet, row, r, &f)?;
    row = producers_section(sheet, row, r, &f)?;
    row = groups_section(sheet, row, r, &f)?;
    row = districts_section(sheet, row, r, &f)?;
    row = years_section(sheet, row, r, &f)?;
    row = management_section(sheet, row, r, &f)?;
    row = rounds_section(sheet, row, r, &f)?;
    readings_section(sheet, row, r, &f)?;
    book.save_to_buffer()
}

fn report_formats() -> Formats {
    Formats {
        section: Format::new().set_bold().set_font_size(12),
        header: Format::new().set_bold().set_border(FormatBorder::Thin),
        cell: Format::new().set_border(FormatBorder::Thin),
        quoted: Format::new()
            .set_border(FormatBorder::Thin)
            .set_quote_prefix(),
        number: Format::new()
            .set_border(FormatBorder::Thin)
            .set_num_format("0"),
    }
}

/// The sheet's name and columns, the title and the period (rows 0 and 1).
fn heading_rows(sheet: &mut Worksheet, r: &ProgrammeReport, title: &str) -> Result<(), XlsxError> {
    sheet.set_name(SHEET)?;
    sheet.set_column_width(0, 46.0)?;
    sheet.set_column_width(1, 12.0)?;
    sheet.set_column_width(2, 12.0)?;
    sheet.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
    let p = &r.params;
    sheet.write_string(
        1,
        0,
        format!(
            "Kỳ báo cáo: {}–{}; số liệu đến ngày {}",
            p.from_year,
            p.to_year,
            date_vi(p.as_of)
        ),
    )?;
    Ok(())
}

/// Section 1, products in force by stars, the total and the plan, with their
/// chart; each section returns the row the next one starts on.
fn stars_section(
    sheet: &mut Worksheet,
    row: u32,
    r: &ProgrammeReport,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let stars = vec![
        ("3 sao".to_string(), r.in_force.stars_3),
        ("4 sao".to_string(), r.in_force.stars_4),
        ("5 sao".to_string(), r.in_force.stars_5),
    ];
    let star_rows = table(
        sheet,
        row,
        "1. Sản phẩm OCOP còn hiệu lực theo hạng sao",
        &stars,
        f,
    )?;
    let total_row = star_rows.1 + 1;
    sheet.write_string_with_format(total_row, 0, "Tổng cộng", &f.header)?;
    sheet.write_number_with_format(total_row, 1, r.in_force.total as f64, &f.number)?;
    if let Some(t) = r.against_target {
        sheet.write_string_with_format(total_row + 1, 0, "Kế hoạch (sản phẩm)", &f.cell)?;
        sheet.write_number_with_format(total_row + 1, 1, t.of as f64, &f.number)?;
        sheet.write_string_with_format(total_row + 2, 0, "Tỷ lệ đạt kế hoạch", &f.cell)?;
        sheet.write_string_with_format(total_row + 2, 1, t.percent_vi(), &f.cell)?;
    }
    sheet.insert_chart(
        row,
        4,
        &bar_chart(
            "Sản phẩm theo hạng sao",
            SHEET,
            star_rows,
            ChartType::Column,
        ),
    )?;
    Ok(total_row + 5)
}

/// Section 2, producers by legal form, with their shares.
fn producers_section(
    sheet: &mut Worksheet,
    row: u32,
    r: &ProgrammeReport,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let forms: Vec<(String, u64)> = r
        .by_legal_form
        .iter()
        .map(|f| (f.label_vi.to_string(), f.producers.count))
        .collect();
    let form_rows = table(
        sheet,
        row,
        &format!("2. Chủ thể ({} chủ thể) theo loại hình", r.producers),
        &forms,
        f,
    )?;
    for (i, form) in r.by_legal_form.iter().enumerate() {
        sheet.write_string_with_format(
            form_rows.0 + i as u32,
            2,
            form.producers.percent_vi(),
            &f.cell,
        )?;
    }
    Ok(form_rows.1 + 3)
}

/// Section 3, products by group (the first 20), with their chart.
fn groups_section(
    sheet: &mut Worksheet,
    row: u32,
    r: &ProgrammeReport,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let groups = named(&r.by_group, 20);
    let group_rows = table(sheet, row, "3. Sản phẩm theo nhóm sản phẩm", &groups, f)?;
    sheet.insert_chart(
        row,
        4,
        &bar_chart("Sản phẩm theo nhóm", SHEET, group_rows, ChartType::Bar),
    )?;
    Ok(group_rows.1 + 12)
}

/// Section 4, products by district (the first 30), with their chart.
fn districts_section(
    sheet: &mut Worksheet,
    row: u32,
    r: &ProgrammeReport,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let districts = named(&r.by_district, 30);
    let district_rows = table(
        sheet,
        row,
        "4. Sản phẩm theo huyện (huyện cũ)",
        &districts,
        f,
    )?;
    sheet.insert_chart(
        row,
        4,
        &bar_chart("Sản phẩm theo huyện", SHEET, district_rows, ChartType::Bar),
    )?;
    Ok(district_rows.1 + 12)
}

/// Section 5, certifications and expiries by year, with their two-series chart.
fn years_section(
    sheet: &mut Worksheet,
    row: u32,
    r: &ProgrammeReport,
    f: &Formats,
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(row, 0, "5. Công nhận và hết hạn theo năm", &f.section)?;
    for (col, h) in ["Năm", "Công nhận", "Đến hạn", "3 sao", "4 sao", "5 sao"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(row + 1, col as u16, *h, &f.header)?;
    }
    for (i, y) in r.by_year.iter().enumerate() {
        let rr = row + 2 + i as u32;
        sheet.write_string_with_format(rr, 0, y.year.to_string(), &f.cell)?;
        for (col, v) in [
            y.certified.total,
            y.expiring,
            y.certified.stars_3,
            y.certified.stars_4,
            y.certified.stars_5,
        ]
        .iter()
        .enumerate()
        {
            sheet.write_number_with_format(rr, col as u16 + 1, *v as f64, &f.number)?;
        }
    }
    let (first, last) = (row + 2, row + 1 + r.by_year.len().max(1) as u32);
    let mut timeline = Chart::new(ChartType::Column);
    for (col, name) in [(1u16, "Công nhận"), (2, "Đến hạn")] {
        timeline
            .add_series()
            .set_categories((SHEET, first, 0, last, 0))
            .set_values((SHEET, first, col, last, col))
            .set_name(name);
    }
    timeline.title().set_name("Công nhận và hết hạn theo năm");
    sheet.insert_chart(row, 7, &timeline)?;
    Ok(last + 12)
}

/// Section 6, re-evaluations, upgrades, expiries and revocations.
fn management_section(
    sheet: &mut Worksheet,
    row: u32,
    r: &ProgrammeReport,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let management = vec![
        (
            "Công nhận trong kỳ".to_string(),
            r.certified_in_period.total,
        ),
        ("  trong đó đăng ký mới".to_string(), r.registrations.new),
        ("  nâng hạng".to_string(), r.registrations.upgrade),
        ("  đánh giá lại".to_string(), r.registrations.re_evaluation),
        ("Hết hạn chưa đánh giá lại (lũy kế)".to_string(), r.lapsed),
        ("Bị thu hồi (lũy kế)".to_string(), r.revoked),
        (
            "Sẽ hết hạn trong 30 ngày".to_string(),
            r.expiring_within_30_days,
        ),
        (
            "Sẽ hết hạn trong 90 ngày".to_string(),
            r.expiring_within_90_days,
        ),
    ];
    let m = table(
        sheet,
        row,
        "6. Đánh giá lại, nâng hạng, hết hạn, thu hồi",
        &management,
        f,
    )?;
    Ok(m.1 + 3)
}

/// Section 7, the period's rounds (the first 100) with the products each certified.
fn rounds_section(
    sheet: &mut Worksheet,
    row: u32,
    r: &ProgrammeReport,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let rounds = named(&r.rounds, 100);
    let rr = table(
        sheet,
        row,
        "7. Các đợt đánh giá trong kỳ (số sản phẩm được công nhận)",
        &rounds,
        f,
    )?;
    Ok(rr.1 + 3)
}

/// The software's readings, for the author of the report to check.
fn readings_section(
    sheet: &mut Worksheet,
    row: u32,
    r: &ProgrammeReport,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(
        row,
        0,
        "Cách hiểu của phần mềm (có thể sửa trong báo cáo):",
        &f.section,
    )?;
    for (i, reading) in r.readings.iter().enumerate() {
        sheet.write_string(row + 1 + i as u32, 0, *reading)?;
    }
    Ok(())
}
