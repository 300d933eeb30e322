//! A member's scoring sheet (phiếu đánh giá) as the member signs it: the header
//! (council, round, product, code, producer, address, member and role), the
//! disqualification clause, every criterion of the product set with its options,
//! the chosen option ticked, star marks, points, subtotals per section and part,
//! the total, comments, and the member's signature block. Pages are numbered
//! "Trang x/y" per sheet; several sheets go into one PDF, each from a new page.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use printpdf::PdfDocument;

use super::canvas::{Align, Canvas, Colour, TextStyle, Typesetter};
use super::flow::{BASELINE_IN_LINE, Cell, Flow, Margins, Row, Table};
use super::fonts::Face;
use super::heading::{A4_PORTRAIT_MARGINS, PAGE_H, PAGE_W, administrative_heading};
use super::text_vi::{place_and_date, stars_text};
use super::{DocAssets, PdfError, save};
use crate::domain::criteria::{
    CriteriaSheet, Criterion, CriterionId, NONE_APPLIES_VI, NoteKind, Part, Section,
};
use crate::domain::mean::Mean;
use crate::domain::score::{self, SheetAnswers, SheetScore};
use crate::domain::stars::band_for;

/// The facts printed above the criteria.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetHeader {
    /// The issuing body's lines, top-left (e.g. "UBND TỈNH SÓC TRĂNG",
    /// "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP").
    pub council_heading: Vec<String>,
    pub round_name: String,
    pub product_name: String,
    pub product_code: Option<String>,
    pub producer_name: String,
    pub producer_address: String,
    pub member_name: String,
    /// The member's role as printed, e.g. "Ủy viên".
    pub member_role: String,
    /// For "Sóc Trăng, ngày … tháng … năm …" above the signature.
    pub place_name: String,
    /// The scoring date; `None` leaves blanks to fill in by hand.
    pub date: Option<NaiveDate>,
    /// A draft is marked as such; only submitted sheets count.
    pub submitted: bool,
}

/// One member's sheet for one product.
#[derive(Debug, Clone)]
pub struct SheetPdfData {
    pub criteria: Arc<CriteriaSheet>,
    pub header: SheetHeader,
    pub answers: SheetAnswers,
    /// Comments per criterion (printed under the criterion).
    pub comments: BTreeMap<CriterionId, String>,
    /// A comment on the whole sheet (printed after the total).
    pub general_comment: Option<String>,
}

/// The clause printed on every QĐ 148 sheet (ocop-domain.md §1.4).
pub const DISQUALIFICATION_CLAUSE: &str = "Hồ sơ bị loại khi: hồ sơ giả mạo; hoặc không đáp ứng đầy đủ quy định về Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hoặc tương đương); hoặc hồ sơ tự công bố sản phẩm, ghi nhãn sản phẩm không theo quy định; hoặc hồ sơ không đáp ứng yêu cầu đầu vào.";

const MARGINS: Margins = A4_PORTRAIT_MARGINS;
/// Height of the signature block: place and date, role, room to sign, name.
const SIGNATURE_MM: f32 = 40.0;
/// Criterion | star mark | points | choice.
const COLUMNS: [f32; 4] = [119.0, 16.0, 20.0, 20.0];

const BODY: TextStyle = TextStyle::new(Face::Serif, 9.5);
const BODY_BOLD: TextStyle = TextStyle::new(Face::SerifBold, 9.5);
const NOTE: TextStyle = TextStyle::new(Face::Serif, 8.5).coloured(Colour::GREY);
const KNOCKOUT: TextStyle = TextStyle::new(Face::Serif, 8.5).coloured(Colour::RED);
const MARK: TextStyle = TextStyle::new(Face::Sans, 8.0).coloured(Colour::GOLD_DARK);

