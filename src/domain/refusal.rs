//! One shape for "no, and here is why": a [`Refusal`] names what refused (a typed
//! [`Subject`]) and lists every [`Problem`] found, each typed where the user can act
//! on it (a missing field, a file too big, an unsafe path, a bad signature, …).
//!
//! The exchange checks (dossier bundles, packages, sheet files, product lists,
//! catalogue files) and the store's refusals (`StoreError::Refused`) all return it.
//! `Display` is English, for the CLI and the logs; the GUI says each problem in the
//! user's language (ui/refusal_text.rs). [`Problem::Detail`] carries only technical
//! detail (a JSON parser's position message, an operating-system error), shown
//! under a translated sentence.

use std::fmt;

use serde::Serialize;

use crate::domain::ids::{MemberId, ProductId, RoundId, SheetId};

/// What refused: the check or operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Subject {
    /// A product dossier bundle (folder or `.zip`).
    DossierBundle,
    /// A bundle's `dossier.json`.
    DossierManifest,
    /// A round package (`ocop-round-package/1`), with the round's name when known.
    RoundPackage { round: Option<String> },
    /// A member's signed sheets package.
    SheetsPackage,
    /// A product list (`.xlsx`/`.csv`).
    ProductList,
    /// A catalogue file.
    CatalogueFile,
    /// Storing a checked catalogue file.
    CatalogueImport,
    /// A member's sheet file (`ocop-member-sheet/1`).
    SheetFile,
    /// A signed file's signature.
    SignedPayload,
    /// A public or private key.
    Key,
    /// Writing a package's attachment.
    Attachment,
    /// A re-score of one product.
    Rescore { product: ProductId },
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DossierBundle => f.write_str("dossier bundle"),
            Self::DossierManifest => f.write_str("dossier.json"),
            Self::RoundPackage { round: Some(round) } => write!(f, "round package of \"{round}\""),
            Self::RoundPackage { round: None } => f.write_str("round package"),
            Self::SheetsPackage => f.write_str("sheets package"),
            Self::ProductList => f.write_str("product list"),
            Self::CatalogueFile => f.write_str("catalogue file"),
            Self::CatalogueImport => f.write_str("catalogue import"),
            Self::SheetFile => f.write_str("sheet file"),
            Self::SignedPayload => f.write_str("signed file"),
            Self::Key => f.write_str("key"),
            Self::Attachment => f.write_str("attachment"),
            Self::Rescore { product } => write!(f, "re-score of product {product}"),
        }
    }
}

/// What a field's value should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expected {
    /// 32 hex digits.
    Uid,
    /// 64 lowercase hex digits.
    Sha256,
    /// An RFC 3339 time.
    Rfc3339Time,
    /// A date written YYYY-MM-DD.
    IsoDate,
    /// A date that exists in the calendar.
    RealDate,
    /// province-unit-number-year, e.g. 94-941-012-2024.
    ProductCode,
    /// 3, 4 or 5.
    CertifiedStar,
    /// A whole number.
    WholeNumber,
    /// Yes or no.
    YesNo,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Uid => "a uid (32 hex digits)",
            Self::Sha256 => "a SHA-256 (64 lowercase hex digits)",
            Self::Rfc3339Time => "an RFC 3339 time",
            Self::IsoDate => "a date written YYYY-MM-DD (e.g. 2026-03-02)",
            Self::RealDate => "a date",
            Self::ProductCode => "a product code (province-unit-number-year, e.g. 94-941-012-2024)",
            Self::CertifiedStar => "a certified star (3, 4 or 5)",
            Self::WholeNumber => "a whole number",
            Self::YesNo => "yes or no",
        })
    }
}

/// What is wrong with a path written inside a bundle or package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum PathFault {
    Empty,
    Unc,
    Backslash,
    Absolute,
    WindowsDrive,
    ControlCharacters,
    TooLong { bytes: usize },
    EmptyFolderName,
    Traversal { part: String },
    PartTooLong { bytes: usize },
    WindowsDevice { part: String },
    WindowsCharacter { part: String },
    TrailingSpaceOrDot { part: String },
}

