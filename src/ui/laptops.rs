//! The council of laptops, the secretary's side: register each member's public key,
//! send the round package out, merge the members' signed sheets packages back in,
//! and see what each merge did and which conflicts wait for a decision.

use crate::app::request::LaptopsRequest;

use super::{Action, Ctx, fonts, theme::size};
use crate::app::package::PackageReport;
use crate::app::views::RoundData;
use crate::app::worker::Request;
use crate::domain::ids::MemberId;
use crate::domain::model::{ConflictRow, MergeVerdict};

#[derive(Debug, Default)]
pub struct LaptopsState {
    /// Keys being pasted, per member.
    keys: std::collections::BTreeMap<MemberId, String>,
    pub reports: Vec<PackageReport>,
    pub conflicts: Option<Vec<ConflictRow>>,
}

pub fn laptops_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut LaptopsState,
    actions: &mut Vec<Action>,
) {
    let round = data.round.id;
    egui::ScrollArea::vertical().id_salt("laptops").show(ui, |ui| {
        ui.label(view.tr(
            "Mỗi thành viên chấm trên máy của mình, không cần mạng: (1) thành viên gửi khóa công khai của máy mình (trang Các đợt → Khóa của máy này); (2) Thư ký đăng ký khóa dưới đây rồi xuất gói đợt; (3) thành viên nhập gói, chấm, xuất gói phiếu đã ký; (4) Thư ký gộp các gói phiếu. Gói bị sửa dù một byte, ký bằng khóa lạ hoặc của đợt khác đều bị từ chối.",
            "Each member scores on their own laptop, offline: (1) the member sends their laptop's public key (Rounds screen → This laptop's key); (2) the secretary registers it below and exports the round package; (3) the member imports it, scores and exports a signed sheets package; (4) the secretary merges the packages. A package altered in any byte, signed by an unknown key or for another round is refused.",
        ));
        keys_ui(ui, view, data, state, actions);
        ui.separator();
        package_buttons_ui(ui, view, round, actions);
        merge_report_ui(ui, view, &state.reports);
        ui.separator();
        conflicts_ui(ui, view, round, state, actions);
    });
}

/// Each voting member's key (registered or not) and a field to register one.
fn keys_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut LaptopsState,
    actions: &mut Vec<Action>,
) {
    let round = data.round.id;
    ui.add_space(6.0);
    ui.label(
        egui::RichText::new(view.tr("Khóa công khai của thành viên", "Members' public keys"))
            .font(fonts::bold(size::SUBHEADING)),
    );
    for m in data.members.iter().filter(|m| m.voting) {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(&m.name).strong());
            match &m.public_key {
                Some(key) => {
                    ui.colored_label(view.palette.ok, format!("✔ {}…", &key[..key.len().min(16)]));
                }
                None => {
                    ui.colored_label(view.palette.warn, view.tr("chưa có khóa", "no key yet"));
                }
            }
            let text = state.keys.entry(m.id).or_default();
            let label = ui.label(view.tr("Khóa:", "Key:"));
            ui.add(
                egui::TextEdit::singleline(text)
                    .desired_width(300.0)
                    .hint_text("64 hex"),
            )
            .labelled_by(label.id);
            if ui
                .add_enabled(
                    text.trim().len() == 64,
                    egui::Button::new(view.tr("Đăng ký khóa", "Register key")),
                )
                .clicked()
            {
                actions.push(Action::send(LaptopsRequest::RegisterKey {
                    round,
                    member: m.id,
                    key: text.trim().to_string(),
                }));
                text.clear();
            }
        });
    }
}

/// Send the round package out; merge the sheets packages back in.
fn package_buttons_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: crate::domain::ids::RoundId,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(view.tr("Xuất gói đợt cho các máy…", "Export the round package…"))
            .clicked()
        {
            actions.push(Action::SaveAs {
                title: "Gói đợt đánh giá",
                file_name: format!("dot-{round}.ocop-round"),
                filter: ("OCOP round package", &["ocop-round"]),
                make: |path, round, _| {
                    Request::Laptops(LaptopsRequest::ExportRoundPackage { round, path })
                },
                round,
                member: None,
            });
        }
        if ui
            .button(view.tr("Gộp gói phiếu từ các máy…", "Merge sheets packages…"))
            .clicked()
        {
            actions.push(Action::PickPackages {
                round,
                folder: false,
            });
        }
        if ui
            .button(view.tr("Gộp cả thư mục gói phiếu…", "Merge a folder of packages…"))
            .clicked()
        {
            actions.push(Action::PickPackages {
                round,
                folder: true,
            });
        }
    });
}

/// What the last merge did with each package.
fn merge_report_ui(ui: &mut egui::Ui, view: &Ctx<'_>, reports: &[PackageReport]) {
    if !reports.is_empty() {
        ui.separator();
        ui.label(
            egui::RichText::new(view.tr("Kết quả gộp", "Merge report"))
                .font(fonts::bold(size::SUBHEADING)),
        );
        for r in reports {
            let name = r
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match &r.verdict {
                MergeVerdict::Rejected { reasons } => {
                    ui.colored_label(
                        view.palette.danger,
                        format!("✘ {name}: {}", view.tr("bị từ chối", "refused")),
                    );
                    for reason in reasons {
                        ui.colored_label(view.palette.danger, format!("    {reason}"));
                    }
                }
                MergeVerdict::AlreadyMerged { merged_at, .. } => {
                    ui.colored_label(
                        view.palette.muted,
                        format!(
                            "= {name}: {} {}",
                            view.tr("đã gộp trước đó, lúc", "already merged at"),
                            super::format::when(merged_at)
                        ),
                    );
                }
                MergeVerdict::Merged(summary) => {
                    ui.colored_label(
                        view.palette.ok,
                        format!("✔ {name}: {} — {}", summary.member_name, summary.counts()),
                    );
                    for sheet in &summary.sheets {
                        ui.label(
                            egui::RichText::new(format!(
                                "    {} · {}",
                                sheet.product_name,
                                sheet.outcome.label()
                            ))
                            .small(),
                        );
                    }
                }
            }
        }
    }
}

/// The incoming sheets a merge kept aside, loaded the first time the tab shows.
fn conflicts_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: crate::domain::ids::RoundId,
    state: &mut LaptopsState,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(view.tr(
                "Xung đột chờ quyết định",
                "Conflicts waiting for a decision",
            ))
            .font(fonts::bold(size::SUBHEADING)),
        );
        if ui.small_button(view.tr("Tải lại", "Reload")).clicked() {
            actions.push(Action::send(LaptopsRequest::LoadConflicts { round }));
        }
    });
    match &state.conflicts {
        None => {
            actions.push(Action::send(LaptopsRequest::LoadConflicts { round }));
            state.conflicts = Some(Vec::new());
        }
        Some(list) if list.is_empty() => {
            ui.label(egui::RichText::new(view.tr("Không có.", "None.")).color(view.palette.muted));
        }
        Some(list) => {
            for c in list {
                ui.colored_label(
                    view.palette.warn,
                    format!(
                        "• {} — {}: {} {} ({}) ≠ {} {} ({}, {})",
                        c.product_name,
                        c.member_name,
                        view.tr("gói gửi đến", "incoming"),
                        c.incoming_total,
                        super::format::when(&c.incoming_submitted_at),
                        view.tr("máy này", "here"),
                        c.stored_total,
                        c.stored_status,
                        super::format::when(&c.stored_updated_at)
                    ),
                );
            }
        }
    }
}
