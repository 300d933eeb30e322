//! *Danh mục sản phẩm OCOP / Catalogue*: the province's certified products across
//! rounds and years, searched and filtered, with the programme report's key
//! figures, bar charts (drawn with the painter) and the timeline of certifications
//! and expiries (egui_plot, catalogue_timeline.rs), all from the same report value
//! the JSON and the PDF use, importing the province's file and exporting the list or
//! the report. The work runs on the worker; this file only draws and returns actions.

use crate::app::request::CatalogueRequest;

use egui_extras::{Column, TableBuilder};

use super::{Action, Ctx, fonts, theme::size};
use crate::app::catalogue::CatalogueData;
use crate::domain::catalogue::{CatalogueFilter, EntryStatus, report_text};
use crate::domain::model::CatalogueImport;
use crate::domain::refusal::Problem;

/// What the catalogue's buttons write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogueOutput {
    ListXlsx,
    ListCsv,
    ReportPdf,
    ReportXlsx,
    ReportDocx,
    /// The empty catalogue to fill, as the import reads it.
    Template,
}

impl CatalogueOutput {
    pub fn file_name(self) -> &'static str {
        match self {
            Self::ListXlsx => "danh-muc-ocop.xlsx",
            Self::ListCsv => "danh-muc-ocop.csv",
            Self::ReportPdf => "bao-cao-ocop.pdf",
            Self::ReportXlsx => "bao-cao-ocop.xlsx",
            Self::ReportDocx => "bao-cao-ocop.docx",
            Self::Template => "mau-danh-muc-ocop.xlsx",
        }
    }

    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Self::ListXlsx | Self::ReportXlsx | Self::Template => ("Excel", &["xlsx"]),
            Self::ListCsv => ("CSV", &["csv"]),
            Self::ReportPdf => ("PDF", &["pdf"]),
            Self::ReportDocx => ("Word", &["docx"]),
        }
    }
}

#[derive(Default)]
pub struct CatalogueScreen {
    data: Option<CatalogueData>,
    filter: CatalogueFilter,
    expiring_on: bool,
    expiring_days: i64,
    /// Indices of the entries that pass the filter (recomputed when it changes).
    shown: Vec<usize>,
    shown_for: Option<CatalogueFilter>,
    target_text: String,
    imported: Option<CatalogueImport>,
    refused: Option<(String, Vec<Problem>)>,
}

impl CatalogueScreen {
    pub fn set_data(&mut self, data: CatalogueData) {
        self.target_text = data.target.map(|t| t.to_string()).unwrap_or_default();
        self.data = Some(data);
        self.shown_for = None;
    }

    pub fn set_imported(&mut self, done: CatalogueImport) {
        self.refused = None;
        self.imported = Some(done);
    }

    pub fn set_refused(&mut self, file: String, problems: Vec<Problem>) {
        self.imported = None;
        self.refused = Some((file, problems));
    }

    /// The filter as the export uses it.
    pub fn filter(&self) -> CatalogueFilter {
        let mut filter = self.filter.clone();
        filter.expiring_within_days = self.expiring_on.then_some(self.expiring_days);
        filter
    }

