//! Re-scoring after the council's discussion, and the history of reopened sheets.
//!
//! Reopening a submitted sheet (a correction by the chair or the secretary, or a
//! re-score the chair orders for chosen members) first copies the submitted answers,
//! total and reason into `sheet_versions`; the member then changes the draft and
//! submits again. Both the previous and the new answers stay readable. The spread
//! flag is recomputed from the submitted sheets, so it clears only when the new totals
//! are within the round's threshold.

use std::collections::BTreeSet;

use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

use super::audit::{self, Actor};
use super::authorize::authorize_on;
use super::members::{MemberRow, members_on, recused_on};
use super::rounds::ensure_allows_on;
use super::sheets::{AnswerRow, SheetRow, SheetStatus, answers_on, sheet_on, sheets_of_product_on};
use super::{Record, Store, StoreError, StoreResult, begin, now, products, results};
use crate::domain::ids::{MemberId, ProductId, SheetId};
pub use crate::domain::model::{VersionAnswer, VersionKind};
use crate::domain::permissions::CouncilAction;
use crate::domain::refusal::{CouncilFault, Problem, Refusal, StoreFault, Subject};
use crate::domain::round::{PendingResubmission, RoundAction};

/// A submitted sheet as it was when it was reopened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetVersion {
    pub sheet_id: SheetId,
    pub product_id: ProductId,
    pub member_id: MemberId,
    /// 1 for the first submission, 2 for the one after the first reopening, …
    pub version: u32,
    pub kind: VersionKind,
    pub total_points: u32,
    pub answers: Vec<VersionAnswer>,
    pub submitted_at: Option<String>,
    pub reason: String,
    pub reopened_by: MemberId,
    pub reopened_at: String,
}

/// One member's sheet for a product: the earlier submissions and the current sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetHistory {
    pub member: MemberRow,
    pub versions: Vec<SheetVersion>,
    pub current: SheetRow,
    pub current_answers: Vec<AnswerRow>,
}

/// Copies `row` (a submitted sheet) into `sheet_versions`; returns the version number.
pub(super) fn keep_submitted_version(
    tx: &Transaction<'_>,
    row: &SheetRow,
    kind: VersionKind,
    reason: &str,
    by: MemberId,
) -> StoreResult<u32> {
    let mut answers: Vec<VersionAnswer> = answers_on(tx, row.id)?
        .into_iter()
        .map(|a| VersionAnswer {
            criterion: a.criterion_id,
            choice: a.choice_id,
            points: a.points,
            comment: a.comment,
        })
        .collect();
    answers.sort_by(|a, b| a.criterion.cmp(&b.criterion));
    let json = serde_json::to_string(&answers).map_err(Record::Sheet.failed())?;
    let version: u32 = tx.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM sheet_versions WHERE sheet_id = ?1",
        [row.id.0],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO sheet_versions (sheet_id, round_id, product_id, member_id, version, kind,
             total_points, answers_json, submitted_at, reason, reopened_by, reopened_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            row.id.0,
            row.round_id.0,
            row.product_id.0,
            row.member_id.0,
            version,
            kind.as_str(),
            row.total_points,
            json,
            row.submitted_at,
            reason,
            by.0,
            now()
        ],
    )?;
    Ok(version)
}

pub(super) fn versions_on(
    conn: &Connection,
    product: ProductId,
    member: Option<MemberId>,
) -> StoreResult<Vec<SheetVersion>> {
    let mut stmt = conn.prepare(
        "SELECT sheet_id, product_id, member_id, version, kind, total_points, answers_json,
                submitted_at, reason, reopened_by, reopened_at
         FROM sheet_versions WHERE product_id = ?1 AND (?2 IS NULL OR member_id = ?2)
         ORDER BY member_id, version",
    )?;
    let rows = stmt.query_map(params![product.0, member.map(|m| m.0)], |r| {
        Ok((
            SheetId(r.get(0)?),
            ProductId(r.get(1)?),
            MemberId(r.get(2)?),
            r.get::<_, u32>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, u32>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, String>(8)?,
            MemberId(r.get(9)?),
            r.get::<_, String>(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            sheet_id,
            product_id,
            member_id,
            version,
            kind,
            total,
            json,
            submitted_at,
            reason,
            by,
            at,
        ) = row?;
        let kind = VersionKind::parse(&kind).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "sheet {sheet_id} version {version}: unknown kind \"{kind}\""
            ))
        })?;
        let answers: Vec<VersionAnswer> = serde_json::from_str(&json).map_err(|e| {
            StoreError::Corrupt(format!(
                "sheet {sheet_id} version {version}: answers do not parse: {e}"
            ))
        })?;
        out.push(SheetVersion {
            sheet_id,
            product_id,
            member_id,
            version,
            kind,
            total_points: total,
            answers,
            submitted_at,
            reason,
            reopened_by: by,
            reopened_at: at,
        });
    }
    Ok(out)
}

