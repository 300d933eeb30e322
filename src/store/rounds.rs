//! Rounds: creation (with the criteria snapshot), listing, status.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::audit::{self, Actor};
use super::{Store, StoreError, StoreResult, begin, now, snapshots};
use crate::domain::council::CouncilRules;
use crate::domain::criteria::CriteriaSet;
use crate::domain::ids::MemberId;
use crate::domain::ids::RoundId;
pub use crate::domain::model::RoundRow;
use crate::domain::quorum::QuorumShare;
use crate::domain::refusal::{SetupFault, StoreOperation};
use crate::domain::round::{RoundAction, RoundLevel, RoundStatus};

/// What it takes to create a round.
pub struct NewRound<'a> {
    pub name: String,
    pub level: RoundLevel,
    pub criteria_set: &'a CriteriaSet,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub rules: CouncilRules,
    pub star_marks_binding: bool,
}

impl<'a> NewRound<'a> {
    /// A provincial round on `criteria_set` with the usual rules (spread 10,
    /// quorum 75% with the chair, star marks binding) and no dates yet.
    pub fn provincial(name: impl Into<String>, criteria_set: &'a CriteriaSet) -> Self {
        Self {
            name: name.into(),
            level: RoundLevel::Provincial,
            criteria_set,
            starts_on: None,
            ends_on: None,
            rules: CouncilRules::default(),
            star_marks_binding: true,
        }
    }
}

const ROUND_COLUMNS: &str =
    "r.id, r.name, r.level, r.criteria_set_id, r.status, r.starts_on, r.ends_on,
     r.spread_threshold_points, r.quorum_percent, r.quorum_requires_chair, r.star_marks_binding,
     r.decision_no, r.decision_date, r.signatory, r.created_at, r.uid,
     (SELECT count(*) FROM products p WHERE p.round_id = r.id),
     (SELECT count(*) FROM members m WHERE m.round_id = r.id),
     r.pins_required, r.laptop_member, r.quorum_numerator, r.quorum_denominator";

/// The round's quorum from its three columns (migration 0009): the fraction when it
/// is set, else `quorum_percent` as before. `column` names the first one for errors.
pub(super) fn quorum_from_columns(
    column: usize,
    percent: u32,
    numerator: Option<u32>,
    denominator: Option<u32>,
) -> rusqlite::Result<QuorumShare> {
    let share = match (numerator, denominator) {
        (Some(n), Some(d)) => QuorumShare::fraction(n, d),
        _ => QuorumShare::percent(percent),
    };
    share.map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Integer,
            e.to_string().into(),
        )
    })
}

/// What the three quorum columns hold for `share`: `(quorum_percent,
/// quorum_numerator, quorum_denominator)`; a whole percent leaves the fraction NULL,
/// so it is stored (and sealed) exactly as before the fraction existed.
pub(super) fn quorum_columns(share: QuorumShare) -> (u32, Option<u32>, Option<u32>) {
    match share.as_percent() {
        Some(percent) => (percent, None, None),
        None => (
            share.percent_at_least(),
            Some(share.numerator()),
            Some(share.denominator()),
        ),
    }
}

fn round_from_row(r: &Row<'_>) -> rusqlite::Result<RoundRow> {
    let level: String = r.get(2)?;
    let status: String = r.get(4)?;
    let bad = |col: usize, what: &str, value: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            col,
            rusqlite::types::Type::Text,
            format!("unknown {what} \"{value}\"").into(),
        )
    };
    Ok(RoundRow {
        id: RoundId(r.get(0)?),
        name: r.get(1)?,
        level: RoundLevel::parse(&level).ok_or_else(|| bad(2, "level", &level))?,
        criteria_set_id: r.get(3)?,
        status: RoundStatus::parse(&status).ok_or_else(|| bad(4, "status", &status))?,
        starts_on: r.get(5)?,
        ends_on: r.get(6)?,
        rules: CouncilRules {
            spread_threshold_points: r.get(7)?,
            quorum: quorum_from_columns(8, r.get(8)?, r.get(20)?, r.get(21)?)?,
            quorum_requires_chair: r.get(9)?,
        },
        star_marks_binding: r.get(10)?,
        decision_no: r.get(11)?,
        decision_date: r.get(12)?,
        signatory: r.get(13)?,
        created_at: r.get(14)?,
        uid: r.get(15)?,
        product_count: r.get(16)?,
        member_count: r.get(17)?,
        pins_required: r.get(18)?,
        laptop_member: r.get::<_, Option<i64>>(19)?.map(MemberId),
    })
}

