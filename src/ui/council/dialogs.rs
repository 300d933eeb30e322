//! The council tab's dialogs: move the round, approve with the decision, reopen a
//! finalized round, issue certificates, record a recusal. Draws only; returns
//! actions.
//!
//! A weighty step is asked twice: the dialog's own button leads to a
//! confirmation that says what the step does and what becomes read-only; only
//! then is the request sent (and, where the round requires PINs, the PIN asked).
//! The dialog stays open, with what was typed, until the change goes through: a
//! refusal leaves everything as it was, to correct and try again.

use super::{CouncilState, labelled_edit, parse_date};
use crate::app::prefs::Lang;
use crate::app::views::RoundData;
use crate::app::worker::Request;
use crate::domain::certificate::IssuePreview;
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::round::{ApprovalDecision, RoundStatus};
use crate::ui::{Action, Ctx};

/// A dialog being filled in.
#[derive(Debug, Clone, Default)]
pub(super) enum Dialog {
    #[default]
    None,
    /// Move the round to `to` (start scoring, deliberation, back).
    Advance {
        to: RoundStatus,
    },
    Finalize {
        number: String,
        date: String,
        signatory: String,
    },
    Reopen {
        reason: String,
    },
    Issue {
        authority: String,
        date: String,
    },
    Recuse {
        product: Option<ProductId>,
        member: Option<MemberId>,
        reason: String,
    },
}

/// Where a weighty dialog is: being filled in, asking for confirmation, or sent
/// and waiting for the worker's answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Step {
    #[default]
    Filling,
    Confirming,
    Sent,
}

/// What the footer's buttons asked for.
enum Footer {
    Nothing,
    Send,
    Cancel,
}

/// The footer of a weighty dialog: its button (enabled when `ready`), then the
/// confirmation with the consequences, then "sending".
fn footer_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    step: &mut Step,
    ready: bool,
    button: &str,
    consequences: &str,
) -> Footer {
    let mut out = Footer::Nothing;
    match *step {
        Step::Filling => {
            ui.horizontal(|ui| {
                if ui.add_enabled(ready, egui::Button::new(button)).clicked() {
                    *step = Step::Confirming;
                }
                if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                    out = Footer::Cancel;
                }
            });
        }
        Step::Confirming => {
            egui::Frame::new()
                .stroke(egui::Stroke::new(1.5, view.palette.warn))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.add(egui::Label::new(consequences).wrap());
                });
            ui.horizontal(|ui| {
                let confirm = ui.button(format!("{} {button}", view.tr("Xác nhận:", "Confirm:")));
                if confirm.clicked() {
                    *step = Step::Sent;
                    out = Footer::Send;
                }
                if ui
                    .button(view.tr("← Quay lại sửa", "← Back to edit"))
                    .clicked()
                {
                    *step = Step::Filling;
                }
            });
        }
        Step::Sent => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(view.tr("Đang thực hiện…", "Working…"));
                if ui.button(view.tr("Đóng", "Close")).clicked() {
                    out = Footer::Cancel;
                }
            });
        }
    }
    out
}

/// A dialog window: centred on the app's window (never over the top bar), not
/// movable, sized to the screen.
fn dialog_window<'a>(ctx: &egui::Context, title: &'a str) -> egui::Window<'a> {
    let screen = ctx.content_rect();
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .max_width((screen.width() - 40.0).clamp(240.0, 560.0))
        .max_height((screen.height() - 80.0).max(160.0))
}

