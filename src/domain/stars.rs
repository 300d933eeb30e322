//! Star bands and the star-mark minimums that can cap them.
//!
//! Bands (QĐ 148): < 30 → 1★, 30–< 50 → 2★, 50–< 70 → 3★, 70–< 90 → 4★, ≥ 90 → 5★.
//!
//! Star marks (our reading of the `***`/`****`/`*****` marks printed on the sheets,
//! as two independent implementations read them; no quoted legal sentence): a product
//! reaches N★ (N ≥ 3) only if, for every option marked M ≤ N, the council's mean on
//! that criterion reaches the option's points, and for every criterion marked M ≤ N,
//! the mean reaches the criterion's lowest non-zero option. Otherwise the stars are
//! capped at the highest level whose conditions all hold.

use std::collections::BTreeMap;

use serde::Serialize;

use super::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use super::mean::Mean;

/// Lower bounds of the 2★..5★ bands.
pub const BAND_THRESHOLDS: [(u8, u32); 4] = [(5, 90), (4, 70), (3, 50), (2, 30)];

/// The band a mean total falls in (1..=5), compared exactly.
pub fn band_for(mean: Mean) -> u8 {
    BAND_THRESHOLDS
        .iter()
        .find(|(_, threshold)| mean.at_least(*threshold))
        .map_or(1, |(stars, _)| *stars)
}

/// Where a star condition comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum MarkSource {
    /// An option carries the mark: the mean must reach that option's points.
    Option { choice: ChoiceId },
    /// The criterion carries the mark: the mean must reach its lowest non-zero option.
    Criterion,
}

/// One minimum a product must meet to be ranked `level` stars or more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StarCondition {
    pub level: u8,
    pub criterion: CriterionId,
    pub needed_points: u32,
    pub source: MarkSource,
}

/// Every star condition of a sheet.
pub fn star_conditions(sheet: &CriteriaSheet) -> Vec<StarCondition> {
    let mut out = Vec::new();
    for (_, _, criterion) in sheet.criteria() {
        if let (Some(level), Some(needed)) =
            (criterion.star_mark, criterion.lowest_nonzero_points())
        {
            out.push(StarCondition {
                level,
                criterion: criterion.id.clone(),
                needed_points: needed,
                source: MarkSource::Criterion,
            });
        }
        for choice in &criterion.options {
            if let Some(level) = choice.star_mark {
                out.push(StarCondition {
                    level,
                    criterion: criterion.id.clone(),
                    needed_points: choice.points,
                    source: MarkSource::Option {
                        choice: choice.id.clone(),
                    },
                });
            }
        }
    }
    out
}

/// A star condition the council's scores did not meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cap {
    #[serde(flatten)]
    pub condition: StarCondition,
    /// The council's mean points on the criterion.
    pub got: Mean,
}

impl Cap {
    pub fn explain_vi(&self) -> String {
        format!(
            "{}: cần ≥ {} điểm để đạt {} sao, trung bình hội đồng {}",
            self.condition.criterion,
            self.condition.needed_points,
            self.condition.level,
            self.got.display_2dp_vi()
        )
    }

    pub fn explain_en(&self) -> String {
        format!(
            "{}: needs ≥ {} for {}★, council mean {}",
            self.condition.criterion,
            self.condition.needed_points,
            self.condition.level,
            self.got.display_2dp()
        )
    }
}

/// Band, stars after caps, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StarOutcome {
    /// The band of the mean total.
    pub band: u8,
    /// The stars after star-mark caps (equal to `band` when nothing caps it).
    pub stars: u8,
    /// Every unmet condition at or below the band, lowest level first. When marks are
    /// binding, those at level `stars + 1` are the ones that hold the product back.
    pub caps: Vec<Cap>,
    /// Whether the marks were applied as minimums (per criteria set).
    pub marks_binding: bool,
}

impl StarOutcome {
    pub fn is_capped(&self) -> bool {
        self.stars < self.band
    }

    /// The conditions that decided the cap (the lowest failing level).
    pub fn deciding_caps(&self) -> impl Iterator<Item = &Cap> {
        let level = self.stars + 1;
        self.caps
            .iter()
            .filter(move |c| self.marks_binding && c.condition.level == level)
    }

    pub fn explain_vi(&self) -> Option<String> {
        self.is_capped().then(|| {
            let reasons: Vec<String> = self.deciding_caps().map(Cap::explain_vi).collect();
            format!(
                "Giới hạn ở {} sao (điểm đạt hạng {} sao): {}",
                self.stars,
                self.band,
                reasons.join("; ")
            )
        })
    }

    pub fn explain_en(&self) -> Option<String> {
        self.is_capped().then(|| {
            let reasons: Vec<String> = self.deciding_caps().map(Cap::explain_en).collect();
            format!(
                "Capped at {}★ (score band {}★): {}",
                self.stars,
                self.band,
                reasons.join("; ")
            )
        })
    }
}

/// Ranks a product from its mean total and per-criterion sums over `count` sheets.
pub fn rank(
    sheet: &CriteriaSheet,
    total: Mean,
    criterion_sums: &BTreeMap<CriterionId, u64>,
    marks_binding: bool,
) -> StarOutcome {
    let band = band_for(total);
    let count = total.count();
    let mut caps: Vec<Cap> = star_conditions(sheet)
        .into_iter()
        .filter(|c| c.level <= band)
        .filter_map(|condition| {
            let sum = criterion_sums
                .get(&condition.criterion)
                .copied()
                .unwrap_or(0);
            let got = Mean::new(sum, count)?;
            (!got.at_least(condition.needed_points)).then_some(Cap { condition, got })
        })
        .collect();
    caps.sort_by(|a, b| {
        (a.condition.level, &a.condition.criterion)
            .cmp(&(b.condition.level, &b.condition.criterion))
    });
    let stars = match caps.first() {
        Some(lowest) if marks_binding => band.min(lowest.condition.level - 1),
        _ => band,
    };
    StarOutcome {
        band,
        stars,
        caps,
        marks_binding,
    }
}
