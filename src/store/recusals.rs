//! Recusals: a member declares a conflict of interest on a product, or the chair
//! records it. The member can no longer change that product's sheet and is left out
//! of its mean and quorum (the domain's rule); the list goes into the minutes.

use rusqlite::params;
use serde::Serialize;

use super::audit::{self, Actor};
use super::authorize::authorize_on;
use super::members::{members_on, recused_on};
use super::products::product_on;
use super::rounds::ensure_allows_on;
use super::{Store, StoreError, StoreResult, begin, now, results};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::permissions::CouncilAction;
use crate::domain::refusal::{CouncilFault, Problem, StoreFault, StoreOperation};
use crate::domain::round::RoundAction;

/// One recusal, with names for the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecusalRow {
    pub round_id: RoundId,
    pub product_id: ProductId,
    pub product_name: String,
    pub member_id: MemberId,
    pub member_name: String,
    pub reason: String,
    /// Who recorded it, as shown: "Nguyễn Văn An (chair)".
    pub recorded_by: String,
    /// The recording member; `None` for recusals stored before this was kept.
    pub recorded_by_member: Option<MemberId>,
    /// Whether the member declared it (rather than the chair recording it).
    pub declared_by_member: bool,
    pub created_at: String,
}

impl Store {
    /// Records that `member` is recused from `product`: declared by the member
    /// themself, or recorded by the chair (the vice-chair standing in), whoever the
    /// actor is. Refused in a finalized round, twice for the same pair, or without a
    /// reason.
    pub fn record_recusal(
        &mut self,
        product: ProductId,
        member: MemberId,
        reason: &str,
        actor: &Actor,
    ) -> StoreResult<()> {
        let refused = |problem: Problem| {
            StoreError::refused(StoreOperation::Recusal { product, member }, problem)
        };
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(refused(CouncilFault::RecusalNeedsReason.into()));
        }
        let tx = begin(&mut self.conn)?;
        let product_row = product_on(&tx, product)?;
        let round = product_row.round_id;
        ensure_allows_on(&tx, round, RoundAction::Recuse)?;
        let action = if actor.member_id() == Some(member) {
            CouncilAction::DeclareConflict
        } else {
            CouncilAction::RecordRecusal
        };
        authorize_on(&tx, round, actor, action, Some(member))?;
        let council = members_on(&tx, round)?;
        let find = |id: MemberId| {
            council
                .iter()
                .find(|m| m.id == id)
                .ok_or_else(|| refused(StoreFault::NotOnCouncil { member: id, round }.into()))
        };
        let member_row = find(member)?;
        let recorded_by = actor
            .member_id()
            .ok_or_else(|| refused(CouncilFault::RecusalByMember.into()))?;
        let by_row = find(recorded_by)?;
        if recused_on(&tx, product)?.contains(&member) {
            return Err(refused(
                CouncilFault::AlreadyRecused { member, product }.into(),
            ));
        }
        let recorded_by_label = format!("{} ({})", by_row.name, by_row.role.as_str());
        tx.execute(
            "INSERT INTO recusals (round_id, product_id, member_id, reason, recorded_by,
                                   recorded_by_member, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                round.0,
                product.0,
                member.0,
                reason,
                recorded_by_label,
                recorded_by.0,
                now()
            ],
        )?;
        audit::append(
            &tx,
            round,
            actor,
            "recusal.record",
            &format!("product:{product} member:{member}"),
            None,
            Some(&format!(
                "{} recused: {reason} ({} by {recorded_by_label})",
                member_row.name,
                if by_row.id == member {
                    "declared"
                } else {
                    "recorded"
                }
            )),
        )?;
        results::refresh(&tx, &self.sheet_cache, round, product)?;
        tx.commit()?;
        Ok(())
    }

    /// A round's recusals, by product then member.
    pub fn recusals(&self, round: RoundId) -> StoreResult<Vec<RecusalRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.round_id, r.product_id, p.name, r.member_id, m.name, r.reason,
                    r.recorded_by, r.recorded_by_member, r.created_at
             FROM recusals r
             JOIN products p ON p.id = r.product_id
             JOIN members m ON m.id = r.member_id
             WHERE r.round_id = ?1 ORDER BY r.product_id, r.member_id",
        )?;
        let rows = stmt.query_map([round.0], |r| {
            let member_id = MemberId(r.get(3)?);
            let recorded_by_member: Option<MemberId> = r.get::<_, Option<i64>>(7)?.map(MemberId);
            Ok(RecusalRow {
                round_id: RoundId(r.get(0)?),
                product_id: ProductId(r.get(1)?),
                product_name: r.get(2)?,
                member_id,
                member_name: r.get(4)?,
                reason: r.get(5)?,
                recorded_by: r.get(6)?,
                recorded_by_member,
                declared_by_member: recorded_by_member == Some(member_id),
                created_at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
