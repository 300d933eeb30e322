//! Moving a round through its states: advance, finalize (with the approval decision
//! and a seal of the round's content in the audit chain), reopen (the chair, with a
//! reason).
//!
//! The domain decides ([`check_transition`]); this module gathers the facts inside
//! the write transaction and writes the change. Each change appends a `round.state`
//! entry (old → new) *before* updating `rounds.status`: the `rounds_status_logged`
//! trigger refuses a status change without that entry, so even raw SQL must forge an
//! audit entry, which `verify` then detects.

use crate::domain::permissions::CouncilAction;
use crate::store::authorize::authorize_on;
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, params};

use super::audit::{self, Actor};
use super::members::members_on;
use super::products::products_on;
use super::rescore::pending_resubmissions_on;
use super::results::{self, round_results_on};
use super::rounds::round_on;
use super::snapshots::SheetCache;
use super::{Store, StoreError, StoreResult, begin, seal};
use crate::domain::ids::{MemberId, RoundId};
use crate::domain::member::Role;
use crate::domain::refusal::{CouncilFault, StoreOperation};
use crate::domain::round::{
    ApprovalDecision, RoundFacts, RoundStatus, TransitionRefusal, TransitionRequest,
    UnsettledProduct, check_transition, is_settled,
};

/// The audit action of a state change; `old_value`/`new_value` are the status tokens.
pub(super) const STATE_ACTION: &str = "round.state";

pub(super) fn parse_date(what: &str, text: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("{what} \"{text}\" is not a date")))
}

/// What the domain needs to decide a transition, read inside the caller's transaction.
pub(super) fn round_facts_on(
    conn: &Connection,
    cache: &SheetCache,
    round: RoundId,
) -> StoreResult<RoundFacts> {
    let row = round_on(conn, round)?;
    let members = members_on(conn, round)?;
    let sheets: i64 = conn.query_row(
        "SELECT count(*) FROM sheets WHERE round_id = ?1",
        [round.0],
        |r| r.get(0),
    )?;
    let unsettled = round_results_on(conn, cache, round)?
        .products
        .into_iter()
        .filter(|o| !is_settled(o.result.state))
        .map(|o| UnsettledProduct {
            product: o.product.id,
            name: o.product.name,
            state: o.result.state,
        })
        .collect();
    Ok(RoundFacts {
        has_chair: members.iter().any(|m| m.role == Role::Chair),
        voting_members: members.iter().filter(|m| m.voting).count(),
        products: products_on(conn, round)?.len(),
        sheets: sheets as usize,
        unsettled,
        pending_resubmissions: pending_resubmissions_on(conn, round)?,
        decision_date: row
            .decision_date
            .as_deref()
            .map(|d| parse_date("decision date", d))
            .transpose()?,
    })
}

pub(super) fn refused(round: RoundId, refusals: Vec<TransitionRefusal>) -> StoreError {
    StoreError::Transition { round, refusals }
}

/// Appends the `round.state` entry and moves the status, in the caller's transaction.
pub(super) fn change_status(
    tx: &Transaction<'_>,
    round: RoundId,
    from: RoundStatus,
    to: RoundStatus,
    actor: &Actor,
) -> StoreResult<()> {
    audit::append(
        tx,
        round,
        actor,
        STATE_ACTION,
        &format!("round:{round}"),
        Some(from.as_str()),
        Some(to.as_str()),
    )?;
    tx.execute(
        "UPDATE rounds SET status = ?2 WHERE id = ?1",
        params![round.0, to.as_str()],
    )?;
    Ok(())
}

impl Store {
    /// What the domain would check for a transition now (for the GUI to explain a
    /// disabled button before the user presses it).
    pub fn round_facts(&self, round: RoundId) -> StoreResult<RoundFacts> {
        round_facts_on(&self.conn, &self.sheet_cache, round)
    }