    fn refresh_shown(&mut self) {
        let filter = self.filter();
        if self.shown_for.as_ref() == Some(&filter) {
            return;
        }
        if let Some(data) = &self.data {
            self.shown = data
                .entries
                .iter()
                .enumerate()
                .filter(|(_, (e, s))| filter.matches(e, *s, data.as_of))
                .map(|(i, _)| i)
                .collect();
        }
        self.shown_for = Some(filter);
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.expiring_days == 0 {
            self.expiring_days = 30;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label(
                egui::RichText::new(view.tr("Danh mục sản phẩm OCOP", "OCOP catalogue"))
                    .font(fonts::bold(size::HEADING)),
            );
            ui.label(view.tr(
                "Sổ theo dõi các sản phẩm OCOP của tỉnh qua các đợt và các năm: tự động bổ sung khi một đợt cấp giấy chứng nhận, và nhập từ danh mục sẵn có của tỉnh. Ban thư ký (cán bộ theo dõi chương trình) cập nhật danh mục.",
                "The province's certified products across rounds and years: fed when a round issues certificates, and imported from the province's existing list. The secretariat (the programme's officials) keeps it.",
            ));
            ui.add_space(6.0);
            self.buttons_ui(ui, view, &mut actions);
            self.messages_ui(ui, view);
            let Some(data) = &self.data else {
                ui.spinner();
                return;
            };
            ui.add_space(6.0);
            figures_ui(ui, view, data);
            ui.separator();
            self.filters_ui(ui, view);
            self.refresh_shown();
            if let Some(data) = &self.data {
                table_ui(ui, view, data, &self.shown);
            }
        });
        actions
    }

    fn buttons_ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>, actions: &mut Vec<Action>) {
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(view.tr(
                    "Nhập danh mục (Excel/CSV)…",
                    "Import catalogue (Excel/CSV)…",
                ))
                .clicked()
            {
                actions.push(Action::PickCatalogueFile);
            }
            if ui
                .button(view.tr("Tải mẫu danh mục (XLSX)…", "Save a catalogue template (XLSX)…"))
                .on_hover_text(view.tr(
                    "Mẫu có tiêu đề cột, danh sách chọn loại hình, bộ sản phẩm, hạng sao, loại đăng ký, dòng ví dụ và hướng dẫn; điền xong nhập được ngay.",
                    "Headers, drop-downs for legal form, product set, stars and registration type, an example row and notes; imports as filled.",
                ))
                .clicked()
            {
                actions.push(Action::SaveCatalogue {
                    output: CatalogueOutput::Template,
                    filter: self.filter(),
                });
            }
            let outputs = [
                (
                    CatalogueOutput::ListXlsx,
                    view.tr("Xuất Excel…", "Export Excel…"),
                ),
                (
                    CatalogueOutput::ListCsv,
                    view.tr("Xuất CSV…", "Export CSV…"),
                ),
                (
                    CatalogueOutput::ReportPdf,
                    view.tr("Báo cáo PDF…", "Report PDF…"),
                ),
                (
                    CatalogueOutput::ReportXlsx,
                    view.tr("Báo cáo Excel…", "Report Excel…"),
                ),
                (
                    CatalogueOutput::ReportDocx,
                    view.tr("Báo cáo Word…", "Report Word…"),
                ),
            ];
            for (output, label) in outputs {
                if ui.button(label).clicked() {
                    actions.push(Action::SaveCatalogue {
                        output,
                        filter: self.filter(),
                    });
                }
            }
            ui.separator();
            let label = ui.label(view.tr("Kế hoạch (sản phẩm):", "Plan target (products):"));
            ui.add(egui::TextEdit::singleline(&mut self.target_text).desired_width(60.0))
                .labelled_by(label.id);
            if ui.button(view.tr("Lưu kế hoạch", "Save target")).clicked() {
                let text = self.target_text.trim();
                let target = if text.is_empty() {
                    Some(None)
                } else {
                    text.parse().ok().map(Some)
                };
                if let Some(target) = target {
                    actions.push(Action::send(CatalogueRequest::SetCatalogueTarget { target }));
                }
            }
        });
    }

    fn messages_ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>) {
        if let Some(done) = &self.imported {
            ui.colored_label(
                view.palette.ok,
                format!(
                    "✔ {} {}, {} {}, {} {}",
                    done.added.len(),
                    view.tr("dòng mới", "added"),
                    done.updated.len(),
                    view.tr("cập nhật", "updated"),
                    done.unchanged.len(),
                    view.tr("không đổi", "unchanged"),
                ),
            );
            for row in done.updated.iter().take(20) {
                ui.label(format!(
                    "• {} ({}): {}",
                    row.source,
                    row.certificate_number,
                    row.fields.join(", ")
                ));
            }
        }
        if let Some((file, problems)) = &self.refused {
            ui.colored_label(
                view.palette.danger,
                format!(
                    "⚠ {file}: {} {}. {}",
                    problems.len(),
                    view.tr("lỗi", "problem(s)"),
                    view.tr(
                        "Chưa nhập gì; sửa tệp rồi nhập lại.",
                        "Nothing was imported; fix the file and import again."
                    ),
                ),
            );
            egui::ScrollArea::vertical()
                .id_salt("refused")
                .max_height(140.0)
                .show(ui, |ui| {
                    for p in problems {
                        let text = super::refusal_text::problem_text(view.lang, p);
                        ui.colored_label(view.palette.danger, format!("• {text}"));
                    }
                });
        }
    }

    fn filters_ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(view.tr("Tìm:", "Search:"));
            ui.add(egui::TextEdit::singleline(&mut self.filter.text).desired_width(200.0))
                .labelled_by(label.id);
            let label = ui.label(view.tr("Hạng sao:", "Stars:"));
            let stars_text = self
                .filter
                .stars
                .map_or_else(|| view.tr("Tất cả", "All").to_owned(), |s| format!("{s}★"));
            egui::ComboBox::from_id_salt("catalogue-stars")
                .selected_text(stars_text)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter.stars, None, view.tr("Tất cả", "All"));
                    for s in [3u8, 4, 5] {
                        ui.selectable_value(&mut self.filter.stars, Some(s), format!("{s}★"));
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label(view.tr("Huyện/xã:", "District/commune:"));
            let mut place = self.filter.district.clone().unwrap_or_default();
            ui.add(egui::TextEdit::singleline(&mut place).desired_width(120.0))
                .labelled_by(label.id);
            self.filter.district = Some(place).filter(|p| !p.trim().is_empty());
            ui.checkbox(
                &mut self.filter.in_force_only,
                view.tr("Chỉ còn hiệu lực", "In force only"),
            );
            ui.checkbox(
                &mut self.expiring_on,
                view.tr("Hết hạn trong", "Expiring within"),
            );
            ui.add(egui::DragValue::new(&mut self.expiring_days).range(1..=3650));
            ui.label(view.tr("ngày", "days"));
        });
    }
}

