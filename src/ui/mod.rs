//! The desktop app: one file per screen. Screens draw from data they were handed
//! and return [`Action`]s; [`OcopApp`] turns actions into worker requests and
//! navigation between frames. No SQL, file or PDF work happens in a frame.

use crate::app::request::{DossiersRequest, FilesRequest, PeopleRequest, ViewsRequest};

pub mod fonts;
pub mod theme;
#[cfg(test)]
mod vi_check;
mod widgets;

mod audit;
mod audit_actions;
mod backups;
mod catalogue;
mod catalogue_history;
mod catalogue_timeline;
mod certificates;
mod commune_report;
mod council;
mod criterion_view;
mod desk;
mod dialogs;
mod dossier_panel;
mod failures;
mod format;
mod laptops;
mod matrix;
mod messages;
mod new_dossier;
mod people;
mod refusal_text;
mod round;
mod rounds;
mod sheet_view;
mod top_bar;

mod actions;
mod inbox;
mod replies;

pub use actions::Action;

use std::path::PathBuf;
use std::sync::Arc;

use crate::app::prefs::{Identity, Lang, Prefs, ThemeChoice};
use crate::app::worker::{Request, Worker};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::permissions::CouncilAction;
use theme::Palette;

/// What is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Rounds,
    Round(RoundId),
    Desk {
        product: ProductId,
        member: MemberId,
    },
    Backups,
    Catalogue,
}

/// Read-only context every screen gets.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub palette: Palette,
    pub prefs: &'a Prefs,
}

impl Ctx<'_> {
    pub fn tr(&self, vi: &'static str, en: &'static str) -> &'static str {
        self.lang.tr(vi, en)
    }
}

pub struct OcopApp {
    prefs: Prefs,
    worker: Worker,
    screen: Screen,
    rounds: rounds::RoundsScreen,
    round: Option<round::RoundScreen>,
    desk: Option<desk::DeskScreen>,
    /// The latest error the user should see (dismissable).
    error: Option<String>,
    /// The latest confirmation (e.g. a file written).
    notice: Option<String>,
    /// Long work under way: what, done, total.
    progress: Option<crate::domain::progress::Progress>,
    /// A refused dossier: its name and every problem.
    /// A refused file (a dossier, a product list, a round package): its name and
    /// the refusal, until the user closes the panel.
    refused: Option<(String, crate::domain::refusal::Refusal)>,
    /// What a round package just imported did here, until the user closes it.
    imported_package: Option<laptops::ImportedPackage>,
    /// A change the store refused, with its reasons (cleared by the next change
    /// that goes through).
    refusal: Option<crate::app::notice::Refusal>,
    fatal: Option<String>,
    backups: backups::BackupsScreen,
    catalogue: catalogue::CatalogueScreen,
    /// The data folder did not open for a reason the user can fix here.
    start_problem: Option<crate::app::backup::StartProblem>,
    /// The theme and scale last applied to the context.
    applied: Option<(ThemeChoice, u32)>,
    /// When set, "save as" answers itself with this folder and the suggested
    /// file name, and written documents are not opened in a viewer (UI tests:
    /// no native dialog or viewer can be driven there).
    save_folder: Option<PathBuf>,
    /// Where a file goes when no native save dialog can be shown.
    exports_dir: PathBuf,
    /// Who is at the keyboard: the PIN dialog, whom the worker accepted, the idle lock.
    people: PeopleState,
    /// Actions from the dialogs' threads (files picked), applied at the next frame.
    inbox: inbox::Inbox,
}

/// Who is at the keyboard, as the UI knows it.
#[derive(Default)]
struct PeopleState {
    prompt: Option<people::PinPrompt>,
    /// The person the worker accepted (PIN-checked where the round requires it).
    vouched: Option<(RoundId, Identity)>,
    /// egui's clock at the last key press or mouse move (the idle lock).
    last_input_seconds: f64,
}

impl OcopApp {
    /// Opens the app on `data_dir`; `ctx` is used to wake the UI from the worker.
    pub fn new(ctx: &egui::Context, data_dir: PathBuf) -> Self {
        setup_context(ctx);
        let waker_ctx = ctx.clone();
        Self::with_waker(data_dir, Arc::new(move || waker_ctx.request_repaint()))
    }

