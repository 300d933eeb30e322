//! The council's result for one product: mean of the submitted totals of the voting
//! members who took part, band, stars after caps, spread flag, quorum, certifiability.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::criteria::{CriteriaSheet, CriterionId};
use super::disqualify::Disqualification;
use super::ids::MemberId;
use super::mean::Mean;
use super::member::Role;
use super::quorum::QuorumShare;
use super::round::RoundLevel;
use super::score::SheetScore;
use super::stars::{self, StarOutcome};

/// A council's procedural rules; configurable per round.
///
/// On the wire (round packages) a whole-percent quorum is written as before,
/// `"quorum_percent": 75`, so old packages read unchanged and a percent round's
/// package is byte-identical; a fraction is written `"quorum": "2/3"` alone, which an
/// older app refuses (missing `quorum_percent`) rather than misreads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CouncilRulesWire", into = "CouncilRulesWire")]
pub struct CouncilRules {
    /// Totals more than this many points apart flag the product for discussion.
    pub spread_threshold_points: u32,
    /// Share of the eligible voting members who must have submitted.
    pub quorum: QuorumShare,
    /// Whether the chair must be among them (a vice-chair, or the member the council
    /// named to preside, stands in when the chair is recused).
    pub quorum_requires_chair: bool,
}

impl Default for CouncilRules {
    fn default() -> Self {
        Self {
            spread_threshold_points: 10,
            quorum: QuorumShare::DEFAULT,
            quorum_requires_chair: true,
        }
    }
}

/// [`CouncilRules`] as round packages carry them (see its doc).
#[derive(Serialize, Deserialize)]
struct CouncilRulesWire {
    spread_threshold_points: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quorum_percent: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quorum: Option<QuorumShare>,
    quorum_requires_chair: bool,
}

impl TryFrom<CouncilRulesWire> for CouncilRules {
    type Error = String;

    fn try_from(wire: CouncilRulesWire) -> Result<Self, Self::Error> {
        let quorum = match (wire.quorum_percent, wire.quorum) {
            (Some(percent), None) => QuorumShare::percent(percent).map_err(|e| e.to_string())?,
            (None, Some(share)) => share,
            _ => return Err("the rules need exactly one of quorum_percent and quorum".into()),
        };
        Ok(Self {
            spread_threshold_points: wire.spread_threshold_points,
            quorum,
            quorum_requires_chair: wire.quorum_requires_chair,
        })
    }
}

impl From<CouncilRules> for CouncilRulesWire {
    fn from(rules: CouncilRules) -> Self {
        let percent = rules.quorum.as_percent();
        Self {
            spread_threshold_points: rules.spread_threshold_points,
            quorum_percent: percent,
            quorum: percent.is_none().then_some(rules.quorum),
            quorum_requires_chair: rules.quorum_requires_chair,
        }
    }
}

/// A council member as the rules see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voter {
    pub member: MemberId,
    pub role: Role,
    pub voting: bool,
}

/// A submitted sheet, already scored.
#[derive(Debug, Clone)]
pub struct CountedSheet {
    pub member: MemberId,
    pub score: SheetScore,
}

/// Everything the rules need for one product.
pub struct ProductInput<'a> {
    /// Which ranks this council certifies depends on its level.
    pub level: RoundLevel,
    pub sheet: &'a CriteriaSheet,
    pub marks_binding: bool,
    pub rules: CouncilRules,
    pub members: &'a [Voter],
    pub recused: &'a BTreeSet<MemberId>,
    /// The member the council named to preside over this product when the chair is
    /// recused and no vice-chair stands in; counts as the chair for the quorum.
    pub presiding: Option<MemberId>,
    /// Submitted sheets; drafts must not be passed.
    pub submitted: &'a [CountedSheet],
    pub disqualified: Option<&'a Disqualification>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberTotal {
    pub member: MemberId,
    pub total: u32,
}

