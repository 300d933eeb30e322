//! The round package (`ocop-round-package/1`): one zip the secretary sends each
//! member, holding
//!
//! ```text
//! manifest.json                 the round, council, products, dossiers, recusals,
//!                               and the SHA-256 of every other file
//! criteria/<sha256>.json        each criteria snapshot, exactly as stored
//! attachments/<sha256>          each dossier file, stored once
//! ```
//!
//! [`read`] checks a package completely before anything is written: the zip's entry
//! names with the dossier bundles' safety checks ([`check_entries`]), sizes and
//! compression ratios while reading, every file against its SHA-256, each snapshot
//! against its hash and the round's criteria set, each dossier through the dossier
//! manifest's own checks and content hash, and each attachment's type by its bytes.
//! Every problem is reported at once.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::{PackagePhase, PackageProgress, parse_json};
use crate::domain::criteria::CriteriaSheet;
use crate::domain::dossier::EvidenceFile;
use crate::domain::member::Role;
use crate::exchange::dossier::{
    Bundle, Entry, KnownSheets, Limits, Manifest, ReadStop, check_entries, content_hash, manifest,
    read_limited, safety,
};
use crate::exchange::signed::parse_public_key;
use crate::store::{
    MirrorMember, MirrorProduct, MirrorRecusal, MirrorRound, RawSnapshot, RoundMirror, is_uid,
};

pub const ROUND_PACKAGE_FORMAT: &str = "ocop-round-package/1";
pub const ROUND_MANIFEST_NAME: &str = "manifest.json";
/// The file extension a round package is written with.
pub const ROUND_PACKAGE_EXTENSION: &str = "ocop-round";

/// What one round package may hold: many dossiers, so more than one bundle, and a
/// flat layout (no folders deeper than `attachments/`).
pub const ROUND_PACKAGE_LIMITS: Limits = Limits {
    max_file_bytes: 100 * safety::MIB,
    max_total_bytes: 16 * 1024 * safety::MIB,
    max_files: 50_000,
    max_entries: 50_000,
    max_manifest_bytes: 64 * safety::MIB,
    max_compression_ratio: 100,
    ratio_floor_bytes: safety::MIB,
    max_depth: 1,
};

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundManifest {
    pub format: String,
    pub exported_at: String,
    pub round: MirrorRound,
    pub criteria: Vec<CriteriaFile>,
    pub members: Vec<MirrorMember>,
    pub products: Vec<MirrorProduct>,
    #[serde(default)]
    pub recusals: Vec<MirrorRecusal>,
    /// Every other file of the zip (path → lowercase hex SHA-256).
    pub files: BTreeMap<String, String>,
}

/// One criteria snapshot of the round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaFile {
    pub product_set: u8,
    /// The snapshot's content hash (SHA-256 of the file).
    pub sha256: String,
    pub path: String,
}

pub fn criteria_path(sha256: &str) -> String {
    format!("criteria/{sha256}.json")
}

