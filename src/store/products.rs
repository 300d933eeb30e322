//! Producers and the products entered in a round.

use crate::domain::permissions::CouncilAction;
use crate::store::authorize::authorize_on;
use rusqlite::{Connection, OptionalExtension, params};

use super::audit::{self, Actor};
use super::{Store, StoreError, StoreResult, begin, now, results};
use crate::domain::disqualify::{Disqualification, DisqualificationReason};
use crate::domain::ids::{ProducerId, ProductId, RoundId};
pub use crate::domain::model::{NewProduct, ProducerFacts, ProductRow};
use crate::domain::refusal::{Problem, SetupFault, StoreOperation};
use crate::domain::round::RoundAction;

pub(super) const PRODUCT_COLUMNS: &str =
    "p.id, p.round_id, p.name, p.product_set, p.product_code, p.producer_id,
     pr.name, pr.kind, pr.legal_representative, pr.address, pr.province, pr.commune, pr.phone,
     p.disqualified_reason, p.disqualified_note, p.uid";

pub(super) fn product_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ProductRow> {
    let reason: Option<String> = r.get(13)?;
    let disqualified = match reason {
        None => None,
        Some(token) => Some(Disqualification {
            reason: DisqualificationReason::parse(&token).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    13,
                    rusqlite::types::Type::Text,
                    format!("unknown disqualification reason \"{token}\"").into(),
                )
            })?,
            note: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
        }),
    };
    Ok(ProductRow {
        id: ProductId(r.get(0)?),
        round_id: RoundId(r.get(1)?),
        name: r.get(2)?,
        product_set: r.get(3)?,
        product_code: r.get(4)?,
        producer_id: ProducerId(r.get(5)?),
        producer: ProducerFacts {
            name: r.get(6)?,
            kind: r.get(7)?,
            legal_representative: r.get(8)?,
            address: r.get(9)?,
            province: r.get(10)?,
            commune: r.get(11)?,
            phone: r.get(12)?,
        },
        disqualified,
        uid: r.get(15)?,
    })
}

pub(super) fn products_on(conn: &Connection, round: RoundId) -> StoreResult<Vec<ProductRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p JOIN producers pr ON pr.id = p.producer_id
         WHERE p.round_id = ?1 ORDER BY p.id"
    ))?;
    let rows = stmt.query_map([round.0], product_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn product_on(conn: &Connection, id: ProductId) -> StoreResult<ProductRow> {
    conn.query_row(
        &format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p JOIN producers pr ON pr.id = p.producer_id
             WHERE p.id = ?1"
        ),
        [id.0],
        product_from_row,
    )
    .optional()?
    .ok_or(StoreError::NoProduct(id))
}

/// Inserts one product (and its producer, unless one of that name exists).
fn insert_product(
    tx: &rusqlite::Transaction<'_>,
    round: RoundId,
    new: &NewProduct,
    actor: &Actor,
) -> StoreResult<ProductId> {
    let name = new.name.trim();
    let producer_name = new.producer.name.trim();
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM producers WHERE name = ?1 ORDER BY id LIMIT 1",
            [producer_name],
            |r| r.get(0),
        )
        .optional()?;
    let producer_id = match existing {
        Some(id) => id,
        None => {
            let f = &new.producer;
            tx.execute(
                "INSERT INTO producers (name, kind, legal_representative, address, province, commune, phone, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![producer_name, f.kind, f.legal_representative, f.address, f.province, f.commune, f.phone, now()],
            )?;
            tx.last_insert_rowid()
        }
    };
    tx.execute(
        "INSERT INTO products (round_id, name, product_set, product_code, producer_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            round.0,
            name,
            new.product_set,
            new.product_code,
            producer_id,
            now()
        ],
    )?;
    let id = ProductId(tx.last_insert_rowid());
    audit::append(
        tx,
        round,
        actor,
        "product.add",
        &format!("product:{id}"),
        None,
        Some(&format!("{name} (bộ {}), {producer_name}", new.product_set)),
    )?;
    Ok(id)
}

impl Store {
    pub fn add_product(
        &mut self,
        round: RoundId,
        new: &NewProduct,
        actor: &Actor,
    ) -> StoreResult<ProductId> {
        self.check_new_products(round, std::slice::from_ref(new))?;
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::SetUpRound, None)?;
        let id = insert_product(&tx, round, new, actor)?;
        results::refresh(&tx, &self.sheet_cache, round, id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Adds several products in one transaction: all of them or none.
    pub fn add_products(
        &mut self,
        round: RoundId,
        products: &[NewProduct],
        actor: &Actor,
    ) -> StoreResult<Vec<ProductId>> {
        self.check_new_products(round, products)?;
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::SetUpRound, None)?;
        let mut ids = Vec::with_capacity(products.len());
        for new in products {
            let id = insert_product(&tx, round, new, actor)?;
            results::refresh(&tx, &self.sheet_cache, round, id)?;
            ids.push(id);
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Refuses, at the first product that has any, every problem of that product:
    /// a name, a producer, a product set the round's criteria have.
    fn check_new_products(&self, round: RoundId, products: &[NewProduct]) -> StoreResult<()> {
        let round_row = self.ensure_allows(round, RoundAction::EditProducts)?;
        let sets = self.round_product_sets(round)?;
        for new in products {
            let mut problems: Vec<Problem> = Vec::new();
            if new.name.trim().is_empty() {
                problems.push(SetupFault::ProductNeedsName.into());
            }
            if new.producer.name.trim().is_empty() {
                problems.push(SetupFault::ProductNeedsProducer.into());
            }
            if !sets.contains(&new.product_set) {
                problems.push(
                    SetupFault::ProductSetNotInCriteria {
                        product_set: new.product_set,
                        criteria_set: round_row.criteria_set_id.clone(),
                        round,
                    }
                    .into(),
                );
            }
            StoreError::refused_for(StoreOperation::NewProducts { round }, problems)?;
        }
        Ok(())
    }

    pub fn products(&self, round: RoundId) -> StoreResult<Vec<ProductRow>> {
        products_on(&self.conn, round)
    }

    pub fn product(&self, id: ProductId) -> StoreResult<ProductRow> {
        product_on(&self.conn, id)
    }

    /// Marks a product disqualified (no star), or clears it with `None`.
    pub fn set_disqualification(
        &mut self,
        product: ProductId,
        disqualification: Option<&Disqualification>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let row = self.product(product)?;
        self.ensure_allows(row.round_id, RoundAction::Disqualify)?;
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, row.round_id, actor, CouncilAction::Disqualify, None)?;
        tx.execute(
            "UPDATE products SET disqualified_reason = ?2, disqualified_note = ?3 WHERE id = ?1",
            params![
                product.0,
                disqualification.map(|d| d.reason.as_str()),
                disqualification.map(|d| d.note.as_str())
            ],
        )?;
        let describe = |d: &Disqualification| format!("{}: {}", d.reason.as_str(), d.note);
        audit::append(
            &tx,
            row.round_id,
            actor,
            "product.disqualify",
            &format!("product:{product}"),
            row.disqualified.as_ref().map(describe).as_deref(),
            disqualification.map(describe).as_deref(),
        )?;
        results::refresh(&tx, &self.sheet_cache, row.round_id, product)?;
        tx.commit()?;
        Ok(())
    }
}
