//! Small shared widgets: star ranks drawn as shapes, status chips.

use egui::{Color32, Pos2, Sense, Shape, Stroke, Vec2};

use super::Ctx;

/// Five-pointed star centred at `c` with outer radius `r`.
fn star_points(c: Pos2, r: f32) -> Vec<Pos2> {
    (0..10)
        .map(|i| {
            let radius = if i % 2 == 0 { r } else { r * 0.42 };
            let angle = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / 5.0;
            c + Vec2::new(radius * angle.cos(), radius * angle.sin())
        })
        .collect()
}

/// `stars` filled out of five, drawn (the font's ★ is not needed), with an
/// accessible label such as "4 sao".
pub fn stars_ui(ui: &mut egui::Ui, view: &Ctx<'_>, stars: u8, star_size: f32) -> egui::Response {
    let size = Vec2::new(star_size * 5.0 + 4.0 * 2.0, star_size);
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    let label = match view.lang {
        crate::app::prefs::Lang::Vi => format!("{stars} sao"),
        crate::app::prefs::Lang::En => format!("{stars} stars"),
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &label));
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        for i in 0..5u8 {
            let c = Pos2::new(
                rect.left() + star_size / 2.0 + f32::from(i) * (star_size + 2.0),
                rect.center().y,
            );
            let filled = i < stars;
            let color = if filled {
                view.palette.star
            } else {
                view.palette.star_empty
            };
            // A concave star: fill as a fan of triangles around the centre.
            let pts = star_points(c, star_size / 2.0);
            for k in 0..pts.len() {
                let a = pts[k];
                let b = pts[(k + 1) % pts.len()];
                painter.add(Shape::convex_polygon(
                    vec![c, a, b],
                    if filled { color } else { Color32::TRANSPARENT },
                    Stroke::NONE,
                ));
            }
            painter.add(Shape::closed_line(pts, Stroke::new(1.0, color)));
        }
    }
    response
}

/// A coloured word such as "cần chấm lại".
pub fn chip_ui(ui: &mut egui::Ui, text: &str, color: Color32) -> egui::Response {
    ui.label(egui::RichText::new(text).color(color).strong())
}

/// Who may perform `action`, in the viewer's language (the permission table).
pub fn who_may_text(view: &Ctx<'_>, action: crate::domain::permissions::CouncilAction) -> String {
    let holders: Vec<&str> = crate::domain::permissions::holders(action)
        .iter()
        .map(|h| match view.lang {
            crate::app::prefs::Lang::Vi => h.label_vi(),
            crate::app::prefs::Lang::En => h.label_en(),
        })
        .collect();
    match view.lang {
        crate::app::prefs::Lang::Vi => {
            format!("Chỉ {} được {}.", holders.join(" hoặc "), action.label_vi())
        }
        crate::app::prefs::Lang::En => {
            format!("Only {} may {}.", holders.join(" or "), action.label_en())
        }
    }
}

/// A button for a council action: enabled only for whom the permission table allows,
/// otherwise disabled with who may on hover (the store refuses anyway).
pub fn council_button_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &crate::app::views::RoundData,
    action: crate::domain::permissions::CouncilAction,
    text: &str,
) -> egui::Response {
    ui.add_enabled(data.may(action), egui::Button::new(text))
        .on_disabled_hover_text(who_may_text(view, action))
}