    /// Opens the app with a custom waker (UI tests step frames themselves).
    /// The context must be prepared with [`setup_context`].
    pub fn with_waker(data_dir: PathBuf, waker: crate::app::worker::Waker) -> Self {
        // Read once, before the first frame; later saves go through the worker.
        let prefs = Prefs::load(&data_dir);
        let exports_dir = data_dir.join("exports");
        let inbox = inbox::Inbox::new(waker.clone());
        let worker = Worker::spawn(data_dir, waker);
        let mut app = Self {
            prefs,
            worker,
            screen: Screen::Rounds,
            rounds: rounds::RoundsScreen::default(),
            round: None,
            desk: None,
            error: None,
            notice: None,
            progress: None,
            refused: None,
            imported_package: None,
            refusal: None,
            fatal: None,
            backups: backups::BackupsScreen::default(),
            catalogue: catalogue::CatalogueScreen::default(),
            start_problem: None,
            applied: None,
            save_folder: None,
            exports_dir,
            people: PeopleState::default(),
            inbox,
        };
        app.worker.send(ViewsRequest::LoadRounds);
        if let Some(round) = app.prefs.last_round {
            app.apply(Action::OpenRound(round));
        }
        app
    }

    /// True when every request has been answered and its reply handled: tests
    /// step frames until this holds.
    pub fn is_settled(&self) -> bool {
        self.worker.is_idle()
    }

