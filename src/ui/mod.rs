//! The desktop app: one file per screen. Screens draw from data they were handed
//! and return [`Action`]s; [`OcopApp`] turns actions into worker requests and
//! navigation between frames. No SQL, file or PDF work happens in a frame.

pub mod fonts;
pub mod theme;
mod widgets;

mod audit;
mod certificates;
mod council;
mod criterion_view;
mod desk;
mod dialogs;
mod dossier_panel;
mod laptops;
mod matrix;
mod minutes_dialog;
mod new_dossier;
mod round;
mod rounds;
mod sheet_view;
mod top_bar;

use std::path::PathBuf;
use std::sync::Arc;

use crate::app::export::ExportFormat;
use crate::app::prefs::{Identity, Lang, Prefs, ThemeChoice};
use crate::app::worker::{Reply, Request, Worker};
use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::ids::{DossierId, MemberId, ProductId, RoundId};
use theme::Palette;

/// Everything a screen can ask for.
#[derive(Debug, Clone)]
pub enum Action {
    OpenRounds,
    OpenRound(RoundId),
    SetIdentity(RoundId, Option<Identity>),
    OpenDesk {
        product: ProductId,
        member: MemberId,
    },
    Choose {
        product: ProductId,
        member: MemberId,
        criterion: CriterionId,
        choice: Option<ChoiceId>,
    },
    Comment {
        product: ProductId,
        member: MemberId,
        criterion: CriterionId,
        text: String,
    },
    Submit {
        product: ProductId,
        member: MemberId,
    },
    Reopen {
        product: ProductId,
        member: MemberId,
        by: MemberId,
        reason: String,
    },
    /// Ask where to save the round's results, then write them.
    Export {
        round: RoundId,
        format: ExportFormat,
    },
    /// Create the demo round (offered when there is no round yet).
    LoadDemo,
    /// Pick a dossier (a .zip, or a folder) and import it into the round.
    PickDossier {
        round: RoundId,
        folder: bool,
    },
    /// Import a dossier at a known path (dropped on the window).
    ImportDossierPath {
        round: RoundId,
        path: PathBuf,
    },
    ShowDossierVersion(DossierId),
    /// Pick files for the dossier being typed (they come back as a reply).
    PickFiles,
    /// Pick members' sheets packages (files, or a folder) and merge them.
    PickPackages {
        round: RoundId,
        folder: bool,
    },
    /// Pick a round package (.ocop-round) and import it (a member's laptop).
    PickRoundPackage,
    /// A request for the worker as is (the council's actions: lifecycle,
    /// re-score, recusal, audit, certificates, documents, settings).
    Worker(Request),
    /// Ask where to save a document, then have the worker write it.
    SaveAs {
        title: &'static str,
        file_name: String,
        filter: (&'static str, &'static [&'static str]),
        make: fn(PathBuf, RoundId, Option<MemberId>) -> Request,
        round: RoundId,
        member: Option<MemberId>,
    },
    /// Ask where to save the minutes, then have the worker write them with the
    /// meeting facts the secretary typed.
    SaveMinutes {
        file_name: String,
        round: RoundId,
        extras: crate::pdf::MinutesExtras,
    },
    /// Ask for a file to read, then hand it to the worker.
    PickFile {
        title: &'static str,
        filter: (&'static str, &'static [&'static str]),
        make: fn(PathBuf, RoundId) -> Request,
        round: RoundId,
    },
    /// Ask for a folder, then have the worker write into it.
    PickFolder {
        title: &'static str,
        make: fn(PathBuf, RoundId) -> Request,
        round: RoundId,
    },
    ExportDossier(ProductId),
    SetLang(Lang),
    SetTheme(ThemeChoice),
    SetScale(f32),
    Refresh,
}

/// What is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Rounds,
    Round(RoundId),
    Desk {
        product: ProductId,
        member: MemberId,
    },
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
    progress: Option<(String, u64, u64)>,
    /// A refused dossier: its name and every problem.
    refused: Option<(String, Vec<String>)>,
    fatal: Option<String>,
    /// The theme and scale last applied to the context.
    applied: Option<(ThemeChoice, u32)>,
    /// When set, "save as" answers itself with this folder and the suggested
    /// file name, and written documents are not opened in a viewer (UI tests:
    /// no native dialog or viewer can be driven there).
    save_folder: Option<PathBuf>,
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
            fatal: None,
            applied: None,
            save_folder: None,
        };
        app.worker.send(Request::LoadRounds);
        if let Some(round) = app.prefs.last_round {
            app.apply(Action::OpenRound(round));
        }
        app
    }

    /// Makes every "save as" answer itself with `folder` and the suggested
    /// file name instead of asking, and leaves written documents unopened
    /// (UI tests drive the whole path this way).
    pub fn answer_save_dialogs_in(&mut self, folder: PathBuf) {
        self.save_folder = Some(folder);
    }

    /// Asks where to save (off the frame), then sends `make(path)` to the worker.
    fn save_as(
        &self,
        title: &str,
        file_name: String,
        filter: (&'static str, &'static [&'static str]),
        make: impl FnOnce(PathBuf) -> Request + Send + 'static,
    ) {
        match &self.save_folder {
            Some(folder) => self.worker.send(make(folder.join(file_name))),
            None => dialogs::save_file(
                self.worker.requester(),
                title.to_string(),
                file_name,
                filter,
                make,
            ),
        }
    }

    /// True when every request has been answered and its reply handled: tests
    /// step frames until this holds.
    pub fn is_settled(&self) -> bool {
        self.worker.is_idle()
    }

    /// One frame of the whole app.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.handle_replies();
        let ctx = ui.ctx().clone();
        let scale_key = (self.prefs.ui_scale * 100.0).round() as u32;
        if self.applied != Some((self.prefs.theme, scale_key)) {
            theme::apply(&ctx, self.prefs.theme);
            ctx.set_zoom_factor(self.prefs.ui_scale);
            self.applied = Some((self.prefs.theme, scale_key));
        }
        let view = Ctx {
            lang: self.prefs.lang,
            palette: Palette::of(self.prefs.theme),
            prefs: &self.prefs,
        };
        let mut actions = Vec::new();
        let title = match self.screen {
            Screen::Rounds => None,
            Screen::Round(_) | Screen::Desk { .. } => self.round.as_ref().and_then(|r| r.title()),
        };
        actions.extend(top_bar::top_bar_ui(
            ui,
            &view,
            title.as_deref(),
            self.screen != Screen::Rounds,
        ));
        if let Some(message) = &self.fatal {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.colored_label(view.palette.danger, message);
            });
            return;
        }
        if let Some((what, done, total)) = self.progress.clone() {
            egui::Panel::bottom("progress").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(format!("{} {what}", view.tr("Đang nhập", "Importing")));
                    let fraction = if total == 0 {
                        0.0
                    } else {
                        done as f32 / total as f32
                    };
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .show_percentage()
                            .desired_width(300.0),
                    );
                });
            });
        }
        if let Some((bundle, problems)) = self.refused.clone() {
            let mut open = true;
            egui::Window::new(view.tr("Hồ sơ không được nhập", "Dossier not imported"))
                .open(&mut open)
                .default_width(620.0)
                .show(ui.ctx(), |ui| {
                    ui.label(format!(
                        "{bundle}: {} {}. {}",
                        problems.len(),
                        view.tr("vấn đề", "problem(s)"),
                        view.tr("Không có gì được ghi.", "Nothing was written.")
                    ));
                    egui::ScrollArea::vertical()
                        .max_height(360.0)
                        .show(ui, |ui| {
                            for problem in &problems {
                                ui.colored_label(view.palette.danger, format!("• {problem}"));
                            }
                        });
                });
            if !open {
                self.refused = None;
            }
        }
        if let Some(message) = self.notice.clone() {
            egui::Panel::bottom("notice").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(view.palette.ok, format!("✔ {message}"));
                    if ui.button(view.tr("Đóng", "Dismiss")).clicked() {
                        self.notice = None;
                    }
                });
            });
        }
        if let Some(message) = self.error.clone() {
            egui::Panel::bottom("error").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(view.palette.danger, format!("⚠ {message}"));
                    if ui.button(view.tr("Đóng", "Dismiss")).clicked() {
                        self.error = None;
                    }
                });
            });
        }
        match self.screen {
            Screen::Rounds => actions.extend(self.rounds.ui(ui, &view)),
            Screen::Round(_) => {
                if let Some(round) = &mut self.round {
                    actions.extend(round.ui(ui, &view));
                }
            }
            Screen::Desk { .. } => {
                if let Some(desk) = &mut self.desk {
                    actions.extend(desk.ui(ui, &view));
                }
            }
        }
        self.dropped_files_ui(ui, &view, &mut actions);
        for action in actions {
            self.apply(action);
        }
    }

    /// Dossiers dropped on the window (a folder or a .zip) go into the open round.
    fn dropped_files_ui(&self, ui: &mut egui::Ui, view: &Ctx<'_>, actions: &mut Vec<Action>) {
        let Some(round) = self.round.as_ref().map(round::RoundScreen::round_id) else {
            return;
        };
        if !matches!(self.screen, Screen::Round(_)) {
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
            actions.push(Action::ImportDossierPath { round, path });
        }
    }

    fn handle_replies(&mut self) {
        for reply in self.worker.poll() {
            match reply {
                Reply::Rounds(data) => self.rounds.set_data(data),
                Reply::Round(data) => {
                    if let Some(round) = &mut self.round
                        && round.round_id() == data.round.id
                    {
                        round.set_data(*data);
                    }
                }
                Reply::Desk(data) => {
                    if let Some(desk) = &mut self.desk
                        && desk.is_for(data.product.id, data.member.id)
                    {
                        desk.set_data(*data);
                    }
                }
                Reply::Saved {
                    product,
                    member,
                    criterion,
                    total,
                } => {
                    if let Some(desk) = &mut self.desk
                        && desk.is_for(product, member)
                    {
                        desk.saved(&criterion, total);
                    }
                }
                Reply::Submitted {
                    product, member, ..
                } => {
                    if let Some(desk) = &mut self.desk
                        && desk.is_for(product, member)
                    {
                        self.worker.send(Request::LoadDesk { product, member });
                    }
                    self.reload_round();
                }
                Reply::Failed { what, message } => {
                    self.progress = None;
                    self.error = Some(format!("{what}: {message}"));
                    // Resynchronise the desk with what the store really holds.
                    if let Screen::Desk { product, member } = self.screen {
                        self.worker.send(Request::LoadDesk { product, member });
                    }
                }
                Reply::PrefsSaved => {}
                Reply::Written { path } => {
                    self.notice = Some(path.display().to_string());
                }
                Reply::DemoLoaded(round) => {
                    self.worker.send(Request::LoadRounds);
                    self.apply(Action::OpenRound(round));
                }
                Reply::Progress { what, done, total } => self.progress = Some((what, done, total)),
                Reply::DossierImported {
                    round,
                    product,
                    message,
                } => {
                    self.progress = None;
                    self.notice = Some(format!(
                        "{}: {message}",
                        self.prefs.lang.tr("Đã nhập hồ sơ", "Dossier imported")
                    ));
                    let _ = (round, product);
                    self.reload_round();
                }
                Reply::DossierRefused { bundle, problems } => {
                    self.progress = None;
                    self.refused = Some((bundle, problems));
                }
                Reply::DocumentWritten { path } => {
                    self.progress = None;
                    self.notice = Some(path.display().to_string());
                    if self.save_folder.is_none() {
                        dossier_panel::open_in_viewer(&path);
                    }
                }
                Reply::Changed { round, message } => {
                    self.progress = None;
                    self.notice = Some(message);
                    if round.is_some() {
                        self.reload_round();
                        if let Some(screen) = &self.round {
                            for request in screen.refresh_requests() {
                                self.worker.send(request);
                            }
                        }
                    }
                    self.worker.send(Request::LoadRounds);
                }
                Reply::CriterionView(view) => {
                    if let Some(round) = &mut self.round {
                        round.set_criterion_view(*view);
                    }
                }
                Reply::Audit {
                    round,
                    entries,
                    report,
                } => {
                    if let Some(screen) = &mut self.round
                        && screen.round_id() == round
                    {
                        screen.set_audit(entries, *report);
                    }
                }
                Reply::Certificates {
                    round,
                    rows,
                    expiring,
                } => {
                    if let Some(screen) = &mut self.round
                        && screen.round_id() == round
                    {
                        screen.set_certificates(rows, expiring);
                    }
                }
                Reply::PayloadVerdict(verdict) => {
                    if let Some(screen) = &mut self.round {
                        screen.set_verdict(*verdict);
                    }
                }
                Reply::DocSettings(settings) => {
                    if let Some(screen) = &mut self.round {
                        screen.set_doc_settings(settings);
                    }
                }
                Reply::RoundCreated(round) => {
                    self.worker.send(Request::LoadRounds);
                    self.apply(Action::OpenRound(round));
                }
                Reply::ProfileKey(key) => self.rounds.set_profile_key(key),
                Reply::RoundPackageImported { round, me, message } => {
                    self.progress = None;
                    self.notice = Some(format!(
                        "{}: {message}",
                        self.prefs
                            .lang
                            .tr("Đã nhập gói đợt", "Round package imported")
                    ));
                    if let Some(member) = me {
                        // This laptop's key is a member's: that member is at the keyboard.
                        self.prefs.set_identity(round, Identity::Member(member));
                        self.save_prefs();
                    }
                    self.worker.send(Request::LoadRounds);
                    self.apply(Action::OpenRound(round));
                }
                Reply::Merged {
                    round,
                    reports,
                    conflicts,
                } => {
                    self.progress = None;
                    if let Some(screen) = &mut self.round
                        && screen.round_id() == round
                    {
                        screen.set_merge_report(reports, conflicts);
                    }
                    self.reload_round();
                }
                Reply::Conflicts { round, conflicts } => {
                    if let Some(screen) = &mut self.round
                        && screen.round_id() == round
                    {
                        screen.set_conflicts(conflicts);
                    }
                }
                Reply::PickedFiles(paths) => {
                    if let Some(screen) = &mut self.round {
                        screen.add_picked_files(paths);
                    }
                }
                Reply::DossierVersion(view) => {
                    if let Some(desk) = &mut self.desk {
                        desk.show_version(*view);
                    }
                }
                Reply::Fatal(message) => self.fatal = Some(message),
            }
        }
    }

    fn reload_round(&self) {
        if let Some(round) = &self.round {
            self.worker.send(Request::LoadRound {
                round: round.round_id(),
                identity: self.prefs.identity(round.round_id()),
            });
        }
    }

    fn save_prefs(&self) {
        self.worker
            .send(Request::SavePrefs(Box::new(self.prefs.clone())));
    }

    /// Runs an action (screens return them; tests and benchmarks may send them too).
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::OpenRounds => {
                self.screen = Screen::Rounds;
                self.worker.send(Request::LoadRounds);
            }
            Action::OpenRound(round) => {
                if self.round.as_ref().map(round::RoundScreen::round_id) != Some(round) {
                    self.round = Some(round::RoundScreen::new(round));
                }
                self.screen = Screen::Round(round);
                self.desk = None;
                self.worker.send(Request::SetActor(identity_label(
                    self.prefs.identity(round),
                )));
                if self.prefs.last_round != Some(round) {
                    self.prefs.last_round = Some(round);
                    self.save_prefs();
                }
                self.reload_round();
            }
            Action::SetIdentity(round, identity) => {
                self.worker
                    .send(Request::SetActor(identity_label(identity)));
                match identity {
                    Some(identity) => self.prefs.set_identity(round, identity),
                    None => {
                        self.prefs.identities.remove(&round.to_string());
                    }
                }
                self.save_prefs();
                self.reload_round();
            }
            Action::OpenDesk { product, member } => {
                self.desk = Some(desk::DeskScreen::new(product, member));
                self.screen = Screen::Desk { product, member };
                self.worker.send(Request::LoadDesk { product, member });
            }
            Action::Choose {
                product,
                member,
                criterion,
                choice,
            } => self.worker.send(Request::Choose {
                product,
                member,
                criterion,
                choice,
            }),
            Action::Comment {
                product,
                member,
                criterion,
                text,
            } => self.worker.send(Request::Comment {
                product,
                member,
                criterion,
                text,
            }),
            Action::Submit { product, member } => {
                self.worker.send(Request::Submit { product, member });
            }
            Action::Reopen {
                product,
                member,
                by,
                reason,
            } => {
                self.worker.send(Request::Reopen {
                    product,
                    member,
                    by,
                    reason,
                });
                self.reload_round();
            }
            Action::Export { round, format } => {
                let (extension, filter): (&str, (&'static str, &'static [&'static str])) =
                    match format {
                        ExportFormat::Xlsx => ("xlsx", ("Excel", &["xlsx"])),
                        ExportFormat::Csv => ("csv", ("CSV", &["csv"])),
                        ExportFormat::Json => ("json", ("JSON", &["json"])),
                    };
                dialogs::save_file(
                    self.worker.requester(),
                    self.prefs
                        .lang
                        .tr("Lưu kết quả đợt đánh giá", "Save the round's results")
                        .into(),
                    format!("ket-qua-dot-{round}.{extension}"),
                    filter,
                    move |path| Request::Export {
                        round,
                        format,
                        path,
                    },
                );
            }
            Action::LoadDemo => self.worker.send(Request::LoadDemo),
            Action::PickDossier { round, folder } => {
                let requester = self.worker.requester();
                let title = self
                    .prefs
                    .lang
                    .tr("Chọn hồ sơ sản phẩm", "Choose a product dossier")
                    .to_string();
                let spawned = std::thread::Builder::new()
                    .name("open-dialog".into())
                    .spawn(move || {
                        let dialog = rfd::FileDialog::new().set_title(title);
                        let picked = if folder {
                            dialog.pick_folder()
                        } else {
                            dialog.add_filter("Zip", &["zip"]).pick_file()
                        };
                        if let Some(path) = picked {
                            requester.send(Request::ImportDossier { round, path });
                        }
                    });
                if let Err(e) = spawned {
                    self.error = Some(format!("cannot open a file dialog: {e}"));
                }
            }
            Action::ImportDossierPath { round, path } => {
                self.worker.send(Request::ImportDossier { round, path });
            }
            Action::Worker(request) => self.worker.send(request),
            Action::PickPackages { round, folder } => {
                let requester = self.worker.requester();
                let spawned = std::thread::Builder::new()
                    .name("packages-dialog".into())
                    .spawn(move || {
                        let dialog =
                            rfd::FileDialog::new().set_title("Gói phiếu của các thành viên");
                        let picked = if folder {
                            dialog.pick_folder().map(|p| vec![p])
                        } else {
                            dialog
                                .add_filter("OCOP sheets package", &["ocop-sheets"])
                                .pick_files()
                        };
                        if let Some(paths) = picked {
                            requester.send(Request::MergePackages { round, paths });
                        }
                    });
                if let Err(e) = spawned {
                    self.error = Some(format!("cannot open a file dialog: {e}"));
                }
            }
            Action::PickRoundPackage => {
                dialogs::pick_file(
                    self.worker.requester(),
                    self.prefs
                        .lang
                        .tr("Gói đợt đánh giá", "Round package")
                        .into(),
                    ("OCOP round package", &["ocop-round"]),
                    |path| Request::ImportRoundPackage { path },
                );
            }
            Action::PickFiles => {
                let requester = self.worker.requester();
                let title = self
                    .prefs
                    .lang
                    .tr("Chọn tài liệu của hồ sơ", "Choose the dossier's files")
                    .to_string();
                let spawned = std::thread::Builder::new()
                    .name("files-dialog".into())
                    .spawn(move || {
                        if let Some(paths) = rfd::FileDialog::new().set_title(title).pick_files() {
                            requester.send(Request::PickedFiles(paths));
                        }
                    });
                if let Err(e) = spawned {
                    self.error = Some(format!("cannot open a file dialog: {e}"));
                }
            }
            Action::SaveAs {
                title,
                file_name,
                filter,
                make,
                round,
                member,
            } => self.save_as(title, file_name, filter, move |path| {
                make(path, round, member)
            }),
            Action::SaveMinutes {
                file_name,
                round,
                extras,
            } => self.save_as(
                "Biên bản họp hội đồng",
                file_name,
                ("PDF", &["pdf"]),
                move |path| Request::PrintMinutes {
                    round,
                    path,
                    extras,
                },
            ),
            Action::PickFile {
                title,
                filter,
                make,
                round,
            } => {
                dialogs::pick_file(
                    self.worker.requester(),
                    title.to_string(),
                    filter,
                    move |path| make(path, round),
                );
            }
            Action::PickFolder { title, make, round } => {
                dialogs::pick_folder(self.worker.requester(), title.to_string(), move |path| {
                    make(path, round)
                });
            }
            Action::ShowDossierVersion(dossier) => {
                self.worker.send(Request::LoadDossierVersion { dossier });
            }
            Action::ExportDossier(product) => {
                dialogs::save_file(
                    self.worker.requester(),
                    self.prefs
                        .lang
                        .tr("Xuất hồ sơ (.zip)", "Export the dossier (.zip)")
                        .into(),
                    format!("ho-so-san-pham-{product}.zip"),
                    ("Zip", &["zip"]),
                    move |path| Request::ExportDossier { product, path },
                );
            }
            Action::SetLang(lang) => {
                self.prefs.lang = lang;
                self.save_prefs();
            }
            Action::SetTheme(theme) => {
                self.prefs.theme = theme;
                self.save_prefs();
            }
            Action::SetScale(scale) => {
                self.prefs.ui_scale = scale;
                self.save_prefs();
            }
            Action::Refresh => match self.screen {
                Screen::Rounds => self.worker.send(Request::LoadRounds),
                Screen::Round(_) => self.reload_round(),
                Screen::Desk { product, member } => {
                    self.worker.send(Request::LoadDesk { product, member });
                }
            },
        }
    }
}

impl eframe::App for OcopApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        OcopApp::ui(self, ui);
    }
}

/// How the audit log names the person at the keyboard.
fn identity_label(identity: Option<Identity>) -> String {
    match identity {
        Some(Identity::Member(id)) => format!("gui: member:{id}"),
        Some(Identity::Secretariat) => "gui: secretariat".into(),
        None => "gui".into(),
    }
}

/// Prepares a context for the app: the Vietnamese fonts and the image loaders
/// (dossier photos). The app and every UI test call this.
pub fn setup_context(ctx: &egui::Context) {
    fonts::install(ctx);
    egui_extras::install_image_loaders(ctx);
}

/// Opens the desktop window.
pub fn run_native(data_dir: PathBuf) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("OCOP Council — Hội đồng đánh giá, phân hạng sản phẩm OCOP")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native(
        "ocop-council",
        options,
        Box::new(move |cc| Ok(Box::new(OcopApp::new(&cc.egui_ctx, data_dir)))),
    )
}
