//! Faults about a table (a product list, a catalogue file) and the store's own
//! refusals.

use std::fmt;

use serde::Serialize;

use crate::domain::ids::{MemberId, ProductId, RoundId, SheetId};

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
