//! One criterion of the sheet: its focus stop and keys, its title, notes and
//! evidence, its boxes and the member's comment, framed green once answered.

use std::collections::BTreeMap;

use egui::{Align, Key, Modifiers, Rect, Sense, Shape, TextWrapMode, Vec2, WidgetText};

use super::evidence::{my_evidence_ui, producer_evidence_ui};
use super::{
    BoxItem, Evidence, SheetEvent, SheetViewState, block_id, boxes, comment_id, next_unanswered,
    notes_ui, stars_text,
};
use crate::app::prefs::Lang;
use crate::domain::criteria::{CriteriaSheet, Criterion, CriterionId, Section};
use crate::domain::score::SheetAnswers;
use crate::ui::{Ctx, theme::size};

#[allow(clippy::too_many_arguments)]
pub(super) fn criterion_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    section: &Section,
    criterion: &Criterion,
    index: usize,
    total_criteria: usize,
    answers: &SheetAnswers,
    comments: &BTreeMap<CriterionId, String>,
    locked: bool,
    state: &mut SheetViewState,
    events: &mut Vec<SheetEvent>,
    sheet: &CriteriaSheet,
    evidence: &Evidence,
) {
    let id = block_id(index);
    let items = boxes(criterion, view.lang);
    let chosen = answers.choices.get(&criterion.id);
    let chosen_index = chosen.and_then(|c| items.iter().position(|b| &b.id == c));
    let has_focus = take_focus(ui, state, index, id);

    // Keyboard, before drawing, so the frame shows the new state.
    if has_focus {
        lock_keys(ui, id);
        keyboard(
            ui,
            criterion,
            &items,
            chosen_index,
            index,
            total_criteria,
            locked,
            state,
            events,
            answers,
            sheet,
        );
    }
    focus_when_requested(ui, state, index, id);

    let background = ui.painter().add(Shape::Noop);
    let inner = ui.vertical(|ui| {
        ui.add_space(2.0);
        title_ui(ui, view, section, criterion);
        notes_ui(ui, view, &criterion.notes);
        let focus_evidence = state.evidence_request == Some(index);
        if focus_evidence {
            state.evidence_request = None;
        }
        my_evidence_ui(
            ui,
            view,
            criterion,
            evidence,
            locked,
            focus_evidence,
            events,
        );
        producer_evidence_ui(ui, view, criterion, &items, evidence, events);
        crate::ui::commune_report::commune_finding_ui(ui, view, criterion, &evidence.commune);
        boxes_ui(
            ui,
            view,
            criterion,
            &items,
            chosen_index,
            locked,
            id,
            events,
        );
        comment_ui(ui, view, criterion, index, comments, locked, state, events);
        ui.add_space(4.0);
    });
    let rect = inner.response.rect.expand2(Vec2::new(4.0, 0.0));
    note_click(ui, state, index, rect);
    let response = ui.interact(rect, id, Sense::focusable_noninteractive());
    let answered = chosen.is_some();
    let summary = summary_text(view.lang, section, criterion, &items, chosen_index);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Group, true, &summary));
    paint_frame_ui(ui, view, background, rect, id, answered);
    scroll_into_view(ui, has_focus, rect, id, &response);
}

/// Whether the criterion has the keyboard this frame (and becomes the current
/// one then).
fn take_focus(ui: &mut egui::Ui, state: &mut SheetViewState, index: usize, id: egui::Id) -> bool {
    // Nothing has the keyboard (a click elsewhere took egui's focus away): it
    // comes back to the criterion last worked on, so digits, N, E and Tab still
    // act there instead of Tab jumping to the top bar.
    let orphaned = state.current == Some(index)
        && ui.memory(|m| m.focused().is_none())
        && !ui.input(|i| i.pointer.any_down() || i.pointer.any_click());
    if orphaned {
        ui.memory_mut(|m| m.request_focus(id));
    }
    let has_focus = ui.memory(|m| m.has_focus(id)) || orphaned;
    if has_focus {
        state.current = Some(index);
    }
    has_focus
}

/// Tab and the arrows stay with the focused criterion (its keys use them).
fn lock_keys(ui: &mut egui::Ui, id: egui::Id) {
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            id,
            egui::EventFilter {
                tab: true,
                horizontal_arrows: true,
                vertical_arrows: true,
                escape: false,
            },
        );
    });
}

/// Takes the focus asked for this criterion (by a key, or a button).
fn focus_when_requested(ui: &mut egui::Ui, state: &mut SheetViewState, index: usize, id: egui::Id) {
    if state.focus_request == Some(index) {
        // A request made by clicking a button (e.g. "next unanswered") must wait
        // for the next frame: in the click's own frame egui takes focus away from
        // every widget the pointer is not over.
        if ui.input(|i| i.pointer.any_click()) {
            ui.ctx().request_repaint();
        } else {
            ui.memory_mut(|m| m.request_focus(id));
            state.focus_request = None;
        }
    }
}

