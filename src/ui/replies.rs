//! The worker's replies, taken in at the start of a frame: they update the
//! screens' cached data, progress and messages. No drawing here.

use super::{Action, OcopApp, Screen, people};
use crate::app::failure::Failure;
use crate::app::prefs::{Identity, Lang};
use crate::app::request::{BackupsRequest, CatalogueRequest, FilesRequest, ViewsRequest};
use crate::app::views::{DeskData, RoundData};
use crate::app::worker::{IdentityOutcome, PinChange, Reply};
use crate::domain::criteria::CriterionId;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::permissions::PermissionRefusal;
use crate::domain::pin::PinRefusal;
use std::path::{Path, PathBuf};

impl OcopApp {
    pub(super) fn handle_replies(&mut self) {
        for reply in self.worker.poll() {
            self.close_answered_prompt(&reply);
            self.take_reply(reply);
        }
    }

    /// One reply: one named step per kind.
    fn take_reply(&mut self, reply: Reply) {
        match reply {
            Reply::Rounds(data) => self.rounds.set_data(data),
            Reply::Round(data) => self.show_round(*data),
            Reply::Desk(data) => self.show_desk(*data),
            Reply::Saved {
                product,
                member,
                criterion,
                total,
            } => self.answer_saved(product, member, &criterion, total),
            Reply::Submitted {
                product,
                member,
                total,
            } => self.submitted(product, member, total),
            Reply::Failed(failure) => self.show_failure(&failure),
            Reply::Refused(refusal) => self.show_refusal(refusal),
            Reply::NotPermitted(refusal) => self.show_not_permitted(&refusal),
            Reply::PinRefused(refusal) => self.show_pin_refusal(refusal),
            Reply::PrefsSaved | Reply::Locked | Reply::NotOpen => {}
            Reply::Opened { path } => self.file_opened(&path),
            Reply::OpenFailed { name, cause } => self.open_failed(&name, &cause),
            Reply::NoFileDialog { saved_in } => self.no_file_dialog(saved_in),
            Reply::Written { path } => self.file_written(&path),
            Reply::DocumentWritten { path } => self.document_written(path),
            Reply::DemoLoaded(round) | Reply::RoundCreated(round) => self.open_new_round(round),
            Reply::Progress(progress) => self.progress = Some(progress),
            Reply::DossierImported { outcome, .. } => self.dossier_imported(&outcome),
            Reply::FileRefused { file, refusal } => self.file_refused(file, refusal),
            Reply::Done(notice) => self.done(&notice),
            Reply::CriterionView(view) => self.show_criterion_view(*view),
            Reply::Audit {
                round,
                entries,
                report,
                rollback,
            } => self.show_audit(round, entries, *report, rollback),
            Reply::Certificates {
                round,
                rows,
                expiring,
            } => self.show_certificates(round, rows, expiring),
            Reply::CertificatePreview(preview) => self.show_certificate_preview(preview),
            Reply::PayloadVerdict(verdict) => self.show_verdict(*verdict),
            Reply::DocSettings(settings) => self.show_doc_settings(settings),
            Reply::ProfileKey(key) => self.rounds.set_profile_key(key),
            Reply::RoundPackageImported {
                round,
                me,
                round_name,
                changes,
                notes,
            } => self.round_package_imported(
                round,
                me,
                super::laptops::ImportedPackage {
                    round_name,
                    changes,
                    notes,
                },
            ),
            Reply::RoundPackageWritten {
                path,
                members_without_key,
            } => self.round_package_written(&path, &members_without_key),
            Reply::Merged {
                round,
                reports,
                conflicts,
            } => self.packages_merged(round, reports, conflicts),
            Reply::Conflicts { round, conflicts } => self.show_conflicts(round, conflicts),
            Reply::DossierVersion(view) => self.show_dossier_version(*view),
            Reply::Fatal(failure) => self.show_fatal(&failure),
            Reply::Identity { round, outcome, .. } => self.identity_checked(round, outcome),
            Reply::PinsChanged { round, change } => self.pins_changed(round, change),
            Reply::StartProblem(problem) => self.start_problem = Some(problem),
            Reply::Catalogue(data) => self.catalogue.set_data(*data),
            Reply::CatalogueImported(done) => self.catalogue_imported(done),
            Reply::CatalogueRefused { file, problems } => {
                self.catalogue.set_refused(file, problems);
            }
            Reply::Backups { list, made } => self.show_backups(list, made),
            Reply::Restored { from, previous } => self.restored(&from, previous.as_deref()),
        }
    }

