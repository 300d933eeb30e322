//! Progress and results: products × members (totals and sheet states), with the
//! council's mean, stars and flags; the chair or secretary reopens a sheet here.

use egui_extras::{Column, TableBuilder};

use super::{Action, Ctx, round::matches_filter, theme::size, widgets};
use crate::app::views::{ProductLine, RoundData, state_label};
use crate::app::worker::Request;
use crate::domain::council::ResultState;
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::member::Role;
use crate::domain::permissions::CouncilAction;
use crate::store::SheetStatus;

/// A reopen being typed.
#[derive(Debug, Clone, Default)]
pub struct ReopenDraft {
    product: Option<ProductId>,
    member: Option<MemberId>,
    /// The chair whose order the secretary records (the secretary only).
    ordered_by: Option<MemberId>,
    /// The chair's PIN confirming that order, where the round requires PINs.
    chair_pin: String,
    reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum SortKey {
    #[default]
    Product,
    MeanDescending,
    StarsDescending,
    SpreadDescending,
}

#[derive(Debug, Clone, Default)]
pub struct MatrixState {
    reopen: Option<ReopenDraft>,
    sort: SortKey,
    /// Show only products in this state.
    only: Option<ResultState>,
}

fn controls_ui(ui: &mut egui::Ui, view: &Ctx<'_>, state: &mut MatrixState) {
    ui.horizontal_wrapped(|ui| {
        ui.label(view.tr("Sắp xếp:", "Sort:"));
        for (key, label) in [
            (SortKey::Product, view.tr("theo mã", "by id")),
            (SortKey::MeanDescending, view.tr("điểm TB ↓", "mean ↓")),
            (SortKey::StarsDescending, view.tr("hạng sao ↓", "stars ↓")),
            (
                SortKey::SpreadDescending,
                view.tr("chênh lệch ↓", "spread ↓"),
            ),
        ] {
            ui.selectable_value(&mut state.sort, key, label);
        }
        ui.separator();
        ui.label(view.tr("Trạng thái:", "State:"));
        ui.selectable_value(&mut state.only, None, view.tr("tất cả", "all"));
        for s in [
            ResultState::NeedsDiscussion,
            ResultState::PendingQuorum,
            ResultState::NotScored,
            ResultState::Final,
            ResultState::Disqualified,
        ] {
            ui.selectable_value(&mut state.only, Some(s), state_label(s, view.lang));
        }
    });
}

fn sorted_rows<'a>(data: &'a RoundData, filter: &str, state: &MatrixState) -> Vec<&'a ProductLine> {
    let mut rows: Vec<&ProductLine> = data
        .lines
        .iter()
        .filter(|l| matches_filter(l, filter))
        .filter(|l| state.only.is_none() || l.result.as_ref().map(|r| r.state) == state.only)
        .collect();
    let mean = |l: &ProductLine| l.result.as_ref().and_then(|r| r.mean);
    match state.sort {
        SortKey::Product => {}
        SortKey::MeanDescending => rows.sort_by_key(|l| std::cmp::Reverse(mean(l))),
        SortKey::StarsDescending => {
            rows.sort_by_key(|l| std::cmp::Reverse(l.result.as_ref().map_or(0, |r| r.stars)))
        }
        SortKey::SpreadDescending => {
            rows.sort_by_key(|l| {
                std::cmp::Reverse(l.result.as_ref().and_then(|r| r.spread_points))
            });
        }
    }
    rows
}

