//! Faults about a member's sheet: a change at the desk, a submission, a reopening,
//! and a sheet written from a file (a member's sheet file, a transcription).

use std::fmt;

use serde::Serialize;

use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId, SheetId};
use crate::domain::round::{RoundAction, RoundStatus};

/// Why the store does not take a change to a sheet, or a sheet from a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum SheetFault {
    /// A submitted sheet takes no change until the chair or the secretary reopens it.
    Locked {
        sheet: SheetId,
    },
    AlreadySubmitted {
        sheet: SheetId,
    },
    /// Only a submitted sheet is reopened.
    NotSubmitted {
        sheet: SheetId,
    },
    /// A submission with criteria left unanswered.
    Unanswered {
        criteria: Vec<CriterionId>,
    },
    /// A sheet from a file marked submitted with criteria unanswered; `criteria`
    /// lists them where the report has room (a sheets package's report only counts).
    SubmittedUnanswered {
        count: usize,
        criteria: Vec<CriterionId>,
    },
    /// A sheet from a package marked submitted with no submission time.
    SubmittedWithoutTime,
    CriterionNotOnSheet {
        criterion: CriterionId,
        product_set: u8,
    },
    NotAnOption {
        criterion: CriterionId,
        choice: ChoiceId,
    },
    CommentNotOnSheet {
        criterion: CriterionId,
        product_set: u8,
    },
    EvidenceNotOnSheet {
        criterion: CriterionId,
        product_set: u8,
    },
    /// Evidence linked at the desk that is not one of the dossier's files.
    NotAnAttachment {
        sha256: String,
        product: ProductId,
    },
    /// Evidence in a package that no version of the dossier here has (`sha256`
    /// shortened as the report prints it).
    EvidenceNotInDossier {
        criterion: CriterionId,
        sha256: String,
    },
    ReopenNeedsReason,
    /// The secretariat records no reopening: a council member (or their order) does.
    SecretariatCannotReopen,
    AlreadyHasSheet {
        member: MemberId,
        product: ProductId,
    },
    UnknownRound {
        round: RoundId,
    },
    UnknownProduct {
        product: ProductId,
    },
    UnknownMember {
        member: MemberId,
    },
    ProductOfOtherRound {
        product: ProductId,
        of: RoundId,
        not: RoundId,
    },
    MemberOfOtherRound {
        member: MemberId,
        of: RoundId,
        not: RoundId,
    },
    /// The round's state takes no sheets (setup, finalized, …).
    RoundTakesNoSheets {
        round: RoundId,
        status: RoundStatus,
    },
}

fn criteria_list(criteria: &[CriterionId]) -> String {
    criteria
        .iter()
        .map(|c| c.0.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for SheetFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Locked { sheet } => write!(
                f,
                "sheet {sheet} is submitted and locked; the chair or the secretary must reopen it"
            ),
            Self::AlreadySubmitted { sheet } => write!(f, "sheet {sheet} is already submitted"),
            Self::NotSubmitted { sheet } => write!(f, "sheet {sheet} is not submitted"),
            Self::Unanswered { criteria } => write!(
                f,
                "{} criteria are unanswered: {}",
                criteria.len(),
                criteria_list(criteria)
            ),
            Self::SubmittedUnanswered { count, criteria } => {
                write!(f, "marked submitted but {count} criteria are unanswered")?;
                if !criteria.is_empty() {
                    write!(f, ": {}", criteria_list(criteria))?;
                }
                Ok(())
            }
            Self::SubmittedWithoutTime => f.write_str("submitted without a submission time"),
            Self::CriterionNotOnSheet {
                criterion,
                product_set,
            } => write!(
                f,
                "criterion {criterion} is not on the sheet of product set {product_set}"
            ),
            Self::NotAnOption { criterion, choice } => write!(
                f,
                "option {choice} is not an option of criterion {criterion}"
            ),
            Self::CommentNotOnSheet {
                criterion,
                product_set,
            } => write!(
                f,
                "comment for criterion {criterion}, which is not on the sheet of product set {product_set}"
            ),
            Self::EvidenceNotOnSheet {
                criterion,
                product_set,
            } => write!(
                f,
                "evidence for criterion {criterion}, which is not on the sheet of product set {product_set}"
            ),
            Self::NotAnAttachment { sha256, product } => write!(
                f,
                "{sha256} is not an attachment of product {product}'s dossier"
            ),
            Self::EvidenceNotInDossier { criterion, sha256 } => write!(
                f,
                "the evidence for criterion {criterion} ({sha256}) is not a file of the product's dossier here"
            ),
            Self::ReopenNeedsReason => f.write_str("reopening a sheet needs a reason"),
            Self::SecretariatCannotReopen => f.write_str("the secretariat cannot reopen a sheet"),
            Self::AlreadyHasSheet { member, product } => write!(
                f,
                "member {member} already has a sheet for product {product}"
            ),
            Self::UnknownRound { round } => write!(f, "round {round} does not exist"),
            Self::UnknownProduct { product } => write!(f, "product {product} does not exist"),
            Self::UnknownMember { member } => write!(f, "member {member} does not exist"),
            Self::ProductOfOtherRound { product, of, not } => {
                write!(
                    f,
                    "product {product} belongs to round {of}, not round {not}"
                )
            }
            Self::MemberOfOtherRound { member, of, not } => {
                write!(f, "member {member} belongs to round {of}, not round {not}")
            }
            Self::RoundTakesNoSheets { round, status } => write!(
                f,
                "round {round} is {}: {} is not allowed ({})",
                status.as_str(),
                RoundAction::WriteSheets.label_en(),
                status.refusal_hint()
            ),
        }
    }
}

impl From<crate::domain::score::AnswerError> for SheetFault {
    fn from(error: crate::domain::score::AnswerError) -> Self {
        use crate::domain::score::AnswerError;
        match error {
            AnswerError::UnknownCriterion(criterion, product_set) => Self::CriterionNotOnSheet {
                criterion,
                product_set,
            },
            AnswerError::UnknownChoice { criterion, choice } => {
                Self::NotAnOption { criterion, choice }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::score::AnswerError;

    #[test]
    fn an_answer_error_keeps_its_words_as_a_sheet_fault() {
        for error in [
            AnswerError::UnknownCriterion(CriterionId("C.13.a".into()), 1),
            AnswerError::UnknownChoice {
                criterion: CriterionId("A.1.a".into()),
                choice: ChoiceId("A.1.b.1".into()),
            },
        ] {
            assert_eq!(
                SheetFault::from(error.clone()).to_string(),
                error.to_string()
            );
        }
    }

    #[test]
    fn the_state_refusal_reads_as_the_round_state_error_does() {
        let fault = SheetFault::RoundTakesNoSheets {
            round: RoundId(2),
            status: RoundStatus::Finalized,
        };
        assert_eq!(
            fault.to_string(),
            "round 2 is finalized: changing sheets is not allowed (the round is finalized and immutable (the chair may reopen it))"
        );
    }
}