pub fn attachment_path(sha256: &str) -> String {
    format!("attachments/{sha256}")
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The attachment hashes a mirror's dossiers refer to, with their sizes.
fn attachments_of(mirror: &RoundMirror) -> BTreeMap<String, u64> {
    mirror
        .products
        .iter()
        .flat_map(|p| &p.dossiers)
        .flat_map(|d| &d.files)
        .map(|f| (f.sha256.clone(), f.size_bytes))
        .collect()
}

/// Opens a stored attachment by its hash.
pub type BlobOpener<'a> = dyn FnMut(&str) -> Result<Box<dyn Read>, String> + 'a;

/// Writes `mirror` as a round package at `temp` (the caller renames it into place).
/// Each attachment is read through `open_blob` and checked against its hash on the way.
pub fn write(
    temp: &Path,
    mirror: &RoundMirror,
    open_blob: &mut BlobOpener<'_>,
    progress: &mut dyn FnMut(PackageProgress),
) -> Result<(), String> {
    let attachments = attachments_of(mirror);
    let mut files = BTreeMap::new();
    for snapshot in &mirror.snapshots {
        files.insert(
            criteria_path(&snapshot.hash),
            hex::encode(Sha256::digest(snapshot.json.as_bytes())),
        );
    }
    for sha in attachments.keys() {
        files.insert(attachment_path(sha), sha.clone());
    }
    let manifest = RoundManifest {
        format: ROUND_PACKAGE_FORMAT.into(),
        exported_at: mirror.exported_at.clone(),
        round: mirror.round.clone(),
        criteria: mirror
            .snapshots
            .iter()
            .map(|s| CriteriaFile {
                product_set: s.product_set,
                sha256: s.hash.clone(),
                path: criteria_path(&s.hash),
            })
            .collect(),
        members: mirror.members.clone(),
        products: mirror.products.clone(),
        recusals: mirror.recusals.clone(),
        files,
    };
    let manifest_json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| format!("cannot write the manifest: {e}"))?;
    let name = temp.display();
    let file = File::create_new(temp).map_err(|e| format!("cannot create {name}: {e}"))?;
    let mut zip = zip::ZipWriter::new(BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644)
        .large_file(false);
    let zip_error = |e: zip::result::ZipError| format!("cannot write {name}: {e}");
    let io_error = |e: std::io::Error| format!("cannot write {name}: {e}");
    zip.start_file(ROUND_MANIFEST_NAME, options)
        .map_err(zip_error)?;
    zip.write_all(manifest_json.as_bytes()).map_err(io_error)?;
    for snapshot in &mirror.snapshots {
        zip.start_file(criteria_path(&snapshot.hash), options)
            .map_err(zip_error)?;
        zip.write_all(snapshot.json.as_bytes()).map_err(io_error)?;
    }
    let total: u64 = attachments.values().sum();
    let mut done = 0u64;
    let mut buffer = vec![0u8; 256 * 1024];
    for sha in attachments.keys() {
        let options = options.large_file(attachments[sha] >= u64::from(u32::MAX));
        zip.start_file(attachment_path(sha), options)
            .map_err(zip_error)?;
        let mut reader = open_blob(sha)?;
        let mut hasher = Sha256::new();
        loop {
            let n = reader
                .read(&mut buffer)
                .map_err(|e| format!("attachment {sha}: cannot read: {e}"))?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            zip.write_all(&buffer[..n]).map_err(io_error)?;
            done += n as u64;
            progress(PackageProgress {
                phase: PackagePhase::Writing,
                done,
                total: total.max(done),
                item: None,
            });
        }
        if hex::encode(hasher.finalize()) != *sha {
            return Err(format!(
                "attachment {sha}: the stored copy no longer matches its hash (damaged on disk)"
            ));
        }
    }
    let writer = zip.finish().map_err(zip_error)?;
    let file = writer
        .into_inner()
        .map_err(|e| format!("cannot write {name}: {}", e.error()))?;
    file.sync_all().map_err(io_error)
}

/// An attachment of a checked package, ready to copy into the attachment store.
#[derive(Debug, Clone)]
pub struct PackagedAttachment {
    pub entry: Entry,
    pub size_bytes: u64,
}

/// A round package that passed every check.
#[derive(Debug)]
pub struct CheckedRoundPackage {
    /// The file name, for messages.
    pub label: String,
    pub mirror: RoundMirror,
    /// By SHA-256.
    pub attachments: BTreeMap<String, PackagedAttachment>,
    /// The open zip, to copy the attachments from.
    pub bundle: Bundle,
}

/// What reading a file found in it.
struct ReadFile {
    size: u64,
    sha256: String,
    /// The first bytes (type sniffing) or, for `keep`, all of them.
    bytes: Vec<u8>,
}

