//! What the worker answers: one [`Reply`] per request (and progress on the way).
//! Replies are data; the UI words them in the user's language.

use std::path::{Path, PathBuf};

use crate::app::backup::{BackupInfo, StartProblem};
use crate::app::doc_settings::{DocSettings, SettingsError};
use crate::app::dossier::DossierView;
use crate::app::failure::{Cause, Failure, ImportError, Operation};
use crate::app::package::PackageReport;
use crate::app::views::{DeskData, RoundData, RoundsData};
use crate::domain::actor::{PinCheck, Principal};
use crate::domain::criteria::CriterionId;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::model::{
    AuditEntry, CatalogueImport, CertificateRow, ConflictRow, CriterionView, ExpiringCertificate,
    PayloadVerdict, VerifyReport,
};
use crate::domain::permissions::PermissionRefusal;
use crate::domain::pin::PinRefusal;
use crate::store::StoreError;

/// What changed about PINs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinChange {
    Required(bool),
    Reset(Principal),
}

/// What became of picking oneself in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityOutcome {
    /// The person acts from now on (`pin`: how they were vouched for).
    Accepted { pin: PinCheck },
    /// The round requires PINs and this person has one: ask for it.
    NeedsPin,
    /// The round requires PINs and this person has none yet: ask them to set one.
    NeedsNewPin,
    /// The PIN was not accepted (wrong, locked, not fitting the rule).
    Refused(PinRefusal),
}

#[derive(Debug, Clone)]
pub enum Reply {
    Rounds(RoundsData),
    Round(Box<RoundData>),
    Desk(Box<DeskData>),
    /// An answer (choice or comment) is stored; the sheet's total is `total`.
    Saved {
        product: ProductId,
        member: MemberId,
        criterion: CriterionId,
        total: u32,
    },
    Submitted {
        product: ProductId,
        member: MemberId,
        total: u32,
    },
    /// A request failed: which operation, and why, as data (the UI words it).
    Failed(Failure),
    PrefsSaved,
    DemoLoaded(RoundId),
    /// Long work under way.
    Progress(crate::domain::progress::Progress),
    DossierImported {
        round: RoundId,
        product: ProductId,
        /// What the import did (a new product, a new version, nothing).
        outcome: crate::app::dossier::ImportOutcome,
    },
    /// A file (a dossier bundle, a product list, a round package) was refused;
    /// nothing was written. `file` names it as the user knows it; the refusal
    /// says what refused and every problem, typed.
    FileRefused {
        file: String,
        refusal: crate::domain::refusal::Refusal,
    },
    DossierVersion(Box<DossierView>),
    /// A file was opened in the system viewer (a copy, for an attachment).
    Opened {
        path: PathBuf,
    },
    /// A file could not be opened in the system viewer: which (its name as the
    /// user knows it), and why.
    OpenFailed {
        name: String,
        cause: Cause,
    },
    /// No native file dialog could be shown (see `FilesRequest::NoFileDialog`).
    NoFileDialog {
        saved_in: Option<PathBuf>,
    },
    RoundCreated(RoundId),
    ProfileKey(String),
    /// A round package was imported; `me` is this laptop's member, when its key is registered.
    RoundPackageImported {
        round: RoundId,
        me: Option<MemberId>,
        round_name: String,
        /// Each change the package brought (none: nothing new).
        changes: Vec<crate::domain::model::MirrorChange>,
        /// What it left as it is here, and why.
        notes: Vec<crate::domain::model::MirrorNote>,
    },
    /// The round package was written; members without a registered key (the
    /// non-voting ones) cannot send sheets back.
    RoundPackageWritten {
        path: PathBuf,
        members_without_key: Vec<crate::app::package::KeylessMember>,
    },
    /// What became of each merged sheets package, and the conflicts now stored.
    Merged {
        round: RoundId,
        reports: Vec<PackageReport>,
        conflicts: Vec<ConflictRow>,
    },
    Conflicts {
        round: RoundId,
        conflicts: Vec<ConflictRow>,
    },
    /// A file was written.
    Written {
        path: PathBuf,
    },
    /// A document was written: open it in the system viewer.
    DocumentWritten {
        path: PathBuf,
    },
    /// A change went through (the UI reloads what shows it: see
    /// [`super::notice::Notice::changes_round`]).
    Done(super::notice::Notice),
    /// The store refused a change, with its reasons as data.
    Refused(super::notice::Refusal),
    CriterionView(Box<CriterionView>),
    Audit {
        round: RoundId,
        entries: Vec<AuditEntry>,
        report: Box<VerifyReport>,
        /// The rollback check's finding, typed (its English is in `report`).
        rollback: Option<crate::app::backup::anchor::Rollback>,
    },
    Certificates {
        round: RoundId,
        rows: Vec<CertificateRow>,
        expiring: Vec<ExpiringCertificate>,
    },
    PayloadVerdict(Box<PayloadVerdict>),
    /// The document settings (None: not set yet), or why they do not load.
    /// What issuing the certificates would write, or why it cannot be foreseen.
    CertificatePreview(Result<Box<crate::domain::certificate::IssuePreview>, Failure>),
    DocSettings(Result<Option<Box<DocSettings>>, SettingsError>),
    /// The data folder could not be opened at all.
    Fatal(Failure),
    /// Who is at the keyboard now, and what their PIN check came to.
    Identity {
        round: RoundId,
        who: Principal,
        outcome: IdentityOutcome,
    },
    /// The person may not do this (the UI says why, in its language).
    NotPermitted(PermissionRefusal),
    /// A PIN was not accepted.
    PinRefused(PinRefusal),
    /// The screen is locked: the person's PIN check is dropped.
    Locked,
    /// PINs are now required (or not) in `round`, or a person's PIN was cleared.
    PinsChanged {
        round: RoundId,
        change: PinChange,
    },
    /// The data folder did not open for a reason the user can fix here (a missing
    /// folder, a damaged database with a backup to restore).
    StartProblem(StartProblem),
    /// The backups, newest first; `made` is the one just taken, if any.
    Backups {
        list: Vec<BackupInfo>,
        made: Option<PathBuf>,
    },
    /// A backup was restored and the folder opened again.
    Restored {
        from: PathBuf,
        /// Where the replaced database was kept.
        previous: Option<PathBuf>,
    },
    /// A request that cannot run while the data folder is not open; nothing happened.
    NotOpen,
    Catalogue(Box<crate::app::catalogue::CatalogueData>),
    /// A catalogue import went through.
    CatalogueImported(CatalogueImport),
    /// A catalogue file was refused; nothing was written. Every problem, each in
    /// its row and column.
    CatalogueRefused {
        file: String,
        problems: Vec<crate::domain::refusal::Problem>,
    },
}

