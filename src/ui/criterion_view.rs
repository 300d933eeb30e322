//! The per-criterion view for the meeting: one product's criteria with each
//! member's points, most disputed first, so the council discusses what differs;
//! from here the chair reopens chosen members' sheets (re-score) and the council
//! disqualifies a dossier.

use crate::app::request::CouncilRequest;

use std::collections::BTreeSet;

use egui_extras::{Column, TableBuilder};

use super::{Action, Ctx, fonts, theme::size};
use crate::app::prefs::Lang;
use crate::app::views::RoundData;
use crate::domain::disqualify::{Disqualification, DisqualificationReason};
use crate::domain::ids::MemberId;
use crate::domain::model::CriterionView;
use crate::domain::permissions::CouncilAction;
use crate::domain::round::RoundAction;

#[derive(Debug, Default)]
enum Dialog {
    #[default]
    None,
    Rescore {
        members: BTreeSet<MemberId>,
        reason: String,
    },
    Disqualify {
        reason: Option<DisqualificationReason>,
        note: String,
    },
}

#[derive(Debug, Default)]
pub struct CriterionViewState {
    pub view: Option<CriterionView>,
    dialog: Dialog,
}

pub fn criterion_view_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut CriterionViewState,
    actions: &mut Vec<Action>,
) {
    let Some(cv) = &state.view else {
        return;
    };
    let product = &cv.product;
    let close_pane = heading_row_ui(ui, view, data, cv, &mut state.dialog, actions);
    if close_pane {
        state.view = None;
        state.dialog = Dialog::None;
        return;
    }
    if let Some(d) = &product.disqualified {
        ui.colored_label(
            view.palette.danger,
            format!(
                "{}: {} — {}",
                view.tr("Bị loại", "Disqualified"),
                d.reason.label_vi(),
                d.note
            ),
        );
    }
    dialog_ui(ui, view, state, actions);
    let Some(cv) = &state.view else {
        return;
    };
    super::commune_report::commune_comparison_ui(ui, view, cv);
    criteria_table_ui(ui, view, cv);
}

/// *✕ Đóng*, the product, its total spread, and the council's buttons (re-score,
/// disqualify or lift it) for whom the permission table allows; true when the
/// pane is to close.
fn heading_row_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    cv: &CriterionView,
    dialog: &mut Dialog,
    actions: &mut Vec<Action>,
) -> bool {
    let product = &cv.product;
    let line = data.lines.iter().find(|l| l.product.id == product.id);
    let mut close_pane = false;
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(view.tr("✕ Đóng", "✕ Close"))
            .on_hover_text(view.tr(
                "Đóng khung theo tiêu chí (bảng kết quả vẫn ở trên)",
                "Close the by-criterion pane (the results stay above)",
            ))
            .clicked()
        {
            close_pane = true;
        }
        ui.label(
            egui::RichText::new(format!(
                "{} — {}",
                view.tr("Theo tiêu chí", "By criterion"),
                product.name
            ))
            .font(fonts::bold(size::SUBHEADING)),
        );
        if let Some(result) = line.and_then(|l| l.result.as_ref())
            && let Some(spread) = result.spread_points
        {
            let color = if result.spread_flag {
                view.palette.danger
            } else {
                view.palette.ok
            };
            ui.colored_label(
                color,
                format!("{} {spread}", view.tr("chênh lệch tổng", "total spread")),
            );
        }
        let status = data.round.status;
        // Only whom the permission table allows sees these (the store refuses anyway).
        if status.allows(RoundAction::Rescore)
            && data.may(CouncilAction::OrderRescore)
            && ui.button(view.tr("Chấm lại…", "Re-score…")).clicked()
        {
            *dialog = Dialog::Rescore {
                members: BTreeSet::new(),
                reason: String::new(),
            };
        }
        if status.allows(RoundAction::Disqualify) && data.may(CouncilAction::Disqualify) {
            if product.disqualified.is_some() {
                if ui
                    .button(view.tr("Bỏ loại hồ sơ", "Lift the disqualification"))
                    .clicked()
                {
                    actions.push(Action::send(CouncilRequest::Disqualify {
                        product: product.id,
                        disqualification: None,
                    }));
                }
            } else if ui.button(view.tr("Loại hồ sơ…", "Disqualify…")).clicked() {
                *dialog = Dialog::Disqualify {
                    reason: None,
                    note: String::new(),
                };
            }
        }
    });
    close_pane
}

