//! The minutes' pages: opening, attendance, the score table, the council's notes
//! per product, the conclusion and the signatures, flowing over A4 pages.

use printpdf::PdfDocument;

use super::{MemberScore, MinutesData, MinutesProduct, MinutesRules};
use crate::domain::council::{Certification, ResultState};
use crate::pdf::canvas::{Align, Canvas, Colour, TextStyle, Typesetter};
use crate::pdf::flow::{BASELINE_IN_LINE, Cell, Flow, Margins, Row, Table};
use crate::pdf::fonts::Face;
use crate::pdf::heading::{A4_PORTRAIT_MARGINS, PAGE_H, PAGE_W, administrative_heading};
use crate::pdf::text_vi::{date_long, place_and_date};
use crate::pdf::{DocAssets, PdfError, save};

const MARGINS: Margins = A4_PORTRAIT_MARGINS;
const BODY: TextStyle = TextStyle::new(Face::Serif, 10.5);
const BODY_BOLD: TextStyle = TextStyle::new(Face::SerifBold, 10.5);
const SMALL: TextStyle = TextStyle::new(Face::Serif, 9.0);
const SMALL_BOLD: TextStyle = TextStyle::new(Face::SerifBold, 9.0);
const NOTE: TextStyle = TextStyle::new(Face::Serif, 9.0).coloured(Colour::GREY);

/// The minutes as a PDF.
pub(super) fn render(data: &MinutesData, assets: &DocAssets) -> Result<Vec<u8>, PdfError> {
    let voting = data.members.iter().filter(|m| m.voting).count();
    if let Some(p) = data.products.iter().find(|p| p.scores.len() != voting) {
        return Err(PdfError::Invalid(format!(
            "minutes: product {} has {} member scores for {voting} voting members",
            p.name,
            p.scores.len()
        )));
    }
    let mut doc = PdfDocument::new(&format!("Biên bản họp Hội đồng – {}", data.round_name));
    let fonts = assets.fonts.register(&mut doc);
    let typesetter = Typesetter {
        fonts: assets.fonts.clone(),
    };
    let first = Canvas::new(PAGE_W, PAGE_H, fonts, typesetter);
    let mut flow = Flow::new(first, MARGINS);
    opening(&mut flow, data);
    attendance(&mut flow, data);
    score_table(&mut flow, data);
    product_notes(&mut flow, data);
    conclusion(&mut flow, data);
    signatures(&mut flow, data);
    let footer_text = format!("Biên bản họp Hội đồng · {}", data.round_name);
    let pages = flow.finish(|canvas, page, total| {
        let y = PAGE_H - 10.0;
        canvas.text(MARGINS.left, y, &NOTE, Align::Left, &footer_text);
        canvas.text(
            PAGE_W - MARGINS.right,
            y,
            &SMALL,
            Align::Right,
            &format!("Trang {page}/{total}"),
        );
    });
    Ok(save(
        doc,
        pages.into_iter().map(Canvas::into_page).collect(),
    ))
}

fn heading(flow: &mut Flow, text: &str) {
    flow.gap(2.5);
    flow.ensure(20.0);
    flow.paragraph(&BODY_BOLD, Align::Left, 0.0, text);
    flow.gap(1.0);
}

fn opening(flow: &mut Flow, data: &MinutesData) {
    let top = flow.y;
    let below = administrative_heading(flow.canvas(), top, &data.council_heading);
    // The place and date sit under the national heading, as on every official document.
    let date_style = TextStyle::new(Face::Serif, 10.5);
    let right_x = PAGE_W - MARGINS.right - 52.0;
    flow.canvas().text(
        right_x,
        top + 16.5,
        &date_style,
        Align::Centre,
        &place_and_date(&data.place_name, data.meeting_date),
    );
    flow.y = below.max(top + 19.0) + 5.0;
    flow.paragraph(
        &TextStyle::new(Face::SerifBold, 14.0),
        Align::Centre,
        0.0,
        "BIÊN BẢN",
    );
    flow.paragraph(
        &TextStyle::new(Face::SerifBold, 11.5),
        Align::Centre,
        0.0,
        "Họp Hội đồng đánh giá, phân hạng sản phẩm OCOP",
    );
    flow.paragraph(&BODY, Align::Centre, 0.0, &data.round_name);
    flow.gap(4.0);
    let when = data
        .meeting_date
        .map_or_else(|| "ngày …… tháng …… năm ………".to_owned(), date_long);
    let place = data
        .meeting_place
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or("……………………………………");
    flow.paragraph(
        &BODY,
        Align::Left,
        0.0,
        &format!(
            "Hôm nay, {when}, tại {place}, Hội đồng đánh giá, phân hạng sản phẩm OCOP họp đánh giá, phân hạng {} sản phẩm của {} theo Bộ tiêu chí ban hành kèm theo Quyết định số {}.",
            data.products.len(),
            data.round_name,
            data.criteria_instrument
        ),
    );
}

