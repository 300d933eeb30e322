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
use crate::domain::progress::{Progress, Work};
use crate::domain::refusal::{PackageFault, Problem, Refusal, Subject};
use crate::exchange::dossier::{
    Bundle, Entry, Limits, ReadStop, check_entries, manifest, read_limited, safety,
};
use crate::exchange::package::parse_json;

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

/// The attachments read, by SHA-256, with their first bytes.
pub(super) type Attachments = BTreeMap<String, (PackagedAttachment, Vec<u8>)>;

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
    progress: &mut dyn FnMut(Progress),
) -> Result<CheckedRoundPackage, Refusal> {
    let refused = |problems| Refusal::new(Subject::RoundPackage { round: None }, problems);
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut bundle = match Bundle::open(path) {
        Ok(bundle @ Bundle::Zip { .. }) => bundle,
        Ok(_) => {
            let extension = ROUND_PACKAGE_EXTENSION.into();
            let folder = Problem::Package(PackageFault::IsAFolder { extension });
            return Err(refused(vec![folder.in_file(label)]));
        }
        Err(problem) => return Err(refused(vec![problem])),
    };
    let in_package = |problems: Vec<Problem>| {
        refused(
            problems
                .into_iter()
                .map(|p| p.in_file(label.clone()))
                .collect(),
        )
    };
    let (manifest, files, mut problems) = read_manifest(&mut bundle, limits).map_err(in_package)?;
    let (criteria_json, attachments) = read_listed(
        &mut bundle,
        &manifest,
        &files,
        limits,
        &mut |done, total| {
            progress(Progress::new(Work::Checking, done, total).with_item(label.clone()))
        },
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(in_package(problems));
    }
    let mirror =
        super::check::check_content(&manifest, criteria_json, &attachments).map_err(|found| {
            in_package(
                found
                    .into_iter()
                    .map(|p| p.in_file(ROUND_MANIFEST_NAME))
                    .collect(),
            )
        })?;
    Ok(CheckedRoundPackage {
        label,
        mirror,
        attachments: attachments.into_iter().map(|(k, (a, _))| (k, a)).collect(),
        bundle,
    })
}

/// The package's entries (their names checked) and its manifest. `Err` when there
/// is no usable manifest; otherwise the problems with the entries so far.
#[allow(clippy::type_complexity)]
fn read_manifest(
    bundle: &mut Bundle,
    limits: &Limits,
) -> Result<(RoundManifest, BTreeMap<String, Entry>, Vec<Problem>), Vec<Problem>> {
    let entries = bundle.entries(limits)?;
    let checked = check_entries(entries, limits);
    let mut problems: Vec<Problem> = checked
        .problems
        .into_iter()
        .map(|(file, problem)| match file {
            Some(file) => problem.in_file(file),
            None => problem,
        })
        .collect();
    let mut files = checked.files;
    let Some(manifest_entry) = files.remove(ROUND_MANIFEST_NAME) else {
        let manifest = ROUND_MANIFEST_NAME.into();
        problems.push(Problem::Package(PackageFault::NotAPackage { manifest }));
        return Err(problems);
    };
    let manifest = read_entry(bundle, &manifest_entry, limits, usize::MAX, None)
        .and_then(|read| manifest::decode(&read.bytes).and_then(parse_json::<RoundManifest>))
        .and_then(|manifest| {
            if manifest.format == ROUND_PACKAGE_FORMAT {
                Ok(manifest)
            } else {
                Err(Problem::WrongFormat {
                    found: manifest.format,
                    expected: vec![ROUND_PACKAGE_FORMAT.into()],
                })
            }
        });
    match manifest {
        Ok(manifest) => Ok((manifest, files, problems)),
        Err(problem) => {
            problems.push(problem.in_file(ROUND_MANIFEST_NAME));
            Err(problems)
        }
    }
}

/// Every file listed, present, and matching its hash: the criteria snapshots (kept
/// whole) and the attachments (their first bytes kept, for their type). Problems
/// are pushed; `progress` gets (bytes done, bytes in all).
fn read_listed(
    bundle: &mut Bundle,
    manifest: &RoundManifest,
    files: &BTreeMap<String, Entry>,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
    problems: &mut Vec<Problem>,
) -> (BTreeMap<String, Vec<u8>>, Attachments) {
    let fault = |path: &str, fault: PackageFault| Problem::Package(fault).in_file(path);
    let manifest_name = || ROUND_MANIFEST_NAME.to_string();
    for path in files.keys() {
        if !manifest.files.contains_key(path) {
            let fault = PackageFault::NotListed {
                manifest: manifest_name(),
            };
            problems.push(Problem::Package(fault).in_file(path.clone()));
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
    let mut attachments: Attachments = BTreeMap::new();
    for (path, sha) in &manifest.files {
        let is_criteria = path
            .strip_prefix("criteria/")
            .and_then(|r| r.strip_suffix(".json"))
            == Some(sha.as_str());
        if !is_criteria && path.strip_prefix("attachments/") != Some(sha.as_str()) {
            problems.push(fault(path, PackageFault::UnexpectedName));
            continue;
        }
        if !is_sha256_hex(sha) {
            problems.push(fault(path, PackageFault::NotNamedBySha));
            continue;
        }
        let Some(entry) = files.get(path) else {
            let manifest = manifest_name();
            problems.push(fault(path, PackageFault::Absent { manifest }));
            continue;
        };
        let remaining = limits.max_total_bytes.saturating_sub(total_read);
        let keep = if is_criteria {
            limits.max_manifest_bytes as usize
        } else {
            safety::SNIFF_BYTES
        };
        let read = read_entry(
            bundle,
            entry,
            &Limits {
                max_file_bytes: limits.max_file_bytes.min(remaining),
                ..*limits
            },
            keep,
            Some(&mut |n| {
                done += n;
                progress(done, total.max(done));
            }),
        );
        let read = match read {
            Ok(read) => read,
            Err(problem) => {
                problems.push(problem.in_file(path.clone()));
                continue;
            }
        };
        total_read += read.size;
        if read.sha256 != *sha {
            problems.push(fault(path, PackageFault::HashMismatch));
        } else if is_criteria {
            criteria_json.insert(sha.clone(), read.bytes);
        } else {
            let attachment = PackagedAttachment {
                entry: entry.clone(),
                size_bytes: read.size,
            };
            attachments.insert(sha.clone(), (attachment, read.bytes));
        }
    }
    (criteria_json, attachments)
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
