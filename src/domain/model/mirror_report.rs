//! What importing a round package did on this laptop, as data: each change
//! ([`MirrorChange`], with the ids and names it concerns) and what was left as it is
//! ([`MirrorNote`]). The store fills them (store/mirror); `Display` is English, for
//! the CLI; the GUI says them in the user's language (ui/laptops.rs). The audit log
//! keeps its own record of each change.

use std::fmt;

use serde::Serialize;

use crate::domain::disqualify::DisqualificationReason;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::member::Role;
use crate::domain::round::RoundStatus;

/// A round setting a package changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundField {
    Name,
    Level,
    Dates,
    /// The spread threshold, the quorum, whether the chair must be present.
    Rules,
    /// Whether star marks cap the stars.
    StarMarks,
}

/// A member's fact a package changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MemberField {
    Name,
    Role,
    Voting,
    /// The registered public key (a new laptop, or none).
    Key,
}

/// A product's fact a package changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProductField {
    Name,
    ProductSet,
    Code,
    Producer,
}

/// One change a round package made here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "change")]
pub enum MirrorChange {
    /// The round was new here.
    RoundCreated { round: RoundId, name: String },
    /// The round's settings, brought up to the package's.
    RoundSettings {
        round: RoundId,
        name: String,
        fields: Vec<RoundField>,
    },
    /// The round moved one step along its lifecycle.
    Status {
        round: RoundId,
        from: RoundStatus,
        to: RoundStatus,
    },
    MemberAdded {
        member: MemberId,
        name: String,
        role: Role,
        voting: bool,
    },
    MemberUpdated {
        member: MemberId,
        name: String,
        fields: Vec<MemberField>,
    },
    ProductAdded {
        product: ProductId,
        name: String,
        product_set: u8,
        producer: String,
        disqualified: Option<DisqualificationReason>,
    },
    ProductUpdated {
        product: ProductId,
        name: String,
        fields: Vec<ProductField>,
    },
    /// A product disqualified (`Some`) or no longer disqualified (`None`).
    Disqualification {
        product: ProductId,
        name: String,
        reason: Option<DisqualificationReason>,
    },
    /// A dossier version new here.
    DossierAdded {
        product: ProductId,
        name: String,
        version: u32,
        files: usize,
    },
    /// A member recused from a product.
    Recusal {
        product: ProductId,
        product_name: String,
        member: MemberId,
        member_name: String,
    },
    /// The member the council named to preside over a product for its recused chair
    /// (`Some`), or nobody any more (`None`).
    Presiding {
        product: ProductId,
        product_name: String,
        member: Option<(MemberId, String)>,
    },
}

/// What a package left as it is here, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "note")]
pub enum MirrorNote {
    /// A member here that the package does not hold: kept.
    MemberKept { member: MemberId, name: String },
    /// A product here that the package does not hold: kept.
    ProductKept { product: ProductId, name: String },
}

/// The English names of `fields`, joined.
fn joined<T: Copy>(fields: &[T], name: fn(T) -> &'static str) -> String {
    fields
        .iter()
        .map(|f| name(*f))
        .collect::<Vec<_>>()
        .join(", ")
}

impl RoundField {
    fn en(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Level => "level",
            Self::Dates => "dates",
            Self::Rules => "rules",
            Self::StarMarks => "star marks",
        }
    }
}

impl MemberField {
    fn en(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Role => "role",
            Self::Voting => "voting",
            Self::Key => "key",
        }
    }
}

impl ProductField {
    fn en(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::ProductSet => "product set",
            Self::Code => "code",
            Self::Producer => "producer",
        }
    }
}

impl fmt::Display for MirrorChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RoundCreated { round, name } => write!(f, "round {round} created: {name}"),
            Self::RoundSettings {
                round,
                name,
                fields,
            } => write!(
                f,
                "round {round} ({name}): {} changed",
                joined(fields, RoundField::en)
            ),
            Self::Status { round, from, to } => {
                write!(f, "round {round}: {} → {}", from.as_str(), to.as_str())
            }
            Self::MemberAdded {
                member,
                name,
                role,
                voting,
            } => {
                let voting = if *voting { "" } else { ", non-voting" };
                write!(
                    f,
                    "member {member} added: {name} ({}{voting})",
                    role.as_str()
                )
            }
            Self::MemberUpdated {
                member,
                name,
                fields,
            } => write!(
                f,
                "member {member} ({name}): {} changed",
                joined(fields, MemberField::en)
            ),
            Self::ProductAdded {
                product,
                name,
                product_set,
                producer,
                disqualified,
            } => {
                write!(
                    f,
                    "product {product} added: {name} (set {product_set}), {producer}"
                )?;
                match disqualified {
                    Some(reason) => write!(f, ", disqualified ({})", reason.as_str()),
                    None => Ok(()),
                }
            }
            Self::ProductUpdated {
                product,
                name,
                fields,
            } => write!(
                f,
                "product {product} ({name}): {} changed",
                joined(fields, ProductField::en)
            ),
            Self::Disqualification {
                product,
                name,
                reason: Some(reason),
            } => write!(
                f,
                "product {product} ({name}): disqualified ({})",
                reason.as_str()
            ),
            Self::Disqualification {
                product,
                name,
                reason: None,
            } => write!(f, "product {product} ({name}): no longer disqualified"),
            Self::DossierAdded {
                product,
                name,
                version,
                files,
            } => write!(
                f,
                "product {product} ({name}): dossier version {version} added ({files} file(s))"
            ),
            Self::Recusal {
                product,
                product_name,
                member,
                member_name,
            } => write!(
                f,
                "member {member} ({member_name}) recused from product {product} ({product_name})"
            ),
            Self::Presiding {
                product,
                product_name,
                member: Some((member, name)),
            } => write!(
                f,
                "member {member} ({name}) presides for the recused chair over product {product} ({product_name})"
            ),
            Self::Presiding {
                product,
                product_name,
                member: None,
            } => write!(
                f,
                "product {product} ({product_name}): nobody presides for the recused chair any more (the package names nobody)"
            ),
        }
    }
}

impl fmt::Display for MirrorNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MemberKept { member, name } => {
                write!(f, "member {member} ({name}) is not in the package; kept")
            }
            Self::ProductKept { product, name } => {
                write!(f, "product {product} ({name}) is not in the package; kept")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_in_english_with_their_ids_and_names() {
        let added = MirrorChange::ProductAdded {
            product: ProductId(4),
            name: "Hành tím sấy".into(),
            product_set: 10,
            producer: "HTX Lạc Hòa".into(),
            disqualified: None,
        };
        assert_eq!(
            added.to_string(),
            "product 4 added: Hành tím sấy (set 10), HTX Lạc Hòa"
        );
        let member = MirrorChange::MemberUpdated {
            member: MemberId(2),
            name: "Lê Văn B".into(),
            fields: vec![MemberField::Role, MemberField::Key],
        };
        assert_eq!(member.to_string(), "member 2 (Lê Văn B): role, key changed");
        let status = MirrorChange::Status {
            round: RoundId(1),
            from: RoundStatus::Setup,
            to: RoundStatus::Scoring,
        };
        assert_eq!(status.to_string(), "round 1: setup → scoring");
        let kept = MirrorNote::MemberKept {
            member: MemberId(3),
            name: "C".into(),
        };
        assert_eq!(kept.to_string(), "member 3 (C) is not in the package; kept");
    }
}
