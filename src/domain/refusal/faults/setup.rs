//! Faults about setting a round up: the round itself, its products, the dossiers
//! stored for them.

use std::fmt;

use serde::Serialize;

use crate::domain::ids::RoundId;

/// Why the store refuses a new round, product or dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum SetupFault {
    RoundNeedsName,
    CriteriaSetWithoutSheets {
        criteria_set: String,
    },
    ProductNeedsName,
    ProductNeedsProducer,
    /// A product on a product set the round's criteria set does not have.
    ProductSetNotInCriteria {
        product_set: u8,
        criteria_set: String,
        round: RoundId,
    },
    /// A dossier for a product set the round has no sheet for.
    DossierSetNotInRound {
        product_set: u8,
        round: RoundId,
    },
}

impl fmt::Display for SetupFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RoundNeedsName => f.write_str("a round needs a name"),
            Self::CriteriaSetWithoutSheets { criteria_set } => {
                write!(f, "criteria set {criteria_set} has no sheets")
            }
            Self::ProductNeedsName => f.write_str("a product needs a name"),
            Self::ProductNeedsProducer => f.write_str("a product needs a producer"),
            Self::ProductSetNotInCriteria {
                product_set,
                criteria_set,
                round,
            } => write!(
                f,
                "product set {product_set} is not in criteria set {criteria_set} (round {round})"
            ),
            Self::DossierSetNotInRound { product_set, round } => write!(
                f,
                "product set {product_set} is not in the criteria set of round {round}"
            ),
        }
    }
}
