//! The store operations a refusal can name as its [`Subject`](super::Subject)
//! (`Subject::Store`): scoring, submitting and reopening a sheet, the council's
//! records, setting a round up, certificates, keys and PINs.

use std::fmt;

use serde::Serialize;

use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::permissions::CouncilAction;

/// A write (or a check before one) the store refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "operation")]
pub enum StoreOperation {
    /// Any council action, refused because of who acts (the permission check).
    Acting {
        round: RoundId,
        action: CouncilAction,
    },
    NewRound,
    NewMember {
        round: RoundId,
    },
    NewProducts {
        round: RoundId,
    },
    /// Storing an imported dossier.
    StoreDossier {
        round: RoundId,
    },
    /// A choice, a comment or an evidence link on a member's sheet.
    Answer {
        product: ProductId,
        member: MemberId,
    },
    Submit {
        product: ProductId,
        member: MemberId,
    },
    ReopenSheet {
        product: ProductId,
        member: MemberId,
    },
    /// Storing sheets read from files.
    SheetImport,
    Recusal {
        product: ProductId,
        member: MemberId,
    },
    Presiding {
        product: ProductId,
    },
    ReopenRound {
        round: RoundId,
    },
    /// Issuing a round's certificates, or previewing them.
    IssueCertificates {
        round: RoundId,
    },
    ReprintCertificate {
        number: String,
    },
    RevokeCertificate {
        number: String,
    },
    ExpiringCertificates,
    RegisterKey {
        member: MemberId,
    },
    SetOwnPin {
        round: RoundId,
    },
    /// The chair confirming with their PIN the order the secretary records.
    ConfirmOrder {
        round: RoundId,
    },
}

impl fmt::Display for StoreOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Acting { round, action } => {
                write!(f, "{} (round {round})", action.label_en())
            }
            Self::NewRound => f.write_str("new round"),
            Self::NewMember { round } => write!(f, "new member of round {round}"),
            Self::NewProducts { round } => write!(f, "new products of round {round}"),
            Self::StoreDossier { round } => write!(f, "storing a dossier in round {round}"),
            Self::Answer { product, member } => {
                write!(f, "answer on member {member}'s sheet for product {product}")
            }
            Self::Submit { product, member } => {
                write!(
                    f,
                    "submitting member {member}'s sheet for product {product}"
                )
            }
            Self::ReopenSheet { product, member } => {
                write!(f, "reopening member {member}'s sheet for product {product}")
            }
            Self::SheetImport => f.write_str("sheet import"),
            Self::Recusal { product, member } => {
                write!(f, "recusal of member {member} from product {product}")
            }
            Self::Presiding { product } => write!(f, "presiding member for product {product}"),
            Self::ReopenRound { round } => write!(f, "reopening round {round}"),
            Self::IssueCertificates { round } => write!(f, "certificates of round {round}"),
            Self::ReprintCertificate { number } => write!(f, "reprint of certificate {number}"),
            Self::RevokeCertificate { number } => {
                write!(f, "revocation of certificate {number}")
            }
            Self::ExpiringCertificates => f.write_str("expiring certificates"),
            Self::RegisterKey { member } => write!(f, "member {member}'s key"),
            Self::SetOwnPin { round } => write!(f, "setting a PIN in round {round}"),
            Self::ConfirmOrder { round } => write!(f, "confirming an order in round {round}"),
        }
    }
}
