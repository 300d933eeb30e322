//! The presiding member, in the council tab's recusal section: for each product from
//! which the chair is recused and no vice-chair stands in, who the council named to
//! preside (they count as the chair for the quorum), and, for whom the permission
//! table allows (the secretary recording the council's choice, or a vice-chair), a
//! choice of member and *Ghi nhận*. The store checks again and audits it.

use crate::app::request::CouncilRequest;

use crate::app::views::RoundData;
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::member::Role;
use crate::domain::permissions::CouncilAction;
use crate::domain::round::RoundAction;
use crate::ui::{Action, Ctx, widgets};

/// Products whose chair is recused with no voting vice-chair left to stand in.
fn chairless_products(data: &RoundData) -> Vec<ProductId> {
    let recused = |product: ProductId, member: MemberId| {
        data.recusals
            .iter()
            .any(|r| r.product_id == product && r.member_id == member)
    };
    data.lines
        .iter()
        .map(|l| l.product.id)
        .filter(|&p| {
            let chair_recused = data
                .members
                .iter()
                .any(|m| m.role == Role::Chair && m.voting && recused(p, m.id));
            let vice_stands_in = data
                .members
                .iter()
                .any(|m| m.role == Role::ViceChair && m.voting && !recused(p, m.id));
            chair_recused && !vice_stands_in
        })
        .collect()
}

pub(super) fn presiding_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    actions: &mut Vec<Action>,
) {
    let products = chairless_products(data);
    if products.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(
        egui::RichText::new(view.tr(
            "Chủ trì thay Chủ tịch (Chủ tịch không chấm, không có Phó Chủ tịch thay)",
            "Presiding for the recused chair (no vice-chair stands in)",
        ))
        .strong(),
    );
    let editable = data.round.status.allows(RoundAction::Recuse);
    for product in products {
        let Some(line) = data.lines.iter().find(|l| l.product.id == product) else {
            continue;
        };
        let name_of = |id: MemberId| {
            data.members
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.name.clone())
                .unwrap_or_else(|| format!("#{id}"))
        };
        ui.horizontal_wrapped(|ui| {
            let current = match line.presiding {
                Some(m) => name_of(m),
                None => view.tr("chưa cử", "not named yet").to_string(),
            };
            ui.label(format!("• {}: {current}", line.product.name));
            if editable {
                pick_ui(ui, view, data, product, actions);
            }
        });
    }
}

/// The member choice and the button; the choice lives in egui's memory per product.
fn pick_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    product: ProductId,
    actions: &mut Vec<Action>,
) {
    let id = egui::Id::unique(("presiding_pick", product.0));
    let mut pick: Option<MemberId> = ui.data(|d| d.get_temp(id)).flatten();
    let recused = |member: MemberId| {
        data.recusals
            .iter()
            .any(|r| r.product_id == product && r.member_id == member)
    };
    let candidates: Vec<_> = data
        .members
        .iter()
        .filter(|m| m.voting && !recused(m.id))
        .collect();
    let selected = candidates
        .iter()
        .find(|m| Some(m.id) == pick)
        .map(|m| m.name.clone())
        .unwrap_or_else(|| view.tr("— chọn thành viên —", "— member —").into());
    let may = data.may(CouncilAction::NamePresidingMember);
    ui.add_enabled_ui(may, |ui| {
        let label = ui.label(view.tr("Hội đồng cử:", "Council names:"));
        egui::ComboBox::from_id_salt(("presiding_member", product.0))
            .selected_text(selected)
            .width(220.0)
            .show_ui(ui, |ui| {
                for m in &candidates {
                    ui.selectable_value(&mut pick, Some(m.id), &m.name);
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.data_mut(|d| d.insert_temp(id, pick));
    let button = ui
        .add_enabled(
            may && pick.is_some(),
            egui::Button::new(view.tr("Ghi nhận chủ trì", "Record presiding member")),
        )
        .on_disabled_hover_text(if may {
            view.tr("Chọn thành viên trước.", "Choose the member first.")
                .to_string()
        } else {
            widgets::who_may_text(view, CouncilAction::NamePresidingMember)
        });
    if button.clicked()
        && let Some(member) = pick
    {
        actions.push(Action::send(CouncilRequest::NamePresiding {
            product,
            member,
        }));
    }
}
