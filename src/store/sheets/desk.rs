//! A member's sheet at the desk: each autosaved change, submit, and reopen (by the
//! chair or the secretary, with a reason), each its own transaction with its audit
//! entry.

use rusqlite::{Transaction, params};

use super::{AnswerRow, SheetRow, SheetStatus, answers_on, sheet_answers_on, sheet_on};
use crate::domain::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::permissions::CouncilAction;
use crate::domain::refusal::{Problem, SheetFault, StoreFault, StoreOperation};
use crate::domain::round::RoundAction;
use crate::domain::score::{self};
use crate::store::audit::{self, Actor};
use crate::store::authorize::authorize_on;
use crate::store::rescore::{self, VersionKind};
use crate::store::{Store, StoreError, StoreResult, begin, now, results};

/// What an answer change does to one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerChange {
    Choice(Option<ChoiceId>),
    Comment(String),
    /// Link (or unlink) one of the dossier's attachments, by SHA-256.
    Evidence(Option<String>),
}

impl Store {
    /// Autosave of one change on a member's sheet; creates the draft sheet on first use.
    /// Returns the sheet's new total.
    pub fn change_answer(
        &mut self,
        product: ProductId,
        member: MemberId,
        criterion: &CriterionId,
        change: &AnswerChange,
        actor: &Actor,
    ) -> StoreResult<u32> {
        let (round, sheet, points) = self.answer_target(product, member, criterion, change)?;
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::Score, Some(member))?;
        let row = ensure_sheet(&tx, round, product, member)?;
        if row.status == SheetStatus::Submitted {
            return Err(StoreError::refused(
                StoreOperation::Answer { product, member },
                SheetFault::Locked { sheet: row.id },
            ));
        }
        let old: Option<AnswerRow> = answers_on(&tx, row.id)?
            .into_iter()
            .find(|a| &a.criterion_id == criterion);
        let (action, old_value, new_value) =
            write_answer(&tx, &row, product, criterion, change, points, old)?;
        audit::append(
            &tx,
            round,
            actor,
            action,
            &format!("sheet:{} {criterion}", row.id),
            old_value.as_deref(),
            new_value.as_deref(),
        )?;
        let total = refresh_total(&tx, &row, &sheet)?;
        tx.commit()?;
        Ok(total)
    }

    /// Where a change goes, checked before writing: the round (open for sheets),
    /// the criterion's sheet, and the points of a chosen option. Refuses a member
    /// of another council or recused, a criterion not on the sheet, an option not
    /// of the criterion.
    fn answer_target(
        &self,
        product: ProductId,
        member: MemberId,
        criterion: &CriterionId,
        change: &AnswerChange,
    ) -> StoreResult<(RoundId, std::sync::Arc<CriteriaSheet>, Option<u32>)> {
        let product_row = self.product(product)?;
        let round = product_row.round_id;
        self.ensure_allows(round, RoundAction::WriteSheets)?;
        let refused = |problem: Problem| {
            StoreError::refused(StoreOperation::Answer { product, member }, problem)
        };
        let member_row = self.member(member)?;
        if member_row.round_id != round {
            return Err(refused(StoreFault::NotOnCouncil { member, round }.into()));
        }
        if self.recused_members(product)?.contains(&member) {
            return Err(refused(StoreFault::Recused { member, product }.into()));
        }
        let sheet = self.round_sheet(round, product_row.product_set)?;
        let Some(crit) = sheet.criterion(criterion) else {
            return Err(refused(
                SheetFault::CriterionNotOnSheet {
                    criterion: criterion.clone(),
                    product_set: product_row.product_set,
                }
                .into(),
            ));
        };
        let points = match change {
            AnswerChange::Choice(Some(choice)) => {
                Some(crit.points_of(choice).ok_or_else(|| {
                    refused(
                        SheetFault::NotAnOption {
                            criterion: criterion.clone(),
                            choice: choice.clone(),
                        }
                        .into(),
                    )
                })?)
            }
            _ => None,
        };
        Ok((round, sheet, points))
    }

    /// Submits and locks a sheet; refuses an incomplete one, naming what is missing.
    pub fn submit_sheet(
        &mut self,
        product: ProductId,
        member: MemberId,
        actor: &Actor,
    ) -> StoreResult<u32> {
        let product_row = self.product(product)?;
        let round = product_row.round_id;
        self.ensure_allows(round, RoundAction::WriteSheets)?;
        let refused = |problem: Problem| {
            StoreError::refused(StoreOperation::Submit { product, member }, problem)
        };
        if self.recused_members(product)?.contains(&member) {
            return Err(refused(StoreFault::Recused { member, product }.into()));
        }
        let sheet = self.round_sheet(round, product_row.product_set)?;
        let row = self
            .sheet(product, member)?
            .ok_or_else(|| refused(StoreFault::NoSheet { member, product }.into()))?;
        if row.status == SheetStatus::Submitted {
            return Err(refused(
                SheetFault::AlreadySubmitted { sheet: row.id }.into(),
            ));
        }
        let answers = sheet_answers_on(&self.conn, &row)?;
        let scored = score::score(&sheet, &answers)
            .map_err(|e| StoreError::Corrupt(format!("sheet {}: {}", row.id, e[0])))?;
        if !scored.is_complete() {
            return Err(refused(
                SheetFault::Unanswered {
                    criteria: scored.unanswered,
                }
                .into(),
            ));
        }
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::Score, Some(member))?;
        let at = now();
        tx.execute(
            "UPDATE sheets SET status = 'submitted', submitted_at = ?2, updated_at = ?2, total_points = ?3 WHERE id = ?1",
            params![row.id.0, at, scored.total],
        )?;
        audit::append(
            &tx,
            round,
            actor,
            "sheet.submit",
            &format!("sheet:{}", row.id),
            Some("draft"),
            Some(&format!("submitted, total {}", scored.total)),
        )?;
        results::refresh(&tx, &self.sheet_cache, round, product)?;
        tx.commit()?;
        Ok(scored.total)
    }

    /// Reopens a submitted sheet to correct it. Only the chair or the secretary may,
    /// with a reason; the submitted answers are kept as a [`super::SheetVersion`].
    pub fn reopen_sheet(
        &mut self,
        product: ProductId,
        member: MemberId,
        reason: &str,
        actor: &Actor,
    ) -> StoreResult<()> {
        let refused = |problem: Problem| {
            StoreError::refused(StoreOperation::ReopenSheet { product, member }, problem)
        };
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(refused(SheetFault::ReopenNeedsReason.into()));
        }
        let product_row = self.product(product)?;
        let round = product_row.round_id;
        self.ensure_allows(round, RoundAction::ReopenSheet)?;
        if self.recused_members(product)?.contains(&member) {
            return Err(refused(StoreFault::Recused { member, product }.into()));
        }
        let row = self
            .sheet(product, member)?
            .ok_or_else(|| refused(StoreFault::NoSheet { member, product }.into()))?;
        if row.status != SheetStatus::Submitted {
            return Err(refused(SheetFault::NotSubmitted { sheet: row.id }.into()));
        }
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::ReopenSheet, Some(member))?;
        // Who reopened it, as kept with the version: the chair whose order the
        // secretary records, or the chair (vice-chair) themself.
        let by = actor
            .order()
            .map(|o| o.by)
            .or(actor.member_id())
            .ok_or_else(|| refused(SheetFault::SecretariatCannotReopen.into()))?;
        let by_row = crate::store::members::member_on(&tx, by)?;
        let version = rescore::keep_submitted_version(&tx, &row, VersionKind::Reopen, reason, by)?;
        tx.execute(
            "UPDATE sheets SET status = 'draft', submitted_at = NULL, updated_at = ?2 WHERE id = ?1",
            params![row.id.0, now()],
        )?;
        audit::append(
            &tx,
            round,
            actor,
            "sheet.reopen",
            &format!("sheet:{}", row.id),
            Some(&format!(
                "submitted, total {} (kept as version {version})",
                row.total_points
            )),
            Some(&format!(
                "draft: {reason} (ordered by {} {})",
                by_row.role.as_str(),
                by_row.name
            )),
        )?;
        results::refresh(&tx, &self.sheet_cache, round, product)?;
        tx.commit()?;
        Ok(())
    }
}

