//! The dossier beside the sheet: registration facts, the evidence checklist with
//! the hard conditions flagged, the attachments (thumbnails for photos, open in
//! the system viewer), the producer's self-assessment, and older versions.

use crate::app::request::{FilesRequest, ViewsRequest};

use std::path::PathBuf;

use super::{Action, Ctx, fonts, theme::size};
use crate::app::dossier::{DossierView, FileView};
use crate::app::prefs::Lang;
use crate::app::views::DeskData;
use crate::domain::completeness::Requirement;
use crate::domain::model::ProducerFacts;

/// Opens a file with the system's viewer, off the UI thread.
/// Opens a stored file in the system viewer, through the worker (a copy named
/// `name` for an attachment, whose stored file has no extension); a failure is
/// reported, never silent.
pub fn open_action(path: PathBuf, name: Option<String>) -> Action {
    Action::send(FilesRequest::OpenFile { path, name })
}

fn fact_ui(ui: &mut egui::Ui, view: &Ctx<'_>, label: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(label).color(view.palette.muted));
            ui.label(value);
        });
    }
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KB", (bytes as f64 / 1024.0).max(1.0))
    }
}

/// The whole panel. `shown` is the version on screen (the latest unless the user
/// picked an older one).
pub fn dossier_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &DeskData,
    shown: Option<&DossierView>,
    actions: &mut Vec<Action>,
) {
    product_facts_ui(ui, view, data, shown);
    super::catalogue_history::catalogue_history_ui(ui, view, data, shown);
    ui.separator();
    producer_ui(ui, view, &data.product.producer);
    ui.separator();
    sheet_fact_ui(ui, view, data);
    let Some(d) = shown else {
        ui.colored_label(
            view.palette.muted,
            view.tr(
                "Sản phẩm này được nhập tay, không kèm hồ sơ.",
                "This product was entered by hand, without a dossier.",
            ),
        );
        return;
    };
    ui.separator();
    checklist_ui(ui, view, d);
    ui.separator();
    super::commune_report::commune_report_section_ui(ui, view, data, d);
    ui.separator();
    if let Some(score) = &d.self_assessment_score {
        ui.label(format!(
            "{} {}/100",
            view.tr("Tự đánh giá của chủ thể:", "Producer's self-assessment:"),
            score.total
        ));
        ui.separator();
    }
    attachments_ui(ui, view, data, d, actions);
    ui.separator();
    versions_ui(ui, view, d, data, actions);
}

/// The product: its name, set and code, and the shown version's registration facts.
fn product_facts_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &DeskData,
    shown: Option<&DossierView>,
) {
    let p = &data.product;
    ui.label(
        egui::RichText::new(view.tr("Hồ sơ sản phẩm", "Product dossier"))
            .font(fonts::bold(size::SUBHEADING)),
    );
    ui.label(egui::RichText::new(&p.name).strong());
    let set = &data.sheet.product_set;
    let set_text = format!("{} · {}", set.number, set.name_vi);
    fact_ui(
        ui,
        view,
        view.tr("Bộ sản phẩm:", "Product set:"),
        Some(&set_text),
    );
    fact_ui(
        ui,
        view,
        view.tr("Mã sản phẩm:", "Product code:"),
        p.product_code.as_deref(),
    );
    if let Some(d) = shown {
        let facts = &d.dossier.facts;
        let registration = match view.lang {
            Lang::Vi => facts.registration_type.label_vi(),
            Lang::En => facts.registration_type.as_str(),
        };
        fact_ui(
            ui,
            view,
            view.tr("Đăng ký:", "Registration:"),
            Some(registration),
        );
        fact_ui(
            ui,
            view,
            view.tr("Số mẫu:", "Samples:"),
            Some(&facts.sample_count.to_string()),
        );
        if let Some(star) = facts.previous_star {
            let previous = format!(
                "{star} {} {}",
                view.tr("sao", "stars"),
                facts.certificate_number.as_deref().unwrap_or("")
            );
            fact_ui(
                ui,
                view,
                view.tr("Hạng hiện có:", "Current rank:"),
                Some(&previous),
            );
        }
        if facts.fictional {
            ui.colored_label(
                view.palette.muted,
                view.tr("Hồ sơ minh họa (hư cấu).", "Demo dossier (fictional)."),
            );
        }
    }
}