/// "a) Title ★★★★ (English title) A.1.a".
fn title_ui(ui: &mut egui::Ui, view: &Ctx<'_>, section: &Section, criterion: &Criterion) {
    ui.horizontal_wrapped(|ui| {
        let title = criterion.display_title(section);
        ui.label(
            egui::RichText::new(format!(
                "{}) {title}{}",
                criterion.letter,
                stars_text(criterion.star_mark)
            ))
            .strong(),
        );
        if view.lang == Lang::En
            && let Some(en) = criterion.title_en.as_deref().filter(|t| !t.is_empty())
        {
            ui.label(egui::RichText::new(format!("({en})")).color(view.palette.muted));
        }
        ui.label(
            egui::RichText::new(&criterion.id.0)
                .small()
                .color(view.palette.muted),
        );
    });
}

/// The boxes; a click chooses one (and keeps the keyboard on the criterion).
#[allow(clippy::too_many_arguments)]
fn boxes_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    criterion: &Criterion,
    items: &[BoxItem<'_>],
    chosen_index: Option<usize>,
    locked: bool,
    id: egui::Id,
    events: &mut Vec<SheetEvent>,
) {
    for (k, item) in items.iter().enumerate() {
        let selected = chosen_index == Some(k);
        let clicked = box_ui(ui, view, item, k, selected, locked);
        if clicked && !locked {
            ui.memory_mut(|m| m.request_focus(id));
            if !selected {
                events.push(SheetEvent::Choose(
                    criterion.id.clone(),
                    Some(item.id.clone()),
                ));
            }
        }
    }
}

/// A click anywhere in the block (an option, *Mở*, the evidence picker) makes
/// it the criterion the keys act on; the comment field keeps its own focus.
fn note_click(ui: &mut egui::Ui, state: &mut SheetViewState, index: usize, rect: Rect) {
    let clicked_here = ui.input(|i| {
        i.pointer.any_click() && i.pointer.interact_pos().is_some_and(|p| rect.contains(p))
    });
    if clicked_here {
        state.current = Some(index);
        if !ui.memory(|m| m.has_focus(comment_id(index))) {
            state.focus_request = Some(index);
            ui.ctx().request_repaint();
        }
    }
}

/// What a screen reader says for the criterion: its id, title and choice.
fn summary_text(
    lang: Lang,
    section: &Section,
    criterion: &Criterion,
    items: &[BoxItem<'_>],
    chosen_index: Option<usize>,
) -> String {
    match (&chosen_index, lang) {
        (Some(k), _) => format!(
            "{} {}: {} ({})",
            criterion.id,
            criterion.display_title(section),
            items[*k].label,
            items[*k].points
        ),
        (None, Lang::Vi) => format!(
            "{} {}: chưa chọn",
            criterion.id,
            criterion.display_title(section)
        ),
        (None, Lang::En) => format!(
            "{} {}: not answered",
            criterion.id,
            criterion.display_title(section)
        ),
    }
}

/// The block's frame, drawn behind it: green once answered, tinted while focused.
fn paint_frame_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    background: egui::layers::ShapeIdx,
    rect: Rect,
    id: egui::Id,
    answered: bool,
) {
    let fill = if ui.memory(|m| m.has_focus(id)) {
        view.palette.focus_bg
    } else {
        egui::Color32::TRANSPARENT
    };
    let stroke_color = if answered {
        view.palette.ok
    } else {
        view.palette.star_empty
    };
    ui.painter().set(
        background,
        egui::epaint::RectShape::new(
            rect,
            4.0,
            fill,
            egui::Stroke::new(1.0, stroke_color),
            egui::StrokeKind::Inside,
        ),
    );
}

/// Keeps the focused criterion in view as the keys move through the sheet.
fn scroll_into_view(
    ui: &mut egui::Ui,
    has_focus: bool,
    rect: Rect,
    id: egui::Id,
    response: &egui::Response,
) {
    if has_focus
        && ui.input(|i| {
            i.key_pressed(Key::Tab) || i.key_pressed(Key::ArrowDown) || i.key_pressed(Key::ArrowUp)
        })
    {
        ui.scroll_to_rect(rect, None);
    }
    if ui.memory(|m| m.has_focus(id)) && response.gained_focus() {
        ui.scroll_to_rect(rect, Some(Align::Center));
    }
}

