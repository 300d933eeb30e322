//! Council results computed by the domain rules from the submitted sheets, and kept
//! in the `results` table in step with every change: each write that changes a
//! product's result refreshes its row (with the product's tally) in the same
//! transaction. Reading them back is `results_stored.rs`.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{Connection, Transaction, params};

use super::members::{MemberRow, members_on, recused_on};
use super::presiding::{presiding_of_round_on, presiding_record_on};
use super::products::{ProductRow, product_on, products_on};
use super::rounds::{RoundRow, round_on};
use super::sheets::{SheetStatus, sheet_answers_on, sheets_of_product_on};
use super::snapshots::{self, SheetCache};
use super::{Store, StoreError, StoreResult, now, results_stored};
use crate::domain::council::{self, CountedSheet, ProductInput, ProductResult, ResultState, Voter};
use crate::domain::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId, SheetId};
pub use crate::domain::model::{ProductOutcome, RoundResults};
use crate::domain::score::{self, SheetAnswers};

/// What the rules need for one product, from the stored rows.
pub(super) fn product_input<'a>(
    round: &RoundRow,
    voters: &'a [Voter],
    product: &'a ProductRow,
    sheet: &'a CriteriaSheet,
    recused: &'a BTreeSet<MemberId>,
    presiding: Option<MemberId>,
    submitted: &'a [CountedSheet],
) -> ProductInput<'a> {
    ProductInput {
        level: round.level,
        sheet,
        marks_binding: round.star_marks_binding && sheet.star_marks_binding,
        rules: round.rules,
        members: voters,
        recused,
        presiding,
        submitted,
        disqualified: product.disqualified.as_ref(),
    }
}

fn compute(
    round: &RoundRow,
    voters: &[Voter],
    product: &ProductRow,
    sheet: &CriteriaSheet,
    recused: &BTreeSet<MemberId>,
    presiding: Option<MemberId>,
    submitted: &[CountedSheet],
) -> ProductResult {
    council::product_result(&product_input(
        round, voters, product, sheet, recused, presiding, submitted,
    ))
}

