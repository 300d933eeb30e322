//! A round's results read in one query from the stored per-product rows
//! (`results`, kept in step by `results.rs`): each product's tally (its counted
//! sheets' totals and per-criterion sums) with the rules applied to it, instead of
//! re-scoring every answer of the round.
//!
//! A row is trusted only when the result the rules give from its tally agrees with
//! the row's own columns (mean, band, stars, state, certifiable); the database from
//! before schema 10 (no tally), a missing row or one out of step sends the whole
//! round through the recomputation from the sheets. Rows of rounds that may still
//! change are refilled when the database is opened.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::members::members_on;
use super::products::{PRODUCT_COLUMNS, product_from_row};
use super::results::{product_input, round_results_on, save, state_token};
use super::rounds::round_on;
use super::snapshots::{self, SheetCache};
use super::{Store, StoreResult, begin};
use crate::domain::council::{self, MemberTotal, ProductResult, Tally, Voter};
use crate::domain::criteria::{CriteriaSheet, CriterionId};
use crate::domain::ids::{MemberId, RoundId};
use crate::domain::model::{MemberRow, PresidingMember, ProductOutcome, RoundResults};

/// Format of `results.tally`; a row with another (or none) is not read.
const TALLY_VERSION: u32 = 1;

/// `results.tally` as stored.
#[derive(Serialize, Deserialize)]
struct StoredTally {
    v: u32,
    member_totals: Vec<MemberTotal>,
    criterion_sums: BTreeMap<CriterionId, u64>,
}

/// The tally of a computed result, as stored beside it.
pub(super) fn tally_json(result: &ProductResult) -> StoreResult<String> {
    serde_json::to_string(&StoredTally {
        v: TALLY_VERSION,
        member_totals: result.member_totals.clone(),
        criterion_sums: result.criterion_sums.clone(),
    })
    .map_err(super::Record::Tally.failed())
}

fn parse_tally(json: &str) -> Option<Tally> {
    let stored: StoredTally = serde_json::from_str(json).ok()?;
    (stored.v == TALLY_VERSION).then_some(Tally {
        member_totals: stored.member_totals,
        criterion_sums: stored.criterion_sums,
    })
}

/// A `results` row's own columns, which the result from its tally must match.
#[derive(PartialEq, Eq)]
struct StoredColumns {
    mean_sum: Option<i64>,
    mean_count: Option<i64>,
    band: Option<u8>,
    stars: u8,
    state: String,
    certifiable: bool,
}

impl StoredColumns {
    fn of(result: &ProductResult) -> Self {
        Self {
            mean_sum: result.mean.map(|m| m.sum() as i64),
            mean_count: result.mean.map(|m| m.count() as i64),
            band: result.outcome.as_ref().map(|o| o.band),
            stars: result.stars,
            state: state_token(result.state),
            certifiable: result.certifiable,
        }
    }
}

/// Columns after `PRODUCT_COLUMNS` (16 of them) in [`round_results_stored_on`].
const STORED_COLUMNS: &str = "res.mean_sum, res.mean_count, res.band, res.stars, res.state,
     res.certifiable, res.tally,
     (SELECT group_concat(rc.member_id) FROM recusals rc WHERE rc.product_id = p.id),
     pm.member_id, pm.recorded_by, pm.created_at";