    fn show_round(&mut self, data: RoundData) {
        if let Some(round) = &mut self.round
            && round.round_id() == data.round.id
        {
            round.set_data(data);
        }
    }

    fn show_desk(&mut self, data: DeskData) {
        if let Some(desk) = &mut self.desk
            && desk.is_for(data.product.id, data.member.id)
        {
            desk.set_data(data);
        }
    }

    fn answer_saved(
        &mut self,
        product: ProductId,
        member: MemberId,
        criterion: &CriterionId,
        total: u32,
    ) {
        if let Some(desk) = &mut self.desk
            && desk.is_for(product, member)
        {
            desk.saved(criterion, total);
        }
    }

    fn show_failure(&mut self, failure: &Failure) {
        let text = super::failures::failure_text(&self.text_ctx(), failure);
        self.change_failed(Some(text));
    }

    fn show_refusal(&mut self, refusal: crate::app::notice::Refusal) {
        let (heading, lines) = super::messages::refusal_lines(
            &self.text_ctx(),
            &refusal,
            self.round.as_ref().and_then(|r| r.data()),
        );
        let text = std::iter::once(heading).chain(lines).collect::<Vec<_>>();
        // A dialog awaiting the answer shows it inside; otherwise the panel.
        if !self.dialog_refused(&text.join("\n• ")) {
            self.refusal = Some(refusal);
        }
        self.change_failed(None);
    }

    fn show_not_permitted(&mut self, refusal: &PermissionRefusal) {
        let text = people::permission_text(&self.text_ctx(), refusal);
        self.change_failed(Some(text));
    }

    fn show_pin_refusal(&mut self, refusal: PinRefusal) {
        match &mut self.people.prompt {
            Some(prompt) => prompt.refused(refusal),
            None => {
                // A PIN given inside a dialog (the chair's, for an order).
                let text = people::refusal_text(&self.text_ctx(), refusal);
                if !self.dialog_refused(&text) {
                    self.error = Some(text);
                }
            }
        }
    }

    fn file_opened(&mut self, path: &Path) {
        let opened = self.prefs.lang.tr("Đã mở", "Opened");
        self.notice = Some(format!("{opened} {}", path.display()));
    }

    fn file_written(&mut self, path: &Path) {
        let saved = self.prefs.lang.tr("Đã lưu", "Saved");
        self.notice = Some(format!("{saved} {}", path.display()));
    }

    /// The demo round or a new round: the list reloads and the round opens.
    fn open_new_round(&mut self, round: RoundId) {
        self.worker.send(ViewsRequest::LoadRounds);
        self.apply(Action::OpenRound(round));
    }

    fn dossier_imported(&mut self, outcome: &crate::app::dossier::ImportOutcome) {
        self.progress = None;
        self.refused = None;
        self.notice = Some(super::messages::dossier_imported_text(
            &self.text_ctx(),
            outcome,
        ));
        self.reload_round();
    }

    fn file_refused(&mut self, file: String, refusal: crate::domain::refusal::Refusal) {
        self.progress = None;
        self.refused = Some((file, refusal));
    }

    fn round_package_written(
        &mut self,
        path: &std::path::Path,
        members_without_key: &[crate::app::package::KeylessMember],
    ) {
        self.progress = None;
        self.notice = Some(super::laptops::package_written_text(
            self.prefs.lang,
            path,
            members_without_key,
        ));
    }

    fn show_criterion_view(&mut self, view: crate::domain::model::CriterionView) {
        if let Some(round) = &mut self.round {
            round.set_criterion_view(view);
        }
    }

