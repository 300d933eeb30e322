//! The worker's notices and refusals in the user's language, and the panel that
//! lists a refusal's reasons (wrapping, inside the window, closable; it clears
//! itself when a later change goes through).

use super::Ctx;
use crate::app::notice::{Notice, Refusal};
use crate::app::prefs::Lang;
use crate::app::views::{RoundData, state_label};
use crate::domain::progress::Work;
use crate::domain::refusal::Subject;
use crate::domain::round::{RoundAction, RoundStatus, TransitionRefusal};

fn status(s: RoundStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => s.label_vi(),
        Lang::En => s.label_en(),
    }
}

pub(super) fn action(a: RoundAction, lang: Lang) -> &'static str {
    match lang {
        Lang::En => a.label_en(),
        Lang::Vi => match a {
            RoundAction::EditCouncil => "thay đổi hội đồng",
            RoundAction::EditProducts => "nhập sản phẩm",
            RoundAction::WriteSheets => "sửa phiếu chấm",
            RoundAction::ReopenSheet => "mở lại phiếu",
            RoundAction::Rescore => "chấm lại",
            RoundAction::Recuse => "ghi nhận tránh xung đột lợi ích",
            RoundAction::Disqualify => "thay đổi việc loại hồ sơ",
        },
    }
}

/// The title of the panel listing why a file was not imported.
pub fn not_imported_title(lang: Lang, what: &Subject) -> &'static str {
    let (vi, en) = match what {
        Subject::DossierBundle | Subject::DossierManifest => {
            ("Hồ sơ không được nhập", "Dossier not imported")
        }
        Subject::ProductList => (
            "Danh sách sản phẩm không được nhập",
            "Product list not imported",
        ),
        Subject::RoundPackage { .. } => ("Gói đợt không được nhập", "Round package not imported"),
        Subject::SheetsPackage | Subject::SheetFile => {
            ("Phiếu chấm không được nhập", "Sheets not imported")
        }
        Subject::CatalogueFile | Subject::CatalogueImport => {
            ("Danh mục không được nhập", "Catalogue not imported")
        }
        _ => ("Tệp không được nhập", "File not imported"),
    };
    lang.tr(vi, en)
}

/// What long work is doing, for the progress bar (domain/progress.rs).
pub fn work_text(lang: Lang, work: Work) -> &'static str {
    let (vi, en) = match work {
        Work::Checking => ("Đang kiểm tra", "Checking"),
        Work::Storing => ("Đang lưu", "Storing"),
        Work::Writing => ("Đang ghi", "Writing"),
        Work::Merging => ("Đang gộp", "Merging"),
        Work::Certificates => ("Đang in giấy chứng nhận", "Printing certificates"),
        Work::CatalogueRows => ("Đang ghi vào sổ theo dõi", "Recording the catalogue rows"),
    };
    lang.tr(vi, en)
}

/// What went through, as one sentence.
pub fn notice_text(view: &Ctx<'_>, notice: &Notice) -> String {
    let lang = view.lang;
    match notice {
        Notice::RoundMoved { to } => format!(
            "{} {}",
            view.tr("Đợt đã chuyển sang", "The round is now"),
            status(*to, lang)
        ),
        Notice::Finalized { decision, seal } => match lang {
            Lang::Vi => format!("Đã phê duyệt theo quyết định {decision} (niêm phong {seal}…)"),
            Lang::En => format!("Finalized under decision {decision} (seal {seal}…)"),
        },
        Notice::RoundReopened => view
            .tr(
                "Đã mở lại đợt: về họp thảo luận.",
                "The round is reopened: back to deliberation.",
            )
            .into(),
        Notice::CertificatesIssued { count } => match lang {
            Lang::Vi => format!("Đã cấp {count} giấy chứng nhận."),
            Lang::En => format!("{count} certificate(s) issued."),
        },
        Notice::SheetsReopenedForRescore { count } => match lang {
            Lang::Vi => format!("Đã mở lại {count} phiếu để chấm lại."),
            Lang::En => format!("{count} sheet(s) reopened for re-scoring."),
        },
        Notice::SheetReopened { .. } => view
            .tr(
                "Đã mở lại phiếu: thành viên sửa rồi nộp lại.",
                "The sheet is reopened: the member corrects it and submits again.",
            )
            .into(),
        Notice::PresidingNamed => view
            .tr(
                "Đã ghi nhận thành viên chủ trì thay Chủ tịch.",
                "The presiding member is recorded.",
            )
            .into(),
        Notice::RecusalRecorded => view
            .tr(
                "Đã ghi nhận tránh xung đột lợi ích.",
                "The recusal is recorded.",
            )
            .into(),
        Notice::Disqualified => view
            .tr("Đã loại hồ sơ.", "The dossier is disqualified.")
            .into(),
        Notice::DisqualificationLifted => view
            .tr("Đã bỏ loại hồ sơ.", "The disqualification is lifted.")
            .into(),
        Notice::CertificateRevoked { number } => match lang {
            Lang::Vi => format!("Đã thu hồi giấy chứng nhận {number}."),
            Lang::En => format!("Certificate {number} revoked."),
        },
        Notice::ProductsImported { count, from } => match lang {
            Lang::Vi => format!("Đã nhập {count} sản phẩm từ {}.", from.display()),
            Lang::En => format!("{count} product(s) imported from {}.", from.display()),
        },
        Notice::MemberAdded { name } => match lang {
            Lang::Vi => format!("Đã thêm {name} vào hội đồng."),
            Lang::En => format!("{name} added to the council."),
        },
        Notice::KeyRegistered => view
            .tr(
                "Đã đăng ký khóa công khai.",
                "The public key is registered.",
            )
            .into(),
        Notice::DocSettingsSaved => view
            .tr(
                "Đã lưu thiết lập văn bản.",
                "The document settings are saved.",
            )
            .into(),
        Notice::DataFolderCreated { path } => format!(
            "{} {}",
            view.tr("Đã tạo thư mục dữ liệu", "Data folder created:"),
            path.display()
        ),
    }
}

