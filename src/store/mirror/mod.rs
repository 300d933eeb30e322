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
mod presiding;

use serde::Serialize;

use crate::domain::ids::RoundId;
pub use crate::domain::model::{MirrorChange, MirrorDossier, MirrorNote, RoundMirror};

/// What mirroring did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MirrorReport {
    pub round: RoundId,
    /// The round was new here.
    pub created: bool,
    /// Each change (empty: the package brought nothing new).
    pub changes: Vec<MirrorChange>,
    /// What was left as it is, and why (e.g. a member no longer in the package).
    pub notes: Vec<MirrorNote>,
}

impl MirrorReport {
    pub fn changed(&self) -> bool {
        self.created || !self.changes.is_empty()
    }
}
