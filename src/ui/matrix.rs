//! Progress and results: products × members (totals and sheet states), with the
//! council's mean, stars and flags; the chair or secretary reopens a sheet here.

use egui_extras::{Column, TableBuilder};

use super::{Action, Ctx, format, round::matches_filter, theme::size, widgets};
use crate::app::views::{ProductLine, RoundData, state_label};
use crate::app::worker::Request;
use crate::domain::council::ResultState;
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::model::SheetStatus;
use crate::domain::permissions::CouncilAction;

mod reopen;
use reopen::{ReopenDraft, reopen_dialog_ui};

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
    /// The reopen dialog, while open (until the reopening went through).
    reopen: Option<ReopenDraft>,
    sort: SortKey,
    /// Show only products in this state.
    only: Option<ResultState>,
    /// The vertical scroll shared by the frozen product column and the cells.
    scroll_y: f32,
}

impl MatrixState {
    /// A change went through: a reopen that was sent is done, its dialog closes.
    pub fn change_done(&mut self) {
        if self.reopen.as_ref().is_some_and(ReopenDraft::is_sent) {
            self.reopen = None;
        }
    }

    /// A change was refused (`why`, in the user's language) or not sent: a reopen
    /// that was sent is typed again, its reason kept. True when the dialog took
    /// `why` to show.
    pub fn change_refused(&mut self, why: Option<String>) -> bool {
        self.reopen.as_mut().is_some_and(|draft| draft.refused(why))
    }
}

/// Below this width (points) the filter takes a line of its own above sort and
/// state (150% and 200% on a 900×600 screen).
const ONE_LINE_CONTROLS_WIDTH: f32 = 760.0;

/// What a label with its drop-down needs on a line (points), to start a new line
/// before it rather than part the label from its list.
const PAIR_WIDTH: f32 = 230.0;

/// The text filter, then sort and state, each one drop-down. On a narrow window
/// the filter has its own line and each label stays with its list.
fn controls_ui(ui: &mut egui::Ui, view: &Ctx<'_>, filter: &mut String, state: &mut MatrixState) {
    let sorts = [
        (SortKey::Product, view.tr("theo mã", "by id")),
        (SortKey::MeanDescending, view.tr("điểm TB ↓", "mean ↓")),
        (SortKey::StarsDescending, view.tr("hạng sao ↓", "stars ↓")),
        (
            SortKey::SpreadDescending,
            view.tr("chênh lệch ↓", "spread ↓"),
        ),
    ];
    let states = [
        ResultState::NeedsDiscussion,
        ResultState::PendingQuorum,
        ResultState::NotScored,
        ResultState::Final,
        ResultState::Disqualified,
    ];
    let narrow = ui.available_width() < ONE_LINE_CONTROLS_WIDTH;
    if narrow {
        super::round::filter_ui(ui, view, filter);
    }
    ui.horizontal_wrapped(|ui| {
        if !narrow {
            ui.scope(|ui| {
                ui.set_max_width(300.0);
                super::round::filter_ui(ui, view, filter);
            });
        }
        if ui.available_width() < PAIR_WIDTH {
            ui.end_row();
        }
        let label = ui.label(view.tr("Sắp xếp:", "Sort:"));
        let current = sorts
            .iter()
            .find(|(k, _)| *k == state.sort)
            .map_or("", |(_, l)| *l);
        egui::ComboBox::from_id_salt("matrix_sort")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (key, text) in sorts {
                    ui.selectable_value(&mut state.sort, key, text);
                }
            })
            .response
            .labelled_by(label.id);
        if ui.available_width() < PAIR_WIDTH {
            ui.end_row();
        }
        let label = ui.label(view.tr("Trạng thái:", "State:"));
        let current = state
            .only
            .map_or(view.tr("tất cả", "all"), |s| state_label(s, view.lang));
        egui::ComboBox::from_id_salt("matrix_only")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.only, None, view.tr("tất cả", "all"));
                for s in states {
                    ui.selectable_value(&mut state.only, Some(s), state_label(s, view.lang));
                }
            })
            .response
            .labelled_by(label.id);
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

/// The width of the frozen product column.
fn product_column_width(available: f32) -> f32 {
    (available * 0.3).clamp(140.0, 240.0)
}

pub fn matrix_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    filter: &mut String,
    state: &mut MatrixState,
    actions: &mut Vec<Action>,
) {
    let voters: Vec<&crate::domain::model::MemberRow> =
        data.members.iter().filter(|m| m.voting).collect();
    controls_ui(ui, view, filter, state);
    let rows = sorted_rows(data, filter, state);
    if reopen_dialog_ui(ui, view, data, state.reopen.as_mut(), actions) {
        state.reopen = None;
    }
    // Two tables side by side sharing one vertical scroll: the product names stay
    // put while the members, the results and the state scroll sideways; both
    // header rows stay on top.
    let height = ui.available_height();
    let product_width = product_column_width(ui.available_width());
    // Both tables scroll by the same offset, rounded to whole physical pixels the
    // same way, so the frozen names never sit a fraction of a pixel off their row.
    let pixels_per_point = ui.ctx().pixels_per_point();
    let to_pixel = |y: f32| (y * pixels_per_point).round() / pixels_per_point;
    let synced = to_pixel(state.scroll_y);
    let mut left_y = synced;
    let mut right_y = synced;
    ui.horizontal_top(|ui| {
        ui.allocate_ui_with_layout(
            egui::vec2(product_width, height),
            egui::Layout::top_down(egui::Align::Min),
            |ui| {
                left_y = products_column_ui(ui, view, &rows, synced, height, actions);
            },
        );
        egui::ScrollArea::horizontal()
            .id_salt("matrix_sideways")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // Top-down inside: the header row above the body (the row of
                // tables around is left to right).
                ui.vertical(|ui| {
                    right_y = cells_ui(ui, view, data, &rows, &voters, state, synced, height);
                });
            });
    });
    // Whichever table the wheel moved leads; both draw its offset on the next
    // frame (each table applies the wheel after drawing, so neither runs ahead).
    let (left_y, right_y) = (to_pixel(left_y), to_pixel(right_y));
    let moved = if left_y != synced { left_y } else { right_y };
    if moved != synced {
        state.scroll_y = moved;
        ui.ctx().request_repaint();
    }
}