/// What a dossier import did.
pub fn dossier_imported_text(
    view: &Ctx<'_>,
    outcome: &crate::app::dossier::ImportOutcome,
) -> String {
    use crate::domain::model::DossierSaveKind as K;
    let (product, version) = (outcome.product, outcome.version);
    match (outcome.kind, view.lang) {
        (K::NewProduct, Lang::Vi) => {
            format!("Đã nhập hồ sơ: sản phẩm mới #{product}, hồ sơ phiên bản {version}.")
        }
        (K::NewProduct, Lang::En) => {
            format!("Dossier imported: new product #{product}, dossier version {version}.")
        }
        (K::NewVersion, Lang::Vi) => {
            format!("Đã nhập hồ sơ: phiên bản {version} của sản phẩm #{product}.")
        }
        (K::NewVersion, Lang::En) => {
            format!("Dossier imported: version {version} of product #{product}.")
        }
        (K::AlreadyImported, Lang::Vi) => format!(
            "Hồ sơ này đã được nhập (phiên bản {version} của sản phẩm #{product}): không có gì thay đổi."
        ),
        (K::AlreadyImported, Lang::En) => {
            format!("Already imported as version {version} of product #{product}: nothing changed.")
        }
    }
}

/// A refusal's heading and its reasons, one line each. `data` (the open round)
/// gives product and member names where the refusal names them by number.
pub fn refusal_lines(
    view: &Ctx<'_>,
    refusal: &Refusal,
    data: Option<&RoundData>,
) -> (String, Vec<String>) {
    match refusal {
        Refusal::Transition { refusals, .. } => (
            view.tr(
                "Chưa thể thực hiện bước này:",
                "This step cannot be taken yet:",
            )
            .into(),
            refusals
                .iter()
                .map(|r| transition_text(view, r, data))
                .collect(),
        ),
        Refusal::NotInState {
            status: s,
            action: a,
        } => (
            view.tr("Không được phép lúc này:", "Not allowed now:")
                .into(),
            vec![match view.lang {
                Lang::Vi => format!(
                    "Đợt đang ở trạng thái \"{}\": không thể {}.",
                    status(*s, view.lang),
                    action(*a, view.lang)
                ),
                Lang::En => format!(
                    "The round is \"{}\": {} is not allowed.",
                    status(*s, view.lang),
                    action(*a, view.lang)
                ),
            }],
        ),
        Refusal::Refused(refusal) => super::refusal_text::refusal_text(view.lang, refusal),
    }
}

fn product_name(data: Option<&RoundData>, id: crate::domain::ids::ProductId) -> String {
    data.and_then(|d| d.lines.iter().find(|l| l.product.id == id))
        .map_or_else(|| format!("#{id}"), |l| l.product.name.clone())
}

fn member_name(data: Option<&RoundData>, id: crate::domain::ids::MemberId) -> String {
    data.and_then(|d| d.members.iter().find(|m| m.id == id))
        .map_or_else(|| format!("#{id}"), |m| m.name.clone())
}

