//! The catalogue entry a re-evaluated or upgraded product continues, on the desk
//! beside its dossier: the previous stars, certificate, issue and expiry dates and
//! where that certificate stands today, with the product's earlier certificates.
//! Loaded by the worker with the desk (`DeskData::catalogue_link`).

use super::{Ctx, catalogue::status_text};
use crate::app::dossier::DossierView;
use crate::app::views::DeskData;
use crate::domain::catalogue::{CatalogueLink, CatalogueRecord, EntryStatus, LinkBasis};

fn line_ui(ui: &mut egui::Ui, view: &Ctx<'_>, label: &str, value: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(label).color(view.palette.muted));
        ui.label(value);
    });
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn basis_text(view: &Ctx<'_>, basis: LinkBasis) -> &'static str {
    match basis {
        LinkBasis::RecordedAtIssuing => view.tr(
            "ghi khi cấp giấy chứng nhận của đợt này",
            "recorded when this round issued its certificate",
        ),
        LinkBasis::CertificateNumber => view.tr(
            "theo số giấy chứng nhận ghi trong hồ sơ",
            "by the certificate number the dossier names",
        ),
        LinkBasis::DecisionNumber => view.tr(
            "theo số quyết định ghi trong hồ sơ",
            "by the decision number the dossier names",
        ),
        LinkBasis::ProductCode => view.tr("theo mã sản phẩm", "by the product code"),
    }
}

/// The section; draws nothing for a new product the catalogue does not know.
pub fn catalogue_history_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &DeskData,
    shown: Option<&DossierView>,
) {
    let facts = shown.map(|d| &d.dossier.facts);
    let declared_previous = facts.is_some_and(|f| f.registration_type.needs_previous_certificate());
    match &data.catalogue_link {
        Some(link) => link_ui(ui, view, link, facts.and_then(|f| f.previous_star)),
        None if declared_previous => {
            ui.separator();
            ui.colored_label(
                view.palette.warn,
                view.tr(
                    "Sổ theo dõi OCOP chưa có giấy chứng nhận trước của sản phẩm này (tìm theo số giấy chứng nhận, số quyết định và mã sản phẩm trong hồ sơ).",
                    "The OCOP catalogue has no earlier certificate of this product (searched by the dossier's certificate number, decision number and product code).",
                ),
            );
        }
        None => {}
    }
}

fn link_ui(ui: &mut egui::Ui, view: &Ctx<'_>, link: &CatalogueLink, declared_star: Option<u8>) {
    let r = &link.entry.record;
    ui.separator();
    ui.label(
        egui::RichText::new(view.tr(
            "Giấy chứng nhận trước (sổ theo dõi OCOP)",
            "Previous certificate (OCOP catalogue)",
        ))
        .strong(),
    );
    certificate_lines_ui(ui, view, r);
    state_line_ui(ui, view, link);
    if link.declared_stars_differ(declared_star) {
        let declared = declared_star.unwrap_or_default();
        declared_stars_warning_ui(ui, view, declared, r.stars);
    }
    earlier_ui(ui, view, link);
    ui.label(
        egui::RichText::new(format!(
            "{} {}",
            view.tr("Liên kết", "Linked"),
            basis_text(view, link.basis)
        ))
        .small()
        .color(view.palette.muted),
    );
}

/// The previous certificate: stars, number, authority, decision, issue and expiry.
fn certificate_lines_ui(ui: &mut egui::Ui, view: &Ctx<'_>, r: &CatalogueRecord) {
    let stars = format!(
        "{} {} {}",
        "★".repeat(usize::from(r.stars)),
        r.stars,
        view.tr("sao", "stars")
    );
    line_ui(ui, view, view.tr("Hạng trước:", "Previous stars:"), &stars);
    line_ui(
        ui,
        view,
        view.tr("Số giấy chứng nhận:", "Certificate:"),
        &r.certificate_number,
    );
    line_ui(
        ui,
        view,
        view.tr("Cơ quan cấp:", "Issued by:"),
        &r.authority,
    );
    line_ui(
        ui,
        view,
        view.tr("Quyết định:", "Decision:"),
        &format!("{} ({})", r.decision_no, date(r.decision_date)),
    );
    line_ui(
        ui,
        view,
        view.tr("Ngày cấp – hết hạn:", "Issued – valid until:"),
        &format!("{} – {}", date(r.issued_on), date(r.valid_until)),
    );
}

/// Where the previous certificate stands (revoked or lapsed in red, expiring in
/// orange) and as of which day.
fn state_line_ui(ui: &mut egui::Ui, view: &Ctx<'_>, link: &CatalogueLink) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(view.tr("Tình trạng:", "State:")).color(view.palette.muted));
        let text = format!(
            "{} ({} {})",
            status_text(view, link.status),
            view.tr("tính đến", "as of"),
            date(link.as_of)
        );
        match link.status {
            EntryStatus::Revoked | EntryStatus::Lapsed => {
                ui.colored_label(view.palette.danger, text)
            }
            EntryStatus::Expiring { .. } => ui.colored_label(view.palette.warn, text),
            _ => ui.label(text),
        };
    });
}

/// The dossier declares other stars than the catalogue records.
fn declared_stars_warning_ui(ui: &mut egui::Ui, view: &Ctx<'_>, declared: u8, recorded: u8) {
    ui.colored_label(
        view.palette.warn,
        match view.lang {
            crate::app::prefs::Lang::Vi => format!(
                "⚠ Hồ sơ khai hạng hiện có {declared} sao; sổ theo dõi ghi {} sao.",
                recorded
            ),
            crate::app::prefs::Lang::En => format!(
                "⚠ The dossier declares {declared} stars; the catalogue records {}.",
                recorded
            ),
        },
    );
}

/// The certificates the product held before that one.
fn earlier_ui(ui: &mut egui::Ui, view: &Ctx<'_>, link: &CatalogueLink) {
    if !link.earlier.is_empty() {
        let earlier: Vec<String> = link
            .earlier
            .iter()
            .map(|e| {
                format!(
                    "{} {}★ ({})",
                    e.record.issued_on.format("%Y"),
                    e.record.stars,
                    e.record.certificate_number
                )
            })
            .collect();
        line_ui(
            ui,
            view,
            view.tr("Trước nữa:", "Before that:"),
            &earlier.join(" → "),
        );
    }
}
