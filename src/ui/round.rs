//! A round: who am I, my progress, and the products (a virtualized list that stays
//! fast with thousands of rows), with the council's results when visible.

use crate::app::request::{DocumentsRequest, ViewsRequest};

use super::{
    Action, Ctx, audit, certificates, council, criterion_view, laptops, matrix, new_dossier,
    people, theme::size,
};
use crate::app::export::ExportFormat;
use crate::app::prefs::Identity;
use crate::app::views::{ProductLine, RoundData};
use crate::app::worker::Request;
use crate::domain::ids::{ProductId, RoundId};
use crate::domain::model::SheetStatus;
use crate::domain::permissions::CouncilAction;
use crate::domain::round::RoundStatus;

mod header;
mod products;

use header::{header_ui, member_label};
pub(super) use products::matches_filter;
use products::products_table_ui;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Products,
    Matrix,
    Council,
    Laptops,
    Audit,
    Certificates,
}

pub struct RoundScreen {
    round: RoundId,
    data: Option<RoundData>,
    filter: String,
    tab: Tab,
    matrix: matrix::MatrixState,
    by_criterion: criterion_view::CriterionViewState,
    council: council::CouncilState,
    audit: audit::AuditState,
    certificates: certificates::CertificatesState,
    new_dossier: Option<new_dossier::NewDossierForm>,
    laptops: laptops::LaptopsState,
}

impl RoundScreen {
    pub fn new(round: RoundId) -> Self {
        Self {
            round,
            data: None,
            filter: String::new(),
            tab: Tab::Products,
            matrix: matrix::MatrixState::default(),
            by_criterion: criterion_view::CriterionViewState::default(),
            council: council::CouncilState::default(),
            audit: audit::AuditState::default(),
            certificates: certificates::CertificatesState::default(),
            new_dossier: None,
            laptops: laptops::LaptopsState::default(),
        }
    }

    pub fn set_merge_report(
        &mut self,
        reports: Vec<crate::app::package::PackageReport>,
        conflicts: Vec<crate::domain::model::ConflictRow>,
    ) {
        self.laptops.reports = reports;
        self.laptops.conflicts = Some(conflicts);
        self.tab = Tab::Laptops;
    }

    pub fn set_conflicts(&mut self, conflicts: Vec<crate::domain::model::ConflictRow>) {
        self.laptops.conflicts = Some(conflicts);
    }

    pub fn add_picked_files(&mut self, paths: Vec<std::path::PathBuf>) {
        if let Some(form) = &mut self.new_dossier {
            form.add_files(paths);
        }
    }

    /// What to reload after a change, besides the round itself.
    pub fn refresh_requests(&self) -> Vec<Request> {
        let mut out = Vec::new();
        if let Some(cv) = &self.by_criterion.view {
            out.push(Request::Views(ViewsRequest::LoadCriterionView {
                product: cv.product.id,
            }));
        }
        if self.audit.data.is_some() {
            out.push(Request::Views(ViewsRequest::LoadAudit {
                round: self.round,
            }));
        }
        if self.certificates.rows.is_some() {
            out.push(Request::Views(ViewsRequest::LoadCertificates {
                round: self.round,
            }));
        }
        out
    }

    pub fn set_criterion_view(&mut self, view: crate::domain::model::CriterionView) {
        if view.product.round_id == self.round {
            self.by_criterion.view = Some(view);
        }
    }

    pub fn set_audit(
        &mut self,
        entries: Vec<crate::domain::model::AuditEntry>,
        report: crate::domain::model::VerifyReport,
        rollback: Option<crate::app::backup::anchor::Rollback>,
    ) {
        self.audit.data = Some((entries, report));
        self.audit.rollback = rollback;
    }

    pub fn set_certificates(
        &mut self,
        rows: Vec<crate::domain::model::CertificateRow>,
        expiring: Vec<crate::domain::model::ExpiringCertificate>,
    ) {
        self.certificates.rows = Some((rows, expiring));
    }

    pub fn set_certificate_preview(
        &mut self,
        preview: Result<crate::domain::certificate::IssuePreview, String>,
    ) {
        self.council.set_issue_preview(preview);
    }

