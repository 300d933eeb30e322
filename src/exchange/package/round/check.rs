//! What a round package's manifest says, checked against itself, its criteria
//! snapshots and the attachments read (see the parent module).
//!
//! One named step per part of the manifest (the round, the snapshots, the council,
//! the products and their dossiers, the recusals, the presiding members), each with
//! its own problem list;
//! [`check_content`] runs them all and reports every problem at once.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::read::Attachments;
use super::{RoundManifest, criteria_path};
use crate::domain::criteria::CriteriaSheet;
use crate::domain::dossier::EvidenceFile;
use crate::domain::member::Role;
use crate::domain::model::{
    MirrorDossier, MirrorPresiding, MirrorProduct, RawSnapshot, RoundMirror, is_uid,
};
use crate::domain::refusal::{Expected, PackageFault, Problem};
use crate::exchange::dossier::{KnownSheets, Manifest, content_hash, manifest, safety};
use crate::exchange::signed::parse_public_key;

/// `fault` about `at` (a part of the manifest, e.g. `members[2]`).
fn at(at: &str, fault: PackageFault) -> Problem {
    Problem::Package(fault).in_file(at)
}

/// Checks what the manifest says against itself, the snapshots and the attachments
/// read; returns the mirror for the store or every problem.
pub(super) fn check_content(
    manifest: &RoundManifest,
    criteria_json: BTreeMap<String, Vec<u8>>,
    attachments: &Attachments,
) -> Result<RoundMirror, Vec<Problem>> {
    let mut problems = check_round(manifest);
    let (snapshots, known) = check_snapshots(manifest, &criteria_json, &mut problems);
    let members = check_council(manifest, &mut problems);
    let products = check_products(manifest, &members, &known, attachments, &mut problems);
    problems.extend(check_recusals(manifest, &members, &products));
    let presiding = check_presiding(manifest, &products, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let exported_at =
        crate::exchange::package::normalise_time("exported_at", &manifest.exported_at)
            .map_err(|e| vec![e])?;
    Ok(RoundMirror {
        exported_at,
        round: manifest.round.clone(),
        snapshots,
        members: manifest.members.clone(),
        products: manifest.products.clone(),
        recusals: manifest.recusals.clone(),
        presiding,
    })
}

/// The round itself: a uid, a name, and a state that is sent out for scoring.
fn check_round(manifest: &RoundManifest) -> Vec<Problem> {
    let mut problems = Vec::new();
    let round = &manifest.round;
    if !is_uid(&round.uid) {
        problems.push(Problem::BadValue {
            field: "round.uid".into(),
            value: round.uid.clone(),
            expected: Expected::Uid,
        });
    }
    if round.name.trim().is_empty() {
        problems.push(Problem::missing("round.name"));
    }
    if round.status.is_frozen() {
        problems.push(Problem::Package(PackageFault::RoundFinalized {
            status: round.status.as_str().into(),
        }));
    }
    problems
}

/// Each criteria snapshot: listed, read, a sheet of the product set and criteria
/// set it claims, one per product set. Returns the snapshots and the sheets known.
fn check_snapshots(
    manifest: &RoundManifest,
    criteria_json: &BTreeMap<String, Vec<u8>>,
    problems: &mut Vec<Problem>,
) -> (Vec<RawSnapshot>, KnownSheets) {
    let round = &manifest.round;
    let mut snapshots = Vec::new();
    let mut sheets = BTreeMap::new();
    for (i, c) in manifest.criteria.iter().enumerate() {
        let here = format!("criteria[{i}]");
        let path = c.path.clone();
        if c.path != criteria_path(&c.sha256) || !manifest.files.contains_key(&c.path) {
            problems.push(at(&here, PackageFault::CriteriaNotListed { path }));
            continue;
        }
        let Some(bytes) = criteria_json.get(&c.sha256) else {
            problems.push(at(&here, PackageFault::SnapshotNotRead { path }));
            continue;
        };
        let Ok(json) = std::str::from_utf8(bytes).map(str::to_string) else {
            problems.push(at(&here, PackageFault::SnapshotNotUtf8 { path }));
            continue;
        };
        let sheet: CriteriaSheet = match serde_json::from_str(&json) {
            Ok(sheet) => sheet,
            Err(e) => {
                let detail = e.to_string();
                problems.push(at(&here, PackageFault::NotACriteriaSheet { path, detail }));
                continue;
            }
        };
        if sheet.product_set.number != c.product_set {
            problems.push(at(
                &here,
                PackageFault::SnapshotOfOtherSet {
                    found: sheet.product_set.number,
                    listed: c.product_set,
                },
            ));
        }
        if sheet.criteria_set.id != round.criteria_set_id {
            problems.push(at(
                &here,
                PackageFault::SnapshotOfOtherCriteria {
                    found: sheet.criteria_set.id.clone(),
                    round: round.criteria_set_id.clone(),
                },
            ));
        }
        if sheets.insert(c.product_set, Arc::new(sheet)).is_some() {
            let product_set = c.product_set;
            problems.push(at(&here, PackageFault::SecondSheetForSet { product_set }));
        }
        snapshots.push(RawSnapshot {
            product_set: c.product_set,
            hash: c.sha256.clone(),
            json,
        });
    }
    let known = KnownSheets {
        description: format!("criteria set {} of the package", round.criteria_set_id),
        criteria_set_id: round.criteria_set_id.clone(),
        sheets,
    };
    (snapshots, known)
}

/// The council: unique uids and keys, names, at most one chair. Returns the
/// members' uids.
fn check_council(manifest: &RoundManifest, problems: &mut Vec<Problem>) -> BTreeSet<String> {
    let mut uids = BTreeSet::new();
    let mut keys = BTreeSet::new();
    let mut chairs = 0;
    for (i, m) in manifest.members.iter().enumerate() {
        let here = format!("members[{i}]");
        if !is_uid(&m.uid) {
            problems.push(Problem::BadValue {
                field: format!("{here}.uid"),
                value: m.uid.clone(),
                expected: Expected::Uid,
            });
        } else if !uids.insert(m.uid.clone()) {
            problems.push(Problem::Duplicate {
                field: format!("{here}.uid"),
                value: m.uid.clone(),
                first: None,
            });
        }
        if m.name.trim().is_empty() {
            problems.push(Problem::missing(format!("{here}.name")));
        }
        if m.role == Role::Chair {
            chairs += 1;
        }
        if let Some(key) = &m.public_key {
            match parse_public_key(key) {
                Ok(parsed) if parsed == *key => {
                    if !keys.insert(parsed) {
                        problems.push(at(&here, PackageFault::KeyOfAnotherMember));
                    }
                }
                Ok(_) => problems.push(at(&here, PackageFault::KeyNotLowercase)),
                Err(e) => problems.push(e.in_file(format!("{here}.public_key"))),
            }
        }
    }
    if chairs > 1 {
        problems.push(Problem::Package(PackageFault::TooManyChairs {
            count: chairs,
        }));
    }
    uids
}

/// The products: unique uids (also against the members'), a name and producer, a
/// sheet for their product set, and every dossier version. Returns the products' uids.
fn check_products(
    manifest: &RoundManifest,
    members: &BTreeSet<String>,
    known: &KnownSheets,
    attachments: &Attachments,
    problems: &mut Vec<Problem>,
) -> BTreeSet<String> {
    let mut product_uids = BTreeSet::new();
    for (i, p) in manifest.products.iter().enumerate() {
        let here = format!("products[{i}]");
        if !is_uid(&p.uid) {
            problems.push(Problem::BadValue {
                field: format!("{here}.uid"),
                value: p.uid.clone(),
                expected: Expected::Uid,
            });
        } else if members.contains(&p.uid) || !product_uids.insert(p.uid.clone()) {
            problems.push(Problem::Duplicate {
                field: format!("{here}.uid"),
                value: p.uid.clone(),
                first: None,
            });
        }
        if p.name.trim().is_empty() || p.producer.name.trim().is_empty() {
            problems.push(at(&here, PackageFault::ProductWithoutName));
        }
        if !known.sheets.contains_key(&p.product_set) {
            let product_set = p.product_set;
            problems.push(at(&here, PackageFault::NoSheetForSet { product_set }));
        }
        problems.extend(check_dossiers(&here, p, known, attachments));
    }
    product_uids
}

/// A product's dossier versions: new version numbers, each manifest through the
/// dossier checks, its content hash, and its files against the attachments.
fn check_dossiers(
    product_at: &str,
    product: &MirrorProduct,
    known: &KnownSheets,
    attachments: &Attachments,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut versions = BTreeSet::new();
    for (j, d) in product.dossiers.iter().enumerate() {
        let here = format!("{product_at}.dossiers[{j}]");
        if d.version == 0 || !versions.insert(d.version) {
            let version = d.version;
            problems.push(at(&here, PackageFault::NotANewVersion { version }));
        }
        let listed: Vec<EvidenceFile> = d
            .files
            .iter()
            .map(|f| EvidenceFile {
                path: f.path.clone(),
                kind: f.kind,
                title: f.title.clone(),
                criteria: f.criteria.clone(),
            })
            .collect();
        let as_bundle = manifest::to_json(&Manifest {
            facts: d.facts.clone(),
            self_assessment: d.self_assessment.clone(),
            files: listed.clone(),
        });
        for problem in manifest::parse(as_bundle.as_bytes(), known).problems {
            problems.push(problem.in_file(here.clone()));
        }
        let files = listed
            .iter()
            .zip(&d.files)
            .map(|(l, f)| (l, f.sha256.as_str()));
        if content_hash(&d.facts, d.self_assessment.as_ref(), files) != d.content_hash {
            problems.push(at(&here, PackageFault::ContentHashMismatch));
        }
        problems.extend(check_dossier_files(&here, d, attachments));
    }
    problems
}

/// A dossier version's files: safe paths, present in the package, of the size and
/// type they claim.
fn check_dossier_files(
    dossier_at: &str,
    dossier: &MirrorDossier,
    attachments: &Attachments,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (k, f) in dossier.files.iter().enumerate() {
        let here = format!("{dossier_at}.files[{k}]");
        if safety::check_relative_path(&f.path).as_ref() != Ok(&f.path) {
            let path = f.path.clone();
            problems.push(at(&here, PackageFault::UnsafeListedPath { path }));
        }
        let Some((attachment, head)) = attachments.get(&f.sha256) else {
            let sha256 = f.sha256.clone();
            problems.push(at(&here, PackageFault::AttachmentAbsent { sha256 }));
            continue;
        };
        if attachment.size_bytes != f.size_bytes {
            problems.push(at(
                &here,
                PackageFault::SizeMismatch {
                    listed: f.size_bytes,
                    actual: attachment.size_bytes,
                },
            ));
        }
        match safety::media_type_of(&f.path, head, attachment.size_bytes) {
            Ok(media_type) if media_type == f.media_type => {}
            Ok(media_type) => problems.push(at(
                &here,
                PackageFault::MediaTypeMismatch {
                    listed: f.media_type.clone(),
                    actual: media_type.into(),
                },
            )),
            Err(fault) => problems.push(
                Problem::WrongMediaType(fault)
                    .in_file(f.path.clone())
                    .in_file(here),
            ),
        }
    }
    problems
}

/// Each recusal names a product and members the package holds.
fn check_recusals(
    manifest: &RoundManifest,
    members: &BTreeSet<String>,
    products: &BTreeSet<String>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, r) in manifest.recusals.iter().enumerate() {
        let by_known = r
            .recorded_by_member
            .as_ref()
            .is_none_or(|uid| members.contains(uid));
        if !products.contains(&r.product) || !members.contains(&r.member) || !by_known {
            problems.push(at(&format!("recusals[{i}]"), PackageFault::RecusalUnknown));
        }
    }
    problems
}

