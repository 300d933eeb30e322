//! The OCOP certificate (GIẤY CHỨNG NHẬN SẢN PHẨM OCOP): A4 landscape, a
//! decorative border, the issuing authority and the national heading, the product,
//! producer and address, the rank drawn as stars and written out, the approval
//! decision, the validity, place and date, the signatory with room for signature
//! and seal, an optional logo, a QR code with a verification payload, and a
//! "BẢN SAO" mark on reprints.
//!
//! A province certifies only 3★ and 4★ (QĐ 1489/2025; 5★ is recommended upward to
//! the Ministry), so any other rank is refused before anything is drawn.

use chrono::NaiveDate;
use printpdf::{PdfDocument, XObjectId};

use super::canvas::{Align, Canvas, Colour, TextStyle, Typesetter};
use super::fonts::Face;
use super::qr::QrMatrix;
use super::text_vi::{date_short, place_and_date, stars_text};
use super::{DocAssets, PdfError, save};

/// Everything printed on one certificate. Plain data: the round lifecycle fills it
/// from the finalized round, the product and the document settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateData {
    /// The issuing authority, e.g. "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" ('\n' forces a
    /// line break; without one the line breaks after "ỦY BAN NHÂN DÂN").
    pub authority: String,
    /// Unique per authority and year, e.g. "12/2026/GCN-OCOP"; a reprint keeps it.
    pub certificate_number: String,
    pub product_name: String,
    pub producer_name: String,
    pub producer_address: String,
    /// 3 or 4.
    pub stars: u8,
    /// The approval decision, e.g. "1234/QĐ-UBND".
    pub decision_number: String,
    pub decision_date: NaiveDate,
    /// The signing date printed with the place.
    pub issue_date: NaiveDate,
    /// Last day of validity (36 months from issue).
    pub valid_until: NaiveDate,
    /// The place in "Sóc Trăng, ngày … tháng … năm …".
    pub place_name: String,
    /// e.g. "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" (one line per '\n').
    pub signatory_title: String,
    pub signatory_name: String,
    /// The text the QR code carries (the lifecycle's verification payload).
    pub qr_payload: String,
    /// A reprint: marked "BẢN SAO".
    pub copy: bool,
}

/// Ranks a province may certify.
pub const CERTIFIABLE_STARS: [u8; 2] = [3, 4];

/// Longest texts that still fit the layout.
const MAX_PRODUCT_CHARS: usize = 120;
const MAX_PRODUCER_CHARS: usize = 120;
const MAX_ADDRESS_CHARS: usize = 220;
const MAX_SHORT_CHARS: usize = 60;
const MAX_QR_BYTES: usize = 600;

const PAGE_W: f32 = 297.0;
const PAGE_H: f32 = 210.0;
const CENTRE_X: f32 = PAGE_W / 2.0;
/// The body must end above the signature block.
const BODY_LIMIT_Y: f32 = 153.0;

impl CertificateData {
    fn label(&self) -> (String, String) {
        (
            if self.certificate_number.trim().is_empty() {
                "(no number)".into()
            } else {
                self.certificate_number.clone()
            },
            self.product_name.clone(),
        )
    }

