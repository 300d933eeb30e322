//! The worker's replies, taken in at the start of a frame: they update the
//! screens' cached data, progress and messages. No drawing here.

use super::{Action, OcopApp, Screen, people};
use crate::app::prefs::{Identity, Lang};
use crate::app::worker::{IdentityOutcome, PinChange, Reply, Request};
use crate::domain::ids::RoundId;

impl OcopApp {
    pub(super) fn handle_replies(&mut self) {
        for reply in self.worker.poll() {
            self.close_answered_prompt(&reply);
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
                    product,
                    member,
                    total,
                } => {
                    self.refusal = None;
                    self.notice = Some(format!(
                        "{} {total}/100",
                        self.prefs
                            .lang
                            .tr("Đã nộp phiếu — tổng", "Sheet submitted — total")
                    ));
                    if let Some(desk) = &mut self.desk
                        && desk.is_for(product, member)
                    {
                        self.worker.send(Request::LoadDesk { product, member });
                    }
                    self.reload_round();
                }
                Reply::Failed { what, message } => {
                    self.progress = None;
                    let text = format!("{what}: {message}");
                    if !self.dialog_refused(&text) {
                        self.error = Some(text);
                    }
                    if let Some(screen) = &mut self.round {
                        screen.change_refused();
                    }
                    // Resynchronise the desk with what the store really holds.
                    if let Screen::Desk { product, member } = self.screen {
                        self.worker.send(Request::LoadDesk { product, member });
                    }
                }
                Reply::Refused(refusal) => {
                    self.progress = None;
                    let (heading, lines) = super::messages::refusal_lines(
                        &self.ctx_for_text(self.prefs.lang),
                        &refusal,
                        self.round.as_ref().and_then(|r| r.data()),
                    );
                    let text = std::iter::once(heading).chain(lines).collect::<Vec<_>>();
                    if !self.dialog_refused(&text.join("\n• ")) {
                        self.refusal = Some(refusal);
                    }
                    if let Some(screen) = &mut self.round {
                        screen.change_refused();
                    }
                    if let Screen::Desk { product, member } = self.screen {
                        self.worker.send(Request::LoadDesk { product, member });
                    }
                }
                Reply::PrefsSaved => {}
                Reply::Opened { path } => {
                    let lang = self.prefs.lang;
                    self.notice =
                        Some(format!("{} {}", lang.tr("Đã mở", "Opened"), path.display()));
                }
                Reply::OpenFailed { name, reason } => {
                    self.error = Some(match self.prefs.lang {
                        Lang::Vi => format!("Không mở được {name}: {reason}"),
                        Lang::En => format!("Cannot open {name}: {reason}"),
                    });
                }
                Reply::NoFileDialog { saved_in } => {
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
                Reply::Written { path } => {
                    let saved = self.prefs.lang.tr("Đã lưu", "Saved");
                    self.notice = Some(format!("{saved} {}", path.display()));
                }
                Reply::DemoLoaded(round) => {
                    self.worker.send(Request::LoadRounds);
                    self.apply(Action::OpenRound(round));
                }
                Reply::Progress { what, done, total } => self.progress = Some((what, done, total)),
                Reply::DossierImported {
                    round,
                    product,
                    outcome,
                } => {
                    self.progress = None;
                    self.refused = None;
                    self.notice = Some(super::messages::dossier_imported_text(
                        &self.ctx_for_text(self.prefs.lang),
                        &outcome,
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
                    let saved = self.prefs.lang.tr("Đã lưu", "Saved");
                    self.notice = Some(format!("{saved} {}", path.display()));
                    if self.save_folder.is_none() {
                        self.worker.send(Request::OpenFile { path, name: None });
                    }
                }
                Reply::Done { round, notice } => {
                    self.progress = None;
                    // The data folder was just created: the app starts on it.
                    self.start_problem = None;
                    // A change went through: an earlier refusal no longer holds.
                    self.refusal = None;
                    self.error = None;
                    self.notice = Some(super::messages::notice_text(
                        &self.ctx_for_text(self.prefs.lang),
                        &notice,
                    ));
                    if let Some(screen) = &mut self.round {
                        screen.change_done();
                    }
                    if let Screen::Desk { product, member } = self.screen {
                        self.worker.send(Request::LoadDesk { product, member });
                    }
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
                Reply::CertificatePreview(preview) => {
                    if let Some(screen) = &mut self.round {
                        screen.set_certificate_preview(preview.map(|p| *p));
                    }
                }
                Reply::PayloadVerdict(verdict) => {
                    if let Some(screen) = &mut self.round {
                        screen.set_verdict(*verdict);
                    }
                }
                Reply::DocSettings(settings) => {
                    if let Some(screen) = &mut self.round {
                        screen.set_doc_settings(settings.map(|s| s.map(|b| *b)));
                    }
                }
                Reply::RoundCreated(round) => {
                    self.worker.send(Request::LoadRounds);
                    self.apply(Action::OpenRound(round));
                }
                Reply::ProfileKey(key) => self.rounds.set_profile_key(key),
                Reply::RoundPackageImported {
                    round,
                    me,
                    round_name,
                    changes,
                } => {
                    self.progress = None;
                    self.notice = Some(match self.prefs.lang {
                        Lang::Vi => format!("Đã nhập gói đợt: {round_name} ({changes} thay đổi)"),
                        Lang::En => {
                            format!("Round package imported: {round_name} ({changes} change(s))")
                        }
                    });
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
                Reply::Identity {
                    round,
                    who: _,
                    outcome,
                } => self.identity_checked(round, outcome),
                Reply::NotPermitted(refusal) => {
                    let view = self.prefs.lang;
                    let text = people::permission_text(&self.ctx_for_text(view), &refusal);
                    if !self.dialog_refused(&text) {
                        self.error = Some(text);
                    }
                    if let Some(screen) = &mut self.round {
                        screen.change_refused();
                    }
                    if let Screen::Desk { product, member } = self.screen {
                        self.worker.send(Request::LoadDesk { product, member });
                    }
                }
                Reply::PinRefused(refusal) => match &mut self.people.prompt {
                    Some(prompt) => prompt.refused(refusal),
                    None => {
                        // A PIN given inside a dialog (the chair's, for an order).
                        let lang = self.prefs.lang;
                        let text = people::refusal_text(&self.ctx_for_text(lang), refusal);
                        if !self.dialog_refused(&text) {
                            self.error = Some(text);
                        }
                    }
                },
                Reply::Locked => {}
                Reply::PinsChanged { round, change } => {
                    let tr = |vi, en| self.prefs.lang.tr(vi, en);
                    self.notice = Some(match change {
                        PinChange::Required(true) => tr(
                            "Đợt này từ nay yêu cầu mã PIN.",
                            "This round now requires PINs.",
                        )
                        .into(),
                        PinChange::Required(false) => tr(
                            "Đợt này không còn yêu cầu mã PIN.",
                            "This round no longer requires PINs.",
                        )
                        .into(),
                        PinChange::Reset(_) => tr(
                            "Đã xóa mã PIN: người đó đặt mã mới ở lần chọn tên tiếp theo.",
                            "PIN cleared: they set a new one the next time they pick themselves.",
                        )
                        .into(),
                    });
                    if self.round.as_ref().map(super::round::RoundScreen::round_id) == Some(round) {
                        self.reload_round();
                        // The person picked stays; a round that now requires PINs asks theirs.
                        self.identify(round, self.prefs.identity(round));
                    }
                }
                Reply::StartProblem(problem) => self.start_problem = Some(problem),
                Reply::NotOpen => {}
                Reply::Catalogue(data) => self.catalogue.set_data(*data),
                Reply::CatalogueImported(done) => {
                    self.catalogue.set_imported(done);
                    self.worker.send(Request::LoadCatalogue { as_of: None });
                }
                Reply::CatalogueRefused { file, problems } => {
                    self.catalogue.set_refused(file, problems);
                }
                Reply::Backups { list, made } => {
                    if let Some(path) = made {
                        self.notice = Some(path.display().to_string());
                    }
                    self.backups.set_list(list);
                }
                Reply::Restored { from, previous } => {
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
                    self.worker.send(Request::LoadRounds);
                    self.worker.send(Request::ListBackups);
                }
            }
        }
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
        ) && !matches!(reply, Reply::PinRefused(_) | Reply::Progress { .. });
        if answered {
            self.people.prompt = None;
        }
    }

    /// A context for translating a message outside a frame.
    /// A refusal (`why`, in the user's language) for the dialog awaiting it, if any.
    fn dialog_refused(&mut self, why: &str) -> bool {
        self.round
            .as_mut()
            .is_some_and(|screen| screen.dialog_refused(why))
    }

    fn ctx_for_text(&self, lang: Lang) -> super::Ctx<'_> {
        super::Ctx {
            lang,
            palette: super::theme::Palette::of(self.prefs.theme),
            prefs: &self.prefs,
        }
    }
}