/// The frozen product column; returns its vertical scroll offset.
fn products_column_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    rows: &[&ProductLine],
    scroll_y: f32,
    height: f32,
    actions: &mut Vec<Action>,
) -> f32 {
    let width = ui.available_width();
    let output = TableBuilder::new(ui)
        .id_salt("matrix_products")
        .striped(true)
        .vertical_scroll_offset(scroll_y)
        .max_scroll_height(height)
        .auto_shrink([false, false])
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysHidden)
        .column(Column::exact(width - 8.0).clip(true))
        .header(size::ROW_HEIGHT * 1.4, |mut header| {
            header.col(|ui| {
                ui.strong(view.tr("Sản phẩm", "Product"));
            });
        })
        .body(|body| {
            body.rows(size::ROW_HEIGHT, rows.len(), |mut row| {
                let line = rows[row.index()];
                row.col(|ui| {
                    let link = ui.add(egui::Link::new(&line.product.name));
                    let link = link.on_hover_text(format!(
                        "{}\n{}",
                        line.product.name,
                        view.tr("Bấm: xem theo tiêu chí", "Click: see by criterion")
                    ));
                    if link.clicked() {
                        actions.push(Action::Worker(Request::LoadCriterionView {
                            product: line.product.id,
                        }));
                    }
                });
            });
        });
    output.state.clamped_offset().y
}

/// Everything right of the product column; returns its vertical scroll offset.
#[allow(clippy::too_many_arguments)]
fn cells_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    rows: &[&ProductLine],
    voters: &[&crate::domain::model::MemberRow],
    state: &mut MatrixState,
    scroll_y: f32,
    height: f32,
) -> f32 {
    let mut table = TableBuilder::new(ui)
        .id_salt("matrix")
        .striped(true)
        .vertical_scroll_offset(scroll_y)
        .max_scroll_height(height)
        .auto_shrink([false, false]);
    for _ in voters {
        table = table.column(Column::initial(72.0).clip(true));
    }
    table = table
        .column(Column::initial(56.0))
        .column(Column::initial(70.0))
        .column(Column::initial(90.0))
        .column(Column::initial(70.0))
        .column(Column::initial(70.0))
        .column(Column::initial(280.0).clip(true));
    let output = table
        .header(size::ROW_HEIGHT * 1.4, |mut header| {
            for m in voters {
                header.col(|ui| {
                    // Cut with "…"; the full name shows on hover (egui's own tooltip).
                    ui.add(egui::Label::new(egui::RichText::new(&m.name).strong()).truncate());
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
                for m in voters {
                    row.col(|ui| member_cell_ui(ui, view, data, line, m.id, state));
                }
                result_cells_ui(&mut row, view, line);
            });
        });
    output.state.clamped_offset().y
}

/// The self-assessment, mean, stars, spread, quorum and state of one product.
fn result_cells_ui(row: &mut egui_extras::TableRow<'_, '_>, view: &Ctx<'_>, line: &ProductLine) {
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
        ui.label(
            result
                .mean
                .map(|m| format::mean(m, view.lang))
                .unwrap_or_default(),
        );
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
        // Cut with "…"; the whole text (the cap's reason) shows on hover, once.
        ui.add(egui::Label::new(&text).truncate());
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
                state.reopen = Some(ReopenDraft::new(line.product.id, member));
            }
        }
        Some(s) => {
            ui.colored_label(view.palette.warn, format!("({})", s.total_points))
                .on_hover_text(view.tr("Nháp, chưa nộp", "Draft, not submitted"));
        }
        None if recused(data, line.product.id, member) => {
            ui.colored_label(view.palette.muted, view.tr("⊘ tránh", "⊘ recused"))
                .on_hover_text(view.tr(
                    "Đã tránh sản phẩm này (xung đột lợi ích): không tính vào túc số.",
                    "Recused from this product (conflict of interest): not counted in the quorum.",
                ));
        }
        None => {
            ui.colored_label(view.palette.muted, "–")
                .on_hover_text(view.tr("Chưa chấm", "Not scored yet"));
        }
    }
}

fn recused(data: &RoundData, product: ProductId, member: MemberId) -> bool {
    data.recusals
        .iter()
        .any(|r| r.product_id == product && r.member_id == member)
}
