//! A round mirrored from a round package (docs/packages.md): the secretary's round,
//! with the same stable ids, recreated or brought up to date on a member's laptop.
//!
//! The secretary's copy is the authority on the council, the products and the
//! round's state; the lifecycle rules were enforced there. So the mirror writes
//! members and products in whatever (unfrozen) state the round is in here, which the
//! normal paths (`add_member`, `add_product`) refuse once scoring has started: a
//! newer package may bring a product the secretary added after going back to setup.
//! What it never does: touch local sheets, change a finalized round (the triggers
//! would refuse it anyway), or move the status along a transition the lifecycle does
//! not allow (each step appends its `round.state` entry, as the trigger requires).
//!
//! Everything happens in one transaction; when the package brings nothing new, the
//! transaction is dropped unwritten, so re-importing the same package is a no-op.

mod council;

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::audit::{self, Actor};
use super::lifecycle::change_status;
use super::packages::{RawSnapshot, raw_snapshots_on, round_by_uid_on};
use super::products::products_on;
use super::rounds::quorum_columns;
use super::{Store, StoreError, StoreResult, begin, now, results};
use crate::domain::council::CouncilRules;
use crate::domain::criteria::CriteriaSheet;
use crate::domain::ids::RoundId;
pub use crate::domain::model::{MirrorDossier, RoundMirror};
use crate::domain::round::{RoundLevel, RoundStatus};

/// What mirroring did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MirrorReport {
    pub round: RoundId,
    /// The round was new here.
    pub created: bool,
    /// One line per change (empty: the package brought nothing new).
    pub changes: Vec<String>,
    /// What was left as it is, and why (e.g. a member no longer in the package).
    pub notes: Vec<String>,
}

impl MirrorReport {
    pub fn changed(&self) -> bool {
        self.created || !self.changes.is_empty()
    }
}

/// Position on the setup → scoring → deliberation path.
fn step(status: RoundStatus) -> Option<u8> {
    match status {
        RoundStatus::Setup => Some(0),
        RoundStatus::Scoring => Some(1),
        RoundStatus::Deliberation => Some(2),
        RoundStatus::Finalized | RoundStatus::CertificatesIssued => None,
    }
}

fn status_at(step: u8) -> RoundStatus {
    match step {
        0 => RoundStatus::Setup,
        1 => RoundStatus::Scoring,
        _ => RoundStatus::Deliberation,
    }
}

/// Records each change: an audit entry and a line of the report.
struct Changes<'a> {
    tx: &'a Transaction<'a>,
    round: RoundId,
    actor: &'a Actor,
    lines: Vec<String>,
}

impl Changes<'_> {
    fn record(&mut self, target: &str, old: Option<&str>, new: &str) -> StoreResult<()> {
        audit::append(
            self.tx,
            self.round,
            self.actor,
            "package.import",
            target,
            old,
            Some(new),
        )?;
        self.lines.push(match old {
            Some(old) => format!("{target}: {old} → {new}"),
            None => format!("{target}: {new}"),
        });
        Ok(())
    }
}

fn refused(round: &str, reasons: Vec<String>) -> StoreError {
    StoreError::Refused {
        what: format!("round package of \"{round}\""),
        reasons,
    }
}

