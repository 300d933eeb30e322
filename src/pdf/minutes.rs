//! The minutes of the council meeting (biên bản họp hội đồng): round, date and
//! place, attendance and quorum, a table of every member's total per product with
//! the mean (two decimals, truncated, decimal comma) and the stars, then per
//! product the cap explanations, spread and re-score notes, recusals and
//! disqualifications, the conclusion, and the chair's and secretary's signatures.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use printpdf::PdfDocument;

use super::canvas::{Align, Canvas, Colour, TextStyle, Typesetter};
use super::flow::{BASELINE_IN_LINE, Cell, Flow, Margins, Row, Table};
use super::fonts::Face;
use super::sheet::administrative_heading;
use super::text_vi::{date_long, place_and_date};
use super::{DocAssets, PdfError, save};
use crate::domain::council::{Certification, ResultState};
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::member::Role;
use crate::store::{ProducerFacts, RoundResults};

/// A council member as the minutes list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesMember {
    pub name: String,
    /// The role as printed, e.g. "Chủ tịch Hội đồng".
    pub role: String,
    pub voting: bool,
    /// `None` when attendance was not recorded (left blank to fill in by hand).
    pub present: Option<bool>,
}

/// One voting member's entry for a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberScore {
    Total(u32),
    /// Recused from this product.
    Recused,
    /// No submitted sheet.
    Missing,
}

/// One product's result as the minutes record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesProduct {
    pub name: String,
    pub code: Option<String>,
    pub producer: String,
    /// e.g. "Bộ 3: Gạo, ngũ cốc, hạt sơ chế khác".
    pub product_set: String,
    /// One entry per voting member, in the order of [`MinutesData::members`]'
    /// voting members.
    pub scores: Vec<MemberScore>,
    /// The mean as printed: "78,42" (truncated, decimal comma).
    pub mean: Option<String>,
    /// The band of the mean, before caps.
    pub band: Option<u8>,
    /// Stars awarded (0 when disqualified or not scored).
    pub stars: u8,
    pub state: ResultState,
    pub certification: Certification,
    /// Why the stars are capped (StarOutcome::explain_vi).
    pub cap_explanation: Option<String>,
    pub spread_points: Option<u32>,
    pub spread_flag: bool,
    pub rescore_note: Option<String>,
    /// "7/8 (cần 6), có Chủ tịch Hội đồng".
    pub quorum: String,
    pub quorum_met: bool,
    /// (member name, reason).
    pub recusals: Vec<(String, Option<String>)>,
    /// (reason, the council's note).
    pub disqualification: Option<(String, String)>,
}

/// The council's procedural rules as the minutes state them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinutesRules {
    pub spread_threshold_points: u32,
    pub quorum_percent: u32,
    pub quorum_requires_chair: bool,
    pub star_marks_binding: bool,
}

/// Everything printed in the minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesData {
    pub council_heading: Vec<String>,
    pub round_name: String,
    /// e.g. "148/QĐ-TTg".
    pub criteria_instrument: String,
    pub meeting_date: Option<NaiveDate>,
    pub meeting_place: Option<String>,
    /// The place in "Sóc Trăng, ngày …".
    pub place_name: String,
    pub rules: MinutesRules,
    pub members: Vec<MinutesMember>,
    pub products: Vec<MinutesProduct>,
    pub chair_name: Option<String>,
    pub secretary_name: Option<String>,
}

/// What the store does not know: meeting facts and notes the secretary adds.
#[derive(Debug, Clone, Default)]
pub struct MinutesExtras {
    pub council_heading: Vec<String>,
    pub place_name: String,
    pub meeting_date: Option<NaiveDate>,
    pub meeting_place: Option<String>,
    pub rescore_notes: BTreeMap<ProductId, String>,
    pub recusal_reasons: BTreeMap<(ProductId, MemberId), String>,
    /// Absent members; `None` when attendance was not recorded.
    pub absent_members: Option<BTreeSet<MemberId>>,
}

