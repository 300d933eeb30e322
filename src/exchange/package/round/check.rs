//! What a round package's manifest says, checked against itself, its criteria
//! snapshots and the attachments read (see the parent module).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::read::PackagedAttachment;
use super::{RoundManifest, criteria_path};
use crate::domain::criteria::CriteriaSheet;
use crate::domain::dossier::EvidenceFile;
use crate::domain::member::Role;
use crate::domain::model::{RawSnapshot, RoundMirror, is_uid};
use crate::exchange::dossier::{KnownSheets, Manifest, content_hash, manifest, safety};
use crate::exchange::signed::parse_public_key;

/// Checks what the manifest says against itself, the snapshots and the attachments
/// read; returns the mirror for the store or every problem.
pub(super) fn check_content(
    manifest: &RoundManifest,
    criteria_json: BTreeMap<String, Vec<u8>>,
    attachments: &BTreeMap<String, (PackagedAttachment, Vec<u8>)>,
) -> Result<RoundMirror, Vec<String>> {
    let mut problems = Vec::new();
    let round = &manifest.round;
    if !is_uid(&round.uid) {
        problems.push(format!(
            "round.uid \"{}\" is not a uid (32 hex digits)",
            round.uid
        ));
    }
    if round.name.trim().is_empty() {
        problems.push("round.name is empty".into());
    }
    if round.status.is_frozen() {
        problems.push(format!(
            "round.status is {}: a finalized round is not sent out for scoring",
            round.status.as_str()
        ));
    }

    // Criteria snapshots.
    let mut snapshots = Vec::new();
    let mut sheets = BTreeMap::new();
    for (i, c) in manifest.criteria.iter().enumerate() {
        let at = format!("criteria[{i}]");
        if c.path != criteria_path(&c.sha256) || !manifest.files.contains_key(&c.path) {
            problems.push(format!(
                "{at}.path \"{}\" is not listed under files",
                c.path
            ));
            continue;
        }
        let Some(bytes) = criteria_json.get(&c.sha256) else {
            problems.push(format!("{at}: {} was not read", c.path));
            continue;
        };
        let json = match std::str::from_utf8(bytes) {
            Ok(json) => json.to_string(),
            Err(_) => {
                problems.push(format!("{at}: {} is not UTF-8", c.path));
                continue;
            }
        };
        let sheet: CriteriaSheet = match serde_json::from_str(&json) {
            Ok(sheet) => sheet,
            Err(e) => {
                problems.push(format!("{at}: {} is not a criteria sheet: {e}", c.path));
                continue;
            }
        };
        if sheet.product_set.number != c.product_set {
            problems.push(format!(
                "{at}: the snapshot is the sheet of product set {}, not {}",
                sheet.product_set.number, c.product_set
            ));
        }
        if sheet.criteria_set.id != round.criteria_set_id {
            problems.push(format!(
                "{at}: the snapshot belongs to criteria set {}, not the round's {}",
                sheet.criteria_set.id, round.criteria_set_id
            ));
        }
        if sheets.insert(c.product_set, Arc::new(sheet)).is_some() {
            problems.push(format!(
                "{at}: a second sheet for product set {}",
                c.product_set
            ));
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

    // Council.
    let mut uids = BTreeSet::new();
    let mut keys = BTreeSet::new();
    let mut chairs = 0;
    for (i, m) in manifest.members.iter().enumerate() {
        let at = format!("members[{i}]");
        if !is_uid(&m.uid) {
            problems.push(format!("{at}.uid \"{}\" is not a uid", m.uid));
        } else if !uids.insert(m.uid.clone()) {
            problems.push(format!("{at}.uid {} appears twice", m.uid));
        }
        if m.name.trim().is_empty() {
            problems.push(format!("{at}.name is empty"));
        }
        if m.role == Role::Chair {
            chairs += 1;
        }
        if let Some(key) = &m.public_key {
            match parse_public_key(key) {
                Ok(parsed) if parsed == *key => {
                    if !keys.insert(parsed) {
                        problems.push(format!(
                            "{at}.public_key is registered for another member too"
                        ));
                    }
                }
                Ok(_) => problems.push(format!("{at}.public_key must be lowercase hex")),
                Err(e) => problems.push(format!("{at}.public_key: {e}")),
            }
        }
    }
    if chairs > 1 {
        problems.push(format!("the council has {chairs} chairs"));
    }

    // Products and their dossiers.
    let mut product_uids = BTreeSet::new();
    for (i, p) in manifest.products.iter().enumerate() {
        let at = format!("products[{i}]");
        if !is_uid(&p.uid) {
            problems.push(format!("{at}.uid \"{}\" is not a uid", p.uid));
        } else if uids.contains(&p.uid) || !product_uids.insert(p.uid.clone()) {
            problems.push(format!("{at}.uid {} appears twice", p.uid));
        }
        if p.name.trim().is_empty() || p.producer.name.trim().is_empty() {
            problems.push(format!("{at}: a product needs a name and a producer"));
        }
        if !known.sheets.contains_key(&p.product_set) {
            problems.push(format!(
                "{at}.product_set {} has no criteria sheet in the package",
                p.product_set
            ));
        }
        let mut versions = BTreeSet::new();
        for (j, d) in p.dossiers.iter().enumerate() {
            let at = format!("{at}.dossiers[{j}]");
            if d.version == 0 || !versions.insert(d.version) {
                problems.push(format!("{at}.version {} is not a new version", d.version));
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
            for message in manifest::parse(as_bundle.as_bytes(), &known).problems {
                problems.push(format!("{at}: {message}"));
            }
            let files = listed
                .iter()
                .zip(&d.files)
                .map(|(l, f)| (l, f.sha256.as_str()));
            if content_hash(&d.facts, d.self_assessment.as_ref(), files) != d.content_hash {
                problems.push(format!(
                    "{at}.content_hash does not match the dossier's content"
                ));
            }
            for (k, f) in d.files.iter().enumerate() {
                let at = format!("{at}.files[{k}]");
                if safety::check_relative_path(&f.path).as_deref() != Ok(f.path.as_str()) {
                    problems.push(format!(
                        "{at}.path \"{}\" is not a safe relative path",
                        f.path
                    ));
                }
                let Some((attachment, head)) = attachments.get(&f.sha256) else {
                    problems.push(format!(
                        "{at}: attachment {} is not in the package",
                        f.sha256
                    ));
                    continue;
                };
                if attachment.size_bytes != f.size_bytes {
                    problems.push(format!(
                        "{at}.size_bytes is {}, the attachment has {} bytes",
                        f.size_bytes, attachment.size_bytes
                    ));
                }
                match safety::media_type_of(&f.path, head, attachment.size_bytes) {
                    Ok(media_type) if media_type == f.media_type => {}
                    Ok(media_type) => problems.push(format!(
                        "{at}.media_type is {}, but the content is {media_type}",
                        f.media_type
                    )),
                    Err(message) => problems.push(format!("{at} ({}): {message}", f.path)),
                }
            }
        }
    }
    for (i, r) in manifest.recusals.iter().enumerate() {
        let by_known = r
            .recorded_by_member
            .as_ref()
            .is_none_or(|uid| uids.contains(uid));
        if !product_uids.contains(&r.product) || !uids.contains(&r.member) || !by_known {
            problems.push(format!(
                "recusals[{i}] names a product or member the package does not hold"
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let exported_at =
        match crate::exchange::package::normalise_time("exported_at", &manifest.exported_at) {
            Ok(t) => t,
            Err(e) => return Err(vec![e]),
        };
    Ok(RoundMirror {
        exported_at,
        round: manifest.round.clone(),
        snapshots,
        members: manifest.members.clone(),
        products: manifest.products.clone(),
        recusals: manifest.recusals.clone(),
    })
}