/// Every product's result for a round from the stored rows: one query for the
/// products, their results, recusals and presiding members. `None` when a row is
/// missing, has no current tally or is out of step (see the module doc).
fn round_results_stored_on(
    conn: &Connection,
    cache: &SheetCache,
    round: RoundId,
) -> StoreResult<Option<RoundResults>> {
    let round_row = round_on(conn, round)?;
    let members = members_on(conn, round)?;
    let voters: Vec<Voter> = members.iter().map(MemberRow::voter).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PRODUCT_COLUMNS}, {STORED_COLUMNS}
         FROM products p JOIN producers pr ON pr.id = p.producer_id
         LEFT JOIN results res ON res.product_id = p.id
         LEFT JOIN presiding_members pm ON pm.product_id = p.id
         WHERE p.round_id = ?1 ORDER BY p.id"
    ))?;
    let mut rows = stmt.query(params![round.0])?;
    let mut outcomes = Vec::new();
    // Each product set's sheet once (a snapshot is tens of kilobytes of JSON).
    let mut sheets: HashMap<u8, Arc<CriteriaSheet>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let product = product_from_row(r)?;
        let stored = match r.get::<_, Option<u8>>(19)? {
            Some(stars) => Some(StoredColumns {
                mean_sum: r.get(16)?,
                mean_count: r.get(17)?,
                band: r.get(18)?,
                stars,
                state: r.get(20)?,
                certifiable: r.get(21)?,
            }),
            None => None,
        };
        let tally = r.get::<_, Option<String>>(22)?;
        let recused: BTreeSet<MemberId> = r
            .get::<_, Option<String>>(23)?
            .unwrap_or_default()
            .split(',')
            .filter_map(|id| id.parse().ok().map(MemberId))
            .collect();
        // One row at most: product_id is the table's key.
        let presiding = match r.get::<_, Option<i64>>(24)? {
            Some(member) => Some(PresidingMember {
                member: MemberId(member),
                recorded_by: r.get(25)?,
                recorded_at: r.get(26)?,
            }),
            None => None,
        };
        let Some(tally) = tally.as_deref().and_then(parse_tally) else {
            return Ok(None);
        };
        let sheet = match sheets.get(&product.product_set) {
            Some(sheet) => sheet.clone(),
            None => {
                let sheet = snapshots::load(conn, cache, round, product.product_set)?;
                sheets.insert(product.product_set, sheet.clone());
                sheet
            }
        };
        let input = product_input(
            &round_row,
            &voters,
            &product,
            &sheet,
            &recused,
            presiding.as_ref().map(|p| p.member),
            &[],
        );
        let result = council::result_from_tally(&input, tally);
        if stored.as_ref() != Some(&StoredColumns::of(&result)) {
            return Ok(None);
        }
        outcomes.push(ProductOutcome {
            product,
            result,
            sheet,
            recused,
            presiding,
        });
    }
    Ok(Some(RoundResults {
        round: round_row,
        members,
        products: outcomes,
    }))
}

/// Stores the results (with their tallies) of every round that may still change
/// and has a product whose row is missing or holds no current tally: a database
/// migrated from before schema 10. Returns how many rounds were refilled.
pub(super) fn refill_stale(conn: &mut Connection, cache: &SheetCache) -> StoreResult<usize> {
    let rounds: Vec<RoundId> = {
        let mut stmt = conn.prepare(
            "SELECT DISTINCT p.round_id FROM products p
             JOIN rounds r ON r.id = p.round_id
             LEFT JOIN results res ON res.product_id = p.id
             WHERE r.status NOT IN ('finalized', 'certificates-issued')
               AND (res.tally IS NULL OR json_extract(res.tally, '$.v') IS NOT ?1)
             ORDER BY p.round_id",
        )?;
        let rows = stmt.query_map([TALLY_VERSION], |r| Ok(RoundId(r.get(0)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    if rounds.is_empty() {
        return Ok(0);
    }
    let tx = begin(conn)?;
    let mut refilled = 0;
    for round in &rounds {
        // A round whose sheets do not score (a damaged file) is left to the read,
        // which recomputes it and names the problem there.
        let Ok(results) = round_results_on(&tx, cache, *round) else {
            continue;
        };
        for outcome in &results.products {
            save(&tx, *round, outcome)?;
        }
        refilled += 1;
    }
    tx.commit()?;
    Ok(refilled)
}

impl Store {
    /// Every product's result for a round, read from the stored results (kept in
    /// step with every write; see `results_stored.rs`).
    pub fn round_results(&self, round: RoundId) -> StoreResult<RoundResults> {
        match round_results_stored_on(&self.conn, &self.sheet_cache, round)? {
            Some(results) => Ok(results),
            None => round_results_on(&self.conn, &self.sheet_cache, round),
        }
    }

    /// The stored results alone: `None` where [`Store::round_results`] would fall
    /// back to recomputing (for tests that prove the stored rows are in step).
    #[doc(hidden)]
    pub fn round_results_from_stored_rows(
        &self,
        round: RoundId,
    ) -> StoreResult<Option<RoundResults>> {
        round_results_stored_on(&self.conn, &self.sheet_cache, round)
    }
}
