//! The bar above every screen: where you are, language, theme, UI scale.

use super::{Action, Ctx, fonts, theme::size};
use crate::app::prefs::{Lang, Prefs, ThemeChoice};

pub fn top_bar_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    title: Option<&str>,
    can_go_back: bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("OCOP Council").font(fonts::bold(size::SUBHEADING)));
            if can_go_back
                && ui
                    .button(view.tr("← Các đợt đánh giá", "← Rounds"))
                    .clicked()
            {
                actions.push(Action::OpenRounds);
            }
            if let Some(title) = title {
                ui.separator();
                ui.label(egui::RichText::new(title).strong());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let scale_label = format!("{:.0}%", view.prefs.ui_scale * 100.0);
                // Right-to-left: the combo first, then its label to its left.
                let combo = egui::ComboBox::from_id_salt("ui_scale")
                    .selected_text(scale_label)
                    .show_ui(ui, |ui| {
                        for scale in Prefs::UI_SCALES {
                            let selected = (view.prefs.ui_scale - scale).abs() < 0.01;
                            if ui
                                .selectable_label(selected, format!("{:.0}%", scale * 100.0))
                                .clicked()
                            {
                                actions.push(Action::SetScale(scale));
                            }
                        }
                    })
                    .response
                    .on_hover_text(view.tr("Cỡ giao diện (máy chiếu)", "UI scale (projectors)"));
                let scale_name = ui.label(view.tr("Cỡ chữ:", "Scale:"));
                combo.labelled_by(scale_name.id);
                let (theme_label, next) = match view.prefs.theme {
                    ThemeChoice::Light => (view.tr("☾ Tối", "☾ Dark"), ThemeChoice::Dark),
                    ThemeChoice::Dark => (view.tr("☀ Sáng", "☀ Light"), ThemeChoice::Light),
                };
                if ui.button(theme_label).clicked() {
                    actions.push(Action::SetTheme(next));
                }
                let (lang_label, next) = match view.lang {
                    Lang::Vi => ("English", Lang::En),
                    Lang::En => ("Tiếng Việt", Lang::Vi),
                };
                if ui.button(lang_label).clicked() {
                    actions.push(Action::SetLang(next));
                }
                if ui
                    .button(view.tr("Danh mục sản phẩm OCOP", "Catalogue"))
                    .clicked()
                {
                    actions.push(Action::OpenCatalogue);
                }
                if ui.button(view.tr("Sao lưu", "Backups")).clicked() {
                    actions.push(Action::OpenBackups);
                }
                if ui.button(view.tr("⟳ Tải lại", "⟳ Refresh")).clicked() {
                    actions.push(Action::Refresh);
                }
            });
        });
    });
    actions
}