/// Recomputes a sheet's total from its answers (draft or not).
/// Writes one change to its answer row; returns the audit action with the old and
/// new values. Refuses evidence that is not one of the product's attachments.
fn write_answer(
    tx: &Transaction<'_>,
    row: &SheetRow,
    product: ProductId,
    criterion: &CriterionId,
    change: &AnswerChange,
    points: Option<u32>,
    old: Option<AnswerRow>,
) -> StoreResult<(&'static str, Option<String>, Option<String>)> {
    let at = now();
    let written = match change {
        AnswerChange::Choice(choice) => {
            tx.execute(
                "INSERT INTO answers (sheet_id, criterion_id, choice_id, points, comment, updated_at)
                 VALUES (?1, ?2, ?3, ?4, '', ?5)
                 ON CONFLICT (sheet_id, criterion_id)
                 DO UPDATE SET choice_id = excluded.choice_id, points = excluded.points,
                               updated_at = excluded.updated_at",
                params![row.id.0, criterion.0, choice.as_ref().map(|c| c.0.as_str()), points, at],
            )?;
            (
                "answer.choice",
                old.and_then(|a| a.choice_id).map(|c| c.0),
                choice.as_ref().map(|c| c.0.clone()),
            )
        }
        AnswerChange::Comment(text) => {
            tx.execute(
                "INSERT INTO answers (sheet_id, criterion_id, choice_id, points, comment, updated_at)
                 VALUES (?1, ?2, NULL, NULL, ?3, ?4)
                 ON CONFLICT (sheet_id, criterion_id)
                 DO UPDATE SET comment = excluded.comment, updated_at = excluded.updated_at",
                params![row.id.0, criterion.0, text, at],
            )?;
            ("answer.comment", old.map(|a| a.comment), Some(text.clone()))
        }
        AnswerChange::Evidence(sha) => {
            if let Some(sha) = sha
                && !crate::store::dossiers::is_attachment_of(tx, product, sha)?
            {
                return Err(StoreError::refused(
                    StoreOperation::Answer {
                        product,
                        member: row.member_id,
                    },
                    SheetFault::NotAnAttachment {
                        sha256: sha.clone(),
                        product,
                    },
                ));
            }
            tx.execute(
                "INSERT INTO answers (sheet_id, criterion_id, choice_id, points, comment, evidence_sha256, updated_at)
                 VALUES (?1, ?2, NULL, NULL, '', ?3, ?4)
                 ON CONFLICT (sheet_id, criterion_id)
                 DO UPDATE SET evidence_sha256 = excluded.evidence_sha256, updated_at = excluded.updated_at",
                params![row.id.0, criterion.0, sha, at],
            )?;
            ("answer.evidence", old.and_then(|a| a.evidence), sha.clone())
        }
    };
    Ok(written)
}

