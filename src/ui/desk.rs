//! The evaluator's desk: the product's dossier beside the scoring sheet, running
//! totals and the star it would give always in view, autosave on every change,
//! submit (Ctrl+Enter) with a completeness check.

use crate::app::request::SheetRequest;

use std::collections::{BTreeMap, BTreeSet};

use egui::{Key, Modifiers};

use super::sheet_view::{self, SheetEvent, SheetViewState};
use super::{Action, Ctx, dossier_panel, theme::size};
use crate::app::dossier::DossierView;
use crate::app::views::{self, DeskData, SheetPreview};
use crate::domain::criteria::{CriteriaSheet, CriterionId};
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::score::SheetAnswers;

mod summary;

/// Where the desk's product sits in the round's list: the back, previous, next
/// and next-unscored buttons (Alt+← / Alt+→, PageUp / PageDown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeskNav {
    pub round: Option<crate::domain::ids::RoundId>,
    pub previous: Option<ProductId>,
    pub next: Option<ProductId>,
    /// The next product (after this one, wrapping) the member has not submitted.
    pub next_unscored: Option<ProductId>,
    /// This product's place in the list: (1-based position, count).
    pub position: Option<(usize, usize)>,
}

pub struct DeskScreen {
    product: ProductId,
    member: MemberId,
    data: Option<DeskData>,
    /// The answers as shown: the store's plus changes on their way to it.
    answers: SheetAnswers,
    comments: BTreeMap<CriterionId, String>,
    /// Criteria changed on screen whose save the store has not confirmed yet.
    unsaved: BTreeSet<CriterionId>,
    preview: Option<SheetPreview>,
    sheet_state: SheetViewState,
    confirm_submit: bool,
    /// Give the confirm button focus when the dialog opens (Enter confirms).
    focus_confirm: bool,
    /// Focus the first unanswered criterion once the data arrives.
    focus_on_load: bool,
    /// An older dossier version the user asked to see.
    older_version: Option<DossierView>,
    /// The producer's links from criteria to attachments, and the self-assessment.
    evidence: sheet_view::Evidence,
    /// The dossier panel is shown (it folds away to give the sheet the width);
    /// `None` until the user chooses: open when the window is wide enough.
    dossier_open: Option<bool>,
    /// The dossier panel starts at its top for every product (its facts and the
    /// hard-condition box first), whatever the previous product's scroll was.
    dossier_at_top: bool,
}

/// Below this width (points) the dossier panel starts folded: the sheet needs
/// the room.
const DOSSIER_BESIDE_SHEET_WIDTH: f32 = 760.0;

/// Where the desk's navigation goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NavTarget {
    List,
    Previous,
    Next,
    NextUnscored,
}

/// The navigation keys (not while a text field has the keyboard): Alt+← or
/// PageUp the previous product, Alt+→ or PageDown the next, Alt+↑ the list.
fn nav_keys(ui: &mut egui::Ui, nav: &DeskNav) -> Option<NavTarget> {
    if ui.ctx().text_edit_focused() {
        return None;
    }
    ui.input_mut(|i| {
        if i.consume_key(Modifiers::ALT, Key::ArrowLeft)
            || i.consume_key(Modifiers::NONE, Key::PageUp)
        {
            nav.previous.map(|_| NavTarget::Previous)
        } else if i.consume_key(Modifiers::ALT, Key::ArrowRight)
            || i.consume_key(Modifiers::NONE, Key::PageDown)
        {
            nav.next.map(|_| NavTarget::Next)
        } else if i.consume_key(Modifiers::ALT, Key::ArrowUp) {
            Some(NavTarget::List)
        } else {
            None
        }
    })
}

impl DeskScreen {
    pub fn new(product: ProductId, member: MemberId) -> Self {
        Self {
            product,
            member,
            data: None,
            answers: SheetAnswers::default(),
            comments: BTreeMap::new(),
            unsaved: BTreeSet::new(),
            preview: None,
            sheet_state: SheetViewState::default(),
            confirm_submit: false,
            focus_confirm: false,
            focus_on_load: true,
            older_version: None,
            evidence: sheet_view::Evidence::default(),
            dossier_open: None,
            dossier_at_top: true,
        }
    }

    /// Keeps the dossier panel's folded state when moving to another product.
    pub fn with_dossier_open(mut self, open: Option<bool>) -> Self {
        self.dossier_open = open;
        self
    }

    /// The user's choice to show or fold the dossier panel, if they made one.
    pub fn dossier_open(&self) -> Option<bool> {
        self.dossier_open
    }

    /// Shows an older dossier version (or the latest again).
    pub fn show_version(&mut self, view: DossierView) {
        let latest = self
            .data
            .as_ref()
            .and_then(|d| d.dossier.as_ref())
            .is_some_and(|d| d.dossier.id == view.dossier.id);
        self.older_version = (!latest).then_some(view);
    }