    pub fn set_verdict(&mut self, verdict: crate::domain::model::PayloadVerdict) {
        self.certificates.verdict = Some(verdict);
    }

    pub fn set_doc_settings(
        &mut self,
        settings: Result<Option<crate::app::doc_settings::DocSettings>, String>,
    ) {
        self.council.set_doc_settings(settings);
    }

    pub fn round_id(&self) -> RoundId {
        self.round
    }

    /// Whether the round requires a PIN from everyone (as last loaded).
    pub fn pins_required(&self) -> bool {
        self.data.as_ref().is_some_and(|d| d.round.pins_required)
    }

    /// The name of `identity` in this round, for the PIN dialog.
    pub fn person_name(&self, view: &Ctx<'_>, identity: Option<Identity>) -> Option<String> {
        let data = self.data.as_ref()?;
        Some(match identity? {
            Identity::Secretariat => view.tr("Ban thư ký", "Secretariat").to_string(),
            Identity::Member(id) => member_label(view, data.members.iter().find(|m| m.id == id)?),
        })
    }

    /// Where `product` sits in the round's list, for the desk's back / previous /
    /// next buttons (list order, as on the *Sản phẩm* tab).
    pub fn desk_nav(&self, product: ProductId) -> super::desk::DeskNav {
        let Some(data) = &self.data else {
            return super::desk::DeskNav::default();
        };
        let ids: Vec<ProductId> = data.lines.iter().map(|l| l.product.id).collect();
        let at = ids.iter().position(|p| *p == product);
        let unscored = |l: &&ProductLine| {
            !l.recused
                && l.product.id != product
                && l.my_sheet
                    .as_ref()
                    .is_none_or(|s| s.status != SheetStatus::Submitted)
        };
        // The next one after this product, wrapping round to the top.
        let next_unscored = data.me().and_then(|_| {
            let start = at.map_or(0, |i| i + 1);
            data.lines[start.min(data.lines.len())..]
                .iter()
                .chain(data.lines.iter())
                .find(unscored)
                .map(|l| l.product.id)
        });
        super::desk::DeskNav {
            round: Some(self.round),
            previous: at.and_then(|i| i.checked_sub(1)).map(|i| ids[i]),
            next: at.and_then(|i| ids.get(i + 1).copied()),
            next_unscored,
            position: at.map(|i| (i + 1, ids.len())),
        }
    }

    /// A change went through: the dialog that asked for it closes.
    pub fn change_done(&mut self) {
        self.council.change_done();
        self.matrix.change_done();
    }

    /// A change was refused: its dialog stays open with what was typed.
    pub fn change_refused(&mut self) {
        self.council.change_refused();
        self.matrix.change_refused(None);
    }

    /// A change was refused for `why` (in the user's language): true when a dialog
    /// waiting for it (the matrix's reopen) shows it; then it needs no other panel.
    pub fn dialog_refused(&mut self, why: &str) -> bool {
        self.matrix.change_refused(Some(why.to_owned()))
    }

    /// The round's data, once loaded.
    pub fn data(&self) -> Option<&RoundData> {
        self.data.as_ref()
    }

    pub fn title(&self) -> Option<String> {
        self.data.as_ref().map(|d| d.round.name.clone())
    }

    pub fn set_data(&mut self, data: RoundData) {
        if !data.results_visible || (!is_admin(&data) && self.tab != Tab::Matrix) {
            self.tab = Tab::Products;
        }
        self.data = Some(data);
    }

