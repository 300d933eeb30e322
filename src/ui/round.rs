//! A round: who am I, my progress, and the products (a virtualized list that stays
//! fast with thousands of rows), with the council's results when visible.

use crate::app::request::{DocumentsRequest, LaptopsRequest, ViewsRequest};

use super::{
    Action, Ctx, audit, certificates, council, criterion_view, fonts, laptops, matrix, new_dossier,
    people, theme::size,
};
use crate::app::export::ExportFormat;
use crate::app::prefs::{Identity, Lang};
use crate::app::views::{ProductLine, RoundData};
use crate::app::worker::Request;
use crate::domain::ids::{ProductId, RoundId};
use crate::domain::model::SheetStatus;
use crate::domain::round::RoundStatus;

mod products;

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
    ) {
        self.audit.data = Some((entries, report));
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
                data.may(crate::domain::permissions::CouncilAction::RevokeCertificate),
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
        if is_admin(data)
            && data.round.status == RoundStatus::Setup
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

/// Below this height (points) the round's header keeps to its essentials.
const SHORT_WINDOW_HEIGHT: f32 = 420.0;

/// The chair, the secretary and the secretariat run the round.
fn is_admin(data: &RoundData) -> bool {
    match data.identity {
        Some(Identity::Secretariat) => true,
        Some(Identity::Member(_)) => data.me().is_some_and(|m| m.role.can_administer()),
        None => false,
    }
}

fn header_ui(
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
    // A short window (a projector at 150–200%): one line, the state and the
    // round's name cut with "…", to leave the rows room.
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
    toolbar_row_ui(ui, "identity_row", |ui| {
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
            ui.menu_button(view.tr("Phiếu của tôi ▾", "My sheets ▾"), |ui| {
                if ui
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

fn member_label(view: &Ctx<'_>, m: &crate::domain::model::MemberRow) -> String {
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