/// One box: radio mark, points, wording and star mark; the whole row is clickable.
fn box_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    item: &BoxItem<'_>,
    position: usize,
    selected: bool,
    locked: bool,
) -> bool {
    let gutter = 64.0;
    let wrap_width = (ui.available_width() - gutter).max(120.0);
    let text = format!("{}{}", item.label, stars_text(item.star_mark));
    let galley = WidgetText::from(text).into_galley(
        ui,
        Some(TextWrapMode::Wrap),
        wrap_width,
        egui::TextStyle::Body,
    );
    let height = galley.size().y.max(18.0) + 4.0;
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(ui.available_width(), height), Sense::CLICK);
    let access = format!("{}: {}", item.id, item.label);
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::RadioButton, !locked, selected, &access)
    });
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        if selected {
            painter.rect_filled(rect, 3.0, view.palette.selected_bg);
        } else if response.hovered() && !locked {
            painter.rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
        }
        let text_color = ui.visuals().text_color();
        let circle = egui::pos2(rect.left() + 10.0, rect.top() + 11.0);
        painter.circle_stroke(circle, 6.0, egui::Stroke::new(1.5, text_color));
        if selected {
            painter.circle_filled(circle, 3.5, text_color);
        }
        // The number key that picks this box (1–9; 0 for "none applies").
        let key_hint = if item.id.0.ends_with(".0") {
            "0".to_string()
        } else if position < 9 {
            (position + 1).to_string()
        } else {
            String::new()
        };
        painter.text(
            egui::pos2(rect.left() + 22.0, rect.top() + 2.0),
            egui::Align2::LEFT_TOP,
            format!("{}đ", item.points),
            egui::FontId::proportional(size::BODY),
            text_color,
        );
        painter.text(
            egui::pos2(rect.left() + 50.0, rect.top() + 4.0),
            egui::Align2::LEFT_TOP,
            key_hint,
            egui::FontId::proportional(size::SMALL - 2.0),
            view.palette.muted,
        );
        painter.galley(
            Rect::from_min_size(
                egui::pos2(rect.left() + gutter, rect.top() + 2.0),
                galley.size(),
            )
            .min,
            galley,
            text_color,
        );
    }
    response.clicked()
}

#[allow(clippy::too_many_arguments)]
fn comment_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    criterion: &Criterion,
    index: usize,
    comments: &BTreeMap<CriterionId, String>,
    locked: bool,
    state: &mut SheetViewState,
    events: &mut Vec<SheetEvent>,
) {
    let stored = comments.get(&criterion.id).cloned().unwrap_or_default();
    if locked {
        if !stored.is_empty() {
            ui.label(egui::RichText::new(format!("✎ {stored}")).italics());
        }
        return;
    }
    let draft = state
        .drafts
        .entry(criterion.id.clone())
        .or_insert_with(|| stored.clone());
    let id = comment_id(index);
    let response = ui.add(
        egui::TextEdit::singleline(draft)
            .id(id)
            .desired_width(f32::INFINITY)
            .hint_text(view.tr("Nhận xét, minh chứng…", "Comment, evidence…")),
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::TextInput,
            true,
            format!("comment {}", criterion.id),
        )
    });
    if state.comment_request == Some(index) {
        response.request_focus();
        state.comment_request = None;
    }
    if response.lost_focus() {
        if *draft != stored {
            events.push(SheetEvent::Comment(criterion.id.clone(), draft.clone()));
        }
        // Back to the criterion, so the keyboard flow continues.
        if ui.input(|i| i.key_pressed(Key::Enter) || i.key_pressed(Key::Escape)) {
            state.focus_request = Some(index);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn keyboard(
    ui: &mut egui::Ui,
    criterion: &Criterion,
    items: &[BoxItem<'_>],
    chosen_index: Option<usize>,
    index: usize,
    total_criteria: usize,
    locked: bool,
    state: &mut SheetViewState,
    events: &mut Vec<SheetEvent>,
    answers: &SheetAnswers,
    sheet: &CriteriaSheet,
) {
    let mut leave_to = None;
    let mut choose = |k: usize| {
        if !locked
            && let Some(item) = items.get(k)
            && chosen_index != Some(k)
        {
            events.push(SheetEvent::Choose(
                criterion.id.clone(),
                Some(item.id.clone()),
            ));
        }
    };
    ui.input_mut(|input| {
        if input.consume_key(Modifiers::SHIFT, Key::Tab) {
            if index > 0 {
                state.focus_request = Some(index - 1);
            }
        } else if input.consume_key(Modifiers::NONE, Key::Tab) {
            if index + 1 < total_criteria {
                state.focus_request = Some(index + 1);
            } else {
                leave_to = state.after_last;
            }
        }
        if input.consume_key(Modifiers::NONE, Key::ArrowDown) {
            choose(chosen_index.map_or(0, |k| (k + 1).min(items.len() - 1)));
        }
        if input.consume_key(Modifiers::NONE, Key::ArrowUp) {
            choose(chosen_index.map_or(0, |k| k.saturating_sub(1)));
        }
        let digits = [
            Key::Num0,
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ];
        for (digit, key) in digits.iter().enumerate() {
            if input.consume_key(Modifiers::NONE, *key) {
                if digit == 0 {
                    // 0: the zero-point box (the form's own, or "none applies").
                    if let Some(k) = items.iter().position(|b| b.points == 0) {
                        choose(k);
                    }
                } else if digit <= criterion.options.len() {
                    choose(digit - 1);
                }
            }
        }
        if input.consume_key(Modifiers::NONE, Key::Enter) && !locked {
            state.comment_request = Some(index);
        }
        if input.consume_key(Modifiers::NONE, Key::E) && !locked {
            state.evidence_request = Some(index);
        }
        if input.consume_key(Modifiers::NONE, Key::N)
            && let Some(next) = next_unanswered(sheet, answers, Some(index))
        {
            state.focus_request = Some(next);
        }
    });
    // Tab on the last criterion moves on to the control after the sheet.
    if let Some(after) = leave_to {
        ui.memory_mut(|m| m.request_focus(after));
    }
}
