//! The council of laptops, the secretary's side: register each member's public key,
//! send the round package out, merge the members' signed sheets packages back in,
//! and see what each merge did and which conflicts wait for a decision. And the
//! member's side of a round package: what importing it changed on this laptop.

use crate::app::request::LaptopsRequest;

use super::{Action, Ctx, fonts, theme::size};
use crate::app::package::{KeylessMember, PackageReport};
use crate::app::prefs::Lang;
use crate::app::views::RoundData;
use crate::app::worker::Request;
use crate::domain::ids::MemberId;
use crate::domain::model::{
    ConflictRow, MemberField, MergeVerdict, MirrorChange, MirrorNote, ProductField, RoundField,
};

#[derive(Debug, Default)]
pub struct LaptopsState {
    /// Keys being pasted, per member.
    keys: std::collections::BTreeMap<MemberId, String>,
    pub reports: Vec<PackageReport>,
    pub conflicts: Option<Vec<ConflictRow>>,
}

pub fn laptops_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut LaptopsState,
    actions: &mut Vec<Action>,
) {
    let round = data.round.id;
    egui::ScrollArea::vertical().id_salt("laptops").show(ui, |ui| {
        ui.label(view.tr(
            "Mỗi thành viên chấm trên máy của mình, không cần mạng: (1) thành viên gửi khóa công khai của máy mình (trang Các đợt → Khóa của máy này); (2) Thư ký đăng ký khóa dưới đây rồi xuất gói đợt; (3) thành viên nhập gói, chấm, xuất gói phiếu đã ký; (4) Thư ký gộp các gói phiếu. Gói bị sửa dù một byte, ký bằng khóa lạ hoặc của đợt khác đều bị từ chối.",
            "Each member scores on their own laptop, offline: (1) the member sends their laptop's public key (Rounds screen → This laptop's key); (2) the secretary registers it below and exports the round package; (3) the member imports it, scores and exports a signed sheets package; (4) the secretary merges the packages. A package altered in any byte, signed by an unknown key or for another round is refused.",
        ));
        keys_ui(ui, view, data, state, actions);
        ui.separator();
        package_buttons_ui(ui, view, round, actions);
        merge_report_ui(ui, view, &state.reports);
        ui.separator();
        conflicts_ui(ui, view, round, state, actions);
    });
}

/// Each voting member's key (registered or not) and a field to register one.
fn keys_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut LaptopsState,
    actions: &mut Vec<Action>,
) {
    let round = data.round.id;
    ui.add_space(6.0);
    ui.label(
        egui::RichText::new(view.tr("Khóa công khai của thành viên", "Members' public keys"))
            .font(fonts::bold(size::SUBHEADING)),
    );
    for m in data.members.iter().filter(|m| m.voting) {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(&m.name).strong());
            match &m.public_key {
                Some(key) => {
                    ui.colored_label(view.palette.ok, format!("✔ {}…", &key[..key.len().min(16)]));
                }
                None => {
                    ui.colored_label(view.palette.warn, view.tr("chưa có khóa", "no key yet"));
                }
            }
            let text = state.keys.entry(m.id).or_default();
            let label = ui.label(view.tr("Khóa:", "Key:"));
            ui.add(
                egui::TextEdit::singleline(text)
                    .desired_width(300.0)
                    .hint_text("64 hex"),
            )
            .labelled_by(label.id);
            if ui
                .add_enabled(
                    text.trim().len() == 64,
                    egui::Button::new(view.tr("Đăng ký khóa", "Register key")),
                )
                .clicked()
            {
                actions.push(Action::send(LaptopsRequest::RegisterKey {
                    round,
                    member: m.id,
                    key: text.trim().to_string(),
                }));
                text.clear();
            }
        });
    }
}

