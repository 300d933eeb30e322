//! Faults of files checked against what this data folder holds, or read into it:
//! a product list's rows against the round (app/export.rs), members' sheet files
//! against the import they are part of (app/sheet_import.rs), the catalogue file's
//! cells (exchange/catalogue_file) and the criteria files of the data folder's
//! `criteria/` (domain/criteria/catalog.rs). Each says itself in English
//! (`Display`, for the CLI); ui/refusal_text/imports.rs says it in the user's language.

use std::fmt;

use serde::Serialize;

use crate::domain::criteria::{Issue, SheetOrigin};
use crate::domain::date::DateError;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::member::Role;

/// A product list's row that does not fit the round it goes into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum ListFault {
    /// The round's criteria set has no such product set.
    SetNotInCriteria {
        product_set: u8,
        criteria_set: String,
    },
    /// The round already holds a product of that name and producer.
    AlreadyInRound {
        name: String,
        producer: String,
        round: RoundId,
    },
    /// The same product and producer on an earlier row of the list.
    ListedTwice { name: String, producer: String },
}

impl fmt::Display for ListFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SetNotInCriteria {
                product_set,
                criteria_set,
            } => write!(
                f,
                "product set {product_set} is not in criteria set {criteria_set}"
            ),
            Self::AlreadyInRound {
                name,
                producer,
                round,
            } => write!(
                f,
                "\"{name}\" of \"{producer}\" is already in round {round}"
            ),
            Self::ListedTwice { name, producer } => {
                write!(f, "\"{name}\" of \"{producer}\" is listed twice")
            }
        }
    }
}

/// A member's sheet file that does not fit the import it is part of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum SheetImportFault {
    /// Another file of the same import holds this member's sheet for this product.
    SecondSheet {
        member: MemberId,
        product: ProductId,
    },
    /// The secretary's or an advisor's sheet: stored, it would never be counted.
    NonVoting {
        member: MemberId,
        name: String,
        role: Role,
    },
}

impl fmt::Display for SheetImportFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SecondSheet { member, product } => write!(
                f,
                "a second sheet from member {member} for product {product} in the same import"
            ),
            Self::NonVoting { member, name, role } => write!(
                f,
                "member {member} ({name}, {}) does not vote in this council; their sheet would not be counted",
                role.as_str()
            ),
        }
    }
}

/// A cell of the catalogue file that must be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CatalogueCell {
    ProductName,
    Producer,
    LegalForm,
    Commune,
    Province,
    /// The product set, or else the product group.
    ProductSetOrGroup,
    Stars,
    CertificateNumber,
    DecisionNumber,
    DecisionDate,
    IssueDate,
}

impl CatalogueCell {
    fn en(self) -> &'static str {
        match self {
            Self::ProductName => "product name",
            Self::Producer => "producer",
            Self::LegalForm => "legal form",
            Self::Commune => "commune",
            Self::Province => "province",
            Self::ProductSetOrGroup => "product set (nor product group)",
            Self::Stars => "stars",
            Self::CertificateNumber => "certificate number",
            Self::DecisionNumber => "decision number",
            Self::DecisionDate => "decision date",
            Self::IssueDate => "issue date",
        }
    }
}

/// What is wrong with the catalogue file beyond a table's faults: a file too long,
/// a cell that cannot be read, a row that contradicts itself or an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum CatalogueFault {
    /// More rows than a catalogue has (the file was not read further).
    TooManyRows { cap: usize },
    /// A required cell left empty.
    Missing { cell: CatalogueCell },
    /// Not one of QĐ 148's product groups.
    NotAGroup { text: String },
    /// Not a legal form the catalogue knows.
    NotALegalForm { text: String },
    /// Not 3, 4 or 5 stars.
    NotStars { text: String },
    /// Neither a date nor yes/no.
    NotRevocation { text: String },
    /// Not new, upgrade or re-evaluation.
    NotRegistration { text: String },
    /// Not a score from 0 to 100.
    NotAScore { text: String },
    /// A date the one date parser refused (domain/date.rs), with its reason.
    BadDate(DateError),
    /// The certificate dated before its decision.
    IssuedBeforeDecision,
    /// The expiry on or before the issue date.
    ExpiryNotAfterIssue,
    /// The same certificate of the same authority on an earlier row.
    SameCertificate {
        certificate: String,
        authority: String,
        first_row: usize,
    },
}

impl fmt::Display for CatalogueFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooManyRows { cap } => write!(f, "more than {cap} rows"),
            Self::Missing { cell } => write!(f, "no {}", cell.en()),
            Self::NotAGroup { text } => write!(
                f,
                "\"{text}\" is not a product group of QĐ 148 (thực phẩm, đồ uống, dược liệu, thủ công mỹ nghệ, sinh vật cảnh, du lịch)"
            ),
            Self::NotALegalForm { text } => write!(
                f,
                "\"{text}\" is not a legal form (hợp tác xã, tổ hợp tác, doanh nghiệp, doanh nghiệp nhỏ và vừa, hộ kinh doanh, khác)"
            ),
            Self::NotStars { text } => write!(f, "\"{text}\" is not 3, 4 or 5 stars"),
            Self::NotRevocation { text } => {
                write!(f, "\"{text}\" is neither a date nor yes/no")
            }
            Self::NotRegistration { text } => write!(
                f,
                "\"{text}\" is not new (mới), upgrade (nâng hạng) or re-evaluation (đánh giá lại)"
            ),
            Self::NotAScore { text } => write!(f, "\"{text}\" is not a score from 0 to 100"),
            Self::BadDate(e) => write!(f, "{e}"),
            Self::IssuedBeforeDecision => f.write_str("the issue date is before the decision date"),
            Self::ExpiryNotAfterIssue => f.write_str("the expiry date is not after the issue date"),
            Self::SameCertificate {
                certificate,
                authority,
                first_row,
            } => write!(
                f,
                "certificate {certificate} of {authority} is also on row {first_row}"
            ),
        }
    }
}

/// Why a criteria sheet file cannot be used beside the sets already loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum CriteriaFault {
    /// The criteria set already has this product set (from `other`).
    ProductSetTaken {
        criteria_set: String,
        product_set: u8,
        other: SheetOrigin,
    },
    /// Another file describes the same criteria set differently.
    DescribedDifferently {
        criteria_set: String,
        instrument: String,
    },
    /// The validator's finding (domain/criteria/validate.rs).
    Invalid(Issue),
}

impl fmt::Display for CriteriaFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ProductSetTaken {
                criteria_set,
                product_set,
                other,
            } => write!(
                f,
                "criteria set \"{criteria_set}\" already has product set {product_set} (from {other})"
            ),
            Self::DescribedDifferently {
                criteria_set,
                instrument,
            } => write!(
                f,
                "criteria set \"{criteria_set}\" is described differently in another file (instrument \"{instrument}\")"
            ),
            Self::Invalid(issue) => write!(f, "{issue}"),
        }
    }
}
