//! The minutes dialog: what the minutes need that the store does not hold —
//! the meeting date and place, who attended, and a note per product on its
//! discussion and re-scoring — then a save dialog; the worker writes the PDF.
//!
//! Draws only; returns an [`Action`]. No file or PDF work here.

use std::collections::{BTreeMap, BTreeSet};

use crate::app::views::RoundData;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::pdf::MinutesExtras;

use super::{Action, Ctx};

/// The secretary's entries, kept while the dialog is open.
#[derive(Debug, Clone)]
pub struct MinutesForm {
    date: String,
    place: String,
    /// Whether attendance is recorded at all (the minutes say so either way).
    attendance: bool,
    absent: BTreeSet<MemberId>,
    notes: BTreeMap<ProductId, String>,
}

impl MinutesForm {
    pub fn new(today: String) -> Self {
        Self {
            date: today,
            place: String::new(),
            attendance: true,
            absent: BTreeSet::new(),
            notes: BTreeMap::new(),
        }
    }

    /// The extras for the PDF, or the problem with what was typed.
    fn extras(&self) -> Result<MinutesExtras, &'static str> {
        let date = self.date.trim();
        let meeting_date = if date.is_empty() {
            None
        } else {
            Some(crate::domain::date::parse_date(date).map_err(|_| "date")?)
        };
        let place = self.place.trim();
        Ok(MinutesExtras {
            meeting_date,
            meeting_place: (!place.is_empty()).then(|| place.to_string()),
            rescore_notes: self
                .notes
                .iter()
                .filter(|(_, t)| !t.trim().is_empty())
                .map(|(p, t)| (*p, t.trim().to_string()))
                .collect(),
            absent_members: self.attendance.then(|| self.absent.clone()),
            ..MinutesExtras::default()
        })
    }
}

/// Draws the dialog; returns true when it is to close.
pub fn minutes_dialog_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    form: &mut MinutesForm,
    actions: &mut Vec<Action>,
) -> bool {
    let mut close = false;
    egui::Window::new(view.tr("In biên bản họp hội đồng", "Print the council's minutes"))
        // Centred on the window, below the top bar (still movable).
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ui.ctx().content_rect().center())
        .collapsible(false)
        .default_width(520.0)
        .show(ui.ctx(), |ui| {
            super::labelled_edit(
                ui,
                view.tr(
                    "Ngày họp (YYYY-MM-DD, để trống để ghi tay):",
                    "Meeting date (YYYY-MM-DD, blank to fill in by hand):",
                ),
                &mut form.date,
                false,
            );
            super::labelled_edit(ui, view.tr("Địa điểm:", "Place:"), &mut form.place, false);
            attendance_ui(ui, view, data, form);
            ui.separator();
            notes_ui(ui, view, data, form);
            ui.separator();
            let extras = form.extras();
            if extras.is_err() {
                ui.colored_label(
                    view.palette.danger,
                    view.tr(
                        "Ngày họp không đúng dạng YYYY-MM-DD.",
                        "The meeting date is not a YYYY-MM-DD date.",
                    ),
                );
            }
            ui.horizontal(|ui| {
                let print = ui.add_enabled(
                    extras.is_ok(),
                    egui::Button::new(view.tr("In biên bản…", "Print…")),
                );
                if print.clicked()
                    && let Ok(extras) = extras
                {
                    actions.push(save_minutes(data.round.id, extras));
                    close = true;
                }
                if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                    close = true;
                }
            });
        });
    close
}

fn save_minutes(round: RoundId, extras: MinutesExtras) -> Action {
    Action::SaveMinutes {
        file_name: format!("bien-ban-dot-{round}.pdf"),
        round,
        extras,
    }
}

/// One tick per member: present unless unticked.
fn attendance_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData, form: &mut MinutesForm) {
    ui.checkbox(
        &mut form.attendance,
        view.tr(
            "Ghi điểm danh (bỏ chọn người vắng)",
            "Record attendance (untick who is absent)",
        ),
    );
    if !form.attendance {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for member in &data.members {
            let mut present = !form.absent.contains(&member.id);
            let role = view.tr(member.role.label_vi(), member.role.label_en());
            let label = format!("{} ({role})", member.name);
            if ui.checkbox(&mut present, label).changed() {
                if present {
                    form.absent.remove(&member.id);
                } else {
                    form.absent.insert(member.id);
                }
            }
        }
    });
}

/// A note per product on its discussion and re-scoring; products the spread
/// rule flags come first.
fn notes_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData, form: &mut MinutesForm) {
    ui.label(view.tr(
        "Ghi chú thảo luận, chấm lại (tùy chọn, theo sản phẩm):",
        "Notes on discussion and re-scoring (optional, per product):",
    ));
    let mut lines: Vec<_> = data.lines.iter().collect();
    lines.sort_by_key(|l| !l.result.as_ref().is_some_and(|r| r.spread_flag));
    egui::ScrollArea::vertical()
        .id_salt("minutes_notes")
        .max_height(240.0)
        .show(ui, |ui| {
            egui::Grid::new("minutes_notes_grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for line in lines {
                        let flagged = line.result.as_ref().is_some_and(|r| r.spread_flag);
                        let name = if flagged {
                            format!("⚠ {}", line.product.name)
                        } else {
                            line.product.name.clone()
                        };
                        let label = ui.label(name);
                        let text = form.notes.entry(line.product.id).or_default();
                        ui.add(egui::TextEdit::singleline(text).desired_width(240.0))
                            .labelled_by(label.id);
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_date_is_left_to_fill_by_hand_and_a_bad_one_is_refused() {
        let mut form = MinutesForm::new(String::new());
        assert_eq!(form.extras().unwrap().meeting_date, None);
        form.date = "2026-13-40".into();
        assert!(form.extras().is_err());
        form.date = "2026-12-02".into();
        assert_eq!(
            form.extras().unwrap().meeting_date,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
        );
    }

    #[test]
    fn attendance_absentees_and_empty_notes() {
        let mut form = MinutesForm::new("2026-12-02".into());
        form.absent.insert(MemberId(4));
        form.notes.insert(ProductId(1), "  ".into());
        form.notes.insert(ProductId(2), " Chấm lại A.2.b ".into());
        let extras = form.extras().unwrap();
        assert_eq!(extras.absent_members, Some(BTreeSet::from([MemberId(4)])));
        assert_eq!(
            extras.rescore_notes,
            BTreeMap::from([(ProductId(2), "Chấm lại A.2.b".to_string())])
        );
        form.attendance = false;
        assert_eq!(form.extras().unwrap().absent_members, None);
    }
}