impl fmt::Display for PathFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("has an empty name"),
            Self::Unc => f.write_str(
                "is a network (UNC) path; only paths inside the bundle are allowed",
            ),
            Self::Backslash => f.write_str(
                "contains a backslash; paths inside a bundle use \"/\" (Windows paths are not allowed)",
            ),
            Self::Absolute => {
                f.write_str("is an absolute path; only paths inside the bundle are allowed")
            }
            Self::WindowsDrive => {
                f.write_str("is a Windows drive path; only paths inside the bundle are allowed")
            }
            Self::ControlCharacters => f.write_str("contains control characters"),
            Self::TooLong { bytes } => write!(f, "is {bytes} bytes long (at most 1024)"),
            Self::EmptyFolderName => f.write_str("has an empty folder name (\"//\")"),
            Self::Traversal { part } => write!(
                f,
                "contains \"{part}\"; a path must stay inside the bundle (path traversal)"
            ),
            Self::PartTooLong { bytes } => {
                write!(f, "has a name part of {bytes} bytes (at most 255)")
            }
            Self::WindowsDevice { part } => write!(
                f,
                "has a name part \"{part}\" that Windows reserves for a device (CON, PRN, AUX, NUL, COM1–9, LPT1–9), so the dossier could not be exported there"
            ),
            Self::WindowsCharacter { part } => write!(
                f,
                "has a name part \"{part}\" with a character Windows cannot store (< > : \" | ? *)"
            ),
            Self::TrailingSpaceOrDot { part } => write!(
                f,
                "has a name part ending in a space or a dot (\"{part}\"), which Windows cannot store"
            ),
        }
    }
}

/// What a file's bytes turned out to be (for "the content is …").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Content {
    Program { mime: String },
    Archive { mime: String },
    Audio { mime: String },
    Video { mime: String },
    Image { mime: String },
    OfficeDocument { mime: String },
    Font { mime: String },
    Binary { mime: String },
    Text,
    Unrecognised,
}

impl fmt::Display for Content {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, mime) = match self {
            Self::Program { mime } => ("a program or application file", mime),
            Self::Archive { mime } => ("an archive", mime),
            Self::Audio { mime } => ("audio", mime),
            Self::Video { mime } => ("video", mime),
            Self::Image { mime } => ("an image", mime),
            Self::OfficeDocument { mime } => ("an office document", mime),
            Self::Font { mime } => ("a font", mime),
            Self::Binary { mime } => ("a binary file", mime),
            Self::Text => return f.write_str("plain text"),
            Self::Unrecognised => return f.write_str("unrecognised binary data"),
        };
        write!(f, "{what} ({mime})")
    }
}

/// Why an attachment's type is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum MediaFault {
    NoExtension {
        accepted: Vec<String>,
    },
    Unsupported {
        extension: String,
        accepted: Vec<String>,
        /// `None` for an empty file.
        content: Option<Content>,
    },
    Empty,
    Mismatch {
        extension: String,
        expected: String,
        content: Content,
    },
}

impl fmt::Display for MediaFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |accepted: &[String]| {
            accepted
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Self::NoExtension { accepted } => {
                write!(f, "has no file extension; accepted: {}", list(accepted))
            }
            Self::Unsupported {
                extension,
                accepted,
                content,
            } => {
                write!(
                    f,
                    "unsupported file type \".{extension}\" (accepted: {})",
                    list(accepted)
                )?;
                match content {
                    Some(content) => write!(f, "; its content is {content}"),
                    None => Ok(()),
                }
            }
            Self::Empty => f.write_str("is empty (0 bytes)"),
            Self::Mismatch {
                extension,
                expected,
                content,
            } => write!(
                f,
                "content does not match its extension: the name says .{extension} ({expected}) but the content is {content}"
            ),
        }
    }
}

/// Why a signed file's signature does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureFault {
    /// A text editor added a byte-order mark.
    ByteOrderMark,
    /// CR LF line endings (an editor or a text-mode transfer).
    WindowsLineEndings,
    NoSignatureBlock,
    MalformedBlock,
    KeyNotValid,
    NotHex,
    WrongLength,
    /// The content was altered or damaged.
    DoesNotMatch,
}

