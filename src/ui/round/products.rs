//! The round's product list: a virtualized table (thousands of rows stay fast), the
//! member's own sheet per product, and the council's results when visible.

use egui_extras::{Column, TableBuilder};

use super::super::{Action, Ctx, theme::size, widgets};
use crate::app::views::{ProductLine, RoundData, state_label};
use crate::domain::model::SheetStatus;

pub(in crate::ui) fn matches_filter(line: &ProductLine, filter: &str) -> bool {
    if filter.trim().is_empty() {
        return true;
    }
    let needle = filter.trim().to_lowercase();
    let p = &line.product;
    [
        Some(p.name.as_str()),
        Some(p.producer.name.as_str()),
        p.producer.commune.as_deref(),
        p.product_code.as_deref(),
        Some(line.set_name_vi.as_str()),
    ]
    .into_iter()
    .flatten()
    .any(|text| text.to_lowercase().contains(&needle))
}

pub(super) fn products_table_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    filter: &str,
    actions: &mut Vec<Action>,
) {
    let rows: Vec<&ProductLine> = data
        .lines
        .iter()
        .filter(|l| matches_filter(l, filter))
        .collect();
    if rows.is_empty() {
        ui.label(view.tr("Không có sản phẩm.", "No products."));
        return;
    }
    // Wider than a projector's window: the table scrolls sideways (the state
    // columns stay reachable).
    egui::ScrollArea::horizontal()
        .id_salt("products_sideways")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.vertical(|ui| {
                let me = data.me().map(|m| m.id);
                let mut table = TableBuilder::new(ui)
                    .id_salt("products")
                    .striped(true)
                    .column(Column::exact(40.0))
                    .column(Column::initial(290.0).at_least(180.0).clip(true))
                    .column(Column::initial(210.0).clip(true))
                    .column(Column::initial(200.0).clip(true));
                // Only a member has sheets of their own.
                if me.is_some() {
                    table = table.column(Column::initial(140.0));
                }
                table = table.column(Column::initial(90.0));
                if data.results_visible {
                    table = table.column(Column::initial(260.0));
                }
                table
                    .header(size::ROW_HEIGHT, |mut header| {
                        for title in column_titles(view, me.is_some(), data.results_visible) {
                            header.col(|ui| {
                                ui.strong(title);
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(size::ROW_HEIGHT, rows.len(), |mut row| {
                            let line = rows[row.index()];
                            product_row_ui(&mut row, view, data, line, me, actions);
                        });
                    });
            });
        });
}

/// The columns' titles: *Phiếu của tôi* for a member, the council's result when
/// visible.
fn column_titles(view: &Ctx<'_>, member: bool, results_visible: bool) -> Vec<&'static str> {
    let mut titles = vec![
        "#",
        view.tr("Sản phẩm", "Product"),
        view.tr("Bộ sản phẩm", "Product set"),
        view.tr("Chủ thể", "Producer"),
    ];
    if member {
        titles.push(view.tr("Phiếu của tôi", "My sheet"));
    }
    titles.push(view.tr("Đã nộp", "Submitted"));
    if results_visible {
        titles.push(view.tr("Kết quả hội đồng", "Council result"));
    }
    titles
}

/// One product's row: its number, its name (a link to the desk for a member not
/// recused), set, producer, my sheet, the sheets submitted and the result.
fn product_row_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    view: &Ctx<'_>,
    data: &RoundData,
    line: &ProductLine,
    me: Option<crate::domain::ids::MemberId>,
    actions: &mut Vec<Action>,
) {
    let p = &line.product;
    row.col(|ui| {
        ui.label(p.id.to_string());
    });
    row.col(|ui| match me {
        Some(member) if !line.recused => {
            if ui.link(&p.name).clicked() {
                actions.push(Action::OpenDesk {
                    product: p.id,
                    member,
                });
            }
        }
        _ => {
            ui.label(&p.name);
        }
    });
    row.col(|ui| {
        ui.label(format!("{} · {}", p.product_set, line.set_name_vi));
    });
    row.col(|ui| {
        ui.label(&p.producer.name);
    });
    if me.is_some() {
        // A member who does not vote has no sheets to fill.
        let votes = data.me().is_some_and(|m| m.voting);
        row.col(|ui| my_sheet_cell_ui(ui, view, line, votes));
    }
    row.col(|ui| {
        ui.label(format!("{}/{}", line.submitted, line.eligible));
    });
    if data.results_visible {
        row.col(|ui| result_cell_ui(ui, view, line));
    }
}

fn my_sheet_cell_ui(ui: &mut egui::Ui, view: &Ctx<'_>, line: &ProductLine, is_member: bool) {
    if !is_member {
        ui.label("–");
    } else if line.recused {
        ui.colored_label(
            view.palette.muted,
            view.tr("tránh (xung đột lợi ích)", "recused"),
        );
    } else {
        match &line.my_sheet {
            Some(s) if s.status == SheetStatus::Submitted => {
                ui.colored_label(
                    view.palette.ok,
                    format!("{} · {}", view.tr("đã nộp", "submitted"), s.total_points),
                );
            }
            Some(_) => {
                ui.colored_label(
                    view.palette.warn,
                    format!(
                        "{}/{} · {}",
                        line.my_answered,
                        line.criteria_count,
                        view.tr("nháp", "draft")
                    ),
                );
            }
            None => {
                ui.label(view.tr("chưa chấm", "not started"));
            }
        }
    }
}

fn result_cell_ui(ui: &mut egui::Ui, view: &Ctx<'_>, line: &ProductLine) {
    let Some(result) = &line.result else {
        return;
    };
    ui.horizontal(|ui| {
        if let Some(mean) = result.mean {
            widgets::stars_ui(ui, view, result.stars, 12.0);
            ui.label(crate::ui::format::mean(mean, view.lang));
        }
        let color = match result.state {
            crate::domain::council::ResultState::Final => view.palette.ok,
            crate::domain::council::ResultState::NotScored => view.palette.muted,
            _ => view.palette.warn,
        };
        widgets::chip_ui(ui, state_label(result.state, view.lang), color);
    });
}
