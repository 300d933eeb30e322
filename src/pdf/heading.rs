//! What the council's portrait documents (sheets, minutes) share: the A4 page and
//! margins, and the two-column administrative heading (the council on the left,
//! the national heading on the right), as Nghị định 30/2020 lays it out.

use super::canvas::{Align, Canvas, Colour, TextStyle};
use super::flow::Margins;
use super::fonts::Face;

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
/// Generous left margin for binding, as administrative documents use.
pub const A4_PORTRAIT_MARGINS: Margins = Margins {
    top: 15.0,
    bottom: 18.0,
    left: 20.0,
    right: 15.0,
};

/// The two-column administrative heading: the council on the left, the national
/// heading on the right. Returns the y below it.
pub fn administrative_heading(canvas: &mut Canvas, top: f32, council: &[String]) -> f32 {
    let left_x = A4_PORTRAIT_MARGINS.left + 38.0;
    let right_x = PAGE_W - A4_PORTRAIT_MARGINS.right - 52.0;
    let bold = TextStyle::new(Face::SerifBold, 10.5);
    let regular = TextStyle::new(Face::Serif, 10.5);
    let mut y = top + 4.0;
    let mut last_width: f32 = 0.0;
    for (i, line) in council.iter().enumerate() {
        // The parent body in regular type, the council itself in bold.
        let style = if i + 1 == council.len() {
            bold
        } else {
            regular
        };
        for wrapped in canvas.typesetter.wrap_balanced(&style, line, 80.0) {
            canvas.text(left_x, y, &style, Align::Centre, &wrapped);
            last_width = canvas.width_of(&style, &wrapped);
            y += 4.8;
        }
    }
    if !council.is_empty() {
        let rule = (last_width / 3.0).max(15.0);
        canvas.line(
            left_x - rule / 2.0,
            y - 3.0,
            left_x + rule / 2.0,
            y - 3.0,
            Colour::BLACK,
            0.6,
        );
    }
    canvas.text(
        right_x,
        top + 4.0,
        &bold,
        Align::Centre,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    let motto = TextStyle::new(Face::SerifBold, 11.0);
    let motto_text = "Độc lập - Tự do - Hạnh phúc";
    canvas.text(right_x, top + 8.8, &motto, Align::Centre, motto_text);
    let w = canvas.width_of(&motto, motto_text);
    canvas.line(
        right_x - w / 2.0,
        top + 10.4,
        right_x + w / 2.0,
        top + 10.4,
        Colour::BLACK,
        0.6,
    );
    y.max(top + 12.0)
}

/// The heading of a document the People's Committee issues (decision, report,
/// notice; Nghị định 30/2020): "DỰ THẢO" in red above it when `draft`; the issuer in
/// bold on the left over a short rule and the number line; the national heading
/// and motto on the right over the place-and-date line. Returns the y of the
/// number line's row (callers leave their own space below it).
pub fn issuer_heading(
    canvas: &mut Canvas,
    top: f32,
    margins: &Margins,
    issuer_lines: &[String],
    number_line: &str,
    place_date_line: &str,
    draft: bool,
) -> f32 {
    // DejaVu Serif runs wider than Times New Roman: 12 pt keeps the columns apart.
    let left_x = margins.left + 26.0;
    let right_x = PAGE_W - margins.right - 52.0;
    let bold = TextStyle::new(Face::SerifBold, 12.0);
    let regular = TextStyle::new(Face::Serif, 13.0);
    if draft {
        let mark = TextStyle::new(Face::SerifBold, 11.0).coloured(Colour::RED);
        canvas.text(
            PAGE_W - margins.right,
            top - 6.0,
            &mark,
            Align::Right,
            "DỰ THẢO",
        );
    }
    let mut y = top + 5.0;
    let mut widest: f32 = 0.0;
    for line in issuer_lines {
        canvas.text(left_x, y, &bold, Align::Centre, line);
        widest = widest.max(canvas.width_of(&bold, line));
        y += 5.5;
    }
    let rule = (widest / 3.0).max(18.0);
    canvas.line(
        left_x - rule / 2.0,
        y - 2.8,
        left_x + rule / 2.0,
        y - 2.8,
        Colour::BLACK,
        0.6,
    );
    canvas.text(left_x, y + 3.0, &regular, Align::Centre, number_line);
    canvas.text(
        right_x,
        top + 5.0,
        &bold,
        Align::Centre,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    let motto = TextStyle::new(Face::SerifBold, 12.5);
    let motto_text = "Độc lập - Tự do - Hạnh phúc";
    canvas.text(right_x, top + 10.5, &motto, Align::Centre, motto_text);
    let w = canvas.width_of(&motto, motto_text);
    canvas.line(
        right_x - w / 2.0,
        top + 12.2,
        right_x + w / 2.0,
        top + 12.2,
        Colour::BLACK,
        0.6,
    );
    canvas.text(right_x, y + 3.0, &regular, Align::Centre, place_date_line);
    y
}

/// "Sóc Trăng, ngày 05 tháng 07 năm 2026", as the place-and-date line writes it.
pub fn place_date_line(place: &str, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{place}, ngày {:02} tháng {:02} năm {}",
        date.day(),
        date.month(),
        date.year()
    )
}

/// Nghị định 30/2020: page numbers centred in the top margin, none on the first page.
pub fn page_number(canvas: &mut Canvas, page: usize) {
    if page > 1 {
        let number = TextStyle::new(Face::Serif, 13.0);
        canvas.text(
            PAGE_W / 2.0,
            12.0,
            &number,
            Align::Centre,
            &page.to_string(),
        );
    }
}
