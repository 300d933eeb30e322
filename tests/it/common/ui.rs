//! Driving the whole app through egui_kittest: the harness on a data folder, and
//! stepping frames until the worker thread has answered everything.

use std::path::Path;
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ocop_council::app::prefs::{Lang, Prefs};
use ocop_council::ui::OcopApp;

/// Writes Vietnamese preferences, so tests read the labels a council sees.
pub fn vietnamese(dir: &Path) {
    Prefs {
        lang: Lang::Vi,
        ..Prefs::default()
    }
    .save(dir)
    .expect("preferences");
}

/// The app on `data_dir`, with the app's own fonts (a missing glyph fails the test).
pub fn harness(data_dir: &Path) -> Harness<'static, OcopApp> {
    harness_stepping(data_dir, 0.25)
}

/// The app in a window of `size` points (a 900×600 screen at 150% is 600×400 points).
pub fn harness_sized(data_dir: &Path, size: egui::Vec2) -> Harness<'static, OcopApp> {
    let app = OcopApp::with_waker(data_dir.to_path_buf(), Arc::new(|| {}));
    let mut harness = Harness::builder()
        .with_size(size)
        .with_step_dt(0.25)
        .with_context_setup(ocop_council::ui::setup_context)
        .build_ui_state(|ui, app: &mut OcopApp| app.ui(ui), app);
    settle(&mut harness);
    harness
}

/// [`harness`] whose every frame advances egui's clock by `step_seconds` (tests of
/// what happens after a time, such as the idle lock).
pub fn harness_stepping(data_dir: &Path, step_seconds: f32) -> Harness<'static, OcopApp> {
    let app = OcopApp::with_waker(data_dir.to_path_buf(), Arc::new(|| {}));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_step_dt(step_seconds)
        .with_context_setup(ocop_council::ui::setup_context)
        .build_ui_state(|ui, app: &mut OcopApp| app.ui(ui), app);
    settle(&mut harness);
    harness
}

/// Steps frames until the worker has answered everything and the UI took it in.
pub fn settle(harness: &mut Harness<'static, OcopApp>) {
    for _ in 0..5000 {
        harness.step();
        if harness.state().is_settled() {
            harness.step();
            if harness.state().is_settled() {
                harness.step();
                return;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    panic!("the app did not settle");
}

/// Steps frames until a widget labelled `label` shows (up to ~10 s: the worker may
/// still be reopening a data folder on a loaded machine).
pub fn wait_for_label(harness: &mut Harness<'static, OcopApp>, label: &str) {
    for _ in 0..1000 {
        if harness.query_by_label(label).is_some() {
            return;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.get_by_label(label);
}

/// Opens the "who am I" list (showing `current`) and picks `who`.
pub fn pick_identity(harness: &mut Harness<'static, OcopApp>, current: &str, who: &str) {
    harness.get_by_value(current).click();
    harness.run();
    harness.get_by_label(who).click();
    settle(harness);
}

/// Types into the text field named `label`.
pub fn type_into(harness: &mut Harness<'static, OcopApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.step();
}