fn counted(
    sheet: &CriteriaSheet,
    member: MemberId,
    sheet_id: SheetId,
    answers: &SheetAnswers,
) -> StoreResult<CountedSheet> {
    let score = score::score(sheet, answers).map_err(|e| {
        StoreError::Corrupt(format!(
            "sheet {sheet_id} does not match its criteria: {}",
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    Ok(CountedSheet { member, score })
}

fn product_outcome(
    conn: &Connection,
    cache: &SheetCache,
    round: &RoundRow,
    voters: &[Voter],
    product: ProductRow,
) -> StoreResult<ProductOutcome> {
    let sheet = snapshots::load(conn, cache, round.id, product.product_set)?;
    let recused = recused_on(conn, product.id)?;
    let presiding = presiding_record_on(conn, product.id)?;
    let mut submitted = Vec::new();
    for row in sheets_of_product_on(conn, product.id)? {
        if row.status == SheetStatus::Submitted {
            let answers = sheet_answers_on(conn, &row)?;
            submitted.push(counted(&sheet, row.member_id, row.id, &answers)?);
        }
    }
    let presiding_member = presiding.as_ref().map(|p| p.member);
    let result = compute(
        round,
        voters,
        &product,
        &sheet,
        &recused,
        presiding_member,
        &submitted,
    );
    Ok(ProductOutcome {
        product,
        result,
        sheet,
        recused,
        presiding,
    })
}

/// Recomputes one product's result inside the caller's transaction.
pub(super) fn refresh(
    tx: &Transaction<'_>,
    cache: &SheetCache,
    round: RoundId,
    product: ProductId,
) -> StoreResult<()> {
    let round_row = round_on(tx, round)?;
    let voters: Vec<Voter> = members_on(tx, round)?
        .iter()
        .map(MemberRow::voter)
        .collect();
    let product_row = product_on(tx, product)?;
    let outcome = product_outcome(tx, cache, &round_row, &voters, product_row)?;
    save(tx, round, &outcome)
}

/// Recomputes every product's result of a round inside the caller's transaction:
/// for the writes that change the whole council (a member added).
pub(super) fn refresh_round(
    tx: &Transaction<'_>,
    cache: &SheetCache,
    round: RoundId,
) -> StoreResult<()> {
    for outcome in &round_results_on(tx, cache, round)?.products {
        save(tx, round, outcome)?;
    }
    Ok(())
}

/// The `results.state` token of a state ("final", "pending-quorum", …).
pub(super) fn state_token(state: ResultState) -> String {
    serde_json::to_value(state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) fn save(
    tx: &Transaction<'_>,
    round: RoundId,
    outcome: &ProductOutcome,
) -> StoreResult<()> {
    let r = &outcome.result;
    let json = serde_json::to_string(r).map_err(super::Record::Result.failed())?;
    let tally = results_stored::tally_json(r)?;
    tx.execute(
        "INSERT INTO results (product_id, round_id, mean_sum, mean_count, band, stars, state, certifiable, json, computed_at, tally)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (product_id) DO UPDATE SET
            mean_sum = excluded.mean_sum, mean_count = excluded.mean_count, band = excluded.band,
            stars = excluded.stars, state = excluded.state, certifiable = excluded.certifiable,
            json = excluded.json, computed_at = excluded.computed_at, tally = excluded.tally",
        params![
            outcome.product.id.0,
            round.0,
            r.mean.map(|m| m.sum() as i64),
            r.mean.map(|m| m.count() as i64),
            r.outcome.as_ref().map(|o| o.band),
            r.stars,
            state_token(r.state),
            r.certifiable,
            json,
            now(),
            tally
        ],
    )?;
    Ok(())
}

/// Every product's result for a round, computed from the sheets now (inside a
/// transaction when `conn` is one).
///
/// Loads the round's submitted answers in one query, so a round of hundreds of
/// products costs a handful of statements, not one per sheet.
pub(super) fn round_results_on(
    conn: &Connection,
    cache: &SheetCache,
    round: RoundId,
) -> StoreResult<RoundResults> {
    let round_row = round_on(conn, round)?;
    let members = members_on(conn, round)?;
    let voters: Vec<Voter> = members.iter().map(MemberRow::voter).collect();
    let products = products_on(conn, round)?;

    let mut recusals: HashMap<ProductId, BTreeSet<MemberId>> = HashMap::new();
    {
        let mut stmt =
            conn.prepare("SELECT product_id, member_id FROM recusals WHERE round_id = ?1")?;
        let rows = stmt.query_map([round.0], |r| {
            Ok((ProductId(r.get(0)?), MemberId(r.get(1)?)))
        })?;
        for row in rows {
            let (product, member) = row?;
            recusals.entry(product).or_default().insert(member);
        }
    }

    // (product) → [(sheet, member, answers)]
    let mut submitted: HashMap<ProductId, Vec<(SheetId, MemberId, SheetAnswers)>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT s.product_id, s.id, s.member_id, a.criterion_id, a.choice_id
             FROM sheets s LEFT JOIN answers a ON a.sheet_id = s.id
             WHERE s.round_id = ?1 AND s.status = 'submitted'
             ORDER BY s.product_id, s.member_id",
        )?;
        let mut rows = stmt.query([round.0])?;
        while let Some(r) = rows.next()? {
            let product = ProductId(r.get(0)?);
            let sheet_id = SheetId(r.get(1)?);
            let member = MemberId(r.get(2)?);
            let list = submitted.entry(product).or_default();
            if list.last().is_none_or(|(id, _, _)| *id != sheet_id) {
                list.push((sheet_id, member, SheetAnswers::default()));
            }
            if let (Some(criterion), Some(choice)) = (
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ) && let Some((_, _, answers)) = list.last_mut()
            {
                answers
                    .choices
                    .insert(CriterionId(criterion), ChoiceId(choice));
            }
        }
    }

    let mut presiding = presiding_of_round_on(conn, round)?;
    let mut outcomes = Vec::with_capacity(products.len());
    for product in products {
        let presiding = presiding.remove(&product.id);
        let sheet = snapshots::load(conn, cache, round, product.product_set)?;
        let recused = recusals.remove(&product.id).unwrap_or_default();
        let counted_sheets = submitted
            .remove(&product.id)
            .unwrap_or_default()
            .iter()
            .map(|(sheet_id, member, answers)| counted(&sheet, *member, *sheet_id, answers))
            .collect::<StoreResult<Vec<_>>>()?;
        let result = compute(
            &round_row,
            &voters,
            &product,
            &sheet,
            &recused,
            presiding.as_ref().map(|p| p.member),
            &counted_sheets,
        );
        outcomes.push(ProductOutcome {
            product,
            result,
            sheet,
            recused,
            presiding,
        });
    }
    Ok(RoundResults {
        round: round_row,
        members,
        products: outcomes,
    })
}

impl Store {
    /// Every product's result for a round, computed from the sheets now (what
    /// [`Store::round_results`] reads from the stored results; for checks and the
    /// benchmark).
    pub fn round_results_recomputed(&self, round: RoundId) -> StoreResult<RoundResults> {
        round_results_on(&self.conn, &self.sheet_cache, round)
    }

    /// One product's result, computed now.
    pub fn product_result(&self, product: ProductId) -> StoreResult<ProductOutcome> {
        let product_row = self.product(product)?;
        let round_row = self.round(product_row.round_id)?;
        let voters: Vec<Voter> = members_on(&self.conn, round_row.id)?
            .iter()
            .map(MemberRow::voter)
            .collect();
        product_outcome(
            &self.conn,
            &self.sheet_cache,
            &round_row,
            &voters,
            product_row,
        )
    }
}
