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
