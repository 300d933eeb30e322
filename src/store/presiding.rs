//! The member presiding over a product from which the chair is recused, when no
//! vice-chair stands in: the council names them, the secretary (or a vice-chair
//! recused too) records it, audited as `presiding.name`, and that member then counts
//! as the chair for the product's quorum (domain/council.rs). Without it such a
//! product could never be finalized while the quorum requires the chair.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::audit::{self, Actor};
use super::authorize::authorize_on;
use super::members::{members_on, recused_on};
use super::products::product_on;
use super::rounds::ensure_allows_on;
use super::{Store, StoreError, StoreResult, begin, now, results};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::member::Role;
use crate::domain::model::PresidingMember;
use crate::domain::permissions::CouncilAction;
use crate::domain::refusal::{CouncilFault, StoreFault, StoreOperation};
use crate::domain::round::RoundAction;

/// One product's presiding member, with names for the minutes and the GUI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresidingRow {
    pub product_id: ProductId,
    pub product_name: String,
    pub member_id: MemberId,
    pub member_name: String,
    /// Who recorded it, as shown: "Lê Văn C (secretary)".
    pub recorded_by: String,
    pub created_at: String,
}

/// The presiding member of one product, if the council named one.
pub(super) fn presiding_on(conn: &Connection, product: ProductId) -> StoreResult<Option<MemberId>> {
    Ok(conn
        .query_row(
            "SELECT member_id FROM presiding_members WHERE product_id = ?1",
            [product.0],
            |r| r.get(0),
        )
        .optional()?
        .map(MemberId))
}

/// The presiding member of one product as recorded (for its result).
pub(super) fn presiding_record_on(
    conn: &Connection,
    product: ProductId,
) -> StoreResult<Option<PresidingMember>> {
    Ok(conn
        .query_row(
            "SELECT member_id, recorded_by, created_at FROM presiding_members
             WHERE product_id = ?1",
            [product.0],
            |r| {
                Ok(PresidingMember {
                    member: MemberId(r.get(0)?),
                    recorded_by: r.get(1)?,
                    recorded_at: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Every named presiding member of a round, by product, as recorded.
pub(super) fn presiding_of_round_on(
    conn: &Connection,
    round: RoundId,
) -> StoreResult<BTreeMap<ProductId, PresidingMember>> {
    let mut stmt = conn.prepare(
        "SELECT product_id, member_id, recorded_by, created_at FROM presiding_members
         WHERE round_id = ?1",
    )?;
    let rows = stmt.query_map([round.0], |r| {
        Ok((
            ProductId(r.get(0)?),
            PresidingMember {
                member: MemberId(r.get(1)?),
                recorded_by: r.get(2)?,
                recorded_at: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Records that the council named `member` to preside over `product`. Refused
    /// unless the voting chair is recused from the product and no voting vice-chair
    /// is left to stand in; the member must vote and not be recused themself. Naming
    /// another member later replaces the first (both audited).
    pub fn name_presiding_member(
        &mut self,
        product: ProductId,
        member: MemberId,
        actor: &Actor,
    ) -> StoreResult<()> {
        let tx = begin(&mut self.conn)?;
        let round = product_on(&tx, product)?.round_id;
        ensure_allows_on(&tx, round, RoundAction::Recuse)?;
        authorize_on(&tx, round, actor, CouncilAction::NamePresidingMember, None)?;
        let council = members_on(&tx, round)?;
        let recused = recused_on(&tx, product)?;
        let chair_recused = council
            .iter()
            .any(|m| m.role == Role::Chair && m.voting && recused.contains(&m.id));
        let refused = |fault| StoreError::refused(StoreOperation::Presiding { product }, fault);
        if !chair_recused {
            return Err(refused(CouncilFault::ChairPresides { product }));
        }
        if let Some(vice) = council
            .iter()
            .find(|m| m.role == Role::ViceChair && m.voting && !recused.contains(&m.id))
        {
            return Err(refused(CouncilFault::ViceChairStandsIn {
                vice_chair: vice.id,
                name: vice.name.clone(),
                product,
            }));
        }
        let named = council.iter().find(|m| m.id == member).ok_or_else(|| {
            StoreError::refused(
                StoreOperation::Presiding { product },
                StoreFault::NotOnCouncil { member, round },
            )
        })?;
        if !named.voting {
            return Err(refused(CouncilFault::CannotCountAsChair {
                member,
                name: named.name.clone(),
            }));
        }
        if recused.contains(&member) {
            return Err(refused(CouncilFault::PresidingRecused {
                member,
                name: named.name.clone(),
                product,
            }));
        }
        let previous = presiding_on(&tx, product)?;
        if previous == Some(member) {
            return Ok(());
        }
        let recorded_by = match actor.member_id() {
            Some(id) => council
                .iter()
                .find(|m| m.id == id)
                .map(|m| format!("{} ({})", m.name, m.role.as_str()))
                .unwrap_or_else(|| format!("member {id}")),
            None => "secretariat".to_string(),
        };
        tx.execute(
            "INSERT INTO presiding_members (round_id, product_id, member_id, recorded_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (product_id) DO UPDATE SET member_id = excluded.member_id,
                 recorded_by = excluded.recorded_by, created_at = excluded.created_at",
            params![round.0, product.0, member.0, recorded_by, now()],
        )?;
        let name_of = |id: MemberId| {
            council
                .iter()
                .find(|m| m.id == id)
                .map(|m| format!("{} (member {id})", m.name))
                .unwrap_or_else(|| format!("member {id}"))
        };
        audit::append(
            &tx,
            round,
            actor,
            "presiding.name",
            &format!("product:{product} member:{member}"),
            previous.map(name_of).as_deref(),
            Some(&format!(
                "{} presides for the recused chair",
                name_of(member)
            )),
        )?;
        results::refresh(&tx, &self.sheet_cache, round, product)?;
        tx.commit()?;
        Ok(())
    }

    /// A round's presiding members, by product.
    pub fn presiding_members(&self, round: RoundId) -> StoreResult<Vec<PresidingRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT pm.product_id, p.name, pm.member_id, m.name, pm.recorded_by, pm.created_at
             FROM presiding_members pm
             JOIN products p ON p.id = pm.product_id
             JOIN members m ON m.id = pm.member_id
             WHERE pm.round_id = ?1 ORDER BY pm.product_id",
        )?;
        let rows = stmt.query_map([round.0], |r| {
            Ok(PresidingRow {
                product_id: ProductId(r.get(0)?),
                product_name: r.get(1)?,
                member_id: MemberId(r.get(2)?),
                member_name: r.get(3)?,
                recorded_by: r.get(4)?,
                created_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
