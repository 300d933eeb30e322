//! What the worker tells the UI as data: a [`Notice`] when a change went
//! through, a [`Refusal`] when the store refused one for reasons it can name.
//! The UI says both in the user's language (ui/messages.rs); nothing here is a
//! sentence.

use std::path::PathBuf;

use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::round::{RoundAction, RoundStatus, TransitionRefusal};
use crate::store::StoreError;

/// A change that went through, with what the user needs to recognise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The round moved to `to`.
    RoundMoved {
        to: RoundStatus,
    },
    /// The round was finalized under `decision`; `seal` is the start of its seal.
    Finalized {
        decision: String,
        seal: String,
    },
    /// A finalized round went back to deliberation.
    RoundReopened,
    CertificatesIssued {
        count: usize,
    },
    /// A re-score reopened `count` sheets.
    SheetsReopenedForRescore {
        count: usize,
    },
    /// One submitted sheet was reopened.
    SheetReopened {
        product: ProductId,
        member: MemberId,
    },
    RecusalRecorded,
    /// The council named who presides over a product in the recused chair's place.
    PresidingNamed,
    Disqualified,
    DisqualificationLifted,
    CertificateRevoked {
        number: String,
    },
    ProductsImported {
        count: usize,
        from: PathBuf,
    },
    MemberAdded {
        name: String,
    },
    KeyRegistered,
    DocSettingsSaved,
    DataFolderCreated {
        path: PathBuf,
    },
}

impl Notice {
    /// True when the change shows in the open round (the UI reloads it); only
    /// creating the data folder changes no round.
    pub fn changes_round(&self) -> bool {
        !matches!(self, Self::DataFolderCreated { .. })
    }
}

/// Why the store refused a change, when it can say it as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A round's state change, with every reason.
    Transition {
        round: RoundId,
        refusals: Vec<TransitionRefusal>,
    },
    /// The round's state does not allow the action.
    NotInState {
        status: RoundStatus,
        action: RoundAction,
    },
    /// Every reason, typed (domain/refusal.rs); the UI says each in its language.
    Refused(crate::domain::refusal::Refusal),
}

impl Refusal {
    /// The refusal in a store error, if it is one.
    pub fn of(e: &StoreError) -> Option<Self> {
        match e {
            StoreError::Transition { round, refusals } => Some(Self::Transition {
                round: *round,
                refusals: refusals.clone(),
            }),
            StoreError::NotInState { status, action, .. } => Some(Self::NotInState {
                status: *status,
                action: *action,
            }),
            StoreError::Refused(refusal) => Some(Self::Refused(refusal.clone())),
            _ => None,
        }
    }
}
