//! Faults about the council's people and their records: adding members, recusals,
//! the member presiding for a recused chair, orders and who gives them, laptop
//! keys and PINs.

use std::fmt;

use serde::Serialize;

use crate::domain::ids::{MemberId, ProductId, RoundId};

/// Why the store refuses a change to the council or a record only a council
/// member makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum CouncilFault {
    MemberNeedsName,
    /// The round's quorum needs the chair's sheet, so a non-voting chair could never
    /// complete a product.
    ChairMustVote {
        round: RoundId,
    },
    SecondChair {
        round: RoundId,
    },
    RecusalNeedsReason,
    /// The secretariat records no recusal: a council member does.
    RecusalByMember,
    AlreadyRecused {
        member: MemberId,
        product: ProductId,
    },
    /// A presiding member is named only when the chair is recused.
    ChairPresides {
        product: ProductId,
    },
    /// A voting vice-chair who is not recused stands in; nobody else is named.
    ViceChairStandsIn {
        vice_chair: MemberId,
        name: String,
        product: ProductId,
    },
    CannotCountAsChair {
        member: MemberId,
        name: String,
    },
    PresidingRecused {
        member: MemberId,
        name: String,
        product: ProductId,
    },
    OrderGiverNotOnCouncil {
        member: MemberId,
        round: RoundId,
    },
    NoOrderToConfirm,
    RoundReopenedByMember,
    RescoreOrderedByMember,
    KeyOfAnotherMember {
        member: MemberId,
        name: String,
        round: RoundId,
    },
    /// Argon2's words (it refuses only parameters it cannot use).
    PinNotHashed {
        detail: String,
    },
}

impl fmt::Display for CouncilFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MemberNeedsName => f.write_str("a member needs a name"),
            Self::ChairMustVote { round } => write!(
                f,
                "the chair of round {round} must vote: the quorum requires the chair's sheet (add the chair with --voting true, or create the round with --no-chair-required)"
            ),
            Self::SecondChair { round } => write!(f, "round {round} already has a chair"),
            Self::RecusalNeedsReason => f.write_str("a recusal needs a reason"),
            Self::RecusalByMember => f.write_str("a recusal is recorded by a council member"),
            Self::AlreadyRecused { member, product } => write!(
                f,
                "member {member} is already recused from product {product}"
            ),
            Self::ChairPresides { product } => write!(
                f,
                "the chair is not recused from product {product}: the chair presides"
            ),
            Self::ViceChairStandsIn {
                vice_chair,
                name,
                product,
            } => write!(
                f,
                "vice-chair {name} ({vice_chair}) stands in for the recused chair on product {product}"
            ),
            Self::CannotCountAsChair { member, name } => write!(
                f,
                "member {member} ({name}) does not vote and cannot count as the chair"
            ),
            Self::PresidingRecused {
                member,
                name,
                product,
            } => write!(
                f,
                "member {member} ({name}) is recused from product {product}"
            ),
            Self::OrderGiverNotOnCouncil { member, round } => write!(
                f,
                "member {member} who gave the order is not on the council of round {round}"
            ),
            Self::NoOrderToConfirm => f.write_str("there is no order to confirm"),
            Self::RoundReopenedByMember => {
                f.write_str("a finalized round is reopened by a council member")
            }
            Self::RescoreOrderedByMember => {
                f.write_str("a re-score is ordered by a council member")
            }
            Self::KeyOfAnotherMember {
                member,
                name,
                round,
            } => write!(
                f,
                "this key is already registered for member {member} ({name}) of round {round}; each member needs their own key"
            ),
            Self::PinNotHashed { detail } => write!(f, "the PIN cannot be hashed: {detail}"),
        }
    }
}