pub fn matrix_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    filter: &str,
    state: &mut MatrixState,
    actions: &mut Vec<Action>,
) {
    let voters: Vec<&crate::store::MemberRow> = data.members.iter().filter(|m| m.voting).collect();
    controls_ui(ui, view, state);
    let rows = sorted_rows(data, filter, state);
    reopen_dialog_ui(ui, view, data, state, actions);
    let mut table = TableBuilder::new(ui)
        .id_salt("matrix")
        .striped(true)
        .column(Column::initial(220.0).clip(true));
    for _ in &voters {
        table = table.column(Column::initial(64.0).clip(true));
    }
    table = table
        .column(Column::initial(56.0))
        .column(Column::initial(70.0))
        .column(Column::initial(90.0))
        .column(Column::initial(70.0))
        .column(Column::initial(70.0))
        .column(Column::remainder().at_least(200.0));
    table
        .header(size::ROW_HEIGHT * 1.4, |mut header| {
            header.col(|ui| {
                ui.strong(view.tr("Sản phẩm", "Product"));
            });
            for m in &voters {
                header.col(|ui| {
                    ui.strong(&m.name).on_hover_text(&m.name);
                });
            }
            for title in [
                view.tr("Tự chấm", "Self"),
                view.tr("TB", "Mean"),
                view.tr("Hạng", "Stars"),
                view.tr("Chênh", "Spread"),
                view.tr("Túc số", "Quorum"),
                view.tr("Trạng thái", "State"),
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(size::ROW_HEIGHT, rows.len(), |mut row| {
                let line = rows[row.index()];
                row.col(|ui| {
                    if ui
                        .link(&line.product.name)
                        .on_hover_text(view.tr("Xem theo tiêu chí", "See by criterion"))
                        .clicked()
                    {
                        actions.push(Action::Worker(Request::LoadCriterionView {
                            product: line.product.id,
                        }));
                    }
                });
                for m in &voters {
                    row.col(|ui| member_cell_ui(ui, view, data, line, m.id, state));
                }
                row.col(|ui| {
                    if let Some(total) = line.self_assessment_total {
                        ui.label(egui::RichText::new(total.to_string()).color(view.palette.muted))
                            .on_hover_text(view.tr(
                                "Tổng điểm chủ thể tự đánh giá",
                                "The producer's self-assessment total",
                            ));
                    }
                });
                let Some(result) = &line.result else {
                    return;
                };
                row.col(|ui| {
                    ui.label(result.mean.map(|m| m.display_2dp()).unwrap_or_default());
                });
                row.col(|ui| {
                    if result.mean.is_some() {
                        widgets::stars_ui(ui, view, result.stars, 12.0);
                    }
                });
                row.col(|ui| {
                    if let Some(spread) = result.spread_points {
                        let color = if result.spread_flag {
                            view.palette.danger
                        } else {
                            view.palette.muted
                        };
                        ui.colored_label(color, spread.to_string());
                    }
                });
                row.col(|ui| {
                    let color = if result.quorum.met {
                        view.palette.ok
                    } else {
                        view.palette.warn
                    };
                    ui.colored_label(
                        color,
                        format!("{}/{}", result.quorum.participants, result.quorum.eligible),
                    );
                });
                row.col(|ui| {
                    let text = match result.outcome.as_ref().and_then(|o| match view.lang {
                        crate::app::prefs::Lang::Vi => o.explain_vi(),
                        crate::app::prefs::Lang::En => o.explain_en(),
                    }) {
                        Some(cap) => format!("{} · {cap}", state_label(result.state, view.lang)),
                        None => state_label(result.state, view.lang).to_string(),
                    };
                    ui.add(egui::Label::new(&text).truncate())
                        .on_hover_text(&text);
                });
            });
        });
}

fn member_cell_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    line: &ProductLine,
    member: MemberId,
    state: &mut MatrixState,
) {
    let sheet = data
        .all_sheets
        .iter()
        .find(|s| s.product_id == line.product.id && s.member_id == member);
    match sheet {
        Some(s) if s.status == SheetStatus::Submitted && !data.may(CouncilAction::ReopenSheet) => {
            ui.label(s.total_points.to_string())
                .on_hover_text(view.tr("Đã nộp.", "Submitted."));
        }
        Some(s) if s.status == SheetStatus::Submitted => {
            let response = ui
                .add(egui::Button::new(s.total_points.to_string()).frame(false))
                .on_hover_text(view.tr(
                    "Đã nộp. Bấm để mở lại phiếu.",
                    "Submitted. Click to reopen.",
                ));
            if response.clicked() {
                state.reopen = Some(ReopenDraft {
                    product: Some(line.product.id),
                    member: Some(member),
                    ordered_by: None,
                    chair_pin: String::new(),
                    reason: String::new(),
                });
            }
        }
        Some(s) => {
            ui.colored_label(view.palette.warn, format!("({})", s.total_points))
                .on_hover_text(view.tr("Nháp, chưa nộp", "Draft, not submitted"));
        }
        None => {
            ui.colored_label(view.palette.muted, "–");
        }
    }
}

fn reopen_dialog_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut MatrixState,
    actions: &mut Vec<Action>,
) {
    let Some(draft) = &mut state.reopen else {
        return;
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
    egui::Window::new(view.tr("Mở lại phiếu đã nộp", "Reopen a submitted sheet"))
        .collapsible(false)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            ui.label(format!("{product_name} — {member_name}"));
            // The chair (vice-chair) reopens on their own authority; the secretary
            // records the chair's order, confirmed by the chair's PIN where required.
            let secretary = data.me().is_some_and(|m| m.role == Role::Secretary);
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
            ui.horizontal(|ui| {
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
                    close = true;
                }
                if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                    close = true;
                }
            });
        });
    if close {
        state.reopen = None;
    }
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
