//! The minutes of the council meeting (biên bản họp hội đồng): round, date and
//! place, attendance and quorum, a table of every member's total per product with
//! the mean (two decimals, truncated, decimal comma) and the stars, then per
//! product the cap explanations, spread and re-score notes, recusals and
//! disqualifications, the conclusion, and the chair's and secretary's signatures.

mod layout;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::{DocAssets, PdfError};
use crate::domain::council::{Certification, ResultState};
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::member::Role;
use crate::domain::model::{MemberRow, ProducerFacts, ProductOutcome, RoundResults};
use crate::domain::quorum::QuorumShare;

/// A council member as the minutes list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesMember {
    pub name: String,
    /// The role as printed, e.g. "Chủ tịch Hội đồng".
    pub role: String,
    pub voting: bool,
    /// `None` when attendance was not recorded (left blank to fill in by hand).
    pub present: Option<bool>,
}

/// One voting member's entry for a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberScore {
    Total(u32),
    /// Recused from this product.
    Recused,
    /// No submitted sheet.
    Missing,
}

/// One product's result as the minutes record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesProduct {
    pub name: String,
    pub code: Option<String>,
    pub producer: String,
    /// e.g. "Bộ 3: Gạo, ngũ cốc, hạt sơ chế khác".
    pub product_set: String,
    /// One entry per voting member, in the order of [`MinutesData::members`]'
    /// voting members.
    pub scores: Vec<MemberScore>,
    /// The mean as printed: "78,42" (truncated, decimal comma).
    pub mean: Option<String>,
    /// The band of the mean, before caps.
    pub band: Option<u8>,
    /// Stars awarded (0 when disqualified or not scored).
    pub stars: u8,
    pub state: ResultState,
    pub certification: Certification,
    /// Why the stars are capped (StarOutcome::explain_vi).
    pub cap_explanation: Option<String>,
    pub spread_points: Option<u32>,
    pub spread_flag: bool,
    pub rescore_note: Option<String>,
    /// The commune's report (QĐ 1489/2025), or that none came when one was expected.
    pub commune_report: Option<String>,
    /// "7/8 (cần 6), có Chủ tịch Hội đồng".
    pub quorum: String,
    pub quorum_met: bool,
    /// (member name, reason).
    pub recusals: Vec<(String, Option<String>)>,
    /// The member the council named to preside over this product for the recused
    /// chair (no vice-chair standing in).
    pub presiding: Option<String>,
    /// (reason, the council's note).
    pub disqualification: Option<(String, String)>,
}

/// The council's procedural rules as the minutes state them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinutesRules {
    pub spread_threshold_points: u32,
    pub quorum: QuorumShare,
    pub quorum_requires_chair: bool,
    pub star_marks_binding: bool,
}

/// Everything printed in the minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesData {
    pub council_heading: Vec<String>,
    pub round_name: String,
    /// A central (Ministry) round: it certifies 5★ and forwards nothing upward.
    pub central: bool,
    /// e.g. "148/QĐ-TTg".
    pub criteria_instrument: String,
    pub meeting_date: Option<NaiveDate>,
    pub meeting_place: Option<String>,
    /// The place in "Sóc Trăng, ngày …".
    pub place_name: String,
    pub rules: MinutesRules,
    pub members: Vec<MinutesMember>,
    pub products: Vec<MinutesProduct>,
    pub chair_name: Option<String>,
    pub secretary_name: Option<String>,
}

/// What the store does not know: meeting facts and notes the secretary adds.
#[derive(Debug, Clone, Default)]
pub struct MinutesExtras {
    pub council_heading: Vec<String>,
    pub place_name: String,
    pub meeting_date: Option<NaiveDate>,
    pub meeting_place: Option<String>,
    pub rescore_notes: BTreeMap<ProductId, String>,
    pub recusal_reasons: BTreeMap<(ProductId, MemberId), String>,
    /// Absent members; `None` when attendance was not recorded.
    pub absent_members: Option<BTreeSet<MemberId>>,
}