    /// One frame of the whole app.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.handle_replies();
        for action in self.inbox.take() {
            self.apply(action);
        }
        self.apply_theme(ui.ctx());
        let mut actions = self.top_bar_ui(ui);
        let pins = self
            .round
            .as_ref()
            .is_some_and(round::RoundScreen::pins_required);
        idle_lock(
            &mut self.people,
            pins,
            self.prefs.idle_lock_seconds,
            ui.ctx(),
            &mut actions,
        );
        let locked = self.round_locked();
        self.pin_dialog_ui(ui.ctx());
        if let Some(message) = &self.fatal {
            let danger = Palette::of(self.prefs.theme).danger;
            egui::CentralPanel::default().show(ui, |ui| {
                ui.colored_label(danger, message);
            });
            return;
        }
        if let Some(problem) = self.start_problem.clone() {
            let view = view_of(&self.prefs);
            messages_ui(ui, &view, &mut self.error, &mut self.notice);
            actions.extend(backups::start_problem_ui(ui, &view, &problem));
        } else {
            self.progress_ui(ui);
            self.refusal_panel_ui(ui);
            let view = view_of(&self.prefs);
            for (slot, color, mark) in [
                (&mut self.notice, view.palette.ok, "✔"),
                (&mut self.error, view.palette.danger, "⚠"),
            ] {
                message_bar_ui(ui, &view, slot, color, mark);
            }
            actions.extend(self.screen_ui(ui, locked));
            self.dropped_files_ui(ui, &mut actions);
        }
        for action in actions {
            self.apply(action);
        }
    }

    /// The context every screen draws with.
    fn view(&self) -> Ctx<'_> {
        view_of(&self.prefs)
    }

    /// The theme and scale, when they changed since the last frame.
    fn apply_theme(&mut self, ctx: &egui::Context) {
        let scale_key = (self.prefs.ui_scale * 100.0).round() as u32;
        if self.applied != Some((self.prefs.theme, scale_key)) {
            theme::apply(ctx, self.prefs.theme);
            ctx.set_zoom_factor(self.prefs.ui_scale);
            self.applied = Some((self.prefs.theme, scale_key));
        }
    }

    fn top_bar_ui(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let title = match self.screen {
            Screen::Rounds | Screen::Backups | Screen::Catalogue => None,
            Screen::Round(_) | Screen::Desk { .. } => self.round.as_ref().and_then(|r| r.title()),
        };
        top_bar::top_bar_ui(
            ui,
            &self.view(),
            title.as_deref(),
            self.screen != Screen::Rounds,
        )
    }

    /// The PIN dialog, when one is asked for.
    fn pin_dialog_ui(&mut self, ctx: &egui::Context) {
        let view = view_of(&self.prefs);
        let Some(prompt) = &mut self.people.prompt else {
            return;
        };
        let name = self
            .round
            .as_ref()
            .and_then(|r| r.person_name(&view, self.prefs.identity(r.round_id())))
            .unwrap_or_default();
        match people::pin_dialog_ui(ctx, &view, prompt, &name) {
            Some(people::PinAnswer::Send(request)) => self.worker.send(request),
            Some(people::PinAnswer::Cancel) => {
                self.people.prompt = None;
                // The step asked for was not sent: its dialog can be sent again.
                if let Some(round) = &mut self.round {
                    round.change_refused();
                }
            }
            None => {}
        }
    }

    /// The bar of long work under way.
    fn progress_ui(&self, ui: &mut egui::Ui) {
        let Some(progress) = &self.progress else {
            return;
        };
        let view = self.view();
        let work = messages::work_text(view.lang, progress.work);
        let text = match &progress.item {
            Some(item) => format!("{work} {item}"),
            None => work.to_owned(),
        };
        egui::Panel::bottom("progress").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(text);
                ui.add(
                    egui::ProgressBar::new(progress.fraction())
                        .show_percentage()
                        .desired_width(300.0),
                );
            });
        });
    }

    /// A refused dossier's problems, or a refused change's reasons, in a panel
    /// the user closes.
    fn refusal_panel_ui(&mut self, ui: &mut egui::Ui) {
        let view = view_of(&self.prefs);
        if let Some((file, refusal)) = &self.refused {
            let heading = format!(
                "{file}: {} {}. {}",
                refusal.problems.len(),
                view.tr("vấn đề", "problem(s)"),
                view.tr("Không có gì được ghi.", "Nothing was written.")
            );
            let title = messages::not_imported_title(view.lang, &refusal.what);
            let lines: Vec<String> = refusal
                .problems
                .iter()
                .map(|p| refusal_text::problem_text(view.lang, p))
                .collect();
            if !messages::refusal_panel_ui(ui.ctx(), &view, title, &heading, &lines) {
                self.refused = None;
            }
        } else if let Some(imported) = &self.imported_package {
            if !laptops::imported_package_ui(ui.ctx(), &view, imported) {
                self.imported_package = None;
            }
        } else if let Some(refusal) = &self.refusal {
            let data = self.round.as_ref().and_then(round::RoundScreen::data);
            let (heading, lines) = messages::refusal_lines(&view, refusal, data);
            let title = view.tr("Bị từ chối", "Refused");
            if !messages::refusal_panel_ui(ui.ctx(), &view, title, &heading, &lines) {
                self.refusal = None;
            }
        }
    }

    /// The screen on show.
    fn screen_ui(&mut self, ui: &mut egui::Ui, locked: bool) -> Vec<Action> {
        let view = view_of(&self.prefs);
        let round = self.round.as_mut();
        match self.screen {
            Screen::Rounds => self.rounds.ui(ui, &view),
            // A locked round hides the sheet: back to the round's header and lock.
            Screen::Round(_) => round.map_or_else(Vec::new, |r| r.ui(ui, &view, locked)),
            Screen::Desk { .. } if locked => {
                round.map_or_else(Vec::new, |r| r.ui(ui, &view, locked))
            }
            Screen::Desk { product, .. } => {
                let nav = round.map(|r| r.desk_nav(product)).unwrap_or_default();
                match &mut self.desk {
                    Some(desk) => desk.ui(ui, &view, &nav),
                    None => Vec::new(),
                }
            }
            Screen::Backups => self.backups.ui(ui, &view),
            Screen::Catalogue => self.catalogue.ui(ui, &view),
        }
    }

    /// Dossiers dropped on the window (a folder or a .zip) go into the open round.
    fn dropped_files_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let view = self.view();
        let Some(round) = self.round.as_ref().map(round::RoundScreen::round_id) else {
            return;
        };
        if !matches!(self.screen, Screen::Round(_)) {
            return;
        }
        // As the toolbar's *Nhập hồ sơ*: only for those the permission table lets
        // import (a member's drop would be refused by the store).
        let data = self.round.as_ref().and_then(round::RoundScreen::data);
        if !data.is_some_and(|d| d.may(CouncilAction::ImportDossiers)) {
            return;
        }
        let (hovering, dropped) = ui.input(|i| {
            (
                !i.raw.hovered_files.is_empty(),
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect::<Vec<_>>(),
            )
        });
        if hovering {
            egui::Area::new(egui::Id::unique("drop-hint"))
                .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.label(view.tr(
                            "Thả thư mục hoặc tệp .zip hồ sơ để nhập vào đợt này",
                            "Drop a dossier folder or .zip to import it into this round",
                        ));
                    });
                });
        }
        for path in dropped {
            actions.push(Action::send(DossiersRequest::ImportDossier { round, path }));
        }
    }

    fn reload_round(&self) {
        if let Some(round) = &self.round {
            self.worker.send(ViewsRequest::LoadRound {
                round: round.round_id(),
                identity: self.prefs.identity(round.round_id()),
            });
        }
    }

    /// Tells the worker who is at the keyboard in `round` (it asks for a PIN where
    /// the round requires one: the reply opens the PIN dialog).
    fn identify(&mut self, round: RoundId, identity: Option<Identity>) {
        self.people.vouched = None;
        self.people.prompt = None;
        match identity {
            Some(identity) => self.worker.send(PeopleRequest::SetIdentity {
                round,
                who: identity.into(),
                pin: None,
            }),
            None => self.worker.send(PeopleRequest::ClearIdentity),
        }
    }

    /// The open round requires PINs and nobody vouched for is at the keyboard.
    fn round_locked(&self) -> bool {
        let Some(screen) = &self.round else {
            return false;
        };
        if !screen.pins_required() || self.screen == Screen::Rounds {
            return false;
        }
        let round = screen.round_id();
        match self.prefs.identity(round) {
            Some(identity) => self.people.vouched != Some((round, identity)),
            None => true,
        }
    }

    /// Sends a council request; a weighty one, in a round that requires PINs, first
    /// asks the person's PIN again (the dialog then sends it wrapped in the PIN).
    fn send_council(&mut self, request: Request) {
        let pins = self
            .round
            .as_ref()
            .is_some_and(round::RoundScreen::pins_required);
        let me = self
            .round
            .as_ref()
            .and_then(|r| match self.prefs.identity(r.round_id()) {
                Some(Identity::Member(id)) => Some(id),
                _ => None,
            });
        let weighty = request
            .council_action(me)
            .is_some_and(crate::domain::permissions::CouncilAction::asks_pin_again);
        if pins && weighty {
            self.people.prompt = Some(people::PinPrompt::new(people::PinPurpose::Again {
                request: Box::new(request),
            }));
        } else {
            self.worker.send(request);
        }
    }

    fn save_prefs(&self) {
        self.worker
            .send(FilesRequest::SavePrefs(Box::new(self.prefs.clone())));
    }
}