/// Whether enough voting members took part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quorum {
    pub met: bool,
    /// Voting members not recused from this product.
    pub eligible: u32,
    /// Of those, how many submitted.
    pub participants: u32,
    /// The smallest number of participants that meets the percentage.
    pub required: u32,
    /// The chair (or, when the chair is recused, a vice-chair or the member named
    /// to preside) submitted.
    pub chair_took_part: bool,
}

/// Where a product stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResultState {
    /// No submitted sheet yet.
    NotScored,
    PendingQuorum,
    /// Spread over the threshold: discuss and re-score.
    NeedsDiscussion,
    Disqualified,
    Final,
}

impl ResultState {
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::NotScored => "chưa chấm",
            Self::PendingQuorum => "chưa đủ túc số",
            Self::NeedsDiscussion => "cần thảo luận, chấm lại",
            Self::Disqualified => "bị loại",
            Self::Final => "đã có kết quả",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::NotScored => "not scored",
            Self::PendingQuorum => "pending quorum",
            Self::NeedsDiscussion => "needs discussion / re-score",
            Self::Disqualified => "disqualified",
            Self::Final => "final",
        }
    }
}

/// What this round's council does with the product, by its level (QĐ 1489/2025):
/// a provincial council certifies 3★ and 4★ and proposes 5★ to the Ministry; the
/// central (Ministry) council certifies 5★ and certifies nothing below it (a
/// product it rates 3★ or 4★ keeps whatever its province certified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Certification {
    None,
    /// The provincial People's Committee certifies (3★, 4★).
    Province,
    /// The Ministry certifies (5★, central round).
    Ministry,
    /// Proposed to the central council for 5★ (provincial round, ≥ 90 points).
    RecommendUpward,
}

impl Certification {
    /// Whether this round issues the product a certificate.
    pub fn certified_here(self) -> bool {
        matches!(self, Self::Province | Self::Ministry)
    }

    /// What the round's level makes of a certifiable result with `stars`.
    pub fn for_level(level: RoundLevel, certifiable: bool, stars: u8) -> Self {
        match (certifiable, level, stars) {
            (false, _, _) => Self::None,
            (true, RoundLevel::Provincial, 5) => Self::RecommendUpward,
            (true, RoundLevel::Provincial, _) => Self::Province,
            (true, RoundLevel::Central, 5) => Self::Ministry,
            (true, RoundLevel::Central, _) => Self::None,
        }
    }
}

/// The council's result for one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductResult {
    pub member_totals: Vec<MemberTotal>,
    pub mean: Option<Mean>,
    /// Band and caps; `None` before any sheet is submitted.
    pub outcome: Option<StarOutcome>,
    /// Stars awarded: 0 when disqualified or not scored.
    pub stars: u8,
    pub spread_points: Option<u32>,
    pub spread_flag: bool,
    pub quorum: Quorum,
    pub disqualified: Option<Disqualification>,
    pub state: ResultState,
    /// Final, not disqualified, and 3★ or more.
    pub certifiable: bool,
    pub certification: Certification,
    /// Criterion means (sum over participants), for the per-criterion view and caps.
    #[serde(skip)]
    pub criterion_sums: BTreeMap<CriterionId, u64>,
}

/// What a product's counted sheets add up to (submitted, by voting members not
/// recused): the costly part of a result, since it reads every answer. The store
/// keeps it per product, refreshed with every write that changes it, and applies
/// the rules to it ([`result_from_tally`]) when it reads a round's results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Each counted sheet's member and total, in the order of the submitted sheets.
    pub member_totals: Vec<MemberTotal>,
    /// Points per criterion, summed over the counted sheets.
    pub criterion_sums: BTreeMap<CriterionId, u64>,
}

/// Adds up the sheets of `input.submitted` that count (their members vote and are
/// not recused).
pub fn tally(input: &ProductInput<'_>) -> Tally {
    let counted: Vec<&CountedSheet> = input
        .submitted
        .iter()
        .filter(|s| is_eligible(input, s.member))
        .collect();
    let member_totals = counted
        .iter()
        .map(|s| MemberTotal {
            member: s.member,
            total: s.score.total,
        })
        .collect();
    let mut criterion_sums: BTreeMap<CriterionId, u64> = BTreeMap::new();
    for sheet in &counted {
        for (criterion, points) in &sheet.score.criterion_points {
            *criterion_sums.entry(criterion.clone()).or_default() += u64::from(*points);
        }
    }
    Tally {
        member_totals,
        criterion_sums,
    }
}

