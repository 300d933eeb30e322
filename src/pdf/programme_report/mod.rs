//! The programme report (báo cáo kết quả thực hiện Chương trình OCOP) as PDF, in
//! the administrative layout of Nghị định 30/2020 (Mẫu 1.4, "BÁO CÁO"): the
//! two-column heading, the title and period, then per section a generated
//! sentence, a table and, where people would rather look than read, a bar chart
//! drawn as vector shapes ([`charts`]). Every number comes from one
//! [`ProgrammeReport`]; what is our reading is listed at the end, marked so.
//!
//! The report number is left blank ("Số:      /BC-UBND") for the office to fill in.

mod charts;

use chrono::NaiveDate;
use printpdf::PdfDocument;

use super::canvas::{Align, Canvas, Colour, TextStyle, Typesetter};
use super::decision::ND30_MARGINS;
use super::flow::{Cell, Flow, Margins, Row, Table};
use super::fonts::Face;
use super::heading::{PAGE_H, PAGE_W, issuer_heading, page_number, place_date_line};
use super::{DocAssets, PdfError, save};
use crate::domain::catalogue::report::{NamedCount, ProgrammeReport, Share};
use crate::domain::catalogue::report_text;
pub use charts::Bar;

const M: Margins = ND30_MARGINS;
const BODY: TextStyle = TextStyle::new(Face::Serif, 13.0);
const BOLD: TextStyle = TextStyle::new(Face::SerifBold, 13.0);
const TABLE: TextStyle = TextStyle::new(Face::Serif, 11.0);
const TABLE_BOLD: TextStyle = TextStyle::new(Face::SerifBold, 11.0);
const SMALL: TextStyle = TextStyle::new(Face::Serif, 10.5);

/// What the report's heading needs besides the figures.
#[derive(Debug, Clone)]
pub struct ReportHeading {
    /// "ỦY BAN NHÂN DÂN", "TỈNH SÓC TRĂNG".
    pub issuer_lines: Vec<String>,
    /// "Sóc Trăng".
    pub place: String,
    /// The province's name for the sentences ("Sóc Trăng"), may be empty.
    pub province: String,
    /// The day written under the motto (the report's as-of day by default).
    pub dated: NaiveDate,
}

/// The report's title line under "BÁO CÁO".
pub fn subject_line(r: &ProgrammeReport) -> String {
    let p = &r.params;
    if p.from_year == p.to_year {
        format!(
            "Kết quả thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) năm {}",
            p.to_year
        )
    } else {
        format!(
            "Kết quả thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) giai đoạn {}–{}",
            p.from_year, p.to_year
        )
    }
}

/// The report as PDF bytes.
pub fn render_programme_report(
    r: &ProgrammeReport,
    h: &ReportHeading,
    assets: &DocAssets,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(&subject_line(r));
    let fonts = assets.fonts.register(&mut doc);
    let typesetter = Typesetter {
        fonts: assets.fonts.clone(),
    };
    let mut flow = Flow::new(Canvas::new(PAGE_W, PAGE_H, fonts, typesetter), M);
    heading(&mut flow, h);
    title(&mut flow, r);
    products_section(&mut flow, r, h);
    producers_section(&mut flow, r);
    management_section(&mut flow, r);
    readings(&mut flow, r);
    let pages = flow.finish(|canvas, page, _| page_number(canvas, page));
    Ok(save(
        doc,
        pages.into_iter().map(Canvas::into_page).collect(),
    ))
}

fn heading(flow: &mut Flow, h: &ReportHeading) {
    let top = flow.y;
    let date = place_date_line(&h.place, h.dated);
    let y = issuer_heading(
        flow.canvas(),
        top,
        &M,
        &h.issuer_lines,
        "Số:        /BC-UBND",
        &date,
        false,
    );
    flow.y = y + 12.0;
}

fn title(flow: &mut Flow, r: &ProgrammeReport) {
    let big = TextStyle::new(Face::SerifBold, 14.0);
    flow.paragraph(&big, Align::Centre, 0.0, "BÁO CÁO");
    flow.paragraph(&BOLD, Align::Centre, 0.0, &subject_line(r));
    let note = format!("(Số liệu đến ngày {})", r.params.as_of.format("%d/%m/%Y"));
    flow.paragraph(&BODY, Align::Centre, 0.0, &note);
    let y = flow.y + 1.5;
    let cx = M.left + flow.content_width() / 2.0;
    flow.canvas()
        .line(cx - 25.0, y, cx + 25.0, y, Colour::BLACK, 0.6);
    flow.gap(6.0);
}

