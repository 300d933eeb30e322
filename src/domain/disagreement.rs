//! The per-criterion view for the council meeting: for one product, each criterion's
//! points by member, the criteria the members disagree on most first, so the
//! discussion goes to what differs.
//!
//! Pure: takes the sheet and the counted members' answers.

use serde::Serialize;

use super::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use super::ids::MemberId;
use super::score::SheetAnswers;

/// One member's choice on one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberPoints {
    pub member: MemberId,
    pub choice: Option<ChoiceId>,
    /// `None` when the member left the criterion unanswered.
    pub points: Option<u32>,
}

/// One criterion's row of the view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionDisagreement {
    pub criterion: CriterionId,
    /// Part code and section id, e.g. "A" and "A.1".
    pub part: String,
    pub section: String,
    pub title_vi: String,
    pub max_points: u32,
    pub by_member: Vec<MemberPoints>,
    /// Highest minus lowest points among the members who answered (0 with fewer than two).
    pub spread_points: u32,
    /// Population variance of the answered points.
    pub variance: f64,
    /// `n·Σx² − (Σx)²` = n²·variance: exact, for sorting.
    #[serde(skip)]
    variance_scaled: u64,
    /// Position on the form, to break ties in form order.
    #[serde(skip)]
    form_position: usize,
}