    fn show_audit(
        &mut self,
        round: RoundId,
        entries: Vec<crate::domain::model::AuditEntry>,
        report: crate::domain::model::VerifyReport,
        rollback: Option<crate::app::backup::anchor::Rollback>,
    ) {
        if let Some(screen) = self.round_screen(round) {
            screen.set_audit(entries, report, rollback);
        }
    }

    fn show_certificates(
        &mut self,
        round: RoundId,
        rows: Vec<crate::domain::model::CertificateRow>,
        expiring: Vec<crate::domain::model::ExpiringCertificate>,
    ) {
        if let Some(screen) = self.round_screen(round) {
            screen.set_certificates(rows, expiring);
        }
    }

    fn show_certificate_preview(
        &mut self,
        preview: Result<Box<crate::domain::certificate::IssuePreview>, Failure>,
    ) {
        let preview = preview
            .map(|p| *p)
            .map_err(|f| super::failures::failure_text(&self.text_ctx(), &f));
        if let Some(screen) = &mut self.round {
            screen.set_certificate_preview(preview);
        }
    }

    fn show_verdict(&mut self, verdict: crate::domain::model::PayloadVerdict) {
        if let Some(screen) = &mut self.round {
            screen.set_verdict(verdict);
        }
    }

    fn show_doc_settings(
        &mut self,
        settings: Result<
            Option<Box<crate::app::doc_settings::DocSettings>>,
            crate::app::doc_settings::SettingsError,
        >,
    ) {
        if let Some(screen) = &mut self.round {
            // The settings checker's problems, in the user's language.
            let lang = self.prefs.lang;
            screen.set_doc_settings(
                settings
                    .map(|s| s.map(|b| *b))
                    .map_err(|e| super::failures::settings_error_block(lang, &e)),
            );
        }
    }

    fn packages_merged(
        &mut self,
        round: RoundId,
        reports: Vec<crate::app::package::PackageReport>,
        conflicts: Vec<crate::domain::model::ConflictRow>,
    ) {
        self.progress = None;
        if let Some(screen) = self.round_screen(round) {
            screen.set_merge_report(reports, conflicts);
        }
        self.reload_round();
    }

    fn show_conflicts(
        &mut self,
        round: RoundId,
        conflicts: Vec<crate::domain::model::ConflictRow>,
    ) {
        if let Some(screen) = self.round_screen(round) {
            screen.set_conflicts(conflicts);
        }
    }

    fn show_dossier_version(&mut self, view: crate::app::dossier::DossierView) {
        if let Some(desk) = &mut self.desk {
            desk.show_version(view);
        }
    }

    fn show_fatal(&mut self, failure: &Failure) {
        self.fatal = Some(super::failures::failure_text(&self.text_ctx(), failure));
    }

    fn catalogue_imported(&mut self, done: crate::domain::model::CatalogueImport) {
        self.catalogue.set_imported(done);
        self.worker
            .send(CatalogueRequest::LoadCatalogue { as_of: None });
    }

    fn show_backups(&mut self, list: Vec<crate::app::backup::BackupInfo>, made: Option<PathBuf>) {
        if let Some(path) = made {
            self.notice = Some(path.display().to_string());
        }
        self.backups.set_list(list);
    }

    /// The open round's screen, when it is `round`'s.
    fn round_screen(&mut self, round: RoundId) -> Option<&mut super::round::RoundScreen> {
        self.round.as_mut().filter(|s| s.round_id() == round)
    }

    /// A change did not go through (`error`: what to say, when the reply did not
    /// keep it elsewhere): its dialog can be sent again, and the desk shows what
    /// the store really holds.
    /// A change failed or was refused: `error` (in the user's language) goes to the
    /// dialog awaiting it, if one is open, else to the error line.
    fn change_failed(&mut self, error: Option<String>) {
        self.progress = None;
        if let Some(error) = error
            && !self.dialog_refused(&error)
        {
            self.error = Some(error);
        }
        if let Some(screen) = &mut self.round {
            screen.change_refused();
        }
        if let Screen::Desk { product, member } = self.screen {
            self.worker.send(ViewsRequest::LoadDesk { product, member });
        }
    }

