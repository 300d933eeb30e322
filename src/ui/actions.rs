//! What screens ask for ([`Action`]) and how the app carries it out between
//! frames: navigation, worker requests, and native file dialogs on their own
//! threads. Nothing here draws; nothing here touches SQL or files directly.

use std::path::PathBuf;

use super::{OcopApp, Screen, desk, dialogs, people, round};
use crate::app::export::ExportFormat;
use crate::app::prefs::{Identity, Lang, ThemeChoice};
use crate::app::worker::Request;
use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::ids::{DossierId, MemberId, ProductId, RoundId};

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
    /// Reopen a submitted sheet; `order`: the chair whose order the secretary
    /// records, with the chair's PIN where the round requires PINs.
    Reopen {
        product: ProductId,
        member: MemberId,
        order: Option<(MemberId, Option<String>)>,
        reason: String,
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

impl OcopApp {
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
                self.exports_dir.clone(),
            ),
        }
    }

    /// Runs an action (screens return them; tests and benchmarks may send them too).
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::OpenCatalogue => {
                self.screen = Screen::Catalogue;
                self.worker.send(Request::LoadCatalogue { as_of: None });
            }
            Action::PickCatalogueFile => dialogs::pick_file(
                self.worker.requester(),
                "Danh mục sản phẩm OCOP".into(),
                ("Excel, CSV", &["xlsx", "xls", "ods", "csv"]),
                |path| Request::ImportCatalogue { path },
            ),
            Action::SaveCatalogue { output, filter } => {
                use super::catalogue::CatalogueOutput as O;
                let file_name = output.file_name().to_owned();
                match output {
                    O::ListXlsx | O::ListCsv => self.save_as(
                        "Danh mục sản phẩm OCOP",
                        file_name,
                        output.filter(),
                        move |path| Request::ExportCatalogue { path, filter },
                    ),
                    O::Template => self.save_as(
                        "Mẫu danh mục sản phẩm OCOP",
                        file_name,
                        output.filter(),
                        |path| Request::CatalogueTemplate { path },
                    ),
                    O::ReportPdf | O::ReportXlsx | O::ReportDocx => self.save_as(
                        "Báo cáo kết quả Chương trình OCOP",
                        file_name,
                        output.filter(),
                        |path| Request::ProgrammeReport { path },
                    ),
                }
            }
            Action::OpenBackups => {
                self.screen = Screen::Backups;
                self.worker.send(Request::ListBackups);
            }
            Action::PickBackupFile => {
                let title = super::backups::pick_title(&super::Ctx {
                    lang: self.prefs.lang,
                    palette: super::theme::Palette::of(self.prefs.theme),
                    prefs: &self.prefs,
                });
                dialogs::pick_file(
                    self.worker.requester(),
                    title,
                    ("SQLite", &["sqlite3", "sqlite", "db"]),
                    |path| Request::RestoreBackup { path },
                );
            }
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
                self.identify(round, self.prefs.identity(round));
                if self.prefs.last_round != Some(round) {
                    self.prefs.last_round = Some(round);
                    self.save_prefs();
                }
                self.reload_round();
            }
            Action::SetIdentity(round, identity) => {
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
            Action::OpenDesk { product, member } => {
                let dossier_open = self.desk.as_ref().and_then(desk::DeskScreen::dossier_open);
                self.desk =
                    Some(desk::DeskScreen::new(product, member).with_dossier_open(dossier_open));
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
                order,
                reason,
            } => {
                let reopen = Request::Reopen {
                    product,
                    member,
                    reason,
                };
                self.send_council(match order {
                    Some((chair, chair_pin)) => Request::OnOrder {
                        chair,
                        chair_pin,
                        request: Box::new(reopen),
                    },
                    None => reopen,
                });
                self.reload_round();
            }
            Action::Lock => {
                self.worker.send(Request::LockIdentity);
                self.people.vouched = None;
            }
            Action::Unlock => {
                if let Some(round) = self.round.as_ref().map(round::RoundScreen::round_id)
                    && let Some(identity) = self.prefs.identity(round)
                {
                    self.people.prompt =
                        Some(people::PinPrompt::new(people::PinPurpose::Identify {
                            round,
                            identity,
                        }));
                }
            }
            Action::Export { round, format } => {
                let (extension, filter): (&str, (&'static str, &'static [&'static str])) =
                    match format {
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
                        let asked = std::time::Instant::now();
                        let dialog = rfd::FileDialog::new().set_title(title);
                        let picked = if folder {
                            dialog.pick_folder()
                        } else {
                            dialog.add_filter("Zip", &["zip"]).pick_file()
                        };
                        match picked {
                            Some(path) => requester.send(Request::ImportDossier { round, path }),
                            None if dialogs::none_was_shown(asked) => {
                                requester.send(Request::NoFileDialog { saved_in: None });
                            }
                            None => {}
                        }
                    });
                if let Err(e) = spawned {
                    self.error = Some(format!("cannot open a file dialog: {e}"));
                }
            }
            Action::ImportDossierPath { round, path } => {
                self.worker.send(Request::ImportDossier { round, path });
            }
            Action::Worker(request) => self.send_council(request),
            Action::PickPackages { round, folder } => {
                let requester = self.worker.requester();
                let spawned = std::thread::Builder::new()
                    .name("packages-dialog".into())
                    .spawn(move || {
                        let asked = std::time::Instant::now();
                        let dialog =
                            rfd::FileDialog::new().set_title("Gói phiếu của các thành viên");
                        let picked = if folder {
                            dialog.pick_folder().map(|p| vec![p])
                        } else {
                            dialog
                                .add_filter("OCOP sheets package", &["ocop-sheets"])
                                .pick_files()
                        };
                        match picked {
                            Some(paths) => requester.send(Request::MergePackages { round, paths }),
                            None if dialogs::none_was_shown(asked) => {
                                requester.send(Request::NoFileDialog { saved_in: None });
                            }
                            None => {}
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
                        let asked = std::time::Instant::now();
                        match rfd::FileDialog::new().set_title(title).pick_files() {
                            Some(paths) => requester.send(Request::PickedFiles(paths)),
                            None if dialogs::none_was_shown(asked) => {
                                requester.send(Request::NoFileDialog { saved_in: None });
                            }
                            None => {}
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
                self.save_as(
                    self.prefs
                        .lang
                        .tr("Xuất hồ sơ (.zip)", "Export the dossier (.zip)"),
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
                Screen::Backups => self.worker.send(Request::ListBackups),
                Screen::Catalogue => self.worker.send(Request::LoadCatalogue { as_of: None }),
                Screen::Round(_) => self.reload_round(),
                Screen::Desk { product, member } => {
                    self.worker.send(Request::LoadDesk { product, member });
                }
            },
        }
    }
}
