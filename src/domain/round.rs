//! A round's lifecycle: setup → scoring → deliberation → finalized → certificates issued.
//!
//! Owns the states, what each state allows ([`RoundStatus::allows`]), the allowed
//! transitions ([`transition_via`]) and the checks a transition must pass
//! ([`check_transition`]). Pure: the store gathers the facts and enforces the answer
//! (and repeats the transition table in SQLite triggers, so raw SQL cannot skip it).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::council::ResultState;
use super::ids::{MemberId, ProductId, SheetId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundStatus {
    Setup,
    Scoring,
    Deliberation,
    Finalized,
    CertificatesIssued,
}

impl RoundStatus {
    pub const ALL: [Self; 5] = [
        Self::Setup,
        Self::Scoring,
        Self::Deliberation,
        Self::Finalized,
        Self::CertificatesIssued,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Setup => "setup",
            Self::Scoring => "scoring",
            Self::Deliberation => "deliberation",
            Self::Finalized => "finalized",
            Self::CertificatesIssued => "certificates-issued",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == token)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Setup => "Chuẩn bị",
            Self::Scoring => "Đang chấm điểm",
            Self::Deliberation => "Họp thảo luận",
            Self::Finalized => "Đã phê duyệt",
            Self::CertificatesIssued => "Đã cấp giấy chứng nhận",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Setup => "Setup",
            Self::Scoring => "Scoring",
            Self::Deliberation => "Deliberation",
            Self::Finalized => "Finalized",
            Self::CertificatesIssued => "Certificates issued",
        }
    }

    /// Whether sheets, answers and results may still change.
    pub fn is_frozen(self) -> bool {
        matches!(self, Self::Finalized | Self::CertificatesIssued)
    }
}

/// The level a round is held at (QĐ 1489/2025: province for 3★–4★, central for 5★).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundLevel {
    Provincial,
    Central,
}

impl RoundLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provincial => "provincial",
            Self::Central => "central",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        [Self::Provincial, Self::Central]
            .into_iter()
            .find(|l| l.as_str() == token)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Provincial => "cấp tỉnh",
            Self::Central => "cấp trung ương",
        }
    }
}

/// Something a round's state may allow. The store checks every write against
/// [`RoundStatus::allows`]; the GUI uses the same table to offer only what is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundAction {
    /// Adding council members (the council is fixed once scoring starts: the quorum
    /// of products already scored must not move under the council's feet).
    EditCouncil,
    /// Entering products (dossiers are registered before scoring starts).
    EditProducts,
    /// Members' answers, submitting and importing sheets.
    WriteSheets,
    /// The chair or the secretary reopens one submitted sheet to correct it.
    ReopenSheet,
    /// The chair reopens a product's sheets for chosen members after the discussion.
    Rescore,
    /// Recording a conflict of interest.
    Recuse,
    /// Disqualifying a dossier (or lifting a disqualification).
    Disqualify,
}

impl RoundAction {
    pub const ALL: [Self; 7] = [
        Self::EditCouncil,
        Self::EditProducts,
        Self::WriteSheets,
        Self::ReopenSheet,
        Self::Rescore,
        Self::Recuse,
        Self::Disqualify,
    ];

    pub fn label_en(self) -> &'static str {
        match self {
            Self::EditCouncil => "changing the council",
            Self::EditProducts => "entering products",
            Self::WriteSheets => "changing sheets",
            Self::ReopenSheet => "reopening a sheet",
            Self::Rescore => "re-scoring",
            Self::Recuse => "recording a recusal",
            Self::Disqualify => "changing a disqualification",
        }
    }
}

impl RoundStatus {
    /// What each state allows (README, "The round's lifecycle").
    pub fn allows(self, action: RoundAction) -> bool {
        use RoundAction as A;
        match self {
            Self::Setup => matches!(
                action,
                A::EditCouncil | A::EditProducts | A::Recuse | A::Disqualify
            ),
            Self::Scoring => matches!(
                action,
                A::WriteSheets | A::ReopenSheet | A::Recuse | A::Disqualify
            ),
            Self::Deliberation => matches!(
                action,
                A::WriteSheets | A::ReopenSheet | A::Rescore | A::Recuse | A::Disqualify
            ),
            Self::Finalized | Self::CertificatesIssued => false,
        }
    }

    pub fn allowed_actions(self) -> Vec<RoundAction> {
        RoundAction::ALL
            .into_iter()
            .filter(|a| self.allows(*a))
            .collect()
    }

