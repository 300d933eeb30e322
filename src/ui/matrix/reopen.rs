//! The matrix's *Mở lại phiếu* dialog: the chair reopens a submitted sheet (the
//! secretary records the chair's order). Like the council's weighty dialogs it
//! stays open, with what was typed, until the worker says the reopening went
//! through; a refusal shows inside it and the reason stays, to correct and send
//! again. Draws only; returns actions.

use crate::app::views::RoundData;
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::member::Role;
use crate::ui::{Action, Ctx};

/// A reopen being typed, or sent and awaiting the worker's answer.
#[derive(Debug, Clone, Default)]
pub struct ReopenDraft {
    product: Option<ProductId>,
    member: Option<MemberId>,
    /// The chair whose order the secretary records (the secretary only).
    ordered_by: Option<MemberId>,
    /// The chair's PIN confirming that order, where the round requires PINs.
    chair_pin: String,
    reason: String,
    /// Sent: waiting for the worker (inputs read-only).
    sent: bool,
    /// Why the last sending was refused, in the user's language.
    refused: Option<String>,
}

impl ReopenDraft {
    pub fn new(product: ProductId, member: MemberId) -> Self {
        Self {
            product: Some(product),
            member: Some(member),
            ..Self::default()
        }
    }

    pub fn is_sent(&self) -> bool {
        self.sent
    }

    /// The reopening sent was refused (`why`) or not sent at all (a PIN prompt
    /// cancelled): typed again. True when it was waiting and took `why`.
    pub fn refused(&mut self, why: Option<String>) -> bool {
        if !self.sent {
            return false;
        }
        self.sent = false;
        let taken = why.is_some();
        self.refused = why;
        taken
    }
}

/// Draws the dialog for `draft`; true when it is to close (cancelled).
pub fn reopen_dialog_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    draft: Option<&mut ReopenDraft>,
    actions: &mut Vec<Action>,
) -> bool {
    let Some(draft) = draft else {
        return false;
    };
    let mut close = false;
    let product_name = data
        .lines
        .iter()
        .find(|l| Some(l.product.id) == draft.product)
        .map(|l| l.product.name.clone())
        .unwrap_or_default();
    let member_name = data
        .members
        .iter()
        .find(|m| Some(m.id) == draft.member)
        .map(|m| m.name.clone())
        .unwrap_or_default();
    let screen = ui.ctx().content_rect();
    egui::Window::new(view.tr("Mở lại phiếu đã nộp", "Reopen a submitted sheet"))
        // Centred on the window, below the top bar (still movable).
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(screen.center())
        .max_width((screen.width() - 40.0).clamp(240.0, 520.0))
        .collapsible(false)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            ui.label(format!("{product_name} — {member_name}"));
            // The chair (vice-chair) reopens on their own authority; the secretary
            // records the chair's order, confirmed by the chair's PIN where required.
            let secretary = data.me().is_some_and(|m| m.role == Role::Secretary);
            ui.add_enabled_ui(!draft.sent, |ui| {
                if secretary {
                    chair_order_ui(ui, view, data, draft);
                } else if let Some(me) = data.me() {
                    ui.label(format!(
                        "{} {}",
                        view.tr("Người mở lại:", "Reopened by:"),
                        me.name
                    ));
                }
                ui.label(view.tr(
                    "Lý do (ghi vào nhật ký):",
                    "Reason (kept in the audit log):",
                ));
                ui.add(egui::TextEdit::multiline(&mut draft.reason).desired_rows(2))
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::TextInput, true, "reopen reason")
                    });
            });
            if let Some(why) = &draft.refused {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(format!(
                            "{} {why}",
                            view.tr("✘ Chưa mở lại được:", "✘ Not reopened:")
                        ))
                        .color(view.palette.danger),
                    )
                    .wrap(),
                );
            }
            close = footer_ui(ui, view, data, draft, secretary, actions);
        });
    close
}

/// *Mở lại* (then "working…" until the answer) and *Hủy*; true when cancelled.
fn footer_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    draft: &mut ReopenDraft,
    secretary: bool,
    actions: &mut Vec<Action>,
) -> bool {
    let mut close = false;
    ui.horizontal(|ui| {
        if draft.sent {
            ui.spinner();
            ui.label(view.tr("Đang thực hiện…", "Working…"));
        } else {
            let ordered = !secretary
                || (draft.ordered_by.is_some()
                    && (!data.round.pins_required || !draft.chair_pin.is_empty()));
            let ready = ordered && !draft.reason.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(view.tr("Mở lại", "Reopen")))
                .clicked()
                && let (Some(product), Some(member)) = (draft.product, draft.member)
            {
                let chair_pin =
                    (data.round.pins_required).then(|| std::mem::take(&mut draft.chair_pin));
                actions.push(Action::Reopen {
                    product,
                    member,
                    order: draft
                        .ordered_by
                        .filter(|_| secretary)
                        .map(|c| (c, chair_pin)),
                    reason: draft.reason.trim().to_string(),
                });
                draft.sent = true;
                draft.refused = None;
            }
        }
        if ui.button(view.tr("Hủy", "Cancel")).clicked() {
            close = true;
        }
    });
    close
}

/// The secretary names the chair (or vice-chair) who ordered the reopening and, where
/// the round requires PINs, the chair types their PIN to confirm it.
fn chair_order_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData, draft: &mut ReopenDraft) {
    ui.horizontal(|ui| {
        let label = ui.label(view.tr("Theo yêu cầu của:", "Ordered by:"));
        let name = data
            .members
            .iter()
            .find(|m| Some(m.id) == draft.ordered_by)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| view.tr("— chọn —", "— choose —").into());
        egui::ComboBox::from_id_salt("reopen_ordered_by")
            .selected_text(name)
            .show_ui(ui, |ui| {
                for m in data
                    .members
                    .iter()
                    .filter(|m| matches!(m.role, Role::Chair | Role::ViceChair))
                {
                    ui.selectable_value(&mut draft.ordered_by, Some(m.id), &m.name);
                }
            })
            .response
            .labelled_by(label.id);
    });
    if data.round.pins_required {
        ui.horizontal(|ui| {
            let label = ui.label(view.tr("Mã PIN của Chủ tịch:", "The chair's PIN:"));
            ui.add(
                egui::TextEdit::singleline(&mut draft.chair_pin)
                    .password(true)
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
        });
    }
}
