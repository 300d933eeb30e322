//! The round's header: its name and state, who is at the keyboard (*Tôi là*), the
//! member's progress and next product, and the member's own files.

use super::super::{Action, Ctx, fonts, theme::size};
use super::toolbar_row_ui;
use crate::app::prefs::{Identity, Lang};
use crate::app::request::{DocumentsRequest, LaptopsRequest};
use crate::app::views::{ProductLine, RoundData};
use crate::app::worker::Request;
use crate::domain::model::{MemberRow, RoundRow, SheetStatus};

/// Below this height (points) the round's header keeps to its essentials.
const SHORT_WINDOW_HEIGHT: f32 = 420.0;

pub(super) fn header_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    locked: bool,
    actions: &mut Vec<Action>,
) {
    let round = &data.round;
    let status = match view.lang {
        Lang::Vi => round.status.label_vi(),
        Lang::En => round.status.label_en(),
    };
    title_ui(ui, view, round, status);
    toolbar_row_ui(ui, "identity_row", |ui| {
        identity_ui(ui, view, data, actions);
        if round.pins_required
            && !locked
            && ui
                .button(view.tr("Khóa màn hình", "Lock"))
                .on_hover_text(view.tr(
                    "Rời máy: người sau phải nhập mã PIN của mình",
                    "Leaving the laptop: the next person enters their own PIN",
                ))
                .clicked()
        {
            actions.push(Action::Lock);
        }
        if locked {
            return;
        }
        if data.identity.is_none() {
            ui.colored_label(
                view.palette.warn,
                view.tr(
                    "Chọn tên của bạn để chấm điểm.",
                    "Pick your name to start scoring.",
                ),
            );
        }
        // The member's progress and next product first (what a member needs at a
        // meeting), short on a narrow window so they stay in view.
        if let Some((done, total)) = data.my_progress() {
            progress_ui(ui, view, data, done, total, actions);
        }
        // The member's own files, in one menu: the row stays as short as the
        // secretariat's.
        if let Some(me) = data.me() {
            my_sheets_menu_ui(ui, view, round, me, actions);
        }
    });
}

/// The round's name, state and rules; on a short window (a projector at
/// 150–200%) one line, the state and the name cut with "…", to leave the rows room.
fn title_ui(ui: &mut egui::Ui, view: &Ctx<'_>, round: &RoundRow, status: &str) {
    if ui.ctx().content_rect().height() < SHORT_WINDOW_HEIGHT {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(status).strong());
            ui.add(egui::Label::new(&round.name).truncate());
        });
    } else {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(&round.name).font(fonts::bold(size::SUBHEADING)));
            ui.label(status);
            ui.label(
                egui::RichText::new(format!(
                    "{} · {} {} · {} {}",
                    round.criteria_set_id,
                    view.tr("chênh lệch ≤", "spread ≤"),
                    round.rules.spread_threshold_points,
                    view.tr("túc số", "quorum"),
                    round.rules.quorum
                ))
                .color(view.palette.muted),
            );
        });
    }
}

/// *Tôi là:* and the people to pick from (on a member's own laptop, only that
/// member).
fn identity_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData, actions: &mut Vec<Action>) {
    let round = &data.round;
    let who_label = ui.label(view.tr("Tôi là:", "I am:"));
    let current = match data.identity {
        Some(Identity::Secretariat) => view.tr("Ban thư ký", "Secretariat").to_string(),
        Some(Identity::Member(_)) => data
            .me()
            .map(|m| member_label(view, m))
            .unwrap_or_else(|| "?".into()),
        None => view.tr("— chọn —", "— choose —").to_string(),
    };
    // Narrower on a small window, so the row's other buttons stay in view.
    let width = (ui.ctx().content_rect().width() * 0.4).clamp(150.0, 280.0);
    egui::ComboBox::from_id_salt("identity")
        .selected_text(current)
        .width(width)
        .truncate()
        .show_ui(ui, |ui| {
            // A member's own laptop acts only as that member.
            let laptop = data.round.laptop_member;
            for m in data
                .members
                .iter()
                .filter(|m| laptop.is_none_or(|id| id == m.id))
            {
                let selected = data.identity == Some(Identity::Member(m.id));
                if ui
                    .selectable_label(selected, member_label(view, m))
                    .clicked()
                {
                    actions.push(Action::SetIdentity(round.id, Some(Identity::Member(m.id))));
                }
            }
            let selected = data.identity == Some(Identity::Secretariat);
            if laptop.is_none()
                && ui
                    .selectable_label(selected, view.tr("Ban thư ký", "Secretariat"))
                    .clicked()
            {
                actions.push(Action::SetIdentity(round.id, Some(Identity::Secretariat)));
            }
        })
        .response
        .labelled_by(who_label.id);
}

