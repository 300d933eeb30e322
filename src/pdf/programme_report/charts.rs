//! Bar charts as vector shapes (filled rectangles, rules and real text), so they
//! print sharp, stay small and keep their numbers searchable: columns (by stars),
//! horizontal bars (by group, by district) and a two-series timeline
//! (certifications and expiries by year). Each bar carries its value.

use super::super::canvas::{Align, Colour, TextStyle};
use super::super::flow::Flow;
use super::super::fonts::Face;
use crate::domain::catalogue::report::YearRow;

const BAR: Colour = Colour(0.16, 0.38, 0.66);
const SECOND: Colour = Colour(0.85, 0.45, 0.12);
const AXIS: Colour = Colour::GREY;
const LABEL: TextStyle = TextStyle::new(Face::Serif, 9.5);
const CAPTION: TextStyle = TextStyle::new(Face::SerifBold, 10.5);

/// One bar: its label and value.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: u64,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: u64) -> Self {
        Self {
            label: label.into(),
            value,
        }
    }
}

fn caption(flow: &mut Flow, text: &str) {
    let left = flow.left();
    let width = flow.content_width();
    let y = flow.y + 4.0;
    flow.canvas()
        .text(left + width / 2.0, y, &CAPTION, Align::Centre, text);
    flow.y += 7.0;
}

/// Vertical columns, at most a dozen.
pub fn columns(flow: &mut Flow, title: &str, bars: &[Bar]) {
    let plot_h = 45.0;
    flow.ensure(plot_h + 22.0);
    caption(flow, title);
    let left = flow.left() + 15.0;
    let width = flow.content_width() - 30.0;
    let top = flow.y + 4.0;
    let base = top + plot_h;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f32;
    let slot = width / bars.len().max(1) as f32;
    let bar_w = (slot * 0.5).min(28.0);
    let canvas = flow.canvas();
    canvas.line(left, base, left + width, base, AXIS, 0.6);
    for (i, bar) in bars.iter().enumerate() {
        let cx = left + slot * (i as f32 + 0.5);
        let h = plot_h * bar.value as f32 / max;
        if h > 0.0 {
            canvas.fill_box(cx - bar_w / 2.0, base - h, bar_w, h, BAR);
        }
        canvas.text(
            cx,
            base - h - 1.5,
            &LABEL,
            Align::Centre,
            &bar.value.to_string(),
        );
        canvas.text(cx, base + 4.5, &LABEL, Align::Centre, &bar.label);
    }
    flow.y = base + 9.0;
}

/// Horizontal bars with their labels on the left (long names: groups, districts).
pub fn horizontal(flow: &mut Flow, title: &str, bars: &[Bar]) {
    if bars.is_empty() {
        return;
    }
    let row_h = 6.5;
    flow.ensure(row_h * bars.len() as f32 + 14.0);
    caption(flow, title);
    let label_w = 62.0;
    let left = flow.left();
    let x0 = left + label_w + 2.0;
    let width = flow.content_width() - label_w - 16.0;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f32;
    let top = flow.y + 1.0;
    let canvas = flow.canvas();
    for (i, bar) in bars.iter().enumerate() {
        let y = top + row_h * i as f32;
        let label = fit(canvas, &bar.label, label_w);
        canvas.text(left + label_w, y + 4.3, &LABEL, Align::Right, &label);
        let w = width * bar.value as f32 / max;
        if w > 0.0 {
            canvas.fill_box(x0, y + 1.0, w, row_h - 2.0, BAR);
        }
        canvas.text(
            x0 + w + 1.5,
            y + 4.3,
            &LABEL,
            Align::Left,
            &bar.value.to_string(),
        );
    }
    let bottom = top + row_h * bars.len() as f32;
    canvas.line(x0, top, x0, bottom, AXIS, 0.6);
    flow.y = bottom + 5.0;
}

/// Shortens a label with "…" to fit `width` mm.
fn fit(canvas: &super::super::canvas::Canvas, text: &str, width: f32) -> String {
    if canvas.width_of(&LABEL, text) <= width {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if canvas.width_of(&LABEL, &candidate) <= width {
            return candidate;
        }
    }
    String::new()
}

/// Certifications and expiries side by side, per year.
pub fn timeline(flow: &mut Flow, title: &str, years: &[YearRow]) {
    if years.is_empty() {
        return;
    }
    let plot_h = 42.0;
    flow.ensure(plot_h + 28.0);
    caption(flow, title);
    let left = flow.left() + 10.0;
    let width = flow.content_width() - 20.0;
    let top = flow.y + 4.0;
    let base = top + plot_h;
    let max = years
        .iter()
        .flat_map(|y| [y.certified.total, y.expiring])
        .max()
        .unwrap_or(0)
        .max(1) as f32;
    let slot = width / years.len() as f32;
    let bar_w = (slot * 0.32).min(14.0);
    let canvas = flow.canvas();
    canvas.line(left, base, left + width, base, AXIS, 0.6);
    for (i, y) in years.iter().enumerate() {
        let cx = left + slot * (i as f32 + 0.5);
        for (value, colour, dx) in [
            (y.certified.total, BAR, -bar_w / 2.0 - 0.4),
            (y.expiring, SECOND, bar_w / 2.0 + 0.4),
        ] {
            let h = plot_h * value as f32 / max;
            let x = cx + dx;
            if h > 0.0 {
                canvas.fill_box(x - bar_w / 2.0, base - h, bar_w, h, colour);
            }
            canvas.text(x, base - h - 1.5, &LABEL, Align::Centre, &value.to_string());
        }
        canvas.text(cx, base + 4.5, &LABEL, Align::Centre, &y.year.to_string());
    }
    // Legend.
    let ly = base + 9.5;
    let lx = left + width / 2.0 - 45.0;
    canvas.fill_box(lx, ly - 2.8, 4.0, 3.0, BAR);
    canvas.text(lx + 5.5, ly, &LABEL, Align::Left, "Được công nhận");
    canvas.fill_box(lx + 45.0, ly - 2.8, 4.0, 3.0, SECOND);
    canvas.text(lx + 50.5, ly, &LABEL, Align::Left, "Đến hạn (hết 36 tháng)");
    flow.y = ly + 5.0;
}
