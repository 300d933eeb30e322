//! A dossier typed by the secretary: the registration facts and files picked from
//! disk, each with its evidence kind. Imported with the same checks as a bundle.

use crate::app::request::DossiersRequest;
use std::path::PathBuf;

use super::{Action, Ctx};
use crate::app::dossier::LooseFile;
use crate::app::prefs::Lang;
use crate::domain::commune::{CommuneFinding, CommuneLine, CommuneReport, commune_lines};
use crate::domain::criteria::CriterionId;
use crate::domain::dossier::{
    DossierFacts, DossierProducer, EvidenceKind, ProducerType, RegistrationType,
};
use crate::domain::ids::RoundId;

/// The form's state while it is open.
#[derive(Debug, Clone)]
pub struct NewDossierForm {
    registration: RegistrationType,
    product_name: String,
    product_set: u8,
    product_code: String,
    producer: String,
    producer_type: ProducerType,
    representative: String,
    address: String,
    province: String,
    commune: String,
    phone: String,
    samples: String,
    files: Vec<(PathBuf, EvidenceKind)>,
    commune_report: CommuneReportForm,
}

/// The commune's report (QĐ 1489/2025) as typed from the paper: optional.
#[derive(Debug, Clone, Default)]
struct CommuneReportForm {
    included: bool,
    criteria_set_id: String,
    commune: String,
    report_number: String,
    report_date: String,
    signed_by: String,
    request_number: String,
    request_date: String,
    /// Criterion id → (finding in words, note).
    findings: std::collections::BTreeMap<CriterionId, (String, String)>,
}

impl CommuneReportForm {
    fn report(&self, product_set: u8) -> Option<CommuneReport> {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let assessed: Vec<&CriterionId> = commune_lines(&self.criteria_set_id, product_set)
            .map(|l| l.criteria().collect())
            .unwrap_or_default();
        Some(CommuneReport {
            commune: self.commune.trim().to_string(),
            report_number: self.report_number.trim().to_string(),
            report_date: self.report_date.trim().to_string(),
            signed_by: self.signed_by.trim().to_string(),
            request_number: opt(&self.request_number),
            request_date: opt(&self.request_date),
            findings: self
                .findings
                .iter()
                .filter(|(c, (text, _))| assessed.contains(c) && !text.trim().is_empty())
                .map(|(criterion, (text, note))| CommuneFinding {
                    criterion: criterion.clone(),
                    option: None,
                    text: opt(text),
                    note: opt(note),
                })
                .collect(),
        })
        .filter(|_| self.included)
    }
}

impl NewDossierForm {
    /// A blank form for a round of criteria set `criteria_set_id`.
    pub fn new(criteria_set_id: &str) -> Self {
        Self {
            registration: RegistrationType::New,
            product_name: String::new(),
            product_set: 1,
            product_code: String::new(),
            producer: String::new(),
            producer_type: ProducerType::Cooperative,
            representative: String::new(),
            address: String::new(),
            province: String::new(),
            commune: String::new(),
            phone: String::new(),
            samples: "5".into(),
            files: Vec::new(),
            commune_report: CommuneReportForm {
                criteria_set_id: criteria_set_id.to_string(),
                ..CommuneReportForm::default()
            },
        }
    }

    /// Files picked in the dialog join the list (as "other" until a kind is chosen).
    pub fn add_files(&mut self, paths: Vec<PathBuf>) {
        for path in paths {
            if !self.files.iter().any(|(p, _)| *p == path) {
                self.files.push((path, EvidenceKind::Other));
            }
        }
    }

    fn facts(&self) -> Option<DossierFacts> {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        Some(DossierFacts {
            registration_type: self.registration,
            product_name: self.product_name.trim().to_string(),
            product_set: self.product_set,
            product_code: opt(&self.product_code),
            producer: DossierProducer {
                name: self.producer.trim().to_string(),
                producer_type: self.producer_type,
                legal_representative: self.representative.trim().to_string(),
                address: self.address.trim().to_string(),
                province: self.province.trim().to_string(),
                commune: self.commune.trim().to_string(),
                phone: opt(&self.phone),
            },
            sample_count: self.samples.trim().parse().ok()?,
            previous_star: None,
            certificate_number: None,
            fictional: false,
            commune_report: self.commune_report.report(self.product_set),
        })
    }
}

