//! The evaluator's desk: the product's dossier beside the scoring sheet, running
//! totals and the star it would give always in view, autosave on every change,
//! submit (Ctrl+Enter) with a completeness check.

use std::collections::{BTreeMap, BTreeSet};

use egui::{Key, Modifiers};

use super::sheet_view::{self, SheetEvent, SheetViewState};
use super::{Action, Ctx, dossier_panel, fonts, theme::size, widgets};
use crate::app::dossier::DossierView;
use crate::app::prefs::Lang;
use crate::app::views::{self, DeskData, SheetPreview};
use crate::domain::criteria::{CriterionId, TranscriptionStatus};
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::score::SheetAnswers;

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
                        dossier_panel::dossier_ui(ui, view, data, shown, &mut actions);
                    });
                });
        }

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

        let mut events = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("sheet_scroll")
                .show(ui, |ui| {
                    events = sheet_view::sheet_ui(
                        ui,
                        view,
                        &sheet,
                        &self.answers,
                        &self.comments,
                        self.preview.as_ref().map(|p| &p.score),
                        locked,
                        &mut self.sheet_state,
                        &self.evidence,
                    );
                });
        });

        for event in events {
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
                    actions.push(Action::Choose {
                        product: self.product,
                        member: self.member,
                        criterion,
                        choice,
                    });
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
                    actions.push(Action::Worker(crate::app::worker::Request::Evidence {
                        product: self.product,
                        member: self.member,
                        criterion,
                        sha256,
                    }));
                }
                SheetEvent::Open(path, name) => {
                    actions.push(dossier_panel::open_action(path, name))
                }
                SheetEvent::Comment(criterion, text) => {
                    self.comments.insert(criterion.clone(), text.clone());
                    self.unsaved.insert(criterion.clone());
                    actions.push(Action::Comment {
                        product: self.product,
                        member: self.member,
                        criterion,
                        text,
                    });
                }
            }
        }
        if let Some(data) = &self.data {
            self.preview = views::preview(&data.sheet, &self.answers, data.marks_binding);
        }
        actions
    }

    /// Leaves the desk for `target`; a comment still being typed is saved first.
    fn go(&mut self, target: NavTarget, nav: &DeskNav, actions: &mut Vec<Action>) {
        let stored = &self.comments;
        for (criterion, draft) in &self.sheet_state.drafts {
            if stored.get(criterion).map_or("", String::as_str) != draft.as_str() {
                actions.push(Action::Comment {
                    product: self.product,
                    member: self.member,
                    criterion: criterion.clone(),
                    text: draft.clone(),
                });
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

    /// Draws the totals and the controls; returns the submit button's id.
    fn summary_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &Ctx<'_>,
        actions: &mut Vec<Action>,
    ) -> Option<egui::Id> {
        let mut submit_id = None;
        let mut focus_request = None;
        let mut open_confirm = false;
        let complete = self.complete();
        let Some(data) = &self.data else {
            return None;
        };
        let locked = data.is_locked();
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(&data.product.name).font(fonts::bold(size::SUBHEADING)));
            ui.label(
                egui::RichText::new(format!("— {}", data.member.name)).color(view.palette.muted),
            );
        });
        if let Some(preview) = &self.preview {
            let score = &preview.score;
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(format!(
                        "{} {}/100",
                        view.tr("Tổng", "Total"),
                        score.total
                    ))
                    .font(fonts::bold(size::SUBHEADING)),
                );
                for part in &score.parts {
                    ui.label(format!("{} {}/{}", part.id, part.points, part.max_points));
                }
                ui.separator();
                let answered = data.sheet.criteria().count() - score.unanswered.len();
                ui.label(format!(
                    "{} {answered}/{}",
                    view.tr("Đã chọn", "Answered"),
                    data.sheet.criteria().count()
                ));
                if let Some(outcome) = &preview.outcome {
                    ui.separator();
                    ui.label(view.tr("Phiếu này cho:", "This sheet gives:"));
                    widgets::stars_ui(ui, view, outcome.stars, 16.0);
                }
            });
            if let Some(outcome) = &preview.outcome {
                let cap = match view.lang {
                    Lang::Vi => outcome.explain_vi(),
                    Lang::En => outcome.explain_en(),
                };
                if let Some(cap) = cap {
                    ui.colored_label(view.palette.warn, cap).on_hover_text(view.tr(
                        "Dấu sao (***, ****, *****) được hiểu là mức tối thiểu cho hạng sao đó — đây là cách hiểu của phần mềm, chưa có câu chữ pháp lý nêu rõ.",
                        "Star marks (***, ****, *****) are read as minimums for that star — this is our reading; no legal sentence states it.",
                    ));
                }
            }
        }
        if let Some(why) = &data.reopened {
            reopened_ui(ui, view, why);
        }
        if data.sheet.transcription.status == TranscriptionStatus::Unverified {
            ui.colored_label(
                view.palette.warn,
                view.tr(
                    "⚠ Bản chép phiếu của bộ sản phẩm này chưa được kiểm chứng (tổng điểm không khớp); điểm hiển thị đúng như bản chép.",
                    "⚠ This product set's sheet is an unverified transcription (its sums do not add up); points are shown as transcribed.",
                ),
            );
        }
        ui.horizontal_wrapped(|ui| {
            if data.recused {
                ui.colored_label(
                    view.palette.muted,
                    view.tr(
                        "Bạn đã tránh sản phẩm này (xung đột lợi ích).",
                        "You are recused from this product (conflict of interest).",
                    ),
                );
            } else if data.round.status.is_frozen() {
                ui.colored_label(
                    view.palette.muted,
                    view.tr("Đợt đã phê duyệt: chỉ xem.", "Round finalized: read only."),
                );
            } else if !data
                .round
                .status
                .allows(crate::domain::round::RoundAction::WriteSheets)
            {
                ui.colored_label(
                    view.palette.muted,
                    view.tr(
                        "Đợt chưa mở chấm điểm: chỉ xem. Thư ký chuyển đợt sang \"Đang chấm điểm\".",
                        "Scoring has not started: read only. The secretary moves the round to \"Scoring\".",
                    ),
                );
            } else if !data.member.voting {
                ui.colored_label(
                    view.palette.muted,
                    view.tr(
                        "Thành viên không chấm điểm (Thư ký, Tư vấn): phiếu chỉ để xem.",
                        "A member who does not vote (secretary, advisor): the sheet is read only.",
                    ),
                );
            } else if locked {
                let when = data
                    .sheet_row
                    .as_ref()
                    .and_then(|s| s.submitted_at.as_deref())
                    .map(super::format::when)
                    .unwrap_or_default();
                ui.colored_label(
                    view.palette.ok,
                    format!(
                        "✔ {} {when}. {}",
                        view.tr("Đã nộp lúc", "Submitted at"),
                        view.tr(
                            "Chỉ Chủ tịch (hoặc Thư ký theo yêu cầu của Chủ tịch) có thể mở lại phiếu.",
                            "Only the chair (or the secretary on the chair's order) can reopen it."
                        )
                    ),
                );
            } else {
                let status = if self.unsaved.is_empty() {
                    (view.palette.ok, view.tr("✔ Đã lưu", "✔ Saved"))
                } else {
                    (view.palette.warn, view.tr("… Đang lưu", "… Saving"))
                };
                ui.colored_label(status.0, status.1);
                ui.label("⌨").on_hover_text(view.tr(
                    "Bàn phím: Tab / Shift+Tab sang tiêu chí kế; ↑/↓ hoặc phím số chọn ô \
                     (0 = ô 0 điểm); Enter sửa ghi chú; E chọn minh chứng; \
                     N đến câu chưa chọn; Ctrl+Enter nộp phiếu; \
                     Alt+← / Alt+→ (PageUp / PageDown) sản phẩm trước / sau; \
                     Alt+↑ về danh sách.",
                    "Keyboard: Tab / Shift+Tab next criterion; ↑/↓ or number keys choose a box \
                     (0 = the 0-point box); Enter edits the comment; E picks evidence; \
                     N goes to the next unanswered; Ctrl+Enter submits; \
                     Alt+← / Alt+→ (PageUp / PageDown) previous / next product; \
                     Alt+↑ back to the list.",
                ));
                if ui
                    .button(view.tr("Câu chưa chọn tiếp theo (N)", "Next unanswered (N)"))
                    .clicked()
                    && let Some(next) =
                        sheet_view::next_unanswered(&data.sheet, &self.answers, None)
                {
                    focus_request = Some(next);
                }
                let can_submit = complete && self.unsaved.is_empty();
                let submit = ui
                    .add_enabled(
                        can_submit,
                        egui::Button::new(
                            view.tr("Nộp phiếu (Ctrl+Enter)", "Submit sheet (Ctrl+Enter)"),
                        ),
                    )
                    .on_disabled_hover_text(view.tr(
                        "Chọn đủ mọi tiêu chí trước khi nộp.",
                        "Answer every criterion before submitting.",
                    ));
                submit_id = Some(submit.id);
                let shortcut = ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Enter));
                if (submit.clicked() || shortcut) && can_submit {
                    open_confirm = true;
                }
            }
        });
        if let Some(next) = focus_request {
            self.sheet_state.focus_request = Some(next);
        }
        if open_confirm && !self.confirm_submit {
            self.confirm_submit = true;
            self.focus_confirm = true;
        }
        if self.confirm_submit {
            self.confirm_ui(ui, view, actions);
        }
        submit_id
    }

    fn confirm_ui(&mut self, ui: &mut egui::Ui, view: &Ctx<'_>, actions: &mut Vec<Action>) {
        let new_total = self.preview.as_ref().map_or(0, |p| p.score.total);
        // A resubmission shows the change: the total before → now.
        let total = match self.data.as_ref().and_then(|d| d.reopened.as_ref()) {
            Some(why) => format!("{} → {new_total}", why.previous_total),
            None => new_total.to_string(),
        };
        egui::Window::new(view.tr("Nộp phiếu?", "Submit the sheet?"))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ui.ctx(), |ui| {
                ui.label(format!(
                    "{} {total}/100. {}",
                    view.tr("Tổng điểm", "Total"),
                    view.tr(
                        "Sau khi nộp, phiếu bị khóa.",
                        "Once submitted, the sheet is locked."
                    )
                ));
                ui.horizontal(|ui| {
                    let confirm = ui.button(view.tr("Xác nhận nộp", "Confirm submit"));
                    if self.focus_confirm {
                        confirm.request_focus();
                        self.focus_confirm = false;
                    }
                    if confirm.clicked() {
                        actions.push(Action::Submit {
                            product: self.product,
                            member: self.member,
                        });
                        self.confirm_submit = false;
                    }
                    if ui.button(view.tr("Hủy", "Cancel")).clicked()
                        || ui.input(|i| i.key_pressed(Key::Escape))
                    {
                        self.confirm_submit = false;
                    }
                });
            });
    }
}