/// One reason a round's state change is refused.
pub fn transition_text(view: &Ctx<'_>, r: &TransitionRefusal, data: Option<&RoundData>) -> String {
    let lang = view.lang;
    let vi = lang == Lang::Vi;
    match r {
        TransitionRefusal::AlreadyThere(s) => match lang {
            Lang::Vi => format!("Đợt đã ở trạng thái \"{}\".", status(*s, lang)),
            Lang::En => format!("The round is already \"{}\".", status(*s, lang)),
        },
        TransitionRefusal::NotAllowed { from, to } => match lang {
            Lang::Vi => format!(
                "Không thể chuyển từ \"{}\" sang \"{}\".",
                status(*from, lang),
                status(*to, lang)
            ),
            Lang::En => format!(
                "A round cannot go from \"{}\" to \"{}\".",
                status(*from, lang),
                status(*to, lang)
            ),
        },
        TransitionRefusal::UseFinalize => view
            .tr(
                "Phê duyệt cần quyết định phê duyệt: dùng nút Phê duyệt (số, ngày, người ký).",
                "Finalizing needs the approval decision: use Finalize (number, date, signatory).",
            )
            .into(),
        TransitionRefusal::UseReopen => view
            .tr(
                "Đợt đã phê duyệt chỉ về họp thảo luận bằng Mở lại đợt (Chủ tịch, có lý do).",
                "A finalized round goes back only by Reopen round (the chair, with a reason).",
            )
            .into(),
        TransitionRefusal::UseIssueCertificates => view
            .tr(
                "Cấp giấy chứng nhận cần cơ quan cấp: dùng Cấp giấy chứng nhận.",
                "Issuing certificates needs the issuing authority: use Issue certificates.",
            )
            .into(),
        TransitionRefusal::NoChair => view
            .tr("Đợt chưa có Chủ tịch hội đồng.", "The round has no chair.")
            .into(),
        TransitionRefusal::NoVotingMember => view
            .tr(
                "Đợt chưa có thành viên chấm điểm.",
                "The round has no voting member.",
            )
            .into(),
        TransitionRefusal::NoProduct => view
            .tr("Đợt chưa có sản phẩm.", "The round has no product.")
            .into(),
        TransitionRefusal::SheetsExist(n) => match lang {
            Lang::Vi => format!("Đã có {n} phiếu: đợt không thể quay về Chuẩn bị."),
            Lang::En => format!("{n} sheet(s) exist: the round cannot go back to setup."),
        },
        TransitionRefusal::DecisionIncomplete(field) => {
            let field = match (*field, vi) {
                ("number", true) => "số quyết định",
                ("signatory", true) => "người ký",
                (other, true) | (other, false) => other,
            };
            match lang {
                Lang::Vi => format!("Quyết định phê duyệt còn thiếu {field}."),
                Lang::En => format!("The approval decision needs a {field}."),
            }
        }
        TransitionRefusal::Unsettled(p) => match lang {
            Lang::Vi => format!(
                "Sản phẩm \"{}\" chưa có kết quả cuối cùng: {}.",
                p.name,
                state_label(p.state, lang)
            ),
            Lang::En => format!(
                "Product \"{}\" is not settled: {}.",
                p.name,
                state_label(p.state, lang)
            ),
        },
        TransitionRefusal::ResubmissionPending(p) => match lang {
            Lang::Vi => format!(
                "Phiếu của {} cho \"{}\" đã mở lại và chưa nộp lại.",
                member_name(data, p.member),
                product_name(data, p.product)
            ),
            Lang::En => format!(
                "{}'s sheet for \"{}\" was reopened and is not submitted again.",
                member_name(data, p.member),
                product_name(data, p.product)
            ),
        },
        TransitionRefusal::ReopenWithoutReason => view
            .tr(
                "Mở lại đợt đã phê duyệt cần ghi lý do.",
                "Reopening a finalized round needs a reason.",
            )
            .into(),
        TransitionRefusal::NoAuthority => view
            .tr(
                "Giấy chứng nhận cần cơ quan cấp.",
                "Certificates need an issuing authority.",
            )
            .into(),
        TransitionRefusal::IssuedBeforeDecision {
            issued_on,
            decided_on,
        } => match lang {
            Lang::Vi => format!(
                "Ngày cấp {} trước ngày quyết định phê duyệt {}.",
                issued_on.format("%d/%m/%Y"),
                decided_on.format("%d/%m/%Y")
            ),
            Lang::En => format!(
                "Issued on {}, before the approval decision of {}.",
                issued_on.format("%d/%m/%Y"),
                decided_on.format("%d/%m/%Y")
            ),
        },
    }
}

/// A refusal shown until closed: its heading and reasons, one bullet each, in a
/// window that fits the screen and wraps. Returns false once closed.
pub fn refusal_panel_ui(
    ctx: &egui::Context,
    view: &Ctx<'_>,
    title: &str,
    heading: &str,
    lines: &[String],
) -> bool {
    let mut open = true;
    let mut close = false;
    let screen = ctx.content_rect();
    let width = (screen.width() - 40.0).clamp(200.0, 620.0);
    egui::Window::new(title)
        .id(egui::Id::unique("refusal_panel"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(width)
        .max_width(width)
        .max_height((screen.height() - 80.0).max(120.0))
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(egui::RichText::new(heading).strong());
            egui::ScrollArea::vertical()
                .max_height((screen.height() - 200.0).max(60.0))
                .show(ui, |ui| {
                    for line in lines {
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(format!("• {line}")).color(view.palette.danger),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_work_and_a_refused_file_are_named_in_both_languages() {
        for work in [
            Work::Checking,
            Work::Storing,
            Work::Writing,
            Work::Merging,
            Work::Certificates,
            Work::CatalogueRows,
        ] {
            assert_ne!(work_text(Lang::Vi, work), work_text(Lang::En, work));
        }
        assert_eq!(
            not_imported_title(Lang::Vi, &Subject::ProductList),
            "Danh sách sản phẩm không được nhập"
        );
        assert_eq!(
            not_imported_title(Lang::En, &Subject::RoundPackage { round: None }),
            "Round package not imported"
        );
    }
}
