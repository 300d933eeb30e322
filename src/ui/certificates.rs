//! Certificates: the round's issued certificates (revoked ones marked, with *Thu
//! hồi…* for whom the permission table allows), printing them (one PDF for the
//! printer or one file per product), certificates that expire soon, and checking
//! a QR payload against the database offline.

use crate::app::request::{CouncilRequest, DocumentsRequest};

use egui_extras::{Column, TableBuilder};

use super::{Action, Ctx, fonts, theme::size};
use revoke::{RevokeForm, revoke_dialog_ui};

mod revoke;
use crate::app::worker::Request;
use crate::domain::certificate::Expiry;
use crate::domain::ids::RoundId;
use crate::domain::model::{CertificateRow, ExpiringCertificate, PayloadVerdict};
use crate::domain::round::RoundStatus;

#[derive(Debug, Default)]
pub struct CertificatesState {
    pub rows: Option<(Vec<CertificateRow>, Vec<ExpiringCertificate>)>,
    pub payload: String,
    pub verdict: Option<PayloadVerdict>,
    /// The revocation form, while open.
    pub revoke: Option<RevokeForm>,
}

pub fn certificates_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: RoundId,
    status: RoundStatus,
    may_revoke: bool,
    state: &mut CertificatesState,
    actions: &mut Vec<Action>,
) {
    if let Some(form) = &mut state.revoke
        && revoke_dialog_ui(ui, view, form, actions)
    {
        state.revoke = None;
    }
    egui::ScrollArea::vertical()
        .id_salt("certificates")
        .show(ui, |ui| {
            print_buttons_ui(ui, view, round, status, actions);
            match &state.rows {
                None => {
                    ui.spinner();
                }
                Some((rows, expiring)) => {
                    if let Some(form) = issued_table_ui(ui, view, rows, may_revoke) {
                        state.revoke = Some(form);
                    }
                    ui.separator();
                    expiring_ui(ui, view, expiring);
                }
            }
            ui.separator();
            payload_check_ui(ui, view, state, actions);
        });
}

/// Once issued: print them all in one PDF, or one file per product; before, where
/// they come from.
fn print_buttons_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: RoundId,
    status: RoundStatus,
    actions: &mut Vec<Action>,
) {
    if status == RoundStatus::CertificatesIssued {
        ui.horizontal(|ui| {
            if ui
                .button(view.tr("In tất cả vào một tệp PDF…", "Print all into one PDF…"))
                .clicked()
            {
                actions.push(Action::SaveAs {
                    title: "Giấy chứng nhận",
                    file_name: format!("giay-chung-nhan-dot-{round}.pdf"),
                    filter: ("PDF", &["pdf"]),
                    make: |out, round, _| {
                        Request::Documents(DocumentsRequest::PrintCertificates {
                            round,
                            out,
                            one_file: true,
                        })
                    },
                    round,
                    member: None,
                });
            }
            if ui
                .button(view.tr("In mỗi sản phẩm một tệp…", "One file per product…"))
                .clicked()
            {
                actions.push(Action::PickFolder {
                    title: "Thư mục lưu giấy chứng nhận",
                    make: |out, round| {
                        Request::Documents(DocumentsRequest::PrintCertificates {
                            round,
                            out,
                            one_file: false,
                        })
                    },
                    round,
                });
            }
        });
    } else {
        ui.label(view.tr(
            "Giấy chứng nhận được đánh số khi đợt đã phê duyệt chuyển sang \"Đã cấp giấy chứng nhận\" (thẻ Hội đồng).",
            "Certificates are numbered when the finalized round moves to \"Certificates issued\" (Council tab).",
        ));
    }
}

/// The certificates that expire within 30 days or have expired.
fn expiring_ui(ui: &mut egui::Ui, view: &Ctx<'_>, expiring: &[ExpiringCertificate]) {
    ui.label(
        egui::RichText::new(view.tr(
            "Sắp hết hạn (trong 30 ngày) hoặc đã hết hạn — cần thông báo cho chủ thể",
            "Expiring within 30 days or expired — the producers must be told",
        ))
        .font(fonts::bold(size::SUBHEADING)),
    );
    if expiring.is_empty() {
        ui.label(egui::RichText::new(view.tr("Không có.", "None.")).color(view.palette.muted));
    }
    for e in expiring {
        let (color, text) = match e.expiry {
            Expiry::Expired { days_ago } => (
                view.palette.danger,
                format!(
                    "{} {days_ago} {}",
                    view.tr("hết hạn", "expired"),
                    view.tr("ngày trước", "days ago")
                ),
            ),
            Expiry::ExpiringSoon { days_left } | Expiry::Valid { days_left } => (
                view.palette.warn,
                format!(
                    "{} {days_left} {}",
                    view.tr("còn", "in"),
                    view.tr("ngày", "days")
                ),
            ),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} · {} · {}",
                e.certificate.number, e.certificate.product_name, e.producer
            ));
            ui.colored_label(color, text);
        });
    }
}

