//! The audit log of a round (who, when, what, old → new) with the result of
//! re-checking the round: the hash chain, the status, the seal, the results.

use crate::app::request::{DocumentsRequest, ViewsRequest};
use egui_extras::{Column, TableBuilder};

use super::{Action, Ctx, fonts, theme::size};
use crate::app::backup::anchor::Rollback;
use crate::app::prefs::Lang;
use crate::app::worker::Request;
use crate::domain::ids::RoundId;
use crate::domain::model::{AuditEntry, CheckKind, VerifyReport};

#[derive(Debug, Default)]
pub struct AuditState {
    pub data: Option<(Vec<AuditEntry>, VerifyReport)>,
    /// The rollback check's finding, typed (the report holds its English).
    pub rollback: Option<Rollback>,
}

pub fn audit_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: RoundId,
    state: &AuditState,
    actions: &mut Vec<Action>,
) {
    buttons_ui(ui, view, round, actions);
    let Some((entries, report)) = &state.data else {
        ui.spinner();
        return;
    };
    report_ui(ui, view, report, state.rollback.as_ref());
    ui.separator();
    entries_ui(ui, view, entries);
}

/// *Kiểm tra lại* and *Xuất nhật ký (CSV)…*.
fn buttons_ui(ui: &mut egui::Ui, view: &Ctx<'_>, round: RoundId, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        if ui.button(view.tr("Kiểm tra lại", "Check again")).clicked() {
            actions.push(Action::send(ViewsRequest::LoadAudit { round }));
        }
        if ui
            .button(view.tr("Xuất nhật ký (CSV)…", "Export (CSV)…"))
            .clicked()
        {
            actions.push(Action::SaveAs {
                title: "Nhật ký thay đổi",
                file_name: format!("nhat-ky-dot-{round}.csv"),
                filter: ("CSV", &["csv"]),
                make: |path, round, _| {
                    Request::Documents(DocumentsRequest::ExportAudit { round, path })
                },
                round,
                member: None,
            });
        }
    });
}

/// The verdict of re-checking the round, its checks (folded while all pass) and
/// the seal.
fn report_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    report: &VerifyReport,
    rollback: Option<&Rollback>,
) {
    let (color, verdict) = if report.passed() {
        (
            view.palette.ok,
            view.tr("✔ Kiểm tra toàn vẹn: đạt", "✔ Integrity check passed"),
        )
    } else {
        (
            view.palette.danger,
            view.tr("⚠ Kiểm tra toàn vẹn: CÓ VẤN ĐỀ", "⚠ Integrity check FAILED"),
        )
    };
    ui.label(
        egui::RichText::new(verdict)
            .color(color)
            .font(fonts::bold(size::SUBHEADING)),
    );
    // Folded while every check passes, so the log itself keeps the room on a small
    // window (at 900×600 and 150% the list alone filled the screen); open when one
    // fails.
    let title = format!(
        "{} ({})",
        view.tr("Các phép kiểm tra", "The checks"),
        report.checks.len()
    );
    egui::CollapsingHeader::new(title)
        .id_salt(("audit-checks", report.passed()))
        .default_open(!report.passed())
        .show(ui, |ui| {
            for check in &report.checks {
                let mark = if check.passed() { "✔" } else { "✘" };
                // The check's name in the user's language; its technical detail (the
                // store's, in English) stays beside it in English, on hover in Vietnamese.
                match view.lang {
                    Lang::Vi => {
                        ui.label(format!("{mark} {}", check_name(view, check.kind)))
                            .on_hover_text(format!("Chi tiết kỹ thuật: {}", check.detail));
                    }
                    Lang::En => {
                        ui.label(format!(
                            "{mark} {} — {}",
                            check_name(view, check.kind),
                            check.detail
                        ));
                    }
                }
                match (rollback, check.kind) {
                    (Some(rollback), CheckKind::Rollback) => {
                        let text = rollback_text(view.lang, rollback);
                        ui.colored_label(view.palette.danger, format!("    {text}"));
                    }
                    // The store's checks name what they found in their own
                    // technical words (an entry, a hash, a trigger).
                    _ => {
                        for problem in &check.problems {
                            ui.colored_label(view.palette.danger, format!("    {problem}"));
                        }
                    }
                }
            }
        });
    ui.label(
        egui::RichText::new(format!("{} {}", view.tr("niêm phong", "seal"), report.seal))
            .small()
            .color(view.palette.muted),
    );
}