/// The one place a store error becomes a reply: the permission table's and the
/// PINs' refusals, the round's state and transitions, and the store's own
/// refusals ([`StoreError::Refused`], passed on as one whole) have replies of
/// their own; anything else failed `operation`.
pub(crate) fn store_failure(operation: Operation, e: &StoreError) -> Reply {
    match e {
        StoreError::NotPermitted(refusal) => Reply::NotPermitted(*refusal),
        StoreError::Pin(refusal) => Reply::PinRefused(*refusal),
        StoreError::Transition { .. }
        | StoreError::NotInState { .. }
        | StoreError::Refused { .. } => match super::notice::Refusal::of(e) {
            Some(refusal) => Reply::Refused(refusal),
            None => failed(operation, Cause::of_store(e)),
        },
        StoreError::Open { .. }
        | StoreError::Migration(_)
        | StoreError::Sqlite(_)
        | StoreError::NoRound(_)
        | StoreError::NoMember(_)
        | StoreError::NoProduct(_)
        | StoreError::NoDossier(_)
        | StoreError::NoCertificate(_)
        | StoreError::Frozen { .. }
        | StoreError::Backup { .. }
        | StoreError::Serialise { .. }
        | StoreError::Corrupt(_)
        | StoreError::Damaged { .. } => failed(operation, Cause::of_store(e)),
    }
}

/// `operation` failed for `cause`.
pub(crate) fn failed(operation: Operation, cause: Cause) -> Reply {
    Reply::Failed(Failure { operation, cause })
}

/// The reply for an import of `path` that wrote nothing: the file's refusal as
/// it is, a store error as [`store_failure`] maps it, anything else as
/// [`chain_failure`] does.
pub(crate) fn import_failure(operation: Operation, path: &Path, e: ImportError) -> Reply {
    match e {
        ImportError::Refused(refusal) => Reply::FileRefused {
            file: path.display().to_string(),
            refusal,
        },
        ImportError::Store(e) => store_failure(operation, &e),
        ImportError::Failed(e) => chain_failure(operation, Some(path), &e),
    }
}

/// The reply for an error chain from an operation on `path` (the file it reads
/// or writes, when there is one): a store error in the chain is mapped as
/// [`store_failure`] does; an I/O error becomes its kind; anything else a
/// technical detail.
pub(crate) fn chain_failure(operation: Operation, path: Option<&Path>, e: &anyhow::Error) -> Reply {
    match e.chain().find_map(|c| c.downcast_ref::<StoreError>()) {
        Some(store) => store_failure(operation, store),
        None => failed(operation, Cause::of_chain(path, e)),
    }
}