/// What moving the round to `to` does, for the confirmation.
fn advance_consequences(view: &Ctx<'_>, from: RoundStatus, to: RoundStatus) -> &'static str {
    match (from, to) {
        (RoundStatus::Setup, RoundStatus::Scoring) => view.tr(
            "Hội đồng và danh sách sản phẩm bị khóa (không thêm, bớt được nữa); các thành viên bắt đầu chấm điểm.",
            "The council and the product list become read-only (nothing can be added or removed); members start scoring.",
        ),
        (RoundStatus::Scoring, RoundStatus::Deliberation) => view.tr(
            "Các phiếu bị khóa: không ai sửa hay nộp phiếu nữa, trừ phiếu Chủ tịch mở lại để chấm lại. Phiếu chưa nộp không được tính. Có thể quay lại chấm điểm.",
            "Sheets become read-only: nobody changes or submits a sheet, except those the chair reopens for re-scoring. Unsubmitted sheets do not count. The round can go back to scoring.",
        ),
        (RoundStatus::Deliberation, RoundStatus::Scoring) => view.tr(
            "Các thành viên lại sửa và nộp được phiếu chưa nộp.",
            "Members can again change and submit their unsubmitted sheets.",
        ),
        (RoundStatus::Scoring, RoundStatus::Setup) => view.tr(
            "Việc chấm điểm dừng; hội đồng và danh sách sản phẩm lại sửa được.",
            "Scoring stops; the council and the product list can be changed again.",
        ),
        _ => view.tr("Đợt chuyển sang bước sau.", "The round moves on."),
    }
}

fn status_label(view: &Ctx<'_>, s: RoundStatus) -> &'static str {
    match view.lang {
        crate::app::prefs::Lang::Vi => s.label_vi(),
        crate::app::prefs::Lang::En => s.label_en(),
    }
}

/// What issuing will do: how many certificates, at how many stars, by whom.
/// The authority as the store records it (trimmed, NFC), to match a preview.
fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.trim().nfc().collect()
}

/// How many certificates of which stars, from `stars` (one per certificate).
fn stars_detail(view: &Ctx<'_>, stars: impl Iterator<Item = u8>) -> (usize, String) {
    let mut by_stars = std::collections::BTreeMap::<u8, usize>::new();
    for s in stars {
        *by_stars.entry(s).or_default() += 1;
    }
    let total = by_stars.values().sum();
    let detail = if by_stars.is_empty() {
        view.tr(
            "không sản phẩm nào được chứng nhận ở cấp này",
            "no product is certified at this level",
        )
        .to_string()
    } else {
        by_stars
            .iter()
            .map(|(stars, n)| format!("{n} × {stars}★"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    (total, detail)
}

/// At most this many certificates are listed one by one, then the last number
/// (fewer on a short window, where the dialog must fit: 900×600 at 150%).
fn listed_certificates(ctx: &egui::Context) -> usize {
    if ctx.content_rect().height() < 500.0 {
        4
    } else {
        12
    }
}

/// The confirmation from the store's preview: each certificate's number, product
/// and stars, the issuer and signatory as they will be recorded, the dates.
fn issue_preview_text(view: &Ctx<'_>, p: &IssuePreview, listed: usize) -> String {
    let (total, detail) = stars_detail(view, p.certificates.iter().map(|c| c.stars));
    let mut lines = vec![match view.lang {
        Lang::Vi => format!("Sẽ cấp {total} giấy chứng nhận ({detail}):"),
        Lang::En => format!("{total} certificate(s) will be issued ({detail}):"),
    }];
    for c in p.certificates.iter().take(listed) {
        lines.push(format!(
            "   • {} · {}★ · {}",
            c.number, c.stars, c.product_name
        ));
    }
    if p.certificates.len() > listed
        && let Some(last) = p.certificates.last()
    {
        let more = p.certificates.len() - listed;
        lines.push(match view.lang {
            Lang::Vi => format!("   … và {more} giấy khác, đến số {}", last.number),
            Lang::En => format!("   … and {more} more, up to number {}", last.number),
        });
    }
    let title = p
        .issuer
        .signatory_title
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let date = p.issued_on.format("%d/%m/%Y");
    let until = p.valid_until.format("%d/%m/%Y");
    let (authority, place, name) = (
        &p.issuer.authority,
        &p.issuer.place_name,
        &p.issuer.signatory_name,
    );
    lines.push(match view.lang {
        Lang::Vi => format!(
            "Cơ quan cấp: {authority}. {place}, ngày cấp {date}; hiệu lực đến {until}.\nNgười ký: {name} ({title}).\nSau bước này đợt không thay đổi được nữa (chỉ thu hồi từng giấy bằng quyết định)."
        ),
        Lang::En => format!(
            "Issuing authority: {authority}. {place}, issued {date}; valid until {until}.\nSigned by: {name} ({title}).\nThe round can no longer change afterwards (certificates can only be revoked one by one, by decision)."
        ),
    });
    lines.join("\n")
}

/// The confirmation before the store's preview arrives (or when it cannot be
/// made: `preview` holds why), counted from the round's results.
fn issue_consequences(
    view: &Ctx<'_>,
    data: &RoundData,
    authority: &str,
    date: &str,
    preview: Option<&Result<IssuePreview, String>>,
) -> String {
    let (total, detail) = stars_detail(
        view,
        data.lines
            .iter()
            .filter_map(|l| l.result.as_ref())
            .filter_map(|r| {
                crate::domain::certificate::certified_by(data.round.level, r).then_some(r.stars)
            }),
    );
    let signatory = data.round.signatory.clone().unwrap_or_default();
    let numbers = match (preview, view.lang) {
        (None, Lang::Vi) => "Đang tính số giấy chứng nhận…".to_string(),
        (None, Lang::En) => "Working out the certificate numbers…".to_string(),
        (Some(Err(why)), Lang::Vi) => format!("⚠ Chưa tính được số giấy chứng nhận: {why}"),
        (Some(Err(why)), Lang::En) => {
            format!("⚠ The certificate numbers cannot be worked out: {why}")
        }
        (Some(Ok(_)), _) => String::new(),
    };
    match view.lang {
        Lang::Vi => format!(
            "Sẽ cấp {total} giấy chứng nhận ({detail}), đánh số tiếp theo của {authority} trong năm, ngày cấp {date}, người ký quyết định {signatory}.\n{numbers}\nSau bước này đợt không thay đổi được nữa (chỉ thu hồi từng giấy bằng quyết định)."
        ),
        Lang::En => format!(
            "{total} certificate(s) will be issued ({detail}), numbered next in {authority}'s series for the year, dated {date}, decision signed by {signatory}.\n{numbers}\nThe round can no longer change afterwards (certificates can only be revoked one by one, by decision)."
        ),
    }
}

/// An authority still holding the old placeholder ("…") or nothing is not real.
pub(super) fn is_real_text(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && !t.contains('…') && !t.contains("...")
}

pub(super) fn dialog_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut CouncilState,
    actions: &mut Vec<Action>,
) {
    let round = data.round.id;
    let mut close = false;
    match &mut state.dialog {
        Dialog::None => {}
        Dialog::Advance { to } => {
            let to = *to;
            let title = format!(
                "{} \"{}\"",
                view.tr("Chuyển đợt sang", "Move the round to"),
                status_label(view, to)
            );
            dialog_window(ui.ctx(), &title).show(ui.ctx(), |ui| {
                ui.label(format!(
                    "{} \"{}\" → \"{}\"",
                    view.tr("Đợt:", "Round:"),
                    status_label(view, data.round.status),
                    status_label(view, to)
                ));
                let consequences = advance_consequences(view, data.round.status, to);
                match footer_ui(
                    ui,
                    view,
                    &mut state.step,
                    true,
                    view.tr("Chuyển", "Move"),
                    consequences,
                ) {
                    Footer::Send => {
                        actions.push(Action::Worker(Request::AdvanceRound { round, to }))
                    }
                    Footer::Cancel => close = true,
                    Footer::Nothing => {}
                }
            });
        }
        Dialog::Finalize {
            number,
            date,
            signatory,
        } => {
            let title = view.tr("Phê duyệt kết quả đợt", "Approve the round's results");
            dialog_window(ui.ctx(), title).show(ui.ctx(), |ui| {
                ui.add_enabled_ui(state.step == Step::Filling, |ui| {
                    labelled_edit(
                        ui,
                        view.tr("Số quyết định:", "Decision number:"),
                        number,
                        false,
                    );
                    labelled_edit(
                        ui,
                        view.tr("Ngày (dd/mm/yyyy):", "Date (dd/mm/yyyy):"),
                        date,
                        false,
                    );
                    labelled_edit(
                        ui,
                        view.tr("Người ký quyết định:", "Signed by:"),
                        signatory,
                        false,
                    );
                });
                let parsed = parse_date(date);
                let ready = !number.trim().is_empty()
                    && !signatory.trim().is_empty()
                    && parsed.is_some();
                let consequences = match view.lang {
                    crate::app::prefs::Lang::Vi => format!(
                        "Kết quả được niêm phong theo quyết định {} ngày {}, người ký {}: mọi phiếu, kết quả và hội đồng chỉ còn xem. Chỉ Chủ tịch mở lại được đợt (có lý do, ghi vào nhật ký). Một bản sao lưu được tạo trước.",
                        number.trim(),
                        parsed.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
                        signatory.trim()
                    ),
                    crate::app::prefs::Lang::En => format!(
                        "The results are sealed under decision {} of {}, signed by {}: every sheet, result and the council become read-only. Only the chair can reopen the round (with a reason, in the audit log). A backup is taken first.",
                        number.trim(),
                        parsed.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
                        signatory.trim()
                    ),
                };
                match footer_ui(
                    ui,
                    view,
                    &mut state.step,
                    ready,
                    view.tr("Phê duyệt", "Approve"),
                    &consequences,
                ) {
                    Footer::Send => {
                        if let Some(date) = parsed {
                            actions.push(Action::Worker(Request::FinalizeRound {
                                round,
                                decision: ApprovalDecision {
                                    number: number.trim().to_string(),
                                    date,
                                    signatory: signatory.trim().to_string(),
                                },
                            }));
                        }
                    }
                    Footer::Cancel => close = true,
                    Footer::Nothing => {}
                }
            });
        }
        Dialog::Reopen { reason } => {
            let title = view.tr("Mở lại đợt đã phê duyệt", "Reopen a finalized round");
            dialog_window(ui.ctx(), title).show(ui.ctx(), |ui| {
                ui.label(view.tr(
                    "Chủ tịch Hội đồng hoặc Thư ký; lý do được ghi vào nhật ký.",
                    "The chair or the secretary; the reason is kept in the audit log.",
                ));
                ui.add_enabled_ui(state.step == Step::Filling, |ui| {
                    labelled_edit(ui, view.tr("Lý do:", "Reason:"), reason, true);
                });
                let consequences = view.tr(
                    "Đợt về họp thảo luận: quyết định phê duyệt và niêm phong hiện tại không còn hiệu lực cho đến khi phê duyệt lại. Một bản sao lưu được tạo trước.",
                    "The round goes back to deliberation: the current approval decision and seal no longer hold until it is approved again. A backup is taken first.",
                );
                match footer_ui(
                    ui,
                    view,
                    &mut state.step,
                    !reason.trim().is_empty(),
                    view.tr("Mở lại đợt", "Reopen the round"),
                    consequences,
                ) {
                    Footer::Send => actions.push(Action::Worker(Request::ReopenRound {
                        round,
                        reason: reason.trim().to_string(),
                    })),
                    Footer::Cancel => close = true,
                    Footer::Nothing => {}
                }
            });
        }
        Dialog::Issue { authority, date } => {
            let title = view.tr("Cấp giấy chứng nhận", "Issue certificates");
            let wide = (ui.ctx().content_rect().width() - 60.0).clamp(200.0, 520.0);
            dialog_window(ui.ctx(), title).show(ui.ctx(), |ui| {
                // Wide enough for one certificate a line in the confirmation.
                ui.set_min_width(wide);
                ui.label(view.tr(
                    "Đánh số giấy chứng nhận cho mọi sản phẩm được chứng nhận ở cấp này (theo cơ quan và năm).",
                    "Numbers a certificate for every product certified at this level (per authority and year).",
                ));
                ui.add_enabled_ui(state.step == Step::Filling, |ui| {
                    ui.horizontal(|ui| {
                        let name = ui.label(view.tr("Cơ quan cấp:", "Issuing authority:"));
                        ui.add(
                            egui::TextEdit::singleline(authority)
                                .desired_width(320.0)
                                .hint_text("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG"),
                        )
                        .labelled_by(name.id);
                    });
                    labelled_edit(
                        ui,
                        view.tr("Ngày cấp (dd/mm/yyyy):", "Issue date (dd/mm/yyyy):"),
                        date,
                        false,
                    );
                });
                let parsed = parse_date(date);
                let ready = is_real_text(authority) && parsed.is_some();
                if !ready && state.step == Step::Filling {
                    ui.colored_label(
                        view.palette.warn,
                        view.tr(
                            "Điền tên cơ quan cấp thật (không để trống, không còn dấu …) và ngày cấp.",
                            "Fill in the real issuing authority (not empty, no …) and the issue date.",
                        ),
                    );
                }
                let shown_date = parsed.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
                // The preview answers these very inputs (an older answer is ignored).
                let preview = state.issue_preview.as_ref().filter(|p| match p {
                    Ok(p) => Some(p.issued_on) == parsed && p.issuer.authority == nfc(authority),
                    Err(_) => true,
                });
                let consequences = match preview {
                    Some(Ok(p)) => issue_preview_text(view, p, listed_certificates(ui.ctx())),
                    _ => issue_consequences(view, data, authority.trim(), &shown_date, preview),
                };
                let was_filling = state.step == Step::Filling;
                match footer_ui(
                    ui,
                    view,
                    &mut state.step,
                    ready,
                    view.tr("Cấp giấy chứng nhận", "Issue certificates"),
                    &consequences,
                ) {
                    Footer::Send => actions.push(Action::Worker(Request::IssueCertificates {
                        round,
                        authority: authority.trim().to_string(),
                        date: parsed,
                    })),
                    Footer::Cancel => close = true,
                    Footer::Nothing => {}
                }
                if was_filling && state.step == Step::Confirming {
                    // Ask what issuing would write: the confirmation shows the numbers.
                    state.issue_preview = None;
                    actions.push(Action::Worker(Request::PreviewCertificates {
                        round,
                        authority: authority.trim().to_string(),
                        date: parsed,
                    }));
                }
            });
        }
        Dialog::Recuse {
            product,
            member,
            reason,
        } => {
            egui::Window::new(view.tr("Tránh xung đột lợi ích", "Conflict of interest"))
                // Centred on the window, below the top bar (still movable).
                .pivot(egui::Align2::CENTER_CENTER)
                .default_pos(ui.ctx().content_rect().center())
                .collapsible(false)
                .show(ui.ctx(), |ui| {
                    let product_name = data
                        .lines
                        .iter()
                        .find(|l| Some(l.product.id) == *product)
                        .map(|l| l.product.name.clone())
                        .unwrap_or_else(|| view.tr("— chọn sản phẩm —", "— product —").into());
                    let label = ui.label(view.tr("Sản phẩm:", "Product:"));
                    egui::ComboBox::from_id_salt("recuse_product")
                        .selected_text(product_name)
                        .width(320.0)
                        .show_ui(ui, |ui| {
                            for l in &data.lines {
                                ui.selectable_value(product, Some(l.product.id), &l.product.name);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    let member_name = data
                        .members
                        .iter()
                        .find(|m| Some(m.id) == *member)
                        .map(|m| m.name.clone())
                        .unwrap_or_else(|| view.tr("— chọn thành viên —", "— member —").into());
                    let label = ui.label(view.tr("Thành viên:", "Member:"));
                    egui::ComboBox::from_id_salt("recuse_member")
                        .selected_text(member_name)
                        .width(320.0)
                        .show_ui(ui, |ui| {
                            for m in data.members.iter().filter(|m| m.voting) {
                                ui.selectable_value(member, Some(m.id), &m.name);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    labelled_edit(ui, view.tr("Lý do:", "Reason:"), reason, true);
                    ui.horizontal(|ui| {
                        let ready =
                            product.is_some() && member.is_some() && !reason.trim().is_empty();
                        if ui
                            .add_enabled(ready, egui::Button::new(view.tr("Ghi nhận", "Record")))
                            .clicked()
                            && let (Some(product), Some(member)) = (*product, *member)
                        {
                            actions.push(Action::Worker(Request::Recuse {
                                product,
                                member,
                                reason: reason.trim().to_string(),
                            }));
                            close = true;
                        }
                        if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                            close = true;
                        }
                    });
                });
        }
    }
    if close {
        state.dialog = Dialog::None;
        state.step = Step::Filling;
    }
}
