//! *Sao lưu / Backups*: the backups in the data folder, *Back up now*, *Restore…*
//! (a listed backup, after a confirmation, or any file picked in a dialog), and
//! the start-up dialogs when the data folder does not open: a missing folder
//! (create it?) or a damaged database (restore the newest good backup?). The work
//! itself runs on the worker; this file only draws and returns actions.

use crate::app::request::BackupsRequest;

use super::{Action, Ctx, fonts, theme::size};
use crate::app::backup::{BackupInfo, StartProblem};

#[derive(Default)]
pub struct BackupsScreen {
    list: Option<Vec<BackupInfo>>,
    /// A listed backup the user asked to restore, awaiting confirmation.
    confirm: Option<BackupInfo>,
}

impl BackupsScreen {
    pub fn set_list(&mut self, list: Vec<BackupInfo>) {
        self.list = Some(list);
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label(
                egui::RichText::new(view.tr("Sao lưu dữ liệu", "Backups"))
                    .font(fonts::bold(size::HEADING)),
            );
            ui.label(view.tr(
                "Bản sao lưu được tạo tự động trước mỗi lần nâng cấp dữ liệu, nhập gói đợt, hợp nhất phiếu, phê duyệt, mở lại, cấp giấy chứng nhận, và mỗi ngày một lần. Giữ 20 bản gần nhất và mãi mãi một bản của mỗi đợt đã phê duyệt. Tệp đính kèm không bao giờ bị xóa nên chỉ cần sao lưu cơ sở dữ liệu.",
                "Backups are taken automatically before every data upgrade, round package import, merge, finalizing, reopening and certificate issuing, and once a day. The last 20 are kept, plus one per finalized round forever. Attachments are never deleted, so the database is all a backup needs.",
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button(view.tr("Sao lưu ngay", "Back up now"))
                    .clicked()
                {
                    actions.push(Action::send(BackupsRequest::BackupNow));
                }
                if ui
                    .button(view.tr("Khôi phục từ tệp…", "Restore from a file…"))
                    .clicked()
                {
                    actions.push(Action::PickBackupFile);
                }
            });
            ui.add_space(8.0);
            match &self.list {
                None => {
                    ui.spinner();
                }
                Some(list) if list.is_empty() => {
                    ui.label(view.tr("Chưa có bản sao lưu nào.", "No backup yet."));
                }
                Some(list) => {
                    if let Some(info) = list_ui(ui, view, list) {
                        self.confirm = Some(info);
                    }
                }
            }
        });
        if let Some(info) = self.confirm.clone() {
            let mut keep_open = true;
            egui::Window::new(view.tr("Khôi phục bản sao lưu?", "Restore this backup?"))
                // Centred on the window, below the top bar (still movable).
                .pivot(egui::Align2::CENTER_CENTER)
                .default_pos(ui.ctx().content_rect().center())
                .collapsible(false)
                .open(&mut keep_open)
                .show(ui.ctx(), |ui| {
                    ui.label(format!(
                        "{} ({})",
                        info.file_name,
                        super::format::when(&info.taken_at)
                    ));
                    ui.label(view.tr(
                        "Dữ liệu hiện tại sẽ được sao lưu trước, rồi được thay bằng bản này. Các thay đổi sau thời điểm sao lưu sẽ không còn trong dữ liệu đang dùng.",
                        "The current data is backed up first, then replaced by this backup. Changes made after it was taken will no longer be in the working data.",
                    ));
                    ui.horizontal(|ui| {
                        if ui.button(view.tr("Khôi phục", "Restore")).clicked() {
                            actions.push(Action::send(BackupsRequest::RestoreBackup {
                                path: info.path.clone(),
                            }));
                            self.confirm = None;
                        }
                        if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                            self.confirm = None;
                        }
                    });
                });
            if !keep_open {
                self.confirm = None;
            }
        }
        actions
    }
}

/// The table of backups; returns the one whose *Restore* was clicked.
fn list_ui(ui: &mut egui::Ui, view: &Ctx<'_>, list: &[BackupInfo]) -> Option<BackupInfo> {
    let mut chosen = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("backups")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                ui.strong(view.tr("Thời điểm (UTC)", "Taken (UTC)"));
                ui.strong(view.tr("Lý do", "Why"));
                ui.strong(view.tr("Dung lượng", "Size"));
                ui.strong(view.tr("Giữ", "Kept"));
                ui.strong("");
                ui.end_row();
                for info in list {
                    ui.label(super::format::when(&info.taken_at));
                    ui.label(reason_label(view, &info.reason));
                    ui.label(format!("{} KB", info.bytes.div_ceil(1024)));
                    ui.label(if info.kept_forever {
                        view.tr("mãi mãi", "forever")
                    } else {
                        ""
                    });
                    if ui
                        .button(view.tr("Khôi phục…", "Restore…"))
                        .on_hover_text(&info.file_name)
                        .clicked()
                    {
                        chosen = Some(info.clone());
                    }
                    ui.end_row();
                }
            });
    });
    chosen
}

