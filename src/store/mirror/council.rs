//! The council, the products with their dossiers, and the recusals of a round
//! package, applied by uid inside the mirror's transaction (see the parent module).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{OptionalExtension, Transaction, params};

use super::apply::Changes;
use super::{MirrorChange, MirrorDossier, MirrorNote, RoundMirror};
use crate::domain::disqualify::Disqualification;
use crate::domain::ids::{MemberId, ProductId};
use crate::domain::member::Role;
use crate::domain::model::{MemberField, MirrorProduct, ProductField};
use crate::domain::refusal::{PackageFault, Problem, Refusal, Subject};
use crate::store::dossiers::{self, NewDossier};
use crate::store::members::members_on;
use crate::store::products::{ProducerFacts, ProductRow};
use crate::store::{StoreError, StoreResult, now};

fn producer_id(tx: &Transaction<'_>, facts: &ProducerFacts) -> StoreResult<i64> {
    let name = facts.name.trim();
    let existing: Option<(i64, ProducerFacts)> = tx
        .query_row(
            "SELECT id, name, kind, legal_representative, address, province, commune, phone
             FROM producers WHERE name = ?1 ORDER BY id LIMIT 1",
            [name],
            |r| {
                Ok((
                    r.get(0)?,
                    ProducerFacts {
                        name: r.get(1)?,
                        kind: r.get(2)?,
                        legal_representative: r.get(3)?,
                        address: r.get(4)?,
                        province: r.get(5)?,
                        commune: r.get(6)?,
                        phone: r.get(7)?,
                    },
                ))
            },
        )
        .optional()?;
    let f = facts;
    match existing {
        Some((id, stored)) if stored == *facts => Ok(id),
        Some((id, _)) => {
            tx.execute(
                "UPDATE producers SET kind = ?2, legal_representative = ?3, address = ?4,
                     province = ?5, commune = ?6, phone = ?7 WHERE id = ?1",
                params![
                    id,
                    f.kind,
                    f.legal_representative,
                    f.address,
                    f.province,
                    f.commune,
                    f.phone
                ],
            )?;
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO producers (name, kind, legal_representative, address, province, commune, phone, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![name, f.kind, f.legal_representative, f.address, f.province, f.commune, f.phone, now()],
            )?;
            Ok(tx.last_insert_rowid())
        }
    }
}

fn describe_disqualification(d: Option<&Disqualification>) -> String {
    d.map_or("none".into(), |d| {
        format!("{}: {}", d.reason.as_str(), d.note)
    })
}