fn is_eligible(input: &ProductInput<'_>, member: MemberId) -> bool {
    input
        .members
        .iter()
        .any(|m| m.member == member && m.voting && !input.recused.contains(&m.member))
}

/// Applies the council rules to one product.
pub fn product_result(input: &ProductInput<'_>) -> ProductResult {
    result_from_tally(input, tally(input))
}

/// Applies the council rules to a product's [`Tally`]; `input.submitted` is not
/// read (the tally stands for it).
pub fn result_from_tally(input: &ProductInput<'_>, tally: Tally) -> ProductResult {
    let eligible: Vec<&Voter> = input
        .members
        .iter()
        .filter(|m| m.voting && !input.recused.contains(&m.member))
        .collect();
    let Tally {
        member_totals,
        criterion_sums,
    } = tally;
    let counted: Vec<MemberId> = member_totals.iter().map(|t| t.member).collect();
    let sum: u64 = member_totals.iter().map(|t| u64::from(t.total)).sum();
    let mean = Mean::new(sum, counted.len() as u64);

    let outcome = mean.map(|m| stars::rank(input.sheet, m, &criterion_sums, input.marks_binding));

    let spread_points = match (
        member_totals.iter().map(|t| t.total).max(),
        member_totals.iter().map(|t| t.total).min(),
    ) {
        (Some(max), Some(min)) => Some(max - min),
        _ => None,
    };
    let spread_flag = spread_points.is_some_and(|s| s > input.rules.spread_threshold_points);
    let quorum = quorum(input, &eligible, &counted);

    let state = if input.disqualified.is_some() {
        ResultState::Disqualified
    } else if counted.is_empty() {
        ResultState::NotScored
    } else if !quorum.met {
        ResultState::PendingQuorum
    } else if spread_flag {
        ResultState::NeedsDiscussion
    } else {
        ResultState::Final
    };
    let stars = match (&outcome, state) {
        (_, ResultState::Disqualified) | (None, _) => 0,
        (Some(o), _) => o.stars,
    };
    let certifiable = state == ResultState::Final && stars >= 3;
    let certification = Certification::for_level(input.level, certifiable, stars);
    ProductResult {
        member_totals,
        mean,
        outcome,
        stars,
        spread_points,
        spread_flag,
        quorum,
        disqualified: input.disqualified.cloned(),
        state,
        certifiable,
        certification,
        criterion_sums,
    }
}

fn quorum(input: &ProductInput<'_>, eligible: &[&Voter], counted: &[MemberId]) -> Quorum {
    let eligible_count = eligible.len() as u32;
    let participants = counted.len() as u32;
    // Smallest p with p × denominator ≥ numerator × eligible.
    let required = input.rules.quorum.required(eligible_count);
    let took_part = |role: Role| {
        counted.iter().any(|member| {
            eligible
                .iter()
                .any(|m| m.member == *member && m.role == role)
        })
    };
    let chair_recused = input
        .members
        .iter()
        .any(|m| m.role == Role::Chair && m.voting && input.recused.contains(&m.member));
    let presiding_took_part = input.presiding.is_some_and(|presiding| {
        counted.contains(&presiding) && eligible.iter().any(|m| m.member == presiding)
    });
    let chair_took_part = if chair_recused {
        took_part(Role::ViceChair) || presiding_took_part
    } else {
        took_part(Role::Chair)
    };
    let met = eligible_count > 0
        && participants >= required.max(1)
        && (!input.rules.quorum_requires_chair || chair_took_part);
    Quorum {
        met,
        eligible: eligible_count,
        participants,
        required,
        chair_took_part,
    }
}
