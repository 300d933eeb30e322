//! The council tab's dialogs: approve with the decision, reopen a finalized
//! round, issue certificates, record a recusal. Draws only; returns actions.

use super::{CouncilState, labelled_edit, parse_date};
use crate::app::views::RoundData;
use crate::app::worker::Request;
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::round::ApprovalDecision;
use crate::ui::{Action, Ctx};

/// A dialog being filled in.
#[derive(Debug, Clone, Default)]
pub(super) enum Dialog {
    #[default]
    None,
    Finalize {
        number: String,
        date: String,
        signatory: String,
    },
    Reopen {
        reason: String,
    },
    Issue {
        authority: String,
        date: String,
    },
    Recuse {
        product: Option<ProductId>,
        member: Option<MemberId>,
        reason: String,
    },
}

pub(super) fn dialog_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut CouncilState,
    actions: &mut Vec<Action>,
) {
    let round = data.round.id;
    let mut close = false;
    match &mut state.dialog {
        Dialog::None => {}
        Dialog::Finalize {
            number,
            date,
            signatory,
        } => {
            egui::Window::new(view.tr("Phê duyệt kết quả đợt", "Approve the round's results"))
                .collapsible(false)
                .show(ui.ctx(), |ui| {
                    labelled_edit(
                        ui,
                        view.tr("Số quyết định:", "Decision number:"),
                        number,
                        false,
                    );
                    labelled_edit(
                        ui,
                        view.tr("Ngày (YYYY-MM-DD):", "Date (YYYY-MM-DD):"),
                        date,
                        false,
                    );
                    labelled_edit(
                        ui,
                        view.tr("Người ký quyết định:", "Signed by:"),
                        signatory,
                        false,
                    );
                    let parsed = parse_date(date);
                    let ready = !number.trim().is_empty()
                        && !signatory.trim().is_empty()
                        && parsed.is_some();
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(ready, egui::Button::new(view.tr("Phê duyệt", "Approve")))
                            .clicked()
                            && let Some(date) = parsed
                        {
                            actions.push(Action::Worker(Request::FinalizeRound {
                                round,
                                decision: ApprovalDecision {
                                    number: number.trim().to_string(),
                                    date,
                                    signatory: signatory.trim().to_string(),
                                },
                            }));
                            close = true;
                        }
                        if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                            close = true;
                        }
                    });
                });
        }
        Dialog::Reopen { reason } => {
            egui::Window::new(view.tr("Mở lại đợt đã phê duyệt", "Reopen a finalized round"))
                .collapsible(false)
                .show(ui.ctx(), |ui| {
                    ui.label(view.tr(
                        "Chủ tịch Hội đồng hoặc Thư ký; lý do được ghi vào nhật ký.",
                        "The chair or the secretary; the reason is kept in the audit log.",
                    ));
                    labelled_edit(ui, view.tr("Lý do:", "Reason:"), reason, true);
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(
                                !reason.trim().is_empty(),
                                egui::Button::new(view.tr("Mở lại", "Reopen")),
                            )
                            .clicked()
                        {
                            actions.push(Action::Worker(Request::ReopenRound {
                                round,
                                reason: reason.trim().to_string(),
                            }));
                            close = true;
                        }
                        if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                            close = true;
                        }
                    });
                });
        }
        Dialog::Issue { authority, date } => {
            egui::Window::new(view.tr("Cấp giấy chứng nhận", "Issue certificates"))
                .collapsible(false)
                .show(ui.ctx(), |ui| {
                    ui.label(view.tr(
                        "Đánh số giấy chứng nhận cho mọi sản phẩm đạt 3–4 sao (theo cơ quan và năm). Sau bước này đợt không thay đổi được nữa.",
                        "Numbers a certificate for every 3–4★ product (per authority and year). The round can no longer change afterwards.",
                    ));
                    labelled_edit(ui, view.tr("Cơ quan cấp:", "Issuing authority:"), authority, false);
                    labelled_edit(ui, view.tr("Ngày cấp (YYYY-MM-DD):", "Issue date (YYYY-MM-DD):"), date, false);
                    let parsed = parse_date(date);
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(
                                !authority.trim().is_empty() && parsed.is_some(),
                                egui::Button::new(view.tr("Cấp", "Issue")),
                            )
                            .clicked()
                        {
                            actions.push(Action::Worker(Request::IssueCertificates {
                                round,
                                authority: authority.trim().to_string(),
                                date: parsed,
                            }));
                            close = true;
                        }
                        if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                            close = true;
                        }
                    });
                });
        }
        Dialog::Recuse {
            product,
            member,
            reason,
        } => {
            egui::Window::new(view.tr("Tránh xung đột lợi ích", "Conflict of interest"))
                .collapsible(false)
                .show(ui.ctx(), |ui| {
                    let product_name = data
                        .lines
                        .iter()
                        .find(|l| Some(l.product.id) == *product)
                        .map(|l| l.product.name.clone())
                        .unwrap_or_else(|| view.tr("— chọn sản phẩm —", "— product —").into());
                    let label = ui.label(view.tr("Sản phẩm:", "Product:"));
                    egui::ComboBox::from_id_salt("recuse_product")
                        .selected_text(product_name)
                        .width(320.0)
                        .show_ui(ui, |ui| {
                            for l in &data.lines {
                                ui.selectable_value(product, Some(l.product.id), &l.product.name);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    let member_name = data
                        .members
                        .iter()
                        .find(|m| Some(m.id) == *member)
                        .map(|m| m.name.clone())
                        .unwrap_or_else(|| view.tr("— chọn thành viên —", "— member —").into());
                    let label = ui.label(view.tr("Thành viên:", "Member:"));
                    egui::ComboBox::from_id_salt("recuse_member")
                        .selected_text(member_name)
                        .width(320.0)
                        .show_ui(ui, |ui| {
                            for m in data.members.iter().filter(|m| m.voting) {
                                ui.selectable_value(member, Some(m.id), &m.name);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    labelled_edit(ui, view.tr("Lý do:", "Reason:"), reason, true);
                    ui.horizontal(|ui| {
                        let ready =
                            product.is_some() && member.is_some() && !reason.trim().is_empty();
                        if ui
                            .add_enabled(ready, egui::Button::new(view.tr("Ghi nhận", "Record")))
                            .clicked()
                            && let (Some(product), Some(member)) = (*product, *member)
                        {
                            actions.push(Action::Worker(Request::Recuse {
                                product,
                                member,
                                reason: reason.trim().to_string(),
                            }));
                            close = true;
                        }
                        if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                            close = true;
                        }
                    });
                });
        }
    }
    if close {
        state.dialog = Dialog::None;
    }
}
