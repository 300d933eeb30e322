//! Applying a round package to this data folder, in named steps: what refuses the
//! package outright (older, the secretary's own copy, frozen here), what refuses it
//! with every reason at once (criteria, uids, product sets under sheets, a step back
//! to setup over local sheets), then the round's row, its settings, the council, the
//! products, the recusals, the presiding members, the status, and the record of the
//! package itself.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::{MirrorChange, MirrorReport, RoundMirror};
use super::{council, presiding};
use crate::domain::council::CouncilRules;
use crate::domain::criteria::CriteriaSheet;
use crate::domain::ids::RoundId;
use crate::domain::model::RoundField;
use crate::domain::refusal::{PackageFault, Problem, Refusal, StoreFault, Subject};
use crate::domain::round::{RoundLevel, RoundStatus};
use crate::store::audit::{self, Actor};
use crate::store::lifecycle::change_status;
use crate::store::packages::{RawSnapshot, raw_snapshots_on, round_by_uid_on};
use crate::store::products::{ProductRow, products_on};
use crate::store::rounds::{RoundRow, quorum_columns};
use crate::store::{Store, StoreError, StoreResult, begin, now, results};

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

/// Records each change: an audit entry (its target, old and new values as the
/// audit log words them) and the change, typed, for the report.
pub(super) struct Changes<'a> {
    pub(super) tx: &'a Transaction<'a>,
    pub(super) round: RoundId,
    pub(super) actor: &'a Actor,
    pub(super) made: Vec<MirrorChange>,
}

impl Changes<'_> {
    pub(super) fn record(
        &mut self,
        change: MirrorChange,
        target: &str,
        old: Option<&str>,
        new: &str,
    ) -> StoreResult<()> {
        audit::append(
            self.tx,
            self.round,
            self.actor,
            "package.import",
            target,
            old,
            Some(new),
        )?;
        self.made.push(change);
        Ok(())
    }
}

/// The package of `round` refused for `faults`.
fn refused(round: &str, faults: Vec<StoreFault>) -> StoreError {
    StoreError::Refused(Refusal::new(
        Subject::RoundPackage {
            round: Some(round.to_string()),
        },
        faults.into_iter().map(Problem::Store).collect(),
    ))
}

/// Stores a snapshot unless present; its hash must be its content's.
fn put_snapshot(tx: &Transaction<'_>, snapshot: &RawSnapshot) -> StoreResult<()> {
    let hash = hex::encode(Sha256::digest(snapshot.json.as_bytes()));
    if hash != snapshot.hash {
        return Err(StoreError::Refused(Refusal::one(
            Subject::RoundPackage { round: None },
            Problem::Package(PackageFault::HashMismatch)
                .in_file(format!("criteria/{}.json", snapshot.hash)),
        )));
    }
    let sheet: CriteriaSheet = serde_json::from_str(&snapshot.json).map_err(|e| {
        StoreError::Refused(Refusal::one(
            Subject::RoundPackage { round: None },
            Problem::Package(PackageFault::NotACriteriaSheet {
                path: format!("criteria/{hash}.json"),
                detail: e.to_string(),
            }),
        ))
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
    problems: &mut Vec<StoreFault>,
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
            Some((id, r)) => problems.push(StoreFault::UidOfAnotherRound {
                table: table.into(),
                uid,
                id,
                round: r,
            }),
            None => {}
        }
    }
    Ok(found)
}

/// An existing round against the package. `Err` for a refusal that ends the
/// import at once (a round created here, an older package, a frozen round); the
/// returned list for what is refused together with the later checks.
fn check_existing(
    tx: &Transaction<'_>,
    row: &RoundRow,
    mirror: &RoundMirror,
) -> StoreResult<Vec<StoreFault>> {
    let name = mirror.round.name.as_str();
    let latest: Option<String> = tx.query_row(
        "SELECT max(exported_at) FROM round_packages WHERE round_id = ?1",
        [row.id.0],
        |r| r.get(0),
    )?;
    let Some(latest) = latest else {
        return Err(refused(
            name,
            vec![StoreFault::SecretarysCopy { round: row.id }],
        ));
    };
    if mirror.exported_at < latest {
        return Err(refused(
            name,
            vec![StoreFault::RollsBack {
                exported_at: mirror.exported_at.clone(),
                latest,
            }],
        ));
    }
    if row.status.is_frozen() {
        return Err(refused(
            name,
            vec![StoreFault::RoundFrozenHere {
                round: row.id,
                status: row.status.as_str().into(),
            }],
        ));
    }
    let mut problems = Vec::new();
    if row.criteria_set_id != mirror.round.criteria_set_id {
        problems.push(StoreFault::OtherCriteriaSet {
            here: row.criteria_set_id.clone(),
            package: mirror.round.criteria_set_id.clone(),
        });
    }
    let local: BTreeMap<u8, String> = raw_snapshots_on(tx, row.id)?
        .into_iter()
        .map(|s| (s.product_set, s.hash))
        .collect();
    let incoming: BTreeMap<u8, String> = mirror
        .snapshots
        .iter()
        .map(|s| (s.product_set, s.hash.clone()))
        .collect();
    if local != incoming {
        problems.push(StoreFault::OtherSnapshots);
    }
    Ok(problems)
}

