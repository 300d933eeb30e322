//! The commune's assessment (QĐ 1489/2025) on screen: the "Báo cáo của UBND
//! cấp xã" section of the dossier panel, and on the desk, beside each of the
//! four criteria the commune assesses, its finding as **evidence**. The finding
//! never fills a score and never moves the member's choice: whether the
//! provincial council re-scores these lines or takes the commune's finding is
//! not stated (our reading, README "The commune's report").

use std::collections::BTreeMap;

use super::Ctx;
use crate::app::dossier::DossierView;
use crate::app::prefs::Lang;
use crate::app::views::DeskData;
use crate::domain::commune::{CommuneFinding, CommuneLine, CommuneReport, commune_lines};
use crate::domain::criteria::{CriteriaSheet, Criterion, CriterionId};
use crate::domain::dossier::EvidenceKind;

/// What the desk shows beside a criterion: the commune's finding and the report it is in.
#[derive(Debug, Clone, Default)]
pub struct CommuneOnDesk {
    /// "45/BC-UBND ngày 02/03/2026 · Xã Hòa Tú".
    pub report: String,
    pub findings: BTreeMap<CriterionId, CommuneFinding>,
}

impl CommuneOnDesk {
    pub fn of(report: Option<&CommuneReport>) -> Self {
        let Some(report) = report else {
            return Self::default();
        };
        Self {
            report: format!("{} · {}", report.reference_vi(), report.commune),
            findings: report
                .findings
                .iter()
                .map(|f| (f.criterion.clone(), f.clone()))
                .collect(),
        }
    }
}

/// The finding in words: the option's label and points when the commune named
/// one, its own text otherwise (or both).
fn finding_words(criterion: Option<&Criterion>, finding: &CommuneFinding, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let (Some(c), Some(option)) = (criterion, &finding.option) {
        match c.options.iter().find(|o| &o.id == option) {
            Some(o) => parts.push(format!("{}đ · {}", o.points, o.label_vi)),
            None if *option == c.none_applies_id() => parts.push(match lang {
                Lang::Vi => crate::domain::criteria::NONE_APPLIES_VI.to_string(),
                Lang::En => crate::domain::criteria::NONE_APPLIES_EN.to_string(),
            }),
            None => parts.push(option.0.clone()),
        }
    }
    if let Some(text) = &finding.text {
        parts.push(format!("«{text}»"));
    }
    parts.join(" ")
}

/// On the desk, under a criterion's title: the commune's finding, marked as
/// evidence. Draws nothing for a criterion the commune did not assess.
pub fn commune_finding_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    criterion: &Criterion,
    commune: &CommuneOnDesk,
) {
    let Some(finding) = commune.findings.get(&criterion.id) else {
        return;
    };
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, view.palette.warn))
        .inner_margin(egui::Margin::symmetric(6, 3))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(view.tr("UBND xã đánh giá:", "Commune's finding:"))
                        .small()
                        .strong()
                        .color(view.palette.warn),
                );
                ui.label(
                    egui::RichText::new(finding_words(Some(criterion), finding, view.lang)).small(),
                );
                if let Some(note) = &finding.note {
                    ui.label(
                        egui::RichText::new(format!("— {note}"))
                            .small()
                            .color(view.palette.muted),
                    );
                }
            });
            ui.label(
                egui::RichText::new(format!(
                    "{} {} · {}",
                    view.tr(
                        "Minh chứng, không phải điểm — BC",
                        "Evidence, not a score — report"
                    ),
                    commune.report,
                    view.tr(
                        "lựa chọn của thành viên vẫn tự do",
                        "the member's own choice stays free"
                    )
                ))
                .small()
                .color(view.palette.muted),
            );
        });
}