fn refresh_total(tx: &Transaction<'_>, row: &SheetRow, sheet: &CriteriaSheet) -> StoreResult<u32> {
    let answers = sheet_answers_on(tx, row)?;
    let total = score::score(sheet, &answers)
        .map_err(|errors| {
            StoreError::Corrupt(format!(
                "sheet {} no longer matches its criteria: {}",
                row.id,
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
        })?
        .total;
    tx.execute(
        "UPDATE sheets SET total_points = ?2, updated_at = ?3 WHERE id = ?1",
        params![row.id.0, total, now()],
    )?;
    Ok(total)
}

/// The member's sheet for a product, created as a draft if there is none yet.
fn ensure_sheet(
    tx: &Transaction<'_>,
    round: RoundId,
    product: ProductId,
    member: MemberId,
) -> StoreResult<SheetRow> {
    if let Some(row) = sheet_on(tx, product, member)? {
        return Ok(row);
    }
    let at = now();
    tx.execute(
        "INSERT INTO sheets (round_id, product_id, member_id, status, total_points, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'draft', 0, ?4, ?4)",
        params![round.0, product.0, member.0, at],
    )?;
    sheet_on(tx, product, member)?
        .ok_or_else(|| StoreError::Corrupt("a sheet just inserted cannot be read".into()))
}
