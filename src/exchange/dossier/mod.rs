//! Product dossier bundles (`ocop-dossier/1`, docs/dossier-format.md): a folder or
//! a `.zip` holding `dossier.json` and the attached files.
//!
//! [`inspect`] reads a bundle completely and checks everything (names, links,
//! sizes, compression ratios, types by their bytes, the manifest against the
//! round's sheets) and reports every problem at once, each naming the bundle and
//! the file inside it. It writes nothing anywhere: the app layer stores the files
//! and the store records the rows, only when the inspection found no problem.

pub mod bundle;
pub mod commune;
pub mod manifest;
pub mod safety;

use crate::domain::progress::{Progress, Work};
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use bundle::{Bundle, Entry, EntryType, MemoryEntries, ReadStop, read_limited};
pub use manifest::{DOSSIER_FORMAT, KnownSheets, MANIFEST_NAME, Manifest};
pub use safety::Limits;

use crate::domain::dossier::{DossierFacts, EvidenceFile, SelfAssessment};
use crate::domain::refusal::{self, BundleFault};

/// One problem with a bundle. Displayed as `bundle: file: message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub bundle: String,
    /// The file inside the bundle it concerns, if any (`dossier.json` for the manifest).
    pub file: Option<String>,
    pub problem: refusal::Problem,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{}: {file}: {}", self.bundle, self.problem),
            None => write!(f, "{}: {}", self.bundle, self.problem),
        }
    }
}

impl Problem {
    /// The problem, about its file inside the bundle when there is one (the bundle
    /// is named by whoever shows the list).
    pub fn typed(&self) -> refusal::Problem {
        match &self.file {
            Some(file) => self.problem.clone().in_file(file.clone()),
            None => self.problem.clone(),
        }
    }
}

/// An attached file that was read, hashed and recognised.
#[derive(Debug, Clone)]
pub struct InspectedFile {
    pub listed: EvidenceFile,
    pub entry: Entry,
    pub size_bytes: u64,
    pub media_type: &'static str,
    /// Lowercase hex SHA-256 of the content.
    pub sha256: String,
}

/// Everything [`inspect`] learnt about a bundle.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub bundle: String,
    /// The checked manifest; `None` when it is missing or has problems.
    pub manifest: Option<Manifest>,
    pub files: Vec<InspectedFile>,
    pub problems: Vec<Problem>,
    /// Bytes of the attached files read.
    pub total_bytes: u64,
}

impl Inspection {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty() && self.manifest.is_some()
    }

    /// The hash that identifies this dossier's content (facts, self-assessment,
    /// file list with each file's hash): the same bundle imported twice has it,
    /// whatever its folder or zip layout. `None` unless valid.
    pub fn content_hash(&self) -> Option<String> {
        let manifest = self
            .manifest
            .as_ref()
            .filter(|_| self.problems.is_empty())?;
        Some(content_hash(
            &manifest.facts,
            manifest.self_assessment.as_ref(),
            self.files.iter().map(|f| (&f.listed, f.sha256.as_str())),
        ))
    }
}

/// SHA-256 over the canonical JSON of the facts, the self-assessment and, per
/// file in manifest order, its listing and content hash.
pub fn content_hash<'a>(
    facts: &DossierFacts,
    self_assessment: Option<&SelfAssessment>,
    files: impl Iterator<Item = (&'a EvidenceFile, &'a str)>,
) -> String {
    #[derive(Serialize)]
    struct Canonical<'a> {
        format: &'static str,
        facts: &'a DossierFacts,
        self_assessment: Option<&'a SelfAssessment>,
        files: Vec<(&'a EvidenceFile, &'a str)>,
    }
    let canonical = Canonical {
        format: DOSSIER_FORMAT,
        facts,
        self_assessment,
        files: files.collect(),
    };
    let json = serde_json::to_vec(&canonical).unwrap_or_default();
    hex::encode(Sha256::digest(&json))
}

/// Reads and checks a whole bundle; see the module comment.
pub fn inspect(
    bundle: &mut Bundle,
    sheets: &KnownSheets,
    limits: &Limits,
    progress: &mut dyn FnMut(Progress),
) -> Inspection {
    let label = bundle.label();
    let mut inspection = Inspection {
        bundle: label.clone(),
        manifest: None,
        files: Vec::new(),
        problems: Vec::new(),
        total_bytes: 0,
    };
    let mut found = Found::default();
    match bundle.entries(limits) {
        Ok(entries) => {
            // Names first: every entry must stay inside the bundle and be unique.
            let CheckedEntries {
                mut files,
                taken,
                problems,
            } = check_entries(entries, limits);
            found.0 = problems;
            strip_single_top_folder(&mut files);
            if let Some(parsed) = read_manifest(bundle, &mut files, sheets, limits, &mut found) {
                let manifest_parsed = parsed.manifest.is_some() || !parsed.listed.is_empty();
                if parsed.listed.len() > limits.max_files {
                    found.fault(
                        Some(MANIFEST_NAME),
                        BundleFault::TooManyListed {
                            count: parsed.listed.len(),
                            cap: limits.max_files,
                        },
                    );
                } else {
                    let used = read_listed_files(
                        bundle,
                        &parsed,
                        &files,
                        &taken,
                        limits,
                        progress,
                        &mut inspection,
                        &mut found,
                    );
                    if manifest_parsed {
                        for path in files.keys().filter(|p| !used.contains(*p)) {
                            found.fault(Some(path), BundleFault::NotListed);
                        }
                    }
                    inspection.manifest = parsed.manifest;
                }
            }
        }
        Err(listing) => found.0 = listing.into_iter().map(|p| (None, p)).collect(),
    }
    inspection.problems = found
        .0
        .into_iter()
        .map(|(file, problem)| Problem {
            bundle: label.clone(),
            file,
            problem,
        })
        .collect();
    inspection
}

