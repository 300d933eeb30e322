//! The seal of a finalized round: a SHA-256 over everything its results rest on,
//! recorded in the audit chain when the round is finalized (`round.seal`).
//!
//! Triggers refuse writes to a finalized round, but raw SQL can flip the status,
//! edit, and flip it back (forging the state entries). The seal catches that: `verify`
//! recomputes the digest and compares it with the one in the chain.

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

use super::StoreResult;
use crate::domain::ids::RoundId;

/// The audit action whose `new_value` is the round's digest.
pub(super) const SEAL_ACTION: &str = "round.seal";

/// What the seal covers, each query taking the round id as `?1`, in a fixed order.
/// Timestamps of autosaves and of result computation are left out: they say when,
/// not what.
const SEALED: &[(&str, &str)] = &[
    (
        "rounds",
        "SELECT id, name, level, criteria_set_id, spread_threshold_points, quorum_percent,
                quorum_requires_chair, star_marks_binding, decision_no, decision_date, signatory
         FROM rounds WHERE id = ?1",
    ),
    (
        "round_sheets",
        "SELECT product_set, snapshot_hash FROM round_sheets WHERE round_id = ?1 ORDER BY product_set",
    ),
    (
        "members",
        "SELECT id, name, role, voting FROM members WHERE round_id = ?1 ORDER BY id",
    ),
    (
        "products",
        "SELECT id, name, product_set, product_code, producer_id, disqualified_reason,
                disqualified_note
         FROM products WHERE round_id = ?1 ORDER BY id",
    ),
    (
        "recusals",
        "SELECT product_id, member_id, reason, recorded_by, recorded_by_member
         FROM recusals WHERE round_id = ?1 ORDER BY product_id, member_id",
    ),
    (
        "sheets",
        "SELECT id, product_id, member_id, status, total_points, submitted_at
         FROM sheets WHERE round_id = ?1 ORDER BY id",
    ),
    (
        "answers",
        "SELECT a.sheet_id, a.criterion_id, a.choice_id, a.points, a.comment
         FROM answers a JOIN sheets s ON s.id = a.sheet_id
         WHERE s.round_id = ?1 ORDER BY a.sheet_id, a.criterion_id",
    ),
    (
        "sheet_versions",
        "SELECT sheet_id, version, kind, total_points, answers_json, reason, reopened_by
         FROM sheet_versions WHERE round_id = ?1 ORDER BY sheet_id, version",
    ),
    (
        "results",
        "SELECT product_id, mean_sum, mean_count, band, stars, state, certifiable, json
         FROM results WHERE round_id = ?1 ORDER BY product_id",
    ),
];

/// Sealed like [`SEALED`], after it, but each contributes (its name included) only
/// when it has rows: what later schema versions added is covered without changing
/// the digest of a round that has none of it, so older seals still verify.
const SEALED_WHEN_PRESENT: &[(&str, &str)] = &[
    (
        "rounds.quorum_fraction",
        "SELECT quorum_numerator, quorum_denominator FROM rounds
         WHERE id = ?1 AND quorum_denominator IS NOT NULL",
    ),
    (
        "presiding_members",
        "SELECT product_id, member_id, recorded_by FROM presiding_members
         WHERE round_id = ?1 ORDER BY product_id",
    ),
    // Schema 10: the tallies the results are read from (a round finalized before
    // has none: its results are recomputed from the sealed sheets when read).
    (
        "results.tally",
        "SELECT product_id, tally FROM results
         WHERE round_id = ?1 AND tally IS NOT NULL ORDER BY product_id",
    ),
];

/// `sha256:<hex>` over the round's sealed content.
pub(super) fn round_digest(conn: &Connection, round: RoundId) -> StoreResult<String> {
    let mut hasher = Sha256::new();
    let always = SEALED.iter().map(|entry| (entry, true));
    let when_present = SEALED_WHEN_PRESENT.iter().map(|entry| (entry, false));
    for ((table, sql), always) in always.chain(when_present) {
        if always {
            hash_text(&mut hasher, table);
        }
        let mut stmt = conn.prepare(sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([round.0])?;
        let mut first = true;
        while let Some(row) = rows.next()? {
            if !always && first {
                hash_text(&mut hasher, table);
            }
            first = false;
            hasher.update(b"R");
            for i in 0..columns {
                // Type-tagged and length-prefixed: NULL, 0 and "" all hash differently.
                match row.get_ref(i)? {
                    ValueRef::Null => hasher.update(b"N"),
                    ValueRef::Integer(v) => {
                        hasher.update(b"I");
                        hasher.update(v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        hasher.update(b"F");
                        hasher.update(v.to_le_bytes());
                    }
                    ValueRef::Text(bytes) => {
                        hasher.update(b"T");
                        hash_bytes(&mut hasher, bytes);
                    }
                    ValueRef::Blob(bytes) => {
                        hasher.update(b"B");
                        hash_bytes(&mut hasher, bytes);
                    }
                }
            }
        }
    }
    Ok(format!("sha256:{}", hex::encode(hasher.finalize())))
}

fn hash_text(hasher: &mut Sha256, text: &str) {
    hash_bytes(hasher, text.as_bytes());
}

fn hash_bytes(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}