/// Members by uid: added, or updated where they differ; those missing from the
/// package are kept and noted. Keys are cleared first where they change, so two
/// members swapping keys never trip the one-key-per-member index.
pub(super) fn apply_members<'m>(
    changes: &mut Changes<'_>,
    mirror: &'m RoundMirror,
    member_ids: &BTreeMap<String, i64>,
    notes: &mut Vec<MirrorNote>,
) -> StoreResult<BTreeMap<&'m str, MemberId>> {
    let tx = changes.tx;
    let round = changes.round;
    let local_members = members_on(tx, round)?;
    for member in &mirror.members {
        if let Some(local) = member_ids
            .get(&member.uid)
            .and_then(|id| local_members.iter().find(|m| m.id.0 == *id))
            && local.public_key != member.public_key
            && local.public_key.is_some()
        {
            tx.execute(
                "UPDATE members SET public_key = NULL WHERE id = ?1",
                [local.id.0],
            )?;
        }
    }
    let mut member_by_uid: BTreeMap<&str, MemberId> = BTreeMap::new();
    for member in &mirror.members {
        let local = member_ids
            .get(&member.uid)
            .and_then(|id| local_members.iter().find(|m| m.id.0 == *id));
        let describe = |name: &str, role: Role, voting: bool, key: &Option<String>| {
            format!(
                "{name}, {}{}, key {}",
                role.as_str(),
                if voting { "" } else { ", non-voting" },
                key.as_deref().map_or("none", |k| &k[..k.len().min(16)])
            )
        };
        let new = describe(&member.name, member.role, member.voting, &member.public_key);
        match local {
            None => {
                tx.execute(
                    "INSERT INTO members (round_id, name, role, voting, created_at, uid, public_key)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        round.0,
                        member.name,
                        member.role.as_str(),
                        member.voting,
                        now(),
                        member.uid,
                        member.public_key
                    ],
                )?;
                let id = MemberId(tx.last_insert_rowid());
                member_by_uid.insert(&member.uid, id);
                let change = MirrorChange::MemberAdded {
                    member: id,
                    name: member.name.clone(),
                    role: member.role,
                    voting: member.voting,
                };
                changes.record(
                    change,
                    &format!("member:{id}"),
                    None,
                    &format!("added: {new}"),
                )?;
            }
            Some(local) => {
                member_by_uid.insert(&member.uid, local.id);
                if (&local.name, local.role, local.voting, &local.public_key)
                    != (&member.name, member.role, member.voting, &member.public_key)
                {
                    tx.execute(
                        "UPDATE members SET name = ?2, role = ?3, voting = ?4, public_key = ?5 WHERE id = ?1",
                        params![
                            local.id.0,
                            member.name,
                            member.role.as_str(),
                            member.voting,
                            member.public_key
                        ],
                    )?;
                    let fields = [
                        (MemberField::Name, local.name != member.name),
                        (MemberField::Role, local.role != member.role),
                        (MemberField::Voting, local.voting != member.voting),
                        (MemberField::Key, local.public_key != member.public_key),
                    ]
                    .into_iter()
                    .filter_map(|(field, changed)| changed.then_some(field))
                    .collect();
                    let change = MirrorChange::MemberUpdated {
                        member: local.id,
                        name: member.name.clone(),
                        fields,
                    };
                    changes.record(
                        change,
                        &format!("member:{}", local.id),
                        Some(&describe(
                            &local.name,
                            local.role,
                            local.voting,
                            &local.public_key,
                        )),
                        &new,
                    )?;
                }
            }
        }
    }
    for local in &local_members {
        if !mirror.members.iter().any(|m| m.uid == local.uid) {
            notes.push(MirrorNote::MemberKept {
                member: local.id,
                name: local.name.clone(),
            });
        }
    }
    Ok(member_by_uid)
}

/// Products by uid with their dossier versions: added, or updated where they differ;
/// those missing from the package are kept and noted.
pub(super) fn apply_products<'m>(
    changes: &mut Changes<'_>,
    mirror: &'m RoundMirror,
    product_ids: &BTreeMap<String, i64>,
    local_products: &[ProductRow],
    notes: &mut Vec<MirrorNote>,
) -> StoreResult<BTreeMap<&'m str, ProductId>> {
    let mut product_by_uid: BTreeMap<&str, ProductId> = BTreeMap::new();
    for product in &mirror.products {
        let local = product_ids
            .get(&product.uid)
            .and_then(|id| local_products.iter().find(|p| p.id.0 == *id));
        let producer = producer_id(changes.tx, &product.producer)?;
        let id = match local {
            None => add_product(changes, product, producer)?,
            Some(local) => update_product(changes, local, product, producer)?,
        };
        product_by_uid.insert(&product.uid, id);
        apply_dossiers(changes, id, product)?;
    }
    for local in local_products {
        if !mirror.products.iter().any(|p| p.uid == local.uid) {
            notes.push(MirrorNote::ProductKept {
                product: local.id,
                name: local.name.clone(),
            });
        }
    }
    Ok(product_by_uid)
}