/// *Phiếu của tôi ▾*: the member's signed sheets package and their sheets as PDF.
fn my_sheets_menu_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: &RoundRow,
    me: &MemberRow,
    actions: &mut Vec<Action>,
) {
    ui.menu_button(view.tr("Phiếu của tôi ▾", "My sheets ▾"), |ui| {
        // Signed only where this data folder's key is the member's (their own
        // laptop); elsewhere the export is refused, so not offered.
        if round.laptop_member == Some(me.id)
            && ui
                .button(view.tr("Xuất gói phiếu đã ký…", "Export my signed sheets…"))
                .on_hover_text(view.tr(
                    "Gửi tệp này cho Thư ký để gộp",
                    "Send this file to the secretary to merge",
                ))
                .clicked()
        {
            actions.push(Action::SaveAs {
                title: "Gói phiếu đã ký",
                file_name: format!("phieu-dot-{}-{}.ocop-sheets", round.id, me.id),
                filter: ("OCOP sheets package", &["ocop-sheets"]),
                make: |path, round, member| {
                    Request::Laptops(LaptopsRequest::ExportSheetsPackage {
                        round,
                        member: member.unwrap_or(crate::domain::ids::MemberId(0)),
                        path,
                    })
                },
                round: round.id,
                member: Some(me.id),
            });
            ui.close();
        }
        if ui
            .button(view.tr("In phiếu của tôi (PDF)…", "Print my sheets (PDF)…"))
            .clicked()
        {
            actions.push(Action::SaveAs {
                title: "Phiếu đánh giá",
                file_name: format!("phieu-danh-gia-dot-{}-{}.pdf", round.id, me.id),
                filter: ("PDF", &["pdf"]),
                make: |path, round, member| {
                    Request::Documents(DocumentsRequest::PrintMemberSheets {
                        round,
                        member: member.unwrap_or(crate::domain::ids::MemberId(0)),
                        path,
                    })
                },
                round: round.id,
                member: Some(me.id),
            });
            ui.close();
        }
    });
}

/// Below this window width (points) the toolbar's texts take their short forms.
const NARROW_WINDOW_WIDTH: f32 = 700.0;

/// "Đã nộp 4/9 sản phẩm" and *Sản phẩm chưa chấm tiếp theo →* (short forms on a
/// narrow window, the long ones on hover).
fn progress_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    done: usize,
    total: usize,
    actions: &mut Vec<Action>,
) {
    let narrow = ui.ctx().content_rect().width() < NARROW_WINDOW_WIDTH;
    let long = format!(
        "{} {done}/{total} {}",
        view.tr("Đã nộp", "Submitted"),
        view.tr("sản phẩm", "products")
    );
    ui.separator();
    if narrow {
        ui.label(format!("✔ {done}/{total}")).on_hover_text(&long);
    } else {
        ui.label(long);
    }
    let next_label = view.tr("Sản phẩm chưa chấm tiếp theo →", "Next unscored product →");
    let button = if narrow {
        egui::Button::new(view.tr("Chưa chấm →", "Unscored →"))
    } else {
        egui::Button::new(next_label)
    };
    if let Some(next) = next_unscored(data)
        && ui.add(button).on_hover_text(next_label).clicked()
        && let Some(me) = data.me()
    {
        actions.push(Action::OpenDesk {
            product: next.product.id,
            member: me.id,
        });
    }
}

pub(super) fn member_label(view: &Ctx<'_>, m: &crate::domain::model::MemberRow) -> String {
    let role = match view.lang {
        Lang::Vi => m.role.label_vi(),
        Lang::En => m.role.label_en(),
    };
    format!("{} ({role})", m.name)
}

/// The first product (in list order) the viewer has not submitted and may score.
fn next_unscored(data: &RoundData) -> Option<&ProductLine> {
    data.me()?;
    data.lines.iter().find(|l| {
        !l.recused
            && l.my_sheet
                .as_ref()
                .is_none_or(|s| s.status != SheetStatus::Submitted)
    })
}