/// The criteria, most disputed first, with each member's points (the highest and
/// lowest of a disputed criterion marked).
fn criteria_table_ui(ui: &mut egui::Ui, view: &Ctx<'_>, cv: &CriterionView) {
    let mut table = TableBuilder::new(ui)
        .id_salt("by_criterion")
        .striped(true)
        .max_scroll_height(420.0)
        .column(Column::exact(64.0))
        .column(Column::initial(320.0).clip(true))
        .column(Column::exact(48.0));
    for _ in &cv.members {
        table = table.column(Column::initial(70.0));
    }
    table = table.column(Column::exact(60.0));
    table
        .header(size::ROW_HEIGHT * 1.4, |mut header| {
            header.col(|ui| {
                ui.strong(view.tr("Mã", "Id"));
            });
            header.col(|ui| {
                ui.strong(view.tr("Tiêu chí", "Criterion"));
            });
            header.col(|ui| {
                ui.strong(view.tr("Tối đa", "Max"));
            });
            for (m, total) in cv.members.iter().zip(&cv.totals) {
                header.col(|ui| {
                    ui.strong(format!("{} ({total})", m.name))
                        .on_hover_text(&m.name);
                });
            }
            header.col(|ui| {
                ui.strong(view.tr("Chênh", "Spread"));
            });
        })
        .body(|body| {
            body.rows(size::ROW_HEIGHT, cv.rows.len(), |mut row| {
                let index = row.index();
                criterion_row_ui(&mut row, view, cv, index);
            });
        });
}

/// Row `index` of the table: id, title, maximum, each member's points, the spread.
fn criterion_row_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    view: &Ctx<'_>,
    cv: &CriterionView,
    index: usize,
) {
    let r = &cv.rows[index];
    let max_given = r.by_member.iter().filter_map(|m| m.points).max();
    let min_given = r.by_member.iter().filter_map(|m| m.points).min();
    row.col(|ui| {
        ui.label(&r.criterion.0);
    });
    row.col(|ui| {
        ui.label(&r.title_vi).on_hover_text(&r.title_vi);
    });
    row.col(|ui| {
        ui.label(r.max_points.to_string());
    });
    for m in &r.by_member {
        row.col(|ui| {
            let text = m.points.map_or("–".to_string(), |p| p.to_string());
            let color = if r.spread_points > 0 && (m.points == max_given || m.points == min_given) {
                view.palette.warn
            } else {
                ui.visuals().text_color()
            };
            ui.colored_label(color, text);
        });
    }
    row.col(|ui| {
        let color = if r.spread_points > 0 {
            view.palette.danger
        } else {
            view.palette.muted
        };
        ui.colored_label(color, r.spread_points.to_string());
    });
}

/// The open dialog, if any: re-score or disqualify.
fn dialog_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    state: &mut CriterionViewState,
    actions: &mut Vec<Action>,
) {
    let Some(cv) = &state.view else {
        return;
    };
    let close = match &mut state.dialog {
        Dialog::None => false,
        Dialog::Rescore { members, reason } => {
            rescore_dialog_ui(ui, view, cv, members, reason, actions)
        }
        Dialog::Disqualify { reason, note } => {
            disqualify_dialog_ui(ui, view, cv.product.id, reason, note, actions)
        }
    };
    if close {
        state.dialog = Dialog::None;
    }
}

