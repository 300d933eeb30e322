//! The producers' notice letters before their certificates expire, as PDF: one
//! letter per producer (ND30 Mẫu 1.4 "THÔNG BÁO": the issuer's heading, the title,
//! "Kính gửi", the rule that calls for the letter, the table of certificates, what
//! happens after expiry, how to re-apply, "Nơi nhận" and the signature). No national
//! template exists: the wording is our reading, so each letter is marked DỰ THẢO
//! for the office to check (official-documents.md §5).

use printpdf::PdfDocument;

use super::canvas::{Align, Canvas, Colour, TextStyle, Typesetter};
use super::decision::ND30_MARGINS;
use super::flow::{Cell, Flow, Margins, Row, Table};
use super::fonts::Face;
use super::heading::{PAGE_H, PAGE_W, issuer_heading, place_date_line};
use super::programme_report::ReportHeading;
use super::{DocAssets, PdfError, save};
use crate::domain::catalogue::notice::NoticeLetter;

const M: Margins = ND30_MARGINS;
const BODY: TextStyle = TextStyle::new(Face::Serif, 13.0);
const BOLD: TextStyle = TextStyle::new(Face::SerifBold, 13.0);
const TABLE: TextStyle = TextStyle::new(Face::Serif, 10.5);
const TABLE_BOLD: TextStyle = TextStyle::new(Face::SerifBold, 10.5);

/// Who signs the letters (from the document settings).
#[derive(Debug, Clone)]
pub struct Signature {
    pub title_lines: Vec<String>,
    pub name: String,
}

/// All letters in one PDF, each starting on a new page.
pub fn render_notices(
    letters: &[NoticeLetter],
    heading: &ReportHeading,
    signature: &Signature,
    assets: &DocAssets,
) -> Result<Vec<u8>, PdfError> {
    if letters.is_empty() {
        return Err(PdfError::Invalid(
            "no certificate expires in the window".into(),
        ));
    }
    let mut doc = PdfDocument::new("Thông báo hết hạn Giấy chứng nhận sản phẩm OCOP");
    let fonts = assets.fonts.register(&mut doc);
    let typesetter = Typesetter {
        fonts: assets.fonts.clone(),
    };
    let mut flow = Flow::new(Canvas::new(PAGE_W, PAGE_H, fonts, typesetter), M);
    for (i, letter) in letters.iter().enumerate() {
        if i > 0 {
            flow.new_page();
        }
        letter_ui(&mut flow, letter, heading, signature);
    }
    let pages = flow.finish(|_, _, _| {});
    Ok(save(
        doc,
        pages.into_iter().map(Canvas::into_page).collect(),
    ))
}

fn letter_ui(flow: &mut Flow, letter: &NoticeLetter, h: &ReportHeading, signature: &Signature) {
    letter_heading(flow, letter, h);
    flow.gap(4.0);
    rule_paragraph(flow, letter, h);
    flow.gap(3.0);
    certificates_table(flow, letter);
    flow.gap(3.0);
    after_expiry(flow);
    flow.gap(4.0);
    recipients_and_signature(flow, signature);
}

/// The issuer's heading (number left blank), the title and "Kính gửi" the producer.
fn letter_heading(flow: &mut Flow, letter: &NoticeLetter, h: &ReportHeading) {
    let top = flow.y;
    // A letter drafted for the officials to number and sign.
    let date = place_date_line(&h.place, h.dated);
    let y = issuer_heading(
        flow.canvas(),
        top,
        &M,
        &h.issuer_lines,
        "Số:        /TB-UBND",
        &date,
        true,
    );
    flow.y = y + 12.0;
    let title = TextStyle::new(Face::SerifBold, 14.0);
    flow.paragraph(&title, Align::Centre, 0.0, "THÔNG BÁO");
    flow.paragraph(
        &BOLD,
        Align::Centre,
        0.0,
        "Về việc hết hạn Giấy chứng nhận sản phẩm OCOP",
    );
    flow.gap(5.0);
    flow.paragraph(
        &BODY,
        Align::Centre,
        0.0,
        &format!("Kính gửi: {}", letter.producer_name),
    );
    if !letter.address.is_empty() {
        flow.paragraph(&BODY, Align::Centre, 0.0, &format!("({})", letter.address));
    }
}

