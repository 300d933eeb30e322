//! Faults about a dossier bundle or a council-of-laptops package as a whole.

use std::fmt;

use serde::Serialize;

/// What is wrong with a dossier bundle or round package as a container: its
/// entries, their names and sizes (the manifest's fields are other problems).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum BundleFault {
    /// No `dossier.json` at the top level.
    NoManifest,
    /// The manifest lists more files than allowed.
    TooManyListed {
        count: usize,
        cap: usize,
    },
    /// Listed in the manifest, absent from the bundle; `near` is a name that differs
    /// only in case or Unicode form.
    ListedButAbsent {
        near: Option<String>,
    },
    /// In the bundle, not listed in the manifest.
    NotListed,
    /// One file over the per-file limit (as the bundle claims it).
    FileOverLimit {
        size_bytes: u64,
        cap_bytes: u64,
    },
    /// All files together over the limit.
    TotalOverLimit {
        cap_bytes: u64,
        stopped_at: String,
    },
    /// Reading stopped past the limit (bytes counted, not claimed).
    ReadOverLimit {
        cap_bytes: u64,
    },
    /// A zip entry that expands too much (a zip bomb?).
    CompressionRatio {
        read_bytes: u64,
        compressed_bytes: u64,
    },
    NameNotUtf8,
    TooDeep {
        max_depth: usize,
    },
    SymbolicLink,
    SpecialFile,
    /// Two names that are the same file on Windows and macOS.
    SameNameAs {
        first: String,
    },
    Encrypted,
    UnsupportedCompression {
        method: String,
    },
    /// More entries than allowed; `count` when the archive says how many.
    TooManyEntries {
        count: Option<usize>,
        cap: usize,
    },
    DuplicateEntries,
    OverlappingEntries,
    NeitherFolderNorZip,
    /// The zip library's words.
    NotAZip {
        detail: String,
    },
    /// The zip library's words.
    Damaged {
        detail: String,
    },
}

impl fmt::Display for BundleFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoManifest => f.write_str("has no dossier.json at its top level"),
            Self::TooManyListed { count, cap } => {
                write!(f, "lists {count} files, more than the limit of {cap}")
            }
            Self::ListedButAbsent { near } => {
                f.write_str("is listed in dossier.json but is not in the bundle")?;
                match near {
                    Some(near) => write!(
                        f,
                        " (the bundle has \"{near}\"; names must match exactly)"
                    ),
                    None => Ok(()),
                }
            }
            Self::NotListed => f.write_str(
                "is in the bundle but not listed in dossier.json (list it under \"files\" or remove it)",
            ),
            Self::FileOverLimit {
                size_bytes,
                cap_bytes,
            } => write!(
                f,
                "is {size_bytes} bytes, more than the limit of {cap_bytes} bytes per file"
            ),
            Self::TotalOverLimit {
                cap_bytes,
                stopped_at,
            } => write!(
                f,
                "its files together exceed the limit of {cap_bytes} bytes (stopped at {stopped_at})"
            ),
            Self::ReadOverLimit { cap_bytes } => write!(f, "is larger than {cap_bytes} bytes"),
            Self::CompressionRatio {
                read_bytes,
                compressed_bytes,
            } => write!(
                f,
                "expands from {compressed_bytes} to more than {read_bytes} bytes (a ratio over the limit; a zip bomb?)"
            ),
            Self::NameNotUtf8 => f.write_str(
                "name is not UTF-8 (the archive was made with a legacy code page); re-create it with UTF-8 names",
            ),
            Self::TooDeep { max_depth } => {
                write!(f, "is nested deeper than {max_depth} folders")
            }
            Self::SymbolicLink => f.write_str(
                "is a symbolic link; links are not allowed in a bundle (put the file itself)",
            ),
            Self::SpecialFile => f.write_str("is not a regular file (a device, pipe or socket)"),
            Self::SameNameAs { first } => write!(
                f,
                "has the same name as \"{first}\" (names that differ only in letter case or Unicode form are the same file on Windows and macOS)"
            ),
            Self::Encrypted => {
                f.write_str("is encrypted; bundles must not be password-protected")
            }
            Self::UnsupportedCompression { method } => write!(
                f,
                "is compressed with {method}, which is not supported (use the usual \"deflate\")"
            ),
            Self::TooManyEntries {
                count: Some(count),
                cap,
            } => write!(
                f,
                "holds {count} entries, more than the limit of {cap}; nothing was read"
            ),
            Self::TooManyEntries { count: None, cap } => write!(
                f,
                "holds more than {cap} files and folders (the limit); nothing was read"
            ),
            Self::DuplicateEntries => f.write_str(
                "holds two entries with the same name (a second copy could replace the first)",
            ),
            Self::OverlappingEntries => f.write_str(
                "has entries that overlap inside the archive (a zip-bomb construction)",
            ),
            Self::NeitherFolderNorZip => f.write_str("is neither a folder nor a .zip archive"),
            Self::NotAZip { detail } => write!(f, "is not a readable zip archive: {detail}"),
            Self::Damaged { detail } => write!(f, "is damaged: {detail}"),
        }
    }
}

