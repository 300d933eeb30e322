//! Council members of a round, and their recusals.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, params};

use super::audit::{self, Actor};
use super::authorize::authorize_on;
use super::{Store, StoreError, StoreResult, begin, now, results};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::member::Role;
pub use crate::domain::model::MemberRow;
use crate::domain::permissions::CouncilAction;
use crate::domain::refusal::{CouncilFault, StoreOperation};
use crate::domain::round::RoundAction;

fn member_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MemberRow> {
    let role: String = r.get(3)?;
    Ok(MemberRow {
        id: MemberId(r.get(0)?),
        round_id: RoundId(r.get(1)?),
        name: r.get(2)?,
        role: Role::parse(&role).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("unknown role \"{role}\"").into(),
            )
        })?,
        voting: r.get(4)?,
        uid: r.get(5)?,
        public_key: r.get(6)?,
    })
}

pub(super) fn members_on(conn: &Connection, round: RoundId) -> StoreResult<Vec<MemberRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, round_id, name, role, voting, uid, public_key FROM members WHERE round_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([round.0], member_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn member_on(conn: &Connection, id: MemberId) -> StoreResult<MemberRow> {
    conn.query_row(
        "SELECT id, round_id, name, role, voting, uid, public_key FROM members WHERE id = ?1",
        [id.0],
        member_from_row,
    )
    .optional()?
    .ok_or(StoreError::NoMember(id))
}

pub(super) fn recused_on(conn: &Connection, product: ProductId) -> StoreResult<BTreeSet<MemberId>> {
    let mut stmt = conn.prepare("SELECT member_id FROM recusals WHERE product_id = ?1")?;
    let rows = stmt.query_map([product.0], |r| Ok(MemberId(r.get(0)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    pub fn add_member(
        &mut self,
        round: RoundId,
        name: &str,
        role: Role,
        voting: bool,
        actor: &Actor,
    ) -> StoreResult<MemberId> {
        let refused = |fault| StoreError::refused(StoreOperation::NewMember { round }, fault);
        let name = name.trim();
        if name.is_empty() {
            return Err(refused(CouncilFault::MemberNeedsName));
        }
        self.ensure_allows(round, RoundAction::EditCouncil)?;
        // A chair who does not vote could never take part, so a round whose quorum
        // needs the chair would stay "pending quorum" forever.
        if role == Role::Chair && !voting && self.round(round)?.rules.quorum_requires_chair {
            return Err(refused(CouncilFault::ChairMustVote { round }));
        }
        if role == Role::Chair && self.members(round)?.iter().any(|m| m.role == Role::Chair) {
            return Err(refused(CouncilFault::SecondChair { round }));
        }
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::SetUpRound, None)?;
        tx.execute(
            "INSERT INTO members (round_id, name, role, voting, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![round.0, name, role.as_str(), voting, now()],
        )?;
        let id = MemberId(tx.last_insert_rowid());
        // A new voter changes every product's quorum.
        results::refresh_round(&tx, &self.sheet_cache, round)?;
        audit::append(
            &tx,
            round,
            actor,
            "member.add",
            &format!("member:{id}"),
            None,
            Some(&format!(
                "{name}, {}{}",
                role.as_str(),
                if voting { "" } else { ", non-voting" }
            )),
        )?;
        tx.commit()?;
        Ok(id)
    }

    pub fn members(&self, round: RoundId) -> StoreResult<Vec<MemberRow>> {
        members_on(&self.conn, round)
    }

    pub fn member(&self, id: MemberId) -> StoreResult<MemberRow> {
        member_on(&self.conn, id)
    }

    /// Members recused from a product.
    pub fn recused_members(&self, product: ProductId) -> StoreResult<BTreeSet<MemberId>> {
        recused_on(&self.conn, product)
    }
}
