//! The programme report's sentences in Vietnamese, one per section, from the
//! figures alone (the PDF and the dashboard print the same words). The province's
//! name comes from the document settings.

use super::LegalForm;
use super::report::ProgrammeReport;

/// "Toàn tỉnh Sóc Trăng có 326 sản phẩm OCOP còn hiệu lực, đạt 163% kế hoạch (200 sản phẩm), gồm …".
pub fn products_sentence(r: &ProgrammeReport, province: &str) -> String {
    let place = if province.trim().is_empty() {
        "Toàn tỉnh".to_owned()
    } else {
        format!("Toàn tỉnh {}", province.trim())
    };
    let target = match r.against_target {
        Some(share) => format!(
            ", đạt {} kế hoạch ({} sản phẩm)",
            share.percent_vi(),
            share.of
        ),
        None => String::new(),
    };
    format!(
        "{place} có {} sản phẩm OCOP còn hiệu lực{target}, gồm {} sản phẩm 5 sao, {} sản phẩm 4 sao, {} sản phẩm 3 sao.",
        r.in_force.total, r.in_force.stars_5, r.in_force.stars_4, r.in_force.stars_3
    )
}

/// "Các sản phẩm thuộc 186 chủ thể; hợp tác xã chiếm 30,1%, doanh nghiệp nhỏ và vừa 15,1% …".
pub fn producers_sentence(r: &ProgrammeReport) -> String {
    let shares: Vec<String> = r
        .by_legal_form
        .iter()
        .filter(|f| f.producers.count > 0)
        .map(|f| {
            format!(
                "{} {}",
                lower_first(f.form, f.label_vi),
                f.producers.percent_vi()
            )
        })
        .collect();
    if shares.is_empty() {
        return format!("Các sản phẩm thuộc {} chủ thể.", r.producers);
    }
    format!(
        "Các sản phẩm thuộc {} chủ thể OCOP, trong đó {}.",
        r.producers,
        shares.join(", ")
    )
}

fn lower_first(form: LegalForm, label: &str) -> String {
    match form {
        LegalForm::Other => "loại hình khác".into(),
        _ => {
            let mut chars = label.chars();
            chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// "Từ năm 2023 đến năm 2025 đã công nhận 120 sản phẩm qua 3 đợt; 35% là sản phẩm nâng hạng hoặc đánh giá lại."
pub fn period_sentence(r: &ProgrammeReport) -> String {
    let p = &r.params;
    let span = if p.from_year == p.to_year {
        format!("Năm {}", p.from_year)
    } else {
        format!("Từ năm {} đến năm {}", p.from_year, p.to_year)
    };
    let rounds = if r.rounds.is_empty() {
        String::new()
    } else {
        format!(" qua {} đợt đánh giá", r.rounds.len())
    };
    format!(
        "{span} đã công nhận {} sản phẩm{rounds}; {} ({} sản phẩm) là sản phẩm nâng hạng hoặc đánh giá lại.",
        r.certified_in_period.total,
        r.upgraded_or_reevaluated.percent_vi(),
        r.upgraded_or_reevaluated.count
    )
}

/// "Đến ngày …: 12 sản phẩm hết hạn chưa đánh giá lại, 3 bị thu hồi; 5 sản phẩm hết hạn trong 30 ngày tới, 14 trong 90 ngày tới."
pub fn management_sentence(r: &ProgrammeReport) -> String {
    format!(
        "Đến ngày {}: {} sản phẩm đã hết hạn mà chưa được đánh giá lại, {} sản phẩm bị thu hồi; {} sản phẩm sẽ hết hạn trong 30 ngày tới và {} sản phẩm trong 90 ngày tới.",
        r.params.as_of.format("%d/%m/%Y"),
        r.lapsed,
        r.revoked,
        r.expiring_within_30_days,
        r.expiring_within_90_days
    )
}
