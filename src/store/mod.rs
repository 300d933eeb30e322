//! The SQLite store: the only module that contains SQL.
//!
//! One database file per data folder, opened in WAL mode with foreign keys on and a
//! busy timeout. Every write runs in one IMMEDIATE transaction that also appends to
//! the audit log and refreshes the affected results, so the file is never in a
//! half-written state. Knows the domain types; knows nothing of egui, PDF or the CLI.

mod audit;
mod authorize;
pub mod backup;
mod catalogue;
mod catalogue_link;
mod certificates;
mod criterion_view;
mod dossiers;
mod lifecycle;
mod members;
mod merge;
pub mod migrations;
mod mirror;
mod packages;
mod pins;
mod presiding;
mod products;
mod recusals;
mod rescore;
mod results;
mod results_stored;
mod revocations;
mod rounds;
mod seal;
mod sheets;
mod snapshots;
mod verify;
mod verify_actors;
mod verify_catalogue;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use crate::domain::actor::Actor;
pub use dossiers::{DossierRow, DossierSaved, DossierVersionRow, NewDossier};
pub use pins::PinState;
pub use rounds::NewRound;
pub use sheets::{AnswerChange, AnswerRow, SheetRow};

pub use catalogue::CATALOGUE_CHAIN;
pub use presiding::PresidingRow;
pub use recusals::RecusalRow;
pub use rescore::{SheetHistory, SheetVersion};
pub use verify_catalogue::CatalogueVerifyReport;

pub use merge::{IncomingPackage, IncomingSheet};
pub use mirror::MirrorReport;
pub use packages::MergedPackageRow;

// The shared value types moved to `domain::model`; re-exported here so the store's
// own modules and the layers that already hold a `Store` keep their paths.
pub use crate::domain::model::{
    AuditEntry, CatalogueImport, CertificateRow, ChainBreak, CheckKind, ConflictRow, CriterionView,
    DossierFileRow, DossierSaveKind, ExpiringCertificate, ImportedRow, MemberRow, MergeSummary,
    MergeVerdict, MirrorDossier, MirrorMember, MirrorProduct, MirrorRecusal, MirrorRound,
    NewProduct, PayloadVerdict, ProducerFacts, ProductOutcome, ProductRow, RawSnapshot, Revocation,
    RoundAnswer, RoundMirror, RoundResults, RoundRow, SheetMerge, SheetOutcome, SheetStatus,
    SheetWrite, VerifyCheck, VerifyReport, VersionAnswer, VersionKind, is_uid,
};

use crate::domain::ids::{CertificateId, DossierId, MemberId, ProductId, RoundId};
use crate::domain::refusal::{Problem, Refusal, StoreOperation, Subject};
use crate::domain::round::{RoundAction, RoundStatus};

/// File name of the database inside the data folder.
pub const DATABASE_FILE: &str = "ocop-council.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Migration(#[from] migrations::MigrationError),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("round {0} does not exist")]
    NoRound(RoundId),
    #[error("member {0} does not exist")]
    NoMember(MemberId),
    #[error("product {0} does not exist")]
    NoProduct(ProductId),
    #[error("dossier {0} does not exist")]
    NoDossier(DossierId),
    #[error("certificate {0} does not exist")]
    NoCertificate(CertificateId),
    #[error("round {round} is {}: {what} is not allowed", .status.as_str())]
    Frozen {
        round: RoundId,
        status: RoundStatus,
        what: FrozenChange,
    },
    /// The round's state does not allow the action (README: the round's lifecycle).
    #[error("round {round} is {}: {} is not allowed ({})", .status.as_str(), .action.label_en(), .status.refusal_hint())]
    NotInState {
        round: RoundId,
        status: RoundStatus,
        action: RoundAction,
    },
    /// A request refused for one or more reasons, each typed (domain/refusal.rs):
    /// the UI says them in its language, the CLI prints one line each.
    #[error("{0}")]
    Refused(crate::domain::refusal::Refusal),
    /// A round's state change refused, with every reason as data (the UI says
    /// them in its language; the CLI prints one line each).
    #[error("round {round}: {}", .refusals.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Transition {
        round: RoundId,
        refusals: Vec<crate::domain::round::TransitionRefusal>,
    },
    /// The actor may not perform the action (domain/permissions.rs).
    #[error("{0}")]
    NotPermitted(crate::domain::permissions::PermissionRefusal),
    /// A PIN was not accepted.
    #[error("{0}")]
    Pin(crate::domain::pin::PinRefusal),
    /// Writing a backup file failed.
    #[error("backup {}: {source}", .path.display())]
    Backup {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A value of ours serde_json could not write (a bug, not the user's data).
    #[error("cannot serialise {what}: {source}")]
    Serialise {
        what: Record,
        source: serde_json::Error,
    },
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// SQLite's quick check (or opening) finds the database file itself damaged.
    #[error("the database {path} is damaged ({detail})")]
    Damaged { path: PathBuf, detail: String },
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// `operation` refused for one reason.
    pub(crate) fn refused(operation: StoreOperation, problem: impl Into<Problem>) -> Self {
        Self::Refused(Refusal::one(Subject::Store(operation), problem.into()))
    }

    /// `operation` refused for every one of `problems`.
    pub(crate) fn refused_all(operation: StoreOperation, problems: Vec<Problem>) -> Self {
        Self::Refused(Refusal::new(Subject::Store(operation), problems))
    }

    /// `operation` refused for every one of `problems`, if there is any.
    pub(crate) fn refused_for(
        operation: StoreOperation,
        problems: Vec<Problem>,
    ) -> StoreResult<()> {
        match problems.is_empty() {
            true => Ok(()),
            false => Err(Self::refused_all(operation, problems)),
        }
    }
}

/// A change a frozen round no longer takes ([`StoreError::Frozen`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrozenChange {
    MemberKey,
}