const BAR: egui::Color32 = egui::Color32::from_rgb(41, 97, 168);

/// The report's key figures and the bars by stars.
fn figures_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &CatalogueData) {
    let r = &data.report;
    ui.label(
        egui::RichText::new(report_text::products_sentence(r, "")).font(fonts::bold(size::BODY)),
    );
    ui.label(report_text::producers_sentence(r));
    ui.label(report_text::management_sentence(r));
    ui.horizontal(|ui| {
        let bars = [
            ("3★", r.in_force.stars_3),
            ("4★", r.in_force.stars_4),
            ("5★", r.in_force.stars_5),
        ];
        bars_ui(
            ui,
            view.tr("Còn hiệu lực theo hạng sao", "In force by stars"),
            &bars,
        );
        ui.add_space(24.0);
        let groups: Vec<(&str, u64)> = r
            .by_group
            .iter()
            .take(6)
            .map(|g| (g.label.as_str(), g.count))
            .collect();
        bars_ui(
            ui,
            view.tr("Theo nhóm sản phẩm", "By product group"),
            &groups,
        );
        ui.add_space(24.0);
        super::catalogue_timeline::timeline_ui(ui, view, &r.by_year);
    });
}

/// Vertical bars with their values, painted (no plot crate needed for a few bars).
fn bars_ui(ui: &mut egui::Ui, title: &str, bars: &[(&str, u64)]) {
    ui.vertical(|ui| {
        ui.label(egui::RichText::new(title).strong());
        let slot = 70.0;
        let height = 110.0;
        let (rect, _) = ui.allocate_exact_size(
            egui::vec2(slot * bars.len().max(1) as f32, height + 34.0),
            egui::Sense::hover(),
        );
        let painter = ui.painter_at(rect);
        let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f32;
        let base = rect.top() + height + 14.0;
        let text = ui.visuals().text_color();
        for (i, (label, value)) in bars.iter().enumerate() {
            let cx = rect.left() + slot * (i as f32 + 0.5);
            let h = height * *value as f32 / max;
            painter.rect_filled(
                egui::Rect::from_min_max(
                    egui::pos2(cx - 16.0, base - h),
                    egui::pos2(cx + 16.0, base),
                ),
                2.0,
                BAR,
            );
            painter.text(
                egui::pos2(cx, base - h - 2.0),
                egui::Align2::CENTER_BOTTOM,
                value.to_string(),
                egui::FontId::proportional(12.0),
                text,
            );
            let short: String = label.chars().take(10).collect();
            painter.text(
                egui::pos2(cx, base + 2.0),
                egui::Align2::CENTER_TOP,
                short,
                egui::FontId::proportional(11.0),
                text,
            );
        }
    });
}

