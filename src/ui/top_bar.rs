//! The bar above every screen: where you are, and the tools (refresh, backups,
//! language, theme, UI scale). When the window is too narrow for all of them on
//! one line (a projector at 150–200%, a 900×600 screen), the tools fold into one
//! *☰ Menu* button, so nothing overlaps. The bar is always one line high.
//!
//! A new tool is one more [`Tool`] variant: it then appears both in the bar and
//! in the menu.

use super::{Action, Ctx, fonts, theme::size};
use crate::app::prefs::{Lang, Prefs, ThemeChoice};

/// The tools on the right of the bar, in reading order (left to right).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Catalogue,
    Refresh,
    Backups,
    Language,
    Theme,
    Scale,
}

const TOOLS: [Tool; 6] = [
    Tool::Catalogue,
    Tool::Refresh,
    Tool::Backups,
    Tool::Language,
    Tool::Theme,
    Tool::Scale,
];

/// The narrowest the title may become before the tools fold into the menu.
const TITLE_MIN_WIDTH: f32 = 140.0;

fn tool_label(view: &Ctx<'_>, tool: Tool) -> String {
    match tool {
        Tool::Catalogue => view.tr("Danh mục sản phẩm OCOP", "Catalogue").into(),
        Tool::Refresh => view.tr("⟳ Tải lại", "⟳ Refresh").into(),
        Tool::Backups => view.tr("Sao lưu", "Backups").into(),
        Tool::Language => match view.lang {
            Lang::Vi => "English".into(),
            Lang::En => "Tiếng Việt".into(),
        },
        Tool::Theme => match view.prefs.theme {
            ThemeChoice::Light => view.tr("☾ Tối", "☾ Dark").into(),
            ThemeChoice::Dark => view.tr("☀ Sáng", "☀ Light").into(),
        },
        Tool::Scale => format!(
            "{} {:.0}%",
            view.tr("Cỡ chữ:", "Scale:"),
            view.prefs.ui_scale * 100.0
        ),
    }
}

/// What pressing a tool's button does (the scale has its own list).
fn tool_action(view: &Ctx<'_>, tool: Tool) -> Option<Action> {
    match tool {
        Tool::Catalogue => Some(Action::OpenCatalogue),
        Tool::Refresh => Some(Action::Refresh),
        Tool::Backups => Some(Action::OpenBackups),
        Tool::Language => Some(Action::SetLang(match view.lang {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        })),
        Tool::Theme => Some(Action::SetTheme(match view.prefs.theme {
            ThemeChoice::Light => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::Light,
        })),
        Tool::Scale => None,
    }
}

/// The width of a text drawn as a button in `ui`'s style.
fn button_width(ui: &egui::Ui, text: &str, font: egui::FontId) -> f32 {
    let text_width = ui.fonts_mut(|f| {
        f.layout_no_wrap(text.to_string(), font, egui::Color32::WHITE)
            .size()
            .x
    });
    text_width + 2.0 * ui.spacing().button_padding.x + ui.spacing().item_spacing.x
}

pub fn top_bar_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    title: Option<&str>,
    can_go_back: bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Panel::top("top_bar").show(ui, |ui| {
        let body = egui::TextStyle::Body.resolve(ui.style());
        let app_name_font = fonts::bold(size::SUBHEADING);
        let back_label = view.tr("← Các đợt đánh giá", "← Rounds");
        let mut left_width = button_width(ui, "OCOP Council", app_name_font.clone());
        if can_go_back {
            left_width += button_width(ui, back_label, body.clone());
        }
        // The scale's combo adds its arrow; the extra 24 points keep a margin.
        let tools_width: f32 = TOOLS
            .iter()
            .map(|t| button_width(ui, &tool_label(view, *t), body.clone()))
            .sum::<f32>()
            + 24.0;
        let title_room = if title.is_some() {
            TITLE_MIN_WIDTH
        } else {
            0.0
        };
        let folded = left_width + title_room + tools_width > ui.available_width();
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("OCOP Council").font(app_name_font));
            if can_go_back && ui.button(back_label).clicked() {
                actions.push(Action::OpenRounds);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if folded {
                    menu_ui(ui, view, &mut actions);
                } else {
                    // Right to left: the list is drawn from its last tool.
                    for tool in TOOLS.iter().rev() {
                        inline_tool_ui(ui, view, *tool, &mut actions);
                    }
                }
                // Too little room left (a very narrow window): the round's name
                // is on the screen below anyway.
                if let Some(title) = title.filter(|_| ui.available_width() >= 60.0) {
                    // What is left of the line: the round's name, cut with "…" and
                    // shown in full on hover.
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        ui.separator();
                        ui.add(egui::Label::new(egui::RichText::new(title).strong()).truncate())
                            .on_hover_text(title);
                    });
                }
            });
        });
    });
    actions
}

/// One tool as a button in the bar (drawn right to left).
fn inline_tool_ui(ui: &mut egui::Ui, view: &Ctx<'_>, tool: Tool, actions: &mut Vec<Action>) {
    if tool == Tool::Scale {
        // Right to left: the combo first, then its label to its left.
        let combo = egui::ComboBox::from_id_salt("ui_scale")
            .selected_text(format!("{:.0}%", view.prefs.ui_scale * 100.0))
            .show_ui(ui, |ui| scale_choices_ui(ui, view, actions))
            .response
            .on_hover_text(view.tr("Cỡ giao diện (máy chiếu)", "UI scale (projectors)"));
        let scale_name = ui.label(view.tr("Cỡ chữ:", "Scale:"));
        combo.labelled_by(scale_name.id);
        return;
    }
    if ui.button(tool_label(view, tool)).clicked()
        && let Some(action) = tool_action(view, tool)
    {
        actions.push(action);
    }
}

/// Every tool in one menu, for a bar too narrow to show them.
fn menu_ui(ui: &mut egui::Ui, view: &Ctx<'_>, actions: &mut Vec<Action>) {
    ui.menu_button(view.tr("☰ Menu", "☰ Menu"), |ui| {
        for tool in TOOLS {
            if tool == Tool::Scale {
                ui.separator();
                ui.label(view.tr("Cỡ chữ (máy chiếu):", "UI scale (projectors):"));
                ui.horizontal(|ui| scale_choices_ui(ui, view, actions));
                continue;
            }
            if ui.button(tool_label(view, tool)).clicked() {
                if let Some(action) = tool_action(view, tool) {
                    actions.push(action);
                }
                ui.close();
            }
        }
    });
}

fn scale_choices_ui(ui: &mut egui::Ui, view: &Ctx<'_>, actions: &mut Vec<Action>) {
    for scale in Prefs::UI_SCALES {
        let selected = (view.prefs.ui_scale - scale).abs() < 0.01;
        if ui
            .selectable_label(selected, format!("{:.0}%", scale * 100.0))
            .clicked()
        {
            actions.push(Action::SetScale(scale));
        }
    }
}