fn section(flow: &mut Flow, text: &str) {
    flow.ensure(20.0);
    flow.gap(2.0);
    flow.paragraph(&BOLD, Align::Left, 0.0, text);
    flow.gap(1.0);
}

fn sentence(flow: &mut Flow, text: &str) {
    flow.paragraph(&BODY, Align::Left, 10.0, text);
    flow.gap(2.0);
}

/// A table of (name, count[, share]) rows with a header.
fn count_table(flow: &mut Flow, header: [&str; 3], rows: &[(String, u64, Option<Share>)]) {
    // The header row with at least two rows under it, never a header alone.
    flow.ensure(26.0);
    let width = flow.content_width();
    let table = Table::new(vec![width - 60.0, 30.0, 30.0]).with_header(
        Row::new(
            header
                .iter()
                .map(|h| Cell::text(*h, TABLE_BOLD).align(Align::Centre))
                .collect(),
        )
        .fill(Colour::LIGHT_FILL),
    );
    if let Some(h) = &table.header {
        let h = h.clone().keep_with_next(8.0);
        flow.row(&table, &h);
    }
    for (name, count, share) in rows {
        let cells = vec![
            Cell::text(name, TABLE),
            Cell::text(count.to_string(), TABLE).align(Align::Centre),
            Cell::text(share.map(Share::percent_vi).unwrap_or_default(), TABLE)
                .align(Align::Centre),
        ];
        flow.row(&table, &Row::new(cells));
    }
    flow.gap(3.0);
}

fn named_rows(rows: &[NamedCount], of: u64, limit: usize) -> Vec<(String, u64, Option<Share>)> {
    let mut out: Vec<_> = rows
        .iter()
        .take(limit)
        .map(|n| (n.label.clone(), n.count, Some(Share::new(n.count, of))))
        .collect();
    if rows.len() > limit {
        let rest: u64 = rows[limit..].iter().map(|n| n.count).sum();
        out.push((
            format!("Các địa bàn, nhóm khác ({})", rows.len() - limit),
            rest,
            Some(Share::new(rest, of)),
        ));
    }
    out
}

fn products_section(flow: &mut Flow, r: &ProgrammeReport, h: &ReportHeading) {
    section(flow, "I. KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM");
    sentence(flow, &report_text::products_sentence(r, &h.province));
    let total = r.in_force.total;
    let mut rows: Vec<(String, u64, Option<Share>)> = [5u8, 4, 3]
        .iter()
        .map(|s| {
            (
                format!("Sản phẩm {s} sao"),
                r.in_force.of(*s),
                Some(Share::new(r.in_force.of(*s), total)),
            )
        })
        .collect();
    rows.push(("Tổng cộng".into(), total, None));
    if let Some(t) = r.against_target {
        rows.push((
            format!("Kế hoạch: {} sản phẩm; tỷ lệ đạt", t.of),
            t.count,
            Some(t),
        ));
    }
    count_table(flow, ["Hạng sao", "Số sản phẩm", "Tỷ lệ"], &rows);
    let bars: Vec<Bar> = [3u8, 4, 5]
        .iter()
        .map(|s| Bar::new(format!("{s} sao"), r.in_force.of(*s)))
        .collect();
    charts::columns(
        flow,
        "Biểu đồ 1. Sản phẩm OCOP còn hiệu lực theo hạng sao",
        &bars,
    );
    sentence(flow, &report_text::period_sentence(r));
    year_table(flow, r);
    charts::timeline(
        flow,
        "Biểu đồ 2. Số sản phẩm được công nhận và hết hạn theo năm",
        &r.by_year,
    );
    let by_group = [
        "Sản phẩm theo nhóm sản phẩm:",
        "Nhóm sản phẩm",
        "Biểu đồ 3. Sản phẩm theo nhóm",
    ];
    counted_section(flow, by_group, &r.by_group, total, 10);
    let by_district = [
        "Sản phẩm theo huyện (huyện cũ):",
        "Huyện",
        "Biểu đồ 4. Sản phẩm theo huyện",
    ];
    counted_section(flow, by_district, &r.by_district, total, 15);
}

/// A heading, the table of the first `shown` counts (name, count, share of
/// `total`) and their bar chart: [heading, the name column's title, chart title].
fn counted_section(
    flow: &mut Flow,
    [heading, name_column, chart_title]: [&str; 3],
    counts: &[NamedCount],
    total: u64,
    shown: usize,
) {
    labelled(flow, heading);
    count_table(
        flow,
        [name_column, "Số sản phẩm", "Tỷ lệ"],
        &named_rows(counts, total, shown),
    );
    let bars: Vec<Bar> = counts
        .iter()
        .take(shown)
        .map(|n| Bar::new(n.label.clone(), n.count))
        .collect();
    charts::horizontal(flow, chart_title, &bars);
}