/// A product new here, with its disqualification if the secretary recorded one.
fn add_product(
    changes: &mut Changes<'_>,
    product: &MirrorProduct,
    producer: i64,
) -> StoreResult<ProductId> {
    let tx = changes.tx;
    let d = product.disqualification.as_ref();
    tx.execute(
        "INSERT INTO products (round_id, name, product_set, product_code, producer_id,
             disqualified_reason, disqualified_note, created_at, uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            changes.round.0,
            product.name,
            product.product_set,
            product.product_code,
            producer,
            d.map(|d| d.reason.as_str()),
            d.map(|d| d.note.as_str()),
            now(),
            product.uid
        ],
    )?;
    let id = ProductId(tx.last_insert_rowid());
    let change = MirrorChange::ProductAdded {
        product: id,
        name: product.name.clone(),
        product_set: product.product_set,
        producer: product.producer.name.clone(),
        disqualified: d.map(|d| d.reason),
    };
    changes.record(
        change,
        &format!("product:{id}"),
        None,
        &format!(
            "added: {} (bộ {}), {}{}",
            product.name,
            product.product_set,
            product.producer.name,
            d.map(|d| format!(", disqualified ({})", d.reason.as_str()))
                .unwrap_or_default()
        ),
    )?;
    Ok(id)
}

/// A product already here: its facts and its disqualification brought up to the
/// package's where they differ.
fn update_product(
    changes: &mut Changes<'_>,
    local: &ProductRow,
    product: &MirrorProduct,
    producer: i64,
) -> StoreResult<ProductId> {
    let tx = changes.tx;
    let facts_now = (
        &local.name,
        local.product_set,
        &local.product_code,
        &local.producer,
    );
    let facts_new = (
        &product.name,
        product.product_set,
        &product.product_code,
        &product.producer,
    );
    if facts_now != facts_new || local.producer_id.0 != producer {
        tx.execute(
            "UPDATE products SET name = ?2, product_set = ?3, product_code = ?4, producer_id = ?5
             WHERE id = ?1",
            params![
                local.id.0,
                product.name,
                product.product_set,
                product.product_code,
                producer
            ],
        )?;
        let fields = [
            (ProductField::Name, local.name != product.name),
            (
                ProductField::ProductSet,
                local.product_set != product.product_set,
            ),
            (
                ProductField::Code,
                local.product_code != product.product_code,
            ),
            (
                ProductField::Producer,
                local.producer != product.producer || local.producer_id.0 != producer,
            ),
        ]
        .into_iter()
        .filter_map(|(field, changed)| changed.then_some(field))
        .collect();
        let change = MirrorChange::ProductUpdated {
            product: local.id,
            name: product.name.clone(),
            fields,
        };
        changes.record(
            change,
            &format!("product:{}", local.id),
            Some(&format!(
                "{} (bộ {}), {}",
                local.name, local.product_set, local.producer.name
            )),
            &format!(
                "{} (bộ {}), {}",
                product.name, product.product_set, product.producer.name
            ),
        )?;
    }
    if local.disqualified != product.disqualification {
        let d = product.disqualification.as_ref();
        tx.execute(
            "UPDATE products SET disqualified_reason = ?2, disqualified_note = ?3 WHERE id = ?1",
            params![
                local.id.0,
                d.map(|d| d.reason.as_str()),
                d.map(|d| d.note.as_str())
            ],
        )?;
        let change = MirrorChange::Disqualification {
            product: local.id,
            name: product.name.clone(),
            reason: d.map(|d| d.reason),
        };
        changes.record(
            change,
            &format!("product:{} disqualification", local.id),
            Some(&describe_disqualification(local.disqualified.as_ref())),
            &describe_disqualification(d),
        )?;
    }
    Ok(local.id)
}