/// The reason token in words (`finalize-r3` → "trước khi phê duyệt đợt 3").
fn reason_label(view: &Ctx<'_>, token: &str) -> String {
    let (kind, round) = match token.rsplit_once("-r") {
        Some((kind, n)) if n.chars().all(|c| c.is_ascii_digit()) => (kind, Some(n)),
        _ => (token, None),
    };
    let words = match kind {
        "manual" => view.tr("sao lưu thủ công", "manual"),
        "daily" => view.tr("hằng ngày", "daily"),
        "round-package" => view.tr("trước khi nhập gói đợt", "before a round package import"),
        "merge" => view.tr("trước khi hợp nhất phiếu", "before a merge"),
        "finalize" => view.tr("trước khi phê duyệt", "before finalizing"),
        "finalized" => view.tr("sau khi phê duyệt", "after finalizing"),
        "reopen" => view.tr("trước khi mở lại", "before reopening"),
        "certificates" => view.tr(
            "trước khi cấp giấy chứng nhận",
            "before issuing certificates",
        ),
        "before-restore" => view.tr("trước khi khôi phục", "before a restore"),
        "damaged" => view.tr("tệp hỏng được giữ lại", "damaged file kept"),
        other if other.starts_with("migration") => {
            view.tr("trước khi nâng cấp dữ liệu", "before a data upgrade")
        }
        _ => return token.to_string(),
    };
    match round {
        Some(n) => format!("{words} ({} {n})", view.tr("đợt", "round")),
        None => words.to_string(),
    }
}

/// The data folder did not open: say why in plain words and offer the fix.
pub fn start_problem_ui(ui: &mut egui::Ui, view: &Ctx<'_>, problem: &StartProblem) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::CentralPanel::default().show(ui, |ui| {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_max_width(720.0);
            match problem {
                StartProblem::MissingFolder(dir) => {
                    ui.label(
                        egui::RichText::new(view.tr(
                            "Thư mục dữ liệu chưa có",
                            "The data folder does not exist",
                        ))
                        .font(fonts::bold(size::HEADING)),
                    );
                    ui.label(dir.display().to_string());
                    ui.label(view.tr(
                        "Nếu đường dẫn gõ nhầm, hãy đóng ứng dụng và mở lại với đúng thư mục. Nếu đây là lần dùng đầu tiên, hãy tạo thư mục mới.",
                        "If the path is mistyped, close the app and start it with the right folder. If this is the first use, create a new data folder.",
                    ));
                    if ui
                        .button(view.tr("Tạo thư mục dữ liệu mới", "Create a new data folder"))
                        .clicked()
                    {
                        actions.push(Action::send(BackupsRequest::CreateDataFolder));
                    }
                }
                StartProblem::Damaged {
                    database,
                    detail,
                    newest_good,
                    rounds_in_backup,
                } => {
                    ui.label(
                        egui::RichText::new(view.tr(
                            "Tệp dữ liệu bị hỏng",
                            "The database file is damaged",
                        ))
                        .font(fonts::bold(size::HEADING))
                        .color(view.palette.danger),
                    );
                    ui.label(view.tr(
                        "Không thể dùng tệp dữ liệu như hiện tại (có thể do mất điện, ổ đĩa lỗi hoặc tệp bị sao chép dở). Ứng dụng chưa thay đổi gì.",
                        "The database cannot be used as it is (a power cut, a failing disk or a half-copied file can do this). Nothing has been changed.",
                    ));
                    ui.label(database.display().to_string());
                    ui.collapsing(view.tr("Chi tiết kỹ thuật", "Technical detail"), |ui| {
                        ui.label(detail);
                    });
                    ui.add_space(8.0);
                    match newest_good {
                        Some(info) => {
                            ui.label(format!(
                                "{} {} ({} {}).",
                                view.tr("Bản sao lưu tốt gần nhất:", "The newest good backup:"),
                                super::format::when(&info.taken_at),
                                rounds_in_backup,
                                view.tr("đợt đánh giá", "round(s)")
                            ));
                            ui.label(view.tr(
                                "Tệp hỏng được giữ lại trong thư mục sao lưu trước khi khôi phục.",
                                "The damaged file is kept in the backups folder before the restore.",
                            ));
                            if ui
                                .button(view.tr(
                                    "Khôi phục bản sao lưu gần nhất",
                                    "Restore the newest good backup",
                                ))
                                .clicked()
                            {
                                actions.push(Action::send(BackupsRequest::RestoreBackup {
                                    path: info.path.clone(),
                                }));
                            }
                        }
                        None => {
                            ui.label(view.tr(
                                "Không tìm thấy bản sao lưu tốt trong thư mục dữ liệu.",
                                "No good backup was found in the data folder.",
                            ));
                        }
                    }
                    if ui
                        .button(view.tr("Khôi phục từ tệp khác…", "Restore from another file…"))
                        .clicked()
                    {
                        actions.push(Action::PickBackupFile);
                    }
                }
            }
        });
    });
    actions
}

/// The title of the "restore from a file" dialog.
pub fn pick_title(view: &Ctx<'_>) -> String {
    view.tr(
        "Chọn bản sao lưu để khôi phục (dữ liệu hiện tại được sao lưu trước)",
        "Choose a backup to restore (the current data is backed up first)",
    )
    .to_string()
}