/// Each presiding member: one per product the package holds, a voting member of
/// the package's council who is not recused from that product, over a product
/// from which the chair is recused (README, "A recused chair"), recorded by someone
/// at an RFC 3339 time. Returns the entries with their times in UTC.
fn check_presiding(
    manifest: &RoundManifest,
    products: &BTreeSet<String>,
    problems: &mut Vec<Problem>,
) -> Vec<MirrorPresiding> {
    let recused = |product: &str, member: &str| {
        manifest
            .recusals
            .iter()
            .any(|r| r.product == product && r.member == member)
    };
    let chair_recused = |product: &str| {
        manifest
            .members
            .iter()
            .any(|m| m.role == Role::Chair && m.voting && recused(product, &m.uid))
    };
    let mut seen = BTreeSet::new();
    let mut checked = Vec::new();
    for (i, p) in manifest.presiding.iter().enumerate() {
        let here = format!("presiding[{i}]");
        let member = manifest.members.iter().find(|m| m.uid == p.member);
        let (true, Some(member)) = (products.contains(&p.product), member) else {
            problems.push(at(&here, PackageFault::PresidingUnknown));
            continue;
        };
        if !seen.insert(p.product.as_str()) {
            problems.push(Problem::Duplicate {
                field: format!("{here}.product"),
                value: p.product.clone(),
                first: None,
            });
        }
        let name = member.name.clone();
        if !member.voting {
            problems.push(at(&here, PackageFault::PresidingDoesNotVote { name }));
        } else if recused(&p.product, &p.member) {
            problems.push(at(&here, PackageFault::PresidingRecused { name }));
        } else if !chair_recused(&p.product) {
            problems.push(at(&here, PackageFault::PresidingChairNotRecused));
        }
        if p.recorded_by.trim().is_empty() {
            problems.push(Problem::missing(format!("{here}.recorded_by")));
        }
        let field = format!("{here}.created_at");
        match crate::exchange::package::normalise_time(&field, &p.created_at) {
            Ok(created_at) => checked.push(MirrorPresiding {
                created_at,
                ..p.clone()
            }),
            Err(problem) => problems.push(problem),
        }
    }
    checked
}