/// Send the round package out; merge the sheets packages back in.
fn package_buttons_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: crate::domain::ids::RoundId,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(view.tr("Xuất gói đợt cho các máy…", "Export the round package…"))
            .clicked()
        {
            actions.push(Action::SaveAs {
                title: "Gói đợt đánh giá",
                file_name: format!("dot-{round}.ocop-round"),
                filter: ("OCOP round package", &["ocop-round"]),
                make: |path, round, _| {
                    Request::Laptops(LaptopsRequest::ExportRoundPackage { round, path })
                },
                round,
                member: None,
            });
        }
        if ui
            .button(view.tr("Gộp gói phiếu từ các máy…", "Merge sheets packages…"))
            .clicked()
        {
            actions.push(Action::PickPackages {
                round,
                folder: false,
            });
        }
        if ui
            .button(view.tr("Gộp cả thư mục gói phiếu…", "Merge a folder of packages…"))
            .clicked()
        {
            actions.push(Action::PickPackages {
                round,
                folder: true,
            });
        }
    });
}

/// What the last merge did with each package.
fn merge_report_ui(ui: &mut egui::Ui, view: &Ctx<'_>, reports: &[PackageReport]) {
    if !reports.is_empty() {
        ui.separator();
        ui.label(
            egui::RichText::new(view.tr("Kết quả gộp", "Merge report"))
                .font(fonts::bold(size::SUBHEADING)),
        );
        for r in reports {
            let name = r
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match &r.verdict {
                MergeVerdict::Rejected { reasons } => {
                    ui.colored_label(
                        view.palette.danger,
                        format!("✘ {name}: {}", view.tr("bị từ chối", "refused")),
                    );
                    for reason in reasons {
                        let reason = super::refusal_text::problem_text(view.lang, reason);
                        ui.colored_label(view.palette.danger, format!("    {reason}"));
                    }
                }
                MergeVerdict::AlreadyMerged { merged_at, .. } => {
                    ui.colored_label(
                        view.palette.muted,
                        format!(
                            "= {name}: {} {}",
                            view.tr("đã gộp trước đó, lúc", "already merged at"),
                            super::format::when(merged_at)
                        ),
                    );
                }
                MergeVerdict::Merged(summary) => {
                    ui.colored_label(
                        view.palette.ok,
                        format!("✔ {name}: {} — {}", summary.member_name, summary.counts()),
                    );
                    for sheet in &summary.sheets {
                        ui.label(
                            egui::RichText::new(format!(
                                "    {} · {}",
                                sheet.product_name,
                                sheet.outcome.label()
                            ))
                            .small(),
                        );
                    }
                }
            }
        }
    }
}

/// The incoming sheets a merge kept aside, loaded the first time the tab shows.
fn conflicts_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: crate::domain::ids::RoundId,
    state: &mut LaptopsState,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(view.tr(
                "Xung đột chờ quyết định",
                "Conflicts waiting for a decision",
            ))
            .font(fonts::bold(size::SUBHEADING)),
        );
        if ui.small_button(view.tr("Tải lại", "Reload")).clicked() {
            actions.push(Action::send(LaptopsRequest::LoadConflicts { round }));
        }
    });
    match &state.conflicts {
        None => {
            actions.push(Action::send(LaptopsRequest::LoadConflicts { round }));
            state.conflicts = Some(Vec::new());
        }
        Some(list) if list.is_empty() => {
            ui.label(egui::RichText::new(view.tr("Không có.", "None.")).color(view.palette.muted));
        }
        Some(list) => {
            for c in list {
                ui.colored_label(
                    view.palette.warn,
                    format!(
                        "• {} — {}: {} {} ({}) ≠ {} {} ({}, {})",
                        c.product_name,
                        c.member_name,
                        view.tr("gói gửi đến", "incoming"),
                        c.incoming_total,
                        super::format::when(&c.incoming_submitted_at),
                        view.tr("máy này", "here"),
                        c.stored_total,
                        c.stored_status,
                        super::format::when(&c.stored_updated_at)
                    ),
                );
            }
        }
    }
}

/// A round package just imported on this laptop: what it changed and left, shown
/// until the user closes it.
#[derive(Debug, Clone)]
pub struct ImportedPackage {
    pub round_name: String,
    pub changes: Vec<MirrorChange>,
    pub notes: Vec<MirrorNote>,
}

