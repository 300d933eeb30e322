//! Members' sheets and answers: autosaved choices and comments, submit, reopen.
//!
//! Every change is its own transaction with its audit entry, so whatever the UI has
//! shown as saved survives a kill. A submitted sheet is locked: only the chair or
//! the secretary can reopen it, with a reason.

use crate::domain::permissions::CouncilAction;
use crate::store::authorize::authorize_on;
use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::audit::{self, Actor};
use super::rescore::{self, VersionKind};
use super::snapshots;
use super::{Store, StoreError, StoreResult, begin, now, results};
use crate::domain::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId, SheetId};
pub use crate::domain::model::{RoundAnswer, SheetStatus, SheetWrite};
use crate::domain::round::RoundAction;
use crate::domain::score::{self, SheetAnswers};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetRow {
    pub id: SheetId,
    pub round_id: RoundId,
    pub product_id: ProductId,
    pub member_id: MemberId,
    pub status: SheetStatus,
    pub total_points: u32,
    pub updated_at: String,
    pub submitted_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerRow {
    pub criterion_id: CriterionId,
    pub choice_id: Option<ChoiceId>,
    pub points: Option<u32>,
    pub comment: String,
    /// The dossier attachment (SHA-256) the member gives as evidence.
    pub evidence: Option<String>,
}

const SHEET_COLUMNS: &str =
    "id, round_id, product_id, member_id, status, total_points, updated_at, submitted_at";

fn sheet_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SheetRow> {
    let status: String = r.get(4)?;
    Ok(SheetRow {
        id: SheetId(r.get(0)?),
        round_id: RoundId(r.get(1)?),
        product_id: ProductId(r.get(2)?),
        member_id: MemberId(r.get(3)?),
        status: if status == "submitted" {
            SheetStatus::Submitted
        } else {
            SheetStatus::Draft
        },
        total_points: r.get(5)?,
        updated_at: r.get(6)?,
        submitted_at: r.get(7)?,
    })
}

pub(super) fn sheet_on(
    conn: &Connection,
    product: ProductId,
    member: MemberId,
) -> StoreResult<Option<SheetRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {SHEET_COLUMNS} FROM sheets WHERE product_id = ?1 AND member_id = ?2"),
            params![product.0, member.0],
            sheet_from_row,
        )
        .optional()?)
}