/// The problems found so far, each with the file inside the bundle it concerns.
#[derive(Default)]
struct Found(Vec<(Option<String>, refusal::Problem)>);

impl Found {
    fn push(&mut self, file: Option<&str>, problem: refusal::Problem) {
        self.0.push((file.map(str::to_string), problem));
    }

    fn fault(&mut self, file: Option<&str>, fault: BundleFault) {
        self.push(file, refusal::Problem::Bundle(fault));
    }
}

/// Reads and parses the manifest (taking it out of `files`); `None` when the bundle
/// has none. A manifest that cannot be read parses as empty, its problem pushed.
fn read_manifest(
    bundle: &mut Bundle,
    files: &mut BTreeMap<String, Entry>,
    sheets: &KnownSheets,
    limits: &Limits,
    found: &mut Found,
) -> Option<manifest::ParsedManifest> {
    let Some(manifest_entry) = files.remove(MANIFEST_NAME) else {
        found.fault(None, BundleFault::NoManifest);
        return None;
    };
    let mut manifest_bytes = Vec::new();
    let read = match bundle.open_entry(&manifest_entry) {
        Ok(mut reader) => read_limited(
            &mut reader,
            limits.max_manifest_bytes,
            manifest_entry.compressed_bytes.map(|c| (c, limits)),
            &mut |chunk| manifest_bytes.extend_from_slice(chunk),
        ),
        Err(e) => Err(ReadStop::Io(e)),
    };
    let parsed = match read {
        Ok(_) => manifest::parse(&manifest_bytes, sheets),
        Err(stop) => {
            found.push(Some(MANIFEST_NAME), stop.problem());
            manifest::ParsedManifest::default()
        }
    };
    for problem in &parsed.problems {
        found.push(Some(MANIFEST_NAME), problem.clone());
    }
    Some(parsed)
}

/// Reads every listed file: present, within the limits (each and all together),
/// hashed, of an accepted type by its bytes; the good ones go into `inspection`.
/// Returns the paths used.
#[allow(clippy::too_many_arguments)]
fn read_listed_files(
    bundle: &mut Bundle,
    parsed: &manifest::ParsedManifest,
    files: &BTreeMap<String, Entry>,
    taken: &BTreeMap<String, String>,
    limits: &Limits,
    progress: &mut dyn FnMut(Progress),
    inspection: &mut Inspection,
    found: &mut Found,
) -> BTreeSet<String> {
    let bytes_total: u64 = parsed
        .listed
        .iter()
        .filter_map(|l| files.get(&l.path))
        .map(|e| e.claimed_bytes.min(limits.max_file_bytes))
        .sum();
    let mut bytes_done = 0u64;
    let mut used = BTreeSet::new();
    let mut total_exceeded = false;
    for listed in &parsed.listed {
        let path = listed.path.as_str();
        let Some(entry) = files.get(path) else {
            let near = taken.get(&safety::collision_key(path)).cloned();
            found.fault(Some(path), BundleFault::ListedButAbsent { near });
            continue;
        };
        used.insert(path.to_string());
        if entry.claimed_bytes > limits.max_file_bytes {
            found.fault(
                Some(path),
                BundleFault::FileOverLimit {
                    size_bytes: entry.claimed_bytes,
                    cap_bytes: limits.max_file_bytes,
                },
            );
            continue;
        }
        if total_exceeded {
            continue;
        }
        let remaining = limits.max_total_bytes - inspection.total_bytes;
        let limit = limits.max_file_bytes.min(remaining);
        let read = read_and_sniff(bundle, entry, limit, limits, &mut |n| {
            bytes_done += n;
            progress(Progress::new(
                Work::Checking,
                bytes_done,
                bytes_total.max(bytes_done),
            ));
        });
        let (size_bytes, head, sha256) = match read {
            Ok(read) => read,
            Err(ReadStop::TooLarge { .. }) if limit < limits.max_file_bytes => {
                total_exceeded = true;
                found.fault(
                    None,
                    BundleFault::TotalOverLimit {
                        cap_bytes: limits.max_total_bytes,
                        stopped_at: path.to_string(),
                    },
                );
                continue;
            }
            Err(stop) => {
                found.push(Some(path), stop.problem());
                continue;
            }
        };
        inspection.total_bytes += size_bytes;
        match safety::media_type_of(path, &head, size_bytes) {
            Ok(media_type) => {
                if let Some(listed_file) = &listed.file {
                    inspection.files.push(InspectedFile {
                        listed: listed_file.clone(),
                        entry: entry.clone(),
                        size_bytes,
                        media_type,
                        sha256,
                    });
                }
            }
            Err(media) => found.push(Some(path), refusal::Problem::WrongMediaType(media)),
        }
    }
    used
}

