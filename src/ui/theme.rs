//! Colours and sizes, in one place. Screens never hard-code a colour.

use egui::Color32;

use crate::app::prefs::ThemeChoice;

/// Semantic colours of the current theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub star: Color32,
    pub star_empty: Color32,
    pub ok: Color32,
    pub warn: Color32,
    pub danger: Color32,
    pub muted: Color32,
    pub selected_bg: Color32,
    pub focus_bg: Color32,
    pub part_bg: Color32,
    pub knockout: Color32,
}

impl Palette {
    pub fn of(theme: ThemeChoice) -> Self {
        match theme {
            ThemeChoice::Light => Self {
                star: Color32::from_rgb(0xC8, 0x8A, 0x00),
                star_empty: Color32::from_gray(0xC8),
                ok: Color32::from_rgb(0x1B, 0x7F, 0x3A),
                warn: Color32::from_rgb(0xB3, 0x5C, 0x00),
                danger: Color32::from_rgb(0xB0, 0x1E, 0x1E),
                muted: Color32::from_gray(0x66),
                selected_bg: Color32::from_rgb(0xD8, 0xE8, 0xFF),
                focus_bg: Color32::from_rgb(0xFF, 0xF4, 0xD6),
                part_bg: Color32::from_rgb(0xEE, 0xF2, 0xF7),
                knockout: Color32::from_rgb(0x9A, 0x16, 0x16),
            },
            ThemeChoice::Dark => Self {
                star: Color32::from_rgb(0xFF, 0xC8, 0x3D),
                star_empty: Color32::from_gray(0x55),
                ok: Color32::from_rgb(0x6C, 0xD0, 0x8A),
                warn: Color32::from_rgb(0xFF, 0xA9, 0x4D),
                danger: Color32::from_rgb(0xFF, 0x78, 0x78),
                muted: Color32::from_gray(0xA0),
                selected_bg: Color32::from_rgb(0x1F, 0x3A, 0x5F),
                focus_bg: Color32::from_rgb(0x4A, 0x3D, 0x12),
                part_bg: Color32::from_rgb(0x26, 0x2B, 0x33),
                knockout: Color32::from_rgb(0xFF, 0x8A, 0x8A),
            },
        }
    }
}

/// Sizes in points.
pub mod size {
    pub const HEADING: f32 = 20.0;
    pub const SUBHEADING: f32 = 16.0;
    pub const BODY: f32 = 14.0;
    pub const SMALL: f32 = 12.0;
    pub const ROW_HEIGHT: f32 = 24.0;
    pub const DOSSIER_PANEL_WIDTH: f32 = 340.0;
}

/// Applies the theme and the text sizes to the context.
pub fn apply(ctx: &egui::Context, theme: ThemeChoice) {
    ctx.set_theme(match theme {
        ThemeChoice::Light => egui::Theme::Light,
        ThemeChoice::Dark => egui::Theme::Dark,
    });
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(size::HEADING, FontFamily::Proportional),
            ),
            (
                TextStyle::Body,
                FontId::new(size::BODY, FontFamily::Proportional),
            ),
            (
                TextStyle::Button,
                FontId::new(size::BODY, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(size::SMALL, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(size::BODY, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
    });
}