pub(super) fn round_on(conn: &Connection, id: RoundId) -> StoreResult<RoundRow> {
    conn.query_row(
        &format!("SELECT {ROUND_COLUMNS} FROM rounds r WHERE r.id = ?1"),
        [id.0],
        round_from_row,
    )
    .optional()?
    .ok_or(StoreError::NoRound(id))
}

/// [`Store::ensure_allows`] inside a transaction.
pub(super) fn ensure_allows_on(
    conn: &Connection,
    round: RoundId,
    action: RoundAction,
) -> StoreResult<RoundRow> {
    let row = round_on(conn, round)?;
    if !row.status.allows(action) {
        return Err(StoreError::NotInState {
            round,
            status: row.status,
            action,
        });
    }
    Ok(row)
}

impl Store {
    /// Creates a round and snapshots every sheet of its criteria set.
    pub fn create_round(&mut self, new: &NewRound<'_>, actor: &Actor) -> StoreResult<RoundId> {
        let name = new.name.trim();
        if name.is_empty() {
            return Err(StoreError::refused(
                StoreOperation::NewRound,
                SetupFault::RoundNeedsName,
            ));
        }
        if new.criteria_set.sheets.is_empty() {
            return Err(StoreError::refused(
                StoreOperation::NewRound,
                SetupFault::CriteriaSetWithoutSheets {
                    criteria_set: new.criteria_set.info.id.clone(),
                },
            ));
        }
        let (quorum_percent, quorum_numerator, quorum_denominator) =
            quorum_columns(new.rules.quorum);
        let tx = begin(&mut self.conn)?;
        tx.execute(
            "INSERT INTO rounds (name, level, criteria_set_id, starts_on, ends_on,
                 spread_threshold_points, quorum_percent, quorum_requires_chair, star_marks_binding,
                 created_at, quorum_numerator, quorum_denominator)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                name,
                new.level.as_str(),
                new.criteria_set.info.id,
                new.starts_on,
                new.ends_on,
                new.rules.spread_threshold_points,
                quorum_percent,
                new.rules.quorum_requires_chair,
                new.star_marks_binding,
                now(),
                quorum_numerator,
                quorum_denominator
            ],
        )?;
        let round = RoundId(tx.last_insert_rowid());
        for (number, loaded) in &new.criteria_set.sheets {
            let hash = snapshots::put(&tx, &loaded.sheet)?;
            tx.execute(
                "INSERT INTO round_sheets (round_id, product_set, snapshot_hash) VALUES (?1, ?2, ?3)",
                params![round.0, number, hash],
            )?;
        }
        audit::append(
            &tx,
            round,
            actor,
            "round.create",
            &format!("round:{round}"),
            None,
            Some(&format!(
                "{name} ({})",
                new.criteria_set.info.instrument_short
            )),
        )?;
        tx.commit()?;
        Ok(round)
    }

    pub fn rounds(&self) -> StoreResult<Vec<RoundRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ROUND_COLUMNS} FROM rounds r ORDER BY r.id"
        ))?;
        let rows = stmt.query_map([], round_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn round(&self, id: RoundId) -> StoreResult<RoundRow> {
        round_on(&self.conn, id)
    }

    /// Fails with [`StoreError::NotInState`] when the round's state does not allow `action`.
    pub(super) fn ensure_allows(
        &self,
        round: RoundId,
        action: RoundAction,
    ) -> StoreResult<RoundRow> {
        ensure_allows_on(&self.conn, round, action)
    }
}