/// Sheets reopened (with a kept version) and not submitted again, of members not recused.
pub(super) fn pending_resubmissions_on(
    conn: &Connection,
    round: crate::domain::ids::RoundId,
) -> StoreResult<Vec<PendingResubmission>> {
    let mut stmt = conn.prepare(
        "SELECT s.product_id, s.member_id, s.id FROM sheets s
         WHERE s.round_id = ?1 AND s.status = 'draft'
           AND EXISTS (SELECT 1 FROM sheet_versions v WHERE v.sheet_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM recusals r
                           WHERE r.product_id = s.product_id AND r.member_id = s.member_id)
         ORDER BY s.product_id, s.member_id",
    )?;
    let rows = stmt.query_map([round.0], |r| {
        Ok(PendingResubmission {
            product: ProductId(r.get(0)?),
            member: MemberId(r.get(1)?),
            sheet: SheetId(r.get(2)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The chosen members' submitted sheets of `product`, with the product's recused
/// members; every problem at once (no reason, nobody chosen, not on the council,
/// recused, no sheet or not submitted), and then nothing changes.
fn sheets_to_rescore(
    tx: &Transaction<'_>,
    product: ProductId,
    round: crate::domain::ids::RoundId,
    council: &[MemberRow],
    members: &[MemberId],
    reason: &str,
) -> StoreResult<(Vec<SheetRow>, BTreeSet<MemberId>)> {
    let mut problems = Vec::new();
    if reason.is_empty() {
        problems.push(StoreFault::ReasonRequired);
    }
    let chosen: BTreeSet<MemberId> = members.iter().copied().collect();
    if chosen.is_empty() {
        problems.push(StoreFault::NoMemberChosen);
    }
    let recused = recused_on(tx, product)?;
    let mut rows = Vec::new();
    for member in &chosen {
        if !council.iter().any(|m| m.id == *member) {
            problems.push(StoreFault::NotOnCouncil {
                member: *member,
                round,
            });
            continue;
        }
        if recused.contains(member) {
            problems.push(StoreFault::Recused {
                member: *member,
                product,
            });
            continue;
        }
        match sheet_on(tx, product, *member)? {
            Some(row) if row.status == SheetStatus::Submitted => rows.push(row),
            Some(row) => problems.push(StoreFault::SheetNotSubmitted {
                sheet: row.id,
                member: *member,
            }),
            None => problems.push(StoreFault::NoSheet {
                member: *member,
                product,
            }),
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Refused(Refusal::new(
            Subject::Rescore { product },
            problems.into_iter().map(Problem::Store).collect(),
        )));
    }
    Ok((rows, recused))
}

/// The spread of the product's submitted totals (recused members left out), for the
/// audit entry.
fn submitted_spread(
    tx: &Transaction<'_>,
    product: ProductId,
    recused: &BTreeSet<MemberId>,
) -> StoreResult<u32> {
    let spread = sheets_of_product_on(tx, product)?
        .iter()
        .filter(|s| s.status == SheetStatus::Submitted && !recused.contains(&s.member_id))
        .map(|s| s.total_points)
        .fold(None, |acc: Option<(u32, u32)>, t| {
            Some(acc.map_or((t, t), |(lo, hi)| (lo.min(t), hi.max(t))))
        })
        .map_or(0, |(lo, hi)| hi - lo);
    Ok(spread)
}

/// Keeps a submitted sheet as a version and makes it a draft again, with its
/// audit entry.
#[allow(clippy::too_many_arguments)]
fn reopen_for_rescore(
    tx: &Transaction<'_>,
    round: crate::domain::ids::RoundId,
    product: ProductId,
    actor: &Actor,
    row: &SheetRow,
    reason: &str,
    chair: &MemberRow,
    spread_before: u32,
) -> StoreResult<()> {
    let version = keep_submitted_version(tx, row, VersionKind::Rescore, reason, chair.id)?;
    tx.execute(
        "UPDATE sheets SET status = 'draft', submitted_at = NULL, updated_at = ?2 WHERE id = ?1",
        params![row.id.0, now()],
    )?;
    audit::append(
        tx,
        round,
        actor,
        "sheet.rescore",
        &format!(
            "sheet:{} product:{product} member:{}",
            row.id, row.member_id
        ),
        Some(&format!(
            "submitted, total {} (kept as version {version}; spread {spread_before})",
            row.total_points
        )),
        Some(&format!(
            "draft: {reason} (ordered by {} {})",
            chair.role.as_str(),
            chair.name
        )),
    )?;
    Ok(())
}

impl Store {
    /// The chair (the vice-chair standing in) reopens `product`'s sheets for
    /// `members` so they score again after the discussion. Each submitted sheet is
    /// kept as a version with `reason`; every problem (a member without a submitted
    /// sheet, recused, of another round…) is reported at once and nothing changes.
    pub fn rescore(
        &mut self,
        product: ProductId,
        members: &[MemberId],
        reason: &str,
        actor: &Actor,
    ) -> StoreResult<Vec<SheetId>> {
        let reason = reason.trim();
        let tx = begin(&mut self.conn)?;
        let product_row = products::product_on(&tx, product)?;
        let round = product_row.round_id;
        ensure_allows_on(&tx, round, RoundAction::Rescore)?;
        authorize_on(&tx, round, actor, CouncilAction::OrderRescore, None)?;
        let council = members_on(&tx, round)?;
        let chair = actor
            .member_id()
            .and_then(|id| council.iter().find(|m| m.id == id))
            .ok_or_else(|| {
                StoreError::Refused(Refusal::one(
                    Subject::Rescore { product },
                    CouncilFault::RescoreOrderedByMember.into(),
                ))
            })?;
        let (rows, recused) = sheets_to_rescore(&tx, product, round, &council, members, reason)?;
        let spread_before = submitted_spread(&tx, product, &recused)?;
        let mut ids = Vec::new();
        for row in &rows {
            reopen_for_rescore(
                &tx,
                round,
                product,
                actor,
                row,
                reason,
                chair,
                spread_before,
            )?;
            ids.push(row.id);
        }
        results::refresh(&tx, &self.sheet_cache, round, product)?;
        tx.commit()?;
        Ok(ids)
    }

    /// The kept versions of one member's sheet for a product, oldest first.
    pub fn sheet_versions(
        &self,
        product: ProductId,
        member: MemberId,
    ) -> StoreResult<Vec<SheetVersion>> {
        versions_on(&self.conn, product, Some(member))
    }

    /// Every member's sheet for a product with its earlier submissions, for the
    /// re-score view and the minutes.
    pub fn sheet_history(&self, product: ProductId) -> StoreResult<Vec<SheetHistory>> {
        let product_row = self.product(product)?;
        let council = members_on(&self.conn, product_row.round_id)?;
        let mut versions = versions_on(&self.conn, product, None)?;
        let mut out = Vec::new();
        for sheet in sheets_of_product_on(&self.conn, product)? {
            let Some(member) = council.iter().find(|m| m.id == sheet.member_id) else {
                return Err(StoreError::Corrupt(format!(
                    "sheet {} belongs to member {}, who is not on the council",
                    sheet.id, sheet.member_id
                )));
            };
            let (mine, rest): (Vec<_>, Vec<_>) =
                versions.into_iter().partition(|v| v.sheet_id == sheet.id);
            versions = rest;
            out.push(SheetHistory {
                member: member.clone(),
                versions: mine,
                current_answers: answers_on(&self.conn, sheet.id)?,
                current: sheet,
            });
        }
        Ok(out)
    }

    /// Sheets reopened and not yet submitted again (they block finalizing).
    pub fn pending_resubmissions(
        &self,
        round: crate::domain::ids::RoundId,
    ) -> StoreResult<Vec<PendingResubmission>> {
        pending_resubmissions_on(&self.conn, round)
    }
}
