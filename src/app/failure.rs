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

use crate::app::backup::lock::LockError;
use crate::app::backup::restore::RestoreError;
use crate::app::doc_settings::SettingsError;
use crate::app::package::{ExportRefusal, KeylessMember};
use crate::domain::criteria::CriterionId;
use crate::domain::ids::{CertificateId, DossierId, MemberId, ProductId, RoundId};
use crate::domain::refusal::Refusal;
use crate::domain::round::RoundStatus;
use crate::files::FileError;
use crate::store::StoreError;
use crate::store::backup::FileCheckProblem;

/// Why an import of a file wrote nothing: the file, or this data folder's checks
/// of it, refused it with every problem ([`Refusal`], typed; the UI says each), the
/// store failed, or something else did (a backup, a lock, a copy: the reply finds
/// its cause as [`super::reply::chain_failure`] does).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

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
    /// Not a regular file (a folder, a device, a pipe): refused.
    NotAFile {
        path: PathBuf,
    },
    /// Larger than this kind of file may be.
    TooLarge {
        path: PathBuf,
        size: u64,
        cap: u64,
    },
    /// The file picked is not a backup this app can restore, and why.
    NotABackup {
        path: PathBuf,
        why: BackupCheck,
    },
    /// The data folder is in use by another OCOP Council (the app or a command).
    FolderInUse,
    /// A restore is replacing the database right now.
    Restoring,
    /// The file's name does not end in an extension the operation writes.
    Extension {
        path: PathBuf,
        expected: &'static [&'static str],
    },
    NoRound(RoundId),
    NoMember(MemberId),
    NoProduct(ProductId),
    NoDossier(DossierId),
    NoCertificate(CertificateId),
    /// The round no longer takes this change (its state froze it).
    Frozen {
        round: RoundId,
    },
    /// The QĐ 148 criteria set is not loaded (the build is broken).
    CriteriaMissing,
    /// The round is past scoring: no round package is sent out.
    NothingToScore {
        round: RoundId,
        status: RoundStatus,
    },
    /// Voting members without a registered key could not send their sheets back.
    MissingKeys {
        members: Vec<KeylessMember>,
    },
    /// The document settings are missing or wrong, every problem typed.
    DocSettings(SettingsError),
    /// The database or the stored data is damaged; a technical detail.
    Damaged(String),
    /// The database could not do it (SQLite); a technical detail.
    Database(String),
    /// Anything else, with its technical detail (the chain of causes).
    Technical(String),
}

/// Why a file is not a backup this app can restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupCheck {
    /// Not an SQLite database (SQLite's words).
    NotADatabase(String),
    /// SQLite's integrity check fails (its words).
    Damaged(String),
    /// A schema newer than this app knows.
    UnknownVersion { found: u32, known: u32 },
    /// An SQLite database, but not OCOP Council's.
    Foreign,
}

impl Cause {
    /// Why a restore did not happen.
    pub fn of_restore(e: &RestoreError) -> Self {
        match e {
            RestoreError::Lock(lock) => Self::of_lock(lock),
            RestoreError::Source(file) => Self::of_file(file),
            RestoreError::Check { path, problem } => Self::NotABackup {
                path: path.clone(),
                why: match problem {
                    FileCheckProblem::NotADatabase(d) => BackupCheck::NotADatabase(d.clone()),
                    FileCheckProblem::Damaged(d) => BackupCheck::Damaged(d.clone()),
                    FileCheckProblem::UnknownVersion { found, known } => {
                        BackupCheck::UnknownVersion {
                            found: *found,
                            known: *known,
                        }
                    }
                    FileCheckProblem::Foreign => BackupCheck::Foreign,
                },
            },
            RestoreError::Io(detail) => Self::Technical(detail.clone()),
        }
    }

    fn of_lock(e: &LockError) -> Self {
        match e {
            LockError::InUse(_) => Self::FolderInUse,
            LockError::Restoring(_) => Self::Restoring,
            LockError::Io { path, source } => Self::io(Some(path), source),
        }
    }

    /// Why an input file was refused or not read.
    pub fn of_file(e: &FileError) -> Self {
        match e {
            FileError::NotRegular { path, .. } => Self::NotAFile { path: path.clone() },
            FileError::TooLarge { path, size, cap } => Self::TooLarge {
                path: path.clone(),
                size: *size,
                cap: *cap,
            },
            FileError::Io { path, source } => Self::io(Some(path), source),
        }
    }

    /// The cause of a store error that is not a refusal (those have replies of
    /// their own: see [`super::reply::store_failure`]).
    pub fn of_store(e: &StoreError) -> Self {
        match e {
            StoreError::NoRound(id) => Self::NoRound(*id),
            StoreError::NoMember(id) => Self::NoMember(*id),
            StoreError::NoProduct(id) => Self::NoProduct(*id),
            StoreError::NoDossier(id) => Self::NoDossier(*id),
            StoreError::NoCertificate(id) => Self::NoCertificate(*id),
            StoreError::Frozen { round, .. } => Self::Frozen { round: *round },
            StoreError::Backup { path, source } => Self::io(Some(path), source),
            StoreError::Serialise { .. } => Self::Technical(e.to_string()),
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
        if let Some(file) = e.chain().find_map(|c| c.downcast_ref::<FileError>()) {
            return Self::of_file(file);
        }
        if let Some(settings) = e.chain().find_map(|c| c.downcast_ref::<SettingsError>()) {
            return Self::DocSettings(settings.clone());
        }
        if let Some(refusal) = e.chain().find_map(|c| c.downcast_ref::<ExportRefusal>()) {
            return match refusal {
                ExportRefusal::NothingToScore { round, status } => Self::NothingToScore {
                    round: *round,
                    status: *status,
                },
                ExportRefusal::MissingKeys { members, .. } => Self::MissingKeys {
                    members: members.clone(),
                },
            };
        }
        if let Some(lock) = e.chain().find_map(|c| c.downcast_ref::<LockError>()) {
            return Self::of_lock(lock);
        }
        match e.chain().find_map(|c| c.downcast_ref::<io::Error>()) {
            Some(io) if io.kind() != io::ErrorKind::Other => Self::io(path, io),
            _ => Self::Technical(format!("{e:#}")),
        }
    }
}
