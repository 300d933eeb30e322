//! One page being drawn: text (measured, aligned, wrapped), lines, boxes, ticks,
//! stars and images, in millimetres with **y measured from the top** of the page
//! (printpdf's origin is bottom-left; this is the only place that flips it).

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point, Polygon, PolygonRing,
    Pt, Rect, Rgb, TextItem, TextMatrix, WindingOrder, XObjectId, XObjectTransform,
};
use unicode_normalization::UnicodeNormalization;

use super::fonts::{DocFonts, Face, Fonts, MM_PER_PT};

/// A colour in 0..1 RGB.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(pub f32, pub f32, pub f32);

impl Colour {
    pub const BLACK: Colour = Colour(0.0, 0.0, 0.0);
    pub const GREY: Colour = Colour(0.35, 0.35, 0.35);
    pub const LIGHT_FILL: Colour = Colour(0.92, 0.92, 0.92);
    pub const PALE_FILL: Colour = Colour(0.965, 0.965, 0.965);
    /// The deep red of Vietnamese certificates and seals.
    pub const RED: Colour = Colour(0.72, 0.08, 0.08);
    pub const GOLD: Colour = Colour(0.93, 0.72, 0.10);
    pub const GOLD_DARK: Colour = Colour(0.70, 0.50, 0.05);

    fn pdf(self) -> Color {
        Color::Rgb(Rgb::new(self.0, self.1, self.2, None))
    }
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub face: Face,
    pub size_pt: f32,
    pub colour: Colour,
}

impl TextStyle {
    pub const fn new(face: Face, size_pt: f32) -> Self {
        Self {
            face,
            size_pt,
            colour: Colour::BLACK,
        }
    }

    pub const fn coloured(self, colour: Colour) -> Self {
        Self { colour, ..self }
    }

