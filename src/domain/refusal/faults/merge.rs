//! Faults that reject a member's sheets package at the merge (docs/packages.md,
//! "Merge rules"): the file as read, the sender, the round here, each sheet.
//! The merge report's JSON carries each as its English sentence (`reasons`).

use std::fmt;

use serde::Serialize;

use super::super::Problem;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::round::RoundStatus;

/// Why a sheets package is rejected (nothing of it is written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum MergeFault {
    /// A folder given to merge holds no sheets package.
    NoPackageInFolder {
        extension: String,
    },
    /// The operating system's words.
    Unreadable {
        detail: String,
    },
    TooLarge {
        cap_bytes: u64,
    },
    RoundNotHere {
        round_uid: String,
    },
    MemberNotOnCouncil {
        member_uid: String,
        round: RoundId,
        round_name: String,
    },
    /// Signed by a key that is not the one registered here for the member; keys
    /// are shortened as the report prints them.
    UnknownKey {
        signed_by: String,
        member: MemberId,
        member_name: String,
        round: RoundId,
        registered: Option<String>,
    },
    RoundFrozen {
        round: RoundId,
        status: RoundStatus,
    },
    NotAcceptingSheets {
        round: RoundId,
        status: RoundStatus,
    },
    ProductNotInRound {
        product_uid: String,
        round: RoundId,
    },
    TwoSheets {
        product: ProductId,
        name: String,
    },
    /// What is wrong with one of the package's sheets.
    Sheet {
        product: ProductId,
        name: String,
        problem: Box<Problem>,
    },
}

impl fmt::Display for MergeFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoPackageInFolder { extension } => {
                write!(f, "the folder holds no .{extension} file")
            }
            Self::Unreadable { detail } => write!(f, "cannot be read: {detail}"),
            Self::TooLarge { cap_bytes } => {
                write!(f, "is larger than {cap_bytes} bytes: not a sheets package")
            }
            Self::RoundNotHere { round_uid } => write!(
                f,
                "the package is for round uid {round_uid}, which this data folder does not have (a package for another round?)"
            ),
            Self::MemberNotOnCouncil {
                member_uid,
                round,
                round_name,
            } => write!(
                f,
                "member uid {member_uid} is not on the council of round {round} ({round_name})"
            ),
            Self::UnknownKey {
                signed_by,
                member,
                member_name,
                round,
                registered,
            } => {
                write!(
                    f,
                    "unknown key: the package is signed by {signed_by}…, which is not the key of member {member} ({member_name}) in round {round}; "
                )?;
                match registered {
                    Some(key) => write!(f, "the key registered for them is {key}…"),
                    None => f.write_str("no key is registered for them (member set-key)"),
                }
            }
            Self::RoundFrozen { round, status } => write!(
                f,
                "round {round} is {}: its sheets can no longer change (the chair must reopen the round)",
                status.as_str()
            ),
            Self::NotAcceptingSheets { round, status } => write!(
                f,
                "round {round} is {}: it is not accepting sheets ({})",
                status.as_str(),
                status.refusal_hint()
            ),
            Self::ProductNotInRound { product_uid, round } => {
                write!(f, "product uid {product_uid} is not in round {round} here")
            }
            Self::TwoSheets { product, name } => {
                write!(f, "two sheets for product {product} ({name})")
            }
            Self::Sheet {
                product,
                name,
                problem,
            } => write!(f, "sheet for product {product} ({name}): {problem}"),
        }
    }
}
