//! What screens ask for ([`Action`]) and how the app carries it out between
//! frames: navigation, worker requests, and native file dialogs on their own
//! threads. Nothing here draws; nothing here touches SQL or files directly.
//! Requests go to the worker as they are ([`Action::Worker`]); the other
//! actions are the UI's own (screens, dialogs, preferences).

use std::path::PathBuf;

use super::{OcopApp, Screen, desk, dialogs, people, round};
use crate::app::export::ExportFormat;
use crate::app::prefs::{Identity, Lang, ThemeChoice};
use crate::app::request::{
    BackupsRequest, CatalogueRequest, DocumentsRequest, DossiersRequest, FilesRequest,
    LaptopsRequest, PeopleRequest, ViewsRequest,
};
use crate::app::worker::Request;
use crate::domain::ids::{MemberId, ProductId, RoundId};

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
    /// Lock the screen (the person stays picked; their PIN is asked to come back).
    Lock,
    /// Ask the PIN of the person picked in the open round, to unlock.
    Unlock,
    /// Ask where to save the round's results, then write them.
    Export {
        round: RoundId,
        format: ExportFormat,
    },
    /// Pick a dossier (a .zip, or a folder) and import it into the round.
    PickDossier {
        round: RoundId,
        folder: bool,
    },
    /// Pick files for the dossier being typed (they come back as [`Action::FilesPicked`]).
    PickFiles,
    /// Files picked for the dossier being typed.
    FilesPicked(Vec<PathBuf>),
    /// Pick members' sheets packages (files, or a folder) and merge them.
    PickPackages {
        round: RoundId,
        folder: bool,
    },
    /// Pick a round package (.ocop-round) and import it (a member's laptop).
    PickRoundPackage,
    /// The *Sao lưu / Backups* screen.
    OpenBackups,
    /// Pick a backup file and restore it (the current data is backed up first).
    PickBackupFile,
    /// The *Danh mục sản phẩm OCOP / Catalogue* screen.
    OpenCatalogue,
    /// Pick the province's catalogue file and import it.
    PickCatalogueFile,
    /// Save the catalogue's list (with the screen's filter) or the programme report.
    SaveCatalogue {
        output: super::catalogue::CatalogueOutput,
        filter: crate::domain::catalogue::CatalogueFilter,
    },
    /// A request for the worker as is; a weighty council step, in a round that
    /// requires PINs, first asks the person's PIN again.
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

impl Action {
    /// A request for the worker, of any area.
    pub fn send(request: impl Into<Request>) -> Self {
        Self::Worker(request.into())
    }
}

impl OcopApp {
    /// Makes every "save as" answer itself with `folder` and the suggested
    /// file name instead of asking, and leaves written documents unopened
    /// (UI tests drive the whole path this way).
    pub fn answer_save_dialogs_in(&mut self, folder: PathBuf) {
        self.save_folder = Some(folder);
    }

