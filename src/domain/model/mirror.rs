//! What a round package says about its round (docs/packages.md), as checked by
//! `exchange` and mirrored by the store onto a member's laptop.

use serde::{Deserialize, Serialize};

use super::{DossierFileRow, ProducerFacts};
use crate::domain::council::CouncilRules;
use crate::domain::disqualify::Disqualification;
use crate::domain::dossier::{DossierFacts, SelfAssessment};
use crate::domain::member::Role;
use crate::domain::round::{RoundLevel, RoundStatus};

/// The round's own settings, as the secretary has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MirrorRound {
    pub uid: String,
    pub name: String,
    pub level: RoundLevel,
    pub criteria_set_id: String,
    pub status: RoundStatus,
    #[serde(default)]
    pub starts_on: Option<String>,
    #[serde(default)]
    pub ends_on: Option<String>,
    pub rules: CouncilRules,
    pub star_marks_binding: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MirrorMember {
    pub uid: String,
    pub name: String,
    pub role: Role,
    pub voting: bool,
    #[serde(default)]
    pub public_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MirrorDossier {
    pub version: u32,
    pub content_hash: String,
    pub facts: DossierFacts,
    #[serde(default)]
    pub self_assessment: Option<SelfAssessment>,
    pub source_name: String,
    pub imported_at: String,
    pub imported_by: String,
    pub files: Vec<DossierFileRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MirrorProduct {
    pub uid: String,
    pub name: String,
    pub product_set: u8,
    #[serde(default)]
    pub product_code: Option<String>,
    pub producer: ProducerFacts,
    #[serde(default)]
    pub disqualification: Option<Disqualification>,
    /// Every dossier version, oldest first.
    #[serde(default)]
    pub dossiers: Vec<MirrorDossier>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MirrorRecusal {
    /// Product uid.
    pub product: String,
    /// Member uid.
    pub member: String,
    pub reason: String,
    pub recorded_by: String,
    /// Uid of the member who recorded it.
    #[serde(default)]
    pub recorded_by_member: Option<String>,
    pub created_at: String,
}

/// The member the council named to preside over a product from which the chair is
/// recused (no vice-chair standing in), as the secretary recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MirrorPresiding {
    /// Product uid.
    pub product: String,
    /// Member uid.
    pub member: String,
    /// Who recorded it, as shown: "Lê Văn C (secretary)".
    pub recorded_by: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
}

/// Everything a round package says about its round, checked by the caller (format,
/// hashes, uids) before it reaches the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundMirror {
    /// When the secretary exported it (RFC 3339, UTC): an older package than the
    /// last one applied is refused.
    pub exported_at: String,
    pub round: MirrorRound,
    pub snapshots: Vec<RawSnapshot>,
    pub members: Vec<MirrorMember>,
    pub products: Vec<MirrorProduct>,
    pub recusals: Vec<MirrorRecusal>,
    /// At most one per product; a product without one has none (packages from before
    /// presiding members travelled carry none).
    pub presiding: Vec<MirrorPresiding>,
}

/// One criteria snapshot of a round exactly as stored (the JSON its hash is over).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSnapshot {
    pub product_set: u8,
    /// Lowercase hex SHA-256 of `json`.
    pub hash: String,
    pub json: String,
}