    /// A comfortable line pitch for this size (1.25 × the size), in mm.
    pub fn line_height_mm(&self) -> f32 {
        self.size_pt * 1.25 * MM_PER_PT
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// Text measuring and wrapping, shared by pages and by layout before drawing.
#[derive(Clone)]
pub struct Typesetter {
    pub fonts: Fonts,
}

impl Typesetter {
    pub fn width_mm(&self, style: &TextStyle, text: &str) -> f32 {
        self.fonts.width_mm(style.face, style.size_pt, text)
    }

    /// Breaks `text` into lines no wider than `width_mm`: at spaces, keeping
    /// explicit line breaks, and inside a word only when the word alone is wider.
    pub fn wrap(&self, style: &TextStyle, text: &str, width_mm: f32) -> Vec<String> {
        let text: String = text.nfc().collect();
        let space = self.width_mm(style, " ");
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split_whitespace() {
                let word_width = self.width_mm(style, word);
                if !line.is_empty() && line_width + space + word_width <= width_mm {
                    line.push(' ');
                    line.push_str(word);
                    line_width += space + word_width;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if word_width <= width_mm {
                    line.push_str(word);
                    line_width = word_width;
                } else {
                    // A word wider than the column (a long code or URL): cut it.
                    let mut piece = String::new();
                    for c in word.chars() {
                        let mut candidate = piece.clone();
                        candidate.push(c);
                        if !piece.is_empty() && self.width_mm(style, &candidate) > width_mm {
                            lines.push(std::mem::replace(&mut piece, c.to_string()));
                        } else {
                            piece = candidate;
                        }
                    }
                    line_width = self.width_mm(style, &piece);
                    line = piece;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Like [`Self::wrap`] but with lines of even length: the same number of lines
    /// as a greedy wrap, at the narrowest width that still gives that many (so a
    /// two-line title does not end with one orphaned word).
    pub fn wrap_balanced(&self, style: &TextStyle, text: &str, width_mm: f32) -> Vec<String> {
        let greedy = self.wrap(style, text, width_mm);
        if greedy.len() < 2 {
            return greedy;
        }
        let (mut low, mut high) = (width_mm / greedy.len() as f32, width_mm);
        for _ in 0..12 {
            let mid = (low + high) / 2.0;
            if self.wrap(style, text, mid).len() <= greedy.len() {
                high = mid;
            } else {
                low = mid;
            }
        }
        self.wrap(style, text, high)
    }

    /// The largest size ≤ `max_pt` (down to `min_pt`) at which `text` fits on one line.
    pub fn fit_size(&self, style: &TextStyle, text: &str, width_mm: f32, min_pt: f32) -> f32 {
        let at_one = self.fonts.width_mm(style.face, 1.0, text);
        if at_one <= 0.0 {
            return style.size_pt;
        }
        (width_mm / at_one).clamp(min_pt, style.size_pt)
    }
}

/// A page under construction.
pub struct Canvas {
    pub width_mm: f32,
    pub height_mm: f32,
    ops: Vec<Op>,
    fonts: DocFonts,
    pub typesetter: Typesetter,
}

/// Millimetres to points, rounded to 0.01 pt (3.5 µm, far below any printer's
/// dot): short numbers keep the content streams small.
fn pt(mm: f32) -> Pt {
    Pt((Mm(mm).into_pt().0 * 100.0).round() / 100.0)
}

fn point(x_mm: f32, y_pdf_mm: f32) -> Point {
    Point {
        x: pt(x_mm),
        y: pt(y_pdf_mm),
    }
}

impl Canvas {
    pub fn new(width_mm: f32, height_mm: f32, fonts: DocFonts, typesetter: Typesetter) -> Self {
        Self {
            width_mm,
            height_mm,
            ops: Vec::with_capacity(256),
            fonts,
            typesetter,
        }
    }

    /// A blank page of the same size and fonts.
    pub fn sibling(&self) -> Self {
        Self::new(
            self.width_mm,
            self.height_mm,
            self.fonts.clone(),
            self.typesetter.clone(),
        )
    }

    pub fn into_page(self) -> PdfPage {
        PdfPage::new(Mm(self.width_mm), Mm(self.height_mm), self.ops)
    }

    fn flip(&self, y_mm: f32) -> f32 {
        self.height_mm - y_mm
    }

    pub fn width_of(&self, style: &TextStyle, text: &str) -> f32 {
        self.typesetter.width_mm(style, text)
    }

    /// Draws one line of text with its baseline at `baseline_y`, anchored at `x`
    /// (its left edge, centre or right edge, per `align`).
    pub fn text(&mut self, x: f32, baseline_y: f32, style: &TextStyle, align: Align, text: &str) {
        let text: String = text.nfc().collect();
        if text.is_empty() {
            return;
        }
        let width = self.width_of(style, &text);
        let left = match align {
            Align::Left => x,
            Align::Centre => x - width / 2.0,
            Align::Right => x - width,
        };
        let y = self.flip(baseline_y);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor {
                col: style.colour.pdf(),
            },
            Op::SetFont {
                font: PdfFontHandle::External(self.fonts.id(style.face).clone()),
                size: Pt(style.size_pt),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(pt(left), pt(y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text)],
            },
            Op::EndTextSection,
        ]);
    }

    /// Draws runs of differently styled text side by side on one baseline, the
    /// whole centred on `cx` (e.g. "Chủ thể: " regular then the name in bold).
    pub fn runs_centred(&mut self, cx: f32, baseline_y: f32, runs: &[(TextStyle, &str)]) {
        let total: f32 = runs.iter().map(|(s, t)| self.width_of(s, t)).sum();
        let mut x = cx - total / 2.0;
        for (style, text) in runs {
            self.text(x, baseline_y, style, Align::Left, text);
            x += self.width_of(style, text);
        }
    }

    fn stroke_style(&mut self, colour: Colour, thickness_pt: f32) {
        self.ops.push(Op::SetOutlineColor { col: colour.pdf() });
        self.ops.push(Op::SetOutlineThickness {
            pt: Pt(thickness_pt),
        });
    }

    /// A straight line from (x1, y1) to (x2, y2).
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, colour: Colour, thickness_pt: f32) {
        self.stroke_style(colour, thickness_pt);
        let line = Line {
            points: vec![
                LinePoint {
                    p: point(x1, self.flip(y1)),
                    bezier: false,
                },
                LinePoint {
                    p: point(x2, self.flip(y2)),
                    bezier: false,
                },
            ],
            is_closed: false,
        };
        self.ops.push(Op::DrawLine { line });
    }

    fn rect(&mut self, x: f32, top: f32, width: f32, height: f32, mode: PaintMode) {
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(x),
                y: pt(self.flip(top + height)),
                width: pt(width),
                height: pt(height),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    /// The outline of a box whose top-left corner is (x, top).
    pub fn stroke_box(
        &mut self,
        x: f32,
        top: f32,
        width: f32,
        height: f32,
        colour: Colour,
        thickness_pt: f32,
    ) {
        self.stroke_style(colour, thickness_pt);
        self.rect(x, top, width, height, PaintMode::Stroke);
    }

    /// A filled box whose top-left corner is (x, top).
    pub fn fill_box(&mut self, x: f32, top: f32, width: f32, height: f32, colour: Colour) {
        self.ops.push(Op::SetFillColor { col: colour.pdf() });
        self.rect(x, top, width, height, PaintMode::Fill);
    }

    /// A closed polygon through `points` (x, y-from-top), filled and/or outlined.
    pub fn polygon(
        &mut self,
        points: &[(f32, f32)],
        fill: Option<Colour>,
        outline: Option<(Colour, f32)>,
    ) {
        let mode = match (fill, outline) {
            (Some(f), Some((o, t))) => {
                self.ops.push(Op::SetFillColor { col: f.pdf() });
                self.stroke_style(o, t);
                PaintMode::FillStroke
            }
            (Some(f), None) => {
                self.ops.push(Op::SetFillColor { col: f.pdf() });
                PaintMode::Fill
            }
            (None, Some((o, t))) => {
                self.stroke_style(o, t);
                PaintMode::Stroke
            }
            (None, None) => return,
        };
        let ring = PolygonRing {
            points: points
                .iter()
                .map(|&(x, y)| LinePoint {
                    p: point(x, self.flip(y)),
                    bezier: false,
                })
                .collect(),
        };
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![ring],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// Many closed shapes filled in one colour with a single paint operation
    /// (e.g. the chain of diamonds around a certificate).
    pub fn fill_shapes(&mut self, shapes: &[Vec<(f32, f32)>], fill: Colour) {
        self.ops.push(Op::SetFillColor { col: fill.pdf() });
        let rings = shapes
            .iter()
            .map(|points| PolygonRing {
                points: points
                    .iter()
                    .map(|&(x, y)| LinePoint {
                        p: point(x, self.flip(y)),
                        bezier: false,
                    })
                    .collect(),
            })
            .collect();
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// A five-pointed star centred on (cx, cy) with outer radius `r`.
    pub fn star(&mut self, cx: f32, cy: f32, r: f32, fill: Colour, outline: Option<(Colour, f32)>) {
        self.polygon(&star_points(cx, cy, r, 0.382), Some(fill), outline);
    }

    /// A check box with its top-left corner at (x, top); ticked when `checked`.
    pub fn check_box(&mut self, x: f32, top: f32, size: f32, checked: bool) {
        self.stroke_box(x, top, size, size, Colour::BLACK, 0.7);
        if checked {
            self.stroke_style(Colour::BLACK, 1.4);
            let line = Line {
                points: [
                    (x + size * 0.18, top + size * 0.52),
                    (x + size * 0.42, top + size * 0.80),
                    (x + size * 0.86, top + size * 0.16),
                ]
                .iter()
                .map(|&(px, py)| LinePoint {
                    p: point(px, self.flip(py)),
                    bezier: false,
                })
                .collect(),
                is_closed: false,
            };
            self.ops.push(Op::DrawLine { line });
        }
    }

    /// Places an image (registered in the document) into the box at (x, top),
    /// scaled to fit `max_width × max_height` with its aspect ratio kept and centred.
    pub fn image(
        &mut self,
        id: &XObjectId,
        pixels: (usize, usize),
        x: f32,
        top: f32,
        max_width: f32,
        max_height: f32,
    ) {
        let (w_px, h_px) = (pixels.0.max(1) as f32, pixels.1.max(1) as f32);
        let scale_mm_per_px = (max_width / w_px).min(max_height / h_px);
        let (w, h) = (w_px * scale_mm_per_px, h_px * scale_mm_per_px);
        let left = x + (max_width - w) / 2.0;
        let bottom = self.flip(top + (max_height - h) / 2.0 + h);
        // printpdf sizes an image as pixels at `dpi`; choose the dpi that gives `w`.
        let dpi = w_px * 25.4 / w;
        self.ops.push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(pt(left)),
                translate_y: Some(pt(bottom)),
                dpi: Some(dpi),
                ..Default::default()
            },
        });
    }

    /// Raw access for the QR code and other batch drawings.
    pub(super) fn push_ops(&mut self, ops: impl IntoIterator<Item = Op>) {
        self.ops.extend(ops);
    }

    pub(super) fn set_fill(colour: Colour) -> Op {
        Op::SetFillColor { col: colour.pdf() }
    }
}

/// Points of a star: 10 vertices alternating outer radius `r` and inner `r × inner`,
/// the first pointing straight up (y grows downwards).
pub fn star_points(cx: f32, cy: f32, r: f32, inner: f32) -> Vec<(f32, f32)> {
    (0..10)
        .map(|i| {
            let radius = if i % 2 == 0 { r } else { r * inner };
            let angle = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / 5.0;
            (cx + radius * angle.cos(), cy + radius * angle.sin())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typesetter() -> Typesetter {
        Typesetter {
            fonts: Fonts::embedded().unwrap(),
        }
    }

    #[test]
    fn wrapping_keeps_words_whole_and_every_line_within_the_width() {
        let t = typesetter();
        let style = TextStyle::new(Face::Serif, 11.0);
        let text = "Ứng dụng công nghệ tiên tiến trong sơ chế, bảo quản (nâng cao chất lượng sản phẩm/kéo dài thời gian bảo quản và giữ chất lượng ổn định)";
        let lines = t.wrap(&style, text, 60.0);
        assert!(lines.len() >= 3, "{lines:?}");
        for line in &lines {
            assert!(t.width_mm(&style, line) <= 60.0 + 1e-3, "{line}");
        }
        let rejoined = lines.join(" ");
        assert_eq!(rejoined, text);
    }

    #[test]
    fn explicit_breaks_are_kept_and_an_overlong_word_is_cut() {
        let t = typesetter();
        let style = TextStyle::new(Face::Sans, 10.0);
        assert_eq!(
            t.wrap(&style, "Dòng một\nDòng hai", 200.0),
            ["Dòng một", "Dòng hai"]
        );
        let long = "X".repeat(80);
        let lines = t.wrap(&style, &long, 30.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        for line in &lines {
            assert!(t.width_mm(&style, line) <= 30.0 + 1e-3);
        }
    }

    #[test]
    fn star_has_ten_points_alternating_radii() {
        let pts = star_points(0.0, 0.0, 10.0, 0.4);
        assert_eq!(pts.len(), 10);
        let r0 = (pts[0].0.powi(2) + pts[0].1.powi(2)).sqrt();
        let r1 = (pts[1].0.powi(2) + pts[1].1.powi(2)).sqrt();
        assert!((r0 - 10.0).abs() < 1e-4 && (r1 - 4.0).abs() < 1e-4);
        // The first point is straight up (negative y, since y grows downwards).
        assert!(pts[0].0.abs() < 1e-4 && pts[0].1 < 0.0);
    }
}
