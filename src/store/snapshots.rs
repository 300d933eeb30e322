//! Criteria snapshots: the exact sheet a round scores on, stored once per content.
//!
//! A round keeps the sheets it was created with even if the app later ships a
//! corrected transcription or a newer decision; old rounds stay reproducible.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::{Record, Store, StoreError, StoreResult};
use crate::domain::criteria::CriteriaSheet;
use crate::domain::ids::RoundId;

/// Stores `sheet` (if new) and returns its content hash.
pub(super) fn put(tx: &Transaction<'_>, sheet: &CriteriaSheet) -> StoreResult<String> {
    let json = serde_json::to_string(sheet).map_err(Record::CriteriaSheet.failed())?;
    let hash = hex::encode(Sha256::digest(json.as_bytes()));
    let status = serde_json::to_value(sheet.transcription.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    tx.execute(
        "INSERT OR IGNORE INTO criteria_snapshots (hash, criteria_set_id, product_set, status, json)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![hash, sheet.criteria_set.id, sheet.product_set.number, status, json],
    )?;
    Ok(hash)
}

/// Parsed snapshots by content hash; a snapshot never changes once stored.
pub(super) type SheetCache = RefCell<HashMap<String, Arc<CriteriaSheet>>>;

/// The sheet a round scores `product_set` on.
pub(super) fn load(
    conn: &Connection,
    cache: &SheetCache,
    round: RoundId,
    product_set: u8,
) -> StoreResult<Arc<CriteriaSheet>> {
    let found: Option<(String, String)> = conn
        .query_row(
            "SELECT s.hash, s.json FROM round_sheets rs
             JOIN criteria_snapshots s ON s.hash = rs.snapshot_hash
             WHERE rs.round_id = ?1 AND rs.product_set = ?2",
            params![round.0, product_set],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (hash, json) = found.ok_or_else(|| {
        // Every product's set is checked against the round's sheets when it is
        // entered: a set without its sheet is a damaged database.
        StoreError::Corrupt(format!(
            "round {round} has no sheet for product set {product_set}"
        ))
    })?;
    if let Some(sheet) = cache.borrow().get(&hash) {
        return Ok(sheet.clone());
    }
    let sheet: CriteriaSheet = serde_json::from_str(&json).map_err(|e| {
        StoreError::Corrupt(format!("criteria snapshot {hash} does not parse: {e}"))
    })?;
    let sheet = Arc::new(sheet);
    cache.borrow_mut().insert(hash, sheet.clone());
    Ok(sheet)
}

impl Store {
    /// The sheet a round scores `product_set` on.
    pub fn round_sheet(&self, round: RoundId, product_set: u8) -> StoreResult<Arc<CriteriaSheet>> {
        load(&self.conn, &self.sheet_cache, round, product_set)
    }

    /// The product set numbers a round has sheets for.
    pub fn round_product_sets(&self, round: RoundId) -> StoreResult<Vec<u8>> {
        let mut stmt = self.conn.prepare(
            "SELECT product_set FROM round_sheets WHERE round_id = ?1 ORDER BY product_set",
        )?;
        // Typed: on Windows a dependency (indicatif's `console`) adds a second
        // `FromIterator` for `Vec<u8>`, and inference alone no longer decides.
        let rows = stmt.query_map([round.0], |r| r.get::<_, u8>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
