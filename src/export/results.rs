//! The round's results as a document: JSON (`ocop-round-results/1`) and CSV.
//!
//! The document is deterministic (no timestamps, stable order), so two data folders
//! holding the same sheets produce byte-identical JSON.

use std::io::Write;

use serde::Serialize;

use crate::domain::council::{Certification, Quorum, ResultState};
use crate::domain::disqualify::Disqualification;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::member::Role;
use crate::domain::model::{MemberRow, ProductOutcome, RoundResults};
use crate::domain::quorum::QuorumShare;
use crate::domain::round::RoundStatus;
use crate::domain::stars::MarkSource;
use crate::export::formula_guard::csv_field;

pub const RESULTS_FORMAT: &str = "ocop-round-results/1";

#[derive(Debug, Serialize)]
pub struct ResultsDocument {
    pub format: &'static str,
    pub round: RoundInfo,
    pub members: Vec<MemberInfo>,
    pub products: Vec<ProductResultDoc>,
}

#[derive(Debug, Serialize)]
pub struct RoundInfo {
    pub id: RoundId,
    pub name: String,
    pub status: RoundStatus,
    pub criteria_set_id: String,
    pub spread_threshold_points: u32,
    /// The quorum as the council set it: "75%" or "3/4".
    pub quorum: QuorumShare,
    /// The quorum in whole percent; absent when it is a fraction such as 2/3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quorum_percent: Option<u32>,
    pub quorum_requires_chair: bool,
    pub star_marks_binding: bool,
}

#[derive(Debug, Serialize)]
pub struct MemberInfo {
    pub id: MemberId,
    pub name: String,
    pub role: Role,
    pub voting: bool,
}

#[derive(Debug, Serialize)]
pub struct MemberTotalDoc {
    pub member: MemberId,
    pub total: u32,
}

#[derive(Debug, Serialize)]
pub struct CapDoc {
    pub level: u8,
    pub criterion: String,
    pub needed_points: u32,
    /// The council's mean on the criterion, 2 decimals, truncated.
    pub got: f64,
    pub got_exact: String,
    pub source: MarkSource,
    /// Whether this condition decided the cap (the lowest failing level).
    pub deciding: bool,
    pub explanation_en: String,
    pub explanation_vi: String,
}

#[derive(Debug, Serialize)]
pub struct ProductResultDoc {
    pub id: ProductId,
    pub name: String,
    pub product_set: u8,
    pub product_code: Option<String>,
    pub producer: String,
    pub commune: Option<String>,
    pub province: Option<String>,
    pub member_totals: Vec<MemberTotalDoc>,
    /// Mean total, 2 decimals, truncated (never rounded up across a boundary).
    pub mean: Option<f64>,
    /// The exact mean as a fraction "sum/count"; all comparisons use it.
    pub mean_exact: Option<String>,
    pub band: Option<u8>,
    pub stars: u8,
    pub capped: bool,
    pub caps: Vec<CapDoc>,
    pub cap_explanation_en: Option<String>,
    pub cap_explanation_vi: Option<String>,
    pub spread_points: Option<u32>,
    pub spread_flag: bool,
    pub quorum: Quorum,
    pub recused: Vec<MemberId>,
    /// Who presided for the recused chair (no vice-chair standing in), when the
    /// council named someone.
    pub presiding: Option<PresidingDoc>,
    pub disqualified: Option<Disqualification>,
    pub state: ResultState,
    pub certifiable: bool,
    pub certification: Certification,
}

/// The member the council named to preside over a product, as recorded.
#[derive(Debug, Serialize)]
pub struct PresidingDoc {
    pub member: MemberId,
    pub name: String,
    /// Who recorded the council's choice, as the store shows it: "Lê Văn C (secretary)".
    pub recorded_by: String,
    /// When (RFC 3339, UTC): part of the record, the same on every machine it went to.
    pub recorded_at: String,
}

fn presiding_doc(o: &ProductOutcome, members: &[MemberRow]) -> Option<PresidingDoc> {
    let p = o.presided_by()?;
    Some(PresidingDoc {
        member: p.member,
        name: members
            .iter()
            .find(|m| m.id == p.member)
            .map(|m| m.name.clone())
            .unwrap_or_default(),
        recorded_by: p.recorded_by.clone(),
        recorded_at: p.recorded_at.clone(),
    })
}