/// The window listing what an imported round package did; false once closed.
pub fn imported_package_ui(
    ctx: &egui::Context,
    view: &Ctx<'_>,
    imported: &ImportedPackage,
) -> bool {
    let mut open = true;
    let mut close = false;
    let screen = ctx.content_rect();
    let width = (screen.width() - 40.0).clamp(200.0, 620.0);
    egui::Window::new(view.tr("Gói đợt đã nhập", "Round package imported"))
        .id(egui::Id::unique("imported_package"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(width)
        .max_width(width)
        .max_height((screen.height() - 80.0).max(120.0))
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            let heading = match view.lang {
                Lang::Vi if imported.changes.is_empty() => format!(
                    "{}: đã cập nhật, không có gì thay đổi.",
                    imported.round_name
                ),
                Lang::En if imported.changes.is_empty() => format!(
                    "{}: already up to date; nothing changed.",
                    imported.round_name
                ),
                Lang::Vi => format!(
                    "{}: {} thay đổi.",
                    imported.round_name,
                    imported.changes.len()
                ),
                Lang::En => format!(
                    "{}: {} change(s).",
                    imported.round_name,
                    imported.changes.len()
                ),
            };
            ui.label(egui::RichText::new(heading).strong());
            egui::ScrollArea::vertical()
                .max_height((screen.height() - 200.0).max(60.0))
                .show(ui, |ui| {
                    for change in &imported.changes {
                        ui.add(
                            egui::Label::new(format!("• {}", change_text(view.lang, change)))
                                .wrap(),
                        );
                    }
                    for note in &imported.notes {
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(format!("• {}", note_text(view.lang, note)))
                                    .color(view.palette.warn),
                            )
                            .wrap(),
                        );
                    }
                });
            ui.separator();
            if ui.button(view.tr("Đã hiểu, đóng", "OK, close")).clicked() {
                close = true;
            }
        });
    open && !close
}

/// "Saved …", and the members who cannot send sheets back for want of a key.
pub fn package_written_text(
    lang: Lang,
    path: &std::path::Path,
    keyless: &[KeylessMember],
) -> String {
    let saved = format!("{} {}", lang.tr("Đã lưu", "Saved"), path.display());
    if keyless.is_empty() {
        return saved;
    }
    let names = keyless
        .iter()
        .map(|m| format!("{} ({})", m.name, m.member))
        .collect::<Vec<_>>()
        .join(", ");
    match lang {
        Lang::Vi => format!("{saved}. Chưa đăng ký khóa, nên không gửi phiếu về được: {names}"),
        Lang::En => format!("{saved}. No registered key, so they cannot send sheets back: {names}"),
    }
}

fn round_field(lang: Lang, field: RoundField) -> &'static str {
    let (vi, en) = match field {
        RoundField::Name => ("tên", "name"),
        RoundField::Level => ("cấp", "level"),
        RoundField::Dates => ("thời gian", "dates"),
        RoundField::Rules => (
            "quy tắc (chênh lệch điểm, túc số)",
            "rules (spread, quorum)",
        ),
        RoundField::StarMarks => ("hiệu lực của dấu sao", "star marks"),
    };
    lang.tr(vi, en)
}

fn member_field(lang: Lang, field: MemberField) -> &'static str {
    let (vi, en) = match field {
        MemberField::Name => ("tên", "name"),
        MemberField::Role => ("vai trò", "role"),
        MemberField::Voting => ("quyền biểu quyết", "voting"),
        MemberField::Key => ("khóa công khai", "key"),
    };
    lang.tr(vi, en)
}

fn product_field(lang: Lang, field: ProductField) -> &'static str {
    let (vi, en) = match field {
        ProductField::Name => ("tên", "name"),
        ProductField::ProductSet => ("bộ sản phẩm", "product set"),
        ProductField::Code => ("mã sản phẩm", "code"),
        ProductField::Producer => ("chủ thể", "producer"),
    };
    lang.tr(vi, en)
}

