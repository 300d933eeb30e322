//! A round mirrored from a round package (docs/packages.md): the secretary's round,
//! with the same stable ids, recreated or brought up to date on a member's laptop.
//!
//! The secretary's copy is the authority on the council, the products and the
//! round's state; the lifecycle rules were enforced there. So the mirror writes
//! members and products in whatever (unfrozen) state the round is in here, which the
//! normal paths (`add_member`, `add_product`) refuse once scoring has started: a
//! newer package may bring a product the secretary added after going back to setup.
//! What it never does: touch local sheets, change a finalized round (the triggers
//! would refuse it anyway), or move the status along a transition the lifecycle does
//! not allow (each step appends its `round.state` entry, as the trigger requires).
//!
//! Everything happens in one transaction; when the package brings nothing new, the
//! transaction is dropped unwritten, so re-importing the same package is a no-op.

mod apply;
mod council;

use serde::{Deserialize, Serialize};

use super::dossiers::DossierFileRow;
use super::packages::RawSnapshot;
use super::products::ProducerFacts;
use crate::domain::council::CouncilRules;
use crate::domain::disqualify::Disqualification;
use crate::domain::dossier::{DossierFacts, SelfAssessment};
use crate::domain::ids::RoundId;
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
}

/// What mirroring did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MirrorReport {
    pub round: RoundId,
    /// The round was new here.
    pub created: bool,
    /// One line per change (empty: the package brought nothing new).
    pub changes: Vec<String>,
    /// What was left as it is, and why (e.g. a member no longer in the package).
    pub notes: Vec<String>,
}

impl MirrorReport {
    pub fn changed(&self) -> bool {
        self.created || !self.changes.is_empty()
    }
}