/// "Ấp Hòa Lộc, Xã Hòa Tú, Sóc Trăng": the producer's address parts that are known.
pub fn producer_address(producer: &ProducerFacts) -> String {
    [&producer.address, &producer.commune, &producer.province]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

impl MinutesData {
    /// Builds the minutes from a round's results (store::Store::round_results) and
    /// the extras the store does not hold.
    pub fn from_round_results(results: &RoundResults, extras: &MinutesExtras) -> Self {
        let round = &results.round;
        let voting: Vec<_> = results.members.iter().filter(|m| m.voting).collect();
        let members = results
            .members
            .iter()
            .map(|m| MinutesMember {
                name: m.name.clone(),
                role: m.role.label_vi().to_owned(),
                voting: m.voting,
                present: extras
                    .absent_members
                    .as_ref()
                    .map(|absent| !absent.contains(&m.id)),
            })
            .collect();
        let name_of = |id: MemberId| {
            results
                .members
                .iter()
                .find(|m| m.id == id)
                .map_or_else(|| format!("thành viên {id}"), |m| m.name.clone())
        };
        let chair_role = Role::Chair.label_vi();
        let products = results
            .products
            .iter()
            .map(|o| {
                let r = &o.result;
                let scores = voting
                    .iter()
                    .map(|m| {
                        if o.recused.contains(&m.id) {
                            MemberScore::Recused
                        } else {
                            r.member_totals
                                .iter()
                                .find(|t| t.member == m.id)
                                .map_or(MemberScore::Missing, |t| MemberScore::Total(t.total))
                        }
                    })
                    .collect();
                let q = &r.quorum;
                let chair_text = if round.rules.quorum_requires_chair {
                    if q.chair_took_part {
                        format!(", có {chair_role} (hoặc người thay)")
                    } else {
                        format!(", thiếu {chair_role}")
                    }
                } else {
                    String::new()
                };
                MinutesProduct {
                    name: o.product.name.clone(),
                    code: o.product.product_code.clone(),
                    producer: o.product.producer.name.clone(),
                    product_set: format!(
                        "Bộ {}: {}",
                        o.sheet.product_set.number, o.sheet.product_set.name_vi
                    ),
                    scores,
                    mean: r.mean.map(|m| m.display_2dp_vi()),
                    band: r.outcome.as_ref().map(|s| s.band),
                    stars: r.stars,
                    state: r.state,
                    certification: r.certification,
                    cap_explanation: r.outcome.as_ref().and_then(|s| s.explain_vi()),
                    spread_points: r.spread_points,
                    spread_flag: r.spread_flag,
                    rescore_note: extras.rescore_notes.get(&o.product.id).cloned(),
                    quorum: format!(
                        "{}/{} thành viên chấm (cần {}){chair_text}",
                        q.participants, q.eligible, q.required
                    ),
                    quorum_met: q.met,
                    recusals: o
                        .recused
                        .iter()
                        .map(|m| {
                            (
                                name_of(*m),
                                extras.recusal_reasons.get(&(o.product.id, *m)).cloned(),
                            )
                        })
                        .collect(),
                    disqualification: r
                        .disqualified
                        .as_ref()
                        .map(|d| (d.reason.label_vi().to_owned(), d.note.clone())),
                }
            })
            .collect();
        let first_named = |role: Role| {
            results
                .members
                .iter()
                .find(|m| m.role == role)
                .map(|m| m.name.clone())
        };
        Self {
            council_heading: extras.council_heading.clone(),
            round_name: round.name.clone(),
            criteria_instrument: criteria_instrument(&round.criteria_set_id, results),
            meeting_date: extras.meeting_date,
            meeting_place: extras.meeting_place.clone(),
            place_name: extras.place_name.clone(),
            rules: MinutesRules {
                spread_threshold_points: round.rules.spread_threshold_points,
                quorum_percent: round.rules.quorum_percent,
                quorum_requires_chair: round.rules.quorum_requires_chair,
                star_marks_binding: round.star_marks_binding,
            },
            members,
            products,
            chair_name: first_named(Role::Chair),
            secretary_name: first_named(Role::Secretary),
        }
    }
}

/// The instrument of the round's criteria, from any product's sheet snapshot.
fn criteria_instrument(set_id: &str, results: &RoundResults) -> String {
    results
        .products
        .first()
        .map(|o| o.sheet.criteria_set.instrument_short.clone())
        .unwrap_or_else(|| set_id.to_owned())
}

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const MARGINS: Margins = Margins {
    top: 15.0,
    bottom: 18.0,
    left: 20.0,
    right: 15.0,
};
const BODY: TextStyle = TextStyle::new(Face::Serif, 10.5);
const BODY_BOLD: TextStyle = TextStyle::new(Face::SerifBold, 10.5);
const SMALL: TextStyle = TextStyle::new(Face::Serif, 9.0);
const SMALL_BOLD: TextStyle = TextStyle::new(Face::SerifBold, 9.0);
const NOTE: TextStyle = TextStyle::new(Face::Serif, 9.0).coloured(Colour::GREY);

/// The minutes as a PDF.
pub fn render_minutes(data: &MinutesData, assets: &DocAssets) -> Result<Vec<u8>, PdfError> {
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
        ", trong đó có Chủ tịch Hội đồng (Phó Chủ tịch thay khi Chủ tịch không chấm sản phẩm đó)"
    } else {
        ""
    };
    flow.gap(1.5);
    flow.paragraph(
        &BODY,
        Align::Left,
        0.0,
        &format!(
            "Số thành viên có quyền chấm điểm: {voting}. Kết quả của một sản phẩm chỉ được công nhận khi ít nhất {}% số thành viên có quyền chấm (không kể thành viên không chấm sản phẩm đó) đã nộp phiếu{chair}.",
            data.rules.quorum_percent
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
        Certification::Province => result.push_str(" Đề nghị công nhận và cấp giấy chứng nhận."),
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
    for (name, reason) in &p.recusals {
        lines.push(match reason.as_ref().filter(|r| !r.trim().is_empty()) {
            Some(r) => format!("{name} không chấm sản phẩm này (lý do: {}).", r.trim()),
            None => format!("{name} không chấm sản phẩm này."),
        });
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
    let below = count(&|p| p.state == ResultState::Final && p.stars < 3);
    let out = count(&|p| p.state == ResultState::Disqualified);
    let pending = count(&|p| {
        matches!(
            p.state,
            ResultState::NotScored | ResultState::PendingQuorum | ResultState::NeedsDiscussion
        )
    });
    let mut text = format!(
        "Hội đồng thống nhất đề nghị công nhận {} sản phẩm đạt chuẩn OCOP: {four} sản phẩm 4 sao, {three} sản phẩm 3 sao.",
        four + three
    );
    if five > 0 {
        text.push_str(&format!(
            " Đề nghị Trung ương đánh giá, công nhận 5 sao: {five} sản phẩm."
        ));
    }
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