/// Every criterion of `sheet` with each member's points, sorted by disagreement: spread
/// (max − min) first, then variance, then form order.
pub fn by_disagreement(
    sheet: &CriteriaSheet,
    members: &[(MemberId, &SheetAnswers)],
) -> Vec<CriterionDisagreement> {
    let mut rows: Vec<CriterionDisagreement> = sheet
        .criteria()
        .enumerate()
        .map(|(form_position, (part, section, criterion))| {
            let by_member: Vec<MemberPoints> = members
                .iter()
                .map(|(member, answers)| {
                    let choice = answers.choices.get(&criterion.id).cloned();
                    let points = choice.as_ref().and_then(|c| criterion.points_of(c));
                    MemberPoints {
                        member: *member,
                        choice,
                        points,
                    }
                })
                .collect();
            let answered: Vec<u64> = by_member
                .iter()
                .filter_map(|m| m.points.map(u64::from))
                .collect();
            let spread_points = match (answered.iter().max(), answered.iter().min()) {
                (Some(max), Some(min)) => (max - min) as u32,
                _ => 0,
            };
            let n = answered.len() as u64;
            let sum: u64 = answered.iter().sum();
            let sum_sq: u64 = answered.iter().map(|x| x * x).sum();
            let variance_scaled = n * sum_sq - sum * sum;
            let variance = if n == 0 {
                0.0
            } else {
                variance_scaled as f64 / (n * n) as f64
            };
            CriterionDisagreement {
                criterion: criterion.id.clone(),
                part: part.code.clone(),
                section: section.id.clone(),
                title_vi: criterion.display_title(section).to_string(),
                max_points: criterion.best_points(),
                by_member,
                spread_points,
                variance,
                variance_scaled,
                form_position,
            }
        })
        .collect();
    // Every counted sheet answers every criterion, so n is the same on each row and the
    // scaled variances compare exactly.
    rows.sort_by(|a, b| {
        b.spread_points
            .cmp(&a.spread_points)
            .then(b.variance_scaled.cmp(&a.variance_scaled))
            .then(a.form_position.cmp(&b.form_position))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::marked_sheet;

    fn answers(pairs: &[(&str, &str)]) -> SheetAnswers {
        SheetAnswers {
            choices: pairs
                .iter()
                .map(|(c, o)| (CriterionId((*c).into()), ChoiceId((*o).into())))
                .collect(),
        }
    }

    #[test]
    fn the_most_disputed_criteria_come_first_with_titles_and_each_members_points() {
        let sheet = marked_sheet();
        let ids: Vec<String> = sheet.criteria().map(|(_, _, c)| c.id.0.clone()).collect();
        // Every member picks option 1 everywhere, except where they differ.
        let base: Vec<(String, String)> =
            ids.iter().map(|c| (c.clone(), format!("{c}.1"))).collect();
        let with = |overrides: &[(&str, &str)]| {
            let mut pairs = base.clone();
            for (c, o) in overrides {
                if let Some(p) = pairs.iter_mut().find(|p| p.0 == *c) {
                    p.1 = (*o).to_string();
                }
            }
            SheetAnswers {
                choices: pairs
                    .into_iter()
                    .map(|(c, o)| (CriterionId(c), ChoiceId(o)))
                    .collect(),
            }
        };
        let a = with(&[("A.1.a", "A.1.a.11"), ("B.2.a", "B.2.a.3")]);
        let b = with(&[("B.2.a", "B.2.a.2")]);
        let c = with(&[("C.3.b", "C.3.b.2")]);
        let members = [(MemberId(1), &a), (MemberId(2), &b), (MemberId(3), &c)];
        let rows = by_disagreement(&sheet, &members);
        assert_eq!(rows.len(), ids.len());
        assert_eq!(rows[0].criterion.0, "A.1.a");
        assert_eq!(rows[0].spread_points, 10);
        assert_eq!(rows[0].title_vi, "Tiêu chí A.1.a");
        assert_eq!(rows[0].section, "A.1");
        assert_eq!(
            rows[0]
                .by_member
                .iter()
                .map(|m| m.points)
                .collect::<Vec<_>>(),
            [Some(10), Some(0), Some(0)]
        );
        // B.2.a: points 2, 1, 0 → spread 2; C.3.b: 0, 0, 1 → spread 1.
        assert_eq!(rows[1].criterion.0, "B.2.a");
        assert_eq!(rows[1].spread_points, 2);
        assert!(
            (rows[1].variance - 2.0 / 3.0).abs() < 1e-9,
            "{}",
            rows[1].variance
        );
        assert_eq!(rows[2].criterion.0, "C.3.b");
        assert_eq!(rows[2].spread_points, 1);
        // Agreed criteria follow in form order with spread 0.
        assert!(rows[3..].iter().all(|r| r.spread_points == 0));
        let rest: Vec<&str> = rows[3..].iter().map(|r| r.criterion.0.as_str()).collect();
        let mut in_form_order = rest.clone();
        in_form_order.sort_by_key(|c| ids.iter().position(|i| i == c));
        assert_eq!(rest, in_form_order);
    }

    #[test]
    fn equal_spread_is_broken_by_variance() {
        let sheet = marked_sheet();
        // Both spread 10: A.1.a 10,10,10,10,0 (variance 16) and C.3.a 10,0,10,0,0 (24).
        let rows = by_disagreement(
            &sheet,
            &[
                (
                    MemberId(1),
                    &answers(&[("A.1.a", "A.1.a.11"), ("C.3.a", "C.3.a.11")]),
                ),
                (
                    MemberId(2),
                    &answers(&[("A.1.a", "A.1.a.11"), ("C.3.a", "C.3.a.1")]),
                ),
                (
                    MemberId(3),
                    &answers(&[("A.1.a", "A.1.a.11"), ("C.3.a", "C.3.a.11")]),
                ),
                (
                    MemberId(4),
                    &answers(&[("A.1.a", "A.1.a.11"), ("C.3.a", "C.3.a.1")]),
                ),
                (
                    MemberId(5),
                    &answers(&[("A.1.a", "A.1.a.1"), ("C.3.a", "C.3.a.1")]),
                ),
            ],
        );
        assert_eq!(rows[0].criterion.0, "C.3.a", "variance 24 beats 16");
        assert!((rows[0].variance - 24.0).abs() < 1e-9);
        assert!((rows[1].variance - 16.0).abs() < 1e-9);
        assert_eq!(rows[1].criterion.0, "A.1.a");
        assert_eq!(rows[0].spread_points, rows[1].spread_points);
    }
}
