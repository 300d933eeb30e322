//! The embedded fonts. egui's default fonts lack most Vietnamese letters (ấ ứ ậ ả
//! render as boxes), so DejaVu Sans (full Vietnamese coverage, Bitstream Vera
//! licence in assets/fonts) goes first for both proportional and monospace text.

use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};

pub const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Name of the bold family, for headings: `egui::FontFamily::Name(BOLD.into())`.
pub const BOLD: &str = "DejaVuSansBold";

/// Installs the fonts on a context (the app and every UI test call this).
pub fn install(ctx: &egui::Context) {
    ctx.add_font(FontInsert::new(
        "DejaVuSans",
        egui::FontData::from_static(DEJAVU_SANS),
        vec![
            InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: FontPriority::Highest,
            },
            InsertFontFamily {
                family: egui::FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
    ctx.add_font(FontInsert::new(
        BOLD,
        egui::FontData::from_static(DEJAVU_SANS_BOLD),
        vec![InsertFontFamily {
            family: egui::FontFamily::Name(BOLD.into()),
            priority: FontPriority::Highest,
        }],
    ));
}

/// A bold font of `size` points.
pub fn bold(size: f32) -> egui::FontId {
    egui::FontId::new(size, egui::FontFamily::Name(BOLD.into()))
}
