//! The worker's replies, taken in at the start of a frame: they update the
//! screens' cached data, progress and messages. No drawing here.

use super::{Action, OcopApp, Screen, dossier_panel};
use crate::app::prefs::Identity;
use crate::app::worker::{Reply, Request};

impl OcopApp {
    pub(super) fn handle_replies(&mut self) {
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
                    // The data folder was just created: the app starts on it.
                    self.start_problem = None;
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
                Reply::StartProblem(problem) => self.start_problem = Some(problem),
                Reply::NotOpen => {}
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
                    if self.screen != Screen::Backups {
                        self.screen = Screen::Rounds;
                    }
                    self.worker.send(Request::LoadRounds);
                    self.worker.send(Request::ListBackups);
                }
            }
        }
    }
}
