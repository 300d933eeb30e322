//! The evidence on the sheet: what the dossier says about each criterion (the
//! producer's files and self-assessment) and the member's own link to one of the
//! dossier's files. Draws only; a link change is returned as a [`SheetEvent`].

use std::collections::BTreeMap;

use super::{BoxItem, SheetEvent};
use crate::domain::criteria::{ChoiceId, Criterion, CriterionId};
use crate::ui::Ctx;

/// What the dossier says about each criterion: the attachments the producer
/// gave as evidence for it, and the producer's own choice (self-assessment).
#[derive(Debug, Default)]
pub struct Evidence {
    pub files: BTreeMap<CriterionId, Vec<(String, Option<std::path::PathBuf>)>>,
    pub self_assessed: BTreeMap<CriterionId, ChoiceId>,
    /// Every attachment of the dossier: (SHA-256, title, stored file).
    pub attachments: Vec<(String, String, Option<std::path::PathBuf>)>,
    /// The member's own links: criterion → attachment SHA-256.
    pub mine: BTreeMap<CriterionId, String>,
    /// The commune's findings (QĐ 1489/2025), shown as evidence.
    pub commune: crate::ui::commune_report::CommuneOnDesk,
    /// Each stored file's original name (its extension tells the viewer).
    pub file_names: BTreeMap<std::path::PathBuf, String>,
}

impl Evidence {
    pub fn of(data: &crate::app::views::DeskData) -> Self {
        let mut out = Self::default();
        if let Some(d) = &data.dossier {
            for file in &d.files {
                for criterion in &file.criteria {
                    out.files.entry(criterion.clone()).or_default().push((
                        file.title.clone().unwrap_or_else(|| file.name.clone()),
                        data.attachment_paths.get(&file.sha256).cloned(),
                    ));
                }
            }
            for file in &d.files {
                if let Some(path) = data.attachment_paths.get(&file.sha256) {
                    out.file_names.insert(path.clone(), file.name.clone());
                }
            }
            if let Some(sa) = &d.dossier.self_assessment {
                out.self_assessed = sa.answers.clone();
            }
            out.commune = crate::ui::commune_report::CommuneOnDesk::of(
                d.dossier.facts.commune_report.as_ref(),
            );
            out.attachments = d
                .files
                .iter()
                .map(|f| {
                    (
                        f.sha256.clone(),
                        f.title.clone().unwrap_or_else(|| f.name.clone()),
                        data.attachment_paths.get(&f.sha256).cloned(),
                    )
                })
                .collect();
        }
        out.mine = data
            .answers
            .iter()
            .filter_map(|(c, a)| Some((c.clone(), a.evidence.clone()?)))
            .collect();
        out
    }
}

/// The producer's evidence for this criterion (click to open) and self-assessment.
pub(super) fn producer_evidence_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    criterion: &Criterion,
    items: &[BoxItem<'_>],
    evidence: &Evidence,
    events: &mut Vec<SheetEvent>,
) {
    let files = evidence.files.get(&criterion.id);
    let own = evidence
        .self_assessed
        .get(&criterion.id)
        .and_then(|c| items.iter().find(|b| &b.id == c));
    if files.is_none() && own.is_none() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if let Some(own) = own {
            ui.label(
                egui::RichText::new(format!(
                    "{} {}đ",
                    view.tr("Chủ thể tự chấm:", "Producer's own score:"),
                    own.points
                ))
                .small()
                .color(view.palette.muted),
            )
            .on_hover_text(own.label);
        }
        for (name, path) in files.into_iter().flatten() {
            let link = ui.link(egui::RichText::new(format!("▸ {name}")).small());
            let link = link.on_hover_text(view.tr(
                "Minh chứng của chủ thể — bấm để mở",
                "Producer's evidence — click to open",
            ));
            if link.clicked()
                && let Some(path) = path
            {
                events.push(SheetEvent::Open(
                    path.clone(),
                    evidence.file_names.get(path).cloned(),
                ));
            }
        }
    });
}

/// The member's own link from this criterion to one of the dossier's files.
pub(super) fn my_evidence_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    criterion: &Criterion,
    evidence: &Evidence,
    locked: bool,
    focus: bool,
    events: &mut Vec<SheetEvent>,
) {
    if evidence.attachments.is_empty() {
        return;
    }
    let mine = evidence.mine.get(&criterion.id);
    let linked = mine.and_then(|sha| evidence.attachments.iter().find(|(s, _, _)| s == sha));
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(
            egui::RichText::new(view.tr("Minh chứng tôi dựa vào:", "My evidence:"))
                .small()
                .color(view.palette.muted),
        );
        if let Some((_, title, path)) = linked
            && ui
                .link(egui::RichText::new(format!("▸ {title}")).small())
                .clicked()
            && let Some(path) = path
        {
            events.push(SheetEvent::Open(
                path.clone(),
                evidence.file_names.get(path).cloned(),
            ));
        }
        if !locked {
            let selected = linked.map_or(
                view.tr("— chọn tệp —", "— pick a file —"),
                |_| view.tr("đổi", "change"),
            );
            let picker = egui::ComboBox::from_id_salt(("evidence", &criterion.id.0))
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    if mine.is_some()
                        && ui
                            .selectable_label(false, view.tr("(bỏ liên kết)", "(unlink)"))
                            .clicked()
                    {
                        events.push(SheetEvent::Evidence(criterion.id.clone(), None));
                    }
                    for (sha, title, _) in &evidence.attachments {
                        if ui.selectable_label(mine == Some(sha), title).clicked()
                            && mine != Some(sha)
                        {
                            events.push(SheetEvent::Evidence(
                                criterion.id.clone(),
                                Some(sha.clone()),
                            ));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if focus {
                picker.request_focus();
            }
        }
    });
}