/// The producer (chủ thể): name, type, representative, address and phone.
fn producer_ui(ui: &mut egui::Ui, view: &Ctx<'_>, f: &ProducerFacts) {
    ui.label(egui::RichText::new(view.tr("Chủ thể", "Producer")).strong());
    fact_ui(ui, view, view.tr("Tên:", "Name:"), Some(&f.name));
    // The dossier stores a token ("cooperative"); show its name.
    let kind = f
        .kind
        .as_deref()
        .map(|k| match crate::domain::dossier::ProducerType::parse(k) {
            Some(t) if view.lang == Lang::Vi => t.label_vi().to_string(),
            Some(t) => t.as_str().replace('-', " "),
            None => k.to_string(),
        });
    fact_ui(ui, view, view.tr("Loại hình:", "Type:"), kind.as_deref());
    fact_ui(
        ui,
        view,
        view.tr("Đại diện pháp luật:", "Legal representative:"),
        f.legal_representative.as_deref(),
    );
    fact_ui(
        ui,
        view,
        view.tr("Địa chỉ:", "Address:"),
        f.address.as_deref(),
    );
    fact_ui(ui, view, view.tr("Xã:", "Commune:"), f.commune.as_deref());
    fact_ui(
        ui,
        view,
        view.tr("Tỉnh:", "Province:"),
        f.province.as_deref(),
    );
    fact_ui(
        ui,
        view,
        view.tr("Điện thoại:", "Phone:"),
        f.phone.as_deref(),
    );
}

/// The criteria sheet the product is scored on, and its transcription status.
fn sheet_fact_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &DeskData) {
    let status = data.sheet.transcription.status;
    fact_ui(
        ui,
        view,
        view.tr("Phiếu:", "Sheet:"),
        Some(&format!(
            "{} · {}",
            data.sheet.criteria_set.instrument_short,
            match view.lang {
                Lang::Vi => status.label_vi(),
                Lang::En => status.label_en(),
            }
        )),
    );
}

/// The attachments, each with its thumbnail (photos) and *Mở*.
fn attachments_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &DeskData,
    d: &DossierView,
    actions: &mut Vec<Action>,
) {
    ui.label(
        egui::RichText::new(format!(
            "{} ({})",
            view.tr("Tài liệu đính kèm", "Attachments"),
            d.files.len()
        ))
        .strong(),
    );
    for file in &d.files {
        file_ui(
            ui,
            view,
            file,
            data.attachment_paths.get(&file.sha256),
            actions,
        );
    }
}

/// The red box of missing hard conditions, if any: the desk pins it above the
/// dossier's scrolling part, so it stays in view.
pub fn hard_missing_ui(ui: &mut egui::Ui, view: &Ctx<'_>, d: &DossierView) {
    let hard_missing: Vec<_> = d.completeness.hard_missing().collect();
    if hard_missing.is_empty() {
        return;
    }
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.5, view.palette.danger))
        .inner_margin(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.colored_label(
                view.palette.danger,
                view.tr(
                    "⚠ Thiếu điều kiện bắt buộc — hồ sơ có thể bị loại:",
                    "⚠ Hard condition missing — the dossier may be rejected:",
                ),
            );
            for item in hard_missing {
                ui.colored_label(
                    view.palette.danger,
                    match view.lang {
                        Lang::Vi => item.label_vi,
                        Lang::En => item.label_en,
                    },
                );
            }
        });
}