/// What is wrong inside a council package (round or sheets): files the app itself
/// wrote, so each means "export it again" to the user; the wording names the part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum PackageFault {
    /// A folder where one package file was expected.
    IsAFolder {
        extension: String,
    },
    /// No package manifest inside.
    NotAPackage {
        manifest: String,
    },
    /// In the package, not in its manifest.
    NotListed {
        manifest: String,
    },
    /// In the manifest, not in the package.
    Absent {
        manifest: String,
    },
    UnexpectedName,
    NotNamedBySha,
    /// A file whose bytes do not match its SHA-256.
    HashMismatch,
    /// A finalized round sent out for scoring.
    RoundFinalized {
        status: String,
    },
    CriteriaNotListed {
        path: String,
    },
    SnapshotNotRead {
        path: String,
    },
    SnapshotNotUtf8 {
        path: String,
    },
    /// `detail` is the parser's.
    NotACriteriaSheet {
        path: String,
        detail: String,
    },
    SnapshotOfOtherSet {
        found: u8,
        listed: u8,
    },
    SnapshotOfOtherCriteria {
        found: String,
        round: String,
    },
    SecondSheetForSet {
        product_set: u8,
    },
    KeyOfAnotherMember,
    KeyNotLowercase,
    TooManyChairs {
        count: usize,
    },
    ProductWithoutName,
    NoSheetForSet {
        product_set: u8,
    },
    NotANewVersion {
        version: u32,
    },
    ContentHashMismatch,
    AttachmentAbsent {
        sha256: String,
    },
    SizeMismatch {
        listed: u64,
        actual: u64,
    },
    MediaTypeMismatch {
        listed: String,
        actual: String,
    },
    UnsafeListedPath {
        path: String,
    },
    RecusalUnknown,
    /// A presiding member naming a product or member the package does not hold.
    PresidingUnknown,
    /// A presiding member who does not vote (cannot count as the chair).
    PresidingDoesNotVote {
        name: String,
    },
    /// A presiding member recused from the product they preside over.
    PresidingRecused {
        name: String,
    },
    /// A presiding member over a product from which the chair is not recused.
    PresidingChairNotRecused,
    /// A sheets package with two sheets for one product.
    SecondSheet {
        product: String,
    },
    SubmittedWithoutTime,
    /// An id longer than ids are (`start` is its first characters).
    IdTooLong {
        start: String,
        bytes: usize,
        cap: usize,
    },
}

impl fmt::Display for PackageFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IsAFolder { extension } => {
                write!(f, "is a folder; a round package is one .{extension} file")
            }
            Self::NotAPackage { manifest } => {
                write!(f, "has no {manifest}: it is not a round package")
            }
            Self::NotListed { manifest } => {
                write!(f, "is in the package but not listed in {manifest}")
            }
            Self::Absent { manifest } => {
                write!(f, "is listed in {manifest} but is not in the package")
            }
            Self::UnexpectedName => f.write_str(
                "is listed under an unexpected name (criteria/<sha256>.json or attachments/<sha256>)",
            ),
            Self::NotNamedBySha => f.write_str("is not named by a SHA-256"),
            Self::HashMismatch => f.write_str(
                "does not match its SHA-256 (the package was altered or damaged)",
            ),
            Self::RoundFinalized { status } => write!(
                f,
                "round.status is {status}: a finalized round is not sent out for scoring"
            ),
            Self::CriteriaNotListed { path } => {
                write!(f, "path \"{path}\" is not listed under files")
            }
            Self::SnapshotNotRead { path } => write!(f, "{path} was not read"),
            Self::SnapshotNotUtf8 { path } => write!(f, "{path} is not UTF-8"),
            Self::NotACriteriaSheet { path, detail } => {
                write!(f, "{path} is not a criteria sheet: {detail}")
            }
            Self::SnapshotOfOtherSet { found, listed } => write!(
                f,
                "the snapshot is the sheet of product set {found}, not {listed}"
            ),
            Self::SnapshotOfOtherCriteria { found, round } => write!(
                f,
                "the snapshot belongs to criteria set {found}, not the round's {round}"
            ),
            Self::SecondSheetForSet { product_set } => {
                write!(f, "a second sheet for product set {product_set}")
            }
            Self::KeyOfAnotherMember => {
                f.write_str("public_key is registered for another member too")
            }
            Self::KeyNotLowercase => f.write_str("public_key must be lowercase hex"),
            Self::TooManyChairs { count } => write!(f, "the council has {count} chairs"),
            Self::ProductWithoutName => f.write_str("a product needs a name and a producer"),
            Self::NoSheetForSet { product_set } => write!(
                f,
                "product_set {product_set} has no criteria sheet in the package"
            ),
            Self::NotANewVersion { version } => {
                write!(f, "version {version} is not a new version")
            }
            Self::ContentHashMismatch => {
                f.write_str("content_hash does not match the dossier's content")
            }
            Self::AttachmentAbsent { sha256 } => {
                write!(f, "attachment {sha256} is not in the package")
            }
            Self::SizeMismatch { listed, actual } => write!(
                f,
                "size_bytes is {listed}, the attachment has {actual} bytes"
            ),
            Self::MediaTypeMismatch { listed, actual } => write!(
                f,
                "media_type is {listed}, but the content is {actual}"
            ),
            Self::UnsafeListedPath { path } => {
                write!(f, "path \"{path}\" is not a safe relative path")
            }
            Self::RecusalUnknown => {
                f.write_str("names a product or member the package does not hold")
            }
            Self::PresidingUnknown => {
                f.write_str("names a product or member the package does not hold")
            }
            Self::PresidingDoesNotVote { name } => write!(
                f,
                "names {name}, who does not vote, to preside for the recused chair"
            ),
            Self::PresidingRecused { name } => write!(
                f,
                "names {name} to preside over a product they are recused from"
            ),
            Self::PresidingChairNotRecused => f.write_str(
                "names a member to preside over a product from which the chair is not recused",
            ),
            Self::SecondSheet { product } => write!(f, "a second sheet for product {product}"),
            Self::SubmittedWithoutTime => f.write_str("is submitted without submitted_at"),
            Self::IdTooLong { start, bytes, cap } => write!(
                f,
                "\"{start}…\" is {bytes} bytes long, too long for an id (at most {cap})"
            ),
        }
    }
}