    fn submitted(&mut self, product: ProductId, member: MemberId, total: u32) {
        self.refusal = None;
        let submitted = self
            .prefs
            .lang
            .tr("Đã nộp phiếu — tổng", "Sheet submitted — total");
        self.notice = Some(format!("{submitted} {total}/100"));
        if let Some(desk) = &mut self.desk
            && desk.is_for(product, member)
        {
            self.worker.send(ViewsRequest::LoadDesk { product, member });
        }
        self.reload_round();
    }

    /// A change went through: an earlier refusal no longer holds, and every view
    /// that shows it reloads.
    fn done(&mut self, notice: &crate::app::notice::Notice) {
        self.progress = None;
        // The data folder was just created: the app starts on it.
        self.start_problem = None;
        self.refusal = None;
        self.error = None;
        self.notice = Some(super::messages::notice_text(&self.text_ctx(), notice));
        if let Some(screen) = &mut self.round {
            screen.change_done();
        }
        if let Screen::Desk { product, member } = self.screen {
            self.worker.send(ViewsRequest::LoadDesk { product, member });
        }
        if notice.changes_round() {
            self.reload_round();
            if let Some(screen) = &self.round {
                for request in screen.refresh_requests() {
                    self.worker.send(request);
                }
            }
        }
        self.worker.send(ViewsRequest::LoadRounds);
    }

    fn open_failed(&mut self, name: &str, cause: &crate::app::failure::Cause) {
        let why = super::failures::cause_text(&self.text_ctx(), cause);
        self.error = Some(match self.prefs.lang {
            Lang::Vi => format!("Không mở được {name}: {why}"),
            Lang::En => format!("Cannot open {name}: {why}"),
        });
    }

    fn no_file_dialog(&mut self, saved_in: Option<std::path::PathBuf>) {
        let lang = self.prefs.lang;
        let why = lang.tr(
            "Không hiện được hộp chọn tệp (máy thiếu xdg-desktop-portal hoặc zenity).",
            "No file dialog could be shown (this computer lacks xdg-desktop-portal or zenity).",
        );
        self.error = Some(match saved_in {
            Some(folder) => format!(
                "{why} {} {}",
                lang.tr("Tệp được lưu vào", "The file is saved in"),
                folder.display()
            ),
            None => format!(
                "{why} {}",
                lang.tr(
                    "Hãy cài một trong hai; hồ sơ thì có thể kéo thả vào cửa sổ.",
                    "Install one of them; a dossier can also be dropped onto the window."
                )
            ),
        });
    }

    /// A document was written: say so, and open it in the system viewer (not in
    /// UI tests, which answer save dialogs themselves).
    fn document_written(&mut self, path: std::path::PathBuf) {
        self.progress = None;
        let saved = self.prefs.lang.tr("Đã lưu", "Saved");
        self.notice = Some(format!("{saved} {}", path.display()));
        if self.save_folder.is_none() {
            self.worker
                .send(FilesRequest::OpenFile { path, name: None });
        }
    }

    fn round_package_imported(
        &mut self,
        round: RoundId,
        me: Option<MemberId>,
        imported: super::laptops::ImportedPackage,
    ) {
        self.progress = None;
        self.refused = None;
        let (round_name, changes) = (&imported.round_name, imported.changes.len());
        self.notice = Some(match self.prefs.lang {
            Lang::Vi => format!("Đã nhập gói đợt: {round_name} ({changes} thay đổi)"),
            Lang::En => format!("Round package imported: {round_name} ({changes} change(s))"),
        });
        // What it changed, one line each, until the user closes the list.
        self.imported_package = Some(imported);
        if let Some(member) = me {
            // This laptop's key is a member's: that member is at the keyboard.
            self.prefs.set_identity(round, Identity::Member(member));
            self.save_prefs();
        }
        self.worker.send(ViewsRequest::LoadRounds);
        self.apply(Action::OpenRound(round));
    }