fn attendance(flow: &mut Flow, data: &MinutesData) {
    heading(flow, "I. THÀNH PHẦN THAM DỰ");
    let header_style = SMALL_BOLD;
    let table = Table::new(vec![11.0, 62.0, 50.0, 22.0, 30.0]).with_header(
        Row::new(
            [
                "STT",
                "Họ và tên",
                "Chức danh trong Hội đồng",
                "Chấm điểm",
                "Tham dự",
            ]
            .into_iter()
            .map(|h| Cell::text(h, header_style).align(Align::Centre))
            .collect(),
        )
        .fill(Colour::LIGHT_FILL),
    );
    if let Some(h) = &table.header {
        flow.row(&table, h);
    }
    for (i, m) in data.members.iter().enumerate() {
        let present = match m.present {
            Some(true) => "Có mặt",
            Some(false) => "Vắng mặt",
            None => "",
        };
        flow.row(
            &table,
            &Row::new(vec![
                Cell::text((i + 1).to_string(), SMALL).align(Align::Centre),
                Cell::text(&m.name, SMALL),
                Cell::text(&m.role, SMALL),
                Cell::text(if m.voting { "Có" } else { "Không" }, SMALL).align(Align::Centre),
                Cell::text(present, SMALL).align(Align::Centre),
            ]),
        );
    }
    let voting = data.members.iter().filter(|m| m.voting).count();
    let chair = if data.rules.quorum_requires_chair {
        ", trong đó có Chủ tịch Hội đồng (Phó Chủ tịch thay khi Chủ tịch không chấm sản phẩm đó; khi không có Phó Chủ tịch thay, thành viên được Hội đồng cử chủ trì sản phẩm đó)"
    } else {
        ""
    };
    flow.gap(1.5);
    flow.paragraph(
        &BODY,
        Align::Left,
        0.0,
        &format!(
            "Số thành viên có quyền chấm điểm: {voting}. Kết quả của một sản phẩm chỉ được công nhận khi ít nhất {} số thành viên có quyền chấm (không kể thành viên không chấm sản phẩm đó; số phiếu cần có làm tròn lên) đã nộp phiếu{chair}.",
            data.rules.quorum
        ),
    );
}

fn stars_cell(p: &MinutesProduct) -> String {
    match p.state {
        ResultState::Disqualified => "Loại".into(),
        ResultState::NotScored => "–".into(),
        _ if p.band.is_some_and(|b| b > p.stars) => format!("{} sao*", p.stars),
        _ => format!("{} sao", p.stars),
    }
}