/// Creates the round of a package seen for the first time, with its snapshots.
fn create_round(tx: &Transaction<'_>, mirror: &RoundMirror) -> StoreResult<RoundId> {
    let m = &mirror.round;
    let (quorum_percent, quorum_numerator, quorum_denominator) = quorum_columns(m.rules.quorum);
    tx.execute(
        "INSERT INTO rounds (name, level, criteria_set_id, starts_on, ends_on,
             spread_threshold_points, quorum_percent, quorum_requires_chair,
             star_marks_binding, created_at, uid, quorum_numerator, quorum_denominator)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            m.name,
            m.level.as_str(),
            m.criteria_set_id,
            m.starts_on,
            m.ends_on,
            m.rules.spread_threshold_points,
            quorum_percent,
            m.rules.quorum_requires_chair,
            m.star_marks_binding,
            now(),
            m.uid,
            quorum_numerator,
            quorum_denominator,
        ],
    )?;
    let round = RoundId(tx.last_insert_rowid());
    for snapshot in &mirror.snapshots {
        put_snapshot(tx, snapshot)?;
        tx.execute(
            "INSERT INTO round_sheets (round_id, product_set, snapshot_hash) VALUES (?1, ?2, ?3)",
            params![round.0, snapshot.product_set, snapshot.hash],
        )?;
    }
    Ok(round)
}

