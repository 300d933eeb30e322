//! The revocation form (thu hồi) of one issued certificate: the revoking decision's
//! number and date (dd/mm/yyyy or yyyy-mm-dd) and the reason. Sent as the worker's
//! `RevokeCertificate` through `Action::Worker`, which asks the PIN again where the
//! round requires PINs; the store checks the right and the facts again.

use chrono::NaiveDate;

use crate::app::worker::Request;
use crate::domain::ids::CertificateId;
use crate::domain::model::CertificateRow;
use crate::ui::{Action, Ctx};

#[derive(Debug, Clone)]
pub struct RevokeForm {
    certificate: CertificateId,
    /// "012/2026/GCN-OCOP · Gạo ST25", for the title line.
    describes: String,
    decision_no: String,
    decision_date: String,
    reason: String,
}

impl RevokeForm {
    pub fn new(certificate: &CertificateRow) -> Self {
        Self {
            certificate: certificate.id,
            describes: format!("{} · {}", certificate.number, certificate.product_name),
            decision_no: String::new(),
            decision_date: chrono::Local::now()
                .date_naive()
                .format("%d/%m/%Y")
                .to_string(),
            reason: String::new(),
        }
    }
}

/// Reads "30/06/2026" or "2026-06-30".
fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

/// One labelled row of the form's grid.
fn field_ui(ui: &mut egui::Ui, label: &str, text: &mut String, multiline: bool) {
    let name = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(text)
            .desired_rows(3)
            .desired_width(340.0)
    } else {
        egui::TextEdit::singleline(text).desired_width(340.0)
    };
    ui.add(edit).labelled_by(name.id);
    ui.end_row();
}

/// Draws the form; true when it should close (sent or cancelled).
pub fn revoke_dialog_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    form: &mut RevokeForm,
    actions: &mut Vec<Action>,
) -> bool {
    let mut close = false;
    egui::Window::new(view.tr("Thu hồi giấy chứng nhận", "Revoke a certificate"))
        .collapsible(false)
        .resizable(false)
        .min_width(560.0)
        .show(ui.ctx(), |ui| {
            ui.strong(&form.describes);
            ui.label(view.tr(
                "Giấy chứng nhận giữ số và bản ghi; việc thu hồi được ghi thêm, không sửa hay xóa được.",
                "The certificate keeps its number and record; the revocation is added and cannot be edited or deleted.",
            ));
            egui::Grid::new("revoke_form")
                .num_columns(2)
                .spacing([8.0, 6.0])
                .show(ui, |ui| {
                    field_ui(
                        ui,
                        view.tr("Số quyết định thu hồi:", "Revoking decision no.:"),
                        &mut form.decision_no,
                        false,
                    );
                    field_ui(
                        ui,
                        view.tr("Ngày quyết định (dd/mm/yyyy):", "Decision date (dd/mm/yyyy):"),
                        &mut form.decision_date,
                        false,
                    );
                    field_ui(ui, view.tr("Lý do:", "Reason:"), &mut form.reason, true);
                });
            let date = parse_date(&form.decision_date);
            if date.is_none() && !form.decision_date.trim().is_empty() {
                ui.colored_label(
                    view.palette.danger,
                    view.tr(
                        "Ngày không đọc được: dd/mm/yyyy hoặc yyyy-mm-dd.",
                        "Unreadable date: dd/mm/yyyy or yyyy-mm-dd.",
                    ),
                );
            }
            ui.horizontal(|ui| {
                let ready = !form.decision_no.trim().is_empty()
                    && !form.reason.trim().is_empty()
                    && date.is_some();
                if ui
                    .add_enabled(ready, egui::Button::new(view.tr("Thu hồi", "Revoke")))
                    .clicked()
                    && let Some(decision_date) = date
                {
                    actions.push(Action::Worker(Request::RevokeCertificate {
                        certificate: form.certificate,
                        decision_no: form.decision_no.trim().to_string(),
                        decision_date,
                        reason: form.reason.trim().to_string(),
                    }));
                    close = true;
                }
                if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                    close = true;
                }
            });
        });
    close
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_date_forms() {
        let want = NaiveDate::from_ymd_opt(2026, 6, 30);
        assert_eq!(parse_date("30/06/2026"), want);
        assert_eq!(parse_date(" 2026-06-30 "), want);
        assert_eq!(parse_date("30/6/2026"), want);
        assert_eq!(parse_date("31/06/2026"), None);
        assert_eq!(parse_date("hôm nay"), None);
    }
}