impl std::fmt::Display for FrozenChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::MemberKey => "registering a member's key",
        })
    }
}

/// What [`StoreError::Serialise`] was writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    CriteriaSheet,
    Sheet,
    Result,
    Tally,
    DossierFacts,
    SelfAssessment,
    FileCriteria,
}

impl std::fmt::Display for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::CriteriaSheet => "a criteria sheet",
            Self::Sheet => "a sheet",
            Self::Result => "a result",
            Self::Tally => "a tally",
            Self::DossierFacts => "dossier facts",
            Self::SelfAssessment => "a self-assessment",
            Self::FileCriteria => "criteria",
        })
    }
}

impl Record {
    /// serde_json's error writing this record, as a store error.
    pub(crate) fn failed(self) -> impl FnOnce(serde_json::Error) -> StoreError {
        move |source| StoreError::Serialise { what: self, source }
    }
}

/// An open database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Parsed criteria snapshots by content hash (they never change).
    sheet_cache: snapshots::SheetCache,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and migrates it.
    pub fn open(data_dir: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::Open {
            path: data_dir.to_path_buf(),
            source: rusqlite::Error::InvalidPath(PathBuf::from(e.to_string())),
        })?;
        let path = data_dir.join(DATABASE_FILE);
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        Self::setup(conn, Some(path))
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> StoreResult<Self> {
        Self::setup(Connection::open_in_memory()?, None)
    }

    fn setup(mut conn: Connection, path: Option<PathBuf>) -> StoreResult<Self> {
        let damaged = |e| backup::classify_open_error(path.as_deref(), e);
        conn.busy_timeout(Duration::from_secs(5))?;
        if let Some(path) = &path {
            // Before anything reads the schema: a damaged file is named as such (and the
            // app offers a backup) instead of failing later on every command.
            backup::quick_check_on_open(&conn, path)?;
        }
        // WAL lets a second reader (another window, the CLI) read while we write.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(damaged)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // FULL: each commit is fsynced to the WAL before it returns, so an answer shown
        // as saved survives a power cut (NORMAL may lose the last commits; README).
        conn.pragma_update(None, "synchronous", "FULL")?;
        if let Some(path) = &path {
            backup::backup_before_migration(&conn, path)?;
        }
        migrations::migrate(&mut conn)?;
        let sheet_cache = snapshots::SheetCache::default();
        // Stored results a migrated database lacks (schema 10's tallies). Only a
        // speed-up: reading a round without them recomputes it from the sheets, so a
        // failure here (another writer holding the lock) must not stop the opening.
        let _refilled = results_stored::refill_stale(&mut conn, &sheet_cache);
        Ok(Self {
            conn,
            path,
            sheet_cache,
        })
    }

    /// The database file, or `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the database holds no round at all (a new installation).
    pub fn is_empty(&self) -> StoreResult<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM rounds", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Direct access for tests that must prove the store's own guards (triggers).
    #[doc(hidden)]
    pub fn raw_connection(&self) -> &Connection {
        &self.conn
    }
}

/// Starts a write transaction. IMMEDIATE takes the write lock up front, so two
/// writers queue on the busy timeout instead of failing halfway.
fn begin(conn: &mut Connection) -> StoreResult<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// Current time as stored: RFC 3339, UTC, seconds.
fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