fn score_table(flow: &mut Flow, data: &MinutesData) {
    heading(flow, "II. KẾT QUẢ CHẤM ĐIỂM");
    // Member columns are numbered by the member's row in the attendance table.
    let voting_numbers: Vec<usize> = data
        .members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.voting)
        .map(|(i, _)| i + 1)
        .collect();
    let n = voting_numbers.len().max(1) as f32;
    let fixed = [10.0, 52.0, 17.0, 14.0];
    let content = PAGE_W - MARGINS.left - MARGINS.right;
    let member_width = ((content - fixed.iter().sum::<f32>()) / n).min(12.0);
    let mut columns = vec![fixed[0], fixed[1]];
    columns.extend(std::iter::repeat_n(member_width, voting_numbers.len()));
    columns.extend([fixed[2], fixed[3]]);
    // Shrink the score font when many members share the width.
    let size = (member_width * 0.9).clamp(6.0, 9.0);
    let cell_style = TextStyle::new(Face::Serif, size);
    let cell_bold = TextStyle::new(Face::SerifBold, size);
    let mut table = Table::new(columns);
    table.padding_x_mm = 0.8;
    let mut header = vec![
        Cell::text("STT", SMALL_BOLD).align(Align::Centre),
        Cell::text("Sản phẩm, chủ thể", SMALL_BOLD).align(Align::Centre),
    ];
    header.extend(
        voting_numbers
            .iter()
            .map(|n| Cell::text(n.to_string(), cell_bold).align(Align::Centre)),
    );
    header.push(Cell::text("Điểm TB", SMALL_BOLD).align(Align::Centre));
    header.push(Cell::text("Hạng", SMALL_BOLD).align(Align::Centre));
    let table = table.with_header(Row::new(header).fill(Colour::LIGHT_FILL));
    if let Some(h) = &table.header {
        flow.row(&table, h);
    }
    for (i, p) in data.products.iter().enumerate() {
        let mut cells = vec![
            Cell::text((i + 1).to_string(), SMALL).align(Align::Centre),
            Cell::text(format!("{}\n{}", p.name, p.producer), SMALL),
        ];
        cells.extend(p.scores.iter().map(|s| {
            let text = match s {
                MemberScore::Total(t) => t.to_string(),
                MemberScore::Recused => "x".into(),
                MemberScore::Missing => "–".into(),
            };
            Cell::text(text, cell_style).align(Align::Centre)
        }));
        cells.push(
            Cell::text(p.mean.clone().unwrap_or_else(|| "–".into()), SMALL_BOLD)
                .align(Align::Centre),
        );
        cells.push(Cell::text(stars_cell(p), SMALL_BOLD).align(Align::Centre));
        flow.row(&table, &Row::new(cells));
    }
    flow.gap(1.0);
    let last = voting_numbers.last().copied().unwrap_or(0);
    let first = voting_numbers.first().copied().unwrap_or(0);
    flow.paragraph(
        &NOTE,
        Align::Left,
        0.0,
        &format!(
            "Cột {first}–{last}: tổng điểm của từng thành viên theo số thứ tự ở mục I; x: thành viên không chấm sản phẩm này; –: chưa có phiếu đã nộp. Điểm TB: trung bình cộng các phiếu hợp lệ, lấy 2 chữ số thập phân, không làm tròn lên. *: hạng bị giới hạn bởi tiêu chí bắt buộc (xem mục III)."
        ),
    );
}

/// The lines recorded for one product in section III.
fn product_lines(p: &MinutesProduct, rules: &MinutesRules) -> Vec<String> {
    let mut lines = Vec::new();
    let mut result = match (&p.mean, p.state) {
        (_, ResultState::Disqualified) => "Kết quả: bị loại, không xếp hạng.".to_owned(),
        (None, _) => "Kết quả: chưa có phiếu chấm đã nộp.".to_owned(),
        (Some(mean), _) => format!(
            "Điểm trung bình {mean}; đạt hạng {} sao; tình trạng: {}.",
            p.stars,
            p.state.label_vi()
        ),
    };
    match p.certification {
        Certification::Province | Certification::Ministry => {
            result.push_str(" Đề nghị công nhận và cấp giấy chứng nhận.")
        }
        Certification::RecommendUpward => {
            result.push_str(" Đề nghị Trung ương đánh giá, công nhận sản phẩm 5 sao.")
        }
        Certification::None => {}
    }
    lines.push(result);
    lines.push(format!(
        "Túc số: {} – {}.",
        p.quorum,
        if p.quorum_met {
            "đạt"
        } else {
            "chưa đạt"
        }
    ));
    if let Some(cap) = &p.cap_explanation {
        let reading = if rules.star_marks_binding {
            ""
        } else {
            " (chỉ để tham khảo)"
        };
        lines.push(format!("{cap}{reading}."));
    }
    if let Some(spread) = p.spread_points {
        if p.spread_flag {
            lines.push(format!(
                "Điểm giữa các thành viên chênh lệch {spread} điểm, quá {} điểm: Hội đồng thảo luận, thống nhất chấm lại.",
                rules.spread_threshold_points
            ));
        } else if p.scores.len() > 1 {
            lines.push(format!(
                "Chênh lệch điểm giữa các thành viên: {spread} điểm."
            ));
        }
    }
    if let Some(note) = p.rescore_note.as_ref().filter(|n| !n.trim().is_empty()) {
        lines.push(format!("Ghi chú chấm lại: {}", note.trim()));
    }
    if let Some(commune) = &p.commune_report {
        lines.push(commune.clone());
    }
    for (name, reason) in &p.recusals {
        lines.push(match reason.as_ref().filter(|r| !r.trim().is_empty()) {
            Some(r) => format!("{name} không chấm sản phẩm này (lý do: {}).", r.trim()),
            None => format!("{name} không chấm sản phẩm này."),
        });
    }
    if let Some(name) = &p.presiding {
        lines.push(format!(
            "Chủ tịch Hội đồng không chấm sản phẩm này; Hội đồng cử {name} chủ trì thay đối với sản phẩm này."
        ));
    }
    if let Some((reason, note)) = &p.disqualification {
        let note = note.trim();
        lines.push(if note.is_empty() {
            format!("Bị loại: {reason}.")
        } else {
            format!("Bị loại: {reason}. {note}")
        });
    }
    lines
}