    /// A plain step: setup ⇄ scoring, scoring ⇄ deliberation. Finalizing, reopening
    /// and issuing certificates have their own functions.
    pub fn advance_round(
        &mut self,
        round: RoundId,
        to: RoundStatus,
        actor: &Actor,
    ) -> StoreResult<()> {
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::MoveRound, None)?;
        let from = round_on(&tx, round)?.status;
        let facts = round_facts_on(&tx, &self.sheet_cache, round)?;
        check_transition(from, &TransitionRequest::Advance { to }, &facts)
            .map_err(|r| refused(round, r))?;
        change_status(&tx, round, from, to, actor)?;
        tx.commit()?;
        Ok(())
    }

    /// Deliberation → finalized, recording the approval decision. Refused, listing
    /// each, while a product is not settled (final or disqualified) or a reopened sheet
    /// is not submitted again. Refreshes every result, then records a digest of the
    /// round's content (`round.seal`) that `verify` compares later. Returns the digest.
    pub fn finalize_round(
        &mut self,
        round: RoundId,
        decision: &ApprovalDecision,
        actor: &Actor,
    ) -> StoreResult<String> {
        let decision = ApprovalDecision {
            number: decision.number.trim().to_string(),
            date: decision.date,
            signatory: decision.signatory.trim().to_string(),
        };
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::Finalize, None)?;
        let from = round_on(&tx, round)?.status;
        let facts = round_facts_on(&tx, &self.sheet_cache, round)?;
        check_transition(from, &TransitionRequest::Finalize(&decision), &facts)
            .map_err(|r| refused(round, r))?;
        for product in products_on(&tx, round)? {
            results::refresh(&tx, &self.sheet_cache, round, product.id)?;
        }
        tx.execute(
            "UPDATE rounds SET decision_no = ?2, decision_date = ?3, signatory = ?4 WHERE id = ?1",
            params![
                round.0,
                decision.number,
                decision.date.to_string(),
                decision.signatory
            ],
        )?;
        let digest = seal::round_digest(&tx, round)?;
        audit::append(
            &tx,
            round,
            actor,
            "round.finalize",
            &format!("round:{round}"),
            None,
            Some(&format!(
                "decision {} of {}, signed by {}",
                decision.number, decision.date, decision.signatory
            )),
        )?;
        audit::append(
            &tx,
            round,
            actor,
            seal::SEAL_ACTION,
            &format!("round:{round}"),
            None,
            Some(&digest),
        )?;
        change_status(&tx, round, from, RoundStatus::Finalized, actor)?;
        tx.commit()?;
        Ok(digest)
    }

    /// Finalized → deliberation, by the chair or the secretary (the actor) with a
    /// reason. The approval decision is cleared (the old one stays in the audit log).
    /// Returns the member recorded as reopening it.
    pub fn reopen_round(
        &mut self,
        round: RoundId,
        reason: &str,
        actor: &Actor,
    ) -> StoreResult<MemberId> {
        let reason = reason.trim();
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::ReopenRound, None)?;
        let row = round_on(&tx, round)?;
        let by_row = actor
            .member_id()
            .map(|id| super::members::member_on(&tx, id))
            .transpose()?
            .ok_or_else(|| {
                StoreError::refused(
                    StoreOperation::ReopenRound { round },
                    CouncilFault::RoundReopenedByMember,
                )
            })?;
        let facts = round_facts_on(&tx, &self.sheet_cache, round)?;
        check_transition(row.status, &TransitionRequest::Reopen { reason }, &facts)
            .map_err(|r| refused(round, r))?;
        audit::append(
            &tx,
            round,
            actor,
            "round.reopen",
            &format!("round:{round}"),
            Some(&format!(
                "decision {} of {}, signed by {}",
                row.decision_no.as_deref().unwrap_or("?"),
                row.decision_date.as_deref().unwrap_or("?"),
                row.signatory.as_deref().unwrap_or("?")
            )),
            Some(&format!(
                "{reason} (by {} {}, member {})",
                by_row.role.as_str(),
                by_row.name,
                by_row.id
            )),
        )?;
        audit::append(
            &tx,
            round,
            actor,
            STATE_ACTION,
            &format!("round:{round}"),
            Some(row.status.as_str()),
            Some(RoundStatus::Deliberation.as_str()),
        )?;
        tx.execute(
            "UPDATE rounds SET status = 'deliberation', decision_no = NULL, decision_date = NULL,
                 signatory = NULL WHERE id = ?1",
            [round.0],
        )?;
        tx.commit()?;
        Ok(by_row.id)
    }
}