    /// Every problem with this certificate's data, each as one sentence.
    pub fn problems(&self, assets: &DocAssets) -> Vec<String> {
        let mut problems = Vec::new();
        if !CERTIFIABLE_STARS.contains(&self.stars) {
            problems.push(match self.stars {
                5 => "5★ products are recommended to the Ministry, not certified by the province (QĐ 1489/2025)".to_owned(),
                n => format!("{n}★ is not certifiable: a province certifies only 3★ and 4★ products (QĐ 1489/2025)"),
            });
        }
        let fields: [(&str, &str, usize); 10] = [
            ("authority", &self.authority, MAX_PRODUCER_CHARS),
            (
                "certificate number",
                &self.certificate_number,
                MAX_SHORT_CHARS,
            ),
            ("product name", &self.product_name, MAX_PRODUCT_CHARS),
            ("producer", &self.producer_name, MAX_PRODUCER_CHARS),
            ("decision number", &self.decision_number, MAX_SHORT_CHARS),
            ("place name", &self.place_name, MAX_SHORT_CHARS),
            ("signatory title", &self.signatory_title, MAX_PRODUCER_CHARS),
            ("signatory name", &self.signatory_name, MAX_SHORT_CHARS),
            (
                "producer address",
                &self.producer_address,
                MAX_ADDRESS_CHARS,
            ),
            ("QR payload", &self.qr_payload, MAX_QR_BYTES),
        ];
        for (name, value, max) in fields {
            let value = value.trim();
            if value.is_empty() && name != "producer address" {
                problems.push(format!("the {name} is empty"));
            }
            if value.chars().count() > max {
                problems.push(format!(
                    "the {name} is {} characters long; at most {max} fit",
                    value.chars().count()
                ));
            }
            let face = if name == "product name" || name == "producer" {
                Face::SerifBold
            } else {
                Face::Serif
            };
            let missing = assets.fonts.missing_glyphs(face, value);
            if !missing.is_empty() && name != "QR payload" {
                problems.push(format!(
                    "the {name} has characters the font cannot draw: {}",
                    missing.iter().collect::<String>()
                ));
            }
        }
        if self.valid_until <= self.issue_date {
            problems.push(format!(
                "valid until {} is not after the issue date {}",
                date_short(self.valid_until),
                date_short(self.issue_date)
            ));
        }
        if self.decision_date > self.issue_date {
            problems.push(format!(
                "the decision date {} is after the issue date {}",
                date_short(self.decision_date),
                date_short(self.issue_date)
            ));
        }
        // The payload is encoded once, when drawn: MAX_QR_BYTES fits any QR version
        // at medium correction, so only an empty or overlong payload can fail.
        problems
    }

    /// Checks the data; the error names the certificate and lists every problem.
    pub fn validate(&self, assets: &DocAssets) -> Result<(), PdfError> {
        let problems = self.problems(assets);
        if problems.is_empty() {
            return Ok(());
        }
        let (number, product) = self.label();
        Err(PdfError::Certificate {
            number,
            product,
            problem: problems.join("; "),
        })
    }
}

/// One certificate as a one-page PDF.
pub fn render_certificate(data: &CertificateData, assets: &DocAssets) -> Result<Vec<u8>, PdfError> {
    render_certificates(std::slice::from_ref(data), assets)
}

/// Certificates as one PDF, a page each (for the printer). Every certificate is
/// checked first; nothing is rendered when any is refused.
pub fn render_certificates(
    certificates: &[CertificateData],
    assets: &DocAssets,
) -> Result<Vec<u8>, PdfError> {
    let refused: Vec<PdfError> = certificates
        .iter()
        .filter_map(|c| c.validate(assets).err())
        .collect();
    if !refused.is_empty() {
        return Err(join_errors(refused));
    }
    if certificates.is_empty() {
        return Err(PdfError::Invalid("no certificate to print".into()));
    }
    let title = match certificates {
        [one] => format!("Giấy chứng nhận sản phẩm OCOP {}", one.certificate_number),
        many => format!("Giấy chứng nhận sản phẩm OCOP ({} bản)", many.len()),
    };
    let mut doc = PdfDocument::new(&title);
    let fonts = assets.fonts.register(&mut doc);
    let logo = assets
        .logo
        .as_ref()
        .map(|l| (doc.add_image(&l.image), (l.width_px, l.height_px)));
    let typesetter = Typesetter {
        fonts: assets.fonts.clone(),
    };
    let mut pages = Vec::with_capacity(certificates.len());
    for data in certificates {
        let mut canvas = Canvas::new(PAGE_W, PAGE_H, fonts.clone(), typesetter.clone());
        draw_page(&mut canvas, data, logo.as_ref())?;
        pages.push(canvas.into_page());
    }
    Ok(save(doc, pages))
}

