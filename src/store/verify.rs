//! `ocop-council verify --round R`: re-checks what the triggers cannot guarantee.
//!
//! Triggers stop writes to a finalized round through any SQLite connection, but raw
//! SQL can drop a trigger, or flip `rounds.status` after forging a `round.state`
//! entry, edit, and flip it back. So `verify` checks, and names what breaks:
//! - the audit chain, entry by entry;
//! - each entry's actor against the permission table (`verify_actors`);
//! - the round's status against its latest `round.state` entry;
//! - the immutability triggers against the ones this build creates;
//! - for a finalized round, its content against the seal recorded at finalization;
//! - the stored results against a recomputation from the sheets;
//! - the criteria snapshots against their content hashes;
//! - each certificate against its digest and the audit chain;
//! - the whole file with SQLite's `integrity_check` and `foreign_key_check`.
//!
//! The app layer adds the rollback check (`app::backup::anchor`).
//!
//! Limit: the chain is not keyed. Someone who deletes the latest entries of the whole
//! log, or rewrites entries with correctly recomputed hashes (and restores the
//! triggers), is caught only where the chain is anchored
//! outside the database: a certificate's digest (printed in its QR code) covers the
//! audit head it was issued on, and the seal is printed by `verify` for the minutes.

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::audit::chain_breaks;
use super::certificates::CertificateRow;
use super::lifecycle::STATE_ACTION;
use super::seal::{self, SEAL_ACTION};
use super::{Store, StoreResult, migrations};
use crate::domain::certificate::certified_by;
use crate::domain::ids::RoundId;
use crate::domain::model::{AuditEntry, RoundResults, RoundRow};
pub use crate::domain::model::{CheckKind, VerifyCheck, VerifyReport};
use crate::domain::round::RoundStatus;

fn check(kind: CheckKind, detail: String, problems: Vec<String>) -> VerifyCheck {
    VerifyCheck {
        kind,
        detail,
        problems,
    }
}

