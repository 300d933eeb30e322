//! What the council of laptops needs from the database besides the mirror and the
//! merge: members' public keys, lookups by stable id (uid), the raw criteria
//! snapshots a round package carries, the packages merged here and the conflicts.

use crate::domain::permissions::CouncilAction;
use crate::store::authorize::authorize_on;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::audit::{self, Actor};
use super::members::MemberRow;
use super::rounds::{RoundRow, round_on};
use super::{FrozenChange, Store, StoreError, StoreResult, begin};
use crate::domain::ids::{MemberId, ProductId, RoundId};
pub use crate::domain::model::{ConflictRow, RawSnapshot};
use crate::domain::refusal::{CouncilFault, StoreOperation};

/// A sheets package applied here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergedPackageRow {
    pub sha256: String,
    pub round_id: RoundId,
    pub member_id: MemberId,
    pub public_key: String,
    pub source_name: String,
    pub summary: String,
    pub merged_at: String,
    pub merged_by: String,
}

pub(super) fn round_by_uid_on(conn: &Connection, uid: &str) -> StoreResult<Option<RoundRow>> {
    let id: Option<i64> = conn
        .query_row("SELECT id FROM rounds WHERE uid = ?1", [uid], |r| r.get(0))
        .optional()?;
    id.map(|id| round_on(conn, RoundId(id))).transpose()
}

pub(super) fn raw_snapshots_on(conn: &Connection, round: RoundId) -> StoreResult<Vec<RawSnapshot>> {
    let mut stmt = conn.prepare(
        "SELECT rs.product_set, s.hash, s.json FROM round_sheets rs
         JOIN criteria_snapshots s ON s.hash = rs.snapshot_hash
         WHERE rs.round_id = ?1 ORDER BY rs.product_set",
    )?;
    let rows = stmt.query_map([round.0], |r| {
        Ok(RawSnapshot {
            product_set: r.get(0)?,
            hash: r.get(1)?,
            json: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// The round with this stable id, if this data folder has it.
    pub fn round_by_uid(&self, uid: &str) -> StoreResult<Option<RoundRow>> {
        round_by_uid_on(&self.conn, uid)
    }

    /// The member of `round` whose registered public key is `public_key` (hex).
    pub fn member_with_key(
        &self,
        round: RoundId,
        public_key: &str,
    ) -> StoreResult<Option<MemberRow>> {
        Ok(self
            .members(round)?
            .into_iter()
            .find(|m| m.public_key.as_deref() == Some(public_key)))
    }

    /// Registers (or replaces) the public key that signs `member`'s sheets packages.
    /// `public_key` must already be checked (`exchange::signed::parse_public_key`).
    /// Refused in a finalized round and when another member of the round has the key.
    pub fn set_member_key(
        &mut self,
        member: MemberId,
        public_key: &str,
        actor: &Actor,
    ) -> StoreResult<()> {
        let row = self.member(member)?;
        let round = self.round(row.round_id)?;
        if round.status.is_frozen() {
            return Err(StoreError::Frozen {
                round: round.id,
                status: round.status,
                what: FrozenChange::MemberKey,
            });
        }
        if row.public_key.as_deref() == Some(public_key) {
            return Ok(());
        }
        if let Some(other) = self.member_with_key(round.id, public_key)? {
            return Err(StoreError::refused(
                StoreOperation::RegisterKey { member },
                CouncilFault::KeyOfAnotherMember {
                    member: other.id,
                    name: other.name,
                    round: round.id,
                },
            ));
        }
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round.id, actor, CouncilAction::RegisterKeys, None)?;
        tx.execute(
            "UPDATE members SET public_key = ?2 WHERE id = ?1",
            params![member.0, public_key],
        )?;
        audit::append(
            &tx,
            round.id,
            actor,
            "member.key",
            &format!("member:{member}"),
            row.public_key.as_deref(),
            Some(public_key),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The criteria snapshots of a round, as stored.
    pub fn raw_snapshots(&self, round: RoundId) -> StoreResult<Vec<RawSnapshot>> {
        raw_snapshots_on(&self.conn, round)
    }

    /// The sheets packages merged into a round, oldest first.
    pub fn merged_packages(&self, round: RoundId) -> StoreResult<Vec<MergedPackageRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT sha256, round_id, member_id, public_key, source_name, summary, merged_at, merged_by
             FROM merged_packages WHERE round_id = ?1 ORDER BY merged_at, sha256",
        )?;
        let rows = stmt.query_map([round.0], |r| {
            Ok(MergedPackageRow {
                sha256: r.get(0)?,
                round_id: RoundId(r.get(1)?),
                member_id: MemberId(r.get(2)?),
                public_key: r.get(3)?,
                source_name: r.get(4)?,
                summary: r.get(5)?,
                merged_at: r.get(6)?,
                merged_by: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The conflicts merges recorded in a round, by product, member, then time.
    pub fn sheet_conflicts(&self, round: RoundId) -> StoreResult<Vec<ConflictRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.round_id, c.product_id, p.name, c.member_id, m.name, c.package_sha256,
                    c.incoming_total, c.incoming_answers_json, c.incoming_updated_at,
                    c.incoming_submitted_at, c.stored_status, c.stored_total, c.stored_updated_at,
                    c.stored_submitted_at, c.reason, c.recorded_at
             FROM sheet_conflicts c
             JOIN products p ON p.id = c.product_id
             JOIN members m ON m.id = c.member_id
             WHERE c.round_id = ?1 ORDER BY c.product_id, c.member_id, c.id",
        )?;
        let rows = stmt.query_map([round.0], |r| {
            Ok((
                ConflictRow {
                    id: r.get(0)?,
                    round_id: RoundId(r.get(1)?),
                    product_id: ProductId(r.get(2)?),
                    product_name: r.get(3)?,
                    member_id: MemberId(r.get(4)?),
                    member_name: r.get(5)?,
                    package_sha256: r.get(6)?,
                    incoming_total: r.get(7)?,
                    incoming_answers: Vec::new(),
                    incoming_updated_at: r.get(9)?,
                    incoming_submitted_at: r.get(10)?,
                    stored_status: r.get(11)?,
                    stored_total: r.get(12)?,
                    stored_updated_at: r.get(13)?,
                    stored_submitted_at: r.get(14)?,
                    reason: r.get(15)?,
                    recorded_at: r.get(16)?,
                },
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut conflict, json) = row?;
            conflict.incoming_answers = serde_json::from_str(&json).map_err(|e| {
                StoreError::Corrupt(format!(
                    "conflict {}: answers do not parse: {e}",
                    conflict.id
                ))
            })?;
            out.push(conflict);
        }
        Ok(out)
    }
}
