//! Why an operation failed, as data: which operation ([`Operation`]) and why
//! ([`Cause`]). The UI says both in the user's language (ui/failures.rs); a
//! technical detail (a SQLite message) travels as a string only where the cause
//! is genuinely technical, and is shown under a translated sentence.
//!
//! Refusals the store can name (the permission table, a PIN, the round's state,
//! a transition's reasons, `StoreError::Refused`) are not failures: they have
//! replies of their own. [`super::reply::store_failure`] is the one place a
//! [`StoreError`] becomes a reply.

use std::io;
use std::path::{Path, PathBuf};

use crate::domain::criteria::CriterionId;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::store::StoreError;

/// An operation that failed, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub operation: Operation,
    pub cause: Cause,
}

/// What the user asked for, one per request (by area).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    // Views.
    LoadRounds,
    LoadRound,
    LoadSheet,
    LoadCriterionView,
    LoadDossierVersion,
    LoadAudit,
    LoadCertificates,
    // A member's sheet.
    SaveAnswer {
        criterion: CriterionId,
    },
    SubmitSheet,
    ReopenSheet,
    // The council.
    DemoRound,
    NewRound,
    AddMember,
    MoveRound,
    FinalizeRound,
    ReopenRound,
    IssueCertificates,
    RevokeCertificate,
    VerifyCertificate,
    Rescore,
    Recusal,
    Disqualify,
    NamePresiding,
    // Dossiers.
    ImportDossier,
    ImportProductList,
    ExportDossier,
    // Documents.
    ExportResults,
    ProductListTemplate,
    ExportAudit,
    PrintCertificates,
    PrintMinutes,
    PrintDecision,
    PrintMemberSheets,
    SaveDocSettings,
    // The council of laptops.
    ProfileKey,
    RegisterKey,
    ExportRoundPackage,
    ImportRoundPackage,
    ExportSheetsPackage,
    MergePackages,
    LoadConflicts,
    // The catalogue.
    LoadCatalogue,
    ImportCatalogue,
    ExportCatalogue,
    CatalogueTemplate,
    ProgrammeReport,
    SetPlanTarget,
    // People.
    Identity,
    Pin,
    // Backups and the data folder.
    OpenDataFolder,
    Backup,
    /// The automatic backup before a change that is hard to undo (the change
    /// was not made).
    BackupBeforeChange,
    Restore,
    CreateDataFolder,
    // Files.
    OpenFile,
    SavePrefs,
}

/// Why it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// Reading or writing a file failed: where (when known) and the kind of error.
    Io {
        path: Option<PathBuf>,
        kind: io::ErrorKind,
    },
    /// The file's name does not end in an extension the operation writes.
    Extension {
        path: PathBuf,
        expected: &'static [&'static str],
    },
    NoRound(RoundId),
    NoMember(MemberId),
    NoProduct(ProductId),
    /// The round no longer takes this change (its state froze it).
    Frozen {
        round: RoundId,
    },
    /// The QĐ 148 criteria set is not loaded (the build is broken).
    CriteriaMissing,
    /// Data the store did not accept; its own words, a technical detail.
    Invalid(String),
    /// The database or the stored data is damaged; a technical detail.
    Damaged(String),
    /// The database could not do it (SQLite); a technical detail.
    Database(String),
    /// Anything else, with its technical detail (the chain of causes).
    Technical(String),
}

impl Cause {
    /// The cause of a store error that is not a refusal (those have replies of
    /// their own: see [`super::reply::store_failure`]).
    pub fn of_store(e: &StoreError) -> Self {
        match e {
            StoreError::NoRound(id) => Self::NoRound(*id),
            StoreError::NoMember(id) => Self::NoMember(*id),
            StoreError::NoProduct(id) => Self::NoProduct(*id),
            StoreError::Frozen { round, .. } => Self::Frozen { round: *round },
            StoreError::Invalid(detail) => Self::Invalid(detail.clone()),
            StoreError::Corrupt(detail) => Self::Damaged(detail.clone()),
            StoreError::Damaged { path, detail } => {
                Self::Damaged(format!("{}: {detail}", path.display()))
            }
            other => Self::Database(other.to_string()),
        }
    }

    /// The cause of an I/O error on `path`.
    pub fn io(path: Option<&Path>, e: &io::Error) -> Self {
        Self::Io {
            path: path.map(Path::to_path_buf),
            kind: e.kind(),
        }
    }

    /// The cause behind an error chain: the first I/O error in it (on `path`,
    /// the file the operation reads or writes), else its whole text as a
    /// technical detail.
    pub fn of_chain(path: Option<&Path>, e: &anyhow::Error) -> Self {
        match e.chain().find_map(|c| c.downcast_ref::<io::Error>()) {
            Some(io) if io.kind() != io::ErrorKind::Other => Self::io(path, io),
            _ => Self::Technical(format!("{e:#}")),
        }
    }
}