/// The triggers (name → SQL) of a database.
fn triggers(conn: &Connection) -> StoreResult<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Runs every check on one round (see the module documentation).
    pub fn verify_round(&self, round: RoundId) -> StoreResult<VerifyReport> {
        let row = self.round(round)?;
        let entries = self.audit_log(round)?;
        let mut checks = vec![
            self.audit_chain_check(&entries)?,
            round_status_check(&row, &entries),
            self.triggers_check()?,
        ];
        let seal_now = seal::round_digest(&self.conn, round)?;
        checks.push(seal_check(&row, &entries, &seal_now));
        let fresh_results = self.round_results_recomputed(round)?;
        checks.push(self.results_check(round, &fresh_results)?);
        checks.push(self.snapshots_check(round)?);
        checks.push(self.certificates_check(round, &row, &fresh_results, &entries)?);
        // SQLite's own checks see what the rules above cannot: a damaged page, an
        // index out of step with its table, a row pointing at a missing one.
        let problems = self.integrity_problems()?;
        checks.push(check(
            CheckKind::DatabaseIntegrity,
            "integrity_check, foreign_key_check".to_string(),
            problems,
        ));
        // Last, so the earlier checks keep their places in the report.
        checks.push(self.actors_check(round, &entries)?);

        Ok(VerifyReport {
            round,
            status: row.status,
            seal: seal_now,
            checks,
        })
    }

    /// The hash chain, entry by entry, and the entry ids deleted from the log.
    fn audit_chain_check(&self, entries: &[AuditEntry]) -> StoreResult<VerifyCheck> {
        let mut problems: Vec<String> = chain_breaks(entries)
            .iter()
            .map(ToString::to_string)
            .collect();
        // Entry ids are shared by all rounds and never reused while the last one stays,
        // so a gap means entries were deleted (of this round or another); a deleted tail
        // of this round's chain is otherwise invisible to the chain itself.
        for (before, after) in self.audit_id_gaps()? {
            problems.push(format!(
                "audit entries {} to {} are missing (deleted outside the app)",
                before + 1,
                after - 1
            ));
        }
        Ok(check(
            CheckKind::AuditChain,
            format!("{} entries", entries.len()),
            problems,
        ))
    }

    /// The immutability triggers against the ones a fresh database of this build has.
    fn triggers_check(&self) -> StoreResult<VerifyCheck> {
        let mut fresh = Connection::open_in_memory()?;
        migrations::migrate(&mut fresh)?;
        let expected = triggers(&fresh)?;
        let actual = triggers(&self.conn)?;
        let mut problems = Vec::new();
        for (name, sql) in &expected {
            match actual.iter().find(|(n, _)| n == name) {
                None => problems.push(format!(
                    "trigger {name} is missing (dropped outside the app)"
                )),
                Some((_, got)) if got != sql => {
                    problems.push(format!("trigger {name} was altered outside the app"))
                }
                Some(_) => {}
            }
        }
        for (name, _) in &actual {
            if !expected.iter().any(|(n, _)| n == name) {
                problems.push(format!("unknown trigger {name} (added outside the app)"));
            }
        }
        Ok(check(
            CheckKind::ImmutabilityTriggers,
            format!("{} triggers", expected.len()),
            problems,
        ))
    }

    /// The stored results against `fresh`, recomputed from the sheets.
    fn results_check(&self, round: RoundId, fresh: &RoundResults) -> StoreResult<VerifyCheck> {
        let mut problems = Vec::new();
        let stored = self.stored_results(round)?;
        for outcome in &fresh.products {
            let r = &outcome.result;
            let want = StoredResult {
                product: outcome.product.id.0,
                mean_sum: r.mean.map(|m| m.sum() as i64),
                mean_count: r.mean.map(|m| m.count() as i64),
                stars: i64::from(r.stars),
                state: serde_json::to_value(r.state)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                certifiable: r.certifiable,
            };
            match stored.iter().find(|s| s.product == want.product) {
                None => problems.push(format!("product {} has no stored result", want.product)),
                Some(got) if *got != want => problems.push(format!(
                    "product {}: stored result {} differs from the sheets' {}",
                    want.product,
                    got.describe(),
                    want.describe()
                )),
                Some(_) => {}
            }
        }
        Ok(check(
            CheckKind::Results,
            format!("{} products recomputed", fresh.products.len()),
            problems,
        ))
    }

    /// Each criteria snapshot the round uses against its content hash.
    fn snapshots_check(&self, round: RoundId) -> StoreResult<VerifyCheck> {
        let mut problems = Vec::new();
        let snapshots = self.round_snapshots(round)?;
        for (set, hash, json) in &snapshots {
            if hex::encode(Sha256::digest(json.as_bytes())) != *hash {
                problems.push(format!(
                    "the criteria sheet of product set {set} (snapshot {hash}) was edited"
                ));
            }
        }
        Ok(check(
            CheckKind::CriteriaSnapshots,
            format!("{} sheets", snapshots.len()),
            problems,
        ))
    }

    /// Each certificate against its digest and the chain, and the certificates the
    /// round's state and results call for.
    fn certificates_check(
        &self,
        round: RoundId,
        row: &RoundRow,
        fresh: &RoundResults,
        entries: &[AuditEntry],
    ) -> StoreResult<VerifyCheck> {
        let certificates = self.certificates(round)?;
        let mut problems = Vec::new();
        for c in &certificates {
            problems.extend(certificate_problems(c, entries));
        }
        match row.status {
            RoundStatus::CertificatesIssued => {
                for outcome in &fresh.products {
                    if certified_by(row.level, &outcome.result)
                        && !certificates
                            .iter()
                            .any(|c| c.product_id == outcome.product.id)
                    {
                        problems.push(format!(
                            "product {} is certified by the round but has no certificate",
                            outcome.product.id
                        ));
                    }
                }
            }
            _ if !certificates.is_empty() => problems.push(format!(
                "the round is {} but holds {} certificate(s)",
                row.status.as_str(),
                certificates.len()
            )),
            _ => {}
        }
        Ok(check(
            CheckKind::Certificates,
            format!("{} certificates", certificates.len()),
            problems,
        ))
    }

    /// Each entry's actor against the permission table.
    fn actors_check(&self, round: RoundId, entries: &[AuditEntry]) -> StoreResult<VerifyCheck> {
        let actors = super::verify_actors::check_actors(&self.conn, round, entries)?;
        Ok(check(
            CheckKind::ActorsRights,
            format!(
                "{} entries checked against the permission table{}",
                actors.checked,
                if actors.unchecked > 0 {
                    format!(
                        ", {} written before actors were recorded (not checked)",
                        actors.unchecked
                    )
                } else {
                    String::new()
                }
            ),
            actors.problems,
        ))
    }

    /// Pairs of consecutive audit ids with a gap between them.
    pub(super) fn audit_id_gaps(&self) -> StoreResult<Vec<(i64, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT prev, id FROM (SELECT id, lag(id, 1, 0) OVER (ORDER BY id) AS prev FROM audit_log)
             WHERE id <> prev + 1",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn stored_results(&self, round: RoundId) -> StoreResult<Vec<StoredResult>> {
        let mut stmt = self.conn.prepare(
            "SELECT product_id, mean_sum, mean_count, stars, state, certifiable
             FROM results WHERE round_id = ?1 ORDER BY product_id",
        )?;
        let rows = stmt.query_map([round.0], |r| {
            Ok(StoredResult {
                product: r.get(0)?,
                mean_sum: r.get(1)?,
                mean_count: r.get(2)?,
                stars: r.get(3)?,
                state: r.get(4)?,
                certifiable: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn round_snapshots(&self, round: RoundId) -> StoreResult<Vec<(u8, String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT rs.product_set, s.hash, s.json FROM round_sheets rs
             JOIN criteria_snapshots s ON s.hash = rs.snapshot_hash
             WHERE rs.round_id = ?1 ORDER BY rs.product_set",
        )?;
        let rows = stmt.query_map([round.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[derive(Debug, PartialEq, Eq)]
struct StoredResult {
    product: i64,
    mean_sum: Option<i64>,
    mean_count: Option<i64>,
    stars: i64,
    state: String,
    certifiable: bool,
}

impl StoredResult {
    fn describe(&self) -> String {
        format!(
            "{}★ {} (mean {}/{})",
            self.stars,
            self.state,
            self.mean_sum.map_or("–".into(), |v| v.to_string()),
            self.mean_count.map_or("–".into(), |v| v.to_string())
        )
    }
}

/// The round's status against its latest `round.state` entry, and a frozen round's
/// approval decision.
fn round_status_check(row: &RoundRow, entries: &[AuditEntry]) -> VerifyCheck {
    let last_state = entries.iter().rev().find(|e| e.action == STATE_ACTION);
    let logged = last_state
        .and_then(|e| e.new_value.clone())
        .unwrap_or_else(|| RoundStatus::Setup.as_str().to_string());
    let mut problems = Vec::new();
    if logged != row.status.as_str() {
        problems.push(format!(
            "the round is {} but its audit log last records {}{} (status changed outside the app)",
            row.status.as_str(),
            logged,
            last_state.map_or(String::new(), |e| format!(" (entry {})", e.id))
        ));
    }
    if row.status.is_frozen()
        && (row.decision_no.is_none() || row.decision_date.is_none() || row.signatory.is_none())
    {
        problems.push("the round is finalized without a complete approval decision".into());
    }
    check(
        CheckKind::RoundStatus,
        format!(
            "{} (per audit entry {})",
            row.status.as_str(),
            last_state.map_or(0, |e| e.id)
        ),
        problems,
    )
}

/// A frozen round's content (`seal_now`) against the seal recorded at finalization.
fn seal_check(row: &RoundRow, entries: &[AuditEntry], seal_now: &str) -> VerifyCheck {
    let sealed = entries.iter().rev().find(|e| e.action == SEAL_ACTION);
    let (detail, problems) = match (row.status.is_frozen(), sealed) {
        (false, _) => (
            format!("not sealed: the round is {}", row.status.as_str()),
            vec![],
        ),
        (true, None) => (
            "no seal".to_string(),
            vec!["the round is finalized but its audit log holds no seal".to_string()],
        ),
        (true, Some(entry)) if entry.new_value.as_deref() == Some(seal_now) => {
            (format!("matches the seal of entry {}", entry.id), vec![])
        }
        (true, Some(entry)) => (
            format!("sealed in entry {}", entry.id),
            vec![format!(
                "the round's sheets, answers, recusals, products or results changed after it was finalized (seal of entry {} is {}, content now {})",
                entry.id,
                entry.new_value.as_deref().unwrap_or("empty"),
                seal_now
            )],
        ),
    };
    check(CheckKind::FinalizedContent, detail, problems)
}

fn certificate_problems(c: &CertificateRow, entries: &[super::AuditEntry]) -> Vec<String> {
    let mut problems = Vec::new();
    if c.facts().digest() != c.digest {
        problems.push(format!(
            "certificate {} no longer matches its digest (edited outside the app)",
            c.number
        ));
    }
    if !entries.iter().any(|e| e.hash == c.audit_head) {
        problems.push(format!(
            "certificate {} was issued on audit head {}, which is not in the round's chain",
            c.number, c.audit_head
        ));
    }
    if !entries.iter().any(|e| {
        e.action == "certificate.issue"
            && e.target.starts_with(&format!("certificate:{} ", c.number))
    }) {
        problems.push(format!(
            "certificate {} has no issue entry in the audit log",
            c.number
        ));
    }
    problems
}