/// Why this sheet is open again: the reason, who ordered it and when, the total
/// submitted before, and where the previous answers stood apart.
fn reopened_ui(ui: &mut egui::Ui, view: &Ctx<'_>, why: &crate::app::reopened::Reopened) {
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.5, view.palette.warn))
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let kind = match why.kind {
                crate::domain::model::VersionKind::Rescore => {
                    view.tr("mở lại để chấm lại", "reopened for re-scoring")
                }
                crate::domain::model::VersionKind::Reopen => {
                    view.tr("mở lại để sửa", "reopened to correct")
                }
            };
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "↺ {} {kind} — {} {}, {}. {} «{}». {} {}/100.",
                        view.tr("Phiếu của bạn đã được", "Your sheet was"),
                        view.tr("theo yêu cầu của", "ordered by"),
                        why.ordered_by,
                        super::format::when(&why.at),
                        view.tr("Lý do:", "Reason:"),
                        why.reason,
                        view.tr("Tổng đã nộp trước:", "Total submitted before:"),
                        why.previous_total
                    ))
                    .color(view.palette.warn),
                )
                .wrap(),
            );
            if !why.disputed.is_empty() {
                ui.label(view.tr(
                    "Chênh lệch nhiều nhất so với các thành viên khác:",
                    "Furthest from the other members:",
                ));
                for d in &why.disputed {
                    ui.add(
                        egui::Label::new(format!(
                            "• {} {} — {} {}, {} {}–{}",
                            d.criterion,
                            d.title_vi,
                            view.tr("bạn", "you"),
                            d.mine,
                            view.tr("các thành viên khác", "the others"),
                            d.others.0,
                            d.others.1
                        ))
                        .wrap(),
                    );
                }
            }
        });
}
