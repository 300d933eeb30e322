//! Members' sheets and answers: autosaved choices and comments, submit, reopen.
//!
//! Every change is its own transaction with its audit entry, so whatever the UI has
//! shown as saved survives a kill. A submitted sheet is locked: only the chair or
//! the secretary can reopen it, with a reason.
//!
//! Here: the rows and the reads. Writing a member's sheet at the desk (autosave,
//! submit, reopen) is `sheets/desk.rs`; storing sheets read from files is
//! `sheets/import.rs`.

mod desk;
mod import;

pub use desk::AnswerChange;

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{Store, StoreResult};
use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId, SheetId};
pub use crate::domain::model::{RoundAnswer, SheetStatus, SheetWrite};
use crate::domain::score::SheetAnswers;

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
}