impl fmt::Display for SignatureFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ByteOrderMark => {
                "the package starts with a byte-order mark: a text editor re-saved it, which breaks its signature; use the file as it was exported"
            }
            Self::WindowsLineEndings => {
                "the package has Windows line endings (CR LF): an editor or a text-mode transfer changed it, which breaks its signature; copy the original file in binary mode"
            }
            Self::NoSignatureBlock => "the package has no signature block",
            Self::MalformedBlock => "the signature block is malformed",
            Self::KeyNotValid => "the public key is not valid",
            Self::NotHex => "the signature is not hex",
            Self::WrongLength => "the signature has the wrong length",
            Self::DoesNotMatch => {
                "the signature does not match the content: the package was altered or damaged"
            }
        })
    }
}

/// Why a text is not a usable public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyFault {
    /// Not 64 hex digits.
    NotHex,
    /// Not a point on the curve.
    NotOnCurve,
    /// A small-order point: signatures under it prove nothing.
    Weak,
}

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
            Self::SecondSheet { product } => write!(f, "a second sheet for product {product}"),
            Self::SubmittedWithoutTime => f.write_str("is submitted without submitted_at"),
            Self::IdTooLong { start, bytes, cap } => write!(
                f,
                "\"{start}…\" is {bytes} bytes long, too long for an id (at most {cap})"
            ),
        }
    }
}

/// A required cell of a product list left empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListCell {
    ProductName,
    Producer,
    ProductSet,
}

/// What is wrong with a spreadsheet (or CSV) as a table: the file, its header, its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum TableFault {
    /// calamine's words.
    NotASpreadsheet {
        detail: String,
    },
    NoSheet,
    /// calamine's words.
    CannotReadSheet {
        detail: String,
    },
    /// The CSV parser's words about one record.
    BadCsvRecord {
        row: usize,
        detail: String,
    },
    EmptyFile,
    TooManyRows {
        count: usize,
        cap: usize,
    },
    NoRows,
    UnknownColumn {
        column: String,
    },
    ColumnTwice {
        column: String,
    },
    MissingColumn {
        column: String,
    },
    EmptyCell(ListCell),
    /// A product set cell without a leading set number.
    NotASetNumber {
        text: String,
    },
}

impl fmt::Display for TableFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotASpreadsheet { detail } => {
                write!(f, "not a spreadsheet calamine can read: {detail}")
            }
            Self::NoSheet => f.write_str("the workbook has no sheet"),
            Self::CannotReadSheet { detail } => {
                write!(f, "cannot read the first sheet: {detail}")
            }
            Self::BadCsvRecord { row, detail } => write!(f, "row {row}: {detail}"),
            Self::EmptyFile => f.write_str("the file is empty"),
            Self::TooManyRows { count, cap } => {
                write!(f, "{count} rows; at most {cap} are accepted")
            }
            Self::NoRows => f.write_str("no product rows under the header"),
            Self::UnknownColumn { column } => write!(f, "unknown column \"{column}\""),
            Self::ColumnTwice { column } => write!(f, "column \"{column}\" appears twice"),
            Self::MissingColumn { column } => write!(f, "missing the column \"{column}\""),
            Self::EmptyCell(ListCell::ProductName) => f.write_str("no product name"),
            Self::EmptyCell(ListCell::Producer) => f.write_str("no producer"),
            Self::EmptyCell(ListCell::ProductSet) => f.write_str("no product set"),
            Self::NotASetNumber { text } => {
                write!(f, "product set \"{text}\" is not a set number")
            }
        }
    }
}