/// Renders sheets into one PDF, each starting on a new page with its own
/// "Trang x/y". Every sheet is checked first; answers that do not belong to the
/// sheet's criteria are refused, naming the product and member.
pub fn render_sheets(sheets: &[SheetPdfData], assets: &DocAssets) -> Result<Vec<u8>, PdfError> {
    if sheets.is_empty() {
        return Err(PdfError::Invalid("no sheet to print".into()));
    }
    let mut scores = Vec::with_capacity(sheets.len());
    let mut problems = Vec::new();
    for sheet in sheets {
        match score::score(&sheet.criteria, &sheet.answers) {
            Ok(s) => scores.push(s),
            Err(errors) => problems.push(format!(
                "sheet of {} for {}: {}",
                sheet.header.member_name,
                sheet.header.product_name,
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        }
    }
    if !problems.is_empty() {
        return Err(PdfError::Invalid(problems.join("\n")));
    }
    let title = match sheets {
        [one] => format!(
            "Phiếu đánh giá sản phẩm OCOP – {} – {}",
            one.header.product_name, one.header.member_name
        ),
        _ => format!("Phiếu đánh giá sản phẩm OCOP ({} phiếu)", sheets.len()),
    };
    let mut doc = PdfDocument::new(&title);
    let fonts = assets.fonts.register(&mut doc);
    let typesetter = Typesetter {
        fonts: assets.fonts.clone(),
    };
    let mut pages = Vec::new();
    for (sheet, score) in sheets.iter().zip(&scores) {
        let first = Canvas::new(PAGE_W, PAGE_H, fonts.clone(), typesetter.clone());
        for canvas in sheet_pages(first, sheet, score) {
            pages.push(canvas.into_page());
        }
    }
    Ok(save(doc, pages))
}

fn sheet_pages(first: Canvas, sheet: &SheetPdfData, score: &SheetScore) -> Vec<Canvas> {
    let mut flow = Flow::new(first, MARGINS);
    let header = &sheet.header;
    let running = format!(
        "Phiếu đánh giá · {} · {}",
        header.product_name, header.member_name
    );
    title_block(&mut flow, sheet);
    criteria_table(&mut flow, sheet, score);
    closing(&mut flow, sheet, score);
    flow.finish(|canvas, page, total| {
        let style = TextStyle::new(Face::Serif, 8.0).coloured(Colour::GREY);
        let y = PAGE_H - 10.0;
        canvas.text(MARGINS.left, y, &style, Align::Left, &running);
        canvas.text(
            PAGE_W - MARGINS.right,
            y,
            &TextStyle::new(Face::Serif, 9.0),
            Align::Right,
            &format!("Trang {page}/{total}"),
        );
    })
}

fn title_block(flow: &mut Flow, sheet: &SheetPdfData) {
    let header = &sheet.header;
    let top = flow.y;
    flow.y = administrative_heading(flow.canvas(), top, &header.council_heading) + 5.0;

    let title = TextStyle::new(Face::SerifBold, 14.0);
    flow.paragraph(&title, Align::Centre, 0.0, "PHIẾU ĐÁNH GIÁ SẢN PHẨM OCOP");
    let set = &sheet.criteria.product_set;
    flow.paragraph(
        &TextStyle::new(Face::SerifBold, 10.5),
        Align::Centre,
        0.0,
        &format!("Bộ sản phẩm {}: {}", set.number, set.name_vi),
    );
    flow.paragraph(
        &NOTE,
        Align::Centre,
        0.0,
        &format!(
            "(Theo Quyết định số {} ngày {})",
            sheet.criteria.criteria_set.instrument_short,
            format_iso_date(&sheet.criteria.criteria_set.issued)
        ),
    );
    if !header.submitted {
        flow.paragraph(
            &TextStyle::new(Face::SerifBold, 10.5).coloured(Colour::RED),
            Align::Centre,
            0.0,
            "BẢN NHÁP – phiếu chưa nộp, không dùng để tính điểm",
        );
    }
    flow.gap(3.0);

    let label = BODY;
    let value = BODY_BOLD;
    let facts: Vec<(&str, String)> = vec![
        ("Đợt đánh giá:", header.round_name.clone()),
        ("Tên sản phẩm:", header.product_name.clone()),
        (
            "Mã sản phẩm:",
            header
                .product_code
                .clone()
                .filter(|c| !c.trim().is_empty())
                .unwrap_or_else(|| "……………………".into()),
        ),
        ("Tên chủ thể:", header.producer_name.clone()),
        (
            "Địa chỉ:",
            if header.producer_address.trim().is_empty() {
                "……………………………………………………".into()
            } else {
                header.producer_address.clone()
            },
        ),
        (
            "Thành viên hội đồng:",
            format!("{} ({})", header.member_name, header.member_role),
        ),
    ];
    let mut facts_table = Table::new(vec![38.0, 137.0]);
    facts_table.border_pt = 0.0;
    facts_table.padding_y_mm = 0.4;
    facts_table.padding_x_mm = 0.0;
    for (name, text) in facts {
        flow.row(
            &facts_table,
            &Row::new(vec![Cell::text(name, label), Cell::text(text, value)]),
        );
    }
    flow.gap(2.0);

    // The disqualification clause, boxed.
    let clause_style = TextStyle::new(Face::Serif, 9.0);
    let mut clause = Table::new(vec![175.0]);
    clause.padding_y_mm = 1.4;
    clause.padding_x_mm = 2.0;
    flow.row(
        &clause,
        &Row::new(vec![Cell::text(DISQUALIFICATION_CLAUSE, clause_style)]).fill(Colour::PALE_FILL),
    );
    flow.gap(3.0);
}

/// "2023-02-24" → "24/02/2023" (left as it is when it is not a date).
fn format_iso_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(super::text_vi::date_short)
        .unwrap_or_else(|_| iso.to_owned())
}

/// "★★★★" for a mark of 4 (DejaVu Sans draws the star).
fn mark_text(mark: Option<u8>) -> String {
    mark.map(|n| "★".repeat(usize::from(n))).unwrap_or_default()
}

fn criteria_table(flow: &mut Flow, sheet: &SheetPdfData, score: &SheetScore) {
    let header_style = TextStyle::new(Face::SerifBold, 9.0);
    let table = Table::new(COLUMNS.to_vec()).with_header(
        Row::new(vec![
            Cell::text("Tiêu chí đánh giá", header_style).align(Align::Centre),
            Cell::text("Sao", header_style).align(Align::Centre),
            Cell::text("Điểm", header_style).align(Align::Centre),
            Cell::text("Chấm", header_style).align(Align::Centre),
        ])
        .fill(Colour::LIGHT_FILL),
    );
    if let Some(header) = &table.header {
        flow.row(&table, header);
    }
    for part in &sheet.criteria.parts {
        part_rows(flow, &table, sheet, score, part);
    }
    let total_style = TextStyle::new(Face::SerifBold, 10.5);
    let max_total: u32 = sheet.criteria.parts.iter().map(|p| p.max_points).sum();
    flow.row(
        &table,
        &Row::new(vec![
            Cell::text("TỔNG ĐIỂM (A + B + C)", total_style).span(2),
            Cell::text(max_total.to_string(), total_style).align(Align::Centre),
            Cell::text(score.total.to_string(), total_style).align(Align::Centre),
        ])
        .fill(Colour::LIGHT_FILL),
    );
}

fn part_rows(
    flow: &mut Flow,
    table: &Table,
    sheet: &SheetPdfData,
    score: &SheetScore,
    part: &Part,
) {
    let part_style = TextStyle::new(Face::SerifBold, 10.0);
    flow.row(
        table,
        &Row::new(vec![
            Cell::text(
                format!("PHẦN {} – {}", part.code, part.title_vi),
                part_style,
            )
            .span(2),
            Cell::text(part.max_points.to_string(), part_style).align(Align::Centre),
            Cell::text("", part_style),
        ])
        .fill(Colour::LIGHT_FILL)
        .keep_with_next(22.0),
    );
    for section in &part.sections {
        section_rows(flow, table, sheet, score, section);
    }
    let obtained = score.part(&part.code).map_or(0, |s| s.points);
    flow.row(
        table,
        &Row::new(vec![
            Cell::text(format!("Cộng phần {}", part.code), part_style)
                .span(2)
                .align(Align::Right),
            Cell::text(part.max_points.to_string(), part_style).align(Align::Centre),
            Cell::text(obtained.to_string(), part_style).align(Align::Centre),
        ])
        .fill(Colour::LIGHT_FILL),
    );
}

fn section_rows(
    flow: &mut Flow,
    table: &Table,
    sheet: &SheetPdfData,
    score: &SheetScore,
    section: &Section,
) {
    let style = TextStyle::new(Face::SerifBold, 9.5);
    flow.row(
        table,
        &Row::new(vec![
            Cell::text(format!("{}. {}", section.number, section.title_vi), style).span(2),
            Cell::text(section.max_points.to_string(), style).align(Align::Centre),
            Cell::text("", style),
        ])
        .fill(Colour::PALE_FILL)
        .keep_with_next(16.0),
    );
    for note in &section.notes {
        note_row(flow, table, note.kind, &note.text_vi);
    }
    for criterion in &section.criteria {
        criterion_rows(flow, table, sheet, score, section, criterion);
    }
    let obtained = score.section(&section.id).map_or(0, |s| s.points);
    flow.row(
        table,
        &Row::new(vec![
            Cell::text(format!("Cộng mục {}", section.number), BODY_BOLD)
                .span(2)
                .align(Align::Right),
            Cell::text(section.max_points.to_string(), BODY_BOLD).align(Align::Centre),
            Cell::text(obtained.to_string(), BODY_BOLD).align(Align::Centre),
        ]),
    );
}

fn note_row(flow: &mut Flow, table: &Table, kind: NoteKind, text: &str) {
    let style = match kind {
        NoteKind::Knockout => KNOCKOUT,
        NoteKind::Note => NOTE,
    };
    flow.row(
        table,
        &Row::new(vec![Cell::text(text, style).span(4).indent(4.0)]),
    );
}

fn criterion_rows(
    flow: &mut Flow,
    table: &Table,
    sheet: &SheetPdfData,
    score: &SheetScore,
    section: &Section,
    criterion: &Criterion,
) {
    let chosen = sheet.answers.choices.get(&criterion.id);
    let obtained = score
        .criterion_points
        .get(&criterion.id)
        .map_or_else(|| "–".to_owned(), ToString::to_string);
    let max = criterion
        .max_points
        .unwrap_or_else(|| criterion.best_points());
    flow.row(
        table,
        &Row::new(vec![
            Cell::text(
                format!("{}) {}", criterion.letter, criterion.display_title(section)),
                BODY_BOLD,
            )
            .indent(2.0),
            Cell::text(mark_text(criterion.star_mark), MARK).align(Align::Centre),
            Cell::text(max.to_string(), BODY_BOLD).align(Align::Centre),
            Cell::text(obtained, BODY_BOLD).align(Align::Centre),
        ])
        .keep_with_next(7.0),
    );
    for note in &criterion.notes {
        note_row(flow, table, note.kind, &note.text_vi);
    }
    for option in &criterion.options {
        option_row(
            flow,
            table,
            &option.label_vi,
            option.star_mark,
            option.points,
            chosen == Some(&option.id),
        );
    }
    // The synthetic "none applies (0)" choice is printed only when it was chosen.
    if !criterion.has_zero_option() && chosen == Some(&criterion.none_applies_id()) {
        option_row(flow, table, NONE_APPLIES_VI, None, 0, true);
    }
    if let Some(comment) = sheet
        .comments
        .get(&criterion.id)
        .filter(|c| !c.trim().is_empty())
    {
        flow.row(
            table,
            &Row::new(vec![
                Cell::text(
                    format!("Nhận xét: {}", comment.trim()),
                    NOTE.coloured(Colour::BLACK),
                )
                .span(4)
                .indent(6.0),
            ]),
        );
    }
}

fn option_row(
    flow: &mut Flow,
    table: &Table,
    label: &str,
    mark: Option<u8>,
    points: u32,
    chosen: bool,
) {
    let style = if chosen { BODY_BOLD } else { BODY };
    flow.row(
        table,
        &Row::new(vec![
            Cell::text(label, style).indent(6.0),
            Cell::text(mark_text(mark), MARK).align(Align::Centre),
            Cell::text(points.to_string(), style).align(Align::Centre),
            Cell::check_box(chosen, style),
        ]),
    );
}

fn closing(flow: &mut Flow, sheet: &SheetPdfData, score: &SheetScore) {
    flow.gap(3.0);
    let mut summary = if score.is_complete() {
        let band = Mean::new(u64::from(score.total), 1).map_or(1, band_for);
        format!(
            "Tổng điểm của phiếu: {}/100 điểm, tương ứng hạng {} theo thang điểm (kết quả của Hội đồng là điểm trung bình của các phiếu hợp lệ).",
            score.total,
            stars_text(band)
        )
    } else {
        format!(
            "Phiếu chưa chấm đủ: còn {} tiêu chí chưa chọn ({}). Tổng điểm tạm tính: {}.",
            score.unanswered.len(),
            score
                .unanswered
                .iter()
                .map(|c| c.0.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            score.total
        )
    };
    if let Some(comment) = sheet
        .general_comment
        .as_ref()
        .filter(|c| !c.trim().is_empty())
    {
        summary.push_str(&format!("\nÝ kiến khác: {}", comment.trim()));
    }
    // The summary stays on the page of the signature: a signature never stands alone.
    let width = flow.content_width();
    let summary_lines = flow.canvas().typesetter.wrap(&BODY, &summary, width);
    flow.ensure(summary_lines.len() as f32 * BODY.line_height_mm() + 4.0 + SIGNATURE_MM);
    let left = flow.left();
    flow.lines(&BODY, Align::Left, left, width, &summary_lines);

    // The signature block stays whole: place and date, role, room to sign, name.
    flow.gap(4.0);
    flow.ensure(SIGNATURE_MM);
    let cx = PAGE_W - MARGINS.right - 45.0;
    let header = &sheet.header;
    let y = flow.y;
    let canvas = flow.canvas();
    let regular = TextStyle::new(Face::Serif, 10.0);
    let bold = TextStyle::new(Face::SerifBold, 10.5);
    let lh = regular.line_height_mm();
    canvas.text(
        cx,
        y + lh * BASELINE_IN_LINE,
        &regular,
        Align::Centre,
        &place_and_date(&header.place_name, header.date),
    );
    canvas.text(
        cx,
        y + lh * BASELINE_IN_LINE + 5.5,
        &bold,
        Align::Centre,
        "THÀNH VIÊN HỘI ĐỒNG",
    );
    canvas.text(
        cx,
        y + lh * BASELINE_IN_LINE + 10.0,
        &NOTE,
        Align::Centre,
        "(Ký, ghi rõ họ tên)",
    );
    canvas.text(cx, y + 36.0, &bold, Align::Centre, &header.member_name);
    flow.y = y + SIGNATURE_MM;
}