/// The rule that calls for the letter (QĐ 148, amended by QĐ 1489 from 06/07/2025)
/// and how many certificates it is about.
fn rule_paragraph(flow: &mut Flow, letter: &NoticeLetter, h: &ReportHeading) {
    let n = letter.items.len();
    flow.paragraph(
        &BODY,
        Align::Left,
        10.0,
        &format!(
            "Căn cứ Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023 của Thủ tướng Chính phủ{}, chậm nhất 30 ngày trước ngày hết thời hạn 36 tháng, cơ quan ban hành Quyết định công nhận thông báo cho chủ thể về thời hạn của Giấy chứng nhận. {} thông báo {} Giấy chứng nhận sản phẩm OCOP của đơn vị sắp hết hạn như sau:",
            // 1489/QĐ-TTg amends 148 from 06/07/2025 on.
            if h.dated >= chrono::NaiveDate::from_ymd_opt(2025, 7, 6).unwrap_or(chrono::NaiveDate::MAX) {
                " (được sửa đổi, bổ sung bởi Quyết định số 1489/QĐ-TTg ngày 06 tháng 7 năm 2025)"
            } else {
                ""
            },
            if h.province.trim().is_empty() {
                "Cơ quan cấp Giấy chứng nhận".to_owned()
            } else {
                format!("Ủy ban nhân dân tỉnh {}", h.province.trim())
            },
            n
        ),
    );
}

/// The certificates that expire: product, stars, number, decision, expiry.
fn certificates_table(flow: &mut Flow, letter: &NoticeLetter) {
    let header = [
        "STT",
        "Tên sản phẩm",
        "Sao",
        "Số Giấy chứng nhận",
        "Quyết định công nhận",
        "Hết hạn",
    ];
    let table = Table::new(vec![12.0, 33.0, 13.0, 45.0, 37.0, 25.0]).with_header(
        Row::new(
            header
                .iter()
                .map(|t| Cell::text(*t, TABLE_BOLD).align(Align::Centre))
                .collect(),
        )
        .fill(Colour::LIGHT_FILL),
    );
    if let Some(hr) = &table.header {
        flow.row(&table, &hr.clone().keep_with_next(8.0));
    }
    for (i, item) in letter.items.iter().enumerate() {
        let cells = vec![
            Cell::text((i + 1).to_string(), TABLE).align(Align::Centre),
            Cell::text(&item.product_name, TABLE),
            Cell::text(format!("{} sao", item.stars), TABLE).align(Align::Centre),
            Cell::text(&item.certificate_number, TABLE),
            Cell::text(
                format!(
                    "{} ngày {}",
                    item.decision_no,
                    item.decision_date.format("%d/%m/%Y")
                ),
                TABLE,
            ),
            Cell::text(item.valid_until.format("%d/%m/%Y").to_string(), TABLE).align(Align::Centre),
        ];
        flow.row(&table, &Row::new(cells));
    }
}

/// What happens after expiry, and how to apply for re-evaluation.
fn after_expiry(flow: &mut Flow) {
    for text in [
        "Sau ngày hết hạn, sản phẩm không còn được sử dụng Giấy chứng nhận, biểu trưng (logo) OCOP và số sao trên bao bì, nhãn sản phẩm; việc tiếp tục sử dụng sẽ bị xử lý theo Quyết định số 1162/QĐ-VPĐP-OCOP ngày 17/9/2020 và quy định của tỉnh.",
        "Đề nghị đơn vị chuẩn bị hồ sơ đề nghị đánh giá lại (phiếu đăng ký và báo cáo tự đánh giá cập nhật những thay đổi trong 03 năm về nguyên liệu, thị trường, công bố chất lượng…) và gửi về cơ quan thường trực Chương trình OCOP của tỉnh trước ngày hết hạn.",
    ] {
        flow.paragraph(&BODY, Align::Left, 10.0, text);
        flow.gap(2.0);
    }
}

/// "Nơi nhận" on the left, the signatory's title and name on the right.
fn recipients_and_signature(flow: &mut Flow, signature: &Signature) {
    flow.ensure(45.0);
    let top = flow.y;
    let left = flow.left();
    let label = TextStyle::new(Face::SerifBold, 12.0);
    let recipients = TextStyle::new(Face::Serif, 11.0);
    let canvas = flow.canvas();
    canvas.text(left, top + 4.0, &label, Align::Left, "Nơi nhận:");
    for (i, line) in [
        "- Như trên;",
        "- UBND xã, phường nơi có sản phẩm;",
        "- Lưu: VT.",
    ]
    .iter()
    .enumerate()
    {
        canvas.text(
            left,
            top + 9.0 + 4.6 * i as f32,
            &recipients,
            Align::Left,
            line,
        );
    }
    let sx = PAGE_W - M.right - 38.0;
    let mut sy = top + 4.0;
    for line in &signature.title_lines {
        canvas.text(sx, sy, &BOLD, Align::Centre, line);
        sy += 5.6;
    }
    canvas.text(sx, sy + 22.0, &BOLD, Align::Centre, &signature.name);
    flow.y = sy + 28.0;
}