/// One error for many: a single one stays as it is.
pub(super) fn join_errors(mut errors: Vec<PdfError>) -> PdfError {
    if errors.len() == 1 {
        return errors.remove(0);
    }
    PdfError::Invalid(
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Draws one certificate; returns the y where the centred body ended.
pub(super) fn draw_page(
    canvas: &mut Canvas,
    data: &CertificateData,
    logo: Option<&(XObjectId, (usize, usize))>,
) -> Result<f32, PdfError> {
    border(canvas);
    header(canvas, data);
    if let Some((id, pixels)) = logo {
        canvas.image(id, *pixels, 24.0, 44.0, 34.0, 34.0);
    }
    if data.copy {
        copy_mark(canvas);
    }
    let body_end = body(canvas, data);
    if body_end > BODY_LIMIT_Y {
        let (number, product) = data.label();
        return Err(PdfError::Certificate {
            number,
            product,
            problem: "the texts are too long to fit on the certificate".into(),
        });
    }
    signature(canvas, data);
    let qr = QrMatrix::encode(&data.qr_payload)?;
    let qr_size = 30.0;
    let (qr_x, qr_top) = (19.0, PAGE_H - 19.0 - qr_size);
    qr.draw(canvas, qr_x, qr_top, qr_size);
    let caption = TextStyle::new(Face::Serif, 7.0).coloured(Colour::GREY);
    canvas.text(
        qr_x + qr_size + 1.0,
        qr_top + qr_size - 8.0,
        &caption,
        Align::Left,
        "Quét mã QR để đối chiếu",
    );
    canvas.text(
        qr_x + qr_size + 1.0,
        qr_top + qr_size - 5.0,
        &caption,
        Align::Left,
        "với hồ sơ của Hội đồng",
    );
    Ok(body_end)
}

fn border(canvas: &mut Canvas) {
    let frame = |canvas: &mut Canvas, inset: f32, colour: Colour, pt: f32| {
        canvas.stroke_box(
            inset,
            inset,
            PAGE_W - 2.0 * inset,
            PAGE_H - 2.0 * inset,
            colour,
            pt,
        );
    };
    frame(canvas, 7.0, Colour::RED, 2.6);
    frame(canvas, 12.5, Colour::RED, 0.9);
    frame(canvas, 14.0, Colour::GOLD_DARK, 0.5);
    // A chain of gold diamonds in the band between the two red frames.
    let band = 9.75;
    let half = 1.3;
    let diamond = |x: f32, y: f32| vec![(x, y - half), (x + half, y), (x, y + half), (x - half, y)];
    let step = 6.0;
    let (x0, x1, y0, y1) = (band, PAGE_W - band, band, PAGE_H - band);
    let along = |from: f32, to: f32| {
        let n = ((to - from) / step).floor() as usize;
        let pad = (to - from - n as f32 * step) / 2.0;
        (1..n).map(move |i| from + pad + i as f32 * step)
    };
    let mut diamonds = Vec::new();
    for x in along(x0, x1) {
        diamonds.push(diamond(x, y0));
        diamonds.push(diamond(x, y1));
    }
    for y in along(y0, y1) {
        diamonds.push(diamond(x0, y));
        diamonds.push(diamond(x1, y));
    }
    canvas.fill_shapes(&diamonds, Colour::GOLD);
    for (x, y) in [(x0, y0), (x1, y0), (x0, y1), (x1, y1)] {
        canvas.star(x, y, 3.4, Colour::GOLD, Some((Colour::RED, 0.6)));
    }
}

/// The authority's lines: explicit '\n', else a break after "ỦY BAN NHÂN DÂN".
fn authority_lines(authority: &str) -> Vec<String> {
    let authority = authority.trim();
    if authority.contains('\n') {
        return authority.lines().map(|l| l.trim().to_owned()).collect();
    }
    const UBND: &str = "ỦY BAN NHÂN DÂN ";
    match authority.strip_prefix(UBND) {
        Some(rest) if !rest.trim().is_empty() => {
            vec![UBND.trim().to_owned(), rest.trim().to_owned()]
        }
        _ => vec![authority.to_owned()],
    }
}

fn header(canvas: &mut Canvas, data: &CertificateData) {
    let left_x = 78.0;
    let right_x = 210.0;
    let bold = TextStyle::new(Face::SerifBold, 12.0);
    let regular = TextStyle::new(Face::Serif, 12.0);
    let mut y = 24.0;
    let lines = authority_lines(&data.authority);
    let mut widest: f32 = 0.0;
    for line in &lines {
        canvas.text(left_x, y, &bold, Align::Centre, line);
        widest = widest.max(canvas.width_of(&bold, line));
        y += 5.5;
    }
    let rule = (widest / 3.0).max(20.0);
    let rule_y = y - 5.5 + 2.4;
    canvas.line(
        left_x - rule / 2.0,
        rule_y,
        left_x + rule / 2.0,
        rule_y,
        Colour::BLACK,
        0.7,
    );
    canvas.text(
        left_x,
        rule_y + 6.0,
        &regular,
        Align::Centre,
        &format!("Số: {}", data.certificate_number),
    );

    canvas.text(
        right_x,
        24.0,
        &bold,
        Align::Centre,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    let motto = TextStyle::new(Face::SerifBold, 12.5);
    let motto_text = "Độc lập - Tự do - Hạnh phúc";
    canvas.text(right_x, 29.5, &motto, Align::Centre, motto_text);
    let w = canvas.width_of(&motto, motto_text);
    canvas.line(
        right_x - w / 2.0,
        31.4,
        right_x + w / 2.0,
        31.4,
        Colour::BLACK,
        0.7,
    );
}

fn copy_mark(canvas: &mut Canvas) {
    let style = TextStyle::new(Face::SerifBold, 16.0).coloured(Colour::RED);
    let text = "BẢN SAO";
    let w = canvas.width_of(&style, text) + 8.0;
    let (x, top, h) = (PAGE_W - 24.0 - w, 42.0, 11.0);
    canvas.stroke_box(x, top, w, h, Colour::RED, 1.6);
    canvas.stroke_box(x + 1.2, top + 1.2, w - 2.4, h - 2.4, Colour::RED, 0.5);
    canvas.text(x + w / 2.0, top + 7.7, &style, Align::Centre, text);
}

/// One element of the centred body, positioned.
enum BodyItem {
    /// Runs of text side by side, centred, on one baseline.
    Line(f32, Vec<(TextStyle, String)>),
    /// N stars centred on a row: (centre y, radius, count).
    Stars(f32, f32, u8),
}

/// Scales tried, largest first, until the body ends above the signature block.
const BODY_SCALES: [f32; 6] = [1.0, 0.92, 0.85, 0.78, 0.72, 0.66];

/// Lays out the body at `scale` (font sizes and gaps); returns the items and the
/// y below the last line.
fn body_layout(
    typesetter: &Typesetter,
    data: &CertificateData,
    scale: f32,
) -> (Vec<BodyItem>, f32) {
    let sized = |face, pt: f32| TextStyle::new(face, pt * scale);
    let mut items = Vec::new();
    let max_width = 225.0;
    let mut y = 82.0;
    items.push(BodyItem::Line(
        y,
        vec![(sized(Face::Serif, 13.0), "Chứng nhận sản phẩm".into())],
    ));
    y += 11.0 * scale;

    // The product name on one line if it fits at ≥ 17 pt, else wrapped.
    let name_style = sized(Face::SerifBold, 24.0);
    let size = typesetter.fit_size(&name_style, &data.product_name, max_width, 17.0 * scale);
    let name_style = TextStyle {
        size_pt: size,
        ..name_style
    };
    for line in typesetter.wrap_balanced(&name_style, data.product_name.trim(), max_width) {
        items.push(BodyItem::Line(y, vec![(name_style, line)]));
        y += name_style.line_height_mm();
    }
    y += 1.0 * scale;

    let producer_label = sized(Face::Serif, 14.0);
    let producer_bold = sized(Face::SerifBold, 14.0);
    let lead = "Chủ thể: ";
    let lead_width = typesetter.width_mm(&producer_label, lead);
    for (i, line) in typesetter
        .wrap_balanced(
            &producer_bold,
            data.producer_name.trim(),
            max_width - lead_width,
        )
        .into_iter()
        .enumerate()
    {
        let lead = if i == 0 { lead } else { "" };
        items.push(BodyItem::Line(
            y,
            vec![(producer_label, lead.into()), (producer_bold, line)],
        ));
        y += producer_label.line_height_mm() + 0.5 * scale;
    }
    if !data.producer_address.trim().is_empty() {
        let address = sized(Face::Serif, 13.0);
        let text = format!("Địa chỉ: {}", data.producer_address.trim());
        for line in typesetter.wrap_balanced(&address, &text, max_width) {
            items.push(BodyItem::Line(y, vec![(address, line)]));
            y += address.line_height_mm();
        }
    }

    // The rank: N gold stars, then in words.
    let r = 6.4 * scale;
    let cy = y + r - 2.0 * scale;
    items.push(BodyItem::Stars(cy, r, data.stars));
    y = cy + r + 8.5 * scale;
    let rank = sized(Face::SerifBold, 15.0).coloured(Colour::RED);
    items.push(BodyItem::Line(
        y,
        vec![(
            rank,
            format!("Sản phẩm đạt hạng {}", stars_text(data.stars)),
        )],
    ));
    y += 7.5 * scale;
    let regular = sized(Face::Serif, 12.0);
    let decision = format!(
        "Quyết định công nhận số {} ngày {}",
        data.decision_number.trim(),
        date_short(data.decision_date)
    );
    for line in typesetter.wrap(&regular, &decision, max_width) {
        items.push(BodyItem::Line(y, vec![(regular, line)]));
        y += regular.line_height_mm();
    }
    y += 1.0 * scale;
    let validity = sized(Face::SerifBold, 12.0);
    items.push(BodyItem::Line(
        y,
        vec![(
            validity,
            format!(
                "Giấy chứng nhận có giá trị đến ngày {}",
                date_short(data.valid_until)
            ),
        )],
    ));
    (items, y)
}

/// The title and the centred body, shrunk as needed to end above the signature;
/// returns the y below its last line.
fn body(canvas: &mut Canvas, data: &CertificateData) -> f32 {
    let red_title = TextStyle::new(Face::SerifBold, 34.0).coloured(Colour::RED);
    canvas.text(CENTRE_X, 54.0, &red_title, Align::Centre, "GIẤY CHỨNG NHẬN");
    let subtitle = TextStyle::new(Face::SerifBold, 22.0).coloured(Colour::RED);
    canvas.text(CENTRE_X, 64.5, &subtitle, Align::Centre, "SẢN PHẨM OCOP");
    let small = TextStyle::new(Face::Serif, 11.0).coloured(Colour::GREY);
    canvas.text(
        CENTRE_X,
        71.0,
        &small,
        Align::Centre,
        "(Chương trình Mỗi xã một sản phẩm)",
    );

    let typesetter = canvas.typesetter.clone();
    let mut layout = body_layout(&typesetter, data, BODY_SCALES[0]);
    for scale in &BODY_SCALES[1..] {
        if layout.1 <= BODY_LIMIT_Y {
            break;
        }
        layout = body_layout(&typesetter, data, *scale);
    }
    let (items, end) = layout;
    for item in items {
        match item {
            BodyItem::Line(y, runs) => {
                let runs: Vec<(TextStyle, &str)> =
                    runs.iter().map(|(s, t)| (*s, t.as_str())).collect();
                canvas.runs_centred(CENTRE_X, y, &runs);
            }
            BodyItem::Stars(cy, r, count) => {
                let step = r * 2.45;
                let first = CENTRE_X - step * (f32::from(count) - 1.0) / 2.0;
                for i in 0..count {
                    canvas.star(
                        first + f32::from(i) * step,
                        cy,
                        r,
                        Colour::GOLD,
                        Some((Colour::GOLD_DARK, 0.8)),
                    );
                }
            }
        }
    }
    end
}

fn signature(canvas: &mut Canvas, data: &CertificateData) {
    let cx = 218.0;
    let regular = TextStyle::new(Face::Serif, 12.0);
    let mut y = 160.0;
    canvas.text(
        cx,
        y,
        &regular,
        Align::Centre,
        &place_and_date(&data.place_name, Some(data.issue_date)),
    );
    y += 6.0;
    let bold = TextStyle::new(Face::SerifBold, 12.0);
    for line in data
        .signatory_title
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        canvas.text(cx, y, &bold, Align::Centre, line);
        y += 5.2;
    }
    // Room for the signature and the seal above the name.
    let name = TextStyle::new(Face::SerifBold, 13.0);
    canvas.text(
        cx,
        PAGE_H - 18.0,
        &name,
        Align::Centre,
        data.signatory_name.trim(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> CertificateData {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        CertificateData {
            authority: "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".into(),
            certificate_number: "12/2026/GCN-OCOP".into(),
            product_name: "Gạo ST25 Ông Cua".into(),
            producer_name: "Hợp tác xã Nông nghiệp Hòa Lộc".into(),
            producer_address: "Ấp Hòa Lộc, xã Hòa Tú, tỉnh Sóc Trăng".into(),
            stars: 4,
            decision_number: "1234/QĐ-UBND".into(),
            decision_date: d(2026, 12, 10),
            issue_date: d(2026, 12, 15),
            valid_until: d(2029, 12, 15),
            place_name: "Sóc Trăng".into(),
            signatory_title: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".into(),
            signatory_name: "Nguyễn Văn Thành".into(),
            qr_payload: "OCOP1|12/2026/GCN-OCOP|4|20261215|20291215|ab12cd34".into(),
            copy: false,
        }
    }

    #[test]
    fn only_three_and_four_stars_are_certified_by_the_province() {
        let assets = DocAssets::embedded().unwrap();
        for stars in [0, 1, 2, 5, 6] {
            let data = CertificateData { stars, ..sample() };
            let err = render_certificate(&data, &assets).unwrap_err().to_string();
            assert!(
                err.contains("12/2026/GCN-OCOP") && err.contains('★'),
                "{err}"
            );
        }
        for stars in [3, 4] {
            let data = CertificateData { stars, ..sample() };
            assert!(render_certificate(&data, &assets).is_ok());
        }
    }

    #[test]
    fn every_problem_is_listed_at_once() {
        let assets = DocAssets::embedded().unwrap();
        let data = CertificateData {
            stars: 2,
            product_name: " ".into(),
            valid_until: sample().issue_date,
            ..sample()
        };
        let problems = data.problems(&assets);
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn longest_accepted_texts_still_end_above_the_signature() {
        let assets = DocAssets::embedded().unwrap();
        let data = CertificateData {
            product_name: "Đ".repeat(MAX_PRODUCT_CHARS),
            producer_name: "Hợp tác xã ".repeat(MAX_PRODUCER_CHARS / 11),
            producer_address: "Ấp Hòa Lộc ".repeat(MAX_ADDRESS_CHARS / 11),
            ..sample()
        };
        let problems = data.problems(&assets);
        assert!(problems.is_empty(), "{problems:?}");
        // The body shrinks to fit: it never runs into the signature block.
        let typesetter = Typesetter {
            fonts: assets.fonts.clone(),
        };
        let mut canvas = Canvas::new(
            PAGE_W,
            PAGE_H,
            assets.fonts.register(&mut PdfDocument::new("t")),
            typesetter,
        );
        let end = body(&mut canvas, &data);
        assert!(end <= BODY_LIMIT_Y, "body ends at {end} mm");
        assert!(render_certificate(&data, &assets).is_ok());
    }

    #[test]
    fn authority_breaks_after_the_committee() {
        assert_eq!(
            authority_lines("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG"),
            ["ỦY BAN NHÂN DÂN", "TỈNH SÓC TRĂNG"]
        );
        assert_eq!(
            authority_lines("BỘ NÔNG NGHIỆP\nVÀ MÔI TRƯỜNG"),
            ["BỘ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"]
        );
    }
}