/// Where an entry stands, in words ("Còn 12 ngày" when expiring).
pub(super) fn status_text(view: &Ctx<'_>, s: EntryStatus) -> String {
    match (s, view.lang) {
        (EntryStatus::Expiring { days_left }, crate::app::prefs::Lang::Vi) => {
            format!("Còn {days_left} ngày")
        }
        (EntryStatus::Expiring { days_left }, _) => format!("{days_left} days left"),
        (s, crate::app::prefs::Lang::Vi) => s.label_vi().to_owned(),
        (s, _) => s.label_en().to_owned(),
    }
}

fn table_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &CatalogueData, shown: &[usize]) {
    ui.label(format!(
        "{} / {} {}",
        shown.len(),
        data.entries.len(),
        view.tr("sản phẩm", "entries")
    ));
    let headers = [
        view.tr("Sản phẩm", "Product"),
        view.tr("Chủ thể", "Producer"),
        view.tr("Sao", "Stars"),
        view.tr("Số GCN", "Certificate"),
        view.tr("Hết hạn", "Valid until"),
        view.tr("Tình trạng", "State"),
        view.tr("Địa bàn", "Place"),
    ];
    TableBuilder::new(ui)
        .id_salt("catalogue-table")
        .striped(true)
        .column(Column::remainder().at_least(180.0))
        .column(Column::initial(200.0))
        .column(Column::exact(44.0))
        .column(Column::initial(150.0))
        .column(Column::exact(90.0))
        .column(Column::initial(110.0))
        .column(Column::initial(130.0))
        .header(size::ROW_HEIGHT, |mut row| {
            for h in headers {
                row.col(|ui| {
                    ui.strong(h);
                });
            }
        })
        .body(|body| {
            body.rows(size::ROW_HEIGHT, shown.len(), |mut row| {
                let Some((e, s)) = shown.get(row.index()).and_then(|i| data.entries.get(*i)) else {
                    return;
                };
                let r = &e.record;
                let cells = [
                    r.product_name.clone(),
                    r.producer_name.clone(),
                    format!("{}★", r.stars),
                    r.certificate_number.clone(),
                    r.valid_until.format("%d/%m/%Y").to_string(),
                    status_text(view, *s),
                    r.district
                        .clone()
                        .or_else(|| r.commune.clone())
                        .unwrap_or_default(),
                ];
                for (i, text) in cells.into_iter().enumerate() {
                    row.col(|ui| {
                        if i == 5 && !s.in_force() {
                            ui.colored_label(view.palette.danger, text);
                        } else if i == 5 && matches!(s, EntryStatus::Expiring { .. }) {
                            ui.colored_label(view.palette.warn, text);
                        } else {
                            ui.label(text);
                        }
                    });
                }
            });
        });
}