    /// Why `action` is refused in this state, for error messages.
    pub fn refusal_hint(self) -> &'static str {
        match self {
            Self::Setup => "scoring has not started (advance the round to scoring)",
            Self::Scoring => "scoring has started",
            Self::Deliberation => "the round is in deliberation",
            Self::Finalized => "the round is finalized and immutable (the chair may reopen it)",
            Self::CertificatesIssued => "certificates are issued; the round is immutable",
        }
    }
}

/// Which command performs a change of state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransitionVia {
    /// `round advance`: a plain step with no extra facts.
    Advance,
    /// `round finalize`: needs the approval decision.
    Finalize,
    /// `round reopen`: the chair, with a reason.
    Reopen,
    /// `round advance --to certificates-issued --authority …`: numbers the certificates.
    IssueCertificates,
}

/// The allowed transitions, and the command that performs each; `None`: never allowed.
///
/// setup ⇄ scoring (back only while no sheet exists) → deliberation ⇄ scoring;
/// deliberation → finalized (decision) → deliberation (reopen) or → certificates issued.
pub fn transition_via(from: RoundStatus, to: RoundStatus) -> Option<TransitionVia> {
    use RoundStatus as S;
    match (from, to) {
        (S::Setup, S::Scoring)
        | (S::Scoring, S::Setup)
        | (S::Scoring, S::Deliberation)
        | (S::Deliberation, S::Scoring) => Some(TransitionVia::Advance),
        (S::Deliberation, S::Finalized) => Some(TransitionVia::Finalize),
        (S::Finalized, S::Deliberation) => Some(TransitionVia::Reopen),
        (S::Finalized, S::CertificatesIssued) => Some(TransitionVia::IssueCertificates),
        _ => None,
    }
}

/// The People's Committee's decision approving the round's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalDecision {
    /// E.g. "1234/QĐ-UBND".
    pub number: String,
    pub date: NaiveDate,
    pub signatory: String,
}

/// A request to change a round's state.
#[derive(Debug, Clone, Copy)]
pub enum TransitionRequest<'a> {
    Advance {
        to: RoundStatus,
    },
    Finalize(&'a ApprovalDecision),
    /// Who may reopen is the permission table's business (domain/permissions.rs).
    Reopen {
        reason: &'a str,
    },
    IssueCertificates {
        authority: &'a str,
        issued_on: NaiveDate,
    },
}

impl TransitionRequest<'_> {
    fn target(&self) -> RoundStatus {
        match self {
            Self::Advance { to } => *to,
            Self::Finalize(_) => RoundStatus::Finalized,
            Self::Reopen { .. } => RoundStatus::Deliberation,
            Self::IssueCertificates { .. } => RoundStatus::CertificatesIssued,
        }
    }

    fn via(&self) -> TransitionVia {
        match self {
            Self::Advance { .. } => TransitionVia::Advance,
            Self::Finalize(_) => TransitionVia::Finalize,
            Self::Reopen { .. } => TransitionVia::Reopen,
            Self::IssueCertificates { .. } => TransitionVia::IssueCertificates,
        }
    }
}

/// A product whose result is not settled, so the round cannot be finalized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnsettledProduct {
    pub product: ProductId,
    pub name: String,
    pub state: ResultState,
}

/// A sheet reopened (correction or re-score) and not yet submitted again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingResubmission {
    pub product: ProductId,
    pub member: MemberId,
    pub sheet: SheetId,
}

/// What the store knows about a round when a transition is asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundFacts {
    pub has_chair: bool,
    pub voting_members: usize,
    pub products: usize,
    pub sheets: usize,
    /// Products whose state is neither final nor disqualified.
    pub unsettled: Vec<UnsettledProduct>,
    pub pending_resubmissions: Vec<PendingResubmission>,
    /// The approval decision's date, once finalized.
    pub decision_date: Option<NaiveDate>,
}

/// Why a transition is refused. Each is one line of the error report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionRefusal {
    #[error("the round is already {}", .0.as_str())]
    AlreadyThere(RoundStatus),
    #[error("a round cannot go from {} to {}{}", .from.as_str(), .to.as_str(), next_hint(*.from))]
    NotAllowed { from: RoundStatus, to: RoundStatus },
    #[error(
        "finalizing needs the approval decision: use `round finalize` (decision number, date, signatory)"
    )]
    UseFinalize,
    #[error(
        "a finalized round goes back to deliberation only by `round reopen` (the chair, with a reason)"
    )]
    UseReopen,
    #[error(
        "issuing certificates needs the issuing authority: use `round advance --to certificates-issued --authority …`"
    )]
    UseIssueCertificates,
    #[error("the round has no chair")]
    NoChair,
    #[error("the round has no voting member")]
    NoVotingMember,
    #[error("the round has no product")]
    NoProduct,
    #[error("{0} sheet(s) already exist: the round cannot go back to setup")]
    SheetsExist(usize),
    #[error("the approval decision needs a {0}")]
    DecisionIncomplete(&'static str),
    #[error("product {} ({}) is not settled: {}", .0.product, .0.name, .0.state.label_en())]
    Unsettled(UnsettledProduct),
    #[error("sheet {} (product {}, member {}) was reopened and is not submitted again", .0.sheet, .0.product, .0.member)]
    ResubmissionPending(PendingResubmission),
    #[error("reopening a finalized round needs a reason")]
    ReopenWithoutReason,
    #[error("certificates need an issuing authority")]
    NoAuthority,
    #[error(
        "certificates cannot be issued on {issued_on}, before the approval decision of {decided_on}"
    )]
    IssuedBeforeDecision {
        issued_on: NaiveDate,
        decided_on: NaiveDate,
    },
}

