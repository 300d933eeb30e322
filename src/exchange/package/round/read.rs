//! Reading a round package: the zip's entries, the manifest, and every listed file
//! against its SHA-256, within the limits; then the content checks (`check.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{
    ROUND_MANIFEST_NAME, ROUND_PACKAGE_EXTENSION, ROUND_PACKAGE_FORMAT, RoundManifest,
    is_sha256_hex,
};
use crate::domain::model::RoundMirror;
use crate::domain::refusal::{PackageFault, Problem, Refusal, Subject};
use crate::exchange::dossier::{
    Bundle, Entry, Limits, ReadStop, check_entries, manifest, read_limited, safety,
};
use crate::exchange::package::{PackagePhase, PackageProgress, parse_json};

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

/// Reads and checks a round package; see the module documentation. The refusal lists
/// every problem, each about the package's file name.
pub fn read(
    path: &Path,
    limits: &Limits,
    progress: &mut dyn FnMut(PackageProgress),
) -> Result<CheckedRoundPackage, Refusal> {
    read_problems(path, limits, progress)
        .map_err(|problems| Refusal::new(Subject::RoundPackage { round: None }, problems))
}

fn read_problems(
    path: &Path,
    limits: &Limits,
    progress: &mut dyn FnMut(PackageProgress),
) -> Result<CheckedRoundPackage, Vec<Problem>> {
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut bundle = match Bundle::open(path) {
        Ok(bundle @ Bundle::Zip { .. }) => bundle,
        Ok(_) => {
            return Err(vec![
                Problem::Package(PackageFault::IsAFolder {
                    extension: ROUND_PACKAGE_EXTENSION.into(),
                })
                .in_file(label),
            ]);
        }
        Err(problem) => return Err(vec![problem]),
    };
    let problem = |file: Option<&str>, problem: Problem| match file {
        Some(file) => problem.in_file(file).in_file(label.clone()),
        None => problem.in_file(label.clone()),
    };
    let fault = |file: Option<&str>, fault: PackageFault| problem(file, Problem::Package(fault));
    let entries = bundle.entries(limits).map_err(|listing| {
        listing
            .into_iter()
            .map(|m| problem(None, m))
            .collect::<Vec<_>>()
    })?;
    let checked = check_entries(entries, limits);
    let mut problems: Vec<Problem> = checked
        .problems
        .into_iter()
        .map(|(file, message)| problem(file.as_deref(), message))
        .collect();
    let mut files = checked.files;

    let Some(manifest_entry) = files.remove(ROUND_MANIFEST_NAME) else {
        problems.push(fault(
            None,
            PackageFault::NotAPackage {
                manifest: ROUND_MANIFEST_NAME.into(),
            },
        ));
        return Err(problems);
    };
    let manifest_bytes = match read_entry(&mut bundle, &manifest_entry, limits, usize::MAX, None) {
        Ok(read) => read.bytes,
        Err(message) => {
            problems.push(problem(Some(ROUND_MANIFEST_NAME), message));
            return Err(problems);
        }
    };
    let manifest: RoundManifest = match manifest::decode(&manifest_bytes).and_then(parse_json) {
        Ok(manifest) => manifest,
        Err(message) => {
            problems.push(problem(Some(ROUND_MANIFEST_NAME), message));
            return Err(problems);
        }
    };
    if manifest.format != ROUND_PACKAGE_FORMAT {
        problems.push(problem(
            Some(ROUND_MANIFEST_NAME),
            Problem::WrongFormat {
                found: manifest.format.clone(),
                expected: vec![ROUND_PACKAGE_FORMAT.into()],
            },
        ));
        return Err(problems);
    }

    // Every file listed, present, and matching its hash.
    for path in files.keys() {
        if !manifest.files.contains_key(path) {
            problems.push(fault(
                Some(path),
                PackageFault::NotListed {
                    manifest: ROUND_MANIFEST_NAME.into(),
                },
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
            problems.push(fault(Some(path), PackageFault::UnexpectedName));
            continue;
        };
        if !is_sha256_hex(sha) {
            problems.push(fault(Some(path), PackageFault::NotNamedBySha));
            continue;
        }
        let Some(entry) = files.get(path) else {
            problems.push(fault(
                Some(path),
                PackageFault::Absent {
                    manifest: ROUND_MANIFEST_NAME.into(),
                },
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
                problems.push(problem(Some(path), message));
                continue;
            }
        };
        total_read += read.size;
        if read.sha256 != *sha {
            problems.push(fault(Some(path), PackageFault::HashMismatch));
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

    let content = super::check::check_content(&manifest, criteria_json, &attachments);
    match content {
        Ok(mirror) => Ok(CheckedRoundPackage {
            label,
            mirror,
            attachments: attachments.into_iter().map(|(k, (a, _))| (k, a)).collect(),
            bundle,
        }),
        Err(found) => Err(found
            .into_iter()
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
) -> Result<ReadFile, Problem> {
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
    .map_err(|stop| stop.problem())?;
    Ok(ReadFile {
        size,
        sha256: hex::encode(hasher.finalize()),
        bytes,
    })
}