    /// `locked`: the round requires PINs and nobody vouched for is at the keyboard;
    /// only the header (to pick oneself) and the lock screen show.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>, locked: bool) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(data) = &self.data else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.spinner();
            });
            return actions;
        };
        if locked {
            egui::Panel::top("round_header").show(ui, |ui| {
                header_ui(ui, view, data, locked, &mut actions);
            });
            let name = self.person_name(view, data.identity);
            if people::lock_screen_ui(ui, view, name.as_deref()) {
                actions.push(Action::Unlock);
            }
            return actions;
        }
        egui::Panel::top("round_header").show(ui, |ui| {
            header_ui(ui, view, data, locked, &mut actions);
            toolbar_row_ui(ui, "tabs_row", |ui| {
                tab_buttons_ui(ui, view, data, &mut self.tab, &mut actions);
                export_menu_ui(ui, view, data, &mut actions);
                import_menu_ui(ui, view, data, &mut self.new_dossier, &mut actions);
            });
        });
        if let Some(form) = &mut self.new_dossier
            && !new_dossier::new_dossier_ui(
                ui,
                view,
                data.round.id,
                &data.set_names,
                form,
                &mut actions,
            )
        {
            self.new_dossier = None;
        }
        if self.tab == Tab::Matrix && self.by_criterion.view.is_some() {
            by_criterion_panel_ui(ui, view, data, &mut self.by_criterion, &mut actions);
        }
        self.tab_body_ui(ui, view, &mut actions);
        actions
    }

    /// The open tab, below the header.
    fn tab_body_ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>, actions: &mut Vec<Action>) {
        let Some(data) = &self.data else {
            return;
        };
        egui::CentralPanel::default().show(ui, |ui| match self.tab {
            Tab::Products => {
                filter_ui(ui, view, &mut self.filter);
                products_table_ui(ui, view, data, &self.filter, actions)
            }
            Tab::Matrix => {
                matrix::matrix_ui(ui, view, data, &mut self.filter, &mut self.matrix, actions)
            }
            Tab::Council => council::council_ui(ui, view, data, &mut self.council, actions),
            Tab::Laptops => laptops::laptops_ui(ui, view, data, &mut self.laptops, actions),
            Tab::Audit => audit::audit_ui(ui, view, data.round.id, &self.audit, actions),
            Tab::Certificates => certificates::certificates_ui(
                ui,
                view,
                data.round.id,
                data.round.status,
                data.may(CouncilAction::RevokeCertificate),
                &mut self.certificates,
                actions,
            ),
        });
    }
}

/// The tabs the viewer may open; opening the council, audit or certificates tab
/// loads what it shows.
fn tab_buttons_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    tab: &mut Tab,
    actions: &mut Vec<Action>,
) {
    ui.selectable_value(tab, Tab::Products, view.tr("Sản phẩm", "Products"));
    if data.results_visible {
        ui.selectable_value(
            tab,
            Tab::Matrix,
            view.tr("Tiến độ và kết quả", "Progress and results"),
        );
    }
    if is_admin(data) {
        if ui
            .selectable_value(tab, Tab::Council, view.tr("Hội đồng", "Council"))
            .clicked()
        {
            actions.push(Action::send(DocumentsRequest::LoadDocSettings));
        }
        ui.selectable_value(
            tab,
            Tab::Laptops,
            view.tr("Máy của hội đồng", "Council laptops"),
        );
        if ui
            .selectable_value(tab, Tab::Audit, view.tr("Nhật ký", "Audit log"))
            .clicked()
        {
            actions.push(Action::send(ViewsRequest::LoadAudit {
                round: data.round.id,
            }));
        }
        if data.round.status >= RoundStatus::Finalized
            && ui
                .selectable_value(
                    tab,
                    Tab::Certificates,
                    view.tr("Giấy chứng nhận", "Certificates"),
                )
                .clicked()
        {
            actions.push(Action::send(ViewsRequest::LoadCertificates {
                round: data.round.id,
            }));
        }
    }
}

/// *Xuất kết quả ▾*: the results as Excel, CSV or JSON, once they are visible.
fn export_menu_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData, actions: &mut Vec<Action>) {
    if data.results_visible {
        ui.separator();
        ui.menu_button(
            view.tr("Xuất kết quả ▾", "Export results ▾"),
            |ui| {
                for (label, format) in [
                    (
                        view.tr("Excel (.xlsx)…", "Excel (.xlsx)…"),
                        ExportFormat::Xlsx,
                    ),
                    (view.tr("CSV…", "CSV…"), ExportFormat::Csv),
                    (view.tr("JSON…", "JSON…"), ExportFormat::Json),
                ] {
                    if ui.button(label).clicked() {
                        actions.push(Action::Export {
                            round: data.round.id,
                            format,
                        });
                        ui.close();
                    }
                }
            },
        );
    }
}