fn joined<T: Copy>(lang: Lang, fields: &[T], name: fn(Lang, T) -> &'static str) -> String {
    fields
        .iter()
        .map(|f| name(lang, *f))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One change an imported round package made, as a line.
pub fn change_text(lang: Lang, change: &MirrorChange) -> String {
    if lang == Lang::En {
        return change.to_string();
    }
    match change {
        MirrorChange::RoundCreated { round, name } => format!("tạo đợt {round}: {name}"),
        MirrorChange::RoundSettings {
            round,
            name,
            fields,
        } => {
            format!(
                "đợt {round} ({name}): đổi {}",
                joined(lang, fields, round_field)
            )
        }
        MirrorChange::Status { round, from, to } => {
            format!("đợt {round}: {} → {}", from.label_vi(), to.label_vi())
        }
        MirrorChange::MemberAdded {
            member,
            name,
            role,
            voting,
        } => {
            let voting = if *voting {
                ""
            } else {
                ", không biểu quyết"
            };
            format!(
                "thêm thành viên {member}: {name} ({}{voting})",
                role.label_vi()
            )
        }
        MirrorChange::MemberUpdated {
            member,
            name,
            fields,
        } => {
            format!(
                "thành viên {member} ({name}): đổi {}",
                joined(lang, fields, member_field)
            )
        }
        MirrorChange::ProductAdded {
            product,
            name,
            product_set,
            producer,
            disqualified,
        } => {
            let disqualified = disqualified
                .map(|r| format!(", bị loại ({})", r.label_vi()))
                .unwrap_or_default();
            format!("thêm sản phẩm {product}: {name} (bộ {product_set}), {producer}{disqualified}")
        }
        MirrorChange::ProductUpdated {
            product,
            name,
            fields,
        } => {
            format!(
                "sản phẩm {product} ({name}): đổi {}",
                joined(lang, fields, product_field)
            )
        }
        MirrorChange::Disqualification {
            product,
            name,
            reason: Some(reason),
        } => {
            format!(
                "sản phẩm {product} ({name}): bị loại ({})",
                reason.label_vi()
            )
        }
        MirrorChange::Disqualification {
            product,
            name,
            reason: None,
        } => {
            format!("sản phẩm {product} ({name}): không còn bị loại")
        }
        MirrorChange::DossierAdded {
            product,
            name,
            version,
            files,
        } => {
            format!("sản phẩm {product} ({name}): thêm hồ sơ phiên bản {version} ({files} tệp)")
        }
        MirrorChange::Recusal {
            product,
            product_name,
            member,
            member_name,
        } => format!(
            "thành viên {member} ({member_name}) tránh chấm sản phẩm {product} ({product_name})"
        ),
        MirrorChange::Presiding {
            product,
            product_name,
            member: Some((member, name)),
        } => format!(
            "thành viên {member} ({name}) chủ trì sản phẩm {product} ({product_name}) thay Chủ tịch đã tránh"
        ),
        MirrorChange::Presiding {
            product,
            product_name,
            member: None,
        } => format!(
            "sản phẩm {product} ({product_name}): không còn người chủ trì thay Chủ tịch đã tránh (gói không ghi ai)"
        ),
    }
}

/// What an imported round package left as it is here, as a line.
pub fn note_text(lang: Lang, note: &MirrorNote) -> String {
    match (lang, note) {
        (Lang::En, note) => note.to_string(),
        (Lang::Vi, MirrorNote::MemberKept { member, name }) => {
            format!("thành viên {member} ({name}) không có trong gói; vẫn giữ ở máy này")
        }
        (Lang::Vi, MirrorNote::ProductKept { product, name }) => {
            format!("sản phẩm {product} ({name}) không có trong gói; vẫn giữ ở máy này")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::disqualify::DisqualificationReason;
    use crate::domain::ids::{MemberId, ProductId, RoundId};
    use crate::domain::member::Role;
    use crate::domain::round::RoundStatus;
    use crate::ui::vi_check::assert_vietnamese;

    fn every_change() -> Vec<MirrorChange> {
        let (r, m, p) = (RoundId(1), MemberId(2), ProductId(3));
        let name = || "Gạo ST25".to_string();
        vec![
            MirrorChange::RoundCreated {
                round: r,
                name: name(),
            },
            MirrorChange::RoundSettings {
                round: r,
                name: name(),
                fields: vec![
                    RoundField::Name,
                    RoundField::Level,
                    RoundField::Dates,
                    RoundField::Rules,
                    RoundField::StarMarks,
                ],
            },
            MirrorChange::Status {
                round: r,
                from: RoundStatus::Scoring,
                to: RoundStatus::Setup,
            },
            MirrorChange::MemberAdded {
                member: m,
                name: name(),
                role: Role::Secretary,
                voting: false,
            },
            MirrorChange::MemberUpdated {
                member: m,
                name: name(),
                fields: vec![
                    MemberField::Name,
                    MemberField::Role,
                    MemberField::Voting,
                    MemberField::Key,
                ],
            },
            MirrorChange::ProductAdded {
                product: p,
                name: name(),
                product_set: 3,
                producer: name(),
                disqualified: Some(DisqualificationReason::Labelling),
            },
            MirrorChange::ProductUpdated {
                product: p,
                name: name(),
                fields: vec![
                    ProductField::Name,
                    ProductField::ProductSet,
                    ProductField::Code,
                    ProductField::Producer,
                ],
            },
            MirrorChange::Disqualification {
                product: p,
                name: name(),
                reason: Some(DisqualificationReason::ForgedDossier),
            },
            MirrorChange::Disqualification {
                product: p,
                name: name(),
                reason: None,
            },
            MirrorChange::DossierAdded {
                product: p,
                name: name(),
                version: 2,
                files: 5,
            },
            MirrorChange::Recusal {
                product: p,
                product_name: name(),
                member: m,
                member_name: name(),
            },
            MirrorChange::Presiding {
                product: p,
                product_name: name(),
                member: Some((m, name())),
            },
            MirrorChange::Presiding {
                product: p,
                product_name: name(),
                member: None,
            },
        ]
    }

    #[test]
    fn every_change_and_note_reads_in_vietnamese() {
        for change in every_change() {
            let vi = change_text(Lang::Vi, &change);
            assert_vietnamese(&vi, &change_text(Lang::En, &change), &change);
            assert_eq!(change_text(Lang::En, &change), change.to_string());
        }
        for note in [
            MirrorNote::MemberKept {
                member: MemberId(2),
                name: "Lê Văn B".into(),
            },
            MirrorNote::ProductKept {
                product: ProductId(3),
                name: "Gạo".into(),
            },
        ] {
            assert_vietnamese(
                &note_text(Lang::Vi, &note),
                &note_text(Lang::En, &note),
                &note,
            );
        }
        let added = &every_change()[5];
        assert_eq!(
            change_text(Lang::Vi, added),
            "thêm sản phẩm 3: Gạo ST25 (bộ 3), Gạo ST25, bị loại (Ghi nhãn sản phẩm không theo quy định)"
        );
    }

    #[test]
    fn a_package_written_names_the_members_without_a_key() {
        let path = std::path::Path::new("dot-1.ocop-round");
        assert_eq!(
            package_written_text(Lang::Vi, path, &[]),
            "Đã lưu dot-1.ocop-round"
        );
        let keyless = [KeylessMember {
            member: MemberId(5),
            name: "Trần Thị E".into(),
        }];
        let vi = package_written_text(Lang::Vi, path, &keyless);
        assert!(
            vi.ends_with("không gửi phiếu về được: Trần Thị E (5)"),
            "{vi}"
        );
        let en = package_written_text(Lang::En, path, &keyless);
        assert!(
            en.contains("cannot send sheets back: Trần Thị E (5)"),
            "{en}"
        );
    }
}