/// The entries, newest first.
fn entries_ui(ui: &mut egui::Ui, view: &Ctx<'_>, entries: &[AuditEntry]) {
    // Wider than a small window: the table scrolls sideways (target and old → new
    // stay reachable), as the products and the matrix do.
    egui::ScrollArea::horizontal()
        .id_salt("audit_sideways")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt("audit")
                .striped(true)
                .column(Column::exact(48.0))
                .column(Column::initial(170.0))
                .column(Column::initial(180.0).clip(true))
                .column(Column::initial(130.0))
                .column(Column::initial(200.0).clip(true))
                .column(Column::remainder().clip(true))
                .header(size::ROW_HEIGHT, |mut header| {
                    for title in [
                        "#",
                        view.tr("Lúc", "When"),
                        view.tr("Ai", "Who"),
                        view.tr("Việc", "What"),
                        view.tr("Đối tượng", "Target"),
                        view.tr("Cũ → mới", "Old → new"),
                    ] {
                        header.col(|ui| {
                            ui.strong(title);
                        });
                    }
                })
                .body(|body| {
                    // Newest first: what the meeting just did is on top.
                    body.rows(size::ROW_HEIGHT, entries.len(), |mut row| {
                        let e = &entries[entries.len() - 1 - row.index()];
                        row.col(|ui| {
                            ui.label(e.id.to_string());
                        });
                        row.col(|ui| {
                            ui.label(super::format::when(&e.at));
                        });
                        // One tooltip per cell: a clipped label would show its own
                        // full text beside ours, so ours carries the full text too.
                        row.col(|ui| {
                            let who = actor_text(view, &e.actor);
                            unelided_label_ui(ui, &who)
                                .on_hover_text(format!("{who}\n{}", e.actor));
                        });
                        row.col(|ui| {
                            match super::audit_actions::action_text(view.lang, &e.action) {
                                Some(text) => unelided_label_ui(ui, text)
                                    .on_hover_text(format!("{text}\n{}", e.action)),
                                None => ui.label(&e.action),
                            };
                        });
                        row.col(|ui| {
                            ui.label(&e.target);
                        });
                        row.col(|ui| {
                            let change = format!(
                                "{} → {}",
                                e.old_value.as_deref().unwrap_or("∅"),
                                e.new_value.as_deref().unwrap_or("∅")
                            );
                            unelided_label_ui(ui, &change).on_hover_text(&change);
                        });
                    });
                });
        });
}

/// A label that leaves its tooltip to the caller even when the column clips it.
fn unelided_label_ui(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.add(egui::Label::new(text).show_tooltip_when_elided(false))
}

/// An audit entry's actor in words: the person and role, whether a PIN vouched for
/// them, and whose order they recorded. Labels from before actors were recorded are
/// shown as written.
fn actor_text(view: &Ctx<'_>, label: &str) -> String {
    use crate::domain::actor::{ActorLabel, PinCheck, Principal};
    let Some(actor) = ActorLabel::parse(label) else {
        return label.to_string();
    };
    let who = match (actor.principal, &actor.name) {
        (Principal::Secretariat, _) => view.tr("Ban thư ký", "Secretariat").to_string(),
        (Principal::Member(id), None) => format!("#{id}"),
        (Principal::Member(_), Some(name)) => name.clone(),
    };
    let role = actor.role.map_or(String::new(), |r| match view.lang {
        crate::app::prefs::Lang::Vi => format!(" ({})", r.label_vi()),
        crate::app::prefs::Lang::En => format!(" ({})", r.label_en()),
    });
    let pin = match actor.pin {
        PinCheck::None => view.tr("không qua PIN", "no PIN"),
        PinCheck::Verified => view.tr("PIN", "PIN"),
        PinCheck::Reauthenticated => view.tr("PIN nhập lại", "PIN re-entered"),
    };
    let order = actor.order.map_or(String::new(), |o| {
        format!(
            " · {} #{}",
            view.tr("theo yêu cầu của", "on the order of"),
            o.by
        )
    });
    format!("{who}{role} · {pin} · {}{order}", actor.via.as_str())
}