/// The dossier panel's "Báo cáo của UBND cấp xã" section.
pub fn commune_report_section_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &DeskData,
    d: &DossierView,
) {
    ui.label(
        egui::RichText::new(view.tr(
            "Báo cáo của UBND cấp xã (QĐ 1489/2025)",
            "The commune's report (QĐ 1489/2025)",
        ))
        .strong(),
    );
    let scans = d
        .files
        .iter()
        .filter(|f| f.kind == EvidenceKind::CommuneReport)
        .count();
    let Some(report) = &d.dossier.facts.commune_report else {
        let expected = d
            .completeness
            .items
            .iter()
            .any(|i| i.id == "commune-report");
        let text = match (expected, scans) {
            (_, 1..) => view.tr(
                "Chỉ có bản quét báo cáo (xem Tài liệu đính kèm); hồ sơ không ghi kết quả từng tiêu chí.",
                "Only the report's scan (see Attachments); the dossier records no finding per criterion.",
            ),
            (true, 0) => view.tr(
                "Chưa có báo cáo — yêu cầu đầu vào từ 06/07/2025.",
                "No report — an entry requirement since 06/07/2025.",
            ),
            (false, 0) => view.tr(
                "Không có (đợt trước QĐ 1489: cấp huyện).",
                "None (a round before QĐ 1489: the district's role).",
            ),
        };
        let color = if expected && scans == 0 {
            view.palette.warn
        } else {
            view.palette.muted
        };
        ui.colored_label(color, text);
        return;
    };
    let row = |ui: &mut egui::Ui, label: &str, value: &str| {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(label).color(view.palette.muted));
            ui.label(value);
        });
    };
    row(ui, view.tr("UBND:", "Commune:"), &report.commune);
    row(
        ui,
        view.tr("Báo cáo số:", "Report:"),
        &report.reference_vi(),
    );
    row(ui, view.tr("Người ký:", "Signed by:"), &report.signed_by);
    if let Some(number) = &report.request_number {
        let date = report
            .request_date
            .as_deref()
            .map(|d| format!(" ngày {}", crate::domain::commune::display_date(d)))
            .unwrap_or_default();
        row(
            ui,
            view.tr("Văn bản đề nghị tỉnh:", "Request to the province:"),
            &format!("{number}{date}"),
        );
    }
    findings_ui(ui, view, &data.sheet, report);
    if scans == 0 {
        ui.colored_label(
            view.palette.muted,
            view.tr(
                "Không kèm bản quét báo cáo.",
                "The report's scan is not attached.",
            ),
        );
    }
    ui.label(
        egui::RichText::new(view.tr(
            "Kết quả của xã là minh chứng bên cạnh phần chấm của Hội đồng, không phải điểm: văn bản không nói Hội đồng tỉnh chấm lại hay lấy kết quả của xã (cách hiểu của chúng tôi).",
            "The commune's findings are evidence beside the council's scoring, not a score: no text says whether the provincial council re-scores these lines or takes the commune's finding (our reading).",
        ))
        .small()
        .color(view.palette.muted),
    );
}

/// One line per topic: the sheet line, the finding and note, or why the set has no such line.
fn findings_ui(ui: &mut egui::Ui, view: &Ctx<'_>, sheet: &CriteriaSheet, report: &CommuneReport) {
    let lines = commune_lines(&sheet.criteria_set.id, sheet.product_set.number);
    let mut shown = Vec::new();
    if let Some(lines) = lines {
        for (topic, line) in &lines.lines {
            let topic_label = match view.lang {
                Lang::Vi => topic.label_vi(),
                Lang::En => topic.label_en(),
            };
            match line {
                CommuneLine::Criterion { criterion, .. } => {
                    shown.push(criterion.clone());
                    finding_row_ui(ui, view, sheet, criterion, topic_label, report);
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
                        .small()
                        .color(view.palette.muted),
                    );
                }
            }
        }
    }
    // Findings on a criteria set without a mapping (an external set).
    for finding in report
        .findings
        .iter()
        .filter(|f| !shown.contains(&f.criterion))
    {
        finding_row_ui(ui, view, sheet, &finding.criterion, "", report);
    }
}

fn finding_row_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    sheet: &CriteriaSheet,
    criterion: &CriterionId,
    topic_label: &str,
    report: &CommuneReport,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(format!("{criterion}")).strong());
        if !topic_label.is_empty() {
            ui.label(egui::RichText::new(topic_label).color(view.palette.muted));
        }
        match report.finding(criterion) {
            Some(finding) => {
                ui.label(finding_words(
                    sheet.criterion(criterion),
                    finding,
                    view.lang,
                ));
                if let Some(note) = &finding.note {
                    ui.label(
                        egui::RichText::new(format!("— {note}"))
                            .small()
                            .color(view.palette.muted),
                    );
                }
            }
            None => {
                ui.colored_label(
                    view.palette.muted,
                    view.tr("(báo cáo không nêu)", "(not in the report)"),
                );
            }
        }
    });
}

/// In the per-criterion view: the commune's finding beside the council's mean on
/// each criterion it assessed, a difference marked (for the discussion, not a rule).
pub fn commune_comparison_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    cv: &crate::domain::model::CriterionView,
) {
    let Some(reference) = &cv.commune_report else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(format!(
                "{} {reference}:",
                view.tr("Báo cáo của UBND xã", "The commune's report")
            ))
            .strong(),
        );
        for c in &cv.commune {
            let commune = match (c.commune_points, &c.commune_text) {
                (Some(p), _) => format!("{p}đ"),
                (None, Some(text)) => format!("«{text}»"),
                (None, None) => "–".into(),
            };
            let mean = c.council_mean.map_or("–".to_string(), |m| match view.lang {
                Lang::Vi => m.display_2dp_vi(),
                Lang::En => m.display_2dp(),
            });
            let text = format!(
                "{} {} {commune} · {} {mean}{}",
                c.criterion,
                view.tr("xã", "commune"),
                view.tr("TB Hội đồng", "council mean"),
                if c.differs { " ≠" } else { "" }
            );
            let color = if c.differs {
                view.palette.warn
            } else {
                view.palette.muted
            };
            ui.colored_label(color, text).on_hover_text(view.tr(
                "Kết quả của xã là minh chứng; Hội đồng tự chấm (cách hiểu của chúng tôi).",
                "The commune's finding is evidence; the council scores itself (our reading).",
            ));
        }
    });
}