    /// Runs an action (screens return them; tests and benchmarks may send them too).
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Worker(request) => self.send_council(request),
            Action::OpenRounds => self.open_screen(Screen::Rounds),
            Action::OpenBackups => self.open_screen(Screen::Backups),
            Action::OpenCatalogue => self.open_screen(Screen::Catalogue),
            Action::OpenRound(round) => self.open_round(round),
            Action::OpenDesk { product, member } => self.open_desk(product, member),
            Action::SetIdentity(round, identity) => self.set_identity(round, identity),
            Action::Lock => {
                self.worker.send(PeopleRequest::LockIdentity);
                self.people.vouched = None;
            }
            Action::Unlock => self.unlock(),
            Action::Refresh => self.refresh(),
            Action::FilesPicked(paths) => {
                if let Some(screen) = &mut self.round {
                    screen.add_picked_files(paths);
                }
            }
            Action::SetLang(lang) => self.set_prefs(|p| p.lang = lang),
            Action::SetTheme(theme) => self.set_prefs(|p| p.theme = theme),
            Action::SetScale(scale) => self.set_prefs(|p| p.ui_scale = scale),
            Action::Export { round, format } => self.save_results(round, format),
            Action::PickDossier { round, folder } => self.pick_dossier(round, folder),
            Action::PickFiles => self.pick_files(),
            Action::PickPackages { round, folder } => self.pick_packages(round, folder),
            Action::PickRoundPackage => self.pick_round_package(),
            Action::PickBackupFile => self.pick_backup_file(),
            Action::PickCatalogueFile => dialogs::pick_file(
                self.worker.requester(),
                "Danh mục sản phẩm OCOP".into(),
                ("Excel, CSV", &["xlsx", "xls", "ods", "csv"]),
                |path| CatalogueRequest::ImportCatalogue { path }.into(),
            ),
            Action::SaveCatalogue { output, filter } => self.save_catalogue(output, filter),
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
            } => self.save_minutes(file_name, round, extras),
            Action::PickFile {
                title,
                filter,
                make,
                round,
            } => dialogs::pick_file(
                self.worker.requester(),
                title.to_string(),
                filter,
                move |path| make(path, round),
            ),
            Action::PickFolder { title, make, round } => {
                dialogs::pick_folder(self.worker.requester(), title.to_string(), move |path| {
                    make(path, round)
                });
            }
            Action::ExportDossier(product) => self.save_dossier(product),
        }
    }

    fn set_prefs(&mut self, change: impl FnOnce(&mut crate::app::prefs::Prefs)) {
        change(&mut self.prefs);
        self.save_prefs();
    }

    fn save_minutes(&self, file_name: String, round: RoundId, extras: crate::pdf::MinutesExtras) {
        self.save_as(
            "Biên bản họp hội đồng",
            file_name,
            ("PDF", &["pdf"]),
            move |path| {
                DocumentsRequest::PrintMinutes {
                    round,
                    path,
                    extras,
                }
                .into()
            },
        );
    }

    fn save_dossier(&self, product: ProductId) {
        self.save_as(
            self.prefs
                .lang
                .tr("Xuất hồ sơ (.zip)", "Export the dossier (.zip)"),
            format!("ho-so-san-pham-{product}.zip"),
            ("Zip", &["zip"]),
            move |path| DossiersRequest::ExportDossier { product, path }.into(),
        );
    }

    fn pick_round_package(&self) {
        dialogs::pick_file(
            self.worker.requester(),
            self.prefs
                .lang
                .tr("Gói đợt đánh giá", "Round package")
                .into(),
            ("OCOP round package", &["ocop-round"]),
            |path| LaptopsRequest::ImportRoundPackage { path }.into(),
        );
    }

    fn open_screen(&mut self, screen: Screen) {
        self.screen = screen;
        match screen {
            Screen::Catalogue => self
                .worker
                .send(CatalogueRequest::LoadCatalogue { as_of: None }),
            Screen::Backups => self.worker.send(BackupsRequest::ListBackups),
            _ => self.worker.send(ViewsRequest::LoadRounds),
        }
    }

    fn open_round(&mut self, round: RoundId) {
        if self.round.as_ref().map(round::RoundScreen::round_id) != Some(round) {
            self.round = Some(round::RoundScreen::new(round));
        }
        self.screen = Screen::Round(round);
        self.desk = None;
        self.identify(round, self.prefs.identity(round));
        if self.prefs.last_round != Some(round) {
            self.prefs.last_round = Some(round);
            self.save_prefs();
        }
        self.reload_round();
    }

    fn open_desk(&mut self, product: ProductId, member: MemberId) {
        let dossier_open = self.desk.as_ref().and_then(desk::DeskScreen::dossier_open);
        self.desk = Some(desk::DeskScreen::new(product, member).with_dossier_open(dossier_open));
        self.screen = Screen::Desk { product, member };
        self.worker.send(ViewsRequest::LoadDesk { product, member });
    }

    fn set_identity(&mut self, round: RoundId, identity: Option<Identity>) {
        self.identify(round, identity);
        match identity {
            Some(identity) => self.prefs.set_identity(round, identity),
            None => {
                self.prefs.identities.remove(&round.to_string());
            }
        }
        self.save_prefs();
        self.reload_round();
    }

    fn unlock(&mut self) {
        if let Some(round) = self.round.as_ref().map(round::RoundScreen::round_id)
            && let Some(identity) = self.prefs.identity(round)
        {
            self.people.prompt = Some(people::PinPrompt::new(people::PinPurpose::Identify {
                round,
                identity,
            }));
        }
    }

    fn refresh(&mut self) {
        match self.screen {
            Screen::Round(_) => self.reload_round(),
            Screen::Desk { product, member } => {
                self.worker.send(ViewsRequest::LoadDesk { product, member });
            }
            screen => self.open_screen(screen),
        }
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
                self.exports_dir.clone(),
            ),
        }
    }

    fn save_results(&self, round: RoundId, format: ExportFormat) {
        let (extension, filter): (&str, (&'static str, &'static [&'static str])) = match format {
            ExportFormat::Xlsx => ("xlsx", ("Excel", &["xlsx"])),
            ExportFormat::Csv => ("csv", ("CSV", &["csv"])),
            ExportFormat::Json => ("json", ("JSON", &["json"])),
            ExportFormat::AnnexXlsx => ("xlsx", ("Excel", &["xlsx"])),
        };
        self.save_as(
            self.prefs
                .lang
                .tr("Lưu kết quả đợt đánh giá", "Save the round's results"),
            format!("ket-qua-dot-{round}.{extension}"),
            filter,
            move |path| {
                DocumentsRequest::Export {
                    round,
                    format,
                    path,
                }
                .into()
            },
        );
    }

    fn save_catalogue(
        &self,
        output: super::catalogue::CatalogueOutput,
        filter: crate::domain::catalogue::CatalogueFilter,
    ) {
        use super::catalogue::CatalogueOutput as O;
        let file_name = output.file_name().to_owned();
        match output {
            O::ListXlsx | O::ListCsv => self.save_as(
                "Danh mục sản phẩm OCOP",
                file_name,
                output.filter(),
                move |path| CatalogueRequest::ExportCatalogue { path, filter }.into(),
            ),
            O::Template => self.save_as(
                "Mẫu danh mục sản phẩm OCOP",
                file_name,
                output.filter(),
                |path| CatalogueRequest::CatalogueTemplate { path }.into(),
            ),
            O::ReportPdf | O::ReportXlsx | O::ReportDocx => self.save_as(
                "Báo cáo kết quả Chương trình OCOP",
                file_name,
                output.filter(),
                |path| CatalogueRequest::ProgrammeReport { path }.into(),
            ),
        }
    }

    fn pick_backup_file(&self) {
        let title = super::backups::pick_title(&super::Ctx {
            lang: self.prefs.lang,
            palette: super::theme::Palette::of(self.prefs.theme),
            prefs: &self.prefs,
        });
        dialogs::pick_file(
            self.worker.requester(),
            title,
            ("SQLite", &["sqlite3", "sqlite", "db"]),
            |path| BackupsRequest::RestoreBackup { path }.into(),
        );
    }

    fn pick_dossier(&mut self, round: RoundId, folder: bool) {
        let requester = self.worker.requester();
        let title = self
            .prefs
            .lang
            .tr("Chọn hồ sơ sản phẩm", "Choose a product dossier")
            .to_string();
        self.on_dialog_thread("open-dialog", move || {
            let asked = std::time::Instant::now();
            let dialog = rfd::FileDialog::new().set_title(title);
            let picked = if folder {
                dialog.pick_folder()
            } else {
                dialog.add_filter("Zip", &["zip"]).pick_file()
            };
            match picked {
                Some(path) => requester.send(DossiersRequest::ImportDossier { round, path }),
                None if dialogs::none_was_shown(asked) => {
                    requester.send(FilesRequest::NoFileDialog { saved_in: None });
                }
                None => {}
            }
        });
    }

    fn pick_packages(&mut self, round: RoundId, folder: bool) {
        let requester = self.worker.requester();
        self.on_dialog_thread("packages-dialog", move || {
            let asked = std::time::Instant::now();
            let dialog = rfd::FileDialog::new().set_title("Gói phiếu của các thành viên");
            let picked = if folder {
                dialog.pick_folder().map(|p| vec![p])
            } else {
                dialog
                    .add_filter("OCOP sheets package", &["ocop-sheets"])
                    .pick_files()
            };
            match picked {
                Some(paths) => requester.send(LaptopsRequest::MergePackages { round, paths }),
                None if dialogs::none_was_shown(asked) => {
                    requester.send(FilesRequest::NoFileDialog { saved_in: None });
                }
                None => {}
            }
        });
    }

    /// The files picked stay in the UI: the dialog's thread hands them back as an
    /// [`Action::FilesPicked`] (the worker has nothing to do with them until the
    /// dossier is imported).
    fn pick_files(&mut self) {
        let requester = self.worker.requester();
        let picked = self.inbox.sender();
        let title = self
            .prefs
            .lang
            .tr("Chọn tài liệu của hồ sơ", "Choose the dossier's files")
            .to_string();
        self.on_dialog_thread("files-dialog", move || {
            let asked = std::time::Instant::now();
            match rfd::FileDialog::new().set_title(title).pick_files() {
                Some(paths) => picked.send(Action::FilesPicked(paths)),
                None if dialogs::none_was_shown(asked) => {
                    requester.send(FilesRequest::NoFileDialog { saved_in: None });
                }
                None => {}
            }
        });
    }

    /// Runs a native dialog on its own thread (it blocks until answered).
    fn on_dialog_thread(&mut self, name: &str, dialog: impl FnOnce() + Send + 'static) {
        if let Err(e) = std::thread::Builder::new().name(name.into()).spawn(dialog) {
            log::error!("cannot open a file dialog: {e}");
            self.error = Some(format!(
                "{}: {e}",
                self.prefs
                    .lang
                    .tr("Không mở được hộp chọn tệp", "Cannot open a file dialog")
            ));
        }
    }
}