/// Checks a certificate's QR payload against the database, and says what it found.
fn payload_check_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    state: &mut CertificatesState,
    actions: &mut Vec<Action>,
) {
    ui.label(
        egui::RichText::new(view.tr(
            "Kiểm tra mã QR trên giấy chứng nhận",
            "Check a certificate's QR code",
        ))
        .font(fonts::bold(size::SUBHEADING)),
    );
    ui.horizontal(|ui| {
        let label = ui.label(view.tr("Nội dung mã:", "Payload:"));
        ui.add(
            egui::TextEdit::singleline(&mut state.payload)
                .desired_width(520.0)
                .hint_text("OCOP1|…"),
        )
        .labelled_by(label.id);
        if ui
            .add_enabled(
                !state.payload.trim().is_empty(),
                egui::Button::new(view.tr("Kiểm tra", "Check")),
            )
            .clicked()
        {
            actions.push(Action::send(CouncilRequest::VerifyPayload {
                text: state.payload.trim().to_string(),
            }));
        }
    });
    if let Some(v) = &state.verdict {
        if v.matches() {
            ui.colored_label(
                view.palette.ok,
                format!(
                    "✔ {} {}",
                    view.tr("Khớp với cơ sở dữ liệu:", "Matches the database:"),
                    v.certificate
                        .as_ref()
                        .map(|c| format!("{} · {} · {}★", c.number, c.product_name, c.stars))
                        .unwrap_or_default()
                ),
            );
        } else {
            ui.colored_label(
                view.palette.danger,
                view.tr(
                    "✘ KHÔNG khớp với cơ sở dữ liệu:",
                    "✘ Does NOT match the database:",
                ),
            );
            for p in &v.problems {
                ui.colored_label(view.palette.danger, format!("    {p}"));
            }
        }
    }
}

/// The issued certificates; returns the revocation form to open when *Thu hồi…*
/// was clicked (offered only when `may_revoke`).
fn issued_table_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    rows: &[CertificateRow],
    may_revoke: bool,
) -> Option<RevokeForm> {
    if rows.is_empty() {
        ui.label(
            egui::RichText::new(view.tr("Chưa có giấy chứng nhận.", "No certificate yet."))
                .color(view.palette.muted),
        );
        return None;
    }
    let mut open = None;
    TableBuilder::new(ui)
        .id_salt("issued")
        .striped(true)
        .column(Column::initial(160.0))
        .column(Column::initial(300.0).clip(true))
        .column(Column::initial(60.0))
        .column(Column::initial(110.0))
        .column(Column::initial(110.0))
        .column(Column::initial(70.0))
        .column(Column::remainder())
        .header(size::ROW_HEIGHT, |mut header| {
            for title in [
                view.tr("Số", "Number"),
                view.tr("Sản phẩm", "Product"),
                view.tr("Hạng", "Stars"),
                view.tr("Ngày cấp", "Issued"),
                view.tr("Hiệu lực đến", "Valid until"),
                view.tr("In lại", "Reprints"),
                view.tr("Tình trạng", "Status"),
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(size::ROW_HEIGHT, rows.len(), |mut row| {
                let c = &rows[row.index()];
                row.col(|ui| {
                    ui.label(&c.number);
                });
                row.col(|ui| {
                    ui.label(&c.product_name);
                });
                row.col(|ui| {
                    ui.label(format!("{}★", c.stars));
                });
                row.col(|ui| {
                    ui.label(c.issued_on.format("%d/%m/%Y").to_string());
                });
                row.col(|ui| {
                    ui.label(c.valid_until.format("%d/%m/%Y").to_string());
                });
                row.col(|ui| {
                    ui.label(c.reprint_count.to_string());
                });
                row.col(|ui| {
                    if let Some(form) = status_cell_ui(ui, view, c, may_revoke) {
                        open = Some(form);
                    }
                });
            });
        });
    open
}

/// "Đã thu hồi" with the decision; otherwise *Thu hồi…* for whom may revoke.
fn status_cell_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    c: &CertificateRow,
    may_revoke: bool,
) -> Option<RevokeForm> {
    if let Some(r) = &c.revocation {
        ui.colored_label(
            view.palette.danger,
            format!(
                "{} {} {} {}",
                view.tr("ĐÃ THU HỒI — QĐ", "REVOKED — decision"),
                r.decision_no,
                view.tr("ngày", "of"),
                r.decision_date.format("%d/%m/%Y")
            ),
        )
        .on_hover_text(&r.reason);
        return None;
    }
    (may_revoke && ui.button(view.tr("Thu hồi…", "Revoke…")).clicked()).then(|| RevokeForm::new(c))
}
