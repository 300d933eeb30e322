//! One member's sheet: a choice per criterion, subtotals per section and part, total.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::criteria::{ChoiceId, CriteriaSheet, CriterionId};

/// The answers on one sheet, keyed by criterion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetAnswers {
    pub choices: BTreeMap<CriterionId, ChoiceId>,
}

/// Why an answer cannot be accepted for a sheet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("criterion {0} is not on the sheet of product set {1}")]
    UnknownCriterion(CriterionId, u8),
    #[error("option {choice} is not an option of criterion {criterion}")]
    UnknownChoice {
        criterion: CriterionId,
        choice: ChoiceId,
    },
}

/// Points against the maximum for a part or a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subtotal {
    pub id: String,
    pub points: u32,
    pub max_points: u32,
}

/// A sheet's arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetScore {
    pub total: u32,
    pub parts: Vec<Subtotal>,
    pub sections: Vec<Subtotal>,
    /// Points per answered criterion.
    pub criterion_points: BTreeMap<CriterionId, u32>,
    /// Applicable criteria without an answer, in form order.
    pub unanswered: Vec<CriterionId>,
}

impl SheetScore {
    pub fn is_complete(&self) -> bool {
        self.unanswered.is_empty()
    }

    pub fn section(&self, id: &str) -> Option<&Subtotal> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn part(&self, code: &str) -> Option<&Subtotal> {
        self.parts.iter().find(|s| s.id == code)
    }
}

/// Every problem with `answers` on `sheet`, all at once.
pub fn check_answers(sheet: &CriteriaSheet, answers: &SheetAnswers) -> Vec<AnswerError> {
    let mut errors = Vec::new();
    for (criterion_id, choice) in &answers.choices {
        let Some(criterion) = sheet.criterion(criterion_id) else {
            errors.push(AnswerError::UnknownCriterion(
                criterion_id.clone(),
                sheet.product_set.number,
            ));
            continue;
        };
        if criterion.points_of(choice).is_none() {
            errors.push(AnswerError::UnknownChoice {
                criterion: criterion_id.clone(),
                choice: choice.clone(),
            });
        }
    }
    errors
}

/// Scores a sheet. Partial sheets score what is answered; `unanswered` says what is left.
pub fn score(
    sheet: &CriteriaSheet,
    answers: &SheetAnswers,
) -> Result<SheetScore, Vec<AnswerError>> {
    let errors = check_answers(sheet, answers);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = SheetScore {
        total: 0,
        parts: Vec::new(),
        sections: Vec::new(),
        criterion_points: BTreeMap::new(),
        unanswered: Vec::new(),
    };
    for part in &sheet.parts {
        let mut part_sub = Subtotal {
            id: part.code.clone(),
            points: 0,
            max_points: 0,
        };
        for section in &part.sections {
            let mut section_sub = Subtotal {
                id: section.id.clone(),
                points: 0,
                max_points: 0,
            };
            for criterion in &section.criteria {
                section_sub.max_points += criterion.best_points();
                match answers
                    .choices
                    .get(&criterion.id)
                    .and_then(|choice| criterion.points_of(choice))
                {
                    Some(points) => {
                        section_sub.points += points;
                        out.criterion_points.insert(criterion.id.clone(), points);
                    }
                    None => out.unanswered.push(criterion.id.clone()),
                }
            }
            part_sub.points += section_sub.points;
            part_sub.max_points += section_sub.max_points;
            out.sections.push(section_sub);
        }
        out.total += part_sub.points;
        out.parts.push(part_sub);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{criterion, marked_sheet};

    fn answers(pairs: &[(&str, &str)]) -> SheetAnswers {
        SheetAnswers {
            choices: pairs
                .iter()
                .map(|(c, o)| (CriterionId((*c).into()), ChoiceId((*o).into())))
                .collect(),
        }
    }

    #[test]
    fn subtotals_per_section_and_part_and_unanswered_in_form_order() {
        let sheet = marked_sheet();
        let s = score(
            &sheet,
            &answers(&[("A.1.a", "A.1.a.11"), ("C.3.b", "C.3.b.3")]),
        )
        .unwrap();
        assert_eq!(s.total, 13);
        assert_eq!(s.part("A").unwrap().points, 10);
        assert_eq!(s.part("A").unwrap().max_points, 40);
        assert_eq!(s.part("C").unwrap().points, 3);
        assert_eq!(s.section("C.3").unwrap().max_points, 35);
        let unanswered: Vec<&str> = s.unanswered.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(unanswered, ["A.1.b", "B.2.a", "B.2.b", "C.3.a"]);
        assert!(!s.is_complete());
    }

    #[test]
    fn none_applies_exists_only_without_a_zero_option() {
        let mut sheet = marked_sheet();
        // C.3.b has a 0 option: its ".0" id is not a valid choice.
        let err = score(&sheet, &answers(&[("C.3.b", "C.3.b.0")])).unwrap_err();
        assert!(matches!(err[0], AnswerError::UnknownChoice { .. }));
        // A criterion without a 0 option accepts ".0" for 0 points.
        sheet.parts[2].sections[0].criteria[1] =
            criterion("C.3.b", "b", &[(1, Some(3)), (3, None)], None);
        let s = score(&sheet, &answers(&[("C.3.b", "C.3.b.0")])).unwrap();
        assert_eq!(s.criterion_points[&CriterionId("C.3.b".into())], 0);
    }

    #[test]
    fn every_bad_answer_is_reported_at_once() {
        let sheet = marked_sheet();
        let errors = check_answers(
            &sheet,
            &answers(&[
                ("A.1.a", "A.1.b.1"),
                ("Z.9.z", "Z.9.z.1"),
                ("B.2.a", "B.2.a.99"),
            ]),
        );
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors
                .iter()
                .any(|e| matches!(e, AnswerError::UnknownCriterion(c, 1) if c.0 == "Z.9.z"))
        );
        assert!(errors.iter().any(|e| {
            e.to_string()
                .contains("A.1.b.1 is not an option of criterion A.1.a")
        }));
    }
}
