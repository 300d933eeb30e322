//! The round package (`ocop-round-package/1`): one zip the secretary sends each
//! member, holding
//!
//! ```text
//! manifest.json                 the round, council, products, dossiers, recusals,
//!                               presiding members, and the SHA-256 of every other file
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

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::domain::model::{
    MirrorMember, MirrorPresiding, MirrorProduct, MirrorRecusal, MirrorRound, RoundMirror,
};
use crate::domain::progress::{Progress, Work};
use crate::exchange::dossier::{Limits, safety};

mod check;
mod read;

pub use read::{CheckedRoundPackage, PackagedAttachment, read};

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
    /// Left out when there is none, so such a package still reads in an app from
    /// before presiding members travelled (docs/packages.md, "Versions").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presiding: Vec<MirrorPresiding>,
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

pub(super) fn is_sha256_hex(text: &str) -> bool {
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
pub type BlobOpener<'a> = dyn FnMut(&str) -> std::io::Result<Box<dyn Read>> + 'a;

/// Why a round package could not be written (the disk, or a damaged attachment):
/// a failure, not a refusal of the user's input.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write the manifest: {0}")]
    Manifest(#[source] serde_json::Error),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Zip {
        path: PathBuf,
        #[source]
        source: zip::result::ZipError,
    },
    #[error("attachment {sha256}: cannot read: {source}")]
    Attachment {
        sha256: String,
        #[source]
        source: std::io::Error,
    },
    #[error("attachment {sha256}: the stored copy no longer matches its hash (damaged on disk)")]
    Damaged { sha256: String },
}

/// Writes `mirror` as a round package at `temp` (the caller renames it into place).
/// Each attachment is read through `open_blob` and checked against its hash on the way.
pub fn write(
    temp: &Path,
    mirror: &RoundMirror,
    open_blob: &mut BlobOpener<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), WriteError> {
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
        presiding: mirror.presiding.clone(),
        files,
    };
    let manifest_json = serde_json::to_string_pretty(&manifest).map_err(WriteError::Manifest)?;
    let io_error = |source: std::io::Error| WriteError::Io {
        path: temp.to_path_buf(),
        source,
    };
    let zip_error = |source: zip::result::ZipError| WriteError::Zip {
        path: temp.to_path_buf(),
        source,
    };
    let file = File::create_new(temp).map_err(io_error)?;
    let mut zip = zip::ZipWriter::new(BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644)
        .large_file(false);
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
        let attachment_error = |source| WriteError::Attachment {
            sha256: sha.clone(),
            source,
        };
        let mut reader = open_blob(sha).map_err(attachment_error)?;
        let mut hasher = Sha256::new();
        loop {
            let n = reader.read(&mut buffer).map_err(attachment_error)?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            zip.write_all(&buffer[..n]).map_err(io_error)?;
            done += n as u64;
            progress(Progress {
                work: Work::Writing,
                done,
                total: total.max(done),
                item: None,
            });
        }
        if hex::encode(hasher.finalize()) != *sha {
            return Err(WriteError::Damaged {
                sha256: sha.clone(),
            });
        }
    }
    let writer = zip.finish().map_err(zip_error)?;
    let file = writer.into_inner().map_err(|e| io_error(e.into_error()))?;
    file.sync_all().map_err(io_error)
}
