//! A council member of a round, as stored.

use serde::Serialize;

use crate::domain::council::Voter;
use crate::domain::ids::{MemberId, RoundId};
use crate::domain::member::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRow {
    pub id: MemberId,
    pub round_id: RoundId,
    pub name: String,
    pub role: Role,
    pub voting: bool,
    /// The stable id shared by every data folder the round package went to.
    pub uid: String,
    /// The Ed25519 public key (hex) that signs this member's sheets packages.
    pub public_key: Option<String>,
}

impl MemberRow {
    pub fn voter(&self) -> Voter {
        Voter {
            member: self.id,
            role: self.role,
            voting: self.voting,
        }
    }
}