/// Reads one entry within `limit` (and the compression ratio): its size, its first
/// bytes (to recognise its type) and its SHA-256; `counted` gets each chunk's size.
fn read_and_sniff(
    bundle: &mut Bundle,
    entry: &Entry,
    limit: u64,
    limits: &Limits,
    counted: &mut dyn FnMut(u64),
) -> Result<(u64, Vec<u8>, String), ReadStop> {
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(safety::SNIFF_BYTES);
    let mut reader = bundle.open_entry(entry).map_err(ReadStop::Io)?;
    let size = read_limited(
        &mut reader,
        limit,
        entry.compressed_bytes.map(|c| (c, limits)),
        &mut |chunk| {
            hasher.update(chunk);
            if head.len() < safety::SNIFF_BYTES {
                let take = (safety::SNIFF_BYTES - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            counted(chunk.len() as u64);
        },
    )?;
    Ok((size, head, hex::encode(hasher.finalize())))
}

/// Bundle entries whose names passed the safety checks, by normalised path.
#[derive(Debug, Default)]
pub struct CheckedEntries {
    /// Regular files that stay inside the bundle, OS litter left out.
    pub files: BTreeMap<String, Entry>,
    /// Collision key ([`safety::collision_key`]) → the first path that took it.
    pub taken: BTreeMap<String, String>,
    /// (the entry concerned, problem) for every refused entry.
    pub problems: Vec<(Option<String>, refusal::Problem)>,
}

/// Checks every entry's name and type: UTF-8, inside the bundle, not too deep, no
/// links or devices, no two names that are the same file on Windows or macOS, no
/// encryption or unsupported compression. Shared by dossier bundles and round packages.
pub fn check_entries(entries: Vec<Entry>, limits: &Limits) -> CheckedEntries {
    let mut problems = Vec::new();
    let mut files: BTreeMap<String, Entry> = BTreeMap::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for entry in entries {
        if !entry.name_is_utf8 {
            problems.push((
                Some(entry.raw_name.clone()),
                refusal::Problem::Bundle(BundleFault::NameNotUtf8),
            ));
            continue;
        }
        let path = match safety::check_relative_path(&entry.raw_name) {
            Ok(path) => path,
            Err(fault) => {
                problems.push((
                    Some(entry.raw_name.clone()),
                    refusal::Problem::UnsafeName(fault),
                ));
                continue;
            }
        };
        if safety::is_os_litter(&path) {
            continue;
        }
        if path.split('/').count() > limits.max_depth + 1 {
            problems.push((
                Some(path.clone()),
                refusal::Problem::Bundle(BundleFault::TooDeep {
                    max_depth: limits.max_depth,
                }),
            ));
            continue;
        }
        match entry.entry_type {
            EntryType::Symlink => {
                problems.push((
                    Some(path.clone()),
                    refusal::Problem::Bundle(BundleFault::SymbolicLink),
                ));
                continue;
            }
            EntryType::Special => {
                problems.push((
                    Some(path.clone()),
                    refusal::Problem::Bundle(BundleFault::SpecialFile),
                ));
                continue;
            }
            EntryType::Folder | EntryType::File => {}
        }
        if let Some(fault) = &entry.problem {
            problems.push((Some(path.clone()), refusal::Problem::Bundle(fault.clone())));
            continue;
        }
        let key = safety::collision_key(&path);
        if let Some(first) = taken.get(&key) {
            if entry.entry_type == EntryType::Folder && first == &path {
                continue; // the same folder listed twice by a zip tool
            }
            problems.push((
                Some(entry.raw_name.clone()),
                refusal::Problem::Bundle(BundleFault::SameNameAs {
                    first: first.clone(),
                }),
            ));
            continue;
        }
        taken.insert(key, path.clone());
        if entry.entry_type == EntryType::File {
            files.insert(path, entry);
        }
    }
    CheckedEntries {
        files,
        taken,
        problems,
    }
}

/// A zip of a folder usually holds `folder/dossier.json`: when every file is
/// under one top folder that holds the manifest, that folder is the bundle.
fn strip_single_top_folder(files: &mut BTreeMap<String, Entry>) {
    if files.contains_key(MANIFEST_NAME) {
        return;
    }
    let tops: BTreeSet<&str> = files
        .keys()
        .map(|p| p.split_once('/').map_or("", |(top, _)| top))
        .collect();
    let tops: Vec<&str> = tops.into_iter().collect();
    let [top] = tops[..] else {
        return;
    };
    if top.is_empty() || !files.contains_key(&format!("{top}/{MANIFEST_NAME}")) {
        return;
    }
    let prefix = format!("{top}/");
    *files = std::mem::take(files)
        .into_iter()
        .map(|(path, entry)| (path[prefix.len()..].to_string(), entry))
        .collect();
}