impl Default for NewDossierForm {
    fn default() -> Self {
        Self::new(crate::domain::criteria::catalog::DEFAULT_CRITERIA_SET)
    }
}

/// The commune report's fields; the checks are the bundle's (named on import).
fn commune_report_ui(ui: &mut egui::Ui, view: &Ctx<'_>, form: &mut NewDossierForm) {
    let report = &mut form.commune_report;
    ui.checkbox(
        &mut report.included,
        view.tr(
            "Có báo cáo đánh giá của UBND cấp xã (QĐ 1489/2025)",
            "Has the commune's assessment report (QĐ 1489/2025)",
        ),
    );
    if !report.included {
        return;
    }
    field(ui, view.tr("UBND xã:", "Commune:"), &mut report.commune);
    field(
        ui,
        view.tr("Số báo cáo:", "Report number:"),
        &mut report.report_number,
    );
    field(
        ui,
        view.tr("Ngày báo cáo (YYYY-MM-DD):", "Report date (YYYY-MM-DD):"),
        &mut report.report_date,
    );
    field(
        ui,
        view.tr("Chủ tịch UBND xã ký:", "Signed by (commune chair):"),
        &mut report.signed_by,
    );
    field(
        ui,
        view.tr("Số văn bản đề nghị:", "Request letter number:"),
        &mut report.request_number,
    );
    field(
        ui,
        view.tr("Ngày văn bản đề nghị:", "Request letter date:"),
        &mut report.request_date,
    );
    let Some(lines) = commune_lines(&report.criteria_set_id, form.product_set) else {
        ui.label(view.tr(
            "Bộ tiêu chí này không có bảng các tiêu chí do xã đánh giá.",
            "This criteria set has no table of the criteria the commune assesses.",
        ));
        return;
    };
    for (topic, line) in &lines.lines {
        let topic_label = match view.lang {
            Lang::Vi => topic.label_vi(),
            Lang::En => topic.label_en(),
        };
        match line {
            CommuneLine::Criterion { criterion, .. } => {
                let (text, note) = report.findings.entry(criterion.clone()).or_default();
                ui.label(egui::RichText::new(format!("{criterion} · {topic_label}")).strong());
                field(ui, view.tr("    Kết quả của xã:", "    Finding:"), text);
                field(ui, view.tr("    Ghi chú:", "    Note:"), note);
            }
            CommuneLine::Absent {
                absent_vi,
                absent_en,
            } => {
                ui.label(
                    egui::RichText::new(format!(
                        "{topic_label}: {}",
                        view.tr(absent_vi, absent_en)
                    ))
                    .color(view.palette.muted),
                );
            }
        }
    }
}

fn field(ui: &mut egui::Ui, label: &str, text: &mut String) {
    ui.horizontal(|ui| {
        let name = ui.label(label);
        ui.add(egui::TextEdit::singleline(text).desired_width(300.0))
            .labelled_by(name.id);
    });
}

/// Draws the form; returns false when it should close.
pub fn new_dossier_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: RoundId,
    set_names: &[(u8, String)],
    form: &mut NewDossierForm,
    actions: &mut Vec<Action>,
) -> bool {
    let mut keep_open = true;
    egui::Window::new(view.tr("Tạo hồ sơ từ tệp rời", "A dossier from loose files"))
        // Centred on the window, below the top bar (still movable).
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ui.ctx().content_rect().center())
        .collapsible(false)
        .default_width(560.0)
        .default_height(600.0)
        .show(ui.ctx(), |ui| {
            egui::ScrollArea::vertical()
                .max_height(560.0)
                .show(ui, |ui| {
                    product_fields_ui(ui, view, set_names, form);
                    ui.separator();
                    producer_fields_ui(ui, view, form);
                    ui.separator();
                    commune_report_ui(ui, view, form);
                    ui.separator();
                    files_ui(ui, view, form, actions);
                    ui.separator();
                    if import_buttons_ui(ui, view, round, form, actions) {
                        keep_open = false;
                    }
                });
        });
    keep_open
}