/// A verify check's name in the user's language.
/// What the rollback check found, in the user's language.
pub fn rollback_text(lang: Lang, rollback: &Rollback) -> String {
    let when = |at: &str| super::format::when(at);
    match (lang, rollback) {
        (Lang::En, rollback) => rollback.to_string(),
        (
            Lang::Vi,
            Rollback::Differs {
                entry,
                confirmed_at,
            },
        ) => format!(
            "mục nhật ký {entry} khác với mục thư mục dữ liệu này đã xác nhận lúc {} (cơ sở dữ liệu đã bị thay hoặc ghi lại)",
            when(confirmed_at)
        ),
        (
            Lang::Vi,
            Rollback::Missing {
                entry,
                confirmed_at,
                newest,
            },
        ) => format!(
            "dữ liệu bị quay lui: mục nhật ký {entry} đã xác nhận lúc {} không còn; mục mới nhất trong cơ sở dữ liệu là {} (đã mất các thay đổi, ví dụ tệp -wal của nó; hãy khôi phục bản sao lưu mới nhất)",
            when(confirmed_at),
            newest.map_or("— (không có)".into(), |n| n.to_string())
        ),
    }
}

pub fn check_name(view: &Ctx<'_>, kind: CheckKind) -> &'static str {
    use CheckKind as K;
    match kind {
        K::AuditChain => view.tr("Chuỗi nhật ký (băm nối tiếp)", "audit chain"),
        K::RoundStatus => view.tr("Trạng thái đợt", "round status"),
        K::ImmutabilityTriggers => view.tr(
            "Khóa chống sửa dữ liệu trong cơ sở dữ liệu",
            "immutability triggers",
        ),
        K::FinalizedContent => view.tr("Nội dung đã phê duyệt (niêm phong)", "finalized content"),
        K::Results => view.tr("Kết quả, tính lại từ các phiếu", "results"),
        K::CriteriaSnapshots => view.tr("Bộ tiêu chí đã lưu", "criteria snapshots"),
        K::Certificates => view.tr("Giấy chứng nhận", "certificates"),
        K::DatabaseIntegrity => view.tr("Toàn vẹn cơ sở dữ liệu", "database integrity"),
        K::ActorsRights => view.tr("Quyền của người thực hiện", "actors' rights"),
        K::CatalogueAuditChain => view.tr("Chuỗi nhật ký của danh mục", "catalogue audit chain"),
        K::CatalogueEntries => view.tr("Các mục của danh mục", "catalogue entries"),
        K::EntriesIssuedByRounds => view.tr("Các mục do các đợt cấp", "entries issued by rounds"),
        K::Rollback => view.tr("Không bị quay lui về bản cũ (mốc nhật ký)", "rollback"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::vi_check::assert_vietnamese;

    #[test]
    fn a_rollback_reads_in_vietnamese() {
        for rollback in [
            Rollback::Differs {
                entry: 42,
                confirmed_at: "2026-06-30T10:15:00Z".into(),
            },
            Rollback::Missing {
                entry: 42,
                confirmed_at: "2026-06-30T10:15:00Z".into(),
                newest: Some(40),
            },
            Rollback::Missing {
                entry: 42,
                confirmed_at: "2026-06-30T10:15:00Z".into(),
                newest: None,
            },
        ] {
            let vi = rollback_text(Lang::Vi, &rollback);
            assert_vietnamese(&vi, &rollback_text(Lang::En, &rollback), &rollback);
            assert!(vi.contains("42"), "{vi}");
        }
    }
}