    fn pins_changed(&mut self, round: RoundId, change: PinChange) {
        let tr = |vi, en| self.prefs.lang.tr(vi, en);
        self.notice = Some(
            match change {
                PinChange::Required(true) => tr(
                    "Đợt này từ nay yêu cầu mã PIN.",
                    "This round now requires PINs.",
                ),
                PinChange::Required(false) => tr(
                    "Đợt này không còn yêu cầu mã PIN.",
                    "This round no longer requires PINs.",
                ),
                PinChange::Reset(_) => tr(
                    "Đã xóa mã PIN: người đó đặt mã mới ở lần chọn tên tiếp theo.",
                    "PIN cleared: they set a new one the next time they pick themselves.",
                ),
            }
            .into(),
        );
        if self.round.as_ref().map(super::round::RoundScreen::round_id) == Some(round) {
            self.reload_round();
            // The person picked stays; a round that now requires PINs asks theirs.
            self.identify(round, self.prefs.identity(round));
        }
    }

    fn restored(&mut self, from: &std::path::Path, previous: Option<&std::path::Path>) {
        self.start_problem = None;
        self.error = None;
        let lang = self.prefs.lang;
        self.notice = Some(format!(
            "{} {}{}",
            lang.tr("Đã khôi phục", "Restored"),
            from.display(),
            previous.map_or(String::new(), |p| format!(
                " ({} {})",
                lang.tr("dữ liệu cũ giữ tại", "the old data is kept as"),
                p.display()
            ))
        ));
        self.round = None;
        self.desk = None;
        // A restored database starts with nobody picked (the worker too).
        self.people.vouched = None;
        self.people.prompt = None;
        if self.screen != Screen::Backups {
            self.screen = Screen::Rounds;
        }
        self.worker.send(ViewsRequest::LoadRounds);
        self.worker.send(BackupsRequest::ListBackups);
    }

    /// The worker's answer to "who is at the keyboard".
    fn identity_checked(&mut self, round: RoundId, outcome: IdentityOutcome) {
        let Some(identity) = self.prefs.identity(round) else {
            return;
        };
        match outcome {
            IdentityOutcome::Accepted { .. } => {
                self.people.vouched = Some((round, identity));
                self.people.prompt = None;
            }
            IdentityOutcome::NeedsPin => {
                self.people.prompt = Some(people::PinPrompt::new(people::PinPurpose::Identify {
                    round,
                    identity,
                }));
            }
            IdentityOutcome::NeedsNewPin => {
                self.people.prompt = Some(people::PinPrompt::new(people::PinPurpose::FirstPin {
                    round,
                    identity,
                }));
            }
            IdentityOutcome::Refused(refusal) => {
                let prompt = self.people.prompt.get_or_insert_with(|| {
                    people::PinPrompt::new(people::PinPurpose::Identify { round, identity })
                });
                prompt.refused(refusal);
            }
        }
    }

    /// A weighty step's PIN dialog closes once the worker answered the request it
    /// carried (a PIN refusal keeps it open, to try again).
    fn close_answered_prompt(&mut self, reply: &Reply) {
        let answered = matches!(
            &self.people.prompt,
            Some(people::PinPrompt {
                purpose: people::PinPurpose::Again { .. },
                waiting: true,
                ..
            })
        ) && !matches!(reply, Reply::PinRefused(_) | Reply::Progress(_));
        if answered {
            self.people.prompt = None;
        }
    }

    /// A context for translating a message in the user's language, outside a frame.
    fn text_ctx(&self) -> super::Ctx<'_> {
        self.ctx_for_text(self.prefs.lang)
    }

    /// A refusal (`why`, in the user's language) for the dialog awaiting it, if any.
    fn dialog_refused(&mut self, why: &str) -> bool {
        self.round
            .as_mut()
            .is_some_and(|screen| screen.dialog_refused(why))
    }

    /// A context for translating a message outside a frame.
    fn ctx_for_text(&self, lang: Lang) -> super::Ctx<'_> {
        super::Ctx {
            lang,
            palette: super::theme::Palette::of(self.prefs.theme),
            prefs: &self.prefs,
        }
    }
}
