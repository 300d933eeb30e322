//! A dossier typed by the secretary: the registration facts and files picked from
//! disk, each with its evidence kind. Imported with the same checks as a bundle.

use std::path::PathBuf;

use super::{Action, Ctx};
use crate::app::dossier::LooseFile;
use crate::app::prefs::Lang;
use crate::app::worker::Request;
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
}

impl NewDossierForm {
    pub fn new() -> Self {
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
        })
    }
}

impl Default for NewDossierForm {
    fn default() -> Self {
        Self::new()
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
        .show(ui.ctx(), |ui| {
            egui::ScrollArea::vertical()
                .max_height(560.0)
                .show(ui, |ui| {
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
                                    ui.selectable_value(
                                        &mut form.product_set,
                                        *n,
                                        format!("{n} · {s}"),
                                    );
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
                    ui.separator();
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
                    ui.separator();
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
                    ui.separator();
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
                            actions.push(Action::Worker(Request::ImportLoose {
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
                            keep_open = false;
                        }
                        if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                            keep_open = false;
                        }
                    });
                });
        });
    keep_open
}