/// Brings an existing round's settings (name, level, dates, rules) up to the package's.
fn update_settings(
    changes: &mut Changes<'_>,
    row: &RoundRow,
    mirror: &RoundMirror,
) -> StoreResult<()> {
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
        &m.name,
        m.level,
        &m.starts_on,
        &m.ends_on,
        m.rules,
        m.star_marks_binding,
    );
    if settings_now == settings_new {
        return Ok(());
    }
    let fields = [
        (RoundField::Name, row.name != m.name),
        (RoundField::Level, row.level != m.level),
        (
            RoundField::Dates,
            (&row.starts_on, &row.ends_on) != (&m.starts_on, &m.ends_on),
        ),
        (RoundField::Rules, row.rules != m.rules),
        (
            RoundField::StarMarks,
            row.star_marks_binding != m.star_marks_binding,
        ),
    ]
    .into_iter()
    .filter_map(|(field, changed)| changed.then_some(field))
    .collect();
    let (quorum_percent, quorum_numerator, quorum_denominator) = quorum_columns(m.rules.quorum);
    changes.tx.execute(
        "UPDATE rounds SET name = ?2, level = ?3, starts_on = ?4, ends_on = ?5,
             spread_threshold_points = ?6, quorum_percent = ?7,
             quorum_requires_chair = ?8, star_marks_binding = ?9,
             quorum_numerator = ?10, quorum_denominator = ?11 WHERE id = ?1",
        params![
            changes.round.0,
            m.name,
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
    let target = format!("round:{}", changes.round);
    let change = MirrorChange::RoundSettings {
        round: changes.round,
        name: m.name.clone(),
        fields,
    };
    changes.record(change, &target, Some(&settings_now), &settings_new)
}

/// Products the package moves to another product set while they have sheets here.
fn product_set_moves(
    tx: &Transaction<'_>,
    mirror: &RoundMirror,
    product_ids: &BTreeMap<String, i64>,
    local_products: &[ProductRow],
) -> StoreResult<Vec<StoreFault>> {
    let mut problems = Vec::new();
    for product in &mirror.products {
        let Some(local) = product_ids
            .get(&product.uid)
            .and_then(|id| local_products.iter().find(|p| p.id.0 == *id))
        else {
            continue;
        };
        if local.product_set == product.product_set {
            continue;
        }
        let sheets: i64 = tx.query_row(
            "SELECT count(*) FROM sheets WHERE product_id = ?1",
            [local.id.0],
            |r| r.get(0),
        )?;
        if sheets > 0 {
            problems.push(StoreFault::ProductSetMoves {
                product: local.id,
                name: local.name.clone(),
                from: local.product_set,
                to: product.product_set,
            });
        }
    }
    Ok(problems)
}

/// Moves the round's status one allowed step at a time from `from` to `to`.
fn move_status(changes: &mut Changes<'_>, from: u8, to: u8) -> StoreResult<()> {
    let round = changes.round;
    let mut at = from;
    while at != to {
        let next = if to > at { at + 1 } else { at - 1 };
        change_status(
            changes.tx,
            round,
            status_at(at),
            status_at(next),
            changes.actor,
        )?;
        changes.made.push(MirrorChange::Status {
            round,
            from: status_at(at),
            to: status_at(next),
        });
        at = next;
    }
    Ok(())
}

/// Records the package as applied (audit entry, `round_packages` row), names the
/// laptop's own member and refreshes the results.
fn record_package(
    store_cache: &crate::store::snapshots::SheetCache,
    tx: &Transaction<'_>,
    mirror: &RoundMirror,
    round: RoundId,
    changes: usize,
    laptop_key: Option<&str>,
    actor: &Actor,
) -> StoreResult<()> {
    audit::append(
        tx,
        round,
        actor,
        "package.import",
        &format!("round:{round}"),
        None,
        Some(&format!(
            "round package exported at {} applied: {changes} change(s)",
            mirror.exported_at
        )),
    )?;
    tx.execute(
        "INSERT INTO round_packages (round_id, exported_at, changes, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            round.0,
            mirror.exported_at,
            changes as i64,
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
    for product in products_on(tx, round)? {
        results::refresh(tx, store_cache, round, product.id)?;
    }
    Ok(())
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
                vec![StoreFault::NothingLeftToScore {
                    status: mirror.round.status.as_str().into(),
                }],
            ));
        };
        let tx = begin(&mut self.conn)?;
        let existing = round_by_uid_on(&tx, &mirror.round.uid)?;
        let created = existing.is_none();
        let (round, mut problems) = match &existing {
            Some(row) => (row.id, check_existing(&tx, row, mirror)?),
            None => (create_round(&tx, mirror)?, Vec::new()),
        };
        let mut changes = Changes {
            tx: &tx,
            round,
            actor,
            made: Vec::new(),
        };
        let mut notes = Vec::new();
        match &existing {
            None => changes.record(
                MirrorChange::RoundCreated {
                    round,
                    name: name.to_owned(),
                },
                &format!("round:{round}"),
                None,
                &format!(
                    "created from a round package: {name} (uid {})",
                    mirror.round.uid
                ),
            )?,
            Some(row) => update_settings(&mut changes, row, mirror)?,
        }

        // Council members and products, by uid.
        let member_uids = mirror.members.iter().map(|m| m.uid.clone());
        let member_ids = local_ids(&tx, "members", round, member_uids, &mut problems)?;
        let product_uids = mirror.products.iter().map(|p| p.uid.clone());
        let product_ids = local_ids(&tx, "products", round, product_uids, &mut problems)?;
        let local_products = products_on(&tx, round)?;
        problems.extend(product_set_moves(
            &tx,
            mirror,
            &product_ids,
            &local_products,
        )?);
        let sheets_here: i64 = tx.query_row(
            "SELECT count(*) FROM sheets WHERE round_id = ?1",
            [round.0],
            |r| r.get(0),
        )?;
        let from_step = existing.as_ref().and_then(|r| step(r.status)).unwrap_or(0);
        if target_step == 0 && from_step > 0 && sheets_here > 0 {
            problems.push(StoreFault::BackToSetupWithSheets {
                sheets: sheets_here,
            });
        }
        if !problems.is_empty() {
            return Err(refused(name, problems));
        }

        // Keys are cleared first where they change (council.rs), so two members
        // swapping keys never trip the one-key-per-member index.
        let member_by_uid = council::apply_members(&mut changes, mirror, &member_ids, &mut notes)?;
        let product_by_uid = council::apply_products(
            &mut changes,
            mirror,
            &product_ids,
            &local_products,
            &mut notes,
        )?;
        council::apply_recusals(&mut changes, mirror, &member_by_uid, &product_by_uid)?;
        presiding::apply_presiding(&mut changes, mirror, &member_by_uid, &product_by_uid)?;
        move_status(&mut changes, from_step, target_step)?;

        let made = changes.made;
        if !made.is_empty() {
            record_package(
                &self.sheet_cache,
                &tx,
                mirror,
                round,
                made.len(),
                laptop_key,
                actor,
            )?;
            tx.commit()?;
        }
        // Nothing new: the transaction is dropped, leaving the database as it was.
        Ok(MirrorReport {
            round,
            created,
            changes: made,
            notes,
        })
    }
}