/// Reads and checks a round package; see the module documentation. The error lists
/// every problem, each starting with the package's file name.
pub fn read(
    path: &Path,
    limits: &Limits,
    progress: &mut dyn FnMut(PackageProgress),
) -> Result<CheckedRoundPackage, Vec<String>> {
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut bundle = match Bundle::open(path) {
        Ok(bundle @ Bundle::Zip { .. }) => bundle,
        Ok(_) => {
            return Err(vec![format!(
                "{label}: is a folder; a round package is one .{ROUND_PACKAGE_EXTENSION} file"
            )]);
        }
        Err(message) => return Err(vec![message]),
    };
    let problem = |file: Option<&str>, message: &str| match file {
        Some(file) => format!("{label}: {file}: {message}"),
        None => format!("{label}: {message}"),
    };
    let entries = bundle
        .entries(limits)
        .map_err(|listing| listing.iter().map(|m| problem(None, m)).collect::<Vec<_>>())?;
    let checked = check_entries(entries, limits);
    let mut problems: Vec<String> = checked
        .problems
        .iter()
        .map(|(file, message)| problem(file.as_deref(), message))
        .collect();
    let mut files = checked.files;

    let Some(manifest_entry) = files.remove(ROUND_MANIFEST_NAME) else {
        problems.push(problem(
            None,
            &format!("has no {ROUND_MANIFEST_NAME}: it is not a round package"),
        ));
        return Err(problems);
    };
    let manifest_bytes = match read_entry(&mut bundle, &manifest_entry, limits, usize::MAX, None) {
        Ok(read) => read.bytes,
        Err(message) => {
            problems.push(problem(Some(ROUND_MANIFEST_NAME), &message));
            return Err(problems);
        }
    };
    let manifest: RoundManifest = match manifest::decode(&manifest_bytes).and_then(parse_json) {
        Ok(manifest) => manifest,
        Err(message) => {
            problems.push(problem(Some(ROUND_MANIFEST_NAME), &message));
            return Err(problems);
        }
    };
    if manifest.format != ROUND_PACKAGE_FORMAT {
        problems.push(problem(
            Some(ROUND_MANIFEST_NAME),
            &format!(
                "format is \"{}\", expected \"{ROUND_PACKAGE_FORMAT}\"",
                manifest.format
            ),
        ));
        return Err(problems);
    }

    // Every file listed, present, and matching its hash.
    for path in files.keys() {
        if !manifest.files.contains_key(path) {
            problems.push(problem(
                Some(path),
                &format!("is in the package but not listed in {ROUND_MANIFEST_NAME}"),
            ));
        }
    }
    let total: u64 = manifest
        .files
        .keys()
        .filter_map(|p| files.get(p))
        .map(|e| e.claimed_bytes.min(limits.max_file_bytes))
        .sum();
    let mut done = 0u64;
    let mut total_read = 0u64;
    let mut criteria_json: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut attachments: BTreeMap<String, (PackagedAttachment, Vec<u8>)> = BTreeMap::new();
    for (path, sha) in &manifest.files {
        let kind = if path
            .strip_prefix("criteria/")
            .and_then(|r| r.strip_suffix(".json"))
            == Some(sha.as_str())
        {
            "criteria"
        } else if path.strip_prefix("attachments/") == Some(sha.as_str()) {
            "attachment"
        } else {
            problems.push(problem(
                Some(path),
                "is listed under an unexpected name (criteria/<sha256>.json or attachments/<sha256>)",
            ));
            continue;
        };
        if !is_sha256_hex(sha) {
            problems.push(problem(Some(path), "is not named by a SHA-256"));
            continue;
        }
        let Some(entry) = files.get(path) else {
            problems.push(problem(
                Some(path),
                &format!("is listed in {ROUND_MANIFEST_NAME} but is not in the package"),
            ));
            continue;
        };
        let remaining = limits.max_total_bytes.saturating_sub(total_read);
        let keep = if kind == "criteria" {
            limits.max_manifest_bytes as usize
        } else {
            safety::SNIFF_BYTES
        };
        let read = read_entry(
            &mut bundle,
            entry,
            &Limits {
                max_file_bytes: limits.max_file_bytes.min(remaining),
                ..*limits
            },
            keep,
            Some(&mut |n| {
                done += n;
                progress(PackageProgress {
                    phase: PackagePhase::Checking,
                    done,
                    total: total.max(done),
                    item: Some(label.clone()),
                });
            }),
        );
        let read = match read {
            Ok(read) => read,
            Err(message) => {
                problems.push(problem(Some(path), &message));
                continue;
            }
        };
        total_read += read.size;
        if read.sha256 != *sha {
            problems.push(problem(
                Some(path),
                "does not match its SHA-256 (the package was altered or damaged)",
            ));
            continue;
        }
        if kind == "criteria" {
            criteria_json.insert(sha.clone(), read.bytes);
        } else {
            attachments.insert(
                sha.clone(),
                (
                    PackagedAttachment {
                        entry: entry.clone(),
                        size_bytes: read.size,
                    },
                    read.bytes,
                ),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let content = check_content(&manifest, criteria_json, &attachments);
    match content {
        Ok(mirror) => Ok(CheckedRoundPackage {
            label,
            mirror,
            attachments: attachments.into_iter().map(|(k, (a, _))| (k, a)).collect(),
            bundle,
        }),
        Err(found) => Err(found
            .iter()
            .map(|m| problem(Some(ROUND_MANIFEST_NAME), m))
            .collect()),
    }
}

/// Reads one entry within the limits, hashing it and keeping its first `keep` bytes.
fn read_entry(
    bundle: &mut Bundle,
    entry: &Entry,
    limits: &Limits,
    keep: usize,
    mut counted: Option<&mut dyn FnMut(u64)>,
) -> Result<ReadFile, String> {
    let limit = if keep == usize::MAX {
        limits.max_manifest_bytes
    } else {
        limits.max_file_bytes
    };
    let mut hasher = Sha256::new();
    let mut bytes = Vec::new();
    let size = match bundle.open_entry(entry) {
        Ok(mut reader) => read_limited(
            &mut reader,
            limit,
            entry.compressed_bytes.map(|c| (c, limits)),
            &mut |chunk| {
                hasher.update(chunk);
                if bytes.len() < keep {
                    let take = (keep - bytes.len()).min(chunk.len());
                    bytes.extend_from_slice(&chunk[..take]);
                }
                if let Some(counted) = counted.as_mut() {
                    counted(chunk.len() as u64);
                }
            },
        ),
        Err(e) => Err(ReadStop::Io(e)),
    }
    .map_err(|stop| stop.to_string())?;
    Ok(ReadFile {
        size,
        sha256: hex::encode(hasher.finalize()),
        bytes,
    })
}

/// Checks what the manifest says against itself, the snapshots and the attachments
/// read; returns the mirror for the store or every problem.
fn check_content(
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
    let exported_at = match super::normalise_time("exported_at", &manifest.exported_at) {
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