/// *Nhập hồ sơ ▾*: a .zip or a folder, and in setup (for whoever runs the round)
/// a dossier made from loose files.
fn import_menu_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    new_dossier: &mut Option<new_dossier::NewDossierForm>,
    actions: &mut Vec<Action>,
) {
    // The row's last item, only for those the permission table lets import (the
    // store refuses anyone else): a member is not offered it.
    if !data.may(CouncilAction::ImportDossiers) {
        return;
    }
    ui.separator();
    ui.menu_button(view.tr("Nhập hồ sơ ▾", "Import dossier ▾"), |ui| {
        if ui
            .button(view.tr("Tệp .zip…", "A .zip file…"))
            .on_hover_text(view.tr(
                "Hoặc kéo thả thư mục/tệp .zip vào cửa sổ",
                "Or drop a folder/.zip on the window",
            ))
            .clicked()
        {
            actions.push(Action::PickDossier {
                round: data.round.id,
                folder: false,
            });
            ui.close();
        }
        if ui
            .button(view.tr("Thư mục hồ sơ…", "A dossier folder…"))
            .clicked()
        {
            actions.push(Action::PickDossier {
                round: data.round.id,
                folder: true,
            });
            ui.close();
        }
        if data.round.status == RoundStatus::Setup
            && ui
                .button(view.tr("Tạo hồ sơ từ tệp…", "Dossier from files…"))
                .clicked()
        {
            *new_dossier = Some(new_dossier::NewDossierForm::new(
                &data.round.criteria_set_id,
            ));
            ui.close();
        }
    });
}

/// The matrix's per-criterion pane, at the bottom of the window.
fn by_criterion_panel_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut criterion_view::CriterionViewState,
    actions: &mut Vec<Action>,
) {
    // Never taller than about half the window: the matrix stays in view.
    let height = ui.available_height();
    egui::Panel::bottom("by_criterion")
        .resizable(true)
        .default_size(360.0_f32.min(height * 0.45))
        .max_size(height * 0.65)
        .show(ui, |ui| {
            criterion_view::criterion_view_ui(ui, view, data, state, actions);
        });
}

/// The chair, the secretary and the secretariat run the round.
fn is_admin(data: &RoundData) -> bool {
    match data.identity {
        Some(Identity::Secretariat) => true,
        Some(Identity::Member(_)) => data.me().is_some_and(|m| m.role.can_administer()),
        None => false,
    }
}

/// One row of the round's toolbar: always one line, the same height for every
/// role (a member's row holds other buttons than the secretary's, the chair has
/// more tabs), so the rows below never move when switching person. What does not
/// fit the window scrolls sideways (the scroll bar floats: no extra height).
fn toolbar_row_ui(ui: &mut egui::Ui, id_salt: &str, add: impl FnOnce(&mut egui::Ui)) {
    ui.scope(|ui| {
        // The floating bar's handle stays faintly visible while the row overflows,
        // so a window too narrow for every tab shows there is more to the right.
        ui.spacing_mut().scroll.dormant_handle_opacity = 0.6;
        egui::ScrollArea::horizontal()
            .id_salt(id_salt)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.set_height(size::ROW_HEIGHT + 4.0);
                    add(ui);
                });
            });
    });
}

/// *Lọc:* and its box, kept together on one line; the box takes the room left
/// (at 200% on a small screen it shrinks rather than wrapping away).
pub(super) fn filter_ui(ui: &mut egui::Ui, view: &Ctx<'_>, filter: &mut String) {
    ui.horizontal(|ui| {
        ui.label(view.tr("Lọc:", "Filter:"));
        let room = ui.available_width() - ui.spacing().item_spacing.x;
        ui.add(
            egui::TextEdit::singleline(filter)
                .desired_width(room.clamp(60.0, 220.0))
                .hint_text(view.tr("tên, chủ thể, xã…", "name, producer, commune…")),
        )
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "filter"));
    });
}