fn checklist_ui(ui: &mut egui::Ui, view: &Ctx<'_>, d: &DossierView) {
    ui.label(egui::RichText::new(view.tr("Danh mục hồ sơ", "Evidence checklist")).strong());
    for item in &d.completeness.items {
        let present = item.is_present();
        let (mark, color) = match (present, item.requirement) {
            (true, _) => ("✔", view.palette.ok),
            (false, Requirement::HardCondition) => ("✘", view.palette.danger),
            (false, _) => ("–", view.palette.warn),
        };
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(color, mark);
            ui.label(match view.lang {
                Lang::Vi => item.label_vi,
                Lang::En => item.label_en,
            });
            ui.label(
                egui::RichText::new(match view.lang {
                    Lang::Vi => item.requirement.label_vi(),
                    Lang::En => item.requirement.label_en(),
                })
                .small()
                .color(view.palette.muted),
            );
        });
    }
    for na in &d.completeness.not_applicable {
        ui.label(
            egui::RichText::new(format!("· {} — {}", na.kind.label_vi(), na.reason_en))
                .small()
                .color(view.palette.muted),
        );
    }
}

fn file_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    file: &FileView,
    path: Option<&PathBuf>,
    actions: &mut Vec<Action>,
) {
    egui::Frame::new().inner_margin(2.0).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            let title = file.title.as_deref().unwrap_or(&file.name);
            ui.label(egui::RichText::new(title).strong());
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(format!(
                    "{} · {} · {}",
                    match view.lang {
                        Lang::Vi => file.kind.label_vi(),
                        Lang::En => file.kind.label_en(),
                    },
                    file.name,
                    human_size(file.size_bytes)
                ))
                .small()
                .color(view.palette.muted),
            );
            match path {
                Some(path) => {
                    if ui
                        .small_button(view.tr("Mở", "Open"))
                        .on_hover_text(
                            view.tr("Mở bằng ứng dụng của máy", "Open in the system viewer"),
                        )
                        .clicked()
                    {
                        actions.push(open_action(path.clone(), Some(file.name.clone())));
                    }
                }
                None => {
                    ui.colored_label(view.palette.danger, view.tr("tệp bị thiếu", "file missing"));
                }
            }
        });
        if file.is_image()
            && let Some(path) = path
        {
            // egui_extras loads the file on its own thread; the frame only draws.
            let uri = format!("file://{}", path.display());
            let response = ui.add(
                // Sized from the picture itself: in a scroll area the available
                // height below the viewport is zero, which would shrink it away.
                egui::Image::new(uri)
                    .fit_to_original_size(1.0)
                    .max_height(110.0)
                    .max_width(ui.available_width())
                    .sense(egui::Sense::click()),
            );
            let name = format!("{} {}", view.tr("Ảnh", "Image"), file.name);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &name));
            if response.clicked() {
                actions.push(open_action(path.clone(), Some(file.name.clone())));
            }
        }
        if !file.criteria.is_empty() {
            ui.label(
                egui::RichText::new(format!(
                    "{} {}",
                    view.tr("Minh chứng cho:", "Evidence for:"),
                    file.criteria
                        .iter()
                        .map(|c| c.0.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .small()
                .color(view.palette.muted),
            );
        }
    });
}

fn versions_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    shown: &DossierView,
    data: &DeskData,
    actions: &mut Vec<Action>,
) {
    ui.label(egui::RichText::new(view.tr("Các phiên bản hồ sơ", "Dossier versions")).strong());
    for v in shown.versions.iter().rev() {
        let is_shown = v.id == shown.dossier.id;
        let text = format!(
            "v{} · {} · {} {}",
            v.version,
            super::format::when(&v.imported_at),
            v.file_count,
            view.tr("tệp", "files")
        );
        if ui.selectable_label(is_shown, text).clicked() && !is_shown {
            actions.push(Action::send(ViewsRequest::LoadDossierVersion {
                dossier: v.id,
            }));
        }
    }
    if !shown.is_latest() {
        ui.colored_label(
            view.palette.warn,
            view.tr("Đang xem phiên bản cũ.", "Showing an older version."),
        );
    }
    if ui
        .button(view.tr("Xuất hồ sơ…", "Export dossier…"))
        .clicked()
    {
        actions.push(Action::ExportDossier(data.product.id));
    }
}