fn product_doc(o: &ProductOutcome, members: &[MemberRow]) -> ProductResultDoc {
    let r = &o.result;
    let deciding_level = r.outcome.as_ref().map(|s| s.stars + 1);
    let marks_binding = r.outcome.as_ref().is_some_and(|s| s.marks_binding);
    ProductResultDoc {
        id: o.product.id,
        name: o.product.name.clone(),
        product_set: o.product.product_set,
        product_code: o.product.product_code.clone(),
        producer: o.product.producer.name.clone(),
        commune: o.product.producer.commune.clone(),
        province: o.product.producer.province.clone(),
        member_totals: r
            .member_totals
            .iter()
            .map(|t| MemberTotalDoc {
                member: t.member,
                total: t.total,
            })
            .collect(),
        mean: r.mean.map(|m| m.as_f64_2dp()),
        mean_exact: r.mean.map(|m| m.exact()),
        band: r.outcome.as_ref().map(|s| s.band),
        stars: r.stars,
        capped: r.outcome.as_ref().is_some_and(|s| s.is_capped()),
        caps: r
            .outcome
            .iter()
            .flat_map(|s| s.caps.iter())
            .map(|c| CapDoc {
                level: c.condition.level,
                criterion: c.condition.criterion.0.clone(),
                needed_points: c.condition.needed_points,
                got: c.got.as_f64_2dp(),
                got_exact: c.got.exact(),
                source: c.condition.source.clone(),
                deciding: marks_binding && Some(c.condition.level) == deciding_level,
                explanation_en: c.explain_en(),
                explanation_vi: c.explain_vi(),
            })
            .collect(),
        cap_explanation_en: r.outcome.as_ref().and_then(|s| s.explain_en()),
        cap_explanation_vi: r.outcome.as_ref().and_then(|s| s.explain_vi()),
        spread_points: r.spread_points,
        spread_flag: r.spread_flag,
        quorum: r.quorum.clone(),
        recused: o.recused.iter().copied().collect(),
        presiding: presiding_doc(o, members),
        disqualified: r.disqualified.clone(),
        state: r.state,
        certifiable: r.certifiable,
        certification: r.certification,
    }
}

impl ResultsDocument {
    pub fn new(results: &RoundResults) -> Self {
        let round = &results.round;
        Self {
            format: RESULTS_FORMAT,
            round: RoundInfo {
                id: round.id,
                name: round.name.clone(),
                status: round.status,
                criteria_set_id: round.criteria_set_id.clone(),
                spread_threshold_points: round.rules.spread_threshold_points,
                quorum: round.rules.quorum,
                quorum_percent: round.rules.quorum.as_percent(),
                quorum_requires_chair: round.rules.quorum_requires_chair,
                star_marks_binding: round.star_marks_binding,
            },
            members: results
                .members
                .iter()
                .map(|m| MemberInfo {
                    id: m.id,
                    name: m.name.clone(),
                    role: m.role,
                    voting: m.voting,
                })
                .collect(),
            products: results
                .products
                .iter()
                .map(|o| product_doc(o, &results.members))
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain data structs cannot fail; fall back to an empty object.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }
}

/// Writes one CSV row per product (UTF-8 with BOM, so Excel shows Vietnamese right).
/// A field a spreadsheet would take for a formula gets a leading `'`
/// (`formula_guard`).
pub fn write_csv<W: Write>(results: &RoundResults, out: W) -> Result<(), csv::Error> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    let voting: Vec<_> = results.members.iter().filter(|m| m.voting).collect();
    let mut header: Vec<String> = [
        "Mã SP (id)",
        "Tên sản phẩm",
        "Bộ sản phẩm",
        "Mã sản phẩm",
        "Chủ thể",
        "Xã",
    ]
    .map(String::from)
    .to_vec();
    header.extend(voting.iter().map(|m| m.name.clone()));
    header.extend(
        [
            "Điểm trung bình",
            "Hạng theo điểm",
            "Số sao",
            "Giới hạn sao",
            "Chênh lệch",
            "Cần chấm lại",
            "Túc số",
            "Trạng thái",
            "Đủ điều kiện cấp GCN",
            "Chủ trì thay Chủ tịch",
        ]
        .map(String::from),
    );
    w.write_record(header.iter().map(|h| csv_field(h).into_owned()))?;
    for o in &results.products {
        let doc = product_doc(o, &results.members);
        let mut row = vec![
            doc.id.to_string(),
            doc.name.clone(),
            doc.product_set.to_string(),
            doc.product_code.clone().unwrap_or_default(),
            doc.producer.clone(),
            doc.commune.clone().unwrap_or_default(),
        ];
        for m in &voting {
            let cell = if o.recused.contains(&m.id) {
                "(tránh)".to_string()
            } else {
                doc.member_totals
                    .iter()
                    .find(|t| t.member == m.id)
                    .map(|t| t.total.to_string())
                    .unwrap_or_default()
            };
            row.push(cell);
        }
        row.push(o.result.mean.map(|m| m.display_2dp()).unwrap_or_default());
        row.push(doc.band.map(|b| b.to_string()).unwrap_or_default());
        row.push(doc.stars.to_string());
        row.push(doc.cap_explanation_vi.clone().unwrap_or_default());
        row.push(doc.spread_points.map(|s| s.to_string()).unwrap_or_default());
        row.push(if doc.spread_flag { "có" } else { "không" }.into());
        row.push(format!(
            "{}/{}{}",
            doc.quorum.participants,
            doc.quorum.eligible,
            if doc.quorum.met {
                " (đủ)"
            } else {
                " (chưa đủ)"
            }
        ));
        row.push(doc.state.label_vi().into());
        row.push(if doc.certifiable { "có" } else { "không" }.into());
        row.push(doc.presiding.map(|p| p.name).unwrap_or_default());
        w.write_record(row.iter().map(|c| csv_field(c).into_owned()))?;
    }
    w.flush()?;
    Ok(())
}
