//! The draft approval decision and its annex: built from the round's results and
//! the document settings (the issuer by the round's level, the editable legal
//! bases, recipients and last article), then written as Word (.docx), PDF, or the
//! annex alone as a workbook (.xlsx). Only the products the round certifies are
//! in the annex (a provincial round: 3★ and 4★; a central round: 5★).

use std::path::Path;

use anyhow::{Context as _, bail};
use chrono::{Datelike, NaiveDate};

use super::Session;
use super::doc_settings::{self, DocSettings};
use crate::domain::certificate::{self, Issuer};
use crate::domain::council::Certification;
use crate::domain::decision::{
    Annex, AnnexGroup, AnnexRow, Article, DecisionDraft, default_bases, default_recipients, roman,
};
use crate::domain::ids::RoundId;
use crate::domain::round::{RoundLevel, RoundStatus};
use crate::pdf::text_vi::{date_short, place_and_date};
use crate::store::RoundResults;

/// What to write, by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionFormat {
    Docx,
    Pdf,
}

impl DecisionFormat {
    pub fn from_path(path: &Path) -> Option<Self> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("docx") => Some(Self::Docx),
            Some("pdf") => Some(Self::Pdf),
            _ => None,
        }
    }
}

/// The left heading's lines: explicit '\n', else a break after "ỦY BAN NHÂN DÂN".
pub(super) fn issuer_lines(authority: &str) -> Vec<String> {
    let authority = authority.trim();
    if authority.contains('\n') {
        return authority.lines().map(|l| l.trim().to_owned()).collect();
    }
    match authority.strip_prefix("ỦY BAN NHÂN DÂN ") {
        Some(rest) if !rest.trim().is_empty() => {
            vec!["ỦY BAN NHÂN DÂN".to_owned(), rest.trim().to_owned()]
        }
        _ => vec![authority.to_owned()],
    }
}

/// The symbol of a decision by the authority: "QĐ-UBND" or "QĐ-BNNMT".
fn symbol(level: RoundLevel) -> &'static str {
    match level {
        RoundLevel::Provincial => "QĐ-UBND",
        RoundLevel::Central => "QĐ-BNNMT",
    }
}

