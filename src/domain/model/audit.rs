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

/// One check and what it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyCheck {
    pub name: &'static str,
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