/// Why the store refuses a change that only its data can judge (a round package
/// against this data folder, a re-score, a catalogue import).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum StoreFault {
    /// The secretary's round is past scoring.
    NothingLeftToScore {
        status: String,
    },
    /// The round was created here: only the secretary's packages are mirrored.
    SecretarysCopy {
        round: RoundId,
    },
    /// An older package than the last one applied.
    RollsBack {
        exported_at: String,
        latest: String,
    },
    RoundFrozenHere {
        round: RoundId,
        status: String,
    },
    OtherCriteriaSet {
        here: String,
        package: String,
    },
    OtherSnapshots,
    /// A uid that belongs to another round here.
    UidOfAnotherRound {
        table: String,
        uid: String,
        id: i64,
        round: i64,
    },
    /// The package moves a product to another set while it has sheets here.
    ProductSetMoves {
        product: ProductId,
        name: String,
        from: u8,
        to: u8,
    },
    /// The round went back to setup while this laptop holds sheets.
    BackToSetupWithSheets {
        sheets: i64,
    },
    ReasonRequired,
    NoMemberChosen,
    NotOnCouncil {
        member: MemberId,
        round: RoundId,
    },
    Recused {
        member: MemberId,
        product: ProductId,
    },
    SheetNotSubmitted {
        sheet: SheetId,
        member: MemberId,
    },
    NoSheet {
        member: MemberId,
        product: ProductId,
    },
    /// A frozen round takes no more dossiers.
    DossiersClosed {
        round: RoundId,
        status: String,
    },
    /// A new product (not a new version of one) outside setup.
    NewProductOnlyInSetup {
        round: RoundId,
        status: String,
    },
    /// A dossier that moves a scored product to another product set.
    ProductSetScored {
        product: ProductId,
        name: String,
        scored_set: u8,
        new_set: u8,
    },
    /// A catalogue row that would overwrite a certificate this app issued.
    IssuedByApp {
        row: String,
        certificate: String,
        issued_by: String,
    },
}

impl fmt::Display for StoreFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NothingLeftToScore { status } => write!(
                f,
                "the round is {status} on the secretary's machine: there is nothing left to score"
            ),
            Self::SecretarysCopy { round } => write!(
                f,
                "round {round} was created in this data folder (the secretary's copy): a round package cannot change it"
            ),
            Self::RollsBack {
                exported_at,
                latest,
            } => write!(
                f,
                "this package was exported at {exported_at}, before the one already imported here (exported at {latest}): it would roll the round back"
            ),
            Self::RoundFrozenHere { round, status } => {
                write!(f, "round {round} is {status} here and can no longer change")
            }
            Self::OtherCriteriaSet { here, package } => write!(
                f,
                "the round scores on criteria set {here} here, the package says {package}"
            ),
            Self::OtherSnapshots => f.write_str(
                "the package's criteria sheets differ from the ones this round scores on here",
            ),
            Self::UidOfAnotherRound {
                table,
                uid,
                id,
                round,
            } => write!(
                f,
                "{table} uid {uid} is already {table} {id} of round {round} here, not of this round"
            ),
            Self::ProductSetMoves {
                product,
                name,
                from,
                to,
            } => write!(
                f,
                "product {product} ({name}) is scored here on product set {from}; the package moves it to set {to}"
            ),
            Self::BackToSetupWithSheets { sheets } => write!(
                f,
                "the secretary moved the round back to setup, but this laptop holds {sheets} sheet(s) of it: export them (package export-sheets) and ask the secretary for a package once scoring restarts"
            ),
            Self::ReasonRequired => f.write_str("a re-score needs a reason"),
            Self::NoMemberChosen => f.write_str("choose at least one member to re-score"),
            Self::NotOnCouncil { member, round } => {
                write!(f, "member {member} is not on the council of round {round}")
            }
            Self::Recused { member, product } => {
                write!(f, "member {member} is recused from product {product}")
            }
            Self::SheetNotSubmitted { sheet, member } => write!(
                f,
                "sheet {sheet} of member {member} is not submitted (already being re-scored?)"
            ),
            Self::NoSheet { member, product } => {
                write!(f, "member {member} has no sheet for product {product}")
            }
            Self::DossiersClosed { round, status } => write!(
                f,
                "round {round} is {status}: dossiers can no longer be imported"
            ),
            Self::NewProductOnlyInSetup { round, status } => write!(
                f,
                "round {round} is {status}: a new product can only be entered in setup (a new version of an existing product's dossier can)"
            ),
            Self::ProductSetScored {
                product,
                name,
                scored_set,
                new_set,
            } => write!(
                f,
                "product {product} ({name}) is already scored on product set {scored_set}; a dossier for set {new_set} must be registered as another product"
            ),
            Self::IssuedByApp {
                row,
                certificate,
                issued_by,
            } => write!(
                f,
                "{row}: certificate {certificate} was issued by this app ({issued_by}); the catalogue keeps the app's record"
            ),
        }
    }
}

