//! The audit log's entries, where a chain breaks, and what `verify` found.

use serde::Serialize;

use crate::domain::ids::RoundId;
use crate::domain::round::RoundStatus;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub round_id: RoundId,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Where and why a round's chain no longer verifies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit entry {entry_id}: {reason}")]
pub struct ChainBreak {
    pub entry_id: i64,
    pub reason: String,
}

/// Which check a [`VerifyCheck`] is: the UI names it in the user's language, the
/// CLI and the JSON report by [`CheckKind::as_str`] (serialized as that name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckKind {
    AuditChain,
    RoundStatus,
    ImmutabilityTriggers,
    FinalizedContent,
    Results,
    CriteriaSnapshots,
    Certificates,
    DatabaseIntegrity,
    ActorsRights,
    CatalogueAuditChain,
    CatalogueEntries,
    EntriesIssuedByRounds,
    /// The database against the audit anchor kept outside it (app/backup).
    Rollback,
}

impl CheckKind {
    /// The check's English name, as the CLI prints it and the JSON report holds it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AuditChain => "audit chain",
            Self::RoundStatus => "round status",
            Self::ImmutabilityTriggers => "immutability triggers",
            Self::FinalizedContent => "finalized content",
            Self::Results => "results",
            Self::CriteriaSnapshots => "criteria snapshots",
            Self::Certificates => "certificates",
            Self::DatabaseIntegrity => "database integrity",
            Self::ActorsRights => "actors' rights",
            Self::CatalogueAuditChain => "catalogue audit chain",
            Self::CatalogueEntries => "catalogue entries",
            Self::EntriesIssuedByRounds => "entries issued by rounds",
            Self::Rollback => "rollback",
        }
    }
}

impl Serialize for CheckKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One check and what it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyCheck {
    /// Serialized as "name" (the English name), as before the kind was typed.
    #[serde(rename = "name")]
    pub kind: CheckKind,
    /// What was checked, e.g. "42 entries".
    pub detail: String,
    /// Empty when the check passed; otherwise one line per problem.
    pub problems: Vec<String>,
}

impl VerifyCheck {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub round: RoundId,
    pub status: RoundStatus,
    /// The seal recomputed now (printable in the minutes).
    pub seal: String,
    pub checks: Vec<VerifyCheck>,
}

impl VerifyReport {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(VerifyCheck::passed)
    }
}
