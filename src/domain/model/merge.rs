//! Merging a member's sheets package: what became of each sheet, of the package, and
//! the conflicts stored for the secretary (docs/packages.md).

use serde::Serialize;

use super::VersionAnswer;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::refusal::Problem;

/// An incoming sheet a merge stored instead of applying (docs/packages.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictRow {
    pub id: i64,
    pub round_id: RoundId,
    pub product_id: ProductId,
    pub product_name: String,
    pub member_id: MemberId,
    pub member_name: String,
    pub package_sha256: String,
    pub incoming_total: u32,
    pub incoming_answers: Vec<VersionAnswer>,
    pub incoming_updated_at: String,
    pub incoming_submitted_at: String,
    pub stored_status: String,
    pub stored_total: u32,
    pub stored_updated_at: String,
    pub stored_submitted_at: Option<String>,
    pub reason: String,
    pub recorded_at: String,
}

/// What became of one incoming sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum SheetOutcome {
    /// No sheet here: stored as submitted, with the member's submission time.
    Inserted { total: u32 },
    /// The same answers and comments are here already.
    Unchanged { total: u32 },
    /// A later submission replaced the submitted sheet here, which is kept as a version.
    Replaced {
        old_total: u32,
        new_total: u32,
        kept_version: u32,
    },
    /// The sheet here was reopened (a correction or re-score, kept as a version) and not
    /// changed since; this later submission completes it.
    Resubmitted { old_total: u32, new_total: u32 },
    /// Not newer than the sheet here, which stays.
    Older {
        incoming_total: u32,
        stored_total: u32,
    },
    /// Not applied: the sheet here changed locally and the incoming one does not
    /// clearly supersede it. Stored as conflict `conflict`.
    Conflict {
        conflict: i64,
        incoming_total: u32,
        stored_total: u32,
        reason: String,
    },
    /// A draft on the member's laptop: only submitted sheets are merged.
    Draft { total: u32 },
    /// The member is recused from the product: refused.
    Recused,
}

impl SheetOutcome {
    /// A short label for reports: "new", "replaced", …
    pub fn label(&self) -> &'static str {
        match self {
            Self::Inserted { .. } => "new",
            Self::Unchanged { .. } => "unchanged",
            Self::Replaced { .. } => "replaced",
            Self::Resubmitted { .. } => "resubmitted",
            Self::Older { .. } => "older",
            Self::Conflict { .. } => "conflict",
            Self::Draft { .. } => "draft",
            Self::Recused => "recused",
        }
    }

    /// One sentence for reports.
    pub fn describe(&self) -> String {
        match self {
            Self::Inserted { total } => format!("new sheet, total {total}"),
            Self::Unchanged { total } => format!("unchanged (total {total})"),
            Self::Replaced {
                old_total,
                new_total,
                kept_version,
            } => format!(
                "replaced by a newer submission: total {old_total} → {new_total} (the older one kept as version {kept_version})"
            ),
            Self::Resubmitted {
                old_total,
                new_total,
            } => format!("resubmitted after it was reopened here: total {old_total} → {new_total}"),
            Self::Older {
                incoming_total,
                stored_total,
            } => format!(
                "older than the sheet already here, kept the newer (incoming total {incoming_total}, here {stored_total})"
            ),
            Self::Conflict {
                conflict,
                incoming_total,
                stored_total,
                reason,
            } => format!(
                "CONFLICT {conflict}: {reason}; kept the sheet here (total {stored_total}), stored the incoming one (total {incoming_total}) — see `package conflicts`"
            ),
            Self::Draft { total } => format!("draft, not merged (total so far {total})"),
            Self::Recused => "refused: the member is recused from this product".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetMerge {
    pub product: ProductId,
    pub product_uid: String,
    pub product_name: String,
    #[serde(flatten)]
    pub outcome: SheetOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeSummary {
    pub round: RoundId,
    pub round_name: String,
    pub member: MemberId,
    pub member_name: String,
    pub sheets: Vec<SheetMerge>,
}

impl MergeSummary {
    /// "2 new, 1 replaced, 1 draft" in the order of [`SheetOutcome::label`].
    pub fn counts(&self) -> String {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for sheet in &self.sheets {
            let label = sheet.outcome.label();
            match counts.iter_mut().find(|(l, _)| *l == label) {
                Some((_, n)) => *n += 1,
                None => counts.push((label, 1)),
            }
        }
        if counts.is_empty() {
            return "no sheets".into();
        }
        counts
            .iter()
            .map(|(label, n)| format!("{n} {label}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a merge did with one package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum MergeVerdict {
    /// Nothing written; every reason listed (in the JSON report, each as its
    /// English sentence).
    Rejected {
        #[serde(serialize_with = "crate::domain::refusal::english_lines")]
        reasons: Vec<Problem>,
    },
    /// This exact file was merged before; nothing written.
    AlreadyMerged {
        round: RoundId,
        member: MemberId,
        merged_at: String,
    },
    Merged(MergeSummary),
}