pub(super) fn sheets_of_product_on(
    conn: &Connection,
    product: ProductId,
) -> StoreResult<Vec<SheetRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SHEET_COLUMNS} FROM sheets WHERE product_id = ?1 ORDER BY member_id"
    ))?;
    let rows = stmt.query_map([product.0], sheet_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn answers_on(conn: &Connection, sheet: SheetId) -> StoreResult<Vec<AnswerRow>> {
    let mut stmt = conn.prepare(
        "SELECT criterion_id, choice_id, points, comment, evidence_sha256 FROM answers WHERE sheet_id = ?1",
    )?;
    let rows = stmt.query_map([sheet.0], |r| {
        Ok(AnswerRow {
            criterion_id: CriterionId(r.get(0)?),
            choice_id: r.get::<_, Option<String>>(1)?.map(ChoiceId),
            points: r.get(2)?,
            comment: r.get(3)?,
            evidence: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The domain view of a stored sheet.
pub(super) fn sheet_answers_on(conn: &Connection, row: &SheetRow) -> StoreResult<SheetAnswers> {
    Ok(SheetAnswers {
        choices: answers_on(conn, row.id)?
            .into_iter()
            .filter_map(|a| Some((a.criterion_id, a.choice_id?)))
            .collect(),
    })
}

/// Recomputes a sheet's total from its answers (draft or not).
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

/// What an answer change does to one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerChange {
    Choice(Option<ChoiceId>),
    Comment(String),
    /// Link (or unlink) one of the dossier's attachments, by SHA-256.
    Evidence(Option<String>),
}

impl Store {
    pub fn sheet(&self, product: ProductId, member: MemberId) -> StoreResult<Option<SheetRow>> {
        sheet_on(&self.conn, product, member)
    }

    pub fn sheets_of_product(&self, product: ProductId) -> StoreResult<Vec<SheetRow>> {
        sheets_of_product_on(&self.conn, product)
    }

    /// All sheets of a round, for progress views.
    pub fn sheets_of_round(&self, round: RoundId) -> StoreResult<Vec<SheetRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SHEET_COLUMNS} FROM sheets WHERE round_id = ?1 ORDER BY product_id, member_id"
        ))?;
        let rows = stmt.query_map([round.0], sheet_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many criteria `member` has answered on each of their sheets in
    /// `round`, by product (one query for the whole product list).
    pub fn answered_counts(
        &self,
        round: RoundId,
        member: MemberId,
    ) -> StoreResult<BTreeMap<ProductId, usize>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.product_id, COUNT(a.choice_id) FROM sheets s
             LEFT JOIN answers a ON a.sheet_id = s.id
             WHERE s.round_id = ?1 AND s.member_id = ?2
             GROUP BY s.product_id",
        )?;
        let rows = stmt.query_map(params![round.0, member.0], |r| {
            Ok((ProductId(r.get(0)?), r.get::<_, i64>(1)?))
        })?;
        let mut counts = BTreeMap::new();
        for row in rows {
            let (product, count) = row?;
            counts.insert(product, usize::try_from(count).unwrap_or(0));
        }
        Ok(counts)
    }

    pub fn answers(&self, sheet: SheetId) -> StoreResult<Vec<AnswerRow>> {
        answers_on(&self.conn, sheet)
    }

    /// Every answer of every sheet of a round, ordered by product, member, criterion.
    pub fn round_answers(&self, round: RoundId) -> StoreResult<Vec<RoundAnswer>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.product_id, s.member_id, s.status, a.criterion_id, a.choice_id, a.points, a.comment
             FROM answers a JOIN sheets s ON s.id = a.sheet_id
             WHERE s.round_id = ?1
             ORDER BY s.product_id, s.member_id, a.criterion_id",
        )?;
        let rows = stmt.query_map([round.0], |r| {
            let status: String = r.get(2)?;
            Ok(RoundAnswer {
                product: ProductId(r.get(0)?),
                member: MemberId(r.get(1)?),
                status: if status == "submitted" {
                    SheetStatus::Submitted
                } else {
                    SheetStatus::Draft
                },
                criterion: CriterionId(r.get(3)?),
                choice: r.get::<_, Option<String>>(4)?.map(ChoiceId),
                points: r.get(5)?,
                comment: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every reason `write` cannot be stored, all at once (empty when it can).
    pub fn check_sheet_write(&self, write: &SheetWrite) -> StoreResult<Vec<String>> {
        let mut problems = Vec::new();
        let round = match self.round(write.round) {
            Ok(round) => round,
            Err(StoreError::NoRound(id)) => return Ok(vec![format!("round {id} does not exist")]),
            Err(e) => return Err(e),
        };
        if !round.status.allows(RoundAction::WriteSheets) {
            problems.push(
                StoreError::NotInState {
                    round: round.id,
                    status: round.status,
                    action: RoundAction::WriteSheets,
                }
                .to_string(),
            );
        }
        let product = match self.product(write.product) {
            Ok(p) if p.round_id == write.round => Some(p),
            Ok(p) => {
                problems.push(format!(
                    "product {} belongs to round {}, not round {}",
                    p.id, p.round_id, write.round
                ));
                None
            }
            Err(StoreError::NoProduct(id)) => {
                problems.push(format!("product {id} does not exist"));
                None
            }
            Err(e) => return Err(e),
        };
        match self.member(write.member) {
            Ok(m) if m.round_id != write.round => problems.push(format!(
                "member {} belongs to round {}, not round {}",
                m.id, m.round_id, write.round
            )),
            Ok(_) => {}
            Err(StoreError::NoMember(id)) => problems.push(format!("member {id} does not exist")),
            Err(e) => return Err(e),
        }
        let Some(product) = product else {
            return Ok(problems);
        };
        if self.recused_members(product.id)?.contains(&write.member) {
            problems.push(format!(
                "member {} is recused from product {}",
                write.member, product.id
            ));
        }
        if self.sheet(product.id, write.member)?.is_some() {
            problems.push(format!(
                "member {} already has a sheet for product {}",
                write.member, product.id
            ));
        }
        let sheet = self.round_sheet(write.round, product.product_set)?;
        problems.extend(
            score::check_answers(&sheet, &write.answers)
                .iter()
                .map(ToString::to_string),
        );
        for criterion in write.comments.keys() {
            if sheet.criterion(criterion).is_none() {
                problems.push(format!(
                    "comment for criterion {criterion}, which is not on the sheet of product set {}",
                    product.product_set
                ));
            }
        }
        if write.submitted && problems.is_empty() {
            let scored = score::score(&sheet, &write.answers)
                .map_err(|_| StoreError::Invalid("answers were checked but do not score".into()))?;
            if !scored.is_complete() {
                problems.push(format!(
                    "marked submitted but {} criteria are unanswered: {}",
                    scored.unanswered.len(),
                    scored
                        .unanswered
                        .iter()
                        .map(|c| c.0.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
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
            if let Some(problem) = self.check_sheet_write(write)?.into_iter().next() {
                return Err(StoreError::Invalid(problem));
            }
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
            let product = super::products::product_on(&tx, write.product)?;
            let sheet = snapshots::load(&tx, &self.sheet_cache, write.round, product.product_set)?;
            let scored = score::score(&sheet, &write.answers)
                .map_err(|_| StoreError::Invalid("answers do not score".into()))?;
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
                    StoreError::Invalid(format!(
                        "member {} already has a sheet for product {}",
                        write.member, write.product
                    ))
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
        let product_row = self.product(product)?;
        let round = product_row.round_id;
        self.ensure_allows(round, RoundAction::WriteSheets)?;
        let member_row = self.member(member)?;
        if member_row.round_id != round {
            return Err(StoreError::Invalid(format!(
                "member {member} is not on the council of round {round}"
            )));
        }
        if self.recused_members(product)?.contains(&member) {
            return Err(StoreError::Invalid(format!(
                "member {member} is recused from product {product}"
            )));
        }
        let sheet = self.round_sheet(round, product_row.product_set)?;
        let Some(crit) = sheet.criterion(criterion) else {
            return Err(StoreError::Invalid(format!(
                "criterion {criterion} is not on the sheet of product set {}",
                product_row.product_set
            )));
        };
        let points = match change {
            AnswerChange::Choice(Some(choice)) => {
                Some(crit.points_of(choice).ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "option {choice} is not an option of criterion {criterion}"
                    ))
                })?)
            }
            _ => None,
        };
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::Score, Some(member))?;
        let row = ensure_sheet(&tx, round, product, member)?;
        if row.status == SheetStatus::Submitted {
            return Err(StoreError::Invalid(format!(
                "sheet {} is submitted and locked; the chair or the secretary must reopen it",
                row.id
            )));
        }
        let old: Option<AnswerRow> = answers_on(&tx, row.id)?
            .into_iter()
            .find(|a| &a.criterion_id == criterion);
        let at = now();
        let (action, old_value, new_value) = match change {
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
                    && !super::dossiers::is_attachment_of(&tx, product, sha)?
                {
                    return Err(StoreError::Invalid(format!(
                        "{sha} is not an attachment of product {product}'s dossier"
                    )));
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
        if self.recused_members(product)?.contains(&member) {
            return Err(StoreError::Invalid(format!(
                "member {member} is recused from product {product}"
            )));
        }
        let sheet = self.round_sheet(round, product_row.product_set)?;
        let row = self.sheet(product, member)?.ok_or_else(|| {
            StoreError::Invalid(format!(
                "member {member} has no sheet for product {product}"
            ))
        })?;
        if row.status == SheetStatus::Submitted {
            return Err(StoreError::Invalid(format!(
                "sheet {} is already submitted",
                row.id
            )));
        }
        let answers = sheet_answers_on(&self.conn, &row)?;
        let scored = score::score(&sheet, &answers)
            .map_err(|e| StoreError::Corrupt(format!("sheet {}: {}", row.id, e[0])))?;
        if !scored.is_complete() {
            return Err(StoreError::Invalid(format!(
                "{} criteria are unanswered: {}",
                scored.unanswered.len(),
                scored
                    .unanswered
                    .iter()
                    .map(|c| c.0.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
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
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(
                "reopening a sheet needs a reason".into(),
            ));
        }
        let product_row = self.product(product)?;
        let round = product_row.round_id;
        self.ensure_allows(round, RoundAction::ReopenSheet)?;
        if self.recused_members(product)?.contains(&member) {
            return Err(StoreError::Invalid(format!(
                "member {member} is recused from product {product}"
            )));
        }
        let row = self.sheet(product, member)?.ok_or_else(|| {
            StoreError::Invalid(format!(
                "member {member} has no sheet for product {product}"
            ))
        })?;
        if row.status != SheetStatus::Submitted {
            return Err(StoreError::Invalid(format!(
                "sheet {} is not submitted",
                row.id
            )));
        }
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::ReopenSheet, Some(member))?;
        // Who reopened it, as kept with the version: the chair whose order the
        // secretary records, or the chair (vice-chair) themself.
        let by = actor
            .order()
            .map(|o| o.by)
            .or(actor.member_id())
            .ok_or_else(|| StoreError::Invalid("the secretariat cannot reopen a sheet".into()))?;
        let by_row = super::members::member_on(&tx, by)?;
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