/// A bold line kept with the table under it.
fn labelled(flow: &mut Flow, text: &str) {
    flow.ensure(34.0);
    flow.paragraph(&BOLD, Align::Left, 0.0, text);
}

fn year_table(flow: &mut Flow, r: &ProgrammeReport) {
    flow.ensure(26.0);
    let width = flow.content_width();
    let w = (width - 25.0) / 5.0;
    let header = ["Năm", "Công nhận", "3 sao", "4 sao", "5 sao", "Đến hạn"];
    let table = Table::new(vec![25.0, w, w, w, w, w]).with_header(
        Row::new(
            header
                .iter()
                .map(|h| Cell::text(*h, TABLE_BOLD).align(Align::Centre))
                .collect(),
        )
        .fill(Colour::LIGHT_FILL),
    );
    if let Some(h) = &table.header {
        let h = h.clone().keep_with_next(8.0);
        flow.row(&table, &h);
    }
    for y in &r.by_year {
        let values = [
            y.certified.total,
            y.certified.stars_3,
            y.certified.stars_4,
            y.certified.stars_5,
            y.expiring,
        ];
        let mut cells = vec![Cell::text(y.year.to_string(), TABLE).align(Align::Centre)];
        cells.extend(
            values
                .iter()
                .map(|v| Cell::text(v.to_string(), TABLE).align(Align::Centre)),
        );
        flow.row(&table, &Row::new(cells));
    }
    flow.gap(3.0);
}

fn producers_section(flow: &mut Flow, r: &ProgrammeReport) {
    section(flow, "II. CHỦ THỂ SẢN PHẨM OCOP");
    sentence(flow, &report_text::producers_sentence(r));
    let mut rows: Vec<(String, u64, Option<Share>)> = r
        .by_legal_form
        .iter()
        .map(|f| (f.label_vi.to_string(), f.producers.count, Some(f.producers)))
        .collect();
    rows.push(("Tổng số chủ thể".into(), r.producers, None));
    count_table(flow, ["Loại hình chủ thể", "Số chủ thể", "Tỷ lệ"], &rows);
}

fn management_section(flow: &mut Flow, r: &ProgrammeReport) {
    section(flow, "III. ĐÁNH GIÁ LẠI, NÂNG HẠNG, HẾT HẠN VÀ THU HỒI");
    sentence(flow, &report_text::management_sentence(r));
    let period = r.certified_in_period.total;
    let rows = vec![
        ("Công nhận trong kỳ".to_string(), period, None),
        (
            "   – đăng ký mới".into(),
            r.registrations.new,
            Some(Share::new(r.registrations.new, period)),
        ),
        (
            "   – nâng hạng".into(),
            r.registrations.upgrade,
            Some(Share::new(r.registrations.upgrade, period)),
        ),
        (
            "   – đánh giá lại".into(),
            r.registrations.re_evaluation,
            Some(Share::new(r.registrations.re_evaluation, period)),
        ),
        ("Hết hạn chưa đánh giá lại (lũy kế)".into(), r.lapsed, None),
        ("Bị thu hồi (lũy kế)".into(), r.revoked, None),
        (
            "Sẽ hết hạn trong 30 ngày".into(),
            r.expiring_within_30_days,
            None,
        ),
        (
            "Sẽ hết hạn trong 90 ngày".into(),
            r.expiring_within_90_days,
            None,
        ),
    ];
    count_table(flow, ["Nội dung", "Số sản phẩm", "Tỷ lệ"], &rows);
    if !r.rounds.is_empty() {
        labelled(flow, "Các đợt đánh giá trong kỳ:");
        let rows: Vec<_> = r
            .rounds
            .iter()
            .map(|n| (n.label.clone(), n.count, Some(Share::new(n.count, period))))
            .collect();
        count_table(flow, ["Đợt", "Số sản phẩm", "Tỷ lệ"], &rows);
    }
}

fn readings(flow: &mut Flow, r: &ProgrammeReport) {
    flow.ensure(25.0);
    flow.gap(3.0);
    let label = TextStyle::new(Face::SerifBold, 10.5);
    flow.paragraph(
        &label,
        Align::Left,
        0.0,
        "Ghi chú (cách hiểu của phần mềm, cơ quan soạn báo cáo kiểm tra và sửa nếu cần):",
    );
    for reading in &r.readings {
        flow.bullet(&SMALL, 4.0, "–", reading);
    }
}