fn product_notes(flow: &mut Flow, data: &MinutesData) {
    heading(flow, "III. Ý KIẾN CỦA HỘI ĐỒNG VỀ TỪNG SẢN PHẨM");
    for (i, p) in data.products.iter().enumerate() {
        flow.gap(1.0);
        flow.ensure(16.0);
        let code = p
            .code
            .as_ref()
            .filter(|c| !c.trim().is_empty())
            .map(|c| format!(", mã {c}"))
            .unwrap_or_default();
        flow.paragraph(
            &BODY_BOLD,
            Align::Left,
            0.0,
            &format!("{}. {} ({}{code})", i + 1, p.name, p.product_set),
        );
        flow.paragraph(
            &BODY,
            Align::Left,
            5.0,
            &format!("Chủ thể: {}.", p.producer),
        );
        for line in product_lines(p, &data.rules) {
            flow.bullet(&BODY, 5.0, "-", &line);
        }
    }
}

fn conclusion(flow: &mut Flow, data: &MinutesData) {
    heading(flow, "IV. KẾT LUẬN");
    let count = |f: &dyn Fn(&MinutesProduct) -> bool| data.products.iter().filter(|p| f(p)).count();
    let four = count(&|p| p.certification == Certification::Province && p.stars == 4);
    let three = count(&|p| p.certification == Certification::Province && p.stars == 3);
    let five = count(&|p| p.certification == Certification::RecommendUpward);
    let five_here = count(&|p| p.certification == Certification::Ministry);
    // A central council certifies 5★ only: below that it certifies nothing.
    let not_here = count(&|p| {
        p.state == ResultState::Final && p.stars >= 3 && p.certification == Certification::None
    });
    let below = count(&|p| p.state == ResultState::Final && p.stars < 3);
    let out = count(&|p| p.state == ResultState::Disqualified);
    let pending = count(&|p| {
        matches!(
            p.state,
            ResultState::NotScored | ResultState::PendingQuorum | ResultState::NeedsDiscussion
        )
    });
    let mut text = if data.central {
        let mut t = format!(
            "Hội đồng thống nhất đề nghị công nhận {five_here} sản phẩm đạt chuẩn OCOP 5 sao."
        );
        if not_here > 0 {
            t.push_str(&format!(
                " Không đạt 5 sao: {not_here} sản phẩm (giữ hạng do cấp tỉnh đã công nhận)."
            ));
        }
        t
    } else {
        let mut t = format!(
            "Hội đồng thống nhất đề nghị công nhận {} sản phẩm đạt chuẩn OCOP: {four} sản phẩm 4 sao, {three} sản phẩm 3 sao.",
            four + three
        );
        if five > 0 {
            t.push_str(&format!(
                " Đề nghị Trung ương đánh giá, công nhận 5 sao: {five} sản phẩm."
            ));
        }
        t
    };
    text.push_str(&format!(
        " Không đạt 3 sao: {below} sản phẩm; bị loại: {out} sản phẩm; chưa có kết quả chính thức: {pending} sản phẩm."
    ));
    flow.paragraph(&BODY, Align::Left, 0.0, &text);
    flow.paragraph(
        &BODY,
        Align::Left,
        0.0,
        "Biên bản kết thúc lúc …… giờ …… cùng ngày, đã được đọc lại và thông qua trước Hội đồng.",
    );
}

fn signatures(flow: &mut Flow, data: &MinutesData) {
    flow.gap(5.0);
    flow.ensure(42.0);
    let y = flow.y;
    let left_x = MARGINS.left + 40.0;
    let right_x = PAGE_W - MARGINS.right - 45.0;
    let bold = TextStyle::new(Face::SerifBold, 11.0);
    let lh = bold.line_height_mm();
    let canvas = flow.canvas();
    for (x, role, name) in [
        (left_x, "THƯ KÝ HỘI ĐỒNG", &data.secretary_name),
        (right_x, "CHỦ TỊCH HỘI ĐỒNG", &data.chair_name),
    ] {
        canvas.text(x, y + lh * BASELINE_IN_LINE, &bold, Align::Centre, role);
        canvas.text(
            x,
            y + lh * BASELINE_IN_LINE + 4.5,
            &NOTE,
            Align::Centre,
            "(Ký, ghi rõ họ tên)",
        );
        if let Some(name) = name {
            canvas.text(x, y + 34.0, &bold, Align::Centre, name);
        }
    }
    flow.y = y + 40.0;
}