/// "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" → "Ủy ban nhân dân tỉnh Sóc Trăng" for the
/// annex caption: only the first letter of the authority stays capital, then the
/// province as the settings spell it.
fn authority_in_sentence(settings: &DocSettings, issuer: &Issuer, level: RoundLevel) -> String {
    match level {
        RoundLevel::Provincial if !settings.province.trim().is_empty() => {
            format!("Ủy ban nhân dân tỉnh {}", settings.province.trim())
        }
        _ => {
            let lower = issuer.authority.replace('\n', " ").to_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// Builds the draft from the round's results and the settings.
pub fn draft(results: &RoundResults, settings: &DocSettings) -> anyhow::Result<DecisionDraft> {
    let round = &results.round;
    if matches!(round.status, RoundStatus::Setup | RoundStatus::Scoring) {
        bail!(
            "round {} is in {}: the decision is drafted from the council's results (deliberation or later)",
            round.id,
            round.status.as_str()
        );
    }
    let level = round.level;
    let central = level == RoundLevel::Central;
    let issuer = settings.issuer(level)?;
    let decision_date = round
        .decision_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let number = round.decision_no.clone().filter(|n| !n.trim().is_empty());
    let number_line = match &number {
        Some(n) => format!("Số: {}", n.trim()),
        None => format!("Số:         /{}", symbol(level)),
    };
    let annex = annex(results, settings, &issuer, number.as_deref(), decision_date);
    let year = decision_date.map_or_else(|| "……".to_owned(), |d| d.year().to_string());
    let province = settings.province.trim();
    let subject = if central {
        format!(
            "Về việc công nhận sản phẩm OCOP 5 sao cấp quốc gia ({})",
            round.name
        )
    } else {
        format!(
            "Về việc phê duyệt kết quả đánh giá, phân hạng sản phẩm OCOP tỉnh {province} năm {year} ({})",
            round.name
        )
    };
    let article1 = article1(results, &annex, central);
    let article2 = article2(decision_date, central);
    let article3 = article3(settings, central);
    let bases = if settings.decision_bases.is_empty() {
        default_bases(decision_date, central, &round.name)
    } else {
        settings.decision_bases.clone()
    };
    let recipients = if settings.decision_recipients.is_empty() {
        default_recipients(central)
    } else {
        settings.decision_recipients.clone()
    };
    let authority_line = issuer.authority.replace('\n', " ").trim().to_owned();
    let authority_line = if central {
        format!("BỘ TRƯỞNG {authority_line}")
    } else {
        authority_line
    };
    Ok(DecisionDraft {
        draft: number.is_none(),
        issuer_lines: issuer_lines(&issuer.authority),
        number_line,
        place_date_line: place_and_date(&issuer.place_name, decision_date),
        title: "QUYẾT ĐỊNH".to_owned(),
        subject,
        authority_line,
        bases,
        articles: vec![
            Article {
                label: "Điều 1.".into(),
                paragraphs: article1,
            },
            Article {
                label: "Điều 2.".into(),
                paragraphs: article2,
            },
            Article {
                label: "Điều 3.".into(),
                paragraphs: vec![article3],
            },
        ],
        recipients,
        signatory_title: issuer
            .signatory_title
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect(),
        signatory_name: issuer.signatory_name.clone(),
        annex,
        document_title: format!("Quyết định phê duyệt kết quả OCOP – {}", round.name),
    })
}

/// Article 1: what the decision approves (the counts by rank), the certificates
/// and the logo, and the products proposed for 5 stars.
fn article1(results: &RoundResults, annex: &Annex, central: bool) -> Vec<String> {
    let count = |stars: u8| {
        annex
            .groups
            .iter()
            .find(|g| g.stars == stars)
            .map_or(0, |g| g.rows.len())
    };
    let proposed: Vec<String> = results
        .products
        .iter()
        .filter(|o| o.result.certification == Certification::RecommendUpward)
        .map(|o| o.product.name.clone())
        .collect();
    let mut article1 = Vec::new();
    if central {
        article1.push(format!(
            "1. Công nhận {} sản phẩm đạt chuẩn OCOP 5 sao (chi tiết theo Phụ lục đính kèm).",
            annex.product_count()
        ));
    } else {
        article1.push(format!(
            "1. Phê duyệt kết quả đánh giá, phân hạng và công nhận {} sản phẩm đạt chuẩn OCOP, gồm: {} sản phẩm đạt 4 sao, {} sản phẩm đạt 3 sao (chi tiết theo Phụ lục đính kèm).",
            annex.product_count(),
            count(4),
            count(3)
        ));
    }
    article1.push(
        "2. Các sản phẩm tại khoản 1 Điều này được cấp Giấy chứng nhận sản phẩm OCOP; chủ thể được sử dụng biểu trưng OCOP và số sao được công nhận trên bao bì, nhãn sản phẩm theo quy định.".to_owned(),
    );
    if !proposed.is_empty() {
        article1.push(format!(
            "3. Đề nghị Bộ Nông nghiệp và Môi trường đánh giá, công nhận sản phẩm OCOP 5 sao đối với {} sản phẩm đạt từ 90 điểm trở lên: {}.",
            proposed.len(),
            proposed.join("; ")
        ));
    }
    article1
}

/// Article 2: the certificates' validity and who hands them over and follows up.
fn article2(decision_date: Option<NaiveDate>, central: bool) -> Vec<String> {
    let until = decision_date
        .and_then(certificate::valid_until)
        .map(|d| format!(", đến hết ngày {}", date_short(d)))
        .unwrap_or_default();
    let body = if central {
        "Văn phòng Điều phối nông thôn mới Trung ương"
    } else {
        "Sở Nông nghiệp và Môi trường"
    };
    vec![
        format!(
            "1. Giấy chứng nhận sản phẩm OCOP {}{until}. Chủ thể có sản phẩm được công nhận có trách nhiệm duy trì, nâng cao chất lượng sản phẩm theo các tiêu chí đã được đánh giá, phân hạng.",
            certificate::VALIDITY_WORDING
        ),
        format!(
            "2. {body} thông báo kết quả, trao Giấy chứng nhận cho các chủ thể; hướng dẫn sử dụng biểu trưng OCOP; kiểm tra, giám sát việc duy trì chất lượng sản phẩm; xử lý hoặc đề nghị thu hồi Giấy chứng nhận khi chủ thể vi phạm."
        ),
    ]
}

/// Article 3: who carries the decision out (the settings' wording, else the usual one).
fn article3(settings: &DocSettings, central: bool) -> String {
    settings.decision_implementers.clone().unwrap_or_else(|| {
        if central {
            "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Bộ, Chánh Văn phòng Điều phối nông thôn mới Trung ương, Thủ trưởng các đơn vị có liên quan, Ủy ban nhân dân các tỉnh, thành phố có sản phẩm và các chủ thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.".to_owned()
        } else {
            "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nông nghiệp và Môi trường, Thủ trưởng các sở, ngành có liên quan; Chủ tịch Ủy ban nhân dân các xã, phường có sản phẩm và các chủ thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.".to_owned()
        }
    })
}

/// The annex: the products this round certifies, grouped by rank (highest
/// first), best score first within a rank, numbered through.
fn annex(
    results: &RoundResults,
    settings: &DocSettings,
    issuer: &Issuer,
    number: Option<&str>,
    date: Option<NaiveDate>,
) -> Annex {
    let level = results.round.level;
    let mut certified: Vec<_> = results
        .products
        .iter()
        .filter(|o| certificate::certified_by(level, &o.result))
        .collect();
    certified.sort_by(|a, b| {
        b.result
            .stars
            .cmp(&a.result.stars)
            .then_with(|| b.result.mean.cmp(&a.result.mean))
            .then_with(|| a.product.id.cmp(&b.product.id))
    });
    let mut groups: Vec<AnnexGroup> = Vec::new();
    for (i, o) in certified.into_iter().enumerate() {
        let stars = o.result.stars;
        if groups.last().is_none_or(|g| g.stars != stars) {
            groups.push(AnnexGroup {
                stars,
                heading: format!("{}. SẢN PHẨM ĐẠT {stars} SAO", roman(groups.len() + 1)),
                rows: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.rows.push(AnnexRow {
                number: i + 1,
                product: o.product.name.clone(),
                producer: o.product.producer.name.clone(),
                address: o.product.producer.full_address(),
                product_set: format!(
                    "Bộ {}: {}",
                    o.sheet.product_set.number, o.sheet.product_set.name_vi
                ),
                score: o
                    .result
                    .mean
                    .map(|m| m.display_2dp_vi())
                    .unwrap_or_default(),
                stars,
            });
        }
    }
    let who = authority_in_sentence(settings, issuer, level);
    let caption = match (number, date) {
        (Some(n), Some(d)) => format!(
            "(Kèm theo Quyết định số {n} ngày {} của {who})",
            date_short(d)
        ),
        _ => format!(
            "(Kèm theo Quyết định số ……/{} ngày …………… của {who})",
            symbol(level)
        ),
    };
    Annex {
        label: "PHỤ LỤC".into(),
        title: format!(
            "DANH SÁCH SẢN PHẨM ĐẠT CHUẨN OCOP {}",
            results.round.name.to_uppercase()
        ),
        caption,
        groups,
    }
}

/// Loads the settings and the round, then writes the decision to `out` (.docx or
/// .pdf, atomically). Returns the number of annex rows.
pub fn write_decision(session: &Session, round: RoundId, out: &Path) -> anyhow::Result<usize> {
    let format = DecisionFormat::from_path(out).with_context(|| {
        format!(
            "{}: the decision is written as .docx (to edit and sign) or .pdf",
            out.display()
        )
    })?;
    let setup = doc_settings::load(&session.data_dir)?;
    let results = session.store.round_results(round)?;
    let decision = draft(&results, &setup.settings)?;
    let bytes = match format {
        DecisionFormat::Docx => crate::export::decision_docx::docx(&decision)?,
        DecisionFormat::Pdf => crate::pdf::decision::render_decision(&decision, &setup.assets)?,
    };
    crate::files::write_atomic(out, &bytes)
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(decision.annex.product_count())
}

/// The annex alone as a workbook.
pub fn annex_workbook(session: &Session, round: RoundId) -> anyhow::Result<Vec<u8>> {
    let settings = doc_settings::load_optional(&session.data_dir)?
        .map(|s| s.settings)
        .unwrap_or_default();
    let results = session.store.round_results(round)?;
    let issuer = settings
        .issuer(results.round.level)
        .unwrap_or_else(|_| Issuer {
            authority: settings.authority.clone(),
            place_name: settings.place_name.clone(),
            signatory_title: String::new(),
            signatory_name: String::new(),
        });
    let number = results.round.decision_no.clone();
    let date = results
        .round
        .decision_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let annex = annex(&results, &settings, &issuer, number.as_deref(), date);
    crate::export::annex::workbook(&annex).context("cannot build the annex workbook")
}