/// A product's dossier versions, oldest first: each content not yet here is added,
/// under the next free version number when its own is taken.
fn apply_dossiers(
    changes: &mut Changes<'_>,
    id: ProductId,
    product: &MirrorProduct,
) -> StoreResult<()> {
    let tx = changes.tx;
    let round = changes.round;
    let mut dossiers: Vec<&MirrorDossier> = product.dossiers.iter().collect();
    dossiers.sort_by_key(|d| d.version);
    for dossier in dossiers {
        let present: Option<i64> = tx
            .query_row(
                "SELECT id FROM dossiers WHERE round_id = ?1 AND content_hash = ?2",
                params![round.0, dossier.content_hash],
                |r| r.get(0),
            )
            .optional()?;
        if present.is_some() {
            continue;
        }
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM dossiers WHERE product_id = ?1 AND version = ?2)",
            params![id.0, dossier.version],
            |r| r.get(0),
        )?;
        let version = if taken {
            let max: u32 = tx.query_row(
                "SELECT coalesce(max(version), 0) FROM dossiers WHERE product_id = ?1",
                [id.0],
                |r| r.get(0),
            )?;
            max + 1
        } else {
            dossier.version
        };
        let new = NewDossier {
            round,
            facts: dossier.facts.clone(),
            self_assessment: dossier.self_assessment.clone(),
            files: dossier.files.clone(),
            content_hash: dossier.content_hash.clone(),
            source_name: dossier.source_name.clone(),
        };
        let dossier_id = dossiers::insert_version(
            tx,
            id,
            version,
            &new,
            &dossier.imported_at,
            &dossier.imported_by,
        )?;
        let change = MirrorChange::DossierAdded {
            product: id,
            name: product.name.clone(),
            version,
            files: dossier.files.len(),
        };
        changes.record(
            change,
            &format!("product:{id} dossier:{dossier_id}"),
            None,
            &format!(
                "version {version}: {} files, content {}",
                dossier.files.len(),
                dossier.content_hash
            ),
        )?;
    }
    Ok(())
}

/// Recusals: added, never lifted (the app records no lifting).
pub(super) fn apply_recusals(
    changes: &mut Changes<'_>,
    mirror: &RoundMirror,
    member_by_uid: &BTreeMap<&str, MemberId>,
    product_by_uid: &BTreeMap<&str, ProductId>,
) -> StoreResult<()> {
    let tx = changes.tx;
    let round = changes.round;
    let recused_here: BTreeSet<(i64, i64)> = {
        let mut stmt =
            tx.prepare("SELECT product_id, member_id FROM recusals WHERE round_id = ?1")?;
        let rows = stmt.query_map([round.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for recusal in &mirror.recusals {
        let (Some(product), Some(member)) = (
            product_by_uid.get(recusal.product.as_str()),
            member_by_uid.get(recusal.member.as_str()),
        ) else {
            return Err(StoreError::Refused(Refusal::one(
                Subject::RoundPackage { round: None },
                Problem::Package(PackageFault::RecusalUnknown).in_file("recusals"),
            )));
        };
        if recused_here.contains(&(product.0, member.0)) {
            continue;
        }
        let by = recusal
            .recorded_by_member
            .as_deref()
            .and_then(|uid| member_by_uid.get(uid));
        tx.execute(
            "INSERT INTO recusals (round_id, product_id, member_id, reason, recorded_by,
                                   recorded_by_member, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                round.0,
                product.0,
                member.0,
                recusal.reason,
                recusal.recorded_by,
                by.map(|m| m.0),
                recusal.created_at
            ],
        )?;
        let product_name = mirror.products.iter().find(|p| p.uid == recusal.product);
        let member_name = mirror.members.iter().find(|m| m.uid == recusal.member);
        let change = MirrorChange::Recusal {
            product: *product,
            product_name: product_name.map(|p| p.name.clone()).unwrap_or_default(),
            member: *member,
            member_name: member_name.map(|m| m.name.clone()).unwrap_or_default(),
        };
        changes.record(
            change,
            &format!("product:{product} member:{member}"),
            None,
            &format!(
                "recused: {} (recorded by {})",
                recusal.reason, recusal.recorded_by
            ),
        )?;
    }
    Ok(())
}
