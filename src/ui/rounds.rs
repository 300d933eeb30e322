//! The rounds list: every evaluation round in the data folder.

use crate::app::request::{CouncilRequest, LaptopsRequest};
use egui_extras::{Column, TableBuilder};

use super::{Action, Ctx, fonts, theme::size};
use crate::app::views::RoundsData;

#[derive(Default)]
pub struct RoundsScreen {
    data: Option<RoundsData>,
    new_name: String,
    /// This laptop's public key, once asked for.
    profile_key: Option<String>,
}

impl RoundsScreen {
    pub fn set_data(&mut self, data: RoundsData) {
        self.data = Some(data);
    }

    pub fn set_profile_key(&mut self, key: String) {
        self.profile_key = Some(key);
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label(
                egui::RichText::new(view.tr("Các đợt đánh giá, phân hạng", "Evaluation rounds"))
                    .font(fonts::bold(size::HEADING)),
            );
            self.new_round_ui(ui, view, &mut actions);
            self.laptop_row_ui(ui, view, &mut actions);
            let Some(data) = &self.data else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(view.tr("Đang mở dữ liệu…", "Opening the data…"));
                });
                return;
            };
            notices_ui(ui, view, data);
            if data.rounds.is_empty() {
                no_round_ui(ui, view, &mut actions);
                return;
            }
            ui.add_space(8.0);
            rounds_table_ui(ui, view, data, &mut actions);
        });
        actions
    }

    /// *Đợt mới:* a name and *Tạo đợt*.
    fn new_round_ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            let label = ui.label(view.tr("Đợt mới:", "New round:"));
            ui.add(
                egui::TextEdit::singleline(&mut self.new_name)
                    .desired_width(320.0)
                    .hint_text(view.tr("Đợt 1/2027 tỉnh …", "Round 1/2027 …")),
            )
            .labelled_by(label.id);
            if ui
                .add_enabled(
                    !self.new_name.trim().is_empty(),
                    egui::Button::new(view.tr("Tạo đợt", "Create round")),
                )
                .clicked()
            {
                actions.push(Action::send(CouncilRequest::CreateRound {
                    name: self.new_name.trim().to_string(),
                }));
                self.new_name.clear();
            }
        });
    }

    /// A member's laptop: import the round package, show this laptop's key.
    fn laptop_row_ui(&self, ui: &mut egui::Ui, view: &Ctx<'_>, actions: &mut Vec<Action>) {
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(view.tr(
                    "Nhập gói đợt (.ocop-round)…",
                    "Import a round package (.ocop-round)…",
                ))
                .on_hover_text(view.tr(
                    "Trên máy của thành viên: gói do Thư ký gửi",
                    "On a member's laptop: the package the secretary sent",
                ))
                .clicked()
            {
                actions.push(Action::PickRoundPackage);
            }
            if ui
                .button(view.tr("Khóa của máy này", "This laptop's key"))
                .clicked()
            {
                actions.push(Action::send(LaptopsRequest::ProfileKey));
            }
            if let Some(key) = &self.profile_key {
                ui.label(egui::RichText::new(key).monospace());
                if ui.small_button(view.tr("Chép", "Copy")).clicked() {
                    ui.ctx().copy_text(key.clone());
                }
            }
        });
    }
}

/// What needs saying before the list: criteria files that did not load, and the
/// certificates expiring or expired (the producers must be told).
fn notices_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundsData) {
    for error in &data.catalog_errors {
        ui.colored_label(
            view.palette.warn,
            format!(
                "{}: {}",
                view.tr("Không nạp được bộ tiêu chí", "Criteria file not loaded"),
                super::refusal_text::catalog_error_text(view.lang, error)
            ),
        );
    }
    if !data.expiring.is_empty() {
        ui.colored_label(
            view.palette.warn,
            format!(
                "{} ({}):",
                view.tr(
                    "Giấy chứng nhận sắp hết hạn hoặc đã hết hạn — cần thông báo cho chủ thể",
                    "Certificates expiring or expired — tell the producers"
                ),
                data.expiring.len()
            ),
        );
        for e in &data.expiring {
            ui.label(format!(
                "• {} · {} · {} · {} {}",
                e.certificate.number,
                e.certificate.product_name,
                e.producer,
                view.tr("hiệu lực đến", "valid until"),
                e.certificate.valid_until.format("%d/%m/%Y")
            ));
        }
        ui.separator();
    }
}

/// No round yet: how to make one, or load the demo round.
fn no_round_ui(ui: &mut egui::Ui, view: &Ctx<'_>, actions: &mut Vec<Action>) {
    ui.add_space(12.0);
    ui.label(view.tr(
        "Chưa có đợt đánh giá nào. Tạo đợt bằng dòng lệnh (ocop-council round create --name \"…\"), hoặc xem thử một đợt minh họa:",
        "No round yet. Create one from the command line (ocop-council round create --name \"…\"), or look at a demo round:",
    ));
    if ui
        .button(view.tr(
            "Tải đợt minh họa (9 hồ sơ hư cấu)",
            "Load the demo round (9 fictional dossiers)",
        ))
        .clicked()
    {
        actions.push(Action::send(CouncilRequest::LoadDemo));
    }
}

/// Every round: name (opens it), status, criteria, members and products.
fn rounds_table_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundsData,
    actions: &mut Vec<Action>,
) {
    TableBuilder::new(ui)
        .id_salt("rounds")
        .striped(true)
        .column(Column::remainder().at_least(260.0))
        .column(Column::auto().at_least(140.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(80.0))
        .header(size::ROW_HEIGHT, |mut header| {
            for title in [
                view.tr("Đợt", "Round"),
                view.tr("Trạng thái", "Status"),
                view.tr("Bộ tiêu chí", "Criteria"),
                view.tr("Thành viên", "Members"),
                view.tr("Sản phẩm", "Products"),
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(size::ROW_HEIGHT, data.rounds.len(), |mut row| {
                let round = &data.rounds[row.index()];
                row.col(|ui| {
                    if ui.link(&round.name).clicked() {
                        actions.push(Action::OpenRound(round.id));
                    }
                });
                row.col(|ui| {
                    ui.label(match view.lang {
                        crate::app::prefs::Lang::Vi => round.status.label_vi(),
                        crate::app::prefs::Lang::En => round.status.label_en(),
                    });
                });
                row.col(|ui| {
                    ui.label(&round.criteria_set_id);
                });
                row.col(|ui| {
                    ui.label(round.member_count.to_string());
                });
                row.col(|ui| {
                    ui.label(round.product_count.to_string());
                });
            });
        });
}