    pub fn is_for(&self, product: ProductId, member: MemberId) -> bool {
        self.product == product && self.member == member
    }

    /// Fresh data from the store replaces what is shown.
    pub fn set_data(&mut self, data: DeskData) {
        self.answers = data.sheet_answers();
        self.comments = data
            .answers
            .iter()
            .filter(|(_, a)| !a.comment.is_empty())
            .map(|(c, a)| (c.clone(), a.comment.clone()))
            .collect();
        self.sheet_state.drafts.clear();
        self.unsaved.clear();
        self.preview = views::preview(&data.sheet, &self.answers, data.marks_binding);
        self.evidence = sheet_view::Evidence::of(&data);
        if self.focus_on_load {
            let first = sheet_view::next_unanswered(&data.sheet, &self.answers, None).unwrap_or(0);
            self.sheet_state.focus_request = Some(first);
            self.focus_on_load = false;
        }
        self.data = Some(data);
    }

    /// The store confirmed a change.
    pub fn saved(&mut self, criterion: &CriterionId, _total: u32) {
        self.unsaved.remove(criterion);
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>, nav: &DeskNav) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(target) = nav_keys(ui, nav) {
            self.go(target, nav, &mut actions);
            return actions;
        }
        let Some(data) = &self.data else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.spinner();
            });
            return actions;
        };
        let locked = data.is_locked();
        let sheet = data.sheet.clone();
        self.dossier_panel_ui(ui, view, &mut actions);

        let mut go_to = None;
        egui::Panel::top("sheet_summary").show(ui, |ui| {
            go_to = self.nav_ui(ui, view, nav);
            // Tab after the last criterion goes to the submit button.
            self.sheet_state.after_last = self.summary_ui(ui, view, &mut actions);
        });
        if let Some(target) = go_to {
            self.go(target, nav, &mut actions);
            return actions;
        }

        let events = self.sheet_panel_ui(ui, view, &sheet, locked);
        for event in events {
            self.take_event(event, &mut actions);
        }
        if let Some(data) = &self.data {
            self.preview = views::preview(&data.sheet, &self.answers, data.marks_binding);
        }
        actions
    }

    /// The dossier beside the sheet, its missing hard conditions pinned above the
    /// part that scrolls.
    fn dossier_panel_ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>, actions: &mut Vec<Action>) {
        let Some(data) = &self.data else {
            return;
        };
        // A narrow window (a projector at 150–200%) starts with the sheet alone.
        let width = ui.available_width();
        let open = *self
            .dossier_open
            .get_or_insert(width >= DOSSIER_BESIDE_SHEET_WIDTH);
        if open {
            let at_top = std::mem::take(&mut self.dossier_at_top);
            egui::Panel::left("dossier")
                .resizable(true)
                .default_size(size::DOSSIER_PANEL_WIDTH.min(width * 0.4))
                .max_size(width * 0.6)
                .show(ui, |ui| {
                    let shown = self.older_version.as_ref().or(data.dossier.as_ref());
                    if let Some(d) = shown {
                        dossier_panel::hard_missing_ui(ui, view, d);
                    }
                    let mut scroll = egui::ScrollArea::vertical().id_salt("dossier_scroll");
                    if at_top {
                        scroll = scroll.vertical_scroll_offset(0.0);
                    }
                    scroll.show(ui, |ui| {
                        dossier_panel::dossier_ui(ui, view, data, shown, actions);
                    });
                });
        }
    }

    /// The sheet itself, scrolling; returns what the member did on it.
    fn sheet_panel_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &Ctx<'_>,
        sheet: &CriteriaSheet,
        locked: bool,
    ) -> Vec<SheetEvent> {
        let mut events = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("sheet_scroll")
                .show(ui, |ui| {
                    events = sheet_view::sheet_ui(
                        ui,
                        view,
                        sheet,
                        &self.answers,
                        &self.comments,
                        self.preview.as_ref().map(|p| &p.score),
                        locked,
                        &mut self.sheet_state,
                        &self.evidence,
                    );
                });
        });
        events
    }

    /// One thing the member did on the sheet: shown at once, marked unsaved and sent
    /// to the store (opening a file goes to the system viewer).
    fn take_event(&mut self, event: SheetEvent, actions: &mut Vec<Action>) {
        match event {
            SheetEvent::Choose(criterion, choice) => {
                match &choice {
                    Some(c) => {
                        self.answers.choices.insert(criterion.clone(), c.clone());
                    }
                    None => {
                        self.answers.choices.remove(&criterion);
                    }
                }
                self.unsaved.insert(criterion.clone());
                actions.push(Action::send(SheetRequest::Choose {
                    product: self.product,
                    member: self.member,
                    criterion,
                    choice,
                }));
            }
            SheetEvent::Evidence(criterion, sha256) => {
                match &sha256 {
                    Some(sha) => {
                        self.evidence.mine.insert(criterion.clone(), sha.clone());
                    }
                    None => {
                        self.evidence.mine.remove(&criterion);
                    }
                }
                self.unsaved.insert(criterion.clone());
                actions.push(Action::send(SheetRequest::Evidence {
                    product: self.product,
                    member: self.member,
                    criterion,
                    sha256,
                }));
            }
            SheetEvent::Open(path, name) => actions.push(dossier_panel::open_action(path, name)),
            SheetEvent::Comment(criterion, text) => {
                self.comments.insert(criterion.clone(), text.clone());
                self.unsaved.insert(criterion.clone());
                actions.push(Action::send(SheetRequest::Comment {
                    product: self.product,
                    member: self.member,
                    criterion,
                    text,
                }));
            }
        }
    }

    /// Leaves the desk for `target`; a comment still being typed is saved first.
    fn go(&mut self, target: NavTarget, nav: &DeskNav, actions: &mut Vec<Action>) {
        let stored = &self.comments;
        for (criterion, draft) in &self.sheet_state.drafts {
            if stored.get(criterion).map_or("", String::as_str) != draft.as_str() {
                actions.push(Action::send(SheetRequest::Comment {
                    product: self.product,
                    member: self.member,
                    criterion: criterion.clone(),
                    text: draft.clone(),
                }));
            }
        }
        self.sheet_state.drafts.clear();
        let product = match target {
            NavTarget::List => {
                if let Some(round) = nav.round {
                    actions.push(Action::OpenRound(round));
                }
                return;
            }
            NavTarget::Previous => nav.previous,
            NavTarget::Next => nav.next,
            NavTarget::NextUnscored => nav.next_unscored,
        };
        if let Some(product) = product {
            actions.push(Action::OpenDesk {
                product,
                member: self.member,
            });
        }
    }

    /// Back to the list, previous / next product, next unscored, and the dossier
    /// panel's fold; returns where to go.
    fn nav_ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>, nav: &DeskNav) -> Option<NavTarget> {
        let mut go = None;
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(view.tr("← Danh sách sản phẩm", "← Product list"))
                .on_hover_text("Alt+↑")
                .clicked()
            {
                go = Some(NavTarget::List);
            }
            if ui
                .add_enabled(
                    nav.previous.is_some(),
                    egui::Button::new(view.tr("‹ Sản phẩm trước", "‹ Previous product")),
                )
                .on_hover_text("Alt+← / PageUp")
                .clicked()
            {
                go = Some(NavTarget::Previous);
            }
            if let Some((at, of)) = nav.position {
                ui.label(format!("{at}/{of}"));
            }
            if ui
                .add_enabled(
                    nav.next.is_some(),
                    egui::Button::new(view.tr("Sản phẩm sau ›", "Next product ›")),
                )
                .on_hover_text("Alt+→ / PageDown")
                .clicked()
            {
                go = Some(NavTarget::Next);
            }
            if nav.next_unscored.is_some()
                && ui
                    .button(view.tr("Sản phẩm chưa chấm tiếp theo →", "Next unscored product →"))
                    .clicked()
            {
                go = Some(NavTarget::NextUnscored);
            }
            ui.separator();
            let open = self.dossier_open.unwrap_or(true);
            let fold = if open {
                view.tr("◀ Ẩn hồ sơ", "◀ Hide dossier")
            } else {
                view.tr("▶ Hiện hồ sơ", "▶ Show dossier")
            };
            if ui.button(fold).clicked() {
                self.dossier_open = Some(!open);
            }
            // Folded, the dossier's hard-condition warning still shows, here.
            let hard_missing = self
                .older_version
                .as_ref()
                .or(self.data.as_ref().and_then(|d| d.dossier.as_ref()))
                .map_or(0, |d| d.completeness.hard_missing().count());
            if !open
                && hard_missing > 0
                && ui
                    .add(
                        egui::Button::new(
                            egui::RichText::new(format!(
                                "⚠ {} ({hard_missing})",
                                view.tr("Thiếu điều kiện bắt buộc", "Hard condition missing")
                            ))
                            .color(view.palette.danger),
                        )
                        .frame(false),
                    )
                    .on_hover_text(view.tr("Bấm để xem hồ sơ", "Click to see the dossier"))
                    .clicked()
            {
                self.dossier_open = Some(true);
            }
        });
        go
    }

    fn complete(&self) -> bool {
        self.preview.as_ref().is_some_and(|p| p.score.is_complete())
    }
}
