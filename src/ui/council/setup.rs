//! In setup: the council's members (and adding one) and the product list.

use super::CouncilState;
use crate::app::prefs::Lang;
use crate::app::request::{CouncilRequest, DocumentsRequest, DossiersRequest};
use crate::app::views::RoundData;
use crate::app::worker::Request;
use crate::ui::{Action, Ctx, fonts, theme::size};

/// In setup: the council's members and the product list.
pub(super) fn setup_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut CouncilState,
    actions: &mut Vec<Action>,
) {
    members_ui(ui, view, data);
    add_member_ui(ui, view, data, state, actions);
    product_list_ui(ui, view, data, actions);
}

/// The council as it stands: each member's role, and who does not vote.
fn members_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData) {
    ui.label(
        egui::RichText::new(view.tr("Thành phần hội đồng", "The council"))
            .font(fonts::bold(size::SUBHEADING)),
    );
    for m in &data.members {
        let role = match view.lang {
            Lang::Vi => m.role.label_vi(),
            Lang::En => m.role.label_en(),
        };
        let voting = if m.voting {
            ""
        } else {
            view.tr(" (không chấm điểm)", " (non-voting)")
        };
        ui.label(format!("• {} — {role}{voting}", m.name));
    }
}

/// A new member's name and role, and *Thêm thành viên* once both are given.
fn add_member_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut CouncilState,
    actions: &mut Vec<Action>,
) {
    use crate::domain::member::Role;
    ui.horizontal(|ui| {
        let name = ui.label(view.tr("Họ tên:", "Name:"));
        ui.add(egui::TextEdit::singleline(&mut state.new_member).desired_width(220.0))
            .labelled_by(name.id);
        let role_label = ui.label(view.tr("Vai trò:", "Role:"));
        let selected = state
            .new_role
            .map_or(view.tr("— chọn —", "— choose —"), |r| match view.lang {
                Lang::Vi => r.label_vi(),
                Lang::En => r.label_en(),
            });
        egui::ComboBox::from_id_salt("new_member_role")
            .selected_text(selected)
            .show_ui(ui, |ui| {
                for r in Role::ALL {
                    let text = match view.lang {
                        Lang::Vi => r.label_vi(),
                        Lang::En => r.label_en(),
                    };
                    ui.selectable_value(&mut state.new_role, Some(r), text);
                }
            })
            .response
            .labelled_by(role_label.id);
        let ready = !state.new_member.trim().is_empty() && state.new_role.is_some();
        if ui
            .add_enabled(
                ready,
                egui::Button::new(view.tr("Thêm thành viên", "Add member")),
            )
            .clicked()
            && let Some(role) = state.new_role
        {
            actions.push(Action::send(CouncilRequest::AddMember {
                round: data.round.id,
                name: state.new_member.trim().to_string(),
                role,
            }));
            state.new_member.clear();
        }
    });
}

/// The product list: import it from a workbook, or save the template to fill in.
fn product_list_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData, actions: &mut Vec<Action>) {
    if ui
        .button(view.tr(
            "Nhập danh sách sản phẩm (XLSX/CSV)…",
            "Import the product list (XLSX/CSV)…",
        ))
        .on_hover_text(view.tr(
            "Cột: Tên sản phẩm, Bộ sản phẩm, Chủ thể (và Mã sản phẩm, Xã, Tỉnh, Địa chỉ…)",
            "Columns: Name, Set, Producer (and Code, Commune, Province, Address…)",
        ))
        .clicked()
    {
        actions.push(Action::PickFile {
            title: "Danh sách sản phẩm",
            filter: ("Excel/CSV", &["xlsx", "xls", "ods", "csv"]),
            make: |path, round| {
                Request::Dossiers(DossiersRequest::ImportProductList { round, path })
            },
            round: data.round.id,
        });
    }
    if ui
        .button(view.tr(
            "Tải mẫu danh sách sản phẩm (XLSX)…",
            "Save a product list template (XLSX)…",
        ))
        .on_hover_text(view.tr(
            "Mẫu có danh sách chọn bộ sản phẩm, loại hình, dòng ví dụ và hướng dẫn; điền xong nhập được ngay.",
            "With drop-downs for set and legal form, an example row and notes; imports as filled.",
        ))
        .clicked()
    {
        actions.push(Action::SaveAs {
            title: "Mẫu danh sách sản phẩm",
            file_name: "mau-danh-sach-san-pham.xlsx".into(),
            filter: ("Excel", &["xlsx"]),
            make: |path, round, _| Request::Documents(DocumentsRequest::ProductListTemplate { round, path }),
            round: data.round.id,
            member: None,
        });
    }
}
