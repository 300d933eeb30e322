//! The certificate's border (three frames, a chain of gold diamonds, a star in
//! each corner) as one PDF Form XObject: written once per document and placed on
//! every page by reference, so a file of 326 certificates carries it once.
//!
//! The content stream is written here by hand rather than through printpdf's
//! operations: its ~170 diamonds are one diamond path repeated with the same
//! relative move (`1 0 0 1 step 0 cm`), a string deflate compresses to almost
//! nothing, where absolute coordinates for each diamond cost ~2 KB per file.
//! printpdf 0.12's own `FormXObject` writes no `/BBox` (required by the PDF
//! specification), hence an `ExternalXObject` with the full dictionary.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use printpdf::{DictItem, ExternalStream, ExternalXObject, Mm};

use super::layout::{PAGE_H, PAGE_W};
use crate::pdf::canvas::{Colour, star_points};

/// Distance of the diamond chain's centre line from the page edge (between the
/// two red frames).
const BAND_MM: f32 = 9.75;
/// Half the diagonal of a diamond.
const DIAMOND_HALF_MM: f32 = 1.3;
/// Distance between two diamonds' centres.
const DIAMOND_STEP_MM: f32 = 6.0;
/// The frames: inset from the page edge, colour, line width in points.
const FRAMES: [(f32, Colour, f32); 3] = [
    (7.0, Colour::RED, 2.6),
    (12.5, Colour::RED, 0.9),
    (14.0, Colour::GOLD_DARK, 0.5),
];
const CORNER_STAR_MM: f32 = 3.4;

fn pt(mm: f32) -> f32 {
    Mm(mm).into_pt().0
}

/// A number as the content stream writes it: at most 3 decimals, no trailing zeros.
fn num(value: f32) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    // "-0" reads oddly; it is 0.
    if rounded == 0.0 {
        "0".into()
    } else {
        format!("{rounded}")
    }
}

fn rgb(colour: Colour) -> String {
    format!("{} {} {}", num(colour.0), num(colour.1), num(colour.2))
}

/// Centres of the diamonds along one side, from `from` to `to` (mm): evenly
/// spaced, the leftover split between both ends, none on the corners.
fn along(from: f32, to: f32) -> Vec<f32> {
    let n = ((to - from) / DIAMOND_STEP_MM).floor() as usize;
    let pad = (to - from - n as f32 * DIAMOND_STEP_MM) / 2.0;
    (1..n)
        .map(|i| from + pad + i as f32 * DIAMOND_STEP_MM)
        .collect()
}

/// One diamond centred on the current origin, filled.
fn diamond() -> String {
    let h = num(pt(DIAMOND_HALF_MM));
    format!("0 {h} m {h} 0 l 0 -{h} l -{h} 0 l f\n")
}

/// A row (`dx`) or column (`dy`) of diamonds: the first placed absolutely, each
/// next one moved by one step from the previous.
fn chain(out: &mut String, first: (f32, f32), count: usize, horizontal: bool) {
    if count == 0 {
        return;
    }
    let step = num(pt(DIAMOND_STEP_MM));
    let next = if horizontal {
        format!("1 0 0 1 {step} 0 cm ")
    } else {
        format!("1 0 0 1 0 {step} cm ")
    };
    let _ = write!(out, "q 1 0 0 1 {} {} cm ", num(first.0), num(first.1));
    out.push_str(&diamond());
    for _ in 1..count {
        out.push_str(&next);
        out.push_str(&diamond());
    }
    out.push_str("Q\n");
}

/// The border's content stream, in points with the origin bottom-left.
fn border_content() -> String {
    let mut out = String::with_capacity(16 * 1024);
    for (inset, colour, width_pt) in FRAMES {
        let _ = writeln!(
            out,
            "{} RG {} w {} {} {} {} re S",
            rgb(colour),
            num(width_pt),
            num(pt(inset)),
            num(pt(inset)),
            num(pt(PAGE_W - 2.0 * inset)),
            num(pt(PAGE_H - 2.0 * inset)),
        );
    }
    let (x0, x1, y0, y1) = (BAND_MM, PAGE_W - BAND_MM, BAND_MM, PAGE_H - BAND_MM);
    let xs = along(x0, x1);
    // y is measured from the top in the layout; the PDF's origin is bottom-left.
    let ys: Vec<f32> = along(y0, y1).iter().map(|y| PAGE_H - y).collect();
    let _ = writeln!(out, "{} rg", rgb(Colour::GOLD));
    if let (Some(&x), Some(&y)) = (xs.first(), ys.last()) {
        for row_y in [y0, y1] {
            chain(&mut out, (pt(x), pt(PAGE_H - row_y)), xs.len(), true);
        }
        for column_x in [x0, x1] {
            chain(&mut out, (pt(column_x), pt(y)), ys.len(), false);
        }
    }
    let _ = writeln!(out, "{} RG 0.6 w", rgb(Colour::RED));
    for (cx, cy) in [(x0, y0), (x1, y0), (x0, y1), (x1, y1)] {
        for (i, (x, y)) in star_points(cx, cy, CORNER_STAR_MM, 0.382)
            .into_iter()
            .enumerate()
        {
            let op = if i == 0 { "m" } else { "l" };
            let _ = write!(out, "{} {} {op} ", num(pt(x)), num(pt(PAGE_H - y)));
        }
        out.push_str("h b\n");
    }
    out
}

/// The border as a Form XObject covering the whole page (register it with
/// `PdfDocument::add_xobject`, place it with an identity transform).
pub(super) fn border_xobject() -> ExternalXObject {
    let bbox = [0.0, 0.0, pt(PAGE_W), pt(PAGE_H)]
        .into_iter()
        .map(DictItem::Real)
        .collect();
    let dict = BTreeMap::from([
        ("Type".to_owned(), DictItem::Name(b"XObject".to_vec())),
        ("Subtype".to_owned(), DictItem::Name(b"Form".to_vec())),
        ("BBox".to_owned(), DictItem::Array(bbox)),
        (
            "Resources".to_owned(),
            DictItem::Dict {
                map: BTreeMap::new(),
            },
        ),
    ]);
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content: border_content().into_bytes(),
            compress: true,
        },
        width: None,
        height: None,
        dpi: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_fills_each_side_and_keeps_clear_of_the_corners() {
        let xs = along(BAND_MM, PAGE_W - BAND_MM);
        assert!(xs.len() > 40, "{}", xs.len());
        assert!(xs[0] - BAND_MM >= DIAMOND_STEP_MM - 0.01);
        // Symmetric: as far from the right corner as from the left.
        let left = xs[0] - BAND_MM;
        let right = PAGE_W - BAND_MM - xs[xs.len() - 1];
        assert!((left - right).abs() < 0.01, "{left} {right}");
    }

    #[test]
    fn the_border_stream_draws_every_diamond_and_four_stars() {
        let content = border_content();
        let diamonds = content.matches(" l f\n").count();
        let expected =
            2 * along(BAND_MM, PAGE_W - BAND_MM).len() + 2 * along(BAND_MM, PAGE_H - BAND_MM).len();
        assert_eq!(diamonds, expected);
        assert_eq!(content.matches("h b\n").count(), 4);
        assert_eq!(content.matches(" re S\n").count(), 3);
        assert_eq!(
            content.matches("q ").count(),
            content.matches("Q\n").count()
        );
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(17.007_874), "17.008");
    }
}
