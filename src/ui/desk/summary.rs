//! The top of the desk: the product and the member, the totals and the star the
//! sheet gives, why the sheet is open again, whether it may be changed, and the
//! submit button with its confirmation.

use egui::{Key, Modifiers};

use super::DeskScreen;
use crate::app::prefs::Lang;
use crate::app::request::SheetRequest;
use crate::app::views::{DeskData, SheetPreview};
use crate::domain::criteria::TranscriptionStatus;
use crate::ui::sheet_view;
use crate::ui::{Action, Ctx, fonts, theme::size, widgets};

impl DeskScreen {
    /// Draws the totals and the controls; returns the submit button's id.
    pub(super) fn summary_ui(
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
        title_ui(ui, view, data);
        if let Some(preview) = &self.preview {
            totals_ui(ui, view, data, preview);
        }
        if let Some(why) = &data.reopened {
            reopened_ui(ui, view, why);
        }
        transcription_warning_ui(ui, view, data);
        ui.horizontal_wrapped(|ui| {
            if !read_only_note_ui(ui, view, data, locked) {
                let (submit, focus, confirm) = self.editing_controls_ui(ui, view, data, complete);
                submit_id = Some(submit);
                focus_request = focus;
                open_confirm = confirm;
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

    /// While the sheet may be changed: saved or saving, the keyboard help, *next
    /// unanswered* and *submit* (Ctrl+Enter). Returns the submit button's id, the
    /// criterion to focus, and whether to ask to confirm the submission.
    fn editing_controls_ui(
        &self,
        ui: &mut egui::Ui,
        view: &Ctx<'_>,
        data: &DeskData,
        complete: bool,
    ) -> (egui::Id, Option<usize>, bool) {
        let mut focus_request = None;
        let mut open_confirm = false;
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
            && let Some(next) = sheet_view::next_unanswered(&data.sheet, &self.answers, None)
        {
            focus_request = Some(next);
        }
        let can_submit = complete && self.unsaved.is_empty();
        let submit = ui
            .add_enabled(
                can_submit,
                egui::Button::new(view.tr("Nộp phiếu (Ctrl+Enter)", "Submit sheet (Ctrl+Enter)")),
            )
            .on_disabled_hover_text(view.tr(
                "Chọn đủ mọi tiêu chí trước khi nộp.",
                "Answer every criterion before submitting.",
            ));
        let shortcut = ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Enter));
        if (submit.clicked() || shortcut) && can_submit {
            open_confirm = true;
        }
        (submit.id, focus_request, open_confirm)
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
                        actions.push(Action::send(SheetRequest::Submit {
                            product: self.product,
                            member: self.member,
                        }));
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

/// The product's name and, muted, whose sheet this is.
fn title_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &DeskData) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(&data.product.name).font(fonts::bold(size::SUBHEADING)));
        ui.label(egui::RichText::new(format!("— {}", data.member.name)).color(view.palette.muted));
    });
}

/// The total, each part, how many criteria are answered, the star the sheet
/// gives, and a star-mark cap's explanation.
fn totals_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &DeskData, preview: &SheetPreview) {
    let score = &preview.score;
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(format!("{} {}/100", view.tr("Tổng", "Total"), score.total))
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

/// This product set's transcription does not add up: said before any point is read.
fn transcription_warning_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &DeskData) {
    if data.sheet.transcription.status == TranscriptionStatus::Unverified {
        ui.colored_label(
            view.palette.warn,
            view.tr(
                "⚠ Bản chép phiếu của bộ sản phẩm này chưa được kiểm chứng (tổng điểm không khớp); điểm hiển thị đúng như bản chép.",
                "⚠ This product set's sheet is an unverified transcription (its sums do not add up); points are shown as transcribed.",
            ),
        );
    }
}

/// Why the sheet cannot be changed, if it cannot: recused, round finalized, scoring
/// not started, a member who does not vote, or submitted; true when one was shown.
fn read_only_note_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &DeskData, locked: bool) -> bool {
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
            .map(crate::ui::format::when)
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
        return false;
    }
    true
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
                        crate::ui::format::when(&why.at),
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
