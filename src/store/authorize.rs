//! Every write's permission check: the actor as the store knows them, the round's
//! PIN rule and laptop owner, and the domain's table ([`permissions::permit`]).
//!
//! Called inside the write's own transaction, before anything is written, so a
//! refused request writes nothing, whoever sent it. Also the check alone, for a
//! write outside the database (the document settings), and its audit record.

use rusqlite::{Connection, OptionalExtension};

use super::{Store, StoreError, StoreResult, audit, begin};
use crate::domain::actor::{Actor, Principal};
use crate::domain::ids::{MemberId, RoundId};
use crate::domain::member::Role;
use crate::domain::permissions::{self, Acting, Circumstances, CouncilAction, Holder};
use crate::domain::refusal::{CouncilFault, StoreFault, StoreOperation};

/// A member's role and vote, if they sit on `round`'s council.
fn member_in_round(
    conn: &Connection,
    round: RoundId,
    member: MemberId,
) -> StoreResult<Option<(Role, bool)>> {
    let row: Option<(String, bool)> = conn
        .query_row(
            "SELECT role, voting FROM members WHERE id = ?1 AND round_id = ?2",
            [member.0, round.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(role, voting)| {
        Role::parse(&role)
            .map(|role| (role, voting))
            .ok_or_else(|| StoreError::Corrupt(format!("member {member} has role \"{role}\"")))
    })
    .transpose()
}

/// The actor as the permission table sees them; a member of another round is
/// refused, as `operation`.
pub(super) fn acting_on(
    conn: &Connection,
    round: RoundId,
    actor: &Actor,
    operation: StoreOperation,
) -> StoreResult<Acting> {
    match actor.principal {
        Principal::Secretariat => Ok(Acting::Secretariat),
        Principal::Member(id) => match member_in_round(conn, round, id)? {
            Some((role, voting)) => Ok(Acting::Member { id, role, voting }),
            None => Err(StoreError::refused(
                operation,
                StoreFault::NotOnCouncil { member: id, round },
            )),
        },
    }
}

/// The round's PIN rule and laptop owner.
pub(super) fn round_people_rules(
    conn: &Connection,
    round: RoundId,
) -> StoreResult<(bool, Option<MemberId>)> {
    conn.query_row(
        "SELECT pins_required, laptop_member FROM rounds WHERE id = ?1",
        [round.0],
        |r| {
            Ok((
                r.get::<_, bool>(0)?,
                r.get::<_, Option<i64>>(1)?.map(MemberId),
            ))
        },
    )
    .optional()?
    .ok_or(StoreError::NoRound(round))
}

/// Refuses, with [`StoreError::NotPermitted`], unless `actor` may perform `action` in
/// `round` (on `subject`'s sheet or recusal, where it concerns one member).
pub(super) fn authorize_on(
    conn: &Connection,
    round: RoundId,
    actor: &Actor,
    action: CouncilAction,
    subject: Option<MemberId>,
) -> StoreResult<Holder> {
    let operation = StoreOperation::Acting { round, action };
    let acting = acting_on(conn, round, actor, operation.clone())?;
    let (pins_required, laptop_of) = round_people_rules(conn, round)?;
    let order_from = match actor.order() {
        Some(order) => Some(
            member_in_round(conn, round, order.by)?
                .map(|(role, _)| role)
                .ok_or_else(|| {
                    StoreError::refused(
                        operation,
                        CouncilFault::OrderGiverNotOnCouncil {
                            member: order.by,
                            round,
                        },
                    )
                })?,
        ),
        None => None,
    };
    permissions::permit(
        action,
        acting,
        actor,
        Circumstances {
            subject,
            order_from,
            pins_required: pins_required.then_some(round),
            laptop_of,
        },
    )
    .map_err(StoreError::NotPermitted)
}

impl Store {
    /// Refuses unless `actor` may perform `action` in `round`; writes nothing (for
    /// writes outside the database, checked before they happen: the settings file).
    pub fn check_permission(
        &self,
        round: RoundId,
        actor: &Actor,
        action: CouncilAction,
    ) -> StoreResult<()> {
        authorize_on(&self.conn, round, actor, action, None).map(|_| ())
    }

    /// Checks that `actor` may edit the document settings, and records the edit in
    /// `round`'s audit log (the settings file itself lives beside the database; it is
    /// written after [`Store::check_permission`] and before this record).
    pub fn record_settings_edit(&mut self, round: RoundId, actor: &Actor) -> StoreResult<()> {
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::EditDocumentSettings, None)?;
        audit::append(
            &tx,
            round,
            actor,
            "documents.settings",
            "document-settings.json",
            None,
            Some("edited"),
        )?;
        tx.commit()?;
        Ok(())
    }
}