fn next_hint(from: RoundStatus) -> String {
    let next: Vec<&str> = RoundStatus::ALL
        .into_iter()
        .filter(|to| transition_via(from, *to).is_some())
        .map(RoundStatus::as_str)
        .collect();
    if next.is_empty() {
        " (it is the last state)".into()
    } else {
        format!(
            " (from {} it can go to: {})",
            from.as_str(),
            next.join(", ")
        )
    }
}

/// Checks a transition against the table and the facts; `Ok(new state)` or every reason
/// it is refused.
pub fn check_transition(
    from: RoundStatus,
    request: &TransitionRequest<'_>,
    facts: &RoundFacts,
) -> Result<RoundStatus, Vec<TransitionRefusal>> {
    use RoundStatus as S;
    let to = request.target();
    if from == to {
        return Err(vec![TransitionRefusal::AlreadyThere(to)]);
    }
    let Some(via) = transition_via(from, to) else {
        return Err(vec![TransitionRefusal::NotAllowed { from, to }]);
    };
    if via != request.via() {
        return Err(vec![match via {
            TransitionVia::Finalize => TransitionRefusal::UseFinalize,
            TransitionVia::Reopen => TransitionRefusal::UseReopen,
            TransitionVia::IssueCertificates => TransitionRefusal::UseIssueCertificates,
            TransitionVia::Advance => TransitionRefusal::NotAllowed { from, to },
        }]);
    }
    let mut refusals = Vec::new();
    match (from, request) {
        (S::Setup, _) => {
            if !facts.has_chair {
                refusals.push(TransitionRefusal::NoChair);
            }
            if facts.voting_members == 0 {
                refusals.push(TransitionRefusal::NoVotingMember);
            }
            if facts.products == 0 {
                refusals.push(TransitionRefusal::NoProduct);
            }
        }
        (S::Scoring, TransitionRequest::Advance { to: S::Setup }) if facts.sheets > 0 => {
            refusals.push(TransitionRefusal::SheetsExist(facts.sheets));
        }
        (_, TransitionRequest::Finalize(decision)) => {
            if decision.number.trim().is_empty() {
                refusals.push(TransitionRefusal::DecisionIncomplete("number"));
            }
            if decision.signatory.trim().is_empty() {
                refusals.push(TransitionRefusal::DecisionIncomplete("signatory"));
            }
            refusals.extend(
                facts
                    .unsettled
                    .iter()
                    .cloned()
                    .map(TransitionRefusal::Unsettled),
            );
            refusals.extend(
                facts
                    .pending_resubmissions
                    .iter()
                    .cloned()
                    .map(TransitionRefusal::ResubmissionPending),
            );
        }
        (_, TransitionRequest::Reopen { reason }) if reason.trim().is_empty() => {
            refusals.push(TransitionRefusal::ReopenWithoutReason);
        }
        (
            _,
            TransitionRequest::IssueCertificates {
                authority,
                issued_on,
            },
        ) => {
            if authority.trim().is_empty() {
                refusals.push(TransitionRefusal::NoAuthority);
            }
            if let Some(decided_on) = facts.decision_date
                && *issued_on < decided_on
            {
                refusals.push(TransitionRefusal::IssuedBeforeDecision {
                    issued_on: *issued_on,
                    decided_on,
                });
            }
        }
        _ => {}
    }
    if refusals.is_empty() {
        Ok(to)
    } else {
        Err(refusals)
    }
}

/// Whether a product's result lets the round be finalized: a final result (whatever
/// its stars) or a disqualification. Not scored, pending quorum and needing discussion
/// are not settled.
pub fn is_settled(state: ResultState) -> bool {
    matches!(state, ResultState::Final | ResultState::Disqualified)
}

#[cfg(test)]
#[path = "round_tests.rs"]
mod tests;
