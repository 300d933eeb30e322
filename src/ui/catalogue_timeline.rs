//! The dashboard's timeline of certifications and expiries per year, drawn with
//! egui_plot from the report value's `by_year` rows: the same data as the PDF's
//! "Biểu đồ 2" (pdf/programme_report/charts.rs `timeline`) and the workbook's
//! chart, two bars per year with their values above them. Zoom and drag are off:
//! the chart is read, not explored.

use egui_plot::{Bar, BarChart, Plot, PlotPoint, Text};

use super::Ctx;
use crate::domain::catalogue::report::YearRow;

const CERTIFIED: egui::Color32 = egui::Color32::from_rgb(41, 97, 168);
const EXPIRING: egui::Color32 = egui::Color32::from_rgb(214, 134, 38);
/// Each bar's width in years; the pair sits side by side around the year.
const BAR_WIDTH: f64 = 0.38;

/// The chart with its title; nothing for an empty catalogue.
pub fn timeline_ui(ui: &mut egui::Ui, view: &Ctx<'_>, years: &[YearRow]) {
    if years.is_empty() {
        return;
    }
    ui.vertical(|ui| {
        ui.label(
            egui::RichText::new(view.tr(
                "Công nhận và hết hạn theo năm",
                "Certified and expiring per year",
            ))
            .strong(),
        );
        let certified_name = view.tr("Được công nhận", "Certified");
        let expiring_name = view.tr("Đến hạn (hết 36 tháng)", "Reaching 36 months");
        let max = years
            .iter()
            .flat_map(|y| [y.certified.total, y.expiring])
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let first = f64::from(years.first().map_or(0, |y| y.year));
        let last = f64::from(years.last().map_or(0, |y| y.year));
        let width = (70.0 * years.len() as f32).clamp(260.0, ui.available_width().max(260.0));
        Plot::new("catalogue-timeline")
            .width(width)
            .height(170.0)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_grid([false, true])
            .default_x_bounds(first - 0.6, last + 0.6)
            .default_y_bounds(0.0, max * 1.2)
            .x_axis_formatter(|mark, _| {
                let year = mark.value.round();
                if (mark.value - year).abs() < 1e-6 {
                    format!("{year:.0}")
                } else {
                    String::new()
                }
            })
            .y_axis_formatter(|mark, _| {
                if mark.value.fract().abs() < 1e-6 {
                    format!("{:.0}", mark.value)
                } else {
                    String::new()
                }
            })
            .show(ui, |plot| {
                let series = [
                    (certified_name, CERTIFIED, -BAR_WIDTH / 2.0, true),
                    (expiring_name, EXPIRING, BAR_WIDTH / 2.0, false),
                ];
                for (name, colour, dx, certified) in series {
                    let value = |y: &YearRow| {
                        if certified {
                            y.certified.total
                        } else {
                            y.expiring
                        }
                    };
                    let bars = years
                        .iter()
                        .map(|y| {
                            Bar::new(f64::from(y.year) + dx, value(y) as f64)
                                .width(BAR_WIDTH)
                                .fill(colour)
                        })
                        .collect();
                    plot.bar_chart(BarChart::new(name, bars).color(colour));
                    for y in years {
                        let v = value(y);
                        plot.text(
                            Text::new(
                                name,
                                PlotPoint::new(f64::from(y.year) + dx, v as f64 + max * 0.03),
                                v.to_string(),
                            )
                            .anchor(egui::Align2::CENTER_BOTTOM)
                            .color(ui_text_colour(colour)),
                        );
                    }
                }
            });
        // The legend under the chart, as in the PDF (egui_plot's own sits on the bars).
        ui.horizontal(|ui| {
            for (name, colour) in [(certified_name, CERTIFIED), (expiring_name, EXPIRING)] {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 10.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 1.0, colour);
                ui.label(egui::RichText::new(name).small());
                ui.add_space(10.0);
            }
        });
    });
}

/// The value labels in the bar's colour, darkened for reading on a light panel.
fn ui_text_colour(bar: egui::Color32) -> egui::Color32 {
    egui::Color32::from_rgb(
        bar.r().saturating_sub(30),
        bar.g().saturating_sub(30),
        bar.b().saturating_sub(30),
    )
}