/// The context screens draw with, from the preferences (a function of the
/// preferences alone, so the app's other fields stay free to change).
fn view_of(prefs: &Prefs) -> Ctx<'_> {
    Ctx {
        lang: prefs.lang,
        palette: Palette::of(prefs.theme),
        prefs,
    }
}

/// In a round that requires PINs, locks the screen after `idle_seconds` without a
/// key press or a mouse move.
fn idle_lock(
    people: &mut PeopleState,
    pins_required: bool,
    idle_seconds: u32,
    ctx: &egui::Context,
    actions: &mut Vec<Action>,
) {
    let (now, active) = ctx.input(|i| {
        (
            i.time,
            !i.events.is_empty() || i.pointer.delta() != egui::Vec2::ZERO,
        )
    });
    if active {
        people.last_input_seconds = now;
    }
    if !pins_required || people.vouched.is_none() {
        return;
    }
    if now - people.last_input_seconds > f64::from(idle_seconds) {
        actions.push(Action::Lock);
    } else {
        ctx.request_repaint_after(std::time::Duration::from_secs(1));
    }
}

/// A one-message bar at the bottom: the close button first, then the message,
/// wrapping (a long path or several reasons never run off the window).
fn message_bar_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    slot: &mut Option<String>,
    color: egui::Color32,
    mark: &str,
) {
    let Some(message) = slot.clone() else {
        return;
    };
    egui::Panel::bottom(format!("message-{mark}")).show(ui, |ui| {
        ui.horizontal_top(|ui| {
            if ui.button(view.tr("Đóng", "Dismiss")).clicked() {
                *slot = None;
            }
            ui.add(
                egui::Label::new(egui::RichText::new(format!("{mark} {message}")).color(color))
                    .wrap(),
            );
        });
    });
}

/// The error and the notice while the start-up dialog is shown.
fn messages_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    error: &mut Option<String>,
    notice: &mut Option<String>,
) {
    for (slot, color, mark) in [
        (error, view.palette.danger, "⚠"),
        (notice, view.palette.ok, "✔"),
    ] {
        if let Some(message) = slot.clone() {
            egui::Panel::bottom(format!("start-{mark}")).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(color, format!("{mark} {message}"));
                    if ui.button(view.tr("Đóng", "Dismiss")).clicked() {
                        *slot = None;
                    }
                });
            });
        }
    }
}

impl eframe::App for OcopApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        OcopApp::ui(self, ui);
    }
}

/// Prepares a context for the app: the Vietnamese fonts and the image loaders
/// (dossier photos). The app and every UI test call this.
pub fn setup_context(ctx: &egui::Context) {
    fonts::install(ctx);
    // A wheel notch moves about three lines of a sheet (egui's 40 points made a
    // 32-criterion sheet take dozens of notches).
    ctx.options_mut(|o| o.input_options.line_scroll_speed = 110.0);
    egui_extras::install_image_loaders(ctx);
}

/// The window icon: the 256 px rendering of assets/icons/ocop-council.svg, the
/// launcher's icon too. A PNG that does not decode keeps egui's default icon.
fn window_icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icons/ocop-council-256.png"))
        .ok()
}

/// Opens the desktop window.
pub fn run_native(data_dir: PathBuf) -> eframe::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("OCOP Council — Hội đồng đánh giá, phân hạng sản phẩm OCOP")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([900.0, 600.0])
        // Names the .desktop file on Wayland and WM_CLASS on X11, so the launcher
        // groups the window under its entry (tools/package/ocop-council.desktop).
        .with_app_id("ocop-council");
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "ocop-council",
        options,
        Box::new(move |cc| Ok(Box::new(OcopApp::new(&cc.egui_ctx, data_dir)))),
    )
}