/// "Ấp Hòa Lộc, Xã Hòa Tú, Sóc Trăng": the producer's address parts that are known.
pub fn producer_address(producer: &ProducerFacts) -> String {
    [&producer.address, &producer.commune, &producer.province]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

impl MinutesData {
    /// Builds the minutes from a round's results (store::Store::round_results) and
    /// the extras the store does not hold.
    pub fn from_round_results(results: &RoundResults, extras: &MinutesExtras) -> Self {
        let round = &results.round;
        let voting: Vec<_> = results.members.iter().filter(|m| m.voting).collect();
        let members = minutes_members(results, extras);
        let products = results
            .products
            .iter()
            .map(|o| minutes_product(o, results, &voting, extras))
            .collect();
        let first_named = |role: Role| {
            results
                .members
                .iter()
                .find(|m| m.role == role)
                .map(|m| m.name.clone())
        };
        Self {
            council_heading: extras.council_heading.clone(),
            round_name: round.name.clone(),
            central: round.level == crate::domain::round::RoundLevel::Central,
            criteria_instrument: criteria_instrument(&round.criteria_set_id, results),
            meeting_date: extras.meeting_date,
            meeting_place: extras.meeting_place.clone(),
            place_name: extras.place_name.clone(),
            rules: MinutesRules {
                spread_threshold_points: round.rules.spread_threshold_points,
                quorum: round.rules.quorum,
                quorum_requires_chair: round.rules.quorum_requires_chair,
                star_marks_binding: round.star_marks_binding,
            },
            members,
            products,
            chair_name: first_named(Role::Chair),
            secretary_name: first_named(Role::Secretary),
        }
    }
}

/// The council as the minutes list it: name, role, whether they vote, and (when
/// attendance was recorded) whether they were present.
fn minutes_members(results: &RoundResults, extras: &MinutesExtras) -> Vec<MinutesMember> {
    results
        .members
        .iter()
        .map(|m| MinutesMember {
            name: m.name.clone(),
            role: m.role.label_vi().to_owned(),
            voting: m.voting,
            present: extras
                .absent_members
                .as_ref()
                .map(|absent| !absent.contains(&m.id)),
        })
        .collect()
}

/// A member's name, or "thành viên N" when the council does not list them.
fn member_name(results: &RoundResults, id: MemberId) -> String {
    results
        .members
        .iter()
        .find(|m| m.id == id)
        .map_or_else(|| format!("thành viên {id}"), |m| m.name.clone())
}

/// One product in the minutes: each voting member's total (or recused, or
/// missing), the result, the quorum, recusals, who presided, a disqualification.
fn minutes_product(
    o: &ProductOutcome,
    results: &RoundResults,
    voting: &[&MemberRow],
    extras: &MinutesExtras,
) -> MinutesProduct {
    let round = &results.round;
    let chair_role = Role::Chair.label_vi();
    let r = &o.result;
    let scores = voting
        .iter()
        .map(|m| {
            if o.recused.contains(&m.id) {
                MemberScore::Recused
            } else {
                r.member_totals
                    .iter()
                    .find(|t| t.member == m.id)
                    .map_or(MemberScore::Missing, |t| MemberScore::Total(t.total))
            }
        })
        .collect();
    let q = &r.quorum;
    let chair_text = if round.rules.quorum_requires_chair {
        if q.chair_took_part {
            format!(", có {chair_role} (hoặc người thay)")
        } else {
            format!(", thiếu {chair_role}")
        }
    } else {
        String::new()
    };
    MinutesProduct {
        name: o.product.name.clone(),
        code: o.product.product_code.clone(),
        producer: o.product.producer.name.clone(),
        product_set: format!(
            "Bộ {}: {}",
            o.sheet.product_set.number, o.sheet.product_set.name_vi
        ),
        scores,
        mean: r.mean.map(|m| m.display_2dp_vi()),
        band: r.outcome.as_ref().map(|s| s.band),
        stars: r.stars,
        state: r.state,
        certification: r.certification,
        cap_explanation: r.outcome.as_ref().and_then(|s| s.explain_vi()),
        spread_points: r.spread_points,
        spread_flag: r.spread_flag,
        rescore_note: extras.rescore_notes.get(&o.product.id).cloned(),
        // Filled by the app from the dossiers (app::documents::minutes_input).
        commune_report: None,
        quorum: format!(
            "{}/{} thành viên chấm (cần {}){chair_text}",
            q.participants, q.eligible, q.required
        ),
        quorum_met: q.met,
        recusals: o
            .recused
            .iter()
            .map(|m| {
                (
                    member_name(results, *m),
                    extras.recusal_reasons.get(&(o.product.id, *m)).cloned(),
                )
            })
            .collect(),
        presiding: o.presided_by().map(|p| member_name(results, p.member)),
        disqualification: r
            .disqualified
            .as_ref()
            .map(|d| (d.reason.label_vi().to_owned(), d.note.clone())),
    }
}

/// The instrument of the round's criteria, from any product's sheet snapshot.
fn criteria_instrument(set_id: &str, results: &RoundResults) -> String {
    results
        .products
        .first()
        .map(|o| o.sheet.criteria_set.instrument_short.clone())
        .unwrap_or_else(|| set_id.to_owned())
}

/// The minutes as a PDF.
pub fn render_minutes(data: &MinutesData, assets: &DocAssets) -> Result<Vec<u8>, PdfError> {
    layout::render(data, assets)
}
