//! The official scoring sheet as an interactive form: parts, sections, criteria and
//! their boxes, with running subtotals. Keyboard-first: each criterion is one focus
//! stop; Tab/Shift-Tab move between criteria, ↑/↓ or the number keys choose a box,
//! Enter edits the comment, E opens its evidence picker, N jumps to the next
//! unanswered criterion.
//!
//! Draws only; returns [`SheetEvent`]s for the desk to turn into saves.

use std::collections::BTreeMap;

use super::{Ctx, fonts, theme::size};
use crate::app::prefs::Lang;
use crate::domain::criteria::{
    ChoiceId, CriteriaSheet, Criterion, CriterionId, NONE_APPLIES_EN, NONE_APPLIES_VI, NoteKind,
    Section,
};
use crate::domain::score::{SheetAnswers, SheetScore};

mod criterion;
mod evidence;
pub use evidence::Evidence;

/// What the member did on the sheet this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetEvent {
    Choose(CriterionId, Option<ChoiceId>),
    Comment(CriterionId, String),
    /// The member links (or unlinks) an attachment as the criterion's evidence.
    Evidence(CriterionId, Option<String>),
    /// Open a stored attachment (a copy named `name`) in the system viewer.
    Open(std::path::PathBuf, Option<String>),
}

/// Sheet navigation state kept between frames.
#[derive(Debug, Default)]
pub struct SheetViewState {
    /// Index (form order) of the criterion to focus on the next frame.
    pub focus_request: Option<usize>,
    /// Criterion whose comment field should take focus.
    pub comment_request: Option<usize>,
    /// Criterion whose evidence picker should take focus (key E).
    pub evidence_request: Option<usize>,
    /// Comment texts as typed (saved when the field loses focus).
    pub drafts: BTreeMap<CriterionId, String>,
    /// Id of the submit button, where Tab goes after the last criterion.
    pub after_last: Option<egui::Id>,
    /// The criterion the keys act on: the last one focused or clicked. A mouse
    /// click takes egui's focus away; it comes back here on the next frame.
    pub current: Option<usize>,
}

/// One selectable box of a criterion, in display order.
struct BoxItem<'a> {
    id: ChoiceId,
    label: &'a str,
    points: u32,
    star_mark: Option<u8>,
}

fn boxes<'a>(criterion: &'a Criterion, lang: Lang) -> Vec<BoxItem<'a>> {
    let mut out: Vec<BoxItem<'a>> = criterion
        .options
        .iter()
        .map(|o| BoxItem {
            id: o.id.clone(),
            label: &o.label_vi,
            points: o.points,
            star_mark: o.star_mark,
        })
        .collect();
    if !criterion.has_zero_option() {
        out.push(BoxItem {
            id: criterion.none_applies_id(),
            label: lang.tr(NONE_APPLIES_VI, NONE_APPLIES_EN),
            points: 0,
            star_mark: None,
        });
    }
    out
}

pub fn block_id(index: usize) -> egui::Id {
    egui::Id::unique(("criterion-block", index))
}

fn comment_id(index: usize) -> egui::Id {
    egui::Id::unique(("criterion-comment", index))
}

fn stars_text(mark: Option<u8>) -> String {
    mark.map(|m| format!(" {}", "★".repeat(usize::from(m))))
        .unwrap_or_default()
}

/// Index of the first unanswered criterion after `after` (wrapping around), or
/// from the top when `after` is `None`.
pub fn next_unanswered(
    sheet: &CriteriaSheet,
    answers: &SheetAnswers,
    after: Option<usize>,
) -> Option<usize> {
    let ids: Vec<&CriterionId> = sheet.criteria().map(|(_, _, c)| &c.id).collect();
    let n = ids.len();
    let start = after.map_or(0, |i| i + 1);
    (0..n)
        .map(|step| (start + step) % n)
        .find(|i| !answers.choices.contains_key(ids[*i]))
}

/// Draws the whole sheet. `comments` are the stored comments.
#[allow(clippy::too_many_arguments)]
pub fn sheet_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    sheet: &CriteriaSheet,
    answers: &SheetAnswers,
    comments: &BTreeMap<CriterionId, String>,
    score: Option<&SheetScore>,
    locked: bool,
    state: &mut SheetViewState,
    evidence: &Evidence,
) -> Vec<SheetEvent> {
    let mut events = Vec::new();
    let total_criteria = sheet.criteria().count();
    let mut index = 0usize;
    for part in &sheet.parts {
        let part_points = score
            .and_then(|s| s.part(&part.code))
            .map_or(0, |s| s.points);
        egui::Frame::new()
            .fill(view.palette.part_bg)
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                let title = match view.lang {
                    Lang::Vi => format!("Phần {}: {}", part.code, part.title_vi),
                    Lang::En => {
                        format!("Part {}: {} ({})", part.code, part.title_en, part.title_vi)
                    }
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(title).font(fonts::bold(size::SUBHEADING)));
                    ui.label(
                        egui::RichText::new(format!("{part_points}/{}", part.max_points))
                            .font(fonts::bold(size::SUBHEADING)),
                    );
                });
            });
        for section in &part.sections {
            section_header_ui(ui, view, section, score);
            for criterion in &section.criteria {
                criterion::criterion_ui(
                    ui,
                    view,
                    section,
                    criterion,
                    index,
                    total_criteria,
                    answers,
                    comments,
                    locked,
                    state,
                    &mut events,
                    sheet,
                    evidence,
                );
                index += 1;
            }
        }
        ui.add_space(10.0);
    }
    events
}

fn section_header_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    section: &Section,
    score: Option<&SheetScore>,
) {
    ui.add_space(6.0);
    let points = score
        .and_then(|s| s.section(&section.id))
        .map_or(0, |s| s.points);
    let title = match view.lang {
        Lang::Vi => format!("{}. {}", section.number, section.title_vi),
        Lang::En => format!(
            "{}. {} ({})",
            section.number, section.title_en, section.title_vi
        ),
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(title).font(fonts::bold(size::BODY)));
        ui.label(
            egui::RichText::new(format!(
                "{points}/{} {}",
                section.max_points,
                view.tr("điểm", "points")
            ))
            .color(view.palette.muted),
        );
    });
    notes_ui(ui, view, &section.notes);
}

fn notes_ui(ui: &mut egui::Ui, view: &Ctx<'_>, notes: &[crate::domain::criteria::Note]) {
    for note in notes {
        match note.kind {
            NoteKind::Note => {
                ui.label(
                    egui::RichText::new(&note.text_vi)
                        .italics()
                        .color(view.palette.muted),
                );
            }
            NoteKind::Knockout => {
                ui.label(
                    egui::RichText::new(format!(
                        "⚠ {}: {}",
                        view.tr("Điều kiện loại", "Knock-out"),
                        note.text_vi
                    ))
                    .color(view.palette.knockout),
                );
            }
        }
    }
}