/// One reason for a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// A required field is absent or blank; `of` names the item it belongs to.
    MissingField { field: String, of: Option<String> },
    /// A field required by the registration type (upgrade, renewal, …).
    RequiredFor {
        field: String,
        registration_type: String,
    },
    /// A field's value is not one of a fixed list.
    NotOneOf {
        field: String,
        value: String,
        of: Option<String>,
        allowed: Vec<String>,
    },
    /// A field's value is not of the expected form.
    BadValue {
        field: String,
        value: String,
        expected: Expected,
    },
    /// A text longer than its cap, in characters.
    TooLong {
        field: String,
        chars: usize,
        cap: usize,
    },
    /// More items than allowed (`what` is a field or a list, e.g. `sheets`).
    TooMany {
        what: String,
        count: usize,
        cap: usize,
    },
    /// A file over its size cap.
    FileTooBig { size_bytes: u64, cap_bytes: u64 },
    /// A pipe, a device, a folder, a link: never read.
    NotARegularFile { kind: String },
    /// The file could not be read (the operating system's words).
    CannotRead { detail: String },
    /// The file or folder could not be opened (the operating system's words).
    CannotOpen { detail: String },
    /// UTF-16 text (Windows "Unicode"); UTF-8 is needed.
    Utf16,
    /// Not UTF-8 text: the first invalid byte and where it is.
    NotUtf8 { offset: usize, byte: u8 },
    /// The JSON does not parse or does not fit the format; `detail` is the parser's.
    InvalidJson {
        line: usize,
        column: usize,
        at: Option<String>,
        detail: String,
    },
    /// The file says another format (or version) than the one expected.
    WrongFormat {
        found: String,
        expected: Vec<String>,
    },
    /// Not a file of this kind at all (its first line).
    WrongHeader { found: String, expected: String },
    /// A file's name (given by [`Problem::InFile`]) that would leave the bundle or
    /// that Windows cannot store.
    UnsafeName(PathFault),
    /// A problem with a bundle's or package's entries.
    Bundle(BundleFault),
    /// A problem inside a council package.
    Package(PackageFault),
    /// A problem with a spreadsheet or CSV as a table.
    Table(TableFault),
    /// A change the store's data does not allow.
    Store(StoreFault),
    /// The problem concerns one row of a table (1-based, the header is row 1).
    InRow { row: usize, problem: Box<Problem> },
    /// A path that would leave the bundle or that Windows cannot store.
    UnsafePath {
        field: Option<String>,
        path: String,
        fault: PathFault,
    },
    /// An attachment's type is not accepted or its bytes contradict its name.
    WrongMediaType(MediaFault),
    /// The signature does not hold.
    BadSignature(SignatureFault),
    /// A text that is not a usable public key.
    BadKey { key: String, fault: KeyFault },
    /// A criterion that is not on the product set's sheet.
    UnknownCriterion {
        field: String,
        criterion: String,
        product_set: u8,
    },
    /// An option that is not one of its criterion's.
    NotAnOption {
        field: String,
        criterion: String,
        option: String,
    },
    /// The same thing twice; `first` is how it appeared the first time.
    Duplicate {
        field: String,
        value: String,
        first: Option<String>,
    },
    /// The problem concerns one file (inside a bundle, a package, a folder) or one
    /// item of a file (`sheets[2]`, `members[0]`).
    InFile { file: String, problem: Box<Problem> },
    /// A criterion the commune does not assess for this product set.
    NotAssessedByCommune {
        field: String,
        criterion: String,
        product_set: u8,
        assessed: Vec<String>,
    },
    /// A commune finding with neither an option nor words.
    NeitherOptionNorText { field: String, criterion: String },
    /// The commune's request dated before its report.
    RequestBeforeReport { request: String, report: String },
    /// A text field holding a control character (shown as U+XXXX).
    ControlCharacter { field: String, code: u32 },
    /// A product set that the criteria in force do not have.
    UnknownProductSet {
        field: String,
        value: u32,
        /// Which criteria, e.g. "criteria set qd148-2023 of round 2".
        criteria: String,
        range: Option<(u8, u8)>,
    },
    /// The manifest listed as one of its own attachments.
    ManifestListed { field: String },
    /// A field or value that only a newer format version may hold.
    NeedsNewerFormat {
        field: String,
        value: Option<String>,
        needs: String,
        found: String,
    },
    /// Technical detail only (a parser's or the operating system's message).
    Detail(String),
}

impl Problem {
    /// The same problem, about `file`.
    pub fn in_file(self, file: impl Into<String>) -> Self {
        Self::InFile {
            file: file.into(),
            problem: Box::new(self),
        }
    }

