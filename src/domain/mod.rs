//! The domain: official criteria as data, a member's sheet arithmetic, and the
//! council's rules (means, star bands and caps, spread, quorum, disqualification).
//!
//! Pure code: no egui, no SQL, no PDF, no clock. Everything here is deterministic
//! and unit-tested; the store, the CLI and the GUI all call into it.

pub mod actor;
pub mod catalogue;
pub mod certificate;
pub mod commune;
pub mod completeness;
pub mod council;
pub mod criteria;
pub mod date;
pub mod decision;
pub mod disagreement;
pub mod disqualify;
pub mod dossier;
pub mod ids;
pub mod mean;
pub mod member;
pub mod model;
pub mod permissions;
pub mod pin;
pub mod progress;
pub mod quorum;
pub mod refusal;
pub mod round;
pub mod score;
pub mod stars;

#[cfg(test)]
mod council_tests;
#[cfg(test)]
pub(crate) mod testkit;