/// The registration type and the product: name, set, code, number of samples.
fn product_fields_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    set_names: &[(u8, String)],
    form: &mut NewDossierForm,
) {
    ui.horizontal(|ui| {
        ui.label(view.tr("Loại đăng ký:", "Registration:"));
        for r in RegistrationType::ALL {
            let label = match view.lang {
                Lang::Vi => r.label_vi(),
                Lang::En => r.as_str(),
            };
            ui.radio_value(&mut form.registration, r, label);
        }
    });
    field(
        ui,
        view.tr("Tên sản phẩm:", "Product name:"),
        &mut form.product_name,
    );
    ui.horizontal(|ui| {
        let name = ui.label(view.tr("Bộ sản phẩm:", "Product set:"));
        let current = set_names
            .iter()
            .find(|(n, _)| *n == form.product_set)
            .map(|(n, s)| format!("{n} · {s}"))
            .unwrap_or_default();
        egui::ComboBox::from_id_salt("new_dossier_set")
            .selected_text(current)
            .width(320.0)
            .show_ui(ui, |ui| {
                for (n, s) in set_names {
                    ui.selectable_value(&mut form.product_set, *n, format!("{n} · {s}"));
                }
            })
            .response
            .labelled_by(name.id);
    });
    field(
        ui,
        view.tr("Mã sản phẩm:", "Product code:"),
        &mut form.product_code,
    );
    field(ui, view.tr("Số mẫu:", "Samples:"), &mut form.samples);
}

/// The producer: name, type, representative, address, commune, province, phone.
fn producer_fields_ui(ui: &mut egui::Ui, view: &Ctx<'_>, form: &mut NewDossierForm) {
    field(ui, view.tr("Chủ thể:", "Producer:"), &mut form.producer);
    ui.horizontal(|ui| {
        let name = ui.label(view.tr("Loại hình:", "Type:"));
        egui::ComboBox::from_id_salt("new_dossier_type")
            .selected_text(form.producer_type.label_vi())
            .show_ui(ui, |ui| {
                for t in ProducerType::ALL {
                    ui.selectable_value(&mut form.producer_type, t, t.label_vi());
                }
            })
            .response
            .labelled_by(name.id);
    });
    field(
        ui,
        view.tr("Đại diện pháp luật:", "Legal representative:"),
        &mut form.representative,
    );
    field(ui, view.tr("Địa chỉ:", "Address:"), &mut form.address);
    field(ui, view.tr("Xã:", "Commune:"), &mut form.commune);
    field(ui, view.tr("Tỉnh:", "Province:"), &mut form.province);
    field(ui, view.tr("Điện thoại:", "Phone:"), &mut form.phone);
}

/// The files picked, each with its kind (and ✕ to drop it), and *Thêm tệp…*.
fn files_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    form: &mut NewDossierForm,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(view.tr("Tài liệu", "Files")).strong());
        if ui.button(view.tr("Thêm tệp…", "Add files…")).clicked() {
            actions.push(Action::PickFiles);
        }
    });
    let mut remove = None;
    for (i, (path, kind)) in form.files.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let label = ui.label(&name);
            egui::ComboBox::from_id_salt(("file_kind", i))
                .selected_text(kind.label_vi())
                .show_ui(ui, |ui| {
                    for k in EvidenceKind::ALL {
                        ui.selectable_value(kind, k, k.label_vi());
                    }
                })
                .response
                .labelled_by(label.id);
            if ui
                .small_button("✕")
                .on_hover_text(view.tr("Bỏ tệp", "Remove"))
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        form.files.remove(i);
    }
}

/// *Kiểm tra và nhập* (once the facts and a file are there) and *Hủy*; true when
/// the form is to close.
fn import_buttons_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: RoundId,
    form: &NewDossierForm,
    actions: &mut Vec<Action>,
) -> bool {
    let mut close = false;
    ui.horizontal(|ui| {
        let facts = form.facts();
        let ready = facts.is_some() && !form.files.is_empty();
        if ui
            .add_enabled(
                ready,
                egui::Button::new(view.tr("Kiểm tra và nhập", "Check and import")),
            )
            .on_disabled_hover_text(view.tr(
                "Cần số mẫu và ít nhất một tệp.",
                "Needs a sample count and at least one file.",
            ))
            .clicked()
            && let Some(facts) = facts
        {
            actions.push(Action::send(DossiersRequest::ImportLoose {
                round,
                facts: Box::new(facts),
                files: form
                    .files
                    .iter()
                    .map(|(path, kind)| LooseFile {
                        path: path.clone(),
                        kind: *kind,
                        title: None,
                        criteria: Vec::new(),
                    })
                    .collect(),
            }));
            close = true;
        }
        if ui.button(view.tr("Hủy", "Cancel")).clicked() {
            close = true;
        }
    });
    close
}
