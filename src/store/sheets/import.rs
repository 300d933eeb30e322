//! Sheets read from files (members' sheet files, transcriptions): every reason a
//! sheet cannot be stored, all at once, then all of them in one transaction.

use rusqlite::params;

use super::{SheetStatus, SheetWrite};
use crate::domain::criteria::CriterionId;
use crate::domain::ids::SheetId;
use crate::domain::permissions::CouncilAction;
use crate::domain::refusal::{Problem, SheetFault, StoreFault, StoreOperation};
use crate::domain::round::RoundAction;
use crate::domain::score::{self};
use crate::store::audit::{self, Actor};
use crate::store::authorize::authorize_on;
use crate::store::snapshots;
use crate::store::{Store, StoreError, StoreResult, begin, now, results};

impl Store {
    /// Every reason `write` cannot be stored, all at once (empty when it can).
    pub fn check_sheet_write(&self, write: &SheetWrite) -> StoreResult<Vec<Problem>> {
        let mut problems: Vec<Problem> = Vec::new();
        let round = match self.round(write.round) {
            Ok(round) => round,
            Err(StoreError::NoRound(round)) => {
                return Ok(vec![SheetFault::UnknownRound { round }.into()]);
            }
            Err(e) => return Err(e),
        };
        if !round.status.allows(RoundAction::WriteSheets) {
            problems.push(
                SheetFault::RoundTakesNoSheets {
                    round: round.id,
                    status: round.status,
                }
                .into(),
            );
        }
        let product = match self.product(write.product) {
            Ok(p) if p.round_id == write.round => Some(p),
            Ok(p) => {
                problems.push(
                    SheetFault::ProductOfOtherRound {
                        product: p.id,
                        of: p.round_id,
                        not: write.round,
                    }
                    .into(),
                );
                None
            }
            Err(StoreError::NoProduct(product)) => {
                problems.push(SheetFault::UnknownProduct { product }.into());
                None
            }
            Err(e) => return Err(e),
        };
        match self.member(write.member) {
            Ok(m) if m.round_id != write.round => problems.push(
                SheetFault::MemberOfOtherRound {
                    member: m.id,
                    of: m.round_id,
                    not: write.round,
                }
                .into(),
            ),
            Ok(_) => {}
            Err(StoreError::NoMember(member)) => {
                problems.push(SheetFault::UnknownMember { member }.into());
            }
            Err(e) => return Err(e),
        }
        let Some(product) = product else {
            return Ok(problems);
        };
        let (member, product_id) = (write.member, product.id);
        if self.recused_members(product_id)?.contains(&member) {
            problems.push(
                StoreFault::Recused {
                    member,
                    product: product_id,
                }
                .into(),
            );
        }
        if self.sheet(product_id, member)?.is_some() {
            problems.push(
                SheetFault::AlreadyHasSheet {
                    member,
                    product: product_id,
                }
                .into(),
            );
        }
        let sheet = self.round_sheet(write.round, product.product_set)?;
        problems.extend(answer_problems(score::check_answers(
            &sheet,
            &write.answers,
        )));
        for criterion in write.comments.keys() {
            if sheet.criterion(criterion).is_none() {
                problems.push(
                    SheetFault::CommentNotOnSheet {
                        criterion: criterion.clone(),
                        product_set: product.product_set,
                    }
                    .into(),
                );
            }
        }
        if write.submitted && problems.is_empty() {
            match score::score(&sheet, &write.answers) {
                Ok(scored) if !scored.is_complete() => problems.push(
                    SheetFault::SubmittedUnanswered {
                        count: scored.unanswered.len(),
                        criteria: scored.unanswered,
                    }
                    .into(),
                ),
                Ok(_) => {}
                Err(errors) => problems.extend(answer_problems(errors)),
            }
        }
        Ok(problems)
    }

    /// Writes whole sheets in one transaction: all or nothing. Callers check each
    /// with [`Store::check_sheet_write`] first to report every problem at once.
    pub fn write_sheets(
        &mut self,
        writes: &[SheetWrite],
        actor: &Actor,
    ) -> StoreResult<Vec<SheetId>> {
        for write in writes {
            StoreError::refused_for(StoreOperation::SheetImport, self.check_sheet_write(write)?)?;
        }
        let tx = begin(&mut self.conn)?;
        let mut ids = Vec::new();
        for write in writes {
            // A member may bring in their own sheet (on their laptop, only that);
            // anyone else's sheets are collected by the secretary's side.
            let action = if actor.member_id() == Some(write.member) {
                CouncilAction::Score
            } else {
                CouncilAction::CollectSheets
            };
            authorize_on(&tx, write.round, actor, action, Some(write.member))?;
            let product = crate::store::products::product_on(&tx, write.product)?;
            let sheet = snapshots::load(&tx, &self.sheet_cache, write.round, product.product_set)?;
            let scored = score::score(&sheet, &write.answers).map_err(|errors| {
                StoreError::refused_all(StoreOperation::SheetImport, answer_problems(errors))
            })?;
            let at = now();
            let status = if write.submitted {
                SheetStatus::Submitted
            } else {
                SheetStatus::Draft
            };
            tx.execute(
                "INSERT INTO sheets (round_id, product_id, member_id, status, total_points,
                                     created_at, updated_at, submitted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
                params![
                    write.round.0,
                    write.product.0,
                    write.member.0,
                    status.as_str(),
                    scored.total,
                    at,
                    write.submitted.then_some(&at)
                ],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    StoreError::refused(
                        StoreOperation::SheetImport,
                        SheetFault::AlreadyHasSheet {
                            member: write.member,
                            product: write.product,
                        },
                    )
                }
                other => other.into(),
            })?;
            let id = SheetId(tx.last_insert_rowid());
            let mut criteria: Vec<&CriterionId> = write.answers.choices.keys().collect();
            criteria.extend(write.comments.keys());
            criteria.sort();
            criteria.dedup();
            for criterion in criteria {
                let choice = write.answers.choices.get(criterion);
                let points = choice.and_then(|c| sheet.criterion(criterion)?.points_of(c));
                tx.execute(
                    "INSERT INTO answers (sheet_id, criterion_id, choice_id, points, comment, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        id.0,
                        criterion.0,
                        choice.map(|c| c.0.as_str()),
                        points,
                        write.comments.get(criterion).map_or("", String::as_str),
                        at
                    ],
                )?;
            }
            audit::append(
                &tx,
                write.round,
                actor,
                "sheet.import",
                &format!(
                    "sheet:{id} product:{} member:{}",
                    write.product, write.member
                ),
                None,
                Some(&format!(
                    "{} answers, total {}, {}",
                    write.answers.choices.len(),
                    scored.total,
                    status.as_str()
                )),
            )?;
            results::refresh(&tx, &self.sheet_cache, write.round, write.product)?;
            ids.push(id);
        }
        tx.commit()?;
        Ok(ids)
    }
}

/// Answers that do not fit the sheet, one problem each.
fn answer_problems(errors: Vec<score::AnswerError>) -> Vec<Problem> {
    errors
        .into_iter()
        .map(|e| SheetFault::from(e).into())
        .collect()
}