    /// A required field, missing.
    pub fn missing(field: impl Into<String>) -> Self {
        Self::MissingField {
            field: field.into(),
            of: None,
        }
    }

    /// Technical detail (see [`Problem::Detail`]).
    pub fn detail(text: impl Into<String>) -> Self {
        Self::Detail(text.into())
    }

    /// An answer that does not fit the sheet, found in `field`.
    pub fn of_answer(field: impl Into<String>, error: crate::domain::score::AnswerError) -> Self {
        use crate::domain::score::AnswerError;
        match error {
            AnswerError::UnknownCriterion(criterion, product_set) => Self::UnknownCriterion {
                field: field.into(),
                criterion: criterion.0,
                product_set,
            },
            AnswerError::UnknownChoice { criterion, choice } => Self::NotAnOption {
                field: field.into(),
                criterion: criterion.0,
                option: choice.0,
            },
        }
    }

    /// The problem without the file it concerns, and that file (innermost last).
    pub fn innermost(&self) -> &Self {
        match self {
            Self::InFile { problem, .. } => problem.innermost(),
            other => other,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingField { field, of: None } => {
                write!(f, "missing required field \"{field}\"")
            }
            Self::MissingField {
                field,
                of: Some(of),
            } => write!(f, "missing required field \"{field}\" ({of})"),
            Self::RequiredFor {
                field,
                registration_type,
            } => write!(
                f,
                "missing required field \"{field}\" (required for registration type \"{registration_type}\")"
            ),
            Self::NotOneOf {
                field,
                value,
                of,
                allowed,
            } => {
                write!(f, "{field} \"{value}\"")?;
                if let Some(of) = of {
                    write!(f, " ({of})")?;
                }
                write!(f, " is not one of: {}", allowed.join(", "))
            }
            Self::BadValue {
                field,
                value,
                expected,
            } => write!(f, "{field} \"{value}\" is not {expected}"),
            Self::TooLong { field, chars, cap } => {
                write!(f, "{field} is {chars} characters long (at most {cap})")
            }
            Self::TooMany { what, count, cap } => write!(
                f,
                "{what} has {count} entries, more than the limit of {cap}"
            ),
            Self::FileTooBig {
                size_bytes,
                cap_bytes,
            } => write!(
                f,
                "{size_bytes} bytes, more than the {cap_bytes} allowed for this kind of file"
            ),
            Self::NotARegularFile { kind } => write!(f, "not a regular file ({kind}); refused"),
            Self::CannotRead { detail } => write!(f, "cannot read: {detail}"),
            Self::CannotOpen { detail } => write!(f, "cannot open: {detail}"),
            Self::Utf16 => {
                f.write_str("the file is UTF-16 text (Windows \"Unicode\"); save it as UTF-8")
            }
            Self::NotUtf8 { offset, byte } => write!(
                f,
                "not UTF-8 text (invalid byte 0x{byte:02x} at offset {offset}); save it as UTF-8"
            ),
            Self::InvalidJson {
                line,
                column,
                at,
                detail,
            } => {
                write!(f, "invalid JSON (line {line}, column {column}")?;
                if let Some(at) = at {
                    write!(f, " at {at}")?;
                }
                write!(f, "): {detail}")
            }
            Self::WrongFormat { found, expected } => {
                let expected = expected
                    .iter()
                    .map(|e| format!("\"{e}\""))
                    .collect::<Vec<_>>()
                    .join(" or ");
                write!(f, "format is \"{found}\", expected {expected}")
            }
            Self::WrongHeader { found, expected } => write!(
                f,
                "not a package of this kind: it starts with \"{found}\", expected \"{expected}\""
            ),
            Self::UnsafePath { field, path, fault } => {
                if let Some(field) = field {
                    write!(f, "{field} ")?;
                }
                write!(f, "\"{path}\" {fault}")
            }
            Self::UnsafeName(fault) => write!(f, "{fault}"),
            Self::Bundle(fault) => write!(f, "{fault}"),
            Self::Package(fault) => write!(f, "{fault}"),
            Self::Table(fault) => write!(f, "{fault}"),
            Self::Store(fault) => write!(f, "{fault}"),
            Self::InRow { row, problem } => write!(f, "row {row}: {problem}"),
            Self::WrongMediaType(fault) => write!(f, "{fault}"),
            Self::BadSignature(fault) => write!(f, "{fault}"),
            Self::BadKey { key, fault } => match fault {
                KeyFault::NotHex => write!(f, "\"{key}\" is not a public key (64 hex digits)"),
                KeyFault::NotOnCurve => {
                    write!(f, "\"{key}\" is not a valid Ed25519 public key")
                }
                KeyFault::Weak => write!(
                    f,
                    "\"{key}\" is a weak Ed25519 public key (small order); use the key `package key` prints"
                ),
            },
            Self::UnknownCriterion {
                field,
                criterion,
                product_set,
            } => write!(
                f,
                "{field}: criterion {criterion} is not on the sheet of product set {product_set}"
            ),
            Self::NotAnOption {
                field,
                criterion,
                option,
            } => write!(
                f,
                "{field}: option {option} is not an option of criterion {criterion}"
            ),
            Self::Duplicate {
                field,
                value,
                first: None,
            } => write!(f, "{field} \"{value}\" comes twice"),
            Self::Duplicate {
                field,
                value,
                first: Some(first),
            } => write!(
                f,
                "{field} \"{value}\" is listed twice (also as \"{first}\"; names that differ only in case or accents' encoding are the same file)"
            ),
            Self::NotAssessedByCommune {
                field,
                criterion,
                product_set,
                assessed,
            } => write!(
                f,
                "{field}: criterion {criterion} is not one of the criteria the commune assesses on the sheet of product set {product_set} ({})",
                assessed.join(", ")
            ),
            Self::NeitherOptionNorText { field, criterion } => write!(
                f,
                "{field} ({criterion}) has neither \"option\" nor \"text\": give the option the commune found, or its finding in words"
            ),
            Self::RequestBeforeReport { request, report } => write!(
                f,
                "commune_report.request_date {request} is before the report's date {report} (the request follows the report)"
            ),
            Self::ControlCharacter { field, code } => {
                write!(f, "{field} contains the control character U+{code:04X}")
            }
            Self::UnknownProductSet {
                field,
                value,
                criteria,
                range,
            } => {
                write!(f, "{field} {value} is not a product set of {criteria} (")?;
                match range {
                    Some((lo, hi)) => write!(f, "sets {lo}–{hi})"),
                    None => f.write_str("no sets)"),
                }
            }
            Self::ManifestListed { field } => write!(
                f,
                "{field}: \"dossier.json\" is the manifest, not an attachment"
            ),
            Self::NeedsNewerFormat {
                field,
                value,
                needs,
                found,
            } => {
                f.write_str(field)?;
                if let Some(value) = value {
                    write!(f, " \"{value}\"")?;
                }
                write!(
                    f,
                    " needs format \"{needs}\" (the manifest says \"{found}\")"
                )
            }
            Self::InFile { file, problem } => write!(f, "{file}: {problem}"),
            Self::Detail(text) => f.write_str(text),
        }
    }
}

/// A refusal: what refused and every reason, each its own line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub what: Subject,
    pub problems: Vec<Problem>,
}

impl Refusal {
    pub fn new(what: Subject, problems: Vec<Problem>) -> Self {
        Self { what, problems }
    }

    /// A refusal for one reason.
    pub fn one(what: Subject, problem: Problem) -> Self {
        Self::new(what, vec![problem])
    }

    /// Each problem in English, one line each (for the CLI).
    pub fn lines(&self) -> Vec<String> {
        self.problems.iter().map(ToString::to_string).collect()
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.lines().join("; "))
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_reads_as_one_line_per_problem_joined() {
        let refusal = Refusal::new(
            Subject::SheetsPackage,
            vec![
                Problem::missing("format"),
                Problem::FileTooBig {
                    size_bytes: 10,
                    cap_bytes: 5,
                }
                .in_file("a.json"),
            ],
        );
        assert_eq!(
            refusal.to_string(),
            "sheets package: missing required field \"format\"; a.json: 10 bytes, more than the 5 allowed for this kind of file"
        );
        assert_eq!(
            refusal.problems[1].innermost(),
            &Problem::FileTooBig {
                size_bytes: 10,
                cap_bytes: 5
            }
        );
    }
}
