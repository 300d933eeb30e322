//! Putting a backup back: `ocop-council restore FILE` and the GUI's *Khôi phục*.
//!
//! 1. Nothing else may have the data folder open (the exclusive lock).
//! 2. FILE is copied beside the database and the copy checked: SQLite opens it, the
//!    full integrity check passes, its schema version is one this build knows
//!    (older ones are migrated on the next start, with a backup first). The
//!    user's file is never modified.
//! 3. The current database is backed up first (`before-restore`); when it is too
//!    damaged for SQLite to copy, its raw files are kept (`damaged`).
//! 4. The old -wal/-shm files go, the checked copy is renamed over the database,
//!    and the audit anchor is reset to the restored database.

use std::path::{Path, PathBuf};

use super::lock::{DataLock, LockError};
use super::{BackupReason, anchor, backup_folder};
use crate::files::FileError;
use crate::store::DATABASE_FILE;
use crate::store::backup::{
    DatabaseFacts, FileCheckProblem, backup_file_name, check_database_file, write_backup,
};

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error("cannot read the backup: {0}")]
    Source(#[from] FileError),
    #[error("{path} cannot be restored: {problem}")]
    Check {
        path: PathBuf,
        problem: FileCheckProblem,
    },
    #[error("{0}")]
    Io(String),
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    pub from: PathBuf,
    /// Where the database that was replaced went (None: there was none).
    pub previous: Option<PathBuf>,
    pub facts: DatabaseFacts,
}

fn io(what: &str, path: &Path) -> impl FnOnce(std::io::Error) -> RestoreError {
    let prefix = format!("{what} {}", path.display());
    move |e| RestoreError::Io(format!("{prefix}: {e}"))
}

/// Copies `source` beside the database and checks the copy; returns the copy's
/// path (the caller renames or removes it) and what it holds.
fn checked_copy(data_dir: &Path, source: &Path) -> Result<(PathBuf, DatabaseFacts), RestoreError> {
    let (mut input, _) = crate::files::open_input(source, u64::MAX)?;
    let copy = crate::files::temp_path_for(&data_dir.join(DATABASE_FILE));
    let result = (|| {
        let mut out = std::fs::File::create_new(&copy).map_err(io("cannot create", &copy))?;
        std::io::copy(&mut input, &mut out).map_err(io("cannot copy", source))?;
        out.sync_all().map_err(io("cannot write", &copy))?;
        drop(out);
        check_database_file(&copy).map_err(|problem| RestoreError::Check {
            path: source.to_path_buf(),
            problem,
        })
    })();
    match result {
        Ok(facts) => Ok((copy, facts)),
        Err(e) => {
            remove_with_sidecars(&copy);
            Err(e)
        }
    }
}

/// Checks `source` the way a restore would, leaving nothing behind.
pub fn check_copy(data_dir: &Path, source: &Path) -> Result<DatabaseFacts, RestoreError> {
    let (copy, facts) = checked_copy(data_dir, source)?;
    remove_with_sidecars(&copy);
    Ok(facts)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_with_sidecars(path: &Path) {
    for p in [
        path.to_path_buf(),
        sidecar(path, "-journal"),
        sidecar(path, "-wal"),
        sidecar(path, "-shm"),
    ] {
        std::fs::remove_file(p).ok();
    }
}

/// Keeps the database about to be replaced: an SQLite copy when it can be read,
/// its raw files otherwise.
fn keep_current(data_dir: &Path, db: &Path) -> Result<Option<PathBuf>, RestoreError> {
    if !db.exists() {
        return Ok(None);
    }
    let folder = backup_folder(data_dir);
    std::fs::create_dir_all(&folder).map_err(io("cannot create", &folder))?;
    let dest = folder.join(backup_file_name(&BackupReason::BeforeRestore.token()));
    let copied = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(crate::store::StoreError::from)
    .and_then(|conn| write_backup(&conn, &dest));
    if copied.is_ok() && check_database_file(&dest).is_ok() {
        return Ok(Some(dest));
    }
    std::fs::remove_file(&dest).ok();
    let raw = folder.join(backup_file_name("damaged"));
    std::fs::copy(db, &raw).map_err(io("cannot keep a copy of", db))?;
    let wal = sidecar(db, "-wal");
    if wal.exists() {
        std::fs::copy(&wal, sidecar(&raw, "-wal")).map_err(io("cannot keep a copy of", &wal))?;
    }
    crate::files::sync_folder(&folder);
    Ok(Some(raw))
}

/// Restores `source` into `data_dir` (see the module documentation).
pub fn restore(data_dir: &Path, source: &Path) -> Result<Restored, RestoreError> {
    if !data_dir.is_dir() {
        return Err(RestoreError::Io(format!(
            "the data folder {} does not exist",
            data_dir.display()
        )));
    }
    let _lock = DataLock::exclusive(data_dir)?;
    let (copy, facts) = checked_copy(data_dir, source)?;
    let db = data_dir.join(DATABASE_FILE);
    let result = (|| {
        let previous = keep_current(data_dir, &db)?;
        for suffix in ["-wal", "-shm", "-journal"] {
            let side = sidecar(&db, suffix);
            match std::fs::remove_file(&side) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io("cannot remove", &side)(e));
                }
                _ => {}
            }
        }
        crate::files::rename_into_place(&copy, &db).map_err(io("cannot replace", &db))?;
        anchor::reset(data_dir, facts.tip.as_ref())
            .map_err(io("cannot reset the anchor in", data_dir))?;
        Ok(previous)
    })();
    match result {
        Ok(previous) => Ok(Restored {
            from: source.to_path_buf(),
            previous,
            facts,
        }),
        Err(e) => {
            remove_with_sidecars(&copy);
            Err(e)
        }
    }
}
