//! A round as stored, with its counts.

use serde::Serialize;

use crate::domain::council::CouncilRules;
use crate::domain::ids::{MemberId, RoundId};
use crate::domain::round::{RoundLevel, RoundStatus};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundRow {
    pub id: RoundId,
    pub name: String,
    pub level: RoundLevel,
    pub criteria_set_id: String,
    pub status: RoundStatus,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub rules: CouncilRules,
    pub star_marks_binding: bool,
    pub decision_no: Option<String>,
    pub decision_date: Option<String>,
    pub signatory: Option<String>,
    pub created_at: String,
    /// The stable id shared by every data folder the round package went to.
    pub uid: String,
    pub product_count: i64,
    pub member_count: i64,
    /// Everyone acting in the round enters a PIN (README: "Who may do what").
    pub pins_required: bool,
    /// This data folder is that member's own laptop for the round (from a package).
    pub laptop_member: Option<MemberId>,
}
