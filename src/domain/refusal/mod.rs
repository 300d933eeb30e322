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

use crate::domain::ids::ProductId;

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
    /// One of the store's writes (operation.rs).
    Store(StoreOperation),
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
            Self::Store(operation) => write!(f, "{operation}"),
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

mod faults;
mod operation;

pub use faults::{
    BundleFault, Content, KeyFault, ListCell, MediaFault, PackageFault, PathFault, SignatureFault,
    StoreFault, TableFault,
};
pub use faults::{CatalogueCell, CatalogueFault, CriteriaFault, ListFault, SheetImportFault};
pub use faults::{CertificateFault, CouncilFault, IssuerField, MergeFault, SetupFault, SheetFault};
pub use operation::StoreOperation;

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
    // Files checked against this data folder (faults/imports.rs).
    /// The problem concerns one cell of a table: its row (1-based, the header is
    /// row 1) and its column as the file heads it.
    InCell {
        row: usize,
        column: String,
        problem: Box<Problem>,
    },
    /// A product list's row against the round it goes into.
    ProductList(ListFault),
    /// A member's sheet file against the import it is part of.
    SheetImport(SheetImportFault),
    /// A catalogue file's cell or row.
    Catalogue(CatalogueFault),
    /// A criteria sheet file against the sets already loaded, or its validation.
    Criteria(CriteriaFault),
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
    // The store's refusals by idea (faults/sheet.rs, council.rs, certificate.rs,
    // setup.rs, merge.rs).
    /// A change to a member's sheet, or a sheet from a file.
    Sheet(SheetFault),
    /// The council's people and records.
    Council(CouncilFault),
    /// Issuing, reprinting, revoking certificates.
    Certificate(CertificateFault),
    /// A new round, product or dossier.
    Setup(SetupFault),
    /// A sheets package rejected at the merge.
    Merge(MergeFault),
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

    /// The row of a table the problem concerns, if it concerns one (for sorting a
    /// file's problems into file order).
    pub fn row(&self) -> Option<usize> {
        match self {
            Self::InRow { row, .. } | Self::InCell { row, .. } => Some(*row),
            Self::InFile { problem, .. } => problem.row(),
            _ => None,
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
            Self::InCell {
                row,
                column,
                problem,
            } => write!(f, "row {row}, column \"{column}\": {problem}"),
            Self::ProductList(fault) => write!(f, "{fault}"),
            Self::SheetImport(fault) => write!(f, "{fault}"),
            Self::Catalogue(fault) => write!(f, "{fault}"),
            Self::Criteria(fault) => write!(f, "{fault}"),
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
            Self::Sheet(fault) => write!(f, "{fault}"),
            Self::Council(fault) => write!(f, "{fault}"),
            Self::Certificate(fault) => write!(f, "{fault}"),
            Self::Setup(fault) => write!(f, "{fault}"),
            Self::Merge(fault) => write!(f, "{fault}"),
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

/// Problems serialised as their English sentences, as a report's `reasons` have
/// always been (docs/packages.md): `#[serde(serialize_with = "english_lines")]`.
pub fn english_lines<S: serde::Serializer>(
    problems: &[Problem],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(problems.iter().map(ToString::to_string))
}

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
