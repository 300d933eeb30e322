//! Where everything sits on the certificate page (A4 landscape, millimetres from
//! the top-left): the border, the two headings, the centred body that shrinks to
//! fit long names, the signature block, the QR code and the copy mark.

use printpdf::{Op, XObjectTransform};

use super::{CertificateData, SharedResources};
use crate::pdf::PdfError;
use crate::pdf::canvas::{Align, Canvas, Colour, TextStyle, Typesetter};
use crate::pdf::fonts::Face;
use crate::pdf::qr::QrMatrix;
use crate::pdf::text_vi::{date_short, place_and_date, stars_text};

pub(super) const PAGE_W: f32 = 297.0;
pub(super) const PAGE_H: f32 = 210.0;
const CENTRE_X: f32 = PAGE_W / 2.0;
/// The body must end above the signature block.
const BODY_LIMIT_Y: f32 = 153.0;

/// Draws one certificate; returns the y where the centred body ended.
pub(in crate::pdf) fn draw_page(
    canvas: &mut Canvas,
    data: &CertificateData,
    shared: &SharedResources,
) -> Result<f32, PdfError> {
    // The border is drawn once per document (ornament.rs) and placed here.
    canvas.push_ops([Op::UseXobject {
        id: shared.border.clone(),
        transform: XObjectTransform::default(),
    }]);
    header(canvas, data);
    if let Some((id, pixels)) = &shared.logo {
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
                "Giấy chứng nhận {} (đến hết ngày {})",
                crate::domain::certificate::VALIDITY_WORDING,
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
    use crate::pdf::certificate::tests::sample;
    use crate::pdf::certificate::{MAX_ADDRESS_CHARS, MAX_PRODUCER_CHARS, MAX_PRODUCT_CHARS};
    use crate::pdf::{DocAssets, render_certificate};
    use printpdf::PdfDocument;

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