/// Stores a snapshot unless present; its hash must be its content's.
fn put_snapshot(tx: &Transaction<'_>, snapshot: &RawSnapshot) -> StoreResult<()> {
    let hash = hex::encode(Sha256::digest(snapshot.json.as_bytes()));
    if hash != snapshot.hash {
        return Err(StoreError::Invalid(format!(
            "criteria snapshot {} does not match its content",
            snapshot.hash
        )));
    }
    let sheet: CriteriaSheet = serde_json::from_str(&snapshot.json).map_err(|e| {
        StoreError::Invalid(format!("criteria snapshot {hash} does not parse: {e}"))
    })?;
    let status = serde_json::to_value(sheet.transcription.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    tx.execute(
        "INSERT OR IGNORE INTO criteria_snapshots (hash, criteria_set_id, product_set, status, json)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![hash, sheet.criteria_set.id, sheet.product_set.number, status, snapshot.json],
    )?;
    Ok(())
}

/// The round's settings in one line, for the report and the audit log.
fn describe_settings(
    name: &str,
    level: RoundLevel,
    starts_on: &Option<String>,
    ends_on: &Option<String>,
    rules: CouncilRules,
    star_marks_binding: bool,
) -> String {
    format!(
        "{name}, {}, {} to {}, spread {} points, quorum {}{}, star marks {}",
        level.as_str(),
        starts_on.as_deref().unwrap_or("?"),
        ends_on.as_deref().unwrap_or("?"),
        rules.spread_threshold_points,
        rules.quorum,
        if rules.quorum_requires_chair {
            " with the chair"
        } else {
            ""
        },
        if star_marks_binding {
            "binding"
        } else {
            "advisory"
        }
    )
}

/// The local id of each uid of `table` in `round`; a uid held by another round is refused.
fn local_ids(
    tx: &Transaction<'_>,
    table: &str,
    round: RoundId,
    uids: impl Iterator<Item = String>,
    problems: &mut Vec<String>,
) -> StoreResult<BTreeMap<String, i64>> {
    let mut found = BTreeMap::new();
    let sql = format!("SELECT id, round_id FROM {table} WHERE uid = ?1");
    for uid in uids {
        let hit: Option<(i64, i64)> = tx
            .query_row(&sql, [&uid], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match hit {
            Some((id, r)) if r == round.0 => {
                found.insert(uid, id);
            }
            Some((id, r)) => problems.push(format!(
                "{table} uid {uid} is already {table} {id} of round {r} here, not of this round"
            )),
            None => {}
        }
    }
    Ok(found)
}

impl Store {
    /// Creates the round of a round package, or brings it up to date; see the module
    /// documentation. Refused, with every reason, when the round was created in this
    /// data folder (the secretary's own copy), the package is older than the last one
    /// applied, the round is finalized here, its criteria snapshots differ, a product
    /// set would change under local sheets, or the round would have to go back to
    /// setup while it holds sheets here. `laptop_key`: this data folder's public key;
    /// the member it is registered for becomes the laptop's owner.
    pub fn apply_round_mirror(
        &mut self,
        mirror: &RoundMirror,
        laptop_key: Option<&str>,
        actor: &Actor,
    ) -> StoreResult<MirrorReport> {
        let name = mirror.round.name.as_str();
        let Some(target_step) = step(mirror.round.status) else {
            return Err(refused(
                name,
                vec![format!(
                    "the round is {} on the secretary's machine: there is nothing left to score",
                    mirror.round.status.as_str()
                )],
            ));
        };
        let tx = begin(&mut self.conn)?;
        let existing = round_by_uid_on(&tx, &mirror.round.uid)?;
        let created = existing.is_none();
        let mut problems = Vec::new();
        let round = match &existing {
            Some(row) => {
                let latest: Option<String> = tx.query_row(
                    "SELECT max(exported_at) FROM round_packages WHERE round_id = ?1",
                    [row.id.0],
                    |r| r.get(0),
                )?;
                let Some(latest) = latest else {
                    return Err(refused(
                        name,
                        vec![format!(
                            "round {} was created in this data folder (the secretary's copy): a round package cannot change it",
                            row.id
                        )],
                    ));
                };
                if mirror.exported_at < latest {
                    return Err(refused(
                        name,
                        vec![format!(
                            "this package was exported at {}, before the one already imported here (exported at {latest}): it would roll the round back",
                            mirror.exported_at
                        )],
                    ));
                }
                if row.status.is_frozen() {
                    return Err(refused(
                        name,
                        vec![format!(
                            "round {} is {} here and can no longer change",
                            row.id,
                            row.status.as_str()
                        )],
                    ));
                }
                if row.criteria_set_id != mirror.round.criteria_set_id {
                    problems.push(format!(
                        "the round scores on criteria set {} here, the package says {}",
                        row.criteria_set_id, mirror.round.criteria_set_id
                    ));
                }
                let local: BTreeMap<u8, String> = raw_snapshots_on(&tx, row.id)?
                    .into_iter()
                    .map(|s| (s.product_set, s.hash))
                    .collect();
                let incoming: BTreeMap<u8, String> = mirror
                    .snapshots
                    .iter()
                    .map(|s| (s.product_set, s.hash.clone()))
                    .collect();
                if local != incoming {
                    problems.push(
                        "the package's criteria sheets differ from the ones this round scores on here"
                            .into(),
                    );
                }
                row.id
            }
            None => {
                let (quorum_percent, quorum_numerator, quorum_denominator) =
                    quorum_columns(mirror.round.rules.quorum);
                tx.execute(
                    "INSERT INTO rounds (name, level, criteria_set_id, starts_on, ends_on,
                         spread_threshold_points, quorum_percent, quorum_requires_chair,
                         star_marks_binding, created_at, uid, quorum_numerator, quorum_denominator)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                    params![
                        name,
                        mirror.round.level.as_str(),
                        mirror.round.criteria_set_id,
                        mirror.round.starts_on,
                        mirror.round.ends_on,
                        mirror.round.rules.spread_threshold_points,
                        quorum_percent,
                        mirror.round.rules.quorum_requires_chair,
                        mirror.round.star_marks_binding,
                        now(),
                        mirror.round.uid,
                        quorum_numerator,
                        quorum_denominator,
                    ],
                )?;
                let round = RoundId(tx.last_insert_rowid());
                for snapshot in &mirror.snapshots {
                    put_snapshot(&tx, snapshot)?;
                    tx.execute(
                        "INSERT INTO round_sheets (round_id, product_set, snapshot_hash) VALUES (?1, ?2, ?3)",
                        params![round.0, snapshot.product_set, snapshot.hash],
                    )?;
                }
                round
            }
        };
        let mut changes = Changes {
            tx: &tx,
            round,
            actor,
            lines: Vec::new(),
        };
        let mut notes = Vec::new();
        if created {
            changes.record(
                &format!("round:{round}"),
                None,
                &format!(
                    "created from a round package: {name} (uid {})",
                    mirror.round.uid
                ),
            )?;
        } else if let Some(row) = &existing {
            let m = &mirror.round;
            let settings_now = describe_settings(
                &row.name,
                row.level,
                &row.starts_on,
                &row.ends_on,
                row.rules,
                row.star_marks_binding,
            );
            let settings_new = describe_settings(
                name,
                m.level,
                &m.starts_on,
                &m.ends_on,
                m.rules,
                m.star_marks_binding,
            );
            if settings_now != settings_new {
                let (quorum_percent, quorum_numerator, quorum_denominator) =
                    quorum_columns(m.rules.quorum);
                tx.execute(
                    "UPDATE rounds SET name = ?2, level = ?3, starts_on = ?4, ends_on = ?5,
                         spread_threshold_points = ?6, quorum_percent = ?7,
                         quorum_requires_chair = ?8, star_marks_binding = ?9,
                         quorum_numerator = ?10, quorum_denominator = ?11 WHERE id = ?1",
                    params![
                        round.0,
                        name,
                        m.level.as_str(),
                        m.starts_on,
                        m.ends_on,
                        m.rules.spread_threshold_points,
                        quorum_percent,
                        m.rules.quorum_requires_chair,
                        m.star_marks_binding,
                        quorum_numerator,
                        quorum_denominator
                    ],
                )?;
                changes.record(
                    &format!("round:{round}"),
                    Some(&settings_now),
                    &settings_new,
                )?;
            }
        }

        // Council members, by uid. Keys are cleared first where they change, so two
        // members swapping keys never trip the one-key-per-member index.
        let member_ids = local_ids(
            &tx,
            "members",
            round,
            mirror.members.iter().map(|m| m.uid.clone()),
            &mut problems,
        )?;
        let product_ids = local_ids(
            &tx,
            "products",
            round,
            mirror.products.iter().map(|p| p.uid.clone()),
            &mut problems,
        )?;
        let local_products = products_on(&tx, round)?;
        for product in &mirror.products {
            if let Some(local) = product_ids
                .get(&product.uid)
                .and_then(|id| local_products.iter().find(|p| p.id.0 == *id))
                && local.product_set != product.product_set
            {
                let sheets: i64 = tx.query_row(
                    "SELECT count(*) FROM sheets WHERE product_id = ?1",
                    [local.id.0],
                    |r| r.get(0),
                )?;
                if sheets > 0 {
                    problems.push(format!(
                        "product {} ({}) is scored here on product set {}; the package moves it to set {}",
                        local.id, local.name, local.product_set, product.product_set
                    ));
                }
            }
        }
        let sheets_here: i64 = tx.query_row(
            "SELECT count(*) FROM sheets WHERE round_id = ?1",
            [round.0],
            |r| r.get(0),
        )?;
        let from_step = existing.as_ref().and_then(|r| step(r.status)).unwrap_or(0);
        if target_step == 0 && from_step > 0 && sheets_here > 0 {
            problems.push(format!(
                "the secretary moved the round back to setup, but this laptop holds {sheets_here} sheet(s) of it: export them (package export-sheets) and ask the secretary for a package once scoring restarts"
            ));
        }
        if !problems.is_empty() {
            return Err(refused(name, problems));
        }

        let member_by_uid = council::apply_members(&mut changes, mirror, &member_ids, &mut notes)?;
        let product_by_uid = council::apply_products(
            &mut changes,
            mirror,
            &product_ids,
            &local_products,
            &mut notes,
        )?;
        council::apply_recusals(&mut changes, mirror, &member_by_uid, &product_by_uid)?;

        // The status, one allowed step at a time.
        let mut at = from_step;
        while at != target_step {
            let next = if target_step > at { at + 1 } else { at - 1 };
            change_status(&tx, round, status_at(at), status_at(next), actor)?;
            changes.lines.push(format!(
                "round:{round}: {} → {}",
                status_at(at).as_str(),
                status_at(next).as_str()
            ));
            at = next;
        }

        let lines = changes.lines;
        if lines.is_empty() {
            // Nothing new: leave the database exactly as it was.
            return Ok(MirrorReport {
                round,
                created,
                changes: lines,
                notes,
            });
        }
        audit::append(
            &tx,
            round,
            actor,
            "package.import",
            &format!("round:{round}"),
            None,
            Some(&format!(
                "round package exported at {} applied: {} change(s)",
                mirror.exported_at,
                lines.len()
            )),
        )?;
        tx.execute(
            "INSERT INTO round_packages (round_id, exported_at, changes, imported_at, imported_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                round.0,
                mirror.exported_at,
                lines.len() as i64,
                now(),
                actor.principal.token()
            ],
        )?;
        // The laptop's own member (their key is this data folder's profile key): the
        // round then acts only as that member here (domain/permissions.rs).
        if let Some(key) = laptop_key {
            tx.execute(
                "UPDATE rounds SET laptop_member =
                     (SELECT id FROM members WHERE round_id = ?1 AND public_key = ?2)
                 WHERE id = ?1",
                params![round.0, key],
            )?;
        }
        for product in products_on(&tx, round)? {
            results::refresh(&tx, &self.sheet_cache, round, product.id)?;
        }
        tx.commit()?;
        Ok(MirrorReport {
            round,
            created,
            changes: lines,
            notes,
        })
    }
}