/// The chair picks whose sheets to reopen and why; true when the dialog closes.
fn rescore_dialog_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    cv: &CriterionView,
    members: &mut BTreeSet<MemberId>,
    reason: &mut String,
    actions: &mut Vec<Action>,
) -> bool {
    let product = cv.product.id;
    let mut close = false;
    // Beside the results (anchored right), not over the flagged row.
    egui::Window::new(view.tr("Chấm lại sau thảo luận", "Re-score after the discussion"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-12.0, 48.0))
        .max_width((ui.ctx().content_rect().width() * 0.45).max(260.0))
        .show(ui.ctx(), |ui| {
            ui.add(
                egui::Label::new(view.tr(
                    "Chủ tịch mở lại phiếu của các thành viên được chọn; phiếu cũ được giữ lại.",
                    "The chair reopens the chosen members' sheets; the previous answers are kept.",
                ))
                .wrap(),
            );
            // Each member with their total, to see whose sheet stands apart.
            for (m, total) in cv.members.iter().zip(&cv.totals) {
                let mut checked = members.contains(&m.id);
                if ui
                    .checkbox(&mut checked, &m.name)
                    .on_hover_text(format!("{total}/100"))
                    .changed()
                {
                    if checked {
                        members.insert(m.id);
                    } else {
                        members.remove(&m.id);
                    }
                }
                ui.label(
                    egui::RichText::new(format!("    {} {total}/100", view.tr("tổng", "total")))
                        .color(view.palette.muted),
                );
            }
            disputed_ui(ui, view, cv);
            let label = ui.label(view.tr("Lý do:", "Reason:"));
            ui.add(egui::TextEdit::multiline(reason).desired_rows(2))
                .labelled_by(label.id);
            ui.horizontal(|ui| {
                let ready = !members.is_empty() && !reason.trim().is_empty();
                if ui
                    .add_enabled(
                        ready,
                        egui::Button::new(view.tr("Mở lại để chấm lại", "Reopen for re-scoring")),
                    )
                    .clicked()
                {
                    actions.push(Action::send(CouncilRequest::Rescore {
                        product,
                        members: members.iter().copied().collect(),
                        reason: reason.trim().to_string(),
                    }));
                    close = true;
                }
                if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                    close = true;
                }
            });
        });
    close
}

/// The council's reason (one of the listed ones) and note; true when the dialog
/// closes.
fn disqualify_dialog_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    product: crate::domain::ids::ProductId,
    reason: &mut Option<DisqualificationReason>,
    note: &mut String,
    actions: &mut Vec<Action>,
) -> bool {
    let mut close = false;
    egui::Window::new(view.tr("Loại hồ sơ", "Disqualify the dossier"))
        // Centred on the window, below the top bar (still movable).
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ui.ctx().content_rect().center())
        .collapsible(false)
        .show(ui.ctx(), |ui| {
            for r in DisqualificationReason::ALL {
                let text = match view.lang {
                    Lang::Vi => r.label_vi(),
                    Lang::En => r.label_en(),
                };
                ui.radio_value(reason, Some(r), text);
            }
            let label = ui.label(view.tr("Ghi chú của hội đồng:", "The council's note:"));
            ui.add(egui::TextEdit::multiline(note).desired_rows(2))
                .labelled_by(label.id);
            ui.horizontal(|ui| {
                let ready = reason.is_some() && !note.trim().is_empty();
                if ui
                    .add_enabled(ready, egui::Button::new(view.tr("Loại", "Disqualify")))
                    .clicked()
                    && let Some(r) = *reason
                {
                    actions.push(Action::send(CouncilRequest::Disqualify {
                        product,
                        disqualification: Some(Disqualification {
                            reason: r,
                            note: note.trim().to_string(),
                        }),
                    }));
                    close = true;
                }
                if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                    close = true;
                }
            });
        });
    close
}

/// The criteria the members disagree on most (up to five), for the re-score.
fn disputed_ui(ui: &mut egui::Ui, view: &Ctx<'_>, cv: &crate::domain::model::CriterionView) {
    let mut rows: Vec<_> = cv.rows.iter().filter(|r| r.spread_points > 0).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.spread_points));
    if rows.is_empty() {
        return;
    }
    ui.label(
        egui::RichText::new(view.tr(
            "Tiêu chí chênh lệch nhiều nhất:",
            "The most disputed criteria:",
        ))
        .strong(),
    );
    for r in rows.iter().take(5) {
        let points = r
            .by_member
            .iter()
            .map(|p| p.points.map_or("–".to_string(), |x| x.to_string()))
            .collect::<Vec<_>>()
            .join(" / ");
        ui.add(
            egui::Label::new(format!(
                "• {} {} — {} {} ({points})",
                r.criterion,
                r.title_vi,
                view.tr("chênh", "spread"),
                r.spread_points
            ))
            .wrap(),
        );
    }
}
