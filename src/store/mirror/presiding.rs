//! The presiding members of a round package (docs/packages.md), applied by uid inside
//! the mirror's transaction, after the council, the products and the recusals.
//!
//! On a member's laptop a presiding member comes only from the secretary's packages
//! (the laptop acts only as its member, who may not name one), so the package is the
//! record: a product it holds gets exactly the presiding member it names, or none.
//! A product missing from the package keeps what it has (it is noted already).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::params;

use super::apply::Changes;
use super::{MirrorChange, RoundMirror};
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::model::MirrorPresiding;
use crate::domain::refusal::{PackageFault, Problem, Refusal, StoreFault, Subject};
use crate::store::members::members_on;
use crate::store::{StoreError, StoreResult};

/// A presiding row as stored: member, recorded by, recorded at.
type Recorded = (MemberId, String, String);

fn presiding_here(changes: &Changes<'_>) -> StoreResult<BTreeMap<ProductId, Recorded>> {
    let mut stmt = changes.tx.prepare(
        "SELECT product_id, member_id, recorded_by, created_at FROM presiding_members
         WHERE round_id = ?1",
    )?;
    let rows = stmt.query_map([changes.round.0], |r| {
        Ok((
            ProductId(r.get(0)?),
            (MemberId(r.get(1)?), r.get(2)?, r.get(3)?),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn recused_here(changes: &Changes<'_>) -> StoreResult<BTreeSet<(ProductId, MemberId)>> {
    let mut stmt = changes
        .tx
        .prepare("SELECT product_id, member_id FROM recusals WHERE round_id = ?1")?;
    let rows = stmt.query_map([changes.round.0], |r| {
        Ok((ProductId(r.get(0)?), MemberId(r.get(1)?)))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The package's presiding members in local ids, or why the store refuses them:
/// the exchange checked the package against itself, this checks it against the
/// data folder (a member recused here, say by their own declaration on the laptop).
fn local_presiding<'m>(
    changes: &Changes<'_>,
    mirror: &'m RoundMirror,
    member_by_uid: &BTreeMap<&str, MemberId>,
    product_by_uid: &BTreeMap<&str, ProductId>,
) -> StoreResult<BTreeMap<ProductId, (MemberId, &'m MirrorPresiding)>> {
    let recused = recused_here(changes)?;
    let mut wanted = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, p) in mirror.presiding.iter().enumerate() {
        let here = format!("presiding[{i}]");
        let found = (
            product_by_uid.get(p.product.as_str()),
            member_by_uid.get(p.member.as_str()),
            mirror.members.iter().find(|m| m.uid == p.member),
        );
        let (Some(&product), Some(&member), Some(row)) = found else {
            problems.push(Problem::Package(PackageFault::PresidingUnknown).in_file(here));
            continue;
        };
        if !row.voting {
            let name = row.name.clone();
            problems
                .push(Problem::Package(PackageFault::PresidingDoesNotVote { name }).in_file(here));
        } else if recused.contains(&(product, member)) {
            problems.push(Problem::Store(StoreFault::Recused { member, product }).in_file(here));
        } else if wanted.insert(product, (member, p)).is_some() {
            problems.push(Problem::Duplicate {
                field: format!("{here}.product"),
                value: p.product.clone(),
                first: None,
            });
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Refused(Refusal::new(
            Subject::RoundPackage {
                round: Some(mirror.round.name.clone()),
            },
            problems,
        )));
    }
    Ok(wanted)
}

/// Presiding members by uid: added, changed or removed so that every product of the
/// package has the one it names; each change audited (`package.import`).
pub(super) fn apply_presiding(
    changes: &mut Changes<'_>,
    mirror: &RoundMirror,
    member_by_uid: &BTreeMap<&str, MemberId>,
    product_by_uid: &BTreeMap<&str, ProductId>,
) -> StoreResult<()> {
    let wanted = local_presiding(changes, mirror, member_by_uid, product_by_uid)?;
    let here = presiding_here(changes)?;
    let names: BTreeMap<MemberId, String> = members_on(changes.tx, changes.round)?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    // The package's products by their id here, for the report's names.
    let product_names: BTreeMap<ProductId, &str> = mirror
        .products
        .iter()
        .filter_map(|p| Some((*product_by_uid.get(p.uid.as_str())?, p.name.as_str())))
        .collect();
    let product_name = |product: &ProductId| {
        product_names
            .get(product)
            .map_or_else(String::new, |n| (*n).to_owned())
    };
    let describe = |(member, by, at): &Recorded| {
        let name = names.get(member).map_or("?", String::as_str);
        format!("{name} (member {member}) presides for the recused chair, recorded by {by} at {at}")
    };
    for (&product, &(member, p)) in &wanted {
        let new: Recorded = (member, p.recorded_by.clone(), p.created_at.clone());
        let old = here.get(&product);
        if old == Some(&new) {
            continue;
        }
        changes.tx.execute(
            "INSERT INTO presiding_members (round_id, product_id, member_id, recorded_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (product_id) DO UPDATE SET member_id = excluded.member_id,
                 recorded_by = excluded.recorded_by, created_at = excluded.created_at",
            params![changes.round.0, product.0, member.0, new.1, new.2],
        )?;
        let target = format!("product:{product} presiding");
        let change = MirrorChange::Presiding {
            product,
            product_name: product_name(&product),
            member: Some((member, names.get(&member).cloned().unwrap_or_default())),
        };
        changes.record(
            change,
            &target,
            old.map(&describe).as_deref(),
            &describe(&new),
        )?;
    }
    let in_package: BTreeSet<ProductId> = product_by_uid.values().copied().collect();
    for (product, old) in &here {
        if wanted.contains_key(product) || !in_package.contains(product) {
            continue;
        }
        changes.tx.execute(
            "DELETE FROM presiding_members WHERE product_id = ?1",
            [product.0],
        )?;
        let target = format!("product:{product} presiding");
        let change = MirrorChange::Presiding {
            product: *product,
            product_name: product_name(product),
            member: None,
        };
        changes.record(
            change,
            &target,
            Some(&describe(old)),
            "none: the package names nobody",
        )?;
    }
    Ok(())
}
