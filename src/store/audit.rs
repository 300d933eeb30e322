//! The audit log: every change, who made it, when, old → new, hash-chained per round.
//!
//! Each entry's hash is SHA-256 over the previous entry's hash and the entry's own
//! fields (length-prefixed, so fields cannot run into each other). Editing, deleting
//! or reordering a row with an outside tool breaks the chain at that row.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::{Store, StoreResult, now};
use crate::domain::ids::RoundId;
use crate::domain::member::Role;

/// Hash that precedes a round's first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(crate) use crate::domain::actor::Actor;
pub use crate::domain::model::{AuditEntry, ChainBreak};

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev_hash: &str,
    round: RoundId,
    at: &str,
    actor: &str,
    action: &str,
    target: &str,
    old_value: Option<&str>,
    new_value: Option<&str>,
) -> String {
    let mut hasher = Sha256::new();
    let round = round.0.to_string();
    let fields = [
        Some(prev_hash),
        Some(round.as_str()),
        Some(at),
        Some(actor),
        Some(action),
        Some(target),
        old_value,
        new_value,
    ];
    for field in fields {
        match field {
            // A NULL and an empty string must hash differently.
            None => hasher.update([0u8]),
            Some(text) => {
                hasher.update([1u8]);
                hasher.update((text.len() as u64).to_le_bytes());
                hasher.update(text.as_bytes());
            }
        }
    }
    hex::encode(hasher.finalize())
}

/// The hash of a round's latest entry (the genesis hash before the first).
pub(super) fn head_on(conn: &Connection, round: RoundId) -> StoreResult<String> {
    Ok(conn
        .query_row(
            "SELECT hash FROM audit_log WHERE round_id = ?1 ORDER BY id DESC LIMIT 1",
            [round.0],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string()))
}

/// Appends an entry inside the caller's transaction.
pub(super) fn append(
    tx: &Transaction<'_>,
    round: RoundId,
    actor: &Actor,
    action: &str,
    target: &str,
    old_value: Option<&str>,
    new_value: Option<&str>,
) -> StoreResult<()> {
    let prev_hash = head_on(tx, round)?;
    let at = now();
    let label = actor_label(tx, actor)?;
    let hash = entry_hash(
        &prev_hash, round, &at, &label, action, target, old_value, new_value,
    );
    tx.execute(
        "INSERT INTO audit_log (round_id, at, actor, action, target, old_value, new_value, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![round.0, at, label, action, target, old_value, new_value, prev_hash, hash],
    )?;
    Ok(())
}

/// The actor's canonical label ([`Actor::audit_label`]) with the member's role and
/// name as they are now (a member's role never changes once scoring has started).
pub(super) fn actor_label(conn: &Connection, actor: &Actor) -> StoreResult<String> {
    let Some(member) = actor.member_id() else {
        return Ok(actor.audit_label(None, None));
    };
    let found: Option<(String, String)> = conn
        .query_row(
            "SELECT role, name FROM members WHERE id = ?1",
            [member.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match found {
        Some((role, name)) => actor.audit_label(Role::parse(&role), Some(&name)),
        None => actor.audit_label(None, None),
    })
}

impl Store {
    /// A round's audit log, oldest first.
    pub fn audit_log(&self, round: RoundId) -> StoreResult<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, round_id, at, actor, action, target, old_value, new_value, prev_hash, hash
             FROM audit_log WHERE round_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([round.0], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                round_id: RoundId(r.get(1)?),
                at: r.get(2)?,
                actor: r.get(3)?,
                action: r.get(4)?,
                target: r.get(5)?,
                old_value: r.get(6)?,
                new_value: r.get(7)?,
                prev_hash: r.get(8)?,
                hash: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Re-computes a round's chain. `Ok(n)`: all `n` entries verify; otherwise the
    /// first break.
    pub fn verify_audit_chain(&self, round: RoundId) -> StoreResult<Result<usize, ChainBreak>> {
        let entries = self.audit_log(round)?;
        Ok(match chain_breaks(&entries).into_iter().next() {
            Some(first) => Err(first),
            None => Ok(entries.len()),
        })
    }

    /// Every break in a round's chain, each naming its entry (empty: it verifies).
    pub fn audit_chain_breaks(&self, round: RoundId) -> StoreResult<Vec<ChainBreak>> {
        Ok(chain_breaks(&self.audit_log(round)?))
    }

    /// The digest of a round's latest audit entry (ties certificates to the chain).
    pub fn audit_head(&self, round: RoundId) -> StoreResult<String> {
        head_on(&self.conn, round)
    }
}

/// Every break in a round's chain (entries oldest first): each entry whose content does
/// not match its own hash, and each whose `prev_hash` is not the stored hash of the
/// entry before it. Checking both independently names the edited entry itself, and
/// also an edit whose author recomputed that entry's hash (the next entry then breaks).
pub(super) fn chain_breaks(entries: &[AuditEntry]) -> Vec<ChainBreak> {
    let mut breaks = Vec::new();
    let mut prev = GENESIS;
    for entry in entries {
        if entry.prev_hash != prev {
            breaks.push(ChainBreak {
                entry_id: entry.id,
                reason: "does not follow the previous entry (an entry was removed, inserted, reordered or rewritten)".into(),
            });
        }
        let want = entry_hash(
            &entry.prev_hash,
            entry.round_id,
            &entry.at,
            &entry.actor,
            &entry.action,
            &entry.target,
            entry.old_value.as_deref(),
            entry.new_value.as_deref(),
        );
        if want != entry.hash {
            breaks.push(ChainBreak {
                entry_id: entry.id,
                reason: "its content does not match its hash (edited outside the app)".into(),
            });
        }
        prev = &entry.hash;
    }
    breaks
}
